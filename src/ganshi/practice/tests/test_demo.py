"""The demo's practice records: there, consistent with the reference date, no overlaps."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count

from ganshi.demo import loader
from ganshi.demo.county import CountySize
from ganshi.demo.timeline import REFERENCE_DATE
from ganshi.practice.choices import AssignmentStatus
from ganshi.practice.models import Assignment, AssignmentEvent, Batch, Evaluation
from ganshi.practice.selectors import ending_soon_q


@pytest.fixture
def small_demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return loader.load(scale=loader.COUNTY, seed=7, size=CountySize.small(cadres=600))


def test_the_demo_sends_cadres_in_every_programme(small_demo):
    # when
    kinds = dict(
        Assignment.objects.values_list("batch__programme__kind").annotate(count=Count("id"))
    )

    # then
    assert set(kinds) == {"front_line", "two_way", "shadowing", "secondment"}
    assert Batch.objects.filter(programme__code="secondment").count() == 8
    assert list(Batch.objects.order_by("year").values_list("year", flat=True).distinct()) == list(
        range(REFERENCE_DATE.year - 4, REFERENCE_DATE.year + 1)
    )


def test_the_demo_statuses_follow_the_reference_date(small_demo):
    # then
    assert not Assignment.objects.filter(
        status=AssignmentStatus.PLANNED, start__lte=REFERENCE_DATE
    ).exists()
    assert not Assignment.objects.filter(
        status=AssignmentStatus.COMPLETED, actual_end__gte=REFERENCE_DATE
    ).exists()
    assert not Assignment.objects.filter(
        status=AssignmentStatus.SERVING, planned_end__lt=REFERENCE_DATE
    ).exists()
    assert Assignment.objects.filter(ending_soon_q(REFERENCE_DATE)).exists()
    completed = Assignment.objects.filter(status=AssignmentStatus.COMPLETED)
    assert not completed.filter(outcome="").exists()
    assert Evaluation.objects.filter(stage="final").count() == completed.count()
    assert AssignmentEvent.objects.filter(to_status=AssignmentStatus.PLANNED).count() == (
        Assignment.objects.count()
    )


def test_no_cadre_serves_two_assignments_at_once(small_demo):
    # given
    periods: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
    for cadre, start, planned_end, actual_end in Assignment.objects.values_list(
        "cadre_id", "start", "planned_end", "actual_end"
    ):
        periods.setdefault(cadre, []).append((start, actual_end or planned_end))

    # then
    for spans in periods.values():
        spans.sort()
        assert all(earlier[1] < later[0] for earlier, later in zip(spans, spans[1:], strict=False))

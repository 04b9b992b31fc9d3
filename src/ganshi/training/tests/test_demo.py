"""The demo's training records: there, consistent with each other and the reference date."""

from __future__ import annotations

import pytest
from django.db.models import Count, F, Q, Sum

from ganshi.demo import loader
from ganshi.demo.county import CountySize
from ganshi.demo.timeline import REFERENCE_DATE
from ganshi.training.models import Attendance, Enrolment, Session, TrainingClass


@pytest.fixture
def small_demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return loader.load(scale=loader.COUNTY, seed=7, size=CountySize.small(cadres=600))


def test_the_demo_holds_every_kind_every_year(small_demo):
    # when
    per_year = dict(
        TrainingClass.objects.values_list("start_date__year").annotate(count=Count("id"))
    )
    kinds = set(TrainingClass.objects.values_list("kind__code", flat=True))
    # then
    assert per_year[2023] == per_year[2024] == per_year[2025] == 120
    assert kinds == {
        "main",
        "topical",
        "weekend",
        "revitalisation",
        "village_lectern",
        "secretary_lecture",
        "online",
        "video_venue",
    }


def test_the_demo_records_agree(small_demo):
    # then: sessions inside their class's dates, attendances on their session's date,
    # enrolment hours the sum of their attendances, nothing attended after the reference
    assert not Session.objects.filter(
        Q(date__lt=F("training_class__start_date")) | Q(date__gt=F("training_class__end_date"))
    ).exists()
    assert not Attendance.objects.exclude(date=F("session__date")).exists()
    assert not Attendance.objects.filter(date__gt=REFERENCE_DATE).exists()
    sums = dict(Attendance.objects.values_list("enrolment_id").annotate(total=Sum("credit_hours")))
    mismatched = [
        pk
        for pk, hours in Enrolment.objects.values_list("id", "attended_hours")
        if sums.get(pk, 0) != hours
    ]
    assert mismatched == []
    assert not Enrolment.objects.filter(
        status="completed", training_class__end_date__gt=REFERENCE_DATE
    ).exists()
    assert Attendance.objects.filter(status="present", method="").count() == 0

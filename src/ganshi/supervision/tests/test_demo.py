"""The demo's supervision records: every state, the seeds' figures, encrypted at rest."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count

from ganshi.demo import loader
from ganshi.demo.county import CountySize
from ganshi.demo.timeline import REFERENCE_DATE
from ganshi.supervision.choices import CaseStatus, DocumentStatus, LeniencyDecision
from ganshi.supervision.models import (
    Exoneration,
    LeniencyCase,
    OfficeMember,
    Report,
    ReportEvent,
    Talk,
    TravelDocument,
)


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return loader.load(scale=loader.COUNTY, seed=7, size=CountySize.small(cadres=1500))


pytestmark = pytest.mark.usefixtures("demo")


@pytest.mark.django_db
def test_cases_in_every_state_with_their_events():
    # then
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == {
        CaseStatus.REGISTERED,
        CaseStatus.ACCEPTED,
        CaseStatus.REJECTED,
        CaseStatus.PRELIMINARY_CHECK,
        CaseStatus.TALK_OR_LETTER,
        CaseStatus.CASE_FILING,
        CaseStatus.CLOSING,
        CaseStatus.EXONERATION,
        CaseStatus.CONCLUDED,
    }
    without_events = Report.objects.annotate(n=Count("events")).filter(n=0).count()
    assert without_events == 0
    assert not Report.objects.filter(received_on__gt=REFERENCE_DATE).exists()
    assert not ReportEvent.objects.filter(created_at__date__gt=REFERENCE_DATE).exists()
    assert OfficeMember.objects.filter(user__username="jiwei", role="supervisor").exists()


@pytest.mark.django_db
def test_the_seeds_figures():
    # then
    assert Exoneration.objects.values("cadre_id").distinct().count() <= 19
    assert Exoneration.objects.count() >= 10
    decisions = dict(
        LeniencyCase.objects.values_list("decision")
        .annotate(n=Count("id"))
        .values_list("decision", "n")
    )
    assert decisions[LeniencyDecision.EXEMPTION] == 4
    assert decisions[LeniencyDecision.MITIGATION] == 8
    assert LeniencyCase.objects.filter(cleared_for_commendation=True).count() == 15
    per_year = Talk.objects.filter(held_on__year=REFERENCE_DATE.year - 1).count()
    assert 40 <= per_year <= 90  # a county of 1,500 cadres: about 30% of "200多人次"
    assert TravelDocument.objects.filter(status=DocumentStatus.IN_CUSTODY).exists()
    assert TravelDocument.objects.filter(status=DocumentStatus.ON_LOAN).exists()


@pytest.mark.django_db
def test_demo_reports_are_encrypted_at_rest():
    # given
    report = Report.objects.exclude(reporter_name="").first()
    # when
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content, reporter_name FROM supervision_report WHERE id = %s", [report.pk]
        )
        content, name = cursor.fetchone()
    # then
    assert report.reporter_name and name != report.reporter_name
    assert content.startswith("gAAAA")

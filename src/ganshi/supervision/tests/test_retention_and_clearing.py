"""Retention (tombstones), false-accusation findings, name clearing and its effect."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from ganshi.audit.models import AuditEvent
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.supervision import services
from ganshi.supervision.choices import CaseStatus, PublicityScope
from ganshi.supervision.models import (
    Exoneration,
    FalseAccusationFinding,
    FalseAccusationSituation,
    Report,
    ReportAttachment,
    SupervisionSettings,
)
from ganshi.supervision.selectors import cadre_adverse_marks, cadre_is_cleared
from ganshi.supervision.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _named_report_with_attachment() -> tuple[Report, str]:
    return services.report_submit(
        data={
            "content": "反映问题",
            "subject_name": "李四",
            "is_anonymous": False,
            "reporter_name": "王五",
            "reporter_contact": "13800000000",
        },
        uploads=[services.Upload(name="a.pdf", content=PDF)],
    )


def test_retention_destroys_identity_and_attachments_leaving_a_tombstone(
    django_capture_on_commit_callbacks,
):
    # given: closed six years ago; the county keeps five years
    report, code = _named_report_with_attachment()
    stored = Path(settings.MEDIA_ROOT, report.attachments.get().stored.name)
    Report.objects.filter(pk=report.pk).update(
        status=CaseStatus.CONCLUDED, closed_at=timezone.now() - datetime.timedelta(days=6 * 365)
    )
    recent = ReportFactory(status=CaseStatus.CONCLUDED, closed_at=timezone.now())
    assert stored.exists()
    # when
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("supervision_destroy_expired", stdout=output)
    # then
    assert output.getvalue() == "1 case(s) reduced to a tombstone.\n"
    report.refresh_from_db()
    assert (report.reporter_name, report.reporter_contact, report.receipt_hash) == ("", "", None)
    assert report.destroyed_at is not None
    assert report.content == "反映问题"
    assert ReportAttachment.objects.count() == 0
    assert not stored.exists()
    tombstone = AuditEvent.objects.filter(
        object_type="supervision.report", object_id=str(report.pk), action="delete"
    ).get()
    assert tombstone.actor_name == "system"
    assert tombstone.after["tombstone"] is True
    assert tombstone.after["attachments_destroyed"] == 1
    recent.refresh_from_db()
    assert recent.destroyed_at is None
    # the receipt code no longer finds the report
    from ganshi.supervision.selectors import report_by_receipt

    assert report_by_receipt(code) is None


def test_retention_follows_the_county_parameter():
    # given
    SupervisionSettings.objects.filter(pk=1).update(retention_days=10)
    report = ReportFactory(
        status=CaseStatus.REJECTED, closed_at=timezone.now() - datetime.timedelta(days=11)
    )
    open_case = ReportFactory(status=CaseStatus.PRELIMINARY_CHECK)
    # when
    count = services.reports_destroy_expired()
    # then
    assert count == 1
    report.refresh_from_db()
    open_case.refresh_from_db()
    assert report.destroyed_at is not None
    assert open_case.destroyed_at is None


def test_the_nine_situations_are_seeded():
    # then
    assert FalseAccusationSituation.objects.count() == 9
    assert FalseAccusationSituation.objects.first().name == "捏造事实，凭空编造违纪违法问题进行举报"


def test_a_false_accusation_finding_needs_a_cleared_case(handler):
    # given
    report = ReportFactory(
        status=CaseStatus.CLOSING, outcome=CaseStatus.CLOSING, handlers=[handler]
    )
    situation = FalseAccusationSituation.objects.first()
    # when
    with pytest.raises(ValidationError) as refused:
        services.false_accusation_record(
            actor=handler,
            report=report,
            situation=situation,
            facts="",
            referred_to="",
            referred_on=None,
        )
    # then
    assert refused.value.message_dict == {
        "facts": ["请填写查明的事实。"],
        "referred_to": ["请填写移送单位。"],
        "referred_on": ["请填写移送日期。"],
        "situation": ["只有经查不实（已澄清正名）的举报才能认定为诬告陷害。"],
    }
    assert FalseAccusationFinding.objects.count() == 0


def test_a_false_accusation_finding_with_referral(handler):
    # given
    report = ReportFactory(
        status=CaseStatus.EXONERATION, outcome=CaseStatus.EXONERATION, handlers=[handler]
    )
    situation = FalseAccusationSituation.objects.get(code="forged_evidence")
    # when
    finding = services.false_accusation_record(
        actor=handler,
        report=report,
        situation=situation,
        facts="举报人伪造了转账记录",
        referred_to="县公安局",
        referred_on=datetime.date(2026, 4, 1),
    )
    # then
    assert (finding.situation, finding.referred_to, finding.created_by) == (
        situation,
        "县公安局",
        handler,
    )


def test_clearing_a_name_removes_the_adverse_mark(handler, county):
    # given: two reports about 李四; one ended in a letter, the other was found untrue
    cadre = CadreFactory(name="李四", unit=county["town1"])
    letter = ReportFactory(
        subject_cadre=cadre,
        status=CaseStatus.CONCLUDED,
        outcome=CaseStatus.TALK_OR_LETTER,
        handlers=[handler],
    )
    untrue = ReportFactory(
        subject_cadre=cadre,
        status=CaseStatus.CONCLUDED,
        outcome=CaseStatus.TALK_OR_LETTER,
        handlers=[handler],
    )
    assert cadre_adverse_marks(cadre) == [untrue, letter]
    Report.objects.filter(pk=untrue.pk).update(outcome=CaseStatus.EXONERATION)
    untrue.refresh_from_db()
    # when
    services.exoneration_create(
        actor=handler,
        report=untrue,
        cadre=cadre,
        decision="经核查，反映问题不属实，予以澄清。",
        publicity_scope=PublicityScope.MEETING,
        decided_on=datetime.date(2026, 5, 6),
    )
    # then
    assert cadre_is_cleared(cadre, untrue) is True
    assert cadre_is_cleared(cadre, letter) is False
    assert cadre_adverse_marks(cadre) == [letter]


def test_a_name_is_cleared_only_when_the_case_found_it_untrue(handler, county):
    # given
    cadre = CadreFactory(name="李四", unit=county["town1"])
    report = ReportFactory(subject_cadre=cadre, outcome=CaseStatus.CASE_FILING, handlers=[handler])
    # when
    with pytest.raises(ValidationError) as refused:
        services.exoneration_create(
            actor=handler,
            report=report,
            cadre=cadre,
            decision="x",
            publicity_scope="everywhere",
            decided_on=None,
        )
    # then
    assert refused.value.message_dict == {
        "publicity_scope": ["请选择澄清方式。"],
        "decided_on": ["请填写决定日期。"],
        "decision": ["只有初核结果为澄清正名的案件才能为干部澄清正名。"],
    }
    assert Exoneration.objects.count() == 0


def test_the_statement_as_docx_and_pdf(client, handler, county):
    # given
    cadre = CadreFactory(name="李四", unit=county["town1"])
    report = ReportFactory(subject_cadre=cadre, outcome=CaseStatus.EXONERATION, handlers=[handler])
    with transaction.atomic():
        exoneration = services.exoneration_create(
            actor=handler,
            report=report,
            cadre=cadre,
            decision="反映问题不属实，予以澄清正名。",
            publicity_scope=PublicityScope.WRITTEN_NOTICE,
            decided_on=datetime.date(2026, 5, 6),
        )
    client.force_login(handler)
    # when
    page = client.get(f"/supervision/clearing/{exoneration.pk}/")
    docx = client.get(f"/supervision/clearing/{exoneration.pk}/statement.docx")
    pdf = client.get(f"/supervision/clearing/{exoneration.pk}/statement.pdf")
    other = client.get(f"/supervision/clearing/{exoneration.pk}/statement.exe")
    # then
    assert page.status_code == 200
    assert "无：已澄清的举报不留任何不利记载。" in page.content.decode()
    assert docx.content[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "澄清正名通知书" in text
    assert "反映李四同志的有关问题" in text
    assert "2026年05月06日" in text
    assert pdf.content.startswith(b"%PDF")
    assert other.status_code == 404


def test_clearing_pages_are_closed_to_township_staff(client, town1_staff):
    # given
    client.force_login(town1_staff)
    # when / then
    assert client.get("/supervision/clearing/").status_code == 403


def test_office_roles_are_granted_and_revoked_by_command(handler, town1_staff):
    # given
    from django.core.management.base import CommandError

    from ganshi.supervision.access import is_supervisor
    from ganshi.supervision.models import OfficeMember

    # when
    call_command("supervision_office", "grant", "jw_handler", "supervisor", stdout=io.StringIO())
    # then
    assert list(OfficeMember.objects.values_list("user__username", "role")) == [
        ("jw_handler", "supervisor")
    ]
    handler.refresh_from_db()
    assert is_supervisor(handler) is True
    assert AuditEvent.objects.filter(object_type="supervision.officemember").count() == 1
    # when / then: a township clerk cannot be made supervisor
    with pytest.raises(CommandError):
        call_command("supervision_office", "grant", "town1", "supervisor")
    # when
    call_command("supervision_office", "revoke", "jw_handler", "supervisor", stdout=io.StringIO())
    # then
    assert OfficeMember.objects.count() == 0
    assert AuditEvent.objects.filter(object_type="supervision.officemember").count() == 2

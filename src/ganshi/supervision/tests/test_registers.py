"""Fault tolerance, talks, travel documents and family supervision: services and rules."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from ganshi.audit.models import AuditEvent
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.orgs.models import LeadershipLevel
from ganshi.supervision import selectors, services
from ganshi.supervision.choices import (
    DocumentStatus,
    LeniencyDecision,
    LeniencyStatus,
    LoanStatus,
    TalkKind,
)
from ganshi.supervision.models import (
    DocumentLoan,
    DocumentLoanEvent,
    LeniencyCase,
    LeniencyCriterion,
    LeniencyEvent,
    Talk,
    TravelDocument,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def cadre(county):
    return CadreFactory(name="黄丽", unit=county["town1"])


def _apply(actor, cadre) -> LeniencyCase:
    return services.leniency_apply(
        actor=actor,
        data={
            "cadre": cadre,
            "applicant_kind": "unit",
            "matter": "在产业园区征地中先行先试，程序瑕疵",
            "applied_on": TODAY - 30 * DAY,
        },
    )


# --- fault tolerance ----------------------------------------------------------------------


def test_fault_tolerance_from_application_to_exemption(handler, cadre):
    # given
    case = _apply(handler, cadre)
    criteria = list(LeniencyCriterion.objects.filter(code__startswith="distinguish_"))
    # when
    services.leniency_investigate(actor=handler, case_id=case.pk, comment="成立调查组")
    services.leniency_decide(
        actor=handler,
        case_id=case.pk,
        data={
            "decision": LeniencyDecision.EXEMPTION,
            "findings": "属于探索性失误，未谋私利",
            "reasons": "符合三个区分开来",
            "decided_on": TODAY,
            "criteria_met": criteria,
            "remains_eligible_for_promotion": True,
            "cleared_for_commendation": True,
        },
    )
    # then
    case.refresh_from_db()
    assert (case.status, case.decision, case.remains_eligible_for_promotion) == (
        LeniencyStatus.DECIDED,
        LeniencyDecision.EXEMPTION,
        True,
    )
    assert sorted(c.code for c in case.criteria_met.all()) == [
        "distinguish_experiment",
        "distinguish_inexperience",
        "distinguish_public_interest",
    ]
    assert list(case.events.values_list("from_status", "to_status")) == [
        ("", LeniencyStatus.APPLIED),
        (LeniencyStatus.APPLIED, LeniencyStatus.INVESTIGATING),
        (LeniencyStatus.INVESTIGATING, LeniencyStatus.DECIDED),
    ]


def test_a_decision_before_the_investigation_is_refused(handler, cadre):
    # given
    case = _apply(handler, cadre)
    events, audit = LeniencyEvent.objects.count(), AuditEvent.objects.count()
    # when
    with pytest.raises(ValidationError) as refused:
        services.leniency_decide(
            actor=handler,
            case_id=case.pk,
            data={
                "decision": LeniencyDecision.REFUSED,
                "findings": "x",
                "reasons": "y",
                "decided_on": TODAY,
            },
        )
    # then
    assert refused.value.message_dict == {"action": ["处于“已申请”状态的案件不能转为“已决定”。"]}
    case.refresh_from_db()
    assert (case.status, case.decision) == (LeniencyStatus.APPLIED, "")
    assert (LeniencyEvent.objects.count(), AuditEvent.objects.count()) == (events, audit)


def test_tolerance_needs_a_criterion_and_refusal_keeps_no_eligibility(handler, cadre):
    # given
    case = _apply(handler, cadre)
    services.leniency_investigate(actor=handler, case_id=case.pk)
    # when
    with pytest.raises(ValidationError) as tolerated:
        services.leniency_decide(
            actor=handler,
            case_id=case.pk,
            data={"decision": "lighter", "findings": "x", "reasons": "y", "decided_on": TODAY},
        )
    with pytest.raises(ValidationError) as refused:
        services.leniency_decide(
            actor=handler,
            case_id=case.pk,
            data={
                "decision": "refused",
                "findings": "",
                "reasons": "y",
                "decided_on": None,
                "remains_eligible_for_promotion": True,
            },
        )
    # then
    assert tolerated.value.message_dict == {"criteria_met": ["容错须至少符合一项认定条件。"]}
    assert refused.value.message_dict == {
        "findings": ["请填写调查核实情况。"],
        "decided_on": ["请填写决定日期。"],
        "decision": ["不予容错的，不保留提拔使用等资格。"],
    }
    case.refresh_from_db()
    assert case.status == LeniencyStatus.INVESTIGATING


def test_a_cadre_outside_the_scope_cannot_be_named(town1_handler, county):
    # given
    outsider = CadreFactory(name="覃海", unit=county["town2"])
    # when
    with pytest.raises(ValidationError) as refused:
        _apply(town1_handler, outsider)
    # then
    assert refused.value.message_dict == {"cadre": ["该干部不存在或不在您的管理范围内。"]}
    assert LeniencyCase.objects.count() == 0


def test_the_neighbouring_township_sees_no_case(town1_handler, handler, county):
    # given
    case = _apply(handler, CadreFactory(name="覃海", unit=county["town2"]))
    # when / then
    assert selectors.leniency_page(actor=town1_handler).items == []
    with pytest.raises(Http404):
        selectors.leniency_get(actor=town1_handler, pk=case.pk)
    with pytest.raises(Http404):
        services.leniency_investigate(actor=town1_handler, case_id=case.pk)
    case.refresh_from_db()
    assert case.status == LeniencyStatus.APPLIED


# --- talks and the admonition rule --------------------------------------------------------


def _talk(actor, cadre, kind, held_on) -> Talk:
    return services.talk_create(
        actor=actor,
        data={
            "cadre": cadre,
            "kind": kind,
            "held_by": "县纪委副书记",
            "held_on": held_on,
            "reason": "群众反映工作作风问题",
            "summary": "本人作了说明",
        },
    )


def test_an_admonition_bars_promotion_for_the_county_period(handler, cadre):
    # given
    _talk(handler, cadre, TalkKind.ADMONITION, TODAY - 60 * DAY)
    _talk(handler, cadre, TalkKind.REMINDER, TODAY - 10 * DAY)
    # when
    result = selectors.cadre_promotion_bar(cadre, at=TODAY)
    # then
    assert result.allowed is False
    assert result.until is not None
    assert result.source == "《关于对党员领导干部进行诫勉的规定》"


def test_a_reminder_talk_does_not_bar_promotion(handler, cadre):
    # given
    _talk(handler, cadre, TalkKind.REMINDER, TODAY - 10 * DAY)
    # when / then
    assert selectors.cadre_promotion_bar(cadre, at=TODAY).allowed is True


def test_tolerance_with_continued_eligibility_lifts_the_bar(handler, cadre):
    # given
    _talk(handler, cadre, TalkKind.ADMONITION, TODAY - 60 * DAY)
    case = _apply(handler, cadre)
    services.leniency_investigate(actor=handler, case_id=case.pk)
    services.leniency_decide(
        actor=handler,
        case_id=case.pk,
        data={
            "decision": "mitigation",
            "findings": "x",
            "reasons": "y",
            "decided_on": TODAY - 20 * DAY,
            "criteria_met": [LeniencyCriterion.objects.first()],
            "remains_eligible_for_promotion": True,
        },
    )
    # when
    result = selectors.cadre_promotion_bar(cadre, at=TODAY)
    # then
    assert result.allowed is True
    assert result.text.endswith("；经容错认定，不影响提拔使用")


def test_a_talk_names_every_missing_field(handler):
    # when
    with pytest.raises(ValidationError) as refused:
        services.talk_create(actor=handler, data={"kind": "gossip", "held_on": TODAY + DAY})
    # then
    assert refused.value.message_dict == {
        "cadre": ["请选择干部。"],
        "kind": ["请选择谈话类型。"],
        "held_by": ["请填写谈话人。"],
        "held_on": ["日期不能晚于今天。"],
        "reason": ["请填写事由。"],
    }
    assert Talk.objects.count() == 0


def test_only_an_inquiry_letter_takes_a_reply(handler, cadre):
    # given
    letter = _talk(handler, cadre, TalkKind.INQUIRY_LETTER, TODAY - 20 * DAY)
    talk = _talk(handler, cadre, TalkKind.HEART_TO_HEART, TODAY - 20 * DAY)
    # when
    services.talk_record_reply(
        actor=handler, talk=letter, reply="所反映问题不属实", replied_on=TODAY - 5 * DAY
    )
    with pytest.raises(ValidationError) as refused:
        services.talk_record_reply(actor=handler, talk=talk, reply="x", replied_on=TODAY)
    # then
    letter.refresh_from_db()
    talk.refresh_from_db()
    assert (letter.reply, letter.replied_on) == ("所反映问题不属实", TODAY - 5 * DAY)
    assert refused.value.message_dict == {"reply": ["只有函询才有回复。"]}
    assert talk.reply == ""


def test_talk_counts_by_kind(handler, town1_handler, cadre, county):
    # given
    _talk(handler, cadre, TalkKind.HEART_TO_HEART, TODAY - DAY)
    _talk(handler, cadre, TalkKind.HEART_TO_HEART, TODAY - DAY)
    _talk(handler, CadreFactory(name="覃海", unit=county["town2"]), TalkKind.REMINDER, TODAY)
    # when / then
    assert selectors.talk_counts(actor=handler) == {"heart_to_heart": 2, "reminder": 1}
    assert selectors.talk_counts(actor=town1_handler) == {"heart_to_heart": 2}


# --- travel documents ---------------------------------------------------------------------


def _document(actor, cadre, *, number="E12345678", deposit=True) -> TravelDocument:
    return services.document_register(
        actor=actor,
        data={
            "cadre": cadre,
            "kind": "passport",
            "number": number,
            "issued_on": TODAY - 365 * DAY,
            "expires_on": TODAY + 9 * 365 * DAY,
            "deposit": deposit,
        },
    )


def test_the_document_number_is_encrypted_and_unique(handler, cadre):
    # given
    from django.db import connection

    document = _document(handler, cadre)
    # when
    with pytest.raises(ValidationError) as refused:
        _document(handler, cadre, number="e1234 5678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT number, number_hash FROM supervision_traveldocument")
        stored = cursor.fetchone()
    # then
    assert refused.value.message_dict == {"number": ["该号码的证件已登记。"]}
    assert "E12345678" not in stored[0] and "E12345678" not in stored[1]
    assert TravelDocument.objects.get(pk=document.pk).number == "E12345678"


def test_borrow_approve_lend_return(handler, supervisor, cadre):
    # given
    document = _document(handler, cadre)
    # when
    loan = services.loan_request(
        actor=handler, document_id=document.pk, purpose="赴香港考察招商", due_on=TODAY + 10 * DAY
    )
    services.loan_approve(actor=supervisor, loan_id=loan.pk)
    services.loan_lend(actor=handler, loan_id=loan.pk)
    document.refresh_from_db()
    on_loan = document.status
    services.loan_return(actor=handler, loan_id=loan.pk)
    # then
    loan.refresh_from_db()
    document.refresh_from_db()
    assert (on_loan, document.status) == (DocumentStatus.ON_LOAN, DocumentStatus.IN_CUSTODY)
    assert (loan.status, loan.lent_on, loan.returned_on) == (LoanStatus.RETURNED, TODAY, TODAY)
    assert list(loan.events.values_list("to_status", flat=True)) == [
        "requested",
        "approved",
        "lent",
        "returned",
    ]


def test_loan_refusals_write_nothing(handler, supervisor, cadre):
    # given
    held = _document(handler, cadre, number="K1", deposit=False)
    document = _document(handler, cadre, number="K2")
    loan = services.loan_request(
        actor=handler, document_id=document.pk, purpose="赴澳门", due_on=TODAY + DAY
    )
    loans, events = DocumentLoan.objects.count(), DocumentLoanEvent.objects.count()
    # when / then: a document not in custody
    with pytest.raises(ValidationError) as not_in_custody:
        services.loan_request(actor=handler, document_id=held.pk, purpose="x", due_on=TODAY)
    # when / then: lending before approval
    with pytest.raises(ValidationError) as too_early:
        services.loan_lend(actor=handler, loan_id=loan.pk)
    # when / then: approving one's own request
    with pytest.raises(ValidationError) as own:
        services.loan_approve(actor=handler, loan_id=loan.pk)
    assert not_in_custody.value.message_dict == {"document": ["只有集中保管的证件才能借出。"]}
    assert too_early.value.message_dict == {"action": ["处于“已申请”状态的借用不能转为“已借出”。"]}
    assert own.value.message_dict == {"action": ["借用申请须由他人审批。"]}
    loan.refresh_from_db()
    document.refresh_from_db()
    assert (loan.status, document.status) == (LoanStatus.REQUESTED, DocumentStatus.IN_CUSTODY)
    assert (DocumentLoan.objects.count(), DocumentLoanEvent.objects.count()) == (loans, events)


def test_overdue_and_the_custody_review(handler, supervisor, county):
    # given: a township head who keeps a passport, another whose loan is overdue, a clerk
    head = CadreFactory(
        name="韦强", unit=county["town1"], leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
    )
    deputy = CadreFactory(
        name="陆芳", unit=county["town2"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY
    )
    clerk = CadreFactory(name="农军", unit=county["town1"])
    _document(handler, head, number="P1", deposit=False)
    _document(handler, clerk, number="P2", deposit=False)
    lent = _document(handler, deputy, number="P3")
    loan = services.loan_request(
        actor=handler, document_id=lent.pk, purpose="出境旅游", due_on=TODAY + DAY
    )
    services.loan_approve(actor=supervisor, loan_id=loan.pk)
    services.loan_lend(actor=handler, loan_id=loan.pk)
    DocumentLoan.objects.filter(pk=loan.pk).update(due_on=TODAY - 3 * DAY)
    # when
    review = selectors.custody_review(actor=handler)
    overdue = selectors.overdue_loans(actor=handler)
    # then
    assert [(c.name, c.undeposited, c.overdue) for c in review] == [
        ("韦强", 1, 0),
        ("陆芳", 0, 1),
    ]
    assert [item.pk for item in overdue] == [loan.pk]


# --- family supervision -------------------------------------------------------------------


def test_family_supervisors_and_activities_are_counted(handler, cadre, county):
    # given
    supervisor = services.family_supervisor_create(
        actor=handler,
        data={"cadre": cadre, "name": "黄母", "relation": "母亲", "appointed_on": TODAY},
    )
    # when
    services.family_activity_create(
        actor=handler,
        data={
            "kind": "education",
            "title": "家庭助廉座谈会",
            "held_on": TODAY,
            "unit": county["town1"],
            "supervisors": [supervisor],
        },
    )
    # then
    assert selectors.family_counts(actor=handler) == {"education": 1, "supervisors": 1}
    page = selectors.family_supervisor_page(actor=handler)
    assert [(item.name, item.activity_count) for item in page.items] == [("黄母", 1)]

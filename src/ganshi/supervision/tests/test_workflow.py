"""The case workflow: every move, each illegal move (nothing written), who may move."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from ganshi.audit.models import AuditEvent
from ganshi.supervision import services
from ganshi.supervision.choices import TRANSITIONS, CaseStatus, Transition
from ganshi.supervision.models import Report, ReportEvent
from ganshi.supervision.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def _state(report: Report) -> tuple:
    report.refresh_from_db()
    return (
        report.status,
        report.outcome,
        report.closed_at,
        ReportEvent.objects.filter(report=report).count(),
        AuditEvent.objects.count(),
    )


def test_the_happy_path_from_registration_to_conclusion(supervisor, handler):
    # given
    report = ReportFactory()
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    # when
    services.report_accept(actor=supervisor, report_id=report.pk, comment="属于受理范围")
    services.report_start_check(
        actor=supervisor, report_id=report.pk, handlers=[handler], deadline=deadline
    )
    services.report_close(actor=handler, report_id=report.pk, comment="反映问题不具体")
    services.report_conclude(actor=supervisor, report_id=report.pk)
    # then
    report.refresh_from_db()
    assert (report.status, report.outcome, report.check_deadline) == (
        CaseStatus.CONCLUDED,
        CaseStatus.CLOSING,
        deadline,
    )
    assert report.closed_at is not None
    assert list(report.handlers.all()) == [handler]
    assert list(report.events.values_list("from_status", "to_status", "comment", "actor")) == [
        (CaseStatus.REGISTERED, CaseStatus.ACCEPTED, "属于受理范围", supervisor.pk),
        (CaseStatus.ACCEPTED, CaseStatus.PRELIMINARY_CHECK, "", supervisor.pk),
        (CaseStatus.PRELIMINARY_CHECK, CaseStatus.CLOSING, "反映问题不具体", handler.pk),
        (CaseStatus.CLOSING, CaseStatus.CONCLUDED, "", supervisor.pk),
    ]


@pytest.mark.parametrize(
    ("action", "target"),
    [
        (Transition.TALK, CaseStatus.TALK_OR_LETTER),
        (Transition.FILE_CASE, CaseStatus.CASE_FILING),
        (Transition.CLOSE, CaseStatus.CLOSING),
        (Transition.EXONERATE, CaseStatus.EXONERATION),
    ],
)
def test_each_outcome_of_a_check(handler, action, target):
    # given
    report = ReportFactory(status=CaseStatus.PRELIMINARY_CHECK, handlers=[handler])
    # when
    services.TRANSITION_SERVICES[action](actor=handler, report_id=report.pk, comment="")
    # then
    report.refresh_from_db()
    assert (report.status, report.outcome) == (target, target)
    assert report.events.get().to_status == target


def test_the_default_deadline_is_the_county_check_period(supervisor, handler):
    # given
    report = ReportFactory(status=CaseStatus.ACCEPTED)
    # when
    services.report_start_check(
        actor=supervisor, report_id=report.pk, handlers=[handler], deadline=None
    )
    # then
    report.refresh_from_db()
    assert report.check_deadline == timezone.localdate() + datetime.timedelta(days=30)


def test_rejecting_needs_a_reason_and_closes_the_case(supervisor):
    # given
    report = ReportFactory()
    before = _state(report)
    # when
    with pytest.raises(ValidationError) as refused:
        services.report_reject(actor=supervisor, report_id=report.pk, comment=" ")
    # then
    assert refused.value.message_dict == {"comment": ["请说明不予受理的理由。"]}
    assert _state(report) == before
    # when
    services.report_reject(actor=supervisor, report_id=report.pk, comment="不属于受理范围")
    # then
    report.refresh_from_db()
    assert report.status == CaseStatus.REJECTED
    assert report.closed_at is not None


ILLEGAL = [
    (status, action)
    for status in CaseStatus.values
    for action, (sources, _target) in TRANSITIONS.items()
    if status not in sources and action != Transition.REJECT
]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_an_illegal_move_is_refused_and_writes_nothing(supervisor, handler, status, action):
    # given
    report = ReportFactory(status=status, handlers=[handler])
    before = _state(report)
    # when
    with pytest.raises(ValidationError) as refused:
        if action == Transition.START_CHECK:
            services.report_start_check(
                actor=supervisor, report_id=report.pk, handlers=[handler], deadline=None
            )
        else:
            services.TRANSITION_SERVICES[action](actor=supervisor, report_id=report.pk)
    # then
    assert refused.value.message_dict["action"][0].startswith(
        f"处于“{CaseStatus(status).label}”状态的案件不能转为"
    )
    assert _state(report) == before
    assert list(report.handlers.all()) == [handler]


def test_start_check_without_handlers_writes_nothing(supervisor):
    # given
    report = ReportFactory(status=CaseStatus.ACCEPTED)
    before = _state(report)
    # when
    with pytest.raises(ValidationError) as refused:
        services.report_start_check(
            actor=supervisor,
            report_id=report.pk,
            handlers=[],
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
    # then
    assert refused.value.message_dict == {
        "handlers": ["请至少指派一名承办人。"],
        "deadline": ["初核期限不能早于今天。"],
    }
    assert _state(report) == before


def test_a_handler_cannot_accept_or_conclude(handler):
    # given
    registered = ReportFactory(handlers=[handler])
    concluded_soon = ReportFactory(status=CaseStatus.CLOSING, handlers=[handler])
    before = (_state(registered), _state(concluded_soon))
    # when / then
    with pytest.raises(PermissionDenied):
        services.report_accept(actor=handler, report_id=registered.pk)
    with pytest.raises(PermissionDenied):
        services.report_conclude(actor=handler, report_id=concluded_soon.pk)
    assert (_state(registered), _state(concluded_soon)) == before


def test_a_handler_not_on_the_case_cannot_move_it(handler, other_handler):
    # given
    report = ReportFactory(status=CaseStatus.PRELIMINARY_CHECK, handlers=[handler])
    before = _state(report)
    # when / then
    with pytest.raises(Http404):
        services.report_close(actor=other_handler, report_id=report.pk)
    assert _state(report) == before

"""API of supervision under /api/v1/supervision/, with the pages' access rules: a case
answers 404 to anyone neither handling nor supervising it, every read of a case is
audited, bad input answers 422 naming every bad field and writes nothing.

The SMS gateway: the 12380 SMS platform posts each text to ``POST /sms`` as
``{"sender": "+86…", "text": "…"}`` with ``Authorization: Bearer <token>``, the token
of a user holding the office role ``gateway`` (an ``OfficeMember`` row; create the
token with ``ganshi token create USER``). The answer carries the receipt code to text
back to the sender; the code is not kept (only its keyed hash).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import Router, Schema

from ganshi.accounts.models import User
from ganshi.core.api_errors import (
    COMMON_RESPONSES,
    MAX_ID,
    ApiForbidden,
    DetailOut,
    ErrorsOut,
    FieldErrors,
    check_query_params,
    read_json_object,
)
from ganshi.supervision import access, selectors, services
from ganshi.supervision.choices import (
    OUTCOME_STATUSES,
    CaseStatus,
    Channel,
    Transition,
)
from ganshi.supervision.models import Report

router = Router(tags=["supervision"])

READ_RESPONSES = {404: DetailOut, 422: ErrorsOut, **COMMON_RESPONSES}
WRITE_RESPONSES = {400: ErrorsOut, 404: DetailOut, 413: ErrorsOut, 422: ErrorsOut, **COMMON_RESPONSES}  # fmt: skip


class CaseOut(Schema):
    id: int
    number: str
    channel: str
    status: str
    status_label: str
    outcome: str
    received_on: datetime.date
    subject_name: str
    subject_cadre: int | None
    check_deadline: datetime.date | None
    is_overdue: bool


class CasePage(Schema):
    items: list[CaseOut]
    next: str | None


class MessageOut(Schema):
    id: int
    from_reporter: bool
    author: str | None
    body: str
    created_at: datetime.datetime


class EventOut(Schema):
    actor: str | None
    from_status: str
    to_status: str
    comment: str
    created_at: datetime.datetime


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size_bytes: int


class CaseDetail(CaseOut):
    content: str
    subject_unit: str
    is_anonymous: bool
    has_sealed_identity: bool
    handlers: list[str]
    attachments: list[AttachmentOut]
    messages: list[MessageOut]
    events: list[EventOut]


class SmsOut(Schema):
    id: int
    number: str
    receipt_code: str


def _require_cases(request: HttpRequest):
    actor = request.auth
    if not access.can_use_cases(actor):
        raise ApiForbidden(pgettext("supervision", "Your role does not handle reports."))
    return actor


def _case_data(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "number": report.number,
        "channel": report.channel,
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "outcome": report.outcome,
        "received_on": report.received_on,
        "subject_name": report.subject_name,
        "subject_cadre": report.subject_cadre_id,
        "check_deadline": report.check_deadline,
        "is_overdue": bool(
            report.status == CaseStatus.PRELIMINARY_CHECK
            and report.check_deadline
            and report.check_deadline < datetime.date.today()  # noqa: DTZ011 - local date
        ),
    }


def _detail_data(report: Report) -> dict[str, Any]:
    related = selectors.report_detail_related(report)
    return {
        **_case_data(report),
        "content": report.content,
        "subject_unit": report.subject_unit,
        "is_anonymous": report.is_anonymous,
        "has_sealed_identity": report.has_identity,
        "handlers": [user.username for user in related["handlers"]],
        "attachments": [
            {
                "id": item.pk,
                "name": item.original_name,
                "content_type": item.content_type,
                "size_bytes": item.size_bytes,
            }
            for item in related["attachments"]
        ],
        "messages": [
            {
                "id": item.pk,
                "from_reporter": item.from_reporter,
                "author": item.author.username if item.author_id else None,
                "body": item.body,
                "created_at": item.created_at,
            }
            for item in related["thread"]
        ],
        "events": [
            {
                "actor": item.actor.username if item.actor_id else None,
                "from_status": item.from_status,
                "to_status": item.to_status,
                "comment": item.comment,
                "created_at": item.created_at,
            }
            for item in related["events"]
        ],
    }


def _text(data: dict, name: str, errors: FieldErrors, *, required: bool = False) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(name, _("Enter text."))
        return ""
    if required and not value.strip():
        errors.add(name, _("This field is required."))
    return value


@router.post("/sms", operation_id="supervision_sms", response={201: SmsOut, **WRITE_RESPONSES})
def sms(request: HttpRequest):
    """A text message to 12380 from the SMS gateway: ``{"sender", "text"}``."""
    actor = request.auth
    if not access.is_gateway(actor):
        raise ApiForbidden(pgettext("supervision", "Only the SMS gateway posts text messages."))
    data = read_json_object(request)
    errors = FieldErrors()
    for name in sorted(set(data) - {"sender", "text"}):
        errors.add(name, _("Unknown field."))
    sender = _text(data, "sender", errors)
    text = _text(data, "text", errors)
    try:
        report, code = services.report_from_sms(actor=actor, sender=sender, text=text)
    except ValidationError as error:
        errors.merge(error, skip=set(errors.by_field))
        raise errors.exception() from None
    errors.raise_if_any()
    return 201, {"id": report.pk, "number": report.number, "receipt_code": code}


@router.get("/cases", operation_id="supervision_cases", response={200: CasePage, **READ_RESPONSES})
def cases(request: HttpRequest):
    """The cases the actor handles (every case for a supervisor), newest first:
    ``{"items", "next"}``. Filters: ``status``, ``channel``, ``outcome``, ``overdue``
    (true); ``cursor``, ``limit`` (1–200)."""
    actor = _require_cases(request)
    check_query_params(request, {"status", "channel", "outcome", "overdue", "cursor", "limit"})
    errors = FieldErrors()
    status = request.GET.get("status", "")
    if status and status not in CaseStatus.values:
        errors.add(
            "status", _("Choose one of: %(choices)s.") % {"choices": ", ".join(CaseStatus.values)}
        )
    channel = request.GET.get("channel", "")
    if channel and channel not in Channel.values:
        errors.add(
            "channel", _("Choose one of: %(choices)s.") % {"choices": ", ".join(Channel.values)}
        )
    outcome = request.GET.get("outcome", "")
    if outcome and outcome not in OUTCOME_STATUSES:
        errors.add(
            "outcome", _("Choose one of: %(choices)s.") % {"choices": ", ".join(OUTCOME_STATUSES)}
        )
    overdue = request.GET.get("overdue", "")
    if overdue not in ("", "true", "false"):
        errors.add("overdue", _("Enter true or false."))
    limit = 50
    if "limit" in request.GET:
        raw = request.GET["limit"]
        if not raw.isdigit() or not 1 <= int(raw) <= 200:
            errors.add("limit", _("Enter a number no larger than %(limit)s.") % {"limit": 200})
        else:
            limit = int(raw)
    errors.raise_if_any()
    page = selectors.report_page(
        actor=actor,
        filters=selectors.ReportFilters(
            status=status, channel=channel, outcome=outcome, overdue=overdue == "true"
        ),
        cursor=request.GET.get("cursor") or None,
        size=limit,
    )
    return {"items": [_case_data(report) for report in page.items], "next": page.next_cursor}


def _get_case(actor, case_id: int) -> Report:
    if not 0 < case_id <= MAX_ID:
        raise Http404
    return selectors.report_get(actor=actor, pk=case_id)


@router.get(
    "/cases/{case_id}",
    operation_id="supervision_case",
    response={200: CaseDetail, **READ_RESPONSES},
)
def case(request: HttpRequest, case_id: int):
    """One case with its attachments (names), thread and history; the read is audited.
    The reporter's identity is never in it."""
    actor = _require_cases(request)
    check_query_params(request, set())
    report = _get_case(actor, case_id)
    services.report_read(actor=actor, report=report, what="case (API)")
    return _detail_data(report)


@router.post(
    "/cases/{case_id}/transitions",
    operation_id="supervision_case_transition",
    response={200: CaseDetail, **WRITE_RESPONSES},
)
def case_transition(request: HttpRequest, case_id: int):
    """``{"action": "accept" | "reject" | "start_check" | "talk" | "file_case" | "close" |
    "exonerate" | "conclude", "comment", "handlers": [user ids] and "deadline"
    (start_check)}``."""
    actor = _require_cases(request)
    report = _get_case(actor, case_id)
    data = read_json_object(request)
    errors = FieldErrors()
    for name in sorted(set(data) - {"action", "comment", "handlers", "deadline"}):
        errors.add(name, _("Unknown field."))
    action = _text(data, "action", errors, required=True)
    comment = _text(data, "comment", errors)
    if action and action not in Transition.values:
        errors.add(
            "action", _("Choose one of: %(choices)s.") % {"choices": ", ".join(Transition.values)}
        )
    handlers: list = []
    deadline = None
    if action == Transition.START_CHECK:
        raw_handlers = data.get("handlers") or []
        if not isinstance(raw_handlers, list) or not all(
            isinstance(item, int) and not isinstance(item, bool) for item in raw_handlers
        ):
            errors.add("handlers", _("Send a list."))
        else:
            handlers = list(
                User.objects.filter(pk__in=[i for i in raw_handlers if 0 < i <= MAX_ID])
            )
            if len(handlers) != len(set(raw_handlers)):
                errors.add("handlers", pgettext("supervision", "A handler does not exist."))
        raw_deadline = data.get("deadline")
        if raw_deadline not in (None, ""):
            try:
                deadline = datetime.date.fromisoformat(str(raw_deadline))
            except ValueError:
                errors.add("deadline", pgettext("supervision", "Enter a date such as 2026-03-01."))
    if errors:
        raise errors.exception()
    try:
        if action == Transition.START_CHECK:
            services.report_start_check(
                actor=actor,
                report_id=report.pk,
                handlers=handlers,
                deadline=deadline,
                comment=comment,
            )
        else:
            services.TRANSITION_SERVICES[action](actor=actor, report_id=report.pk, comment=comment)
    except ValidationError as error:
        errors.merge(error)
        raise errors.exception() from None
    return _detail_data(selectors.report_get(actor=actor, pk=report.pk))


@router.post(
    "/cases/{case_id}/messages",
    operation_id="supervision_case_message",
    response={201: MessageOut, **WRITE_RESPONSES},
)
def case_message(request: HttpRequest, case_id: int):
    """A message to the reporter: ``{"body": "…"}``; they read it with their receipt code."""
    actor = _require_cases(request)
    report = _get_case(actor, case_id)
    data = read_json_object(request)
    errors = FieldErrors()
    for name in sorted(set(data) - {"body"}):
        errors.add(name, _("Unknown field."))
    body = _text(data, "body", errors)
    errors.raise_if_any()
    try:
        message = services.report_message_from_handler(actor=actor, report=report, body=body)
    except ValidationError as error:
        errors.merge(error)
        raise errors.exception() from None
    return 201, {
        "id": message.pk,
        "from_reporter": False,
        "author": actor.username,
        "body": message.body,
        "created_at": message.created_at,
    }

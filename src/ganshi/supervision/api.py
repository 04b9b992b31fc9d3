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

from ganshi.cadres.selectors import cadre_get
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
    DocumentKind,
    DocumentStatus,
    LeniencyDecision,
    LeniencyStatus,
    PublicityScope,
    TalkKind,
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
            handlers = selectors.users_by_ids([i for i in raw_handlers if 0 < i <= MAX_ID])
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


# --- registers ----------------------------------------------------------------------------


def _require_registers(request: HttpRequest):
    actor = request.auth
    if not access.can_use_supervision(actor):
        raise ApiForbidden(pgettext("supervision", "Your role does not keep these registers."))
    return actor


def _page_params(request: HttpRequest, allowed: set[str], errors: FieldErrors) -> int:
    check_query_params(request, allowed | {"cursor", "limit"})
    if "limit" not in request.GET:
        return 50
    raw = request.GET["limit"]
    if not raw.isdigit() or not 1 <= int(raw) <= 200:
        errors.add("limit", _("Enter a number no larger than %(limit)s.") % {"limit": 200})
        return 50
    return int(raw)


def _choice(request: HttpRequest, name: str, values, errors: FieldErrors) -> str:
    value = request.GET.get(name, "")
    if value and value not in values:
        errors.add(name, _("Choose one of: %(choices)s.") % {"choices": ", ".join(values)})
        return ""
    return value


class ClearingOut(Schema):
    id: int
    cadre: int
    cadre_name: str
    unit: str
    report: str
    publicity_scope: str
    decided_on: datetime.date
    decision: str


class ClearingPage(Schema):
    items: list[ClearingOut]
    next: str | None


@router.get(
    "/clearings",
    operation_id="supervision_clearings",
    response={200: ClearingPage, **READ_RESPONSES},
)
def clearings(request: HttpRequest):
    """Names cleared (澄清正名) of the cadres in the actor's scope: ``{"items", "next"}``.
    Filter: ``scope`` (meeting, written_notice, public)."""
    actor = _require_registers(request)
    errors = FieldErrors()
    limit = _page_params(request, {"scope"}, errors)
    scope = _choice(request, "scope", PublicityScope.values, errors)
    errors.raise_if_any()
    page = selectors.exoneration_page(
        actor=actor, scope=scope, cursor=request.GET.get("cursor") or None, size=limit
    )
    return {
        "items": [
            {
                "id": item.pk,
                "cadre": item.cadre_id,
                "cadre_name": item.cadre.name,
                "unit": item.cadre.unit.name,
                "report": item.report.number,
                "publicity_scope": item.publicity_scope,
                "decided_on": item.decided_on,
                "decision": item.decision,
            }
            for item in page.items
        ],
        "next": page.next_cursor,
    }


class LeniencyOut(Schema):
    id: int
    cadre: int
    cadre_name: str
    applicant_kind: str
    matter: str
    applied_on: datetime.date
    status: str
    decision: str
    decided_on: datetime.date | None
    remains_eligible_for_promotion: bool
    cleared_for_commendation: bool


class LeniencyPage(Schema):
    items: list[LeniencyOut]
    next: str | None


@router.get(
    "/leniency", operation_id="supervision_leniency", response={200: LeniencyPage, **READ_RESPONSES}
)
def leniency(request: HttpRequest):
    """Fault-tolerance cases of the cadres in scope. Filters: ``status``, ``decision``."""
    actor = _require_registers(request)
    errors = FieldErrors()
    limit = _page_params(request, {"status", "decision"}, errors)
    status = _choice(request, "status", LeniencyStatus.values, errors)
    decision = _choice(request, "decision", LeniencyDecision.values, errors)
    errors.raise_if_any()
    page = selectors.leniency_page(
        actor=actor,
        status=status,
        decision=decision,
        cursor=request.GET.get("cursor") or None,
        size=limit,
    )
    return {
        "items": [_leniency_data(case) for case in page.items],
        "next": page.next_cursor,
    }


class TalkOut(Schema):
    id: int
    kind: str
    cadre: int
    cadre_name: str
    held_by: str
    held_on: datetime.date
    reason: str
    summary: str
    follow_up: str
    reply: str
    replied_on: datetime.date | None


class TalkPage(Schema):
    items: list[TalkOut]
    next: str | None


def _talk_data(talk) -> dict[str, Any]:
    return {
        "id": talk.pk,
        "kind": talk.kind,
        "cadre": talk.cadre_id,
        "cadre_name": talk.cadre.name,
        "held_by": talk.held_by,
        "held_on": talk.held_on,
        "reason": talk.reason,
        "summary": talk.summary,
        "follow_up": talk.follow_up,
        "reply": talk.reply,
        "replied_on": talk.replied_on,
    }


@router.get("/talks", operation_id="supervision_talks", response={200: TalkPage, **READ_RESPONSES})
def talks(request: HttpRequest):
    """Talks and inquiry letters with cadres in scope. Filters: ``kind``, ``year``."""
    actor = _require_registers(request)
    errors = FieldErrors()
    limit = _page_params(request, {"kind", "year"}, errors)
    kind = _choice(request, "kind", TalkKind.values, errors)
    year = None
    if request.GET.get("year"):
        raw = request.GET["year"]
        if not raw.isdigit() or not 1990 <= int(raw) <= 2100:
            errors.add("year", pgettext("supervision", "Enter a year between 1990 and 2100."))
        else:
            year = int(raw)
    errors.raise_if_any()
    page = selectors.talk_page(
        actor=actor, kind=kind, year=year, cursor=request.GET.get("cursor") or None, size=limit
    )
    return {"items": [_talk_data(talk) for talk in page.items], "next": page.next_cursor}


@router.post(
    "/talks", operation_id="supervision_talk_create", response={201: TalkOut, **WRITE_RESPONSES}
)
def talk_create(request: HttpRequest):
    """``{"kind", "cadre": id, "held_by", "held_on": "2026-03-01", "reason", "summary",
    "follow_up"}``; every bad field is named at once."""
    actor = _require_registers(request)
    data = read_json_object(request)
    errors = FieldErrors()
    fields = {"kind", "cadre", "held_by", "held_on", "reason", "summary", "follow_up"}
    for name in sorted(set(data) - fields):
        errors.add(name, _("Unknown field."))
    values: dict[str, Any] = {
        name: _text(data, name, errors)
        for name in ("kind", "held_by", "reason", "summary", "follow_up")
    }
    cadre_id = data.get("cadre")
    values["cadre"] = None
    if cadre_id is not None:
        if (
            not isinstance(cadre_id, int)
            or isinstance(cadre_id, bool)
            or not 0 < cadre_id <= MAX_ID
        ):
            errors.add("cadre", _("Enter a whole number."))
        else:
            values["cadre"] = selectors.cadre_for_write(cadre_id)
    raw_date = data.get("held_on")
    values["held_on"] = None
    if raw_date not in (None, ""):
        try:
            values["held_on"] = datetime.date.fromisoformat(str(raw_date))
        except ValueError:
            errors.add("held_on", pgettext("supervision", "Enter a date such as 2026-03-01."))
    try:
        talk = services.talk_create(actor=actor, data=values)
    except ValidationError as error:
        errors.merge(error, skip=set(errors.by_field))
        raise errors.exception() from None
    errors.raise_if_any()
    return 201, _talk_data(talk)


class DocumentOut(Schema):
    id: int
    cadre: int
    cadre_name: str
    kind: str
    issued_on: datetime.date
    expires_on: datetime.date
    status: str
    deposited_on: datetime.date | None


class DocumentPage(Schema):
    items: list[DocumentOut]
    next: str | None


@router.get(
    "/documents",
    operation_id="supervision_documents",
    response={200: DocumentPage, **READ_RESPONSES},
)
def documents(request: HttpRequest):
    """Travel documents of cadres in scope (numbers are left out). Filters: ``status``,
    ``kind``, ``expiring`` (true: within 180 days)."""
    actor = _require_registers(request)
    errors = FieldErrors()
    limit = _page_params(request, {"status", "kind", "expiring"}, errors)
    status = _choice(request, "status", DocumentStatus.values, errors)
    kind = _choice(request, "kind", DocumentKind.values, errors)
    expiring = _choice(request, "expiring", ["true", "false"], errors)
    errors.raise_if_any()
    page = selectors.document_page(
        actor=actor,
        filters=selectors.DocumentFilters(status=status, kind=kind, expiring=expiring == "true"),
        cursor=request.GET.get("cursor") or None,
        size=limit,
    )
    return {
        "items": [
            {
                "id": item.pk,
                "cadre": item.cadre_id,
                "cadre_name": item.cadre.name,
                "kind": item.kind,
                "issued_on": item.issued_on,
                "expires_on": item.expires_on,
                "status": item.status,
                "deposited_on": item.deposited_on,
            }
            for item in page.items
        ],
        "next": page.next_cursor,
    }


class PromotionOut(Schema):
    allowed: bool
    text: str
    source: str
    until: datetime.date | None


class MarkOut(Schema):
    report: str
    outcome: str
    received_on: datetime.date


class StandingOut(Schema):
    cadre: int
    adverse_marks: list[MarkOut]
    cleared_reports: list[str]
    promotion: PromotionOut


@router.get(
    "/cadres/{cadre_id}/standing",
    operation_id="supervision_cadre_standing",
    response={200: StandingOut, **READ_RESPONSES},
)
def cadre_standing(request: HttpRequest, cadre_id: int):
    """What supervision says of a cadre for an appointment check: the reports that mark
    them adversely (cleared ones never do), the reports they were cleared of, and whether
    an admonition still bars promotion."""
    actor = _require_registers(request)
    check_query_params(request, set())
    if not 0 < cadre_id <= MAX_ID:
        raise Http404
    cadre = cadre_get(actor=actor, pk=cadre_id)
    bar = selectors.cadre_promotion_bar(cadre)
    return {
        "cadre": cadre.pk,
        "adverse_marks": [
            {"report": report.number, "outcome": report.outcome, "received_on": report.received_on}
            for report in selectors.cadre_adverse_marks(cadre)
        ],
        "cleared_reports": selectors.cadre_cleared_report_numbers(cadre),
        "promotion": {
            "allowed": bar.allowed,
            "text": bar.text,
            "source": bar.source,
            "until": bar.until,
        },
    }


def _date(data: dict, name: str, errors: FieldErrors) -> datetime.date | None:
    raw = data.get(name)
    if raw in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError:
        errors.add(name, pgettext("supervision", "Enter a date such as 2026-03-01."))
        return None


def _cadre(data: dict, errors: FieldErrors):
    raw = data.get("cadre")
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 < raw <= MAX_ID:
        errors.add("cadre", _("Enter a whole number."))
        return None
    return selectors.cadre_for_write(raw)


def _unknown(data: dict, fields: set[str], errors: FieldErrors) -> None:
    for name in sorted(set(data) - fields):
        errors.add(name, _("Unknown field."))


def _leniency_data(case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "cadre": case.cadre_id,
        "cadre_name": case.cadre.name,
        "applicant_kind": case.applicant_kind,
        "matter": case.matter,
        "applied_on": case.applied_on,
        "status": case.status,
        "decision": case.decision,
        "decided_on": case.decided_on,
        "remains_eligible_for_promotion": case.remains_eligible_for_promotion,
        "cleared_for_commendation": case.cleared_for_commendation,
    }


@router.post(
    "/leniency",
    operation_id="supervision_leniency_apply",
    response={201: LeniencyOut, **WRITE_RESPONSES},
)
def leniency_apply(request: HttpRequest):
    """``{"cadre": id, "applicant_kind": "cadre" | "unit", "matter", "applied_on"}``."""
    actor = _require_registers(request)
    data = read_json_object(request)
    errors = FieldErrors()
    _unknown(data, {"cadre", "applicant_kind", "matter", "applied_on"}, errors)
    values = {
        "cadre": _cadre(data, errors),
        "applicant_kind": _text(data, "applicant_kind", errors),
        "matter": _text(data, "matter", errors),
        "applied_on": _date(data, "applied_on", errors),
    }
    try:
        case = services.leniency_apply(actor=actor, data=values)
    except ValidationError as error:
        errors.merge(error, skip=set(errors.by_field))
        raise errors.exception() from None
    errors.raise_if_any()
    return 201, _leniency_data(case)


@router.post(
    "/leniency/{case_id}/transitions",
    operation_id="supervision_leniency_transition",
    response={200: LeniencyOut, **WRITE_RESPONSES},
)
def leniency_transition(request: HttpRequest, case_id: int):
    """``{"action": "investigate" | "withdraw", "comment"}`` or ``{"action": "decide",
    "decision", "findings", "reasons", "decided_on", "criteria_met": [ids],
    "remains_eligible_for_promotion", "cleared_for_commendation"}``."""
    actor = _require_registers(request)
    if not 0 < case_id <= MAX_ID:
        raise Http404
    selectors.leniency_get(actor=actor, pk=case_id)
    data = read_json_object(request)
    errors = FieldErrors()
    fields = {
        "action", "comment", "decision", "findings", "reasons", "decided_on", "criteria_met",
        "remains_eligible_for_promotion", "cleared_for_commendation",
    }  # fmt: skip
    _unknown(data, fields, errors)
    action = _text(data, "action", errors, required=True)
    if action and action not in ("investigate", "withdraw", "decide"):
        errors.add(
            "action",
            _("Choose one of: %(choices)s.") % {"choices": "investigate, withdraw, decide"},
        )
    comment = _text(data, "comment", errors)
    values: dict[str, Any] = {}
    if action == "decide":
        values = {name: _text(data, name, errors) for name in ("decision", "findings", "reasons")}
        values["decided_on"] = _date(data, "decided_on", errors)
        raw = data.get("criteria_met") or []
        if not isinstance(raw, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in raw
        ):
            errors.add("criteria_met", _("Send a list."))
            raw = []
        values["criteria_met"] = [
            criterion
            for criterion in selectors.leniency_criteria()
            if criterion.pk in {i for i in raw if 0 < i <= MAX_ID}
        ]
        if len(values["criteria_met"]) != len(set(raw)):
            errors.add("criteria_met", pgettext("supervision", "A criterion does not exist."))
        for name in ("remains_eligible_for_promotion", "cleared_for_commendation"):
            flag = data.get(name, False)
            if not isinstance(flag, bool):
                errors.add(name, _("Enter true or false."))
            values[name] = flag is True
    if errors:
        raise errors.exception()
    try:
        if action == "investigate":
            case = services.leniency_investigate(actor=actor, case_id=case_id, comment=comment)
        elif action == "withdraw":
            case = services.leniency_withdraw(actor=actor, case_id=case_id, comment=comment)
        else:
            case = services.leniency_decide(actor=actor, case_id=case_id, data=values)
    except ValidationError as error:
        errors.merge(error)
        raise errors.exception() from None
    return _leniency_data(selectors.leniency_get(actor=actor, pk=case.pk))


class LoanOut(Schema):
    id: int
    document: int
    purpose: str
    due_on: datetime.date
    status: str
    lent_on: datetime.date | None
    returned_on: datetime.date | None


def _loan_data(loan) -> dict[str, Any]:
    return {
        "id": loan.pk,
        "document": loan.document_id,
        "purpose": loan.purpose,
        "due_on": loan.due_on,
        "status": loan.status,
        "lent_on": loan.lent_on,
        "returned_on": loan.returned_on,
    }


@router.post(
    "/documents/{document_id}/loans",
    operation_id="supervision_loan_request",
    response={201: LoanOut, **WRITE_RESPONSES},
)
def loan_request(request: HttpRequest, document_id: int):
    """Ask to borrow a document from custody: ``{"purpose", "due_on"}``."""
    actor = _require_registers(request)
    if not 0 < document_id <= MAX_ID:
        raise Http404
    document = selectors.document_get(actor=actor, pk=document_id)
    data = read_json_object(request)
    errors = FieldErrors()
    _unknown(data, {"purpose", "due_on"}, errors)
    purpose = _text(data, "purpose", errors)
    due_on = _date(data, "due_on", errors)
    try:
        loan = services.loan_request(
            actor=actor, document_id=document.pk, purpose=purpose, due_on=due_on
        )
    except ValidationError as error:
        errors.merge(error, skip=set(errors.by_field))
        raise errors.exception() from None
    errors.raise_if_any()
    return 201, _loan_data(loan)


@router.post(
    "/loans/{loan_id}/transitions",
    operation_id="supervision_loan_transition",
    response={200: LoanOut, **WRITE_RESPONSES},
)
def loan_transition(request: HttpRequest, loan_id: int):
    """``{"action": "approve" | "refuse" | "lend" | "return", "comment"}``."""
    actor = _require_registers(request)
    if not 0 < loan_id <= MAX_ID:
        raise Http404
    data = read_json_object(request)
    errors = FieldErrors()
    _unknown(data, {"action", "comment"}, errors)
    action = _text(data, "action", errors, required=True)
    if action and action not in services.LOAN_SERVICES:
        errors.add(
            "action",
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(services.LOAN_SERVICES)},
        )
    comment = _text(data, "comment", errors)
    if errors:
        raise errors.exception()
    try:
        loan = services.LOAN_SERVICES[action](actor=actor, loan_id=loan_id, comment=comment)
    except ValidationError as error:
        errors.merge(error)
        raise errors.exception() from None
    return _loan_data(loan)

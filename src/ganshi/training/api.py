"""API on training (thin: parse, call a selector or service, render), under
/api/v1/training/. Scoped exactly as the pages: a class, session or cadre outside the
caller's scope answers 404; bad input answers 422 naming every bad field at once, and
nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router

from ganshi.accounts.api_auth import require_editor, require_reader
from ganshi.cadres.models import Cadre
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
from ganshi.training import selectors, services
from ganshi.training.choices import AttendanceStatus, EnrolmentStatus, WithdrawalReason
from ganshi.training.forms import current_year
from ganshi.training.models import Enrolment, TrainingClass
from ganshi.training.schemas import (
    AttendanceOut,
    ClassDetail,
    ClassPage,
    CompliancePage,
    EnrolmentOut,
    EnrolmentPage,
    EnrolResultOut,
    FiguresOut,
    HoursOut,
    LeaveRequestOut,
    SessionOut,
    class_data,
    class_detail_data,
    compliance_data,
    enrolment_data,
    figures_data,
    hours_data,
    hours_text,
    parse_bool,
    parse_class_input,
    parse_criteria,
    parse_cursor,
    parse_id,
    parse_kind,
    parse_limit,
    parse_month,
    parse_session_input,
    parse_unit,
    parse_year,
    session_data,
)
from ganshi.training.selectors import ClassFilters, ComplianceFilters

router = Router(tags=["training"])

READ = {404: DetailOut, 422: ErrorsOut, **COMMON_RESPONSES}
WRITE = {400: ErrorsOut, 404: DetailOut, 413: ErrorsOut, 422: ErrorsOut, **COMMON_RESPONSES}
ID = Path(..., ge=1, le=MAX_ID)


class _Discard(Exception):
    """Raised inside the write's transaction to roll it back."""


def _write(errors: FieldErrors, save: Callable[[], Any]) -> Any:
    """Run the service even when parsing found bad fields (so its domain errors come in
    the same answer), and keep its work only when nothing at all was wrong."""
    parse_failures = set(errors.by_field)
    result = None
    try:
        with transaction.atomic():
            try:
                result = save()
            except ValidationError as error:
                errors.merge(error, skip=parse_failures)
            if errors:
                raise _Discard
    except _Discard:
        raise errors.exception() from None
    return result


def _staff_reader(request: HttpRequest):
    actor = require_reader(request)
    if actor.role == "cadre_self":
        raise ApiForbidden(_("Your role cannot read the training records of others."))
    return actor


# --- classes ------------------------------------------------------------------------------


@router.get("/classes", operation_id="training_classes", response={200: ClassPage, **READ})
def classes(request: HttpRequest):
    """Classes the caller sees, latest first: ``{"items": [...], "next": cursor}``.
    Filters: ``kind`` (code), ``unit`` (organiser subtree), ``year``, ``month``, ``q``."""
    actor = require_reader(request)
    check_query_params(request, {"kind", "unit", "year", "month", "q", "cursor", "limit"})
    errors = FieldErrors()
    query = request.GET
    filters = ClassFilters(
        q=query.get("q", "").strip()[:60],
        kind=parse_kind(query, errors),
        unit=parse_unit(query, errors, actor=actor),
        year=parse_year(query, errors, 0) or None,
        month=parse_month(query, errors),
    )
    if filters.month and not filters.year:
        errors.add("month", _("Give the year with the month."))
    limit = parse_limit(query, errors)
    cursor = parse_cursor(query, errors, TrainingClass, selectors.CLASS_ORDER)
    errors.raise_if_any()
    page = selectors.class_list(actor=actor, filters=filters, cursor=cursor, size=limit)
    return {"items": [class_data(item) for item in page.items], "next": page.next_cursor}


@router.post("/classes", operation_id="training_class_create", response={201: ClassDetail, **WRITE})
def class_create(request: HttpRequest):
    """Create a class: ``title``, ``kind`` (code), ``organiser`` (unit id), ``start_date``,
    ``end_date`` required; ``plan``, ``venue``, ``is_full_time``, ``capacity``,
    ``description``, ``sub_venues`` (list of names) optional."""
    actor = require_editor(request)
    check_query_params(request, set())
    payload = read_json_object(request)
    errors = FieldErrors()
    data, sub_venues = parse_class_input(payload, actor=actor, errors=errors, creating=True)
    created = _write(
        errors,
        lambda: services.class_create(actor=actor, data=data, sub_venues=sub_venues),
    )
    return 201, class_detail_data(selectors.class_get(actor=actor, pk=created.pk))


@router.get(
    "/classes/{class_id}", operation_id="training_class_get", response={200: ClassDetail, **READ}
)
def class_detail(request: HttpRequest, class_id: int = ID):
    actor = require_reader(request)
    check_query_params(request, set())
    return class_detail_data(selectors.class_get(actor=actor, pk=class_id))


@router.patch(
    "/classes/{class_id}",
    operation_id="training_class_update",
    response={200: ClassDetail, **WRITE},
)
def class_update(request: HttpRequest, class_id: int = ID):
    """Send only the fields to change."""
    actor = require_editor(request)
    check_query_params(request, set())
    training_class = selectors.class_get(actor=actor, pk=class_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    data, sub_venues = parse_class_input(payload, actor=actor, errors=errors, creating=False)
    _write(
        errors,
        lambda: services.class_update(
            actor=actor, training_class=training_class, data=data, sub_venues=sub_venues
        ),
    )
    return class_detail_data(selectors.class_get(actor=actor, pk=class_id))


# --- sessions -----------------------------------------------------------------------------


@router.get(
    "/classes/{class_id}/sessions",
    operation_id="training_sessions",
    response={200: list[SessionOut], **READ},
)
def sessions(request: HttpRequest, class_id: int = ID):
    actor = require_reader(request)
    check_query_params(request, set())
    training_class = selectors.class_get(actor=actor, pk=class_id)
    return [session_data(s) for s in selectors.session_list(training_class=training_class)]


@router.post(
    "/classes/{class_id}/sessions",
    operation_id="training_session_create",
    response={201: SessionOut, **WRITE},
)
def session_create(request: HttpRequest, class_id: int = ID):
    """``title``, ``date``, ``start_time``, ``end_time``, ``credit_hours`` required (at
    most one credit hour per 45 minutes); ``course``, ``lecturer_cadre`` (a cadre id) or
    ``lecturer_name`` and ``lecturer_affiliation`` (an outside lecturer) optional."""
    actor = require_editor(request)
    check_query_params(request, set())
    training_class = selectors.class_get(actor=actor, pk=class_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    data = parse_session_input(payload, actor=actor, errors=errors)
    session = _write(
        errors,
        lambda: services.session_save(actor=actor, training_class=training_class, data=data),
    )
    return 201, session_data(session)


# --- enrolments ---------------------------------------------------------------------------


@router.get(
    "/classes/{class_id}/enrolments",
    operation_id="training_enrolments",
    response={200: EnrolmentPage, **READ},
)
def enrolments(request: HttpRequest, class_id: int = ID):
    """``status``: enrolled, waiting, withdrawn or completed."""
    actor = _staff_reader(request)
    check_query_params(request, {"status", "cursor", "limit"})
    training_class = selectors.class_get(actor=actor, pk=class_id)
    errors = FieldErrors()
    status = request.GET.get("status", "")
    if status and status not in EnrolmentStatus.values:
        errors.add(
            "status",
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(EnrolmentStatus.values)},
        )
    limit = parse_limit(request.GET, errors)
    cursor = parse_cursor(request.GET, errors, Enrolment, selectors.ENROLMENT_ORDER)
    errors.raise_if_any()
    page = selectors.enrolment_list(
        actor=actor, training_class=training_class, status=status, cursor=cursor, size=limit
    )
    return {"items": [enrolment_data(e) for e in page.items], "next": page.next_cursor}


@router.post(
    "/classes/{class_id}/enrolments",
    operation_id="training_enrol",
    response={201: EnrolResultOut, **WRITE},
)
def enrol(request: HttpRequest, class_id: int = ID):
    """Enrol by hand (``{"cadres": [ids]}``) or by criteria (``{"criteria": {"unit": id,
    "leadership_level": "township_chief", "age_band": "young" …}}``). Past the capacity
    cadres go on the waiting list unless ``"waiting_list": false``, which refuses."""
    actor = require_editor(request)
    check_query_params(request, set())
    training_class = selectors.class_get(actor=actor, pk=class_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    for name in sorted(set(payload) - {"cadres", "criteria", "waiting_list"}):
        errors.add(name, _("Unknown field."))
    waiting_list = True
    if "waiting_list" in payload:
        waiting_list = bool(parse_bool(payload["waiting_list"], "waiting_list", errors))
    if ("cadres" in payload) == ("criteria" in payload):
        errors.add(None, _("Send either “cadres” (a list of ids) or “criteria”."))
        errors.raise_if_any()
    if "cadres" in payload:
        raw = payload["cadres"]
        ids: list[int] = []
        if not isinstance(raw, list):
            errors.add("cadres", _("Send a list."))
        else:
            for value in raw:
                pk = parse_id(value, "cadres", errors)
                if pk is not None:
                    ids.append(pk)

        def save():
            return services.enrol_cadres(
                actor=actor, training_class=training_class, cadre_ids=ids, waiting_list=waiting_list
            )
    else:
        filters = parse_criteria(payload["criteria"], actor=actor, errors=errors)

        def save():
            return services.enrol_by_criteria(
                actor=actor,
                training_class=training_class,
                filters=filters,
                waiting_list=waiting_list,
            )

    result = _write(errors, save)
    return 201, {
        "enrolled": [enrolment_data(e) for e in result.enrolled],
        "waiting": [enrolment_data(e) for e in result.waiting],
        "already": result.already,
    }


@router.post(
    "/enrolments/{enrolment_id}/withdraw",
    operation_id="training_withdraw",
    response={200: EnrolmentOut, **WRITE},
)
def withdraw(request: HttpRequest, enrolment_id: int = ID):
    """``{"reason": "request" | "staff"}``; the first on the waiting list moves up."""
    actor = require_editor(request)
    check_query_params(request, set())
    enrolment = selectors.enrolment_get(actor=actor, pk=enrolment_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    reason = payload.get("reason", WithdrawalReason.REQUEST)
    if reason not in (WithdrawalReason.REQUEST, WithdrawalReason.STAFF):
        errors.add("reason", _("Choose one of: %(choices)s.") % {"choices": "request, staff"})
    for name in sorted(set(payload) - {"reason"}):
        errors.add(name, _("Unknown field."))
    _write(
        errors, lambda: services.enrolment_withdraw(actor=actor, enrolment=enrolment, reason=reason)
    )
    return enrolment_data(selectors.enrolment_get(actor=actor, pk=enrolment_id))


# --- attendance and sign-in ---------------------------------------------------------------


def _register(session) -> list[dict]:
    return [
        {
            "enrolment": row.enrolment.pk,
            "cadre": row.enrolment.cadre_id,
            "cadre_name": row.enrolment.cadre.name,
            "status": row.attendance.status if row.attendance else None,
            "method": row.attendance.method if row.attendance else "",
            "credit_hours": hours_text(row.attendance.credit_hours if row.attendance else 0),
            "leave_reason": row.attendance.leave_reason if row.attendance else "",
            "signed_at": row.attendance.signed_at.isoformat()
            if row.attendance and row.attendance.signed_at
            else None,
        }
        for row in selectors.register_rows(session=session)
    ]


@router.get(
    "/sessions/{session_id}/attendance",
    operation_id="training_register",
    response={200: list[AttendanceOut], **READ},
)
def attendance(request: HttpRequest, session_id: int = ID):
    """The register: every cadre holding a seat, with their mark (null: not yet marked)."""
    actor = _staff_reader(request)
    check_query_params(request, set())
    return _register(selectors.session_get(actor=actor, pk=session_id))


@router.post(
    "/sessions/{session_id}/attendance",
    operation_id="training_register_save",
    response={200: list[AttendanceOut], **WRITE},
)
def attendance_save(request: HttpRequest, session_id: int = ID):
    """``{"marks": [{"enrolment": id, "status": "present" | "leave" | "absent",
    "leave_reason": "…"}]}``; a leave needs a reason; leave past the allowed share of a
    full-time class withdraws the cadre."""
    actor = require_editor(request)
    check_query_params(request, set())
    session = selectors.session_get(actor=actor, pk=session_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    marks: dict[int, str] = {}
    reasons: dict[int, str] = {}
    raw = payload.get("marks")
    if not isinstance(raw, list) or not raw:
        errors.add("marks", _("Send a list of marks."))
        raw = []
    for index, item in enumerate(raw):
        field = f"marks.{index}"
        if not isinstance(item, dict):
            errors.add(field, _("Send a JSON object."))
            continue
        pk = parse_id(item.get("enrolment"), f"{field}.enrolment", errors)
        status = item.get("status")
        if status not in AttendanceStatus.values:
            errors.add(
                f"{field}.status",
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(AttendanceStatus.values)},
            )
        reason = item.get("leave_reason", "")
        if not isinstance(reason, str):
            errors.add(f"{field}.leave_reason", _("Enter text."))
            reason = ""
        if pk is not None and status in AttendanceStatus.values:
            marks[pk] = status
            reasons[pk] = reason
    for name in sorted(set(payload) - {"marks"}):
        errors.add(name, _("Unknown field."))
    if errors:
        errors.raise_if_any()
    _write(
        errors,
        lambda: services.register_save(
            actor=actor, session=session, marks=marks, leave_reasons=reasons
        ),
    )
    return _register(session)


@router.post(
    "/sessions/{session_id}/sign-in",
    operation_id="training_sign_in",
    response={201: AttendanceOut, **WRITE},
)
def sign_in(request: HttpRequest, session_id: int = ID):
    """The cadre signs in with the token of the session's QR code: ``{"token": "…"}``.
    Only inside the session's window, only when enrolled, only once."""
    actor = request.auth
    check_query_params(request, set())
    session = selectors.session_for_signin(actor=actor, pk=session_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    token = payload.get("token")
    if not isinstance(token, str) or not token:
        errors.add("token", _("This field is required."))
        errors.raise_if_any()
    for name in sorted(set(payload) - {"token"}):
        errors.add(name, _("Unknown field."))
    record = _write(errors, lambda: services.qr_sign_in(actor=actor, session=session, token=token))
    return 201, {
        "enrolment": record.enrolment_id,
        "cadre": record.cadre_id,
        "cadre_name": actor.cadre.name,
        "status": record.status,
        "method": record.method,
        "credit_hours": hours_text(record.credit_hours),
        "leave_reason": "",
        "signed_at": record.signed_at.isoformat(),
    }


def _leave_data(item) -> dict:
    return {
        "id": item.pk,
        "enrolment": item.enrolment_id,
        "session": item.session_id,
        "reason": item.reason,
        "status": item.status,
    }


@router.post(
    "/sessions/{session_id}/leave-requests",
    operation_id="training_leave_request",
    response={201: LeaveRequestOut, **WRITE},
)
def leave_request(request: HttpRequest, session_id: int = ID):
    """Ask for leave: a cadre for themself ``{"reason": "…"}`` before the session starts;
    the organisers for a cadre of the class ``{"enrolment": id, "reason": "…"}``."""
    actor = request.auth
    check_query_params(request, set())
    payload = read_json_object(request)
    errors = FieldErrors()
    for name in sorted(set(payload) - {"reason", "enrolment"}):
        errors.add(name, _("Unknown field."))
    reason = payload.get("reason", "")
    if not isinstance(reason, str):
        errors.add("reason", _("Enter text."))
        reason = ""
    enrolment = None
    if "enrolment" in payload:
        if not actor.can_edit_registry:
            raise ApiForbidden(_("Your role cannot manage training."))
        session = selectors.session_get(actor=actor, pk=session_id)
        pk = parse_id(payload["enrolment"], "enrolment", errors)
        if pk is not None:
            enrolment = session.training_class.enrolments.filter(pk=pk).first()
            if enrolment is None:
                errors.add("enrolment", _("Enrolment %(id)s is not in this class.") % {"id": pk})
        errors.raise_if_any()
    else:
        session = selectors.session_for_signin(actor=actor, pk=session_id)
    item = _write(
        errors,
        lambda: services.leave_request_submit(
            actor=actor, session=session, reason=reason, enrolment=enrolment
        ),
    )
    return 201, _leave_data(item)


@router.post(
    "/leave-requests/{request_id}/decision",
    operation_id="training_leave_decide",
    response={200: LeaveRequestOut, **WRITE},
)
def leave_decide(request: HttpRequest, request_id: int = ID):
    """``{"approve": true | false, "comment": "…"}``; an approved leave goes into the
    register, and the leave rule applies."""
    actor = require_editor(request)
    check_query_params(request, set())
    item = selectors.leave_request_get(actor=actor, pk=request_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    for name in sorted(set(payload) - {"approve", "comment"}):
        errors.add(name, _("Unknown field."))
    approve = parse_bool(payload.get("approve"), "approve", errors)
    comment = payload.get("comment", "")
    if not isinstance(comment, str):
        errors.add("comment", _("Enter text."))
        comment = ""
    decided = _write(
        errors,
        lambda: services.leave_request_decide(
            actor=actor, leave_request=item, approve=bool(approve), comment=comment
        ),
    )
    return _leave_data(decided)


# --- hours, compliance, figures -----------------------------------------------------------


@router.get(
    "/cadres/{cadre_id}/hours",
    operation_id="training_cadre_hours",
    response={200: HoursOut, **READ},
)
def cadre_hours(request: HttpRequest, cadre_id: int = ID):
    """A cadre's hours in ``year`` by kind, against the requirement for their level."""
    actor = require_reader(request)
    check_query_params(request, {"year"})
    errors = FieldErrors()
    year = parse_year(request.GET, errors, current_year())
    errors.raise_if_any()
    cadre = selectors.cadre_for_hours(actor=actor, pk=cadre_id)
    return hours_data(selectors.cadre_hours(cadre=cadre, year=year))


@router.get("/me/hours", operation_id="training_my_hours", response={200: HoursOut, **READ})
def my_hours(request: HttpRequest):
    """The caller's own hours (an account linked to a cadre record)."""
    actor = request.auth
    check_query_params(request, {"year"})
    errors = FieldErrors()
    year = parse_year(request.GET, errors, current_year())
    errors.raise_if_any()
    return hours_data(selectors.cadre_hours(cadre=selectors.own_cadre(actor=actor), year=year))


@router.get(
    "/compliance", operation_id="training_compliance", response={200: CompliancePage, **READ}
)
def compliance(request: HttpRequest):
    """Active cadres in scope with their hours and shortfall. Filters: ``year``, ``unit``,
    ``level`` (township, senior, or a leadership level), ``behind`` (1), ``trained`` (1/0),
    ``q`` (a name or its pinyin)."""
    actor = _staff_reader(request)
    allowed = {"year", "unit", "level", "behind", "trained", "q", "cursor", "limit"}
    check_query_params(request, allowed)
    query = request.GET
    errors = FieldErrors()
    level = query.get("level", "")
    from ganshi.orgs.models import LeadershipLevel

    if level and level not in {"township", "senior", *LeadershipLevel.values}:
        errors.add(
            "level",
            _("Choose one of: %(choices)s.")
            % {"choices": ", ".join(["township", "senior", *LeadershipLevel.values])},
        )
    flags = {}
    for name in ("behind", "trained"):
        raw = query.get(name, "")
        if raw not in ("", "0", "1"):
            errors.add(name, _("Enter 1 or 0."))
        flags[name] = None if raw in ("", None) else raw == "1"
    filters = ComplianceFilters(
        year=parse_year(query, errors, current_year()),
        q=query.get("q", "").strip()[:40],
        unit=parse_unit(query, errors, actor=actor),
        level=level,
        behind=bool(flags["behind"]),
        trained=flags["trained"],
    )
    limit = parse_limit(query, errors)
    cursor = parse_cursor(query, errors, Cadre, selectors.COMPLIANCE_ORDER)
    errors.raise_if_any()
    page = selectors.compliance_list(actor=actor, filters=filters, cursor=cursor, size=limit)
    totals = selectors.compliance_totals(actor=actor, filters=filters)
    return {
        "items": [compliance_data(c) for c in page.items],
        "next": page.next_cursor,
        "cadres": totals.cadres,
        "behind": totals.behind,
    }


@router.get("/figures", operation_id="training_figures", response={200: FiguresOut, **READ})
def figures(request: HttpRequest):
    """Classes and person-times by kind, unit and month; people trained; coverage."""
    actor = _staff_reader(request)
    check_query_params(request, {"year", "unit"})
    errors = FieldErrors()
    year = parse_year(request.GET, errors, current_year())
    unit = parse_unit(request.GET, errors, actor=actor)
    errors.raise_if_any()
    return figures_data(selectors.figures(actor=actor, year=year, unit=unit))

"""What the training API reads and writes.

Input is parsed by hand, field by field, so that one answer names every bad field; the
parsed values go to the service, which judges the domain rules, and the API merges
both lists. Output uses the model's field names (GLOSSARY.md); dates are ISO strings,
hours decimal strings ("4.0").
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from ninja import Schema

from ganshi.cadres.choices import AgeBand, CadreCategory
from ganshi.cadres.selectors import CadreFilters
from ganshi.core.api_errors import MAX_ID, FieldErrors
from ganshi.core.pagination import cursor_values
from ganshi.orgs.models import LeadershipLevel
from ganshi.orgs.selectors import unit_get
from ganshi.training import selectors
from ganshi.training.models import Course, Enrolment, Session, TrainingClass, TrainingKind

LIMIT_DEFAULT = 50
LIMIT_MAX = 200
TEXT_LIMITS = {
    "title": 120,
    "venue": 120,
    "description": 4000,
    "lecturer_name": 60,
    "lecturer_affiliation": 120,
}


# --- output --------------------------------------------------------------------------------


class ClassOut(Schema):
    id: int
    title: str
    kind: str
    kind_name: str
    organiser: int
    organiser_name: str
    plan: int | None
    venue: str
    start_date: str
    end_date: str
    is_full_time: bool
    capacity: int | None
    seated: int | None = None
    waiting: int | None = None


class ClassPage(Schema):
    items: list[ClassOut]
    next: str | None


class SessionOut(Schema):
    id: int
    title: str
    date: str
    start_time: str
    end_time: str
    credit_hours: str
    course: int | None
    lecturer_cadre: int | None
    lecturer_name: str
    lecturer_affiliation: str


class ClassDetail(ClassOut):
    description: str
    sub_venues: list[str]
    total_hours: str
    counts: dict[str, int]
    sessions: list[SessionOut]


class EnrolmentOut(Schema):
    id: int
    training_class: int
    cadre: int
    cadre_name: str
    unit_name: str
    status: str
    withdrawal_reason: str
    attended_hours: str
    leave_hours: str


class EnrolmentPage(Schema):
    items: list[EnrolmentOut]
    next: str | None


class EnrolResultOut(Schema):
    enrolled: list[EnrolmentOut]
    waiting: list[EnrolmentOut]
    already: int


class AttendanceOut(Schema):
    enrolment: int
    cadre: int
    cadre_name: str
    status: str | None
    method: str
    credit_hours: str
    leave_reason: str
    signed_at: str | None


class LeaveRequestOut(Schema):
    id: int
    enrolment: int
    session: int
    reason: str
    status: str


class KindHoursOut(Schema):
    kind: str
    hours: str
    sessions: int


class HoursOut(Schema):
    cadre: int
    cadre_name: str
    year: int
    hours_year: str
    hours_five_years: str
    requirement: str
    required_hours: str
    shortfall: str
    rule: str
    source: str
    by_kind: list[KindHoursOut]


class ComplianceOut(Schema):
    cadre: int
    name: str
    unit_name: str
    leadership_level: str
    requirement: str
    required_hours: str
    hours_year: str
    hours_five_years: str
    shortfall: str


class CompliancePage(Schema):
    items: list[ComplianceOut]
    next: str | None
    cadres: int
    behind: int


class FigureRowOut(Schema):
    key: str
    label: str
    classes: int
    person_times: int


class CoverageOut(Schema):
    key: str
    label: str
    cadres: int
    trained: int
    percent: float


class FiguresOut(Schema):
    year: int
    classes: int
    person_times: int
    people: int
    by_kind: list[FigureRowOut]
    by_unit: list[FigureRowOut]
    by_month: list[FigureRowOut]
    coverage: list[CoverageOut]


def hours_text(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.1")))


def class_data(item: TrainingClass) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "kind": item.kind.code,
        "kind_name": item.kind.name,
        "organiser": item.organiser_id,
        "organiser_name": item.organiser.name,
        "plan": item.plan_id,
        "venue": item.venue,
        "start_date": item.start_date.isoformat(),
        "end_date": item.end_date.isoformat(),
        "is_full_time": item.is_full_time,
        "capacity": item.capacity,
        "seated": getattr(item, "seated_count", None),
        "waiting": getattr(item, "waiting_count", None),
    }


def session_data(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "title": session.title,
        "date": session.date.isoformat(),
        "start_time": session.start_time.strftime("%H:%M"),
        "end_time": session.end_time.strftime("%H:%M"),
        "credit_hours": hours_text(session.credit_hours),
        "course": session.course_id,
        "lecturer_cadre": session.lecturer_cadre_id,
        "lecturer_name": session.lecturer_name,
        "lecturer_affiliation": session.lecturer_affiliation,
    }


def class_detail_data(item: TrainingClass) -> dict[str, Any]:
    summary = selectors.class_summary(item)
    return {
        **class_data(item),
        "seated": summary.counts["enrolled"] + summary.counts["completed"],
        "waiting": summary.counts["waiting"],
        "description": item.description,
        "sub_venues": [venue.name for venue in item.sub_venues.all()],
        "total_hours": hours_text(summary.total_hours),
        "counts": summary.counts,
        "sessions": [session_data(s) for s in selectors.session_list(training_class=item)],
    }


def enrolment_data(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "id": enrolment.pk,
        "training_class": enrolment.training_class_id,
        "cadre": enrolment.cadre_id,
        "cadre_name": enrolment.cadre.name,
        "unit_name": enrolment.cadre.unit.name,
        "status": enrolment.status,
        "withdrawal_reason": enrolment.withdrawal_reason,
        "attended_hours": hours_text(enrolment.attended_hours),
        "leave_hours": hours_text(enrolment.leave_hours),
    }


def hours_data(hours: selectors.CadreHours) -> dict[str, Any]:
    requirement = hours.compliance.requirement
    return {
        "cadre": hours.cadre.pk,
        "cadre_name": hours.cadre.name,
        "year": hours.year,
        "hours_year": hours_text(hours.hours_year),
        "hours_five_years": hours_text(hours.hours_span),
        "requirement": requirement.kind,
        "required_hours": hours_text(requirement.hours),
        "shortfall": hours_text(hours.compliance.shortfall),
        "rule": requirement.text,
        "source": requirement.source,
        "by_kind": [
            {"kind": row.kind, "hours": hours_text(row.hours), "sessions": row.sessions}
            for row in hours.by_kind
        ],
    }


def compliance_data(cadre) -> dict[str, Any]:
    return {
        "cadre": cadre.pk,
        "name": cadre.name,
        "unit_name": cadre.unit.name,
        "leadership_level": cadre.leadership_level,
        "requirement": "five_years" if cadre.is_senior else "annual",
        "required_hours": hours_text(cadre.required),
        "hours_year": hours_text(cadre.hours_year),
        "hours_five_years": hours_text(cadre.hours_span),
        "shortfall": hours_text(cadre.shortfall),
    }


def figures_data(figures: selectors.Figures) -> dict[str, Any]:
    def rows(items):
        return [
            {"key": r.key, "label": r.label, "classes": r.classes, "person_times": r.person_times}
            for r in items
        ]

    return {
        "year": figures.year,
        "classes": figures.classes,
        "person_times": figures.person_times,
        "people": figures.people,
        "by_kind": rows(figures.by_kind),
        "by_unit": rows(figures.by_unit),
        "by_month": rows(figures.by_month),
        "coverage": [
            {
                "key": r.key,
                "label": r.label,
                "cadres": r.cadres,
                "trained": r.trained,
                "percent": r.percent,
            }
            for r in figures.coverage
        ],
    }


# --- input ---------------------------------------------------------------------------------


def parse_id(value, field: str, errors: FieldErrors) -> int | None:
    if isinstance(value, bool):
        errors.add(field, _("Enter a whole number."))
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        number = int(value)
        if 1 <= number <= MAX_ID:
            return number
    errors.add(field, _("Enter a whole number."))
    return None


def parse_date(value, field: str, errors: FieldErrors) -> datetime.date | None:
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.add(field, _("Enter a date as YYYY-MM-DD."))
    return None


def parse_time(value, field: str, errors: FieldErrors) -> datetime.time | None:
    if isinstance(value, str):
        try:
            return datetime.time.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.add(field, _("Enter a time as HH:MM."))
    return None


def parse_hours(value, field: str, errors: FieldErrors) -> Decimal | None:
    if not isinstance(value, bool) and isinstance(value, int | float | str):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite() and abs(number) < 10000:
            return number.quantize(Decimal("0.1"))
    errors.add(field, _("Enter a number."))
    return None


def parse_text(
    payload: dict, field: str, errors: FieldErrors, *, required: bool = False
) -> str | None:
    if field not in payload:
        if required:
            errors.add(field, _("This field is required."))
        return None
    value = payload[field]
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(field, _("Enter text."))
        return None
    value = value.strip()
    if required and not value:
        errors.add(field, _("This field is required."))
        return None
    if len(value) > TEXT_LIMITS.get(field, 120):
        errors.add(
            field, _("Enter at most %(count)s characters.") % {"count": TEXT_LIMITS.get(field, 120)}
        )
        return None
    return value


def parse_bool(value, field: str, errors: FieldErrors) -> bool | None:
    if isinstance(value, bool):
        return value
    errors.add(field, _("Enter true or false."))
    return None


CLASS_INPUT = {
    "title",
    "kind",
    "organiser",
    "plan",
    "venue",
    "start_date",
    "end_date",
    "is_full_time",
    "capacity",
    "description",
    "sub_venues",
}


def parse_class_input(payload: dict, *, actor, errors: FieldErrors, creating: bool):
    data: dict[str, Any] = {}
    for name in sorted(set(payload) - CLASS_INPUT):
        errors.add(name, _("Unknown field."))
    for name in ("title", "venue", "description"):
        value = parse_text(payload, name, errors, required=creating and name == "title")
        if value is not None:
            data[name] = value
    if "kind" in payload:
        kind = TrainingKind.objects.filter(code=str(payload["kind"])).first()
        if kind is None:
            codes = ", ".join(
                TrainingKind.objects.order_by("sort_order").values_list("code", flat=True)
            )
            errors.add("kind", _("Choose one of: %(choices)s.") % {"choices": codes})
        else:
            data["kind"] = kind
    elif creating:
        errors.add("kind", _("This field is required."))
    if "organiser" in payload:
        pk = parse_id(payload["organiser"], "organiser", errors)
        if pk is not None:
            try:
                data["organiser"] = unit_get(actor=actor, pk=pk)
            except Http404:
                errors.add("organiser", _("This unit does not exist or is outside your scope."))
    elif creating:
        errors.add("organiser", _("This field is required."))
    if payload.get("plan") is not None:
        pk = parse_id(payload["plan"], "plan", errors)
        if pk is not None:
            plan = selectors.plan_queryset(actor=actor).filter(pk=pk).first()
            if plan is None:
                errors.add("plan", _("This plan does not exist or is outside your scope."))
            else:
                data["plan"] = plan
    elif "plan" in payload:
        data["plan"] = None
    for name in ("start_date", "end_date"):
        if name in payload:
            value = parse_date(payload[name], name, errors)
            if value is not None:
                data[name] = value
        elif creating:
            errors.add(name, _("This field is required."))
    if "is_full_time" in payload:
        value = parse_bool(payload["is_full_time"], "is_full_time", errors)
        if value is not None:
            data["is_full_time"] = value
    if "capacity" in payload:
        if payload["capacity"] is None:
            data["capacity"] = None
        else:
            value = parse_id(payload["capacity"], "capacity", errors)
            if value is not None:
                data["capacity"] = value
    sub_venues = None
    if "sub_venues" in payload:
        value = payload["sub_venues"]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            errors.add("sub_venues", _("Send a list."))
        else:
            sub_venues = value
    return data, sub_venues


SESSION_INPUT = {
    "title",
    "date",
    "start_time",
    "end_time",
    "credit_hours",
    "course",
    "lecturer_cadre",
    "lecturer_name",
    "lecturer_affiliation",
}


def parse_session_input(payload: dict, *, actor, errors: FieldErrors) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in sorted(set(payload) - SESSION_INPUT):
        errors.add(name, _("Unknown field."))
    for name in ("title", "lecturer_name", "lecturer_affiliation"):
        value = parse_text(payload, name, errors, required=name == "title")
        if value is not None:
            data[name] = value
    checks = (
        ("date", parse_date),
        ("start_time", parse_time),
        ("end_time", parse_time),
        ("credit_hours", parse_hours),
    )
    for name, parser in checks:
        if name not in payload:
            errors.add(name, _("This field is required."))
            continue
        value = parser(payload[name], name, errors)
        if value is not None:
            data[name] = value
    if payload.get("course") is not None:
        pk = parse_id(payload["course"], "course", errors)
        if pk is not None:
            course = Course.objects.filter(pk=pk).first()
            if course is None:
                errors.add("course", _("This course does not exist."))
            else:
                data["course"] = course
    if payload.get("lecturer_cadre") is not None:
        pk = parse_id(payload["lecturer_cadre"], "lecturer_cadre", errors)
        if pk is not None:
            from ganshi.accounts.scopes import cadre_scope_q
            from ganshi.cadres.models import Cadre

            cadre = Cadre.objects.filter(cadre_scope_q(actor), pk=pk).first()
            if cadre is None:
                errors.add(
                    "lecturer_cadre", _("This cadre does not exist or is outside your scope.")
                )
            else:
                data["lecturer_cadre"] = cadre
    return data


def parse_limit(query: QueryDict, errors: FieldErrors) -> int:
    raw = query.get("limit", "")
    if not raw:
        return LIMIT_DEFAULT
    if raw.isdigit() and 1 <= int(raw) <= LIMIT_MAX:
        return int(raw)
    errors.add("limit", _("Enter a number from 1 to %(max)s.") % {"max": LIMIT_MAX})
    return LIMIT_DEFAULT


def parse_year(query: QueryDict, errors: FieldErrors, default: int) -> int:
    raw = query.get("year", "")
    if not raw:
        return default
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    errors.add("year", _("Enter a year between 2000 and 2100."))
    return default


def parse_unit(query: QueryDict, errors: FieldErrors, *, actor):
    raw = query.get("unit", "")
    if not raw:
        return None
    if raw.isdigit() and int(raw) <= MAX_ID:
        try:
            return unit_get(actor=actor, pk=int(raw))
        except Http404:
            pass
    errors.add("unit", _("This unit does not exist or is outside your scope."))
    return None


def parse_month(query: QueryDict, errors: FieldErrors) -> int | None:
    raw = query.get("month", "")
    if not raw:
        return None
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    errors.add("month", _("Enter a month from 1 to 12."))
    return None


def parse_kind(query: QueryDict, errors: FieldErrors) -> TrainingKind | None:
    raw = query.get("kind", "")
    if not raw:
        return None
    kind = TrainingKind.objects.filter(code=raw).first()
    if kind is None:
        errors.add("kind", _("Choose a kind of class from the list."))
    return kind


CRITERIA_INPUT = {"unit", "leadership_level", "age_band", "category", "rank", "gender"}


def parse_criteria(payload, *, actor, errors: FieldErrors) -> CadreFilters:
    """Enrolment criteria: the registry's list filters (unit, leadership level, age band …)."""
    if not isinstance(payload, dict):
        errors.add("criteria", _("Send a JSON object."))
        return CadreFilters()
    filters = CadreFilters()
    for name in sorted(set(payload) - CRITERIA_INPUT):
        errors.add(f"criteria.{name}", _("Unknown field."))
    if payload.get("unit") is not None:
        pk = parse_id(payload["unit"], "criteria.unit", errors)
        if pk is not None:
            try:
                filters.unit = unit_get(actor=actor, pk=pk)
            except Http404:
                errors.add("criteria.unit", _("This unit does not exist or is outside your scope."))
    for name, choices in (
        ("leadership_level", LeadershipLevel.values),
        ("age_band", AgeBand.values),
        ("category", CadreCategory.values),
        ("gender", ["male", "female"]),
    ):
        if payload.get(name) is not None:
            if payload[name] in choices:
                setattr(filters, name, payload[name])
            else:
                errors.add(
                    f"criteria.{name}",
                    _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)},
                )
    if payload.get("rank") is not None:
        rank = payload["rank"]
        if isinstance(rank, int) and not isinstance(rank, bool):
            filters.rank = rank
        else:
            errors.add("criteria.rank", _("Enter a whole number."))
    return filters


def parse_cursor(
    query: QueryDict, errors: FieldErrors, model, order: tuple[str, ...]
) -> str | None:
    """The cursor when its values fit the order's fields of ``model``."""
    raw = query.get("cursor", "")
    if raw and cursor_values(model, order, raw) is None:
        errors.add("cursor", _("This cursor is not valid here; start again from the first page."))
        return None
    return raw or None

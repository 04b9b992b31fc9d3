"""Shapes of the practice API, and the parsing of its query strings and bodies.

Parsing names every bad field at once (``FieldErrors``); ids of cadres, units and batches
are looked up within the actor's scope, so one outside it reads as "does not exist".
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import Schema

from ganshi.accounts.scopes import cadre_scope_q, unit_scope_q
from ganshi.cadres.models import Cadre
from ganshi.core.api_errors import MAX_ID, FieldErrors
from ganshi.core.pagination import cursor_values
from ganshi.orgs.models import Unit
from ganshi.practice.choices import (
    AssignmentStatus,
    EvaluationGrade,
    EvaluationStage,
    Outcome,
    ProgrammeKind,
    Transition,
)
from ganshi.practice.models import Assignment, Batch, Evaluation, Programme
from ganshi.practice.selectors import (
    BATCH_ORDER,
    SENT,
    AssignmentFilters,
    BatchFilters,
    FigureFilters,
    assignment_order,
    batch_queryset,
)

LIMIT_DEFAULT = 50
LIMIT_MAX = 200
TEXT_LIMITS = {
    "name": 60,
    "notes": 2000,
    "host_name": 120,
    "post": 120,
    "mentor_name": 60,
    "comment": 300,
    "outcome_note": 2000,
    "evaluator": 60,
    "evaluation_comment": 2000,
}


# --- output -------------------------------------------------------------------------------


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    is_front_line: bool
    is_active: bool


class BatchOut(Schema):
    id: int
    programme: int
    programme_name: str
    name: str
    year: int
    organiser: int
    organiser_name: str
    notes: str


class BatchPage(Schema):
    items: list[BatchOut]
    next: str | None


class EvaluationOut(Schema):
    id: int
    stage: str
    stage_label: str
    grade: str
    grade_label: str
    evaluator: str
    date: datetime.date
    comment: str


class EventOut(Schema):
    from_status: str
    to_status: str
    actor: str | None
    comment: str
    created_at: datetime.datetime


class AssignmentOut(Schema):
    id: int
    cadre: int
    cadre_name: str
    cadre_unit: str
    batch: int
    batch_name: str
    programme: int
    programme_name: str
    year: int
    host_unit: int | None
    host: str
    post: str
    mentor_cadre: int | None
    mentor: str
    start: datetime.date
    planned_end: datetime.date
    actual_end: datetime.date | None
    status: str
    status_label: str
    outcome: str
    outcome_note: str


class AssignmentDetail(AssignmentOut):
    evaluations: list[EvaluationOut]
    events: list[EventOut]


class AssignmentPage(Schema):
    items: list[AssignmentOut]
    next: str | None


class FigureRowOut(Schema):
    key: int | str
    label: str
    person_times: int
    cadres: int


class FiguresOut(Schema):
    person_times: int
    cadres: int
    front_line_person_times: int
    front_line_cadres: int
    by_programme: list[FigureRowOut]
    by_year: list[FigureRowOut]
    by_batch: list[FigureRowOut]


def programme_data(programme: Programme) -> dict:
    return {
        "id": programme.pk,
        "code": programme.code,
        "name": programme.name,
        "kind": programme.kind,
        "kind_label": str(programme.get_kind_display()),
        "is_front_line": programme.is_front_line,
        "is_active": programme.is_active,
    }


def batch_data(batch: Batch) -> dict:
    return {
        "id": batch.pk,
        "programme": batch.programme_id,
        "programme_name": batch.programme.name,
        "name": batch.name,
        "year": batch.year,
        "organiser": batch.organiser_id,
        "organiser_name": batch.organiser.name,
        "notes": batch.notes,
    }


def assignment_data(assignment: Assignment) -> dict:
    return {
        "id": assignment.pk,
        "cadre": assignment.cadre_id,
        "cadre_name": assignment.cadre.name,
        "cadre_unit": assignment.cadre.unit.name,
        "batch": assignment.batch_id,
        "batch_name": assignment.batch.name,
        "programme": assignment.batch.programme_id,
        "programme_name": assignment.batch.programme.name,
        "year": assignment.batch.year,
        "host_unit": assignment.host_unit_id,
        "host": assignment.host,
        "post": assignment.post,
        "mentor_cadre": assignment.mentor_cadre_id,
        "mentor": assignment.mentor,
        "start": assignment.start,
        "planned_end": assignment.planned_end,
        "actual_end": assignment.actual_end,
        "status": assignment.status,
        "status_label": str(assignment.get_status_display()),
        "outcome": assignment.outcome,
        "outcome_note": assignment.outcome_note,
    }


def evaluation_data(evaluation: Evaluation) -> dict:
    return {
        "id": evaluation.pk,
        "stage": evaluation.stage,
        "stage_label": str(evaluation.get_stage_display()),
        "grade": evaluation.grade,
        "grade_label": str(evaluation.get_grade_display()),
        "evaluator": evaluation.evaluator,
        "date": evaluation.date,
        "comment": evaluation.comment,
    }


def assignment_detail_data(assignment: Assignment) -> dict:
    return {
        **assignment_data(assignment),
        "evaluations": [evaluation_data(item) for item in assignment.evaluations.all()],
        "events": [
            {
                "from_status": event.from_status,
                "to_status": event.to_status,
                "actor": event.actor.username if event.actor_id else None,
                "comment": event.comment,
                "created_at": event.created_at,
            }
            for event in assignment.events.all()
        ],
    }


def figure_rows(items) -> list[dict]:
    return [
        {
            "key": item.key,
            "label": item.label,
            "person_times": item.person_times,
            "cadres": item.cadres,
        }
        for item in items
    ]


# --- parsing ------------------------------------------------------------------------------


def _id(value: Any) -> int | None:
    """A database id from a JSON number or a string of digits; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 19:
            return None
        value = int(text)
    if isinstance(value, int) and 1 <= value <= MAX_ID:
        return value
    return None


def _scoped(queryset, value: Any, field: str, message: str, errors: FieldErrors):
    pk = _id(value)
    found = queryset.filter(pk=pk).first() if pk is not None else None
    if found is None:
        errors.add(field, message)
    return found


def unit_of(actor, value, field: str, errors: FieldErrors) -> Unit | None:
    return _scoped(
        Unit.objects.filter(unit_scope_q(actor)),
        value,
        field,
        _("This unit does not exist or is outside your scope."),
        errors,
    )


def cadre_of(actor, value, field: str, errors: FieldErrors) -> Cadre | None:
    return _scoped(
        Cadre.objects.filter(cadre_scope_q(actor)),
        value,
        field,
        pgettext("practice", "This cadre does not exist or is outside your scope."),
        errors,
    )


def batch_of(actor, value, field: str, errors: FieldErrors) -> Batch | None:
    return _scoped(
        batch_queryset(actor=actor).select_related("programme", "organiser"),
        value,
        field,
        pgettext("practice", "This batch does not exist or is outside your scope."),
        errors,
    )


def programme_of(value, field: str, errors: FieldErrors) -> Programme | None:
    return _scoped(
        Programme.objects.all(),
        value,
        field,
        pgettext("practice", "This programme does not exist."),
        errors,
    )


def parse_date(value: Any, field: str, errors: FieldErrors) -> datetime.date | None:
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.add(field, pgettext("practice", "Enter a date such as 2026-03-01."))
    return None


def parse_text(value: Any, field: str, errors: FieldErrors, *, limit_key: str = "") -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(field, _("Enter text."))
        return ""
    if "\x00" in value:
        errors.add(field, _("The text contains a NUL character."))
        return ""
    limit = TEXT_LIMITS.get(limit_key or field, 2000)
    if len(value) > limit:
        errors.add(field, _("Enter at most %(count)s characters.") % {"count": limit})
        return ""
    return value.strip()


def parse_choice(value: Any, field: str, choices, errors: FieldErrors) -> str:
    codes = [code for code, _label in choices]
    if isinstance(value, str) and value in codes:
        return value
    errors.add(field, _("Choose one of: %(choices)s.") % {"choices": ", ".join(codes)})
    return ""


def parse_year(value: Any, field: str, errors: FieldErrors) -> int | None:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 1980 <= value <= 2100:
        return value
    errors.add(
        field,
        pgettext("practice", "Enter a year between %(low)s and %(high)s.")
        % {"low": 1980, "high": 2100},
    )
    return None


def check_fields(payload: dict, allowed: set[str], required: set[str], errors: FieldErrors):
    for name in sorted(set(payload) - allowed):
        errors.add(name, _("Unknown field."))
    for name in sorted(required):
        if payload.get(name) in (None, ""):
            errors.add(name, _("This field is required."))


def parse_limit(params: QueryDict, errors: FieldErrors) -> int:
    text = params.get("limit", "").strip()
    if not text:
        return LIMIT_DEFAULT
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= LIMIT_MAX:
        errors.add("limit", _("Enter a whole number from 1 to %(max)s.") % {"max": LIMIT_MAX})
        return LIMIT_DEFAULT
    return int(text)


def parse_cursor(params: QueryDict, model, order, errors: FieldErrors) -> str | None:
    cursor = params.get("cursor", "").strip() or None
    if cursor is not None and cursor_values(model, order, cursor) is None:
        errors.add("cursor", _("This cursor is not valid here; start again from the first page."))
        return None
    return cursor


BATCH_LIST_PARAMETERS = {"programme", "year", "cursor", "limit"}
ASSIGNMENT_LIST_PARAMETERS = {
    "programme",
    "kind",
    "batch",
    "year",
    "status",
    "unit",
    "cadre",
    "ending_soon",
    "cursor",
    "limit",
}
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "no", "off"}


def _unknown(params: QueryDict, allowed: set[str], errors: FieldErrors) -> None:
    for name in sorted(set(params) - allowed):
        errors.add(name, _("Unknown parameter."))


def parse_batch_list(params: QueryDict, *, actor) -> tuple[BatchFilters, str | None, int]:
    errors = FieldErrors()
    _unknown(params, BATCH_LIST_PARAMETERS, errors)
    filters = BatchFilters()
    if params.get("programme"):
        filters.programme = programme_of(params["programme"], "programme", errors)
    if params.get("year"):
        filters.year = parse_year(params["year"], "year", errors)
    limit = parse_limit(params, errors)
    cursor = parse_cursor(params, Batch, BATCH_ORDER, errors)
    errors.raise_if_any()
    return filters, cursor, limit


def parse_assignment_list(params: QueryDict, *, actor) -> tuple[AssignmentFilters, str | None, int]:
    errors = FieldErrors()
    _unknown(params, ASSIGNMENT_LIST_PARAMETERS, errors)
    filters = AssignmentFilters()
    if params.get("programme"):
        filters.programme = programme_of(params["programme"], "programme", errors)
    if params.get("kind"):
        filters.kind = parse_choice(params["kind"], "kind", ProgrammeKind.choices, errors)
    if params.get("batch"):
        filters.batch = batch_of(actor, params["batch"], "batch", errors)
    if params.get("year"):
        filters.year = parse_year(params["year"], "year", errors)
    if params.get("status"):
        filters.status = parse_choice(
            params["status"], "status", [(SENT, SENT), *AssignmentStatus.choices], errors
        )
    if params.get("unit"):
        filters.unit = unit_of(actor, params["unit"], "unit", errors)
    if params.get("cadre"):
        filters.cadre = cadre_of(actor, params["cadre"], "cadre", errors)
    ending_soon = params.get("ending_soon", "").strip().lower()
    if ending_soon not in TRUE_WORDS | FALSE_WORDS:
        errors.add("ending_soon", _("Enter 1 or 0."))
    filters.ending_soon = ending_soon in TRUE_WORDS
    limit = parse_limit(params, errors)
    cursor = parse_cursor(params, Assignment, assignment_order(filters), errors)
    errors.raise_if_any()
    return filters, cursor, limit


def parse_figure_filters(params: QueryDict, *, actor) -> FigureFilters:
    errors = FieldErrors()
    _unknown(params, {"year", "unit"}, errors)
    filters = FigureFilters()
    if params.get("year"):
        filters.year = parse_year(params["year"], "year", errors)
    if params.get("unit"):
        filters.unit = unit_of(actor, params["unit"], "unit", errors)
    errors.raise_if_any()
    return filters


BATCH_FIELDS = {"programme", "name", "year", "organiser", "notes"}


def parse_batch(payload: dict, *, actor, errors: FieldErrors) -> dict:
    check_fields(payload, BATCH_FIELDS, {"programme", "name", "year", "organiser"}, errors)
    data: dict[str, Any] = {}
    if payload.get("programme") not in (None, ""):
        data["programme"] = programme_of(payload["programme"], "programme", errors)
    if payload.get("organiser") not in (None, ""):
        data["organiser"] = unit_of(actor, payload["organiser"], "organiser", errors)
    if payload.get("year") not in (None, ""):
        data["year"] = parse_year(payload["year"], "year", errors)
    data["name"] = parse_text(payload.get("name"), "name", errors)
    data["notes"] = parse_text(payload.get("notes"), "notes", errors)
    return {key: value for key, value in data.items() if value is not None}


ASSIGNMENT_FIELDS = {
    "cadre",
    "batch",
    "host_unit",
    "host_name",
    "post",
    "mentor_cadre",
    "mentor_name",
    "start",
    "planned_end",
}


def parse_assignment(payload: dict, *, actor, errors: FieldErrors) -> dict:
    check_fields(payload, ASSIGNMENT_FIELDS, {"cadre", "batch", "start", "planned_end"}, errors)
    data: dict[str, Any] = {}
    if payload.get("cadre") not in (None, ""):
        data["cadre"] = cadre_of(actor, payload["cadre"], "cadre", errors)
    if payload.get("batch") not in (None, ""):
        data["batch"] = batch_of(actor, payload["batch"], "batch", errors)
    if payload.get("host_unit") not in (None, ""):
        data["host_unit"] = unit_of(actor, payload["host_unit"], "host_unit", errors)
    if payload.get("mentor_cadre") not in (None, ""):
        data["mentor_cadre"] = cadre_of(actor, payload["mentor_cadre"], "mentor_cadre", errors)
    for name in ("start", "planned_end"):
        if payload.get(name) not in (None, ""):
            data[name] = parse_date(payload[name], name, errors)
    for name in ("host_name", "post", "mentor_name"):
        data[name] = parse_text(payload.get(name), name, errors)
    return data


TRANSITION_FIELDS = {"action", "date", "comment", "outcome", "outcome_note"}


def parse_transition(payload: dict, errors: FieldErrors) -> dict:
    check_fields(payload, TRANSITION_FIELDS, {"action"}, errors)
    data: dict[str, Any] = {"action": ""}
    if payload.get("action") not in (None, ""):
        data["action"] = parse_choice(payload["action"], "action", Transition.choices, errors)
    if payload.get("date") not in (None, ""):
        data["date"] = parse_date(payload["date"], "date", errors)
    if payload.get("outcome") not in (None, ""):
        data["outcome"] = parse_choice(payload["outcome"], "outcome", Outcome.choices, errors)
    data["comment"] = parse_text(payload.get("comment"), "comment", errors)
    data["outcome_note"] = parse_text(payload.get("outcome_note"), "outcome_note", errors)
    return data


EVALUATION_FIELDS = {"stage", "grade", "evaluator", "date", "comment"}


def parse_evaluation(payload: dict, errors: FieldErrors) -> dict:
    check_fields(payload, EVALUATION_FIELDS, {"stage", "grade", "evaluator", "date"}, errors)
    data: dict[str, Any] = {}
    if payload.get("stage") not in (None, ""):
        data["stage"] = parse_choice(payload["stage"], "stage", EvaluationStage.choices, errors)
    if payload.get("grade") not in (None, ""):
        data["grade"] = parse_choice(payload["grade"], "grade", EvaluationGrade.choices, errors)
    if payload.get("date") not in (None, ""):
        data["date"] = parse_date(payload["date"], "date", errors)
    data["evaluator"] = parse_text(payload.get("evaluator"), "evaluator", errors)
    data["comment"] = parse_text(
        payload.get("comment"), "comment", errors, limit_key="evaluation_comment"
    )
    return data

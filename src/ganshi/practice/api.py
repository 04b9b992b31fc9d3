"""API of front-line practice under /api/v1/practice/ (thin: parse, call a selector or
service, render). Scoped exactly as the pages: an assignment or batch outside the actor's
scope answers 404; bad input answers 422 naming every bad field, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Path, Router

from ganshi.accounts.api_auth import require_editor, require_reader
from ganshi.core.api_errors import (
    COMMON_RESPONSES,
    MAX_ID,
    DetailOut,
    ErrorsOut,
    FieldErrors,
    check_query_params,
    read_json_object,
)
from ganshi.practice import services
from ganshi.practice.schemas import (
    AssignmentDetail,
    AssignmentPage,
    BatchOut,
    BatchPage,
    EvaluationOut,
    FiguresOut,
    ProgrammeOut,
    assignment_data,
    assignment_detail_data,
    batch_data,
    evaluation_data,
    figure_rows,
    parse_assignment,
    parse_assignment_list,
    parse_batch,
    parse_batch_list,
    parse_evaluation,
    parse_figure_filters,
    parse_transition,
    programme_data,
)
from ganshi.practice.selectors import (
    assignment_get,
    assignment_list,
    batch_get,
    batch_page,
    practice_figures,
    programme_list,
)

router = Router(tags=["practice"])

READ_RESPONSES = {404: DetailOut, 422: ErrorsOut, **COMMON_RESPONSES}
WRITE_RESPONSES = {
    400: ErrorsOut,
    404: DetailOut,
    413: ErrorsOut,
    422: ErrorsOut,
    **COMMON_RESPONSES,
}


class _Discard(Exception):
    """Raised inside the write's transaction to roll it back."""


def _write(*, errors: FieldErrors, save: Callable[[], Any]) -> Any:
    """Run ``save()`` (a service call) and keep its work only when nothing was wrong; the
    service's errors on fields that already failed to parse are left out."""
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


@router.get(
    "/programmes",
    operation_id="practice_programmes",
    response={200: list[ProgrammeOut], **COMMON_RESPONSES},
)
def programmes(request: HttpRequest):
    """Every programme (五个一线, 双向历练, 跟班学习, 岗位锻炼 and the county's own)."""
    require_reader(request)
    check_query_params(request, set())
    return [programme_data(programme) for programme in programme_list()]


@router.get(
    "/batches", operation_id="practice_batches", response={200: BatchPage, **READ_RESPONSES}
)
def batches(request: HttpRequest):
    """Batches organised in the actor's scope, newest year first: ``{"items", "next"}``.
    Filters: ``programme`` (id), ``year``; ``cursor``, ``limit`` (1–200)."""
    actor = require_reader(request)
    filters, cursor, limit = parse_batch_list(request.GET, actor=actor)
    page = batch_page(actor=actor, cursor=cursor, size=limit, filters=filters)
    return {"items": [batch_data(batch) for batch in page.items], "next": page.next_cursor}


@router.post(
    "/batches", operation_id="practice_batch_create", response={201: BatchOut, **WRITE_RESPONSES}
)
def batch_create(request: HttpRequest):
    """``{"programme": id, "name": "第八批", "year": 2026, "organiser": unit id, "notes"}``."""
    actor = require_editor(request)
    check_query_params(request, set())
    payload = read_json_object(request)
    errors = FieldErrors()
    data = parse_batch(payload, actor=actor, errors=errors)
    created = _write(errors=errors, save=lambda: services.batch_create(actor=actor, data=data))
    return 201, batch_data(batch_get(actor=actor, pk=created.pk))


@router.get(
    "/batches/{batch_id}",
    operation_id="practice_batch_get",
    response={200: BatchOut, **READ_RESPONSES},
)
def batch_detail(request: HttpRequest, batch_id: int = Path(..., ge=1, le=MAX_ID)):
    actor = require_reader(request)
    check_query_params(request, set())
    return batch_data(batch_get(actor=actor, pk=batch_id))


@router.get(
    "/assignments",
    operation_id="practice_assignments",
    response={200: AssignmentPage, **READ_RESPONSES},
)
def assignments(request: HttpRequest):
    """Assignments of cadres in the actor's scope: ``{"items", "next"}``, newest start
    first (by planned end with ``ending_soon=1``). Filters: ``programme``, ``kind``,
    ``batch``, ``year`` (the batch's), ``status`` (or ``sent``), ``unit`` (the cadre's
    unit and below), ``cadre``, ``ending_soon`` (open and planned to end within 30 days);
    ``cursor``, ``limit`` (1–200)."""
    actor = require_reader(request)
    filters, cursor, limit = parse_assignment_list(request.GET, actor=actor)
    page = assignment_list(actor=actor, filters=filters, cursor=cursor, size=limit)
    return {"items": [assignment_data(item) for item in page.items], "next": page.next_cursor}


@router.post(
    "/assignments",
    operation_id="practice_assignment_create",
    response={201: AssignmentDetail, **WRITE_RESPONSES},
)
def assignment_create(request: HttpRequest):
    """``{"cadre", "batch", "host_unit" or "host_name", "post", "mentor_cadre" or
    "mentor_name", "start", "planned_end"}`` (dates as 2026-03-01); planned."""
    actor = require_editor(request)
    check_query_params(request, set())
    payload = read_json_object(request)
    errors = FieldErrors()
    data = parse_assignment(payload, actor=actor, errors=errors)
    created = _write(errors=errors, save=lambda: services.assignment_create(actor=actor, data=data))
    return 201, assignment_detail_data(assignment_get(actor=actor, pk=created.pk))


@router.get(
    "/assignments/{assignment_id}",
    operation_id="practice_assignment_get",
    response={200: AssignmentDetail, **READ_RESPONSES},
)
def assignment_detail(request: HttpRequest, assignment_id: int = Path(..., ge=1, le=MAX_ID)):
    actor = require_reader(request)
    check_query_params(request, set())
    return assignment_detail_data(assignment_get(actor=actor, pk=assignment_id))


@router.post(
    "/assignments/{assignment_id}/transition",
    operation_id="practice_assignment_transition",
    response={200: AssignmentDetail, **WRITE_RESPONSES},
)
def assignment_transition(request: HttpRequest, assignment_id: int = Path(..., ge=1, le=MAX_ID)):
    """``{"action": "start" | "complete" | "recall" | "cancel", "date", "comment",
    "outcome" (on complete: excellent, qualified, unqualified), "outcome_note"}``."""
    actor = require_editor(request)
    check_query_params(request, set())
    assignment = assignment_get(actor=actor, pk=assignment_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    data = parse_transition(payload, errors)
    _write(
        errors=errors,
        save=lambda: services.assignment_transition(actor=actor, assignment=assignment, **data),
    )
    return assignment_detail_data(assignment_get(actor=actor, pk=assignment.pk))


@router.get(
    "/assignments/{assignment_id}/evaluations",
    operation_id="practice_evaluations",
    response={200: list[EvaluationOut], **READ_RESPONSES},
)
def evaluations(request: HttpRequest, assignment_id: int = Path(..., ge=1, le=MAX_ID)):
    actor = require_reader(request)
    check_query_params(request, set())
    assignment = assignment_get(actor=actor, pk=assignment_id)
    return [evaluation_data(item) for item in assignment.evaluations.all()]


@router.post(
    "/assignments/{assignment_id}/evaluations",
    operation_id="practice_evaluation_create",
    response={201: EvaluationOut, **WRITE_RESPONSES},
)
def evaluation_create(request: HttpRequest, assignment_id: int = Path(..., ge=1, le=MAX_ID)):
    """``{"stage": "mid_term" | "final", "grade": "excellent" | "good" | "qualified" |
    "unqualified", "evaluator", "date", "comment"}``."""
    actor = require_editor(request)
    check_query_params(request, set())
    assignment = assignment_get(actor=actor, pk=assignment_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    data = parse_evaluation(payload, errors)
    created = _write(
        errors=errors,
        save=lambda: services.evaluation_record(actor=actor, assignment=assignment, data=data),
    )
    return 201, evaluation_data(created)


@router.get(
    "/figures", operation_id="practice_figures", response={200: FiguresOut, **READ_RESPONSES}
)
def figures(request: HttpRequest):
    """Cadres sent (serving, completed, recalled) in the actor's scope: person-times and
    distinct cadres in total, to the five front lines, and per programme, year and batch.
    Filters: ``year`` (the batch's), ``unit`` (the cadre's unit and below)."""
    actor = require_reader(request)
    filters = parse_figure_filters(request.GET, actor=actor)
    result = practice_figures(actor=actor, filters=filters)
    return {
        "person_times": result.person_times,
        "cadres": result.cadres,
        "front_line_person_times": result.front_line_person_times,
        "front_line_cadres": result.front_line_cadres,
        "by_programme": figure_rows(result.by_programme),
        "by_year": figure_rows(result.by_year),
        "by_batch": figure_rows(result.by_batch),
    }

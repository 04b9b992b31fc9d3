"""Reads on front-line practice, scoped to the actor.

Scope: a batch belongs to its organiser unit; an assignment to its cadre (a township
sees its own cadres' assignments, in its own batches or the county's). Figures count
the assignments the actor sees.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ganshi.accounts.scopes import cadre_scope_q, subtree_q, unit_scope_q
from ganshi.cadres.choices import AgeBand
from ganshi.cadres.models import Cadre
from ganshi.cadres.selectors import SORTS as CADRE_SORTS
from ganshi.cadres.selectors import CadreFilters, age_band_q, cadre_filtered
from ganshi.core.pagination import COUNT_LIMIT, Page, bounded_count, keyset_page
from ganshi.orgs.models import Unit
from ganshi.practice.choices import (
    ENDING_SOON_DAYS,
    OPEN_STATUSES,
    SENT_STATUSES,
    AssignmentStatus,
    ProgrammeKind,
)
from ganshi.practice.models import Assignment, AssignmentEvent, Batch, Evaluation, Programme

# The "status" filter's extra value: every cadre actually sent (serving, completed, recalled).
SENT = "sent"
BATCH_ORDER = ("-year", "-id")


def today() -> datetime.date:
    return timezone.localdate()


# --- programmes and batches ---------------------------------------------------------------


def programme_list(*, active_only: bool = False) -> QuerySet[Programme]:
    """Every programme (programmes are shared by the county; batches are scoped)."""
    queryset = Programme.objects.order_by("sort_order", "id")
    return queryset.filter(is_active=True) if active_only else queryset


def programme_get(*, pk) -> Programme:
    return get_object_or_404(Programme, pk=pk)


def batch_queryset(*, actor) -> QuerySet[Batch]:
    return Batch.objects.filter(unit_scope_q(actor, prefix="organiser__"))


@dataclass
class BatchFilters:
    programme: Programme | None = None
    year: int | None = None


def batch_page(
    *, actor, cursor: str | None, size: int, filters: BatchFilters | None = None
) -> Page:
    filters = filters or BatchFilters()
    queryset = batch_queryset(actor=actor).select_related("programme", "organiser")
    if filters.programme is not None:
        queryset = queryset.filter(programme=filters.programme)
    if filters.year is not None:
        queryset = queryset.filter(year=filters.year)
    queryset = queryset.annotate(assignment_count=Count("assignments"))
    return keyset_page(queryset, order=BATCH_ORDER, cursor=cursor, size=size)


def batch_get(*, actor, pk) -> Batch:
    return get_object_or_404(
        batch_queryset(actor=actor).select_related("programme", "organiser"), pk=pk
    )


def batch_choices(*, actor) -> QuerySet[Batch]:
    return batch_queryset(actor=actor).select_related("programme").order_by("-year", "-id")


# --- assignments --------------------------------------------------------------------------


def assignment_queryset(*, actor) -> QuerySet[Assignment]:
    return Assignment.objects.filter(cadre_scope_q(actor, prefix="cadre__"))


@dataclass
class AssignmentFilters:
    programme: Programme | None = None
    kind: str = ""  # a ProgrammeKind
    batch: Batch | None = None
    year: int | None = None  # the batch's year
    status: str = ""  # an AssignmentStatus, or "sent"
    unit: Unit | None = None  # the cadre's unit and everything under it
    cadre: Cadre | None = None
    ending_soon: bool = False  # open, planned to end within ENDING_SOON_DAYS from today


def ending_soon_q(on: datetime.date | None = None) -> Q:
    on = on or today()
    return Q(
        status__in=OPEN_STATUSES,
        planned_end__gte=on,
        planned_end__lte=on + datetime.timedelta(days=ENDING_SOON_DAYS),
    )


def assignment_filtered(*, actor, filters: AssignmentFilters) -> QuerySet[Assignment]:
    queryset = assignment_queryset(actor=actor)
    if filters.programme is not None:
        queryset = queryset.filter(batch__programme=filters.programme)
    if filters.kind:
        queryset = queryset.filter(batch__programme__kind=filters.kind)
    if filters.batch is not None:
        queryset = queryset.filter(batch=filters.batch)
    if filters.year is not None:
        queryset = queryset.filter(batch__year=filters.year)
    if filters.status == SENT:
        queryset = queryset.filter(status__in=SENT_STATUSES)
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.unit is not None:
        queryset = queryset.filter(subtree_q(filters.unit.path, prefix="cadre__unit__"))
    if filters.cadre is not None:
        queryset = queryset.filter(cadre=filters.cadre)
    if filters.ending_soon:
        queryset = queryset.filter(ending_soon_q())
    return queryset


def assignment_order(filters: AssignmentFilters) -> tuple[str, ...]:
    return ("planned_end", "id") if filters.ending_soon else ("-start", "-id")


def assignment_list(
    *, actor, filters: AssignmentFilters, cursor: str | None = None, size: int = 50
) -> Page:
    """One page (keyset): newest start first; the ending-soon list by planned end."""
    queryset = assignment_filtered(actor=actor, filters=filters).select_related(
        "cadre", "cadre__unit", "batch", "batch__programme", "host_unit", "mentor_cadre"
    )
    return keyset_page(queryset, order=assignment_order(filters), cursor=cursor, size=size)


def assignment_count(
    *, actor, filters: AssignmentFilters, limit: int = COUNT_LIMIT
) -> tuple[int, bool]:
    return bounded_count(assignment_filtered(actor=actor, filters=filters), limit=limit)


def assignment_export_rows(*, actor, filters: AssignmentFilters, limit: int):
    return (
        assignment_filtered(actor=actor, filters=filters)
        .select_related(
            "cadre", "cadre__unit", "batch", "batch__programme", "host_unit", "mentor_cadre"
        )
        .order_by(*assignment_order(filters))[:limit]
    )


def assignment_get(*, actor, pk) -> Assignment:
    """One assignment with its batch, host, mentor, events and evaluations."""
    queryset = (
        assignment_queryset(actor=actor)
        .select_related(
            "cadre",
            "cadre__unit",
            "batch",
            "batch__programme",
            "batch__organiser",
            "host_unit",
            "mentor_cadre",
        )
        .prefetch_related(
            Prefetch("events", queryset=AssignmentEvent.objects.select_related("actor")),
            Prefetch("evaluations", queryset=Evaluation.objects.order_by("date", "id")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def ending_soon_count(*, actor) -> int:
    return assignment_queryset(actor=actor).filter(ending_soon_q()).count()


# --- choosing cadres for a batch ----------------------------------------------------------


@dataclass
class CandidateFilters:
    cadre: CadreFilters
    young_only: bool = False
    never_served_only: bool = False


def front_line_served_q() -> Exists:
    """The cadre has served (or is serving, or is planned) in a front-line programme."""
    return Exists(
        Assignment.objects.filter(
            cadre=OuterRef("pk"),
            batch__programme__kind=ProgrammeKind.FRONT_LINE,
            status__in=(AssignmentStatus.PLANNED, *SENT_STATUSES),
        )
    )


def candidate_filtered(*, actor, filters: CandidateFilters, batch: Batch | None = None):
    queryset = cadre_filtered(actor=actor, filters=filters.cadre).annotate(
        has_front_line=front_line_served_q()
    )
    if batch is not None:
        queryset = queryset.annotate(
            in_batch=Exists(Assignment.objects.filter(cadre=OuterRef("pk"), batch=batch))
        )
    if filters.young_only:
        queryset = queryset.filter(age_band_q(AgeBand.YOUNG))
    if filters.never_served_only:
        queryset = queryset.filter(has_front_line=False)
    return queryset


def candidate_list(
    *,
    actor,
    filters: CandidateFilters,
    batch: Batch | None = None,
    cursor: str | None = None,
    size: int = 50,
) -> Page:
    """Cadres to choose from, each marked: front-line service so far and already in the
    batch. Age and "young" come from the birth month (``cadres.selectors.age_of``)."""
    order = CADRE_SORTS.get(filters.cadre.sort, CADRE_SORTS["pinyin"])
    queryset = candidate_filtered(actor=actor, filters=filters, batch=batch).select_related("unit")
    return keyset_page(queryset, order=order, cursor=cursor, size=size)


def candidate_count(*, actor, filters: CandidateFilters, limit: int = COUNT_LIMIT):
    return bounded_count(candidate_filtered(actor=actor, filters=filters), limit=limit)


def candidates_get(*, actor, ids) -> list[Cadre]:
    """The cadres among ``ids`` the actor may see (ids outside scope are dropped)."""
    wanted = [
        int(pk) for pk in ids if str(pk).isascii() and str(pk).isdigit() and len(str(pk)) < 19
    ]
    return list(
        Cadre.objects.filter(cadre_scope_q(actor), pk__in=wanted).order_by("name_pinyin", "id")
    )


# --- figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureCount:
    key: int | str
    label: str
    person_times: int  # 人次: assignments
    cadres: int  # distinct cadres


@dataclass(frozen=True)
class PracticeFigures:
    person_times: int
    cadres: int
    front_line_person_times: int
    front_line_cadres: int
    by_programme: list[FigureCount]
    by_year: list[FigureCount]
    by_batch: list[FigureCount]


@dataclass
class FigureFilters:
    year: int | None = None
    unit: Unit | None = None


def _sent(*, actor, filters: FigureFilters) -> QuerySet[Assignment]:
    queryset = assignment_queryset(actor=actor).filter(status__in=SENT_STATUSES)
    if filters.year is not None:
        queryset = queryset.filter(batch__year=filters.year)
    if filters.unit is not None:
        queryset = queryset.filter(subtree_q(filters.unit.path, prefix="cadre__unit__"))
    return queryset.order_by()


def _totals(queryset: QuerySet[Assignment]) -> tuple[int, int]:
    row = queryset.aggregate(person_times=Count("id"), cadres=Count("cadre_id", distinct=True))
    return row["person_times"], row["cadres"]


def practice_figures(*, actor, filters: FigureFilters | None = None) -> PracticeFigures:
    """Cadres sent (serving, completed or recalled) by programme, year and batch: each a
    GROUP BY giving person-times and distinct cadres; totals the same way."""
    filters = filters or FigureFilters()
    sent = _sent(actor=actor, filters=filters)
    person_times, cadres = _totals(sent)
    front_line = sent.filter(batch__programme__kind=ProgrammeKind.FRONT_LINE)
    front_line_person_times, front_line_cadres = _totals(front_line)
    programmes = {programme.pk: programme for programme in programme_list()}
    by_programme_rows: dict[int, tuple[int, int]] = {
        row["batch__programme"]: (row["pt"], row["cadres"])
        for row in sent.values("batch__programme").annotate(
            pt=Count("id"), cadres=Count("cadre_id", distinct=True)
        )
    }
    by_programme = [
        FigureCount(programme.pk, programme.name, *by_programme_rows.get(programme.pk, (0, 0)))
        for programme in programmes.values()
        if programme.is_active or programme.pk in by_programme_rows
    ]
    by_year = [
        FigureCount(row["batch__year"], str(row["batch__year"]), row["pt"], row["cadres"])
        for row in sent.values("batch__year")
        .annotate(pt=Count("id"), cadres=Count("cadre_id", distinct=True))
        .order_by("batch__year")
    ]
    batch_rows = list(
        sent.values("batch", "batch__name", "batch__year", "batch__programme")
        .annotate(pt=Count("id"), cadres=Count("cadre_id", distinct=True))
        .order_by("batch__year", "batch__programme", "batch")
    )
    by_batch = [
        FigureCount(
            row["batch"],
            f"{row['batch__year']} {programmes[row['batch__programme']].name} {row['batch__name']}",
            row["pt"],
            row["cadres"],
        )
        for row in batch_rows
    ]
    return PracticeFigures(
        person_times=person_times,
        cadres=cadres,
        front_line_person_times=front_line_person_times,
        front_line_cadres=front_line_cadres,
        by_programme=by_programme,
        by_year=by_year,
        by_batch=by_batch,
    )

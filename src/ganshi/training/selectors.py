"""Reads on training, scoped to the actor.

Classes (and their sessions, enrolments, attendances) are seen through their organiser
unit; a cadre's hours and the compliance list through the cadre's unit; a cadre
self-service user sees the classes they are enrolled in and their own hours.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, Greatest, Substr
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ganshi.accounts.roles import Role
from ganshi.accounts.scopes import cadre_scope_q, scope_path, subtree_q, unit_scope_q
from ganshi.cadres.choices import CadreStatus
from ganshi.cadres.models import Cadre
from ganshi.cadres.selectors import name_search_q
from ganshi.core.pagination import Page, bounded_count, keyset_page
from ganshi.orgs.models import LeadershipLevel, Unit
from ganshi.training import rules
from ganshi.training.choices import SEATED, AttendanceStatus, EnrolmentStatus
from ganshi.training.models import (
    Attendance,
    Course,
    Enrolment,
    Feedback,
    LeaveRequest,
    Session,
    TrainingClass,
    TrainingKind,
    TrainingParameters,
    TrainingPlan,
)
from ganshi.training.services import parameters

ZERO = Decimal(0)
HOURS_FIELD = DecimalField(max_digits=9, decimal_places=1)
TOWNSHIP_LEVELS = (LeadershipLevel.TOWNSHIP_CHIEF, LeadershipLevel.TOWNSHIP_DEPUTY)
SENIOR_LEVELS = (LeadershipLevel.COUNTY_CHIEF, LeadershipLevel.COUNTY_DEPUTY)

# The orders of the paged lists (their cursors are checked against them).
CLASS_ORDER = ("-start_date", "-id")
ENROLMENT_ORDER = ("id",)
COMPLIANCE_ORDER = ("name_pinyin", "id")


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- classes ------------------------------------------------------------------------------


def class_queryset(*, actor) -> QuerySet[TrainingClass]:
    if actor is not None and actor.is_authenticated and actor.role == Role.CADRE_SELF:
        if not actor.cadre_id:
            return TrainingClass.objects.none()
        return TrainingClass.objects.filter(
            Exists(Enrolment.objects.filter(training_class=OuterRef("pk"), cadre_id=actor.cadre_id))
        )
    return TrainingClass.objects.filter(unit_scope_q(actor, prefix="organiser__"))


@dataclass
class ClassFilters:
    q: str = ""
    kind: TrainingKind | None = None
    unit: Unit | None = None  # organised by it or a unit under it
    year: int | None = None
    month: int | None = None
    plan: TrainingPlan | None = None


def class_filtered(*, actor, filters: ClassFilters) -> QuerySet[TrainingClass]:
    queryset = class_queryset(actor=actor)
    if filters.q:
        queryset = queryset.filter(title__contains=filters.q)
    if filters.kind is not None:
        queryset = queryset.filter(kind=filters.kind)
    if filters.unit is not None:
        queryset = queryset.filter(subtree_q(filters.unit.path, prefix="organiser__"))
    if filters.year is not None:
        if filters.month is not None:
            start = datetime.date(filters.year, filters.month, 1)
            end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        else:
            start, end = year_range(filters.year)
        queryset = queryset.filter(start_date__range=(start, end))
    if filters.plan is not None:
        queryset = queryset.filter(plan=filters.plan)
    return queryset


def class_list(*, actor, filters: ClassFilters, cursor: str | None = None, size: int = 50) -> Page:
    """One page of classes, latest first, with their counts (two subqueries per row)."""
    seated = (
        Enrolment.objects.filter(training_class=OuterRef("pk"), status__in=SEATED)
        .order_by()
        .values("training_class")
        .annotate(count=Count("id"))
        .values("count")
    )
    waiting = (
        Enrolment.objects.filter(training_class=OuterRef("pk"), status=EnrolmentStatus.WAITING)
        .order_by()
        .values("training_class")
        .annotate(count=Count("id"))
        .values("count")
    )
    queryset = (
        class_filtered(actor=actor, filters=filters)
        .select_related("kind", "organiser")
        .annotate(
            seated_count=Coalesce(Subquery(seated, output_field=IntegerField()), 0),
            waiting_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
        )
    )
    return keyset_page(queryset, order=CLASS_ORDER, cursor=cursor, size=size)


def class_count(*, actor, filters: ClassFilters) -> tuple[int, bool]:
    return bounded_count(class_filtered(actor=actor, filters=filters))


def class_get(*, actor, pk) -> TrainingClass:
    return get_object_or_404(
        class_queryset(actor=actor).select_related("kind", "organiser", "plan"), pk=pk
    )


def class_hours(training_class: TrainingClass) -> Decimal:
    return training_class.sessions.aggregate(total=Sum("credit_hours"))["total"] or ZERO


@dataclass
class ClassSummary:
    total_hours: Decimal
    counts: dict[str, int]
    feedback_count: int
    feedback_scores: dict[str, float | None]


def class_summary(training_class: TrainingClass) -> ClassSummary:
    counts = {
        row["status"]: row["count"]
        for row in training_class.enrolments.order_by().values("status").annotate(count=Count("id"))
    }
    scores = Feedback.objects.filter(training_class=training_class).aggregate(
        count=Count("id"),
        content=Sum("content_score"),
        teaching=Sum("teaching_score"),
        organisation=Sum("organisation_score"),
    )
    number = scores["count"]
    return ClassSummary(
        total_hours=class_hours(training_class),
        counts={status: counts.get(status, 0) for status in EnrolmentStatus.values},
        feedback_count=number,
        feedback_scores={
            key: round(scores[key] / number, 2) if number else None
            for key in ("content", "teaching", "organisation")
        },
    )


def feedback_comments(training_class: TrainingClass, limit: int = 100) -> list[str]:
    return list(
        Feedback.objects.filter(training_class=training_class)
        .exclude(comment="")
        .order_by("?")
        .values_list("comment", flat=True)[:limit]
    )


def session_list(*, training_class: TrainingClass) -> list[Session]:
    present = (
        Attendance.objects.filter(session=OuterRef("pk"), status=AttendanceStatus.PRESENT)
        .order_by()
        .values("session")
        .annotate(count=Count("id"))
        .values("count")
    )
    return list(
        training_class.sessions.select_related("lecturer_cadre", "course")
        .annotate(present_count=Coalesce(Subquery(present, output_field=IntegerField()), 0))
        .order_by("date", "start_time", "id")
    )


def session_get(*, actor, pk) -> Session:
    return get_object_or_404(
        Session.objects.filter(training_class__in=class_queryset(actor=actor)).select_related(
            "training_class", "training_class__kind", "training_class__organiser"
        ),
        pk=pk,
    )


def session_for_signin(*, actor, pk) -> Session:
    """A session the actor's own cadre record is enrolled for (any status: the service
    says why a waiting or withdrawn cadre cannot sign in)."""
    if actor is None or not actor.is_authenticated or not actor.cadre_id:
        return get_object_or_404(Session.objects.none(), pk=pk)
    return get_object_or_404(
        Session.objects.filter(
            Exists(
                Enrolment.objects.filter(
                    training_class=OuterRef("training_class"), cadre_id=actor.cadre_id
                )
            )
        ).select_related("training_class"),
        pk=pk,
    )


# --- enrolments and the register ----------------------------------------------------------


def enrolment_list(
    *, actor, training_class: TrainingClass, status: str = "", cursor: str | None = None, size=100
) -> Page:
    """The class's enrolments (the class is already in the actor's scope)."""
    queryset = Enrolment.objects.filter(training_class=training_class).select_related(
        "cadre", "cadre__unit"
    )
    if status:
        queryset = queryset.filter(status=status)
    return keyset_page(queryset, order=ENROLMENT_ORDER, cursor=cursor, size=size)


def enrolment_get(*, actor, pk) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.filter(training_class__in=class_queryset(actor=actor)).select_related(
            "cadre", "training_class", "training_class__kind", "training_class__organiser"
        ),
        pk=pk,
    )


def own_enrolment(*, actor, training_class: TrainingClass) -> Enrolment | None:
    if not actor.cadre_id:
        return None
    return Enrolment.objects.filter(training_class=training_class, cadre_id=actor.cadre_id).first()


@dataclass
class RegisterRow:
    enrolment: Enrolment
    attendance: Attendance | None


def register_rows(*, session: Session) -> list[RegisterRow]:
    """Every cadre holding a seat in the session's class, with their mark (2 queries)."""
    enrolments = list(
        Enrolment.objects.filter(training_class_id=session.training_class_id, status__in=SEATED)
        .select_related("cadre", "cadre__unit")
        .order_by("cadre__name_pinyin", "id")
    )
    marks = {
        attendance.enrolment_id: attendance
        for attendance in Attendance.objects.filter(session=session)
    }
    return [RegisterRow(enrolment, marks.get(enrolment.pk)) for enrolment in enrolments]


@dataclass
class PersonTimeFilters:
    kind: TrainingKind | None = None
    unit: Unit | None = None  # organiser subtree
    year: int | None = None
    month: int | None = None


def person_time_list(
    *, actor, filters: PersonTimeFilters, cursor: str | None = None, size: int = 50
) -> Page:
    """The records behind a person-times figure: enrolments that attended, in classes the
    actor sees."""
    classes = class_filtered(
        actor=actor,
        filters=ClassFilters(
            kind=filters.kind, unit=filters.unit, year=filters.year, month=filters.month
        ),
    )
    queryset = Enrolment.objects.filter(
        training_class__in=classes, attended_hours__gt=0
    ).select_related("cadre", "cadre__unit", "training_class", "training_class__kind")
    return keyset_page(queryset, order=("-id",), cursor=cursor, size=size)


def leave_request_list(*, training_class: TrainingClass, limit: int = 200) -> list[LeaveRequest]:
    """The class's leave requests, pending first (the class is already in scope)."""
    return list(
        LeaveRequest.objects.filter(session__training_class=training_class)
        .select_related("enrolment__cadre", "session")
        .order_by(
            Case(When(status="pending", then=Value(0)), default=Value(1)),
            "session__date",
            "id",
        )[:limit]
    )


def own_leave_requests(*, actor, training_class: TrainingClass) -> list[LeaveRequest]:
    if not actor.cadre_id:
        return []
    return list(
        LeaveRequest.objects.filter(
            session__training_class=training_class, enrolment__cadre_id=actor.cadre_id
        )
        .select_related("session")
        .order_by("session__date", "id")
    )


def leave_request_get(*, actor, pk) -> LeaveRequest:
    return get_object_or_404(
        LeaveRequest.objects.filter(
            session__training_class__in=class_queryset(actor=actor)
        ).select_related("session", "session__training_class", "enrolment"),
        pk=pk,
    )


# --- plans and courses --------------------------------------------------------------------


def plan_queryset(*, actor) -> QuerySet[TrainingPlan]:
    return TrainingPlan.objects.filter(unit_scope_q(actor, prefix="organiser__"))


def plan_list(*, actor) -> list[TrainingPlan]:
    """Plans in scope with their classes and person-times so far (GROUP BY, one query)."""
    return list(
        plan_queryset(actor=actor)
        .select_related("organiser")
        .annotate(
            class_count=Count("classes", distinct=True),
        )
        .order_by("-year", "organiser__path", "id")[:500]
    )


def plan_get(*, actor, pk) -> TrainingPlan:
    return get_object_or_404(plan_queryset(actor=actor).select_related("organiser"), pk=pk)


def course_queryset(*, actor) -> QuerySet[Course]:
    """The course library is shared across the county: every registry reader sees it."""
    if actor is None or not actor.is_authenticated or not actor.can_read_registry:
        return Course.objects.none()
    return Course.objects.all()


def course_list(
    *, actor, q: str = "", topic: str = "", featured: bool = False, cursor=None, size=50
) -> Page:
    queryset = course_queryset(actor=actor).select_related("owner").prefetch_related("topics")
    if q:
        queryset = queryset.filter(Q(title__contains=q) | Q(lecturer_name__contains=q))
    if topic:
        queryset = queryset.filter(topics__name=topic)
    if featured:
        queryset = queryset.filter(is_featured=True)
    return keyset_page(queryset, order=("-id",), cursor=cursor, size=size)


def course_get(*, actor, pk) -> Course:
    return get_object_or_404(course_queryset(actor=actor), pk=pk)


# --- credit hours and compliance ----------------------------------------------------------


def _hours_between(start: datetime.date, end: datetime.date) -> Subquery:
    """Sum of the hours a cadre earned between two dates (a correlated subquery using the
    (cadre, date) index)."""
    return Subquery(
        Attendance.objects.filter(cadre=OuterRef("pk"), date__range=(start, end))
        .order_by()
        .values("cadre")
        .annotate(total=Sum("credit_hours"))
        .values("total"),
        output_field=HOURS_FIELD,
    )


def senior_q(params: rules.Parameters) -> Q:
    return Q(leadership_level__in=SENIOR_LEVELS) | Q(rank__lte=params.senior_rank_floor)


@dataclass
class ComplianceFilters:
    year: int
    q: str = ""
    unit: Unit | None = None
    level: str = (
        ""  # "township": 乡科级 leaders; "senior": the five-year group; or a LeadershipLevel
    )
    behind: bool = False
    trained: bool | None = None  # attended at least one class in the year


def compliance_queryset(*, actor, filters: ComplianceFilters) -> QuerySet[Cadre]:
    """Active cadres in scope with their hours in the year and in the five years up to it,
    the requirement that applies (rules.hours_requirement, in SQL) and the shortfall."""
    params = parameters()
    year_start, year_end = year_range(filters.year)
    span_start = datetime.date(filters.year - params.five_year_span + 1, 1, 1)
    senior = senior_q(params)
    queryset = (
        Cadre.objects.filter(cadre_scope_q(actor), status=CadreStatus.ACTIVE)
        .select_related("unit")
        .annotate(
            hours_year=Coalesce(
                _hours_between(year_start, year_end), Value(ZERO), output_field=HOURS_FIELD
            ),
            hours_span=Coalesce(
                _hours_between(span_start, year_end), Value(ZERO), output_field=HOURS_FIELD
            ),
            is_senior=Case(
                When(senior, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .annotate(
            required=Case(
                When(senior, then=Value(params.five_year_hours)),
                default=Value(params.annual_hours),
                output_field=HOURS_FIELD,
            ),
            counted=Case(
                When(senior, then=F("hours_span")),
                default=F("hours_year"),
                output_field=HOURS_FIELD,
            ),
        )
        .annotate(
            shortfall=Greatest(F("required") - F("counted"), Value(ZERO), output_field=HOURS_FIELD)
        )
    )
    if filters.q:
        queryset = queryset.filter(name_search_q(filters.q))
    if filters.unit is not None:
        queryset = queryset.filter(subtree_q(filters.unit.path, prefix="unit__"))
    if filters.level == "township":
        queryset = queryset.filter(leadership_level__in=TOWNSHIP_LEVELS)
    elif filters.level == "senior":
        queryset = queryset.filter(senior)
    elif filters.level in LeadershipLevel.values:
        queryset = queryset.filter(leadership_level=filters.level)
    if filters.behind:
        queryset = queryset.filter(shortfall__gt=0)
    if filters.trained is not None:
        attended = Exists(
            Enrolment.objects.filter(
                cadre=OuterRef("pk"),
                attended_hours__gt=0,
                training_class__start_date__range=(year_start, year_end),
            )
        )
        queryset = queryset.filter(attended if filters.trained else ~attended)
    return queryset


def compliance_list(
    *, actor, filters: ComplianceFilters, cursor: str | None = None, size: int = 50
) -> Page:
    queryset = compliance_queryset(actor=actor, filters=filters)
    return keyset_page(queryset, order=COMPLIANCE_ORDER, cursor=cursor, size=size)


@dataclass
class ComplianceTotals:
    cadres: int
    behind: int
    shortfall: Decimal


def compliance_totals(*, actor, filters: ComplianceFilters) -> ComplianceTotals:
    """How many cadres the filters give, how many are behind, and the hours they lack."""
    row = compliance_queryset(actor=actor, filters=filters).aggregate(
        cadres=Count("id"),
        behind=Count("id", filter=Q(shortfall__gt=0)),
        total_shortfall=Sum("shortfall"),
    )
    return ComplianceTotals(
        cadres=row["cadres"], behind=row["behind"], shortfall=row["total_shortfall"] or ZERO
    )


def compliance_export_rows(*, actor, filters: ComplianceFilters, limit: int):
    return compliance_queryset(actor=actor, filters=filters).order_by("name_pinyin", "id")[:limit]


@dataclass
class KindHours:
    kind: str
    hours: Decimal
    sessions: int


@dataclass
class CadreHours:
    cadre: Cadre
    year: int
    by_kind: list[KindHours]
    hours_year: Decimal
    hours_span: Decimal
    compliance: rules.Compliance
    attendances: list[Attendance]
    enrolments: list[Enrolment]


def own_cadre(*, actor) -> Cadre:
    return get_object_or_404(Cadre.objects.select_related("unit"), pk=actor.cadre_id or 0)


def cadre_for_hours(*, actor, pk) -> Cadre:
    return get_object_or_404(
        Cadre.objects.filter(cadre_scope_q(actor)).select_related("unit"), pk=pk
    )


def cadre_hours(*, cadre: Cadre, year: int) -> CadreHours:
    """A cadre's hours in ``year`` by kind, the five years', the requirement, the records.
    The cadre comes from ``cadre_for_hours`` or ``own_cadre`` (scoped)."""
    params = parameters()
    start, end = year_range(year)
    span_start = datetime.date(year - params.five_year_span + 1, 1, 1)
    records = Attendance.objects.filter(cadre=cadre, date__range=(start, end))
    by_kind = [
        KindHours(kind=row["kind"], hours=row["hours"] or ZERO, sessions=row["sessions"])
        for row in records.order_by()
        .values(kind=F("session__training_class__kind__name"))
        .annotate(
            hours=Sum("credit_hours"),
            sessions=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
        )
        .order_by("-hours", "kind")
    ]
    hours_year = sum((row.hours for row in by_kind), ZERO)
    hours_span = (
        Attendance.objects.filter(cadre=cadre, date__range=(span_start, end)).aggregate(
            total=Sum("credit_hours")
        )["total"]
        or ZERO
    )
    compliance = rules.hours_compliance(
        leadership_level=cadre.leadership_level,
        rank=cadre.rank,
        hours_in_year=hours_year,
        hours_in_span=hours_span,
        parameters=params,
    )
    attendances = list(
        records.select_related(
            "session", "session__training_class", "session__training_class__kind"
        ).order_by("-date", "-id")[:500]
    )
    enrolments = list(
        Enrolment.objects.filter(cadre=cadre, training_class__start_date__range=(start, end))
        .select_related("training_class", "training_class__kind")
        .order_by("-training_class__start_date", "-id")
    )
    return CadreHours(
        cadre=cadre,
        year=year,
        by_kind=by_kind,
        hours_year=hours_year,
        hours_span=hours_span,
        compliance=compliance,
        attendances=attendances,
        enrolments=enrolments,
    )


# --- figures ------------------------------------------------------------------------------


@dataclass
class FigureRow:
    key: str
    label: str
    classes: int
    person_times: int


@dataclass
class CoverageRow:
    key: str
    label: str
    cadres: int
    trained: int

    @property
    def percent(self) -> float:
        return round(self.trained * 100 / self.cadres, 1) if self.cadres else 0.0


@dataclass
class Figures:
    year: int
    unit: Unit | None
    classes: int
    person_times: int
    people: int
    by_kind: list[FigureRow]
    by_unit: list[FigureRow]
    by_month: list[FigureRow]
    coverage: list[CoverageRow]

    @property
    def township_coverage(self) -> CoverageRow:
        return next(row for row in self.coverage if row.key == "township")


def _grouped(
    classes: QuerySet[TrainingClass], length: int
) -> tuple[dict[int, tuple[int, int]], dict[str, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Classes and person-times by kind, by unit (the organiser's path cut to ``length``)
    and by month: one GROUP BY over the classes and one over their enrolments, on all
    three keys at once; the three views are sums over those few hundred rows."""
    keys = {
        "by_kind": F("kind_id"),
        "by_unit": Substr("organiser__path", 1, length),
        "by_month": ExtractMonth("start_date"),
    }
    enrolment_keys = {
        "by_kind": F("training_class__kind_id"),
        "by_unit": Substr("training_class__organiser__path", 1, length),
        "by_month": ExtractMonth("training_class__start_date"),
    }
    class_rows = classes.order_by().values(**keys).annotate(count=Count("id"))
    person_rows = (
        Enrolment.objects.filter(training_class__in=classes, attended_hours__gt=0)
        .order_by()
        .values(**enrolment_keys)
        .annotate(count=Count("id"))
    )
    views: dict[str, dict] = {"by_kind": {}, "by_unit": {}, "by_month": {}}
    for rows, position in ((class_rows, 0), (person_rows, 1)):
        for row in rows:
            values: dict[str, Any] = dict(row)
            for name, view in views.items():
                counts = view.setdefault(values[name], [0, 0])
                counts[position] += values["count"]
    kind, unit, month = (
        {key: (value[0], value[1]) for key, value in views[name].items()}
        for name in ("by_kind", "by_unit", "by_month")
    )
    return kind, unit, month


def figures(*, actor, year: int, unit: Unit | None = None) -> Figures:
    """Classes and person-times (人次: cadres who attended a class, counted per class)
    by kind, unit and month for classes organised in scope; distinct people trained and
    the coverage of each level among the active cadres in scope (attended at least one
    class of any organiser in the year)."""
    classes = class_filtered(actor=actor, filters=ClassFilters(unit=unit, year=year))
    # Units one level below the top of what is shown.
    top = unit
    if top is None:
        path = scope_path(actor)
        top = Unit.objects.filter(path=path).first() if path else None
    depth = (top.depth if top is not None else 0) + 1
    length = depth * Unit.steplen
    by_kind_raw, by_unit_raw, by_month_raw = _grouped(classes, length)
    kinds = list(TrainingKind.objects.order_by("sort_order", "id"))
    by_kind = [
        FigureRow(str(kind.pk), kind.name, *by_kind_raw.get(kind.pk, (0, 0)))
        for kind in kinds
        if kind.is_active or kind.pk in by_kind_raw
    ]
    units = {
        child.path: child
        for child in Unit.objects.filter(path__in=[key for key in by_unit_raw if key])
    }
    by_unit = sorted(
        (
            FigureRow(
                str(units[path].pk) if path in units else "",
                units[path].name if path in units else path,
                *counts,
            )
            for path, counts in by_unit_raw.items()
        ),
        key=lambda row: (-row.person_times, -row.classes, row.label),
    )
    by_month = [
        FigureRow(str(month), str(month), *by_month_raw.get(month, (0, 0)))
        for month in range(1, 13)
    ]
    classes_total = sum(row.classes for row in by_kind)
    person_times_total = sum(row.person_times for row in by_kind)
    # People: cadres in scope who attended at least one class starting in the year.
    start, end = year_range(year)
    cadres = Cadre.objects.filter(cadre_scope_q(actor), status=CadreStatus.ACTIVE)
    if unit is not None:
        cadres = cadres.filter(subtree_q(unit.path, prefix="unit__"))
    totals = dict(cadres.order_by().values_list("leadership_level").annotate(count=Count("id")))
    trained = dict(
        Enrolment.objects.filter(
            cadre__in=cadres,
            attended_hours__gt=0,
            training_class__start_date__range=(start, end),
        )
        .order_by()
        .values_list("cadre__leadership_level")
        .annotate(count=Count("cadre", distinct=True))
    )
    coverage_rows = {
        level: {"cadres": count, "trained": trained.get(level, 0)}
        for level, count in totals.items()
    }
    coverage = []
    township = [coverage_rows.get(level, {}) for level in TOWNSHIP_LEVELS]
    coverage.append(
        CoverageRow(
            "township",
            str(_("Section-level (乡科级) leaders")),
            sum(row.get("cadres", 0) for row in township),
            sum(row.get("trained", 0) for row in township),
        )
    )
    for level, label in LeadershipLevel.choices:
        row = coverage_rows.get(level, {})
        coverage.append(CoverageRow(level, str(label), row.get("cadres", 0), row.get("trained", 0)))
    people = sum(row.get("trained", 0) for row in coverage_rows.values())
    return Figures(
        year=year,
        unit=unit,
        classes=classes_total,
        person_times=person_times_total,
        people=people,
        by_kind=by_kind,
        by_unit=by_unit,
        by_month=by_month,
        coverage=coverage,
    )


def kind_list() -> list[TrainingKind]:
    return list(TrainingKind.objects.filter(is_active=True).order_by("sort_order", "id"))


def kinds_all() -> list[TrainingKind]:
    """Every kind with its number of classes (for the settings page)."""
    return list(
        TrainingKind.objects.annotate(class_count=Count("classes")).order_by("sort_order", "id")
    )


def kind_get(*, pk) -> TrainingKind:
    return get_object_or_404(TrainingKind, pk=pk if str(pk).isdigit() else 0)


def parameters_row() -> TrainingParameters:
    return TrainingParameters.objects.filter(pk=1).first() or TrainingParameters(pk=1)

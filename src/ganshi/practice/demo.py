"""Demo volumes of front-line practice, after the seeds: "选派1200多名优秀年轻干部到…
'五个一线'", "推荐110多名优秀年轻干部到区、市、县部门单位跟班学习", "八批61名科级干部到
珠海市斗门区进行岗位锻炼".

Per county of 5,000 cadres, over the five years up to ``timeline.REFERENCE_DATE``: two
batches a year in each of the five front lines (about 27 young cadres each, six months,
the last autumn's still planned), a yearly batch of 上挂 and of 下派 (a year each), two
跟班学习 batches a year (12 each, three months), and eight batches of 岗位锻炼 in
珠海市斗门区 (61 section-level cadres, three months). A cadre serves one assignment at a
time. Status, events, evaluations and outcomes follow from the dates and the reference
date; one front line's spring batch of the reference year ends within 30 days of it.
Smaller demo counties get proportionally fewer cadres per batch.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from ganshi.demo import timeline
from ganshi.demo.loader import CountyContext, volume_generator
from ganshi.demo.names import SURNAMES
from ganshi.orgs.models import LeadershipLevel, UnitKind
from ganshi.practice.choices import (
    AssignmentStatus,
    EvaluationGrade,
    EvaluationStage,
    Outcome,
)
from ganshi.practice.models import Assignment, AssignmentEvent, Batch, Evaluation, Programme

YEARS = 5
FRONT_LINE_CODES = (
    "rural_revitalisation",
    "grassroots_governance",
    "eastward_integration",
    "project_construction",
    "emergency_response",
)
FRONT_LINE_BATCH = 27
TWO_WAY_BATCH = 10
SHADOWING_BATCH = 12
SECONDMENT_BATCHES = (8, 8, 7, 8, 7, 8, 7, 8)  # 61 in eight batches
SECONDMENT_HOSTS = (
    "珠海市斗门区白蕉镇",
    "珠海市斗门区井岸镇",
    "珠海市斗门区斗门镇",
    "珠海市斗门区乾务镇",
    "珠海市斗门区莲洲镇",
    "珠海市斗门区发展和改革局",
    "珠海市斗门区农业农村局",
    "珠海市斗门区住房和城乡建设局",
)
UPPER_HOSTS = ("发展和改革委员会", "农业农村局", "商务局", "住房和城乡建设局", "乡村振兴局")
MENTOR_TITLES = ("书记", "主任", "局长", "镇长", "部长")
NUMERALS = "一二三四五六七八九十"
COUNTY_KINDS = (UnitKind.GOVERNMENT_ORGAN, UnitKind.INSTITUTION, UnitKind.PARTY_ORGAN)
YOUNG_AGE = 35


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, min(day.day, 28))


def _month_of(day: datetime.date) -> int:
    return timeline.month(day.year, day.month)


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()
    )


class _Plan:
    """The batches and assignments of one county before they are written."""

    def __init__(self, context: CountyContext, programmes: dict[str, int]):
        self.context = context
        self.rng = context.rng
        self.programmes = programmes
        self.reference = context.reference_date
        self.scale = min(1.0, context.size.cadres / 5000)
        self.busy_until: dict[int, datetime.date] = {}
        self.batches: list[tuple] = []  # (programme_id, name, year, notes)
        self.assignments: list[tuple[int, dict]] = []  # (batch index, fields)
        active = [cadre for cadre in context.cadres if cadre.status == "active" and cadre.id]
        self.civil = [cadre for cadre in active if cadre.category != "village"]
        self.section = [
            cadre
            for cadre in self.civil
            if cadre.leadership_level
            in (LeadershipLevel.TOWNSHIP_CHIEF, LeadershipLevel.TOWNSHIP_DEPUTY)
        ]
        units = context.units
        self.villages = [unit for unit in units if unit.kind == UnitKind.VILLAGE and unit.id]
        self.townships = [unit for unit in units if unit.kind == UnitKind.TOWNSHIP and unit.id]
        self.county_units = [unit for unit in units if unit.kind in COUNTY_KINDS and unit.id]

    def size(self, count: int) -> int:
        return max(1, round(count * self.scale))

    def mentor(self) -> str:
        return SURNAMES.pick(self.rng) + self.rng.choice(MENTOR_TITLES)

    def batch(self, code: str, name: str, year: int, notes: str = "") -> int:
        self.batches.append((self.programmes[code], name, year, notes))
        return len(self.batches) - 1

    def choose(self, pool, count: int, start: datetime.date, *, young: bool) -> list:
        at = _month_of(start)
        chosen = []
        shuffled = self.rng.sample(pool, len(pool))
        # Those never sent first: the seeds count distinct cadres.
        ordered = [c for c in shuffled if c.id not in self.busy_until] + [
            c for c in shuffled if c.id in self.busy_until
        ]
        for cadre in ordered:
            if len(chosen) == count:
                break
            busy = self.busy_until.get(cadre.id)
            if busy is not None and busy >= start:
                continue
            if young and timeline.age_at(cadre.birth, at) > YOUNG_AGE:
                continue
            if timeline.age_at(cadre.birth, at) < 20:
                continue
            chosen.append(cadre)
        return chosen

    def send(self, batch: int, cadres, start: datetime.date, months: int, host) -> None:
        end = _add_months(start, months) - datetime.timedelta(days=1)
        for cadre in cadres:
            host_unit, host_name = host(cadre)
            self.busy_until[cadre.id] = end
            self.assignments.append(
                (
                    batch,
                    {
                        "cadre": cadre.id,
                        "host_unit": host_unit,
                        "host_name": host_name,
                        "mentor": self.mentor(),
                        "start": start,
                        "planned_end": end,
                    },
                )
            )

    # --- the programmes -------------------------------------------------------------------

    def front_lines(self, years: list[int]) -> None:
        hosts = {
            "rural_revitalisation": lambda cadre: (self.rng.choice(self.villages).id, ""),
            "grassroots_governance": lambda cadre: (self.rng.choice(self.villages).id, ""),
            "eastward_integration": lambda cadre: (self.rng.choice(self.county_units).id, ""),
            "project_construction": lambda cadre: (self.rng.choice(self.county_units).id, ""),
            "emergency_response": lambda cadre: (self.rng.choice(self.townships).id, ""),
        }
        for year in years:
            for number, half in enumerate(("spring", "autumn"), start=1):
                for offset, code in enumerate(FRONT_LINE_CODES):
                    if half == "spring":
                        start = datetime.date(year, 1 + offset, 15)
                    else:
                        start = datetime.date(year, 8 + offset, 1)
                    batch = self.batch(code, f"第{NUMERALS[number - 1]}批", year)
                    size = self.size(self.rng.randint(FRONT_LINE_BATCH - 3, FRONT_LINE_BATCH + 3))
                    cadres = self.choose(self.civil, size, start, young=True)
                    self.send(batch, cadres, start, 6, hosts[code])

    def two_way(self, years: list[int]) -> None:
        city = self.context.spec.city
        for year in years:
            start = datetime.date(year, 3, 1)
            batch = self.batch("two_way_up", "第一批", year, "上挂市直部门")
            cadres = self.choose(
                self.section or self.civil, self.size(TWO_WAY_BATCH), start, young=False
            )
            self.send(
                batch, cadres, start, 12, lambda cadre: (None, city + self.rng.choice(UPPER_HOSTS))
            )
            batch = self.batch("two_way_down", "第一批", year, "下派乡镇、村")
            cadres = self.choose(self.civil, self.size(TWO_WAY_BATCH), start, young=True)
            self.send(
                batch, cadres, start, 12, lambda cadre: (self.rng.choice(self.townships).id, "")
            )

    def shadowing(self, years: list[int]) -> None:
        for year in years:
            for number, month in ((1, 4), (2, 10)):
                start = datetime.date(year, month, 1)
                batch = self.batch("shadowing", f"第{NUMERALS[number - 1]}批", year)
                cadres = self.choose(self.civil, self.size(SHADOWING_BATCH), start, young=True)
                self.send(
                    batch,
                    cadres,
                    start,
                    3,
                    lambda cadre: (self.rng.choice(self.county_units).id, ""),
                )

    def secondments(self, first_year: int) -> None:
        for index, count in enumerate(SECONDMENT_BATCHES):
            year = first_year + (index + 1) // 2
            start = datetime.date(year, 9 if index % 2 == 0 else 4, 1)
            batch = self.batch(
                "secondment", f"第{NUMERALS[index]}批", year, "赴珠海市斗门区岗位锻炼"
            )
            cadres = self.choose(self.section or self.civil, self.size(count), start, young=False)
            self.send(
                batch, cadres, start, 3, lambda cadre: (None, self.rng.choice(SECONDMENT_HOSTS))
            )


def _status(start: datetime.date, end: datetime.date, reference: datetime.date, rng) -> tuple:
    """(status, actual end, outcome)."""
    if start > reference:
        return AssignmentStatus.PLANNED, None, ""
    if end >= reference:
        return AssignmentStatus.SERVING, None, ""
    if rng.random() < 0.02:
        days = (end - start).days
        return (
            AssignmentStatus.RECALLED,
            start + datetime.timedelta(days=rng.randint(30, max(31, days - 1))),
            "",
        )
    draw = rng.random()
    outcome = (
        Outcome.EXCELLENT
        if draw < 0.3
        else Outcome.UNQUALIFIED
        if draw > 0.985
        else Outcome.QUALIFIED
    )
    return AssignmentStatus.COMPLETED, end, outcome


GRADE_OF_OUTCOME = {
    Outcome.EXCELLENT: EvaluationGrade.EXCELLENT,
    Outcome.QUALIFIED: EvaluationGrade.QUALIFIED,
    Outcome.UNQUALIFIED: EvaluationGrade.UNQUALIFIED,
}


@volume_generator(order=300)
def front_line_practice(context: CountyContext) -> None:
    organiser = next(
        (
            unit
            for unit in context.units
            if unit.kind == UnitKind.PARTY_ORGAN and unit.short_name == "组织部"
        ),
        context.structure.root,
    )
    programmes = dict(Programme.objects.values_list("code", "id"))
    plan = _Plan(context, programmes)
    if not plan.civil or not plan.villages or not plan.townships or not plan.county_units:
        return
    reference = context.reference_date
    years = list(range(reference.year - YEARS + 1, reference.year + 1))
    plan.secondments(years[0])
    plan.two_way(years)
    plan.shadowing(years)
    plan.front_lines(years)

    context.insert(
        Batch,
        ("programme_id", "name", "year", "organiser_id", "notes"),
        (
            (programme, name, year, organiser.id, notes)
            for programme, name, year, notes in plan.batches
        ),
    )
    batch_ids = list(
        Batch.objects.filter(organiser_id=organiser.id).order_by("id").values_list("id", flat=True)
    )[-len(plan.batches) :]

    rng = context.rng
    rows = []
    outcomes = []
    for batch, fields in plan.assignments:
        status, actual_end, outcome = _status(
            fields["start"], fields["planned_end"], reference, rng
        )
        outcomes.append((status, actual_end, outcome))
        rows.append(
            (
                fields["cadre"],
                batch_ids[batch],
                fields["host_unit"],
                fields["host_name"],
                "",
                fields["mentor"],
                fields["start"].isoformat(),
                fields["planned_end"].isoformat(),
                actual_end.isoformat() if actual_end else None,
                status,
                outcome,
                "",
            )
        )
    context.insert(
        Assignment,
        (
            "cadre_id",
            "batch_id",
            "host_unit_id",
            "host_name",
            "post",
            "mentor_name",
            "start",
            "planned_end",
            "actual_end",
            "status",
            "outcome",
            "outcome_note",
        ),
        rows,
    )
    assignment_ids = list(
        Assignment.objects.filter(batch_id__in=batch_ids)
        .order_by("id")
        .values_list("id", flat=True)
    )
    events = []
    evaluations = []
    for assignment_id, (_batch, fields), (status, actual_end, outcome) in zip(
        assignment_ids, plan.assignments, outcomes, strict=True
    ):
        start, end = fields["start"], fields["planned_end"]
        created = start - datetime.timedelta(days=20)
        events.append((assignment_id, "", AssignmentStatus.PLANNED, "", _moment(created)))
        if status == AssignmentStatus.PLANNED:
            continue
        events.append(
            (assignment_id, AssignmentStatus.PLANNED, AssignmentStatus.SERVING, "", _moment(start))
        )
        middle = start + (end - start) / 2
        if middle < reference and (actual_end is None or middle < actual_end):
            grade = rng.choice(
                (
                    EvaluationGrade.EXCELLENT,
                    EvaluationGrade.GOOD,
                    EvaluationGrade.GOOD,
                    EvaluationGrade.QUALIFIED,
                )
            )
            evaluations.append(
                (
                    assignment_id,
                    EvaluationStage.MID_TERM,
                    grade,
                    "",
                    "县委组织部干部股",
                    middle.isoformat(),
                )
            )
        if status == AssignmentStatus.RECALLED:
            events.append(
                (
                    assignment_id,
                    AssignmentStatus.SERVING,
                    AssignmentStatus.RECALLED,
                    "工作需要，提前召回",
                    _moment(actual_end),
                )
            )
        elif status == AssignmentStatus.COMPLETED:
            events.append(
                (
                    assignment_id,
                    AssignmentStatus.SERVING,
                    AssignmentStatus.COMPLETED,
                    "",
                    _moment(actual_end),
                )
            )
            evaluations.append(
                (
                    assignment_id,
                    EvaluationStage.FINAL,
                    GRADE_OF_OUTCOME[outcome],
                    "",
                    "县委组织部干部股",
                    actual_end.isoformat(),
                )
            )
    context.insert(
        AssignmentEvent,
        ("assignment_id", "from_status", "to_status", "comment", "created_at"),
        events,
    )
    context.insert(
        Evaluation, ("assignment_id", "stage", "grade", "comment", "evaluator", "date"), evaluations
    )

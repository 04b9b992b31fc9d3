"""Demo volumes of training, after the seeds: "培训党员干部1万多人次", "周末课堂9期、1742人次",
"振兴专班52期、2754人次", "村级讲台…7428人", "分层级全覆盖轮训".

Per county of 5,000 cadres and per year from 2023 to ``timeline.REFERENCE_DATE``
(2026-06-30; the rest of 2026 holds a few classes planned but not yet held): about 120
classes — 6 主体班 (full-time, five days, for section-level leaders and young cadres),
10 专题培训, 9 周末课堂, 52 振兴专班 (in the townships), 26 村级讲台 (village cadres),
8 书记讲堂, 4 网络培训 (four online modules of 16 hours each, a fortnight apart) and 5 视频分会场 (with the townships as
sub-venues) — and about 12,600 person-times, 33,000 session attendances; about 115,000
attendances per county in all (10,000,000 in a province of 100 counties). Nine in ten
attend each session, a few are on leave or absent, and a few withdraw. Smaller demo
counties get proportionally fewer participants per class.

Rows go in with ``context.insert`` (executemany, or COPY on PostgreSQL); the ids of the
classes, sessions and enrolments are read back in insertion order, as the county is
written in one transaction by one process.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from ganshi.demo.loader import CountyContext, volume_generator
from ganshi.orgs.models import LeadershipLevel, UnitKind
from ganshi.training.models import (
    Attendance,
    Course,
    Enrolment,
    Session,
    SubVenue,
    Topic,
    TrainingClass,
    TrainingKind,
    TrainingPlan,
)

FIRST_YEAR = 2023
FULL_SIZE = 5000  # cadres in a full demo county; smaller ones scale the participants
UTC = datetime.UTC
LOCAL = timezone.get_fixed_timezone(8 * 60)
# (kind code, classes a year, participants, days, sessions a day, credit hours a session)
KINDS = (
    ("main", 6, 50, 5, 2, 4),
    ("topical", 10, 80, 2, 2, 4),
    ("weekend", 9, 190, 1, 1, 3),
    ("revitalisation", 52, 53, 1, 2, 3),
    ("village_lectern", 26, 100, 1, 1, 3),
    ("secretary_lecture", 8, 120, 1, 1, 3),
    ("online", 4, 1000, 4, 1, 16),
    ("video_venue", 5, 150, 1, 1, 3),
)
TITLES = {
    "main": "{year}年第{n}期乡科级干部进修班",
    "topical": "{year}年{topic}专题培训班",
    "weekend": "{year}年“周末课堂”第{n}期",
    "revitalisation": "{town}{year}年乡村振兴专班第{n}期",
    "village_lectern": "{town}{year}年“村级讲台”第{n}讲",
    "secretary_lecture": "{year}年“书记讲堂”第{n}讲",
    "online": "{year}年干部网络学院在线学习（第{n}季）",
    "video_venue": "{year}年全县{topic}视频会议培训",
}
TOPICS = (
    "学习贯彻党的二十大精神",
    "乡村振兴",
    "基层治理",
    "东融发展",
    "项目建设",
    "应急处突",
    "党史学习教育",
    "招商引资",
    "生态文明建设",
    "民族团结进步",
    "安全生产",
    "数字政府",
)
LECTURERS = ("县委党校讲师", "市委党校教授", "县直部门负责同志", "乡镇党委书记", "优秀村支书")
SESSION_TIMES = (
    (datetime.time(8, 30), datetime.time(11, 30)),
    (datetime.time(14, 30), datetime.time(17, 30)),
)
ONLINE_TIME = (datetime.time(8, 0), datetime.time(20, 0))
PRESENT, LEAVE, ABSENT = "present", "leave", "absent"


@dataclass
class _Class:
    kind: str
    title: str
    organiser: int
    start: datetime.date
    days: int
    sessions_a_day: int
    hours: int
    participants: list[int]
    is_full_time: bool = False
    venue: str = ""
    sub_venues: list[str] = field(default_factory=list)

    @property
    def end(self) -> datetime.date:
        if self.kind == "online":  # one module a fortnight
            return self.start + datetime.timedelta(days=14 * (self.days - 1))
        return self.start + datetime.timedelta(days=self.days - 1)


def _prep(model, name: str, value):
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def _monday(year: int, week: int) -> datetime.date:
    day = datetime.date(year, 1, 4) + datetime.timedelta(weeks=week)
    return day - datetime.timedelta(days=day.weekday())


@volume_generator(order=210)
def training_classes(context: CountyContext) -> None:
    rng = context.rng
    kinds = dict(TrainingKind.objects.values_list("code", "id"))
    units = context.units
    organ = next(
        (u for u in units if u.kind == UnitKind.PARTY_ORGAN and u.short_name == "组织部"),
        context.structure.root,
    )
    school = next((u for u in units if u.short_name == "党校"), organ)
    townships = [u for u in units if u.kind == UnitKind.TOWNSHIP]
    county_units = [
        u
        for u in units
        if u.kind in (UnitKind.PARTY_ORGAN, UnitKind.GOVERNMENT_ORGAN, UnitKind.INSTITUTION)
    ]
    active = [c for c in context.cadres if c.status == "active" and c.id is not None]
    if not active or not townships:
        return
    scale = min(1.0, len(context.cadres) / FULL_SIZE)

    def town_of(cadre):
        unit = cadre.unit
        return unit.township or (unit if unit.kind == UnitKind.TOWNSHIP else None)

    leaders = [
        c.id
        for c in active
        if c.leadership_level in (LeadershipLevel.TOWNSHIP_CHIEF, LeadershipLevel.TOWNSHIP_DEPUTY)
    ]
    county_staff = [
        c.id
        for c in active
        if c.unit.kind not in (UnitKind.TOWNSHIP, UnitKind.VILLAGE, UnitKind.COMMUNITY)
    ]
    non_village = [c.id for c in active if c.category != "village"]
    everyone = [c.id for c in active]
    by_town: dict[int, list[int]] = {}
    village_by_town: dict[int, list[int]] = {}
    for cadre in active:
        town = town_of(cadre)
        if town is None:
            continue
        by_town.setdefault(id(town), []).append(cadre.id)
        if cadre.category == "village":
            village_by_town.setdefault(id(town), []).append(cadre.id)

    def pick(pool: list[int], count: int) -> list[int]:
        count = max(1, min(len(pool), round(count * scale)))
        return rng.sample(pool, count)

    reference = context.reference_date
    classes: list[_Class] = []
    for year in range(FIRST_YEAR, reference.year + 1):
        for code, per_year, size, days, per_day, hours in KINDS:
            for number in range(1, per_year + 1):
                # Spread over the year, skipping the Spring Festival weeks.
                week = 6 + (number - 1) * 44 // per_year + rng.randint(0, 1)
                start = _monday(year, week) + datetime.timedelta(
                    days=5 if code == "weekend" else rng.randint(0, 3)
                )
                if year == reference.year and start > reference + datetime.timedelta(days=90):
                    continue
                town = rng.choice(townships)
                topic = rng.choice(TOPICS)
                organiser, pool = organ, non_village
                venue, sub_venues = school.name, []
                if code == "main":
                    pool = leaders if len(leaders) >= 10 else non_village
                    organiser = organ
                elif code == "topical":
                    organiser = rng.choice(county_units) if county_units else organ
                    venue = organiser.name + "会议室"
                elif code == "weekend":
                    pool = county_staff or non_village
                elif code == "revitalisation":
                    organiser = town
                    pool = by_town.get(id(town), everyone)
                    venue = town.name + "党校"
                elif code == "village_lectern":
                    organiser = town
                    pool = village_by_town.get(id(town)) or by_town.get(id(town), everyone)
                    venue = town.name + "新时代文明实践所"
                elif code == "secretary_lecture":
                    pool = everyone
                elif code == "online":
                    pool = non_village
                    venue = "干部网络学院"
                elif code == "video_venue":
                    pool = everyone
                    venue = organ.name + "主会场"
                    sub_venues = [t.name + "分会场" for t in townships]
                classes.append(
                    _Class(
                        kind=code,
                        title=TITLES[code].format(year=year, n=number, topic=topic, town=town.name),
                        organiser=organiser.id,
                        start=start,
                        days=days,
                        sessions_a_day=per_day,
                        hours=hours,
                        participants=pick(pool, size),
                        is_full_time=code == "main",
                        venue=venue,
                        sub_venues=sub_venues,
                    )
                )

    # Plans: one a year by the organisation department.
    years = range(FIRST_YEAR, reference.year + 1)
    context.insert(
        TrainingPlan,
        ("year", "title", "organiser_id", "planned_classes", "planned_person_times", "description"),
        (
            (
                year,
                f"{year}年全县干部教育培训计划",
                organ.id,
                120,
                10000,
                "分层级、全覆盖轮训干部。",
            )
            for year in years
        ),
    )
    plan_ids = dict(TrainingPlan.objects.filter(organiser_id=organ.id).values_list("year", "id"))

    # Course library: shared topics (created once a province), the county's courses.
    existing = set(Topic.objects.values_list("name", flat=True))
    missing = [name for name in TOPICS if name not in existing]
    if missing:
        context.insert(Topic, ("name",), ((name,) for name in missing))
    topic_ids = dict(Topic.objects.filter(name__in=TOPICS).values_list("name", "id"))
    courses = [
        (f"{topic}（{lecturer}主讲）", organ.id, lecturer, "2.0", index % 3 == 0, "")
        for index, (topic, lecturer) in enumerate(
            (topic, rng.choice(LECTURERS)) for topic in TOPICS for _ in range(2)
        )
    ]
    context.insert(
        Course,
        ("title", "owner_id", "lecturer_name", "credit_hours", "is_featured", "description"),
        courses,
    )
    course_ids = list(
        Course.objects.filter(owner_id=organ.id).order_by("id").values_list("id", flat=True)
    )[-len(courses) :]
    context.insert(
        Course.topics.through,
        ("course_id", "topic_id"),
        ((course_id, topic_ids[TOPICS[index // 2]]) for index, course_id in enumerate(course_ids)),
    )

    # Classes.
    date_of = {}
    context.insert(
        TrainingClass,
        (
            "plan_id",
            "title",
            "kind_id",
            "organiser_id",
            "venue",
            "start_date",
            "end_date",
            "is_full_time",
            "capacity",
            "description",
        ),
        (
            (
                plan_ids.get(item.start.year),
                item.title[:120],
                kinds[item.kind],
                item.organiser,
                item.venue[:120],
                _date(item.start, date_of),
                _date(item.end, date_of),
                item.is_full_time,
                len(item.participants) + 5 if item.kind in ("main", "topical") else None,
                "",
            )
            for item in classes
        ),
    )
    class_ids = list(
        TrainingClass.objects.order_by("-id").values_list("id", flat=True)[: len(classes)]
    )
    class_ids.reverse()
    context.insert(
        SubVenue,
        ("training_class_id", "name"),
        (
            (class_id, name)
            for class_id, item in zip(class_ids, classes, strict=True)
            for name in item.sub_venues
        ),
    )

    # Sessions.
    session_rows = []
    session_plan: list[list[tuple[datetime.date, int]]] = []
    hours_of = {}
    for class_id, item in zip(class_ids, classes, strict=True):
        planned = []
        for day in range(item.days):
            date = item.start + datetime.timedelta(days=day * (14 if item.kind == "online" else 1))
            for slot in range(item.sessions_a_day):
                start, end = ONLINE_TIME if item.kind == "online" else SESSION_TIMES[slot]
                course = rng.choice(course_ids)
                session_rows.append(
                    (
                        class_id,
                        f"{rng.choice(TOPICS)}（第{len(planned) + 1}讲）",
                        course,
                        _date(date, date_of),
                        start.isoformat(),
                        end.isoformat(),
                        _hours(item.hours, hours_of),
                        None,
                        rng.choice(LECTURERS),
                        "",
                    )
                )
                planned.append((date, item.hours, start))
        session_plan.append(planned)
    context.insert(
        Session,
        (
            "training_class_id",
            "title",
            "course_id",
            "date",
            "start_time",
            "end_time",
            "credit_hours",
            "lecturer_cadre_id",
            "lecturer_name",
            "lecturer_affiliation",
        ),
        session_rows,
    )
    session_ids = list(
        Session.objects.order_by("-id").values_list("id", flat=True)[: len(session_rows)]
    )
    session_ids.reverse()

    # Enrolments and attendances (decided together; enrolments are written first).
    enrolment_rows = []
    attendance_plan = []  # (enrolment index, session id, cadre, date, status, hours, signed)
    cursor = 0
    for item, planned in zip(classes, session_plan, strict=True):
        ids = session_ids[cursor : cursor + len(planned)]
        cursor += len(planned)
        held = item.start <= reference
        total = sum(hours for _date_, hours, _start in planned)
        for cadre in item.participants:
            index = len(enrolment_rows)
            if not held:
                enrolment_rows.append((cadre, "enrolled", "", "0", "0"))
                continue
            attended = leave = 0
            marks = []
            for session_id, (date, hours, begins) in zip(ids, planned, strict=True):
                if date > reference:
                    continue
                draw = rng.random()
                status = PRESENT if draw < 0.93 else LEAVE if draw < 0.96 else ABSENT
                earned = hours if status == PRESENT else 0
                attended += earned
                leave += hours if status == LEAVE else 0
                marks.append((session_id, date, status, earned, begins))
            withdrawn = item.is_full_time and leave * 7 > total
            if withdrawn:
                status = "withdrawn"
            elif attended and item.end <= reference:
                status = "completed"
            else:
                status = "enrolled"
            enrolment_rows.append(
                (cadre, status, "leave_rule" if withdrawn else "", str(attended), str(leave))
            )
            for session_id, date, mark, earned, begins in marks:
                attendance_plan.append((index, session_id, cadre, date, mark, earned, begins))
    enrolment_class = []
    for class_id, item in zip(class_ids, classes, strict=True):
        enrolment_class.extend([class_id] * len(item.participants))
    context.insert(
        Enrolment,
        (
            "training_class_id",
            "cadre_id",
            "status",
            "withdrawal_reason",
            "attended_hours",
            "leave_hours",
        ),
        (
            (class_id, cadre, status, reason, attended, leave)
            for class_id, (cadre, status, reason, attended, leave) in zip(
                enrolment_class, enrolment_rows, strict=True
            )
        ),
    )
    enrolment_ids = list(
        Enrolment.objects.order_by("-id").values_list("id", flat=True)[: len(enrolment_rows)]
    )
    enrolment_ids.reverse()
    signed_field = Attendance._meta.get_field("signed_at")
    context.insert(
        Attendance,
        (
            "session_id",
            "enrolment_id",
            "cadre_id",
            "date",
            "status",
            "method",
            "credit_hours",
            "signed_at",
            "leave_reason",
        ),
        (
            (
                session_id,
                enrolment_ids[index],
                cadre,
                _date(date, date_of),
                mark,
                ("qr" if rng.random() < 0.6 else "register") if mark == PRESENT else "",
                _hours(earned, hours_of),
                signed_field.get_db_prep_save(
                    datetime.datetime.combine(date, begins, LOCAL)
                    - datetime.timedelta(minutes=rng.randint(1, 25)),
                    connection,
                )
                if mark == PRESENT
                else None,
                rng.choice(("公务", "病假", "事假")) if mark == LEAVE else "",
            )
            for index, session_id, cadre, date, mark, earned, begins in attendance_plan
        ),
    )


def _date(value: datetime.date, cache: dict):
    if value not in cache:
        cache[value] = _prep(Session, "date", value)
    return cache[value]


def _hours(value, cache: dict):
    if value not in cache:
        cache[value] = _prep(Session, "credit_hours", Decimal(value))
    return cache[value]

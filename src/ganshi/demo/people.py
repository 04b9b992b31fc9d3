"""The cadres of one demo county, with the records behind their forms (plain objects).

Every leadership seat is filled (a few left vacant) by a cadre whose career was built
backwards from that seat: the current post, the posts before it a level lower, down to
the first job after school, so the résumé (简历), the post tenures (任职), the rank
records (职级) and the form's own fields all tell the same story. The remaining cadres
are staff (科员, 事业单位工作人员) spread over the units by size, and a few retired.

Rules the generator keeps (the tests check them):
- ID numbers are valid, unique, and agree with birth date and gender (odd = male);
- work start and party entry are at least 18 years after birth;
- a cadre's leadership level and current post come from their current tenures;
- ranks follow the ladder with the minimum years below (from the 2019 conversion on),
  within the band of the cadre's leadership level; village and public-institution
  cadres have no civil-service rank.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from types import SimpleNamespace

from ganshi.cadres.choices import RANK_MIN_YEARS_BELOW
from ganshi.core.code_tables import Degree, Education, PoliticalStatus, Relation
from ganshi.core.id_numbers import IdNumber
from ganshi.demo import names
from ganshi.demo.county import (
    CC,
    CD,
    CIVIL_SERVANT,
    INSTITUTION_STAFF_POST,
    NONE,
    PUBLIC_INSTITUTION,
    STAFF_POST,
    TC,
    TD,
    TOWNSHIP_INSTITUTION_SHARE,
    TOWNSHIP_KIND,
    VILLAGE,
    VL,
    CountySize,
    CountyStructure,
    PostPlan,
    QuotaPlan,
    UnitPlan,
)
from ganshi.demo.timeline import RANK_SYSTEM_START, REFERENCE, month, text


def _plain(choices) -> SimpleNamespace:
    """The choices' values as plain strings: enum members are slow to hash and compare,
    and the generator does that millions of times in a province."""
    return SimpleNamespace(**{member.name: member.value for member in choices})


ED = _plain(Education)
PS = _plain(PoliticalStatus)
REL = _plain(Relation)
DEG = _plain(Degree)
LEVEL_ORDER = {CC: 0, CD: 1, TC: 2, TD: 3, VL: 4, NONE: 5}
# Lower code = higher education (ZB64 order), as the cadre services compute it.
EDUCATION_ORDER = {code: index for index, code in enumerate(Education.values)}
EDUCATION_LEVEL_WORD = {
    ED.MASTER: "研究生",
    ED.BACHELOR: "大学",
    ED.JUNIOR_COLLEGE: "大专",
}
# Age at graduation and years of study.
SCHOOLING = {
    ED.MASTER: (25, 3),
    ED.BACHELOR: (22, 4),
    ED.JUNIOR_COLLEGE: (21, 3),
    ED.SECONDARY_SPECIALISED: (19, 3),
    ED.HIGH_SCHOOL: (18, 3),
    ED.JUNIOR_HIGH: (15, 3),
}
DOWNGRADE = {
    ED.MASTER: ED.BACHELOR,
    ED.BACHELOR: ED.JUNIOR_COLLEGE,
    ED.JUNIOR_COLLEGE: ED.SECONDARY_SPECIALISED,
    ED.SECONDARY_SPECIALISED: ED.HIGH_SCHOOL,
    ED.HIGH_SCHOOL: ED.JUNIOR_HIGH,
}

# (floor, ceiling) of the rank held with each leadership level (lower number = higher).
RANK_BAND = {CC: (4, 3), CD: (6, 4), TC: (8, 6), TD: (10, 8), NONE: (12, 7)}
ENTRY_RANK = 12  # 二级科员
MIN_MONTHS_BELOW = {int(rank): years * 12 for rank, years in RANK_MIN_YEARS_BELOW.items()}
# Months before a current tenure the cadre must have worked, by level.
MIN_PRIOR_MONTHS = {CC: 180, CD: 120, TC: 72, TD: 36, NONE: 0}
# Village elections (村两委换届).
VILLAGE_ELECTIONS = (
    month(2005, 4),
    month(2008, 4),
    month(2011, 4),
    month(2014, 4),
    month(2017, 12),
    month(2021, 4),
)
PHONE_PREFIXES = tuple(
    "30 31 32 33 35 36 37 38 39 50 51 52 55 56 57 58 59 77 78 80 81 82 83 86 87 88 89".split()
)
DEMOCRATIC_PARTIES = (
    PS.CDL,
    PS.CNDCA,
    PS.CAPD,
    PS.CPWDP,
    PS.JIUSAN,
    PS.RCCK,
    PS.INDEPENDENT,
)
SPECIALTIES = tuple(
    "熟悉基层党建工作 熟悉经济工作 熟悉农村工作 熟悉财务管理 熟悉法律事务"
    " 熟悉组织人事工作 熟悉宣传工作 熟悉城乡规划建设 熟悉政法工作 熟悉文字综合工作".split()
)
# Professional titles (初级, 中级, 副高级, 正高级) by track; reached after 5, 12 and 20 years.
TITLE_TRACKS = {
    "doctor": ("医师", "主治医师", "副主任医师", "主任医师"),
    "nurse": ("护师", "主管护师", "副主任护师", "主任护师"),
    "pharmacist": ("药师", "主管药师", "副主任药师", "主任药师"),
    "journalist": ("助理记者", "记者", "主任记者", "高级记者"),
    "agronomist": ("助理农艺师", "农艺师", "高级农艺师", "正高级农艺师"),
    "engineer": ("助理工程师", "工程师", "高级工程师", "正高级工程师"),
}
TITLE_YEARS = (0, 5, 12, 20)
# Titles on the résumé of a civil servant without a leadership post: before the 2019
# reform the old non-leadership titles, since then the rank.
OLD_STAFF_TITLES = {
    12: "科员",
    11: "科员",
    10: "副主任科员",
    9: "副主任科员",
    8: "主任科员",
    7: "主任科员",
    6: "调研员",
}
RANK_TITLES = {
    3: "一级调研员",
    4: "二级调研员",
    5: "三级调研员",
    6: "四级调研员",
    7: "一级主任科员",
    8: "二级主任科员",
    9: "三级主任科员",
    10: "四级主任科员",
    11: "一级科员",
    12: "二级科员",
}
MAX_RESUME_LINES = 8
TAG_YOUNG = "优秀年轻干部"
TAG_SELECTED_GRADUATE = "选调生"
TAG_VETERAN = "退役军人"
TAG_FRONT_LINE = "乡村振兴一线"
TAG_RESERVE = "后备干部"
TAGS = (TAG_YOUNG, TAG_SELECTED_GRADUATE, TAG_VETERAN, TAG_FRONT_LINE, TAG_RESERVE)


@dataclass(eq=False, slots=True)
class CadrePlan:
    name: str
    gender: str
    birth: int  # month number (timeline)
    birth_day: int
    id_number: str
    ethnicity: str
    native_place: str
    birthplace: str
    political_status: str
    party_entry: int | None
    work_start: int
    unit: UnitPlan
    category: str
    leadership_level: str
    current_post: str
    status: str = "active"
    rank: int = 99
    health: str = "健康"
    professional_title: str = ""
    specialties: str = ""
    fulltime_education: str = ""
    fulltime_degree: str = ""
    fulltime_school: str = ""
    inservice_education: str = ""
    inservice_degree: str = ""
    inservice_school: str = ""
    education: str = ""
    phone: str = ""
    home_address: str = ""
    # (start, end or None, text, is_sub_entry)
    resume: list[tuple[int, int | None, str, bool]] = field(default_factory=list)
    # (post, start, end or None, document number)
    tenures: list[tuple[PostPlan, int, int | None, str]] = field(default_factory=list)
    # (rank, start, document number)
    ranks: list[tuple[int, int, str]] = field(default_factory=list)
    # (relation, name, birth or None, political status, workplace, is_social_relation)
    family: list[tuple[str, str, int | None, str, str, bool]] = field(default_factory=list)
    # (kind, date, description, authority)
    rewards: list[tuple[str, int, str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    id: int | None = None


@dataclass(slots=True)
class Seat:
    unit: UnitPlan
    posts: list[PostPlan]  # the posts held (two for a village secretary who is also director)
    level: str
    category: str
    seat_number: int = 0
    retired: bool = False


class IdNumbers:
    """Hands out unique valid ID numbers for one county.

    The county's own region code (most of its cadres are born there) is the county's
    alone. The city-district codes of cadres born elsewhere are shared by every county,
    so their sequence numbers are partitioned: county ``k`` uses five of the 500 per
    birth date and gender (``k*5`` to ``k*5+4``), and counties generated apart (in
    parallel) can never hand out the same number.
    """

    SHARED_SLOTS = 5

    def __init__(self, county_index: int = 0, own_region: str = "450422") -> None:
        self.county_index = county_index % (500 // self.SHARED_SLOTS)
        self.own_region = own_region
        self.used: set[str] = set()

    def allocate(self, rng: random.Random, region: str, birth: datetime.date, male: bool) -> str:
        shared = region != self.own_region
        for _attempt in range(50):
            if shared:
                slot = self.county_index * self.SHARED_SLOTS + rng.randrange(self.SHARED_SLOTS)
            else:
                slot = rng.randrange(500)
            value = IdNumber.build(region, birth, slot * 2 + (1 if male else 0))
            if value not in self.used:
                self.used.add(value)
                return value
        if shared:
            return self.allocate(rng, self.own_region, birth, male)
        raise RuntimeError("no ID number left for this birth date")  # 500 per date and gender


@dataclass(eq=False, slots=True)
class Step:
    """One line of a career: a post (or no post: school, army, 务工) from start to end."""

    start: int
    end: int | None
    text: str
    post: PostPlan | None = None
    level: str = NONE


@dataclass(eq=False, slots=True)
class Draft:
    """What one cadre's generation remembers between its steps."""

    seat: Seat
    school: tuple[str, str, str] = ("", "", "")  # school, major, education
    veteran: bool = False
    selected_graduate: bool = False
    front_line: bool = False
    extra_current: list[PostPlan] = field(default_factory=list)
    rank_history: list[tuple[int, int]] = field(default_factory=list)  # (rank, since)
    title_history: list[tuple[int, str]] = field(default_factory=list)  # (since, title)


class CountyPeople:
    """Generates the cadres of one county structure."""

    def __init__(
        self, structure: CountyStructure, size: CountySize, rng: random.Random, ids: IdNumbers
    ):
        self.structure = structure
        self.size = size
        self.rng = rng
        self.ids = ids
        spec = structure.spec
        self.county = spec.name
        self.county_place = "广西" + (spec.name[:-1] if len(spec.name) > 2 else spec.name)
        self.abbreviation = spec.abbreviation
        self.city_abbreviation = spec.city_abbreviation
        self.city = spec.city
        self.pools: dict[str, list[PostPlan]] = {CC: [], CD: [], TC: [], TD: []}
        self.civil_staff_posts: list[PostPlan] = []
        self.township_staff_posts: list[PostPlan] = []
        self.institution_posts: dict[str, list[PostPlan]] = {}
        for post in structure.posts:
            unit = post.unit
            if post.level in self.pools and unit.category != PUBLIC_INSTITUTION:
                self.pools[post.level].append(post)
            if post.name == STAFF_POST:
                self.civil_staff_posts.append(post)
                if unit.kind == TOWNSHIP_KIND:
                    self.township_staff_posts.append(post)
            if unit.category == PUBLIC_INSTITUTION:
                self.institution_posts.setdefault(unit.code, []).append(post)

    # -----------------------------------------------------------------------------------
    # Seats: who holds what

    def seats(self) -> list[Seat]:
        rng = self.rng
        structure = self.structure
        leadership: list[Seat] = []
        for unit in structure.units:
            unit_posts = structure.posts_by_unit.get(unit.code, [])
            director_taken = False
            for post in unit_posts:
                if post.level == NONE:
                    continue
                if post.level == VL and post.name.endswith("主任") and director_taken:
                    continue
                for number in range(post.seats):
                    if rng.random() < _vacancy_rate(post.level):
                        continue
                    held = [post]
                    if (
                        post.level == VL
                        and post.name.endswith("书记")
                        and not post.name.endswith("副书记")
                    ):
                        # 一肩挑: the secretary is also elected director of the village committee.
                        if rng.random() < 0.45:
                            director = next(p for p in unit_posts if p.name.endswith("主任"))
                            held.append(director)
                            director_taken = True
                    category = VILLAGE if post.level == VL else unit.category
                    leadership.append(Seat(unit, held, post.level, category, number))
        limit = int(self.size.cadres * 0.8)
        if len(leadership) > limit:  # a tiny county: leave the rest vacant
            keep = set(rng.sample(range(len(leadership)), limit))
            leadership = [seat for index, seat in enumerate(leadership) if index in keep]

        retired_count = max(1, round(self.size.cadres * 0.015))
        staff_count = max(0, self.size.cadres - len(leadership) - retired_count)
        staffed = [unit for unit in structure.units if unit.staff_weight > 0]
        counts = _apportion(staff_count, [unit.staff_weight for unit in staffed])
        retired_units = rng.choices(
            staffed, weights=[u.staff_weight for u in staffed], k=retired_count
        )

        by_unit: dict[str, list[Seat]] = {}
        for seat in leadership:
            by_unit.setdefault(seat.unit.code, []).append(seat)
        for unit, count in zip(staffed, counts, strict=True):
            unit_posts = structure.posts_by_unit[unit.code]
            civil = next((p for p in unit_posts if p.name == STAFF_POST), None)
            institution = next((p for p in unit_posts if p.name == INSTITUTION_STAFF_POST), None)
            civil_count = institution_count = 0
            for _ in range(count):
                if unit.kind == TOWNSHIP_KIND and rng.random() < TOWNSHIP_INSTITUTION_SHARE:
                    by_unit.setdefault(unit.code, []).append(
                        Seat(unit, [institution], NONE, PUBLIC_INSTITUTION)
                    )
                    institution_count += 1
                elif civil is not None:
                    by_unit.setdefault(unit.code, []).append(
                        Seat(unit, [civil], NONE, CIVIL_SERVANT)
                    )
                    civil_count += 1
                else:
                    by_unit.setdefault(unit.code, []).append(
                        Seat(unit, [institution], NONE, PUBLIC_INSTITUTION)
                    )
                    institution_count += 1
            if civil is not None:
                civil.seats = max(1, civil_count)
            if institution is not None:
                institution.seats = max(1, institution_count)
        for unit in retired_units:
            unit_posts = structure.posts_by_unit[unit.code]
            staff_post = next(p for p in unit_posts if p.level == NONE)
            category = CIVIL_SERVANT if staff_post.name == STAFF_POST else PUBLIC_INSTITUTION
            by_unit.setdefault(unit.code, []).append(
                Seat(unit, [staff_post], NONE, category, retired=True)
            )
        return [seat for unit in structure.units for seat in by_unit.get(unit.code, [])]

    def quotas(self, cadres: list[CadrePlan]) -> list[QuotaPlan]:
        """A quota per unit and leadership level: the seats, but two or three units were
        allowed one deputy fewer after the 2019 reform and still have them all (超职数)."""
        rng = self.rng
        seats: dict[tuple[str, str], int] = {}
        for post in self.structure.posts:
            if post.level != NONE:
                seats[(post.unit.code, post.level)] = (
                    seats.get((post.unit.code, post.level), 0) + post.seats
                )
        filled: dict[tuple[str, str], int] = {}
        for cadre in cadres:
            for post, _start, end, _document in cadre.tenures:
                if end is None and post.level != NONE and cadre.status == "active":
                    key = (post.unit.code, post.level)
                    filled[key] = filled.get(key, 0) + 1
        candidates = [
            key
            for key, approved in seats.items()
            if key[1] == TD and approved >= 2 and filled.get(key, 0) == approved
        ]
        overrun = set(rng.sample(candidates, min(len(candidates), rng.randint(2, 3))))
        units = {unit.code: unit for unit in self.structure.units}
        result = []
        for (code, level), approved in seats.items():
            if (code, level) in overrun:
                approved -= 1
            document = f"{self.abbreviation}编〔2019〕{rng.randint(1, 60)}号"
            result.append(QuotaPlan(units[code], level, approved, document))
        return result

    # -----------------------------------------------------------------------------------
    # One cadre

    def cadres(self) -> list[CadrePlan]:
        return [self.cadre(seat) for seat in self.seats()]

    def cadre(self, seat: Seat) -> CadrePlan:
        rng = self.rng
        level = seat.level
        category = seat.category
        post = seat.posts[0]
        female = rng.random() < _female_share(level, post.name)
        if seat.retired:
            age = rng.randint(55 if female else 60, 63)
        else:
            age = _age(rng, level, female, category)
        birth = REFERENCE - age * 12 - rng.randint(0, 11)
        birth_year, birth_month = divmod(birth, 12)
        birth_month += 1
        birth_day = rng.randint(1, 28)
        ethnicity = names.ETHNICITIES.pick(rng)
        name = names.NAMES.full(rng, male=not female, birth_year=birth_year, ethnicity=ethnicity)
        local = rng.random() < 0.8 or category == VILLAGE
        region = self.structure.spec.code[:6] if local else rng.choice(names.GUANGXI_REGION_CODES)
        id_number = self.ids.allocate(
            rng, region, datetime.date(birth_year, birth_month, birth_day), not female
        )
        native_place = self.county_place if local else "广西" + rng.choice(names.GUANGXI_CITIES)
        birthplace = (
            native_place if rng.random() < 0.85 else "广西" + rng.choice(names.GUANGXI_CITIES)
        )

        cadre = CadrePlan(
            name=name,
            gender="female" if female else "male",
            birth=birth,
            birth_day=birth_day,
            id_number=id_number,
            ethnicity=ethnicity,
            native_place=native_place,
            birthplace=birthplace,
            political_status=PS.MASSES,
            party_entry=None,
            work_start=0,
            unit=seat.unit,
            category=category,
            leadership_level=NONE,
            current_post="",
        )
        draft = Draft(seat)
        school_start, school_end = self._education(cadre, draft)
        if category == VILLAGE:
            steps = self._village_career(cadre, draft, school_end)
        else:
            steps = self._career(cadre, draft, school_end)
        self._party(cadre, seat, school_start, school_end)
        if category == CIVIL_SERVANT:
            self._ranks(cadre, draft, steps)
        elif category == PUBLIC_INSTITUTION:
            self._professional_titles(cadre, draft)
        self._resume(cadre, draft, steps, school_start, school_end)
        self._contact(cadre, seat)
        self._family(cadre)
        self._rewards(cadre, seat)
        self._tags(cadre, draft)
        return cadre

    def _education(self, cadre: CadrePlan, draft: Draft) -> tuple[int, int]:
        """Full-time education; returns the school's start and end."""
        rng = self.rng
        seat = draft.seat
        birth_year = cadre.birth // 12
        if seat.category == VILLAGE:
            level = _pick(
                rng,
                (
                    (ED.JUNIOR_HIGH, 25),
                    (ED.HIGH_SCHOOL, 35),
                    (ED.SECONDARY_SPECIALISED, 25),
                    (ED.JUNIOR_COLLEGE, 15),
                ),
            )
        elif birth_year >= 1985:
            level = _pick(rng, ((ED.BACHELOR, 78), (ED.MASTER, 10), (ED.JUNIOR_COLLEGE, 12)))
        elif birth_year >= 1975:
            level = _pick(
                rng, ((ED.BACHELOR, 55), (ED.JUNIOR_COLLEGE, 35), (ED.SECONDARY_SPECIALISED, 10))
            )
        else:
            level = _pick(
                rng,
                (
                    (ED.BACHELOR, 25),
                    (ED.JUNIOR_COLLEGE, 40),
                    (ED.SECONDARY_SPECIALISED, 30),
                    (ED.HIGH_SCHOOL, 5),
                ),
            )
        # Graduation in July; leave at least a month before the reference date.
        while True:
            end_age, years = SCHOOLING[level]
            end_year = birth_year + end_age + (1 if cadre.birth % 12 >= 8 else 0)
            end = month(end_year, 7)
            if end <= REFERENCE - 1 or level not in DOWNGRADE:
                break
            level = DOWNGRADE[level]
        cadre.fulltime_education = level
        unit_name = seat.unit.name
        school = major = ""
        if level in (ED.MASTER, ED.BACHELOR):
            if "医院" in unit_name or "卫生" in unit_name:
                school, major = rng.choice(names.MEDICAL_SCHOOLS), rng.choice(names.MEDICAL_MAJORS)
            elif "公安" in unit_name or "法院" in unit_name or "检察" in unit_name:
                school, major = (
                    rng.choice(("广西警察学院", "广西大学", "广西民族大学")),
                    rng.choice(names.POLICE_MAJORS),
                )
            else:
                school, major = rng.choice(names.UNIVERSITIES), rng.choice(names.MAJORS)
            if level == ED.MASTER:
                school = rng.choice(names.MASTER_SCHOOLS)
                cadre.fulltime_degree = DEG.MASTER
            elif rng.random() < 0.92:
                cadre.fulltime_degree = DEG.BACHELOR
        elif level == ED.JUNIOR_COLLEGE:
            school, major = rng.choice(names.COLLEGES), rng.choice(names.COLLEGE_MAJORS)
        elif level == ED.SECONDARY_SPECIALISED:
            school, major = rng.choice(names.SECONDARY_SCHOOLS), rng.choice(names.SECONDARY_MAJORS)
        elif level == ED.HIGH_SCHOOL:
            school = f"{self.county}第{rng.choice('一二三')}中学"
        else:
            school = f"{self.county}第{rng.choice('一二三四五')}初级中学"
        cadre.fulltime_school = f"{school}{major}专业" if major else school
        start = month(end_year - years, 9)
        draft.school = (school, major, level)
        return start, end

    def _inservice(
        self, cadre: CadrePlan, work_start: int, end_of_work: int
    ) -> tuple[int, int, str] | None:
        """In-service study (在职学习) raising the cadre's education, if any."""
        rng = self.rng
        fulltime = cadre.fulltime_education
        if cadre.category == VILLAGE:
            if (
                EDUCATION_ORDER[fulltime] > EDUCATION_ORDER[ED.JUNIOR_COLLEGE]
                and rng.random() < 0.3
            ):
                level, school, major = (
                    ED.JUNIOR_COLLEGE,
                    "国家开放大学",
                    rng.choice(("行政管理", "农业经济管理", "法学")),
                )
            else:
                return None
        elif EDUCATION_ORDER[fulltime] > EDUCATION_ORDER[ED.BACHELOR] and rng.random() < 0.75:
            level = ED.BACHELOR
            school, majors = rng.choice(names.INSERVICE_SCHOOLS)
            major = rng.choice(majors)
        elif fulltime == ED.BACHELOR and rng.random() < 0.07:
            level = ED.MASTER
            school = rng.choice(names.MASTER_SCHOOLS)
            major = rng.choice(("公共管理", "法律", "工商管理"))
        else:
            return None
        duration = 30 if level != ED.MASTER else 36
        latest_start = min(end_of_work, REFERENCE) - duration - 1
        earliest = work_start + 12
        if latest_start < earliest:
            return None
        first_year, last_year = (earliest + 3) // 12, (latest_start - 8) // 12  # Septembers
        if first_year > last_year:
            return None
        start = month(rng.randint(first_year, last_year), 9)
        end = start + duration - 2  # September to July
        cadre.inservice_education = level
        cadre.inservice_school = f"{school}{major}专业"
        if level == ED.MASTER:
            cadre.inservice_degree = DEG.MASTER
        elif school.endswith("大学") and rng.random() < 0.5:
            cadre.inservice_degree = DEG.BACHELOR
        word = EDUCATION_LEVEL_WORD[level]
        return (
            start,
            end,
            f"（其间：{text(start)}--{text(end)}在{school}{major}专业在职{word}学习）",
        )

    # -----------------------------------------------------------------------------------
    # Careers

    def _career(self, cadre: CadrePlan, draft: Draft, school_end: int) -> list[Step]:
        """Steps from the first job to the current post (or to retirement), built backwards
        from the post down the ladder of levels below it."""
        rng = self.rng
        seat = draft.seat
        level = seat.level
        post = seat.posts[0]
        birth = cadre.birth
        adult = birth + 18 * 12
        civil_start = max(school_end + (1 if rng.random() < 0.4 else 0), adult)
        steps: list[Step] = []
        male = cadre.gender == "male"
        short_schooling = cadre.fulltime_education in (ED.SECONDARY_SPECIALISED, ED.HIGH_SCHOOL)
        if male and rng.random() < (0.35 if short_schooling else 0.03):
            enlist = max(adult, school_end + rng.randint(2, 5))
            service = rng.choice((24, 36, 48, 60, 96))
            if enlist + service + 12 < REFERENCE - MIN_PRIOR_MONTHS[level] - 12:
                soldier = (
                    "中国人民解放军某部战士" if service < 48 else "中国人民解放军某部战士、士官"
                )
                steps.append(Step(enlist, enlist + service, soldier))
                civil_start = enlist + service + rng.randint(1, 6)
                draft.veteran = True
        draft.selected_graduate = (
            cadre.category == CIVIL_SERVANT
            and cadre.fulltime_education in (ED.BACHELOR, ED.MASTER)
            and not draft.veteran
            and birth // 12 >= 1980
            and rng.random() < 0.18
        )
        end = birth + (55 if not male else 60) * 12 if seat.retired else REFERENCE
        available = end - civil_start
        if available < 6:  # graduated this spring: started a little earlier
            civil_start = end - 6
            available = 6
        cadre.work_start = steps[0].start if steps else civil_start

        longest = min(96, available - MIN_PRIOR_MONTHS[level])
        if level == NONE and (cadre.category == PUBLIC_INSTITUTION or rng.random() < 0.55):
            current_start = civil_start  # never moved
        elif longest < 6:
            current_start = end - max(6, available // 3)
        else:
            current_start = end - rng.randint(6, longest)
        current_start = max(current_start, civil_start)
        current = Step(current_start, end if seat.retired else None, post.title, post, level)

        back: list[Step] = []
        t = current_start
        avoid = post
        for step_level in _ladder(rng, level)[:3]:
            duration = min(rng.randint(24, 66), t - civil_start - 18)
            if duration < 18:
                break  # no time left for another leadership post
            past = self._past_post(cadre, draft, step_level, avoid=avoid, first=False)
            back.append(Step(t - duration, t, past.title, past, step_level))
            avoid = past
            t -= duration
        # Staff years before the first leadership post: a transfer or two in long careers.
        while t > civil_start:
            room = t - civil_start
            if room > 96 and len(back) < 3 and rng.random() < 0.6:
                start = t - rng.randint(36, room - 24)
            else:
                start = civil_start
            past = self._past_post(cadre, draft, NONE, avoid=avoid, first=start == civil_start)
            back.append(Step(start, t, past.title, past, NONE))
            avoid = past
            t = start
        steps.extend(reversed(back))
        steps.append(current)
        if seat.retired:
            steps.append(Step(end, None, "退休"))
        return steps

    def _past_post(
        self, cadre: CadrePlan, draft: Draft, level: str, *, avoid: PostPlan, first: bool
    ) -> PostPlan:
        """A post of ``level`` held earlier, preferably in another unit than ``avoid``'s."""
        rng = self.rng
        unit = draft.seat.unit
        if cadre.category == PUBLIC_INSTITUTION:
            own = [
                p
                for p in self.institution_posts.get(unit.code, ())
                if p.level == level and p is not avoid
            ]
            if own:
                return rng.choice(own)
            others = [
                p
                for posts in self.institution_posts.values()
                for p in posts
                if p.level == level and p is not avoid
            ]
            if others:
                return rng.choice(others)
        if level == NONE:
            if first and draft.selected_graduate and self.township_staff_posts:
                return rng.choice(self.township_staff_posts)
            if unit.kind == TOWNSHIP_KIND and rng.random() < 0.6:
                own_staff = next(
                    (p for p in self.structure.posts_by_unit[unit.code] if p.name == STAFF_POST),
                    None,
                )
                if own_staff is not None and own_staff is not avoid:
                    return own_staff
            pool = (
                self.township_staff_posts
                if rng.random() < 0.5 and self.township_staff_posts
                else self.civil_staff_posts
            )
        else:
            pool = self.pools[level] or self.pools[TD] or self.civil_staff_posts
        choice = rng.choice(pool)
        for _ in range(3):
            if choice.unit is not avoid.unit:
                break
            choice = rng.choice(pool)
        return choice

    def _village_career(self, cadre: CadrePlan, draft: Draft, school_end: int) -> list[Step]:
        """Village two-committee terms, election by election, after farming or migrant work."""
        rng = self.rng
        seat = draft.seat
        work_start = max(school_end + rng.randint(0, 6), cadre.birth + 18 * 12)
        unit_posts = self.structure.posts_by_unit[seat.unit.code]
        members = [p for p in unit_posts if p.name.endswith("委员")]
        deputies = [p for p in unit_posts if p.name.endswith("副书记")]
        post = seat.posts[0]
        if rng.random() < 0.72 and VILLAGE_ELECTIONS[-1] - work_start >= 12:
            current_start = VILLAGE_ELECTIONS[-1] + rng.randint(0, 2)
        else:  # elected at a by-election since
            current_start = max(work_start + 12, REFERENCE - rng.randint(6, 60))
        current_start = min(current_start, REFERENCE - 1)
        back: list[Step] = []
        t = current_start
        chief = post.name.endswith("书记") and not post.name.endswith("副书记")
        for election in reversed(VILLAGE_ELECTIONS[:-1]):
            if election >= t or election - work_start < 12 or rng.random() < 0.45:
                break
            if chief and rng.random() < 0.5:
                previous = rng.choice(deputies or members)
            elif rng.random() < 0.5:
                previous = post
            else:
                previous = rng.choice(members)
            back.append(Step(election, t, previous.title, previous, VL))
            t = election
        if t - work_start >= 6:
            before = rng.choice(
                (
                    "在家务农",
                    "在家务农",
                    "在广东东莞务工",
                    "在广东佛山务工",
                    "个体经营",
                    f"在{self.county}某公司务工",
                )
            )
            back.append(Step(work_start, t, before))
            cadre.work_start = work_start
        else:
            cadre.work_start = t
        title = post.title
        if len(seat.posts) > 1:
            prefix = f"{self.county}{seat.unit.township.name}{seat.unit.name}"
            title += "".join("、" + extra.title.removeprefix(prefix) for extra in seat.posts[1:])
            draft.extra_current = seat.posts[1:]
        return [*reversed(back), Step(current_start, None, title, post, VL)]

    # -----------------------------------------------------------------------------------
    # Records derived from the career

    def _resume(
        self, cadre: CadrePlan, draft: Draft, steps: list[Step], school_start: int, school_end: int
    ) -> None:
        """Résumé lines (3 to 8 with the sub-entries), post tenures, in-service study and
        the current post fields."""
        rng = self.rng
        school, major, level = draft.school
        schooling = []
        if level == ED.MASTER:
            university = rng.choice(names.UNIVERSITIES)
            schooling.append((school_start - 48, school_start - 2, f"{university}{major}专业学习"))
            schooling.append((school_start, school_end, f"{school}{major}专业研究生学习"))
        else:
            schooling.append(
                (school_start, school_end, f"{school}{major}专业学习" if major else f"{school}学习")
            )
        if steps[0].start > school_end + 2 and len(schooling) + len(steps) < MAX_RESUME_LINES:
            schooling.append((school_end, steps[0].start, "待业"))
        room = MAX_RESUME_LINES - len(schooling) - len(steps)

        retired = steps[-1].text == "退休"
        end_of_work = steps[-1].start if retired else REFERENCE
        subs = []
        if room > 0:
            inservice = self._inservice(cadre, cadre.work_start, end_of_work)
            if inservice:
                subs.append(inservice)
        if room > len(subs) and cadre.category == CIVIL_SERVANT and rng.random() < 0.09:
            front_line = self._front_line(cadre, end_of_work)
            if front_line:
                subs.append(front_line)
                draft.front_line = True
        subs.sort()
        room -= len(subs)

        # A staff step shows its title changes (rank, or professional title) while room lasts,
        # the most recent first.
        segments: list[list[tuple[int, int | None, str]]] = []
        for step in reversed(steps):
            parts = [(step.start, step.end, step.text)]
            if step.post is not None and step.level == NONE and room > 0:
                split = self._title_segments(cadre, draft, step)
                if len(split) - 1 > room:  # keep the first title and the latest changes
                    split = [(split[0][0], split[-room][0], split[0][2]), *split[-room:]]
                room -= len(split) - 1
                parts = split
            segments.append(parts)
        segments.reverse()
        lines = len(schooling) + sum(len(parts) for parts in segments) + len(subs)
        if lines < 3:  # a short career: the résumé starts at secondary school
            start = school_start - 36
            schooling.insert(
                0, (start, school_start - 2, f"{self.county}第{rng.choice('一二三')}中学学习")
            )

        resume = cadre.resume
        for start, end, line in schooling:
            resume.append((start, end, line, False))
        tenures = cadre.tenures
        for index, (step, parts) in enumerate(zip(steps, segments, strict=True)):
            for start, end, line in parts:
                resume.append((start, end, line, False))
            next_start = steps[index + 1].start if index + 1 < len(steps) else REFERENCE + 1
            while subs and subs[0][0] < next_start:
                start, end, line = subs.pop(0)
                resume.append((start, end, line, True))
            if step.post is not None:
                document = self._document(step.level, step.post, step.start // 12)
                tenures.append((step.post, step.start, step.end, document))
                if step.end is None:
                    for extra in draft.extra_current:
                        tenures.append((extra, step.start, None, document))
        current = [(post, start) for post, start, end, _document in tenures if end is None]
        if current:
            cadre.leadership_level = min(
                (post.level for post, _start in current), key=LEVEL_ORDER.__getitem__
            )
            cadre.current_post = "、".join(
                f"{post.unit.name}{post.name}" for post, _start in current
            )[:200]
            cadre.unit = current[0][0].unit
        else:
            cadre.status = "retired"
        known = [code for code in (cadre.fulltime_education, cadre.inservice_education) if code]
        cadre.education = min(known, key=EDUCATION_ORDER.__getitem__)

    def _title_segments(
        self, cadre: CadrePlan, draft: Draft, step: Step
    ) -> list[tuple[int, int | None, str]]:
        """A staff step cut where the title shown changes: 云岭县财政局科员, …副主任科员,
        then from June 2019 the rank (…四级主任科员); or the professional title."""
        end = step.end if step.end is not None else REFERENCE + 1
        prefix = step.text.removesuffix(step.post.name)
        changes: list[tuple[int, str]] = []
        if draft.rank_history:
            points = sorted({since for _rank, since in draft.rank_history} | {RANK_SYSTEM_START})
            history = draft.rank_history
            for point in points:
                rank = history[0][0]
                for value, since in history:
                    if since <= point:
                        rank = value
                title = (
                    OLD_STAFF_TITLES.get(rank, "科员")
                    if point < RANK_SYSTEM_START
                    else RANK_TITLES[rank]
                )
                changes.append((point, title))
        elif draft.title_history:
            changes = list(draft.title_history)
        else:
            return [(step.start, step.end, step.text)]
        # The title at the step's start, then each change inside the step.
        current_title = step.post.name
        for point, title in changes:
            if point <= step.start:
                current_title = title
        parts: list[list] = [[step.start, step.end, prefix + current_title]]
        for point, title in changes:
            if step.start < point < end and prefix + title != parts[-1][2]:
                parts[-1][1] = point
                parts.append([point, step.end, prefix + title])
        return [tuple(part) for part in parts]

    def _professional_titles(self, cadre: CadrePlan, draft: Draft) -> None:
        """A public-institution cadre's professional titles over the years, if their unit has a track."""
        rng = self.rng
        unit = draft.seat.unit
        if "医院" in unit.name:
            track = _pick(rng, (("doctor", 50), ("nurse", 40), ("pharmacist", 10)))
        elif "融媒体" in unit.name:
            track = "journalist"
        elif unit.kind == TOWNSHIP_KIND:
            track = "agronomist"
        else:
            track = "engineer" if rng.random() < 0.5 else None
        if track is None:
            return
        highest = rng.randint(1, 3)
        titles = TITLE_TRACKS[track]
        history = [(cadre.work_start, titles[0])]
        for grade in range(1, highest + 1):
            since = cadre.work_start + TITLE_YEARS[grade] * 12 + rng.randint(0, 11)
            if since < REFERENCE:
                history.append((since, titles[grade]))
        draft.title_history = history
        cadre.professional_title = history[-1][1]

    def _front_line(self, cadre: CadrePlan, end_of_work: int) -> tuple[int, int, str] | None:
        """Two years as a village's first secretary (驻村第一书记), since 2015."""
        rng = self.rng
        villages = self.structure.villages
        earliest = max(month(2015, 8), cadre.work_start + 24)
        latest = end_of_work - 25
        if not villages or latest <= earliest:
            return None
        start = rng.randint(earliest, latest)
        village = rng.choice(villages)
        place = f"{self.county}{village.township.name}{village.name}"
        return (
            start,
            start + 24,
            f"（其间：{text(start)}--{text(start + 24)}任{place}党组织第一书记）",
        )

    def _document(self, level: str, post: PostPlan, year: int) -> str:
        rng = self.rng
        if level in (CC, CD):
            return f"{self.city_abbreviation}组任〔{year}〕{rng.randint(1, 60)}号"
        if level in (TC, TD):
            return f"{self.abbreviation}组任〔{year}〕{rng.randint(1, 90)}号"
        if level == VL:
            township = post.unit.township
            prefix = township.name[:-1] if township is not None else self.abbreviation
            return f"{prefix}党发〔{year}〕{rng.randint(1, 40)}号"
        return f"{self.abbreviation}人社〔{year}〕{rng.randint(1, 200)}号"

    def _ranks(self, cadre: CadrePlan, draft: Draft, steps: list[Step]) -> None:
        """Simulate the ladder year by year from the first civil-service post; record it
        from the June 2019 conversion (套转) on (the résumé shows it from the start)."""
        rng = self.rng
        work = [step for step in steps if step.post is not None]
        if not work:
            return
        start = work[0].start
        end = work[-1].end if work[-1].end is not None else REFERENCE
        rank = ENTRY_RANK - (1 if cadre.fulltime_education == ED.MASTER else 0)
        since = start
        history = [(rank, since)]
        level_at = [(step.start, step.level) for step in work]
        # Yearly chances of promotion, and a check of the band at every appointment.
        yearly = set(range(start + 12, end + 1, 12))
        index = 0
        for t in sorted(yearly | {step_start for step_start, _level in level_at[1:]}):
            while index + 1 < len(level_at) and level_at[index + 1][0] <= t:
                index += 1
            level = level_at[index][1]
            floor, ceiling = RANK_BAND.get(level, RANK_BAND[NONE])
            if rank > floor:
                rank = floor
                since = max(since + 1, level_at[index][0])
                history.append((rank, since))
            elif t in yearly and rank > ceiling and t - since >= MIN_MONTHS_BELOW[rank - 1]:
                chance = 0.55 if rank > 8 else 0.3
                if level == NONE and rank <= 8:
                    chance = 0.2 if (t - cadre.birth) >= 45 * 12 else 0.05
                if rng.random() < chance:
                    rank -= 1
                    since = max(since + 1, t - rng.randint(0, 5))
                    history.append((rank, since))
        cadre.rank = rank
        draft.rank_history = history
        abbreviation = self.abbreviation
        before = [entry for entry in history if entry[1] <= RANK_SYSTEM_START]
        after = [entry for entry in history if entry[1] > RANK_SYSTEM_START]
        records = []
        if before:
            records.append(
                (
                    before[-1][0],
                    RANK_SYSTEM_START,
                    f"{abbreviation}组〔2019〕{rng.randint(20, 60)}号",
                )
            )
        for rank_value, when in after:
            records.append(
                (rank_value, when, f"{abbreviation}组发〔{when // 12}〕{rng.randint(1, 120)}号")
            )
        cadre.ranks = records

    def _party(
        self, cadre: CadrePlan, seat: Seat, school_start: int | None, school_end: int
    ) -> None:
        rng = self.rng
        level = seat.level
        age = (REFERENCE - cadre.birth) // 12
        post_name = seat.posts[0].name
        if level in (CC, CD, TC, TD):
            status = PS.CPC_MEMBER
            if (
                post_name == "副县长"
                and seat.seat_number == 3
                or post_name == "政协副主席"
                and seat.seat_number > 0
            ):
                status = rng.choice(DEMOCRATIC_PARTIES)
            elif level == TD and rng.random() < 0.02:
                status = PS.MASSES
        elif level == VL:
            chief = post_name.endswith("书记")
            status = PS.CPC_MEMBER if chief or rng.random() < 0.85 else PS.MASSES
        else:
            share = 0.75 if cadre.category == CIVIL_SERVANT else 0.55
            roll = rng.random()
            if roll < share:
                status = PS.CPC_MEMBER
            elif roll < share + 0.04:
                status = rng.choice(DEMOCRATIC_PARTIES)
            elif age <= 28 and roll < share + 0.2:
                status = PS.CYL_MEMBER
            else:
                status = PS.MASSES
        cadre.political_status = status
        if status == PS.CPC_MEMBER:
            adult = cadre.birth + 18 * 12
            if school_start is not None and rng.random() < 0.5 and school_end - 2 > adult:
                entry = rng.randint(max(adult, school_start + 8), school_end - 2)
            else:
                base = max(adult, cadre.work_start)
                entry = base + rng.randint(6, 96)
            entry = max(adult, min(entry, REFERENCE - 2))
            cadre.party_entry = entry
            if entry > REFERENCE - 12:
                cadre.political_status = PS.CPC_PROBATIONARY

    def _contact(self, cadre: CadrePlan, seat: Seat) -> None:
        rng = self.rng
        if rng.random() < 0.7:
            cadre.phone = f"1{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**8):08d}"
        if rng.random() < 0.5:
            unit = seat.unit
            if unit.township is not None and unit.kind != TOWNSHIP_KIND:
                cadre.home_address = f"广西{self.county}{unit.township.name}{unit.name}{rng.randint(1, 30)}队{rng.randint(1, 99)}号"
            elif unit.kind == TOWNSHIP_KIND:
                cadre.home_address = f"广西{self.county}{unit.name}{rng.choice(names.STREETS)}{rng.randint(1, 200)}号"
            else:
                cadre.home_address = f"广西{self.county}城关镇{rng.choice(names.STREETS)}{rng.randint(1, 400)}号{rng.randint(1, 12)}栋{rng.randint(1, 6)}0{rng.randint(1, 4)}室"
        if cadre.category == CIVIL_SERVANT and (
            seat.level in (CC, CD, TC) or seat.level == TD and rng.random() < 0.5
        ):
            cadre.specialties = rng.choice(SPECIALTIES)
        if (REFERENCE - cadre.birth) >= 50 * 12 and rng.random() < 0.04:
            cadre.health = "良好"

    def _family(self, cadre: CadrePlan) -> None:
        rng = self.rng
        age = (REFERENCE - cadre.birth) // 12
        male = cadre.gender == "male"
        surname = cadre.name[0]
        family = cadre.family
        county, city = self.county, self.city
        married = rng.random() < (0.92 if age >= 30 else 0.6 if age >= 25 else 0.1)
        spouse_surname = surname
        if married:
            spouse_birth = cadre.birth + (rng.randint(-12, 60) if male else rng.randint(-60, 12))
            spouse_birth = min(spouse_birth, REFERENCE - 21 * 12)
            spouse_surname = names.NAMES.surname(rng)
            spouse_name = spouse_surname + names.NAMES.given(
                rng, male=not male, birth_year=spouse_birth // 12
            )
            status = PS.CPC_MEMBER if rng.random() < 0.4 else PS.MASSES
            workplace = rng.choice(names.SPOUSE_WORKPLACES).format(county=county, city=city)
            if (REFERENCE - spouse_birth) >= 60 * 12 and workplace not in ("务农", "个体经营"):
                workplace = "退休"
            family.append(
                (
                    REL.WIFE if male else REL.HUSBAND,
                    spouse_name,
                    spouse_birth,
                    status,
                    workplace,
                    False,
                )
            )
            children = (
                _pick(rng, ((0, 8), (1, 55), (2, 37)))
                if age >= 27
                else (1 if rng.random() < 0.4 else 0)
            )
            child_birth = min(cadre.birth, spouse_birth) + rng.randint(23 * 12, 32 * 12)
            father_surname = surname if male else spouse_surname
            for _ in range(children):
                if child_birth > REFERENCE - 2:
                    break
                son = rng.random() < 0.52
                child_age = (REFERENCE - child_birth) // 12
                child_name = father_surname + names.NAMES.given(
                    rng, male=son, birth_year=child_birth // 12
                )
                if child_age >= 23:
                    workplace = rng.choice(names.CHILD_WORKPLACES).format(county=county, city=city)
                    status = _pick(rng, ((PS.CPC_MEMBER, 20), (PS.CYL_MEMBER, 30), (PS.MASSES, 50)))
                elif child_age >= 6:
                    workplace = "学生"
                    status = PS.CYL_MEMBER if child_age >= 14 and rng.random() < 0.5 else PS.MASSES
                else:
                    workplace = ""
                    status = PS.MASSES
                family.append(
                    (
                        REL.SON if son else REL.DAUGHTER,
                        child_name,
                        child_birth,
                        status,
                        workplace,
                        False,
                    )
                )
                child_birth += rng.randint(24, 72)
        father_birth = cadre.birth - rng.randint(22 * 12, 34 * 12)
        mother_birth = father_birth + rng.randint(0, 60)
        for relation, parent_birth, parent_male in (
            (REL.FATHER, father_birth, True),
            (REL.MOTHER, mother_birth, False),
        ):
            if len(family) >= 5:
                break
            parent_age = (REFERENCE - parent_birth) // 12
            parent_surname = surname if parent_male else names.NAMES.surname(rng)
            parent_name = parent_surname + names.NAMES.given(
                rng, male=parent_male, birth_year=parent_birth // 12
            )
            if parent_age >= 75 and rng.random() < 0.35:
                workplace = "已去世"
            else:
                workplace = rng.choice(names.PARENT_WORKPLACES).format(county=county, city=city)
            status = PS.CPC_MEMBER if rng.random() < 0.2 else PS.MASSES
            family.append((relation, parent_name, parent_birth, status, workplace, False))
        if len(family) < 5 and married and rng.random() < 0.15:
            in_law_birth = cadre.birth - rng.randint(22 * 12, 34 * 12)
            relation = REL.FATHER_IN_LAW if male else REL.HUSBANDS_FATHER
            in_law_name = spouse_surname + names.NAMES.given(
                rng, male=True, birth_year=in_law_birth // 12
            )
            family.append((relation, in_law_name, in_law_birth, PS.MASSES, "退休", True))
        if len(family) < 5 and rng.random() < 0.2:
            older = rng.random() < 0.5
            sibling_male = rng.random() < 0.5
            sibling_birth = min(
                cadre.birth + (-rng.randint(12, 96) if older else rng.randint(12, 96)),
                REFERENCE - 18 * 12,
            )
            relation = {
                (True, True): REL.ELDER_BROTHER,
                (True, False): REL.ELDER_SISTER,
                (False, True): REL.YOUNGER_BROTHER,
                (False, False): REL.YOUNGER_SISTER,
            }[(older, sibling_male)]
            sibling_name = surname + names.NAMES.given(
                rng, male=sibling_male, birth_year=sibling_birth // 12
            )
            workplace = rng.choice(names.SIBLING_WORKPLACES).format(county=county, city=city)
            family.append((relation, sibling_name, sibling_birth, PS.MASSES, workplace, True))

    def _rewards(self, cadre: CadrePlan, seat: Seat) -> None:
        rng = self.rng
        county = self.county
        first_year = max(cadre.work_start // 12 + 1, 2010)
        last_year = REFERENCE // 12 - 1
        if first_year > last_year:
            return
        if cadre.category != VILLAGE and rng.random() < 0.18:
            year = rng.randint(first_year, last_year)
            kind_text = "记三等功" if rng.random() < 0.15 else "给予嘉奖"
            cadre.rewards.append(
                (
                    "reward",
                    month(year + 1, 3),
                    f"{year}年度考核被确定为优秀等次，{kind_text}",
                    f"{county}人民政府",
                )
            )
        if cadre.political_status == PS.CPC_MEMBER and rng.random() < 0.05:
            year = rng.randint(first_year, last_year)
            cadre.rewards.append(
                ("reward", month(year, 6), f"被评为{county}优秀共产党员", f"中共{county}委员会")
            )
        if 2020 >= first_year and rng.random() < 0.04:
            cadre.rewards.append(
                (
                    "reward",
                    month(2021, 3),
                    "被评为全县脱贫攻坚先进个人",
                    f"中共{county}委员会、{county}人民政府",
                )
            )
        if seat.level == VL and seat.posts[0].name.endswith("书记") and rng.random() < 0.06:
            year = rng.randint(first_year, last_year)
            cadre.rewards.append(
                (
                    "reward",
                    month(year, 7),
                    "被评为全县优秀村（社区）党组织书记",
                    f"中共{county}委员会",
                )
            )
        if rng.random() < 0.006:
            year = rng.randint(first_year, last_year)
            if cadre.political_status == PS.CPC_MEMBER and rng.random() < 0.6:
                cadre.rewards.append(
                    (
                        "punishment",
                        month(year, rng.randint(1, 12)),
                        "受到党内警告处分",
                        f"中共{county}纪律检查委员会",
                    )
                )
            else:
                cadre.rewards.append(
                    (
                        "punishment",
                        month(year, rng.randint(1, 12)),
                        "受到政务警告处分",
                        f"{county}监察委员会",
                    )
                )

    def _tags(self, cadre: CadrePlan, draft: Draft) -> None:
        rng = self.rng
        seat = draft.seat
        tags = cadre.tags
        age = (REFERENCE - cadre.birth) // 12
        if cadre.category != VILLAGE and cadre.status == "active":
            young_leader = seat.level in (TD, TC) and rng.random() < 0.6
            if age <= 35 and (young_leader or seat.level == NONE and rng.random() < 0.06):
                tags.append(TAG_YOUNG)
            if age <= 45 and seat.level in (NONE, TD) and rng.random() < 0.1:
                tags.append(TAG_RESERVE)
        if draft.selected_graduate:
            tags.append(TAG_SELECTED_GRADUATE)
        if draft.veteran:
            tags.append(TAG_VETERAN)
        township_leader = seat.unit.kind == TOWNSHIP_KIND and seat.level in (TC, TD)
        if draft.front_line or township_leader and rng.random() < 0.3:
            tags.append(TAG_FRONT_LINE)


def _vacancy_rate(level: str) -> float:
    return {CC: 0.0, CD: 0.05, TC: 0.04, TD: 0.07, VL: 0.03}[level]


def _female_share(level: str, post_name: str) -> float:
    if level == VL:
        if post_name.endswith("委员"):
            return 0.45
        return 0.15 if post_name.endswith("书记") else 0.25
    return {CC: 0.08, CD: 0.15, TC: 0.2, TD: 0.3, NONE: 0.46}[level]


def _age(rng: random.Random, level: str, female: bool, category: str) -> int:
    if level == NONE:
        if rng.random() < 0.35:
            age = rng.triangular(22, 35, 26)
        else:
            age = rng.triangular(30, 60, 45)
    elif level == VL:
        age = rng.triangular(24, 61, 48)
    else:
        low, high, mode = {CC: (44, 58, 52), CD: (38, 59, 51), TC: (31, 58, 46), TD: (27, 58, 40)}[
            level
        ]
        age = rng.triangular(low, high, mode)
    age = int(age)
    if female and category != VILLAGE:
        age = min(age, 54 if level == NONE else 57)
    return max(22, min(age, 59 if category != VILLAGE else 60))


def _ladder(rng: random.Random, level: str) -> list[str]:
    """Leadership levels held before a post of ``level``, most recent first."""
    if level == CC:
        ladder = [CD] + ([CD] if rng.random() < 0.5 else []) + [TC, TD]
    elif level == CD:
        ladder = [TC] + ([TC] if rng.random() < 0.5 else []) + [TD]
    elif level == TC:
        ladder = ([TC] if rng.random() < 0.4 else []) + [TD] + ([TD] if rng.random() < 0.4 else [])
    elif level == TD:
        ladder = [TD] if rng.random() < 0.3 else []
    else:
        ladder = []
    return ladder


def _pick(rng: random.Random, pairs):
    total = sum(weight for _item, weight in pairs)
    roll = rng.random() * total
    for item, weight in pairs:
        roll -= weight
        if roll < 0:
            return item
    return pairs[-1][0]


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders)."""
    if not weights:
        return []
    weight_sum = sum(weights)
    exact = [total * weight / weight_sum for weight in weights]
    counts = [int(value) for value in exact]
    remainders = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for index in remainders[: total - sum(counts)]:
        counts[index] += 1
    return counts

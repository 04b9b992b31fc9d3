"""The shape of one demo county: units, posts, party organisations (plain objects, no DB).

A county (kind COUNTY, whose own posts are the county leaders': 县委书记, 县长 …) holds
43 county units (the party organs, the government departments, 人大/政协 offices, court,
procuratorate, mass organisations, the party school and two public institutions), then
its townships (镇/乡), each with its communities and villages. Codes are stable: the county ``450422``, county units ``450422-001``,
townships ``450422-T01``, villages ``450422-T01-V03``, party organisations
``<unit code>-P1``.

Tree paths are computed here (treebeard MP_Node: steps of 4 base-36 characters, the
first child ``0001``), so the loader can bulk-insert the trees.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ganshi.demo import names
from ganshi.orgs.models import AdminLevel, LeadershipLevel, PartyOrgKind, Unit, UnitKind

CC = LeadershipLevel.COUNTY_CHIEF.value
CD = LeadershipLevel.COUNTY_DEPUTY.value
TC = LeadershipLevel.TOWNSHIP_CHIEF.value
TD = LeadershipLevel.TOWNSHIP_DEPUTY.value
VL = LeadershipLevel.VILLAGE.value
NONE = LeadershipLevel.NONE.value

# Plain strings (the choices' values), cheap to compare in the generator's inner loops.
COUNTY_KIND = UnitKind.COUNTY.value
TOWNSHIP_KIND = UnitKind.TOWNSHIP.value
VILLAGE_KIND = UnitKind.VILLAGE.value
COMMUNITY_KIND = UnitKind.COMMUNITY.value
CIVIL_SERVANT = "civil_servant"
PUBLIC_INSTITUTION = "public_institution"
VILLAGE = "village"

STAFF_POST = "科员"
INSTITUTION_STAFF_POST = "工作人员"


@dataclass(frozen=True, slots=True)
class CountySize:
    """How big a county to generate (the test suite uses a small one)."""

    cadres: int = 5000
    townships: int = 13
    villages_per_township: tuple[int, int] = (10, 14)
    county_units: int | None = None  # None: all of COUNTY_UNITS

    @classmethod
    def small(cls, cadres: int = 200) -> CountySize:
        return cls(cadres=cadres, townships=2, villages_per_township=(2, 3), county_units=10)


@dataclass(frozen=True, slots=True)
class CountySpec:
    """Which county: its place in the province, name, code and city."""

    index: int
    name: str
    code: str
    city: str

    @property
    def abbreviation(self) -> str:
        """The one character of the county's documents: 云岭县 → 云 (云组任〔2021〕12号)."""
        return self.name[0]

    @property
    def city_abbreviation(self) -> str:
        return self.city[:2]


@dataclass(eq=False, slots=True)
class UnitPlan:
    code: str
    name: str
    short_name: str
    kind: str
    admin_level: str
    category: str = CIVIL_SERVANT  # the category of its staff
    staff_weight: float = 0.0
    township: UnitPlan | None = None  # for villages, their township; townships themselves
    is_general_branch: bool = False  # villages whose party organisation is a 党总支
    children: list[UnitPlan] = field(default_factory=list)
    path: str = ""
    depth: int = 0
    id: int | None = None

    @property
    def numchild(self) -> int:
        return len(self.children)


@dataclass(eq=False, slots=True)
class PostPlan:
    index: int
    unit: UnitPlan
    name: str
    level: str
    seats: int
    sort_order: int
    title: str  # as written on the résumé: 云岭县龙潭镇党委委员、副镇长
    id: int | None = None


@dataclass(eq=False, slots=True)
class QuotaPlan:
    unit: UnitPlan
    level: str
    approved: int
    document_number: str


@dataclass(eq=False, slots=True)
class PartyOrgPlan:
    code: str
    name: str
    kind: str
    unit: UnitPlan
    children: list[PartyOrgPlan] = field(default_factory=list)
    path: str = ""
    depth: int = 0
    id: int | None = None

    @property
    def numchild(self) -> int:
        return len(self.children)


@dataclass(eq=False)
class CountyStructure:
    spec: CountySpec
    root: UnitPlan
    units: list[UnitPlan]  # tree order
    county_units: list[UnitPlan]
    townships: list[UnitPlan]
    villages: list[UnitPlan]
    posts: list[PostPlan]
    party_root: PartyOrgPlan
    party_orgs: list[PartyOrgPlan]  # tree order
    quotas: list[QuotaPlan] = field(default_factory=list)
    posts_by_unit: dict[str, list[PostPlan]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------
# Tree paths


def step(position: int) -> str:
    """The 4-character base-36 step of the ``position``-th child (1-based)."""
    return Unit._int2str(position).rjust(Unit.steplen, "0")


def assign_paths(node, path: str, depth: int) -> None:
    node.path = path
    node.depth = depth
    for position, child in enumerate(node.children, start=1):
        assign_paths(child, path + step(position), depth + 1)


def walk(node):
    """The node and its descendants in path order."""
    yield node
    for child in node.children:
        yield from walk(child)


# ---------------------------------------------------------------------------------------
# The county units. Posts: (name, level, seats, résumé title or "" for unit name + post).
# {c} is the county's name (云岭县).

# The county's own leaders (县委书记, 县长 …) hold posts of the county unit itself, so the
# current post reads 云岭县县长.
COUNTY_LEADER_POSTS = (
    ("县委书记", CC, 1, "中共{c}委书记"),
    ("县长", CC, 1, "{c}委副书记、县长"),
    ("人大常委会主任", CC, 1, "{c}人大常委会主任"),
    ("政协主席", CC, 1, "政协{c}委员会主席"),
    ("县委副书记", CD, 1, "{c}委副书记"),
    ("常务副县长", CD, 1, "{c}委常委、常务副县长"),
    ("副县长", CD, 4, "{c}人民政府副县长"),
    ("人大常委会副主任", CD, 3, "{c}人大常委会副主任"),
    ("政协副主席", CD, 3, "政协{c}委员会副主席"),
)

PARTY, GOVERNMENT = UnitKind.PARTY_ORGAN, UnitKind.GOVERNMENT_ORGAN
OTHER, INSTITUTION = UnitKind.OTHER_ORGAN, UnitKind.INSTITUTION
BRANCH, GENERAL, COMMITTEE = (
    PartyOrgKind.BRANCH,
    PartyOrgKind.GENERAL_BRANCH,
    PartyOrgKind.COMMITTEE,
)
SECTION = AdminLevel.SECTION


def _bureau(name: str, deputies: int, weight: int) -> tuple:
    """A county government department: 局长 and its deputies."""
    party = GENERAL if weight >= 60 else BRANCH
    posts = (("局长", TC, 1, ""), ("副局长", TD, deputies, ""))
    return ("{c}" + name, name, GOVERNMENT, SECTION, CIVIL_SERVANT, weight, posts, party)


# fmt: off
COUNTY_UNITS: tuple[tuple, ...] = (
    # name, short name, kind, admin level, staff category, staff weight, posts, party organisation
    ("{c}委办公室", "县委办", PARTY, SECTION, CIVIL_SERVANT, 30,
     (("主任", TC, 1, ""), ("副主任", TD, 3, "")), BRANCH),
    ("{c}委组织部", "组织部", PARTY, SECTION, CIVIL_SERVANT, 25,
     (("部长", CD, 1, "{c}委常委、组织部部长"), ("常务副部长", TC, 1, ""), ("副部长", TD, 2, "")), BRANCH),
    ("{c}委宣传部", "宣传部", PARTY, SECTION, CIVIL_SERVANT, 15,
     (("部长", CD, 1, "{c}委常委、宣传部部长"), ("常务副部长", TC, 1, ""), ("副部长", TD, 2, "")), BRANCH),
    ("{c}委统战部", "统战部", PARTY, SECTION, CIVIL_SERVANT, 10,
     (("部长", CD, 1, "{c}委常委、统战部部长"), ("副部长", TD, 2, "")), BRANCH),
    ("{c}委政法委员会", "政法委", PARTY, SECTION, CIVIL_SERVANT, 12,
     (("书记", CD, 1, "{c}委常委、政法委书记"), ("副书记", TD, 2, "")), BRANCH),
    ("{c}纪委监委", "纪委监委", PARTY, SECTION, CIVIL_SERVANT, 45,
     (("书记", CD, 1, "{c}委常委，县纪委书记、县监委主任"),
      ("副书记", TC, 2, "{c}纪委副书记、县监委副主任"),
      ("常委", TD, 3, "{c}纪委常委、县监委委员")), GENERAL),
    ("{c}人民政府办公室", "政府办", GOVERNMENT, SECTION, CIVIL_SERVANT, 30,
     (("主任", TC, 1, ""), ("副主任", TD, 3, "")), BRANCH),
    _bureau("财政局", 3, 55),
    _bureau("乡村振兴局", 2, 25),
    ("中共{c}委党校", "党校", INSTITUTION, SECTION, CIVIL_SERVANT, 20,
     (("常务副校长", TC, 1, ""), ("副校长", TD, 2, "")), BRANCH),
    ("中共{c}直属机关工作委员会", "县直机关工委", PARTY, SECTION, CIVIL_SERVANT, 6,
     (("书记", TC, 1, ""), ("副书记", TD, 1, "")), BRANCH),
    ("{c}委机构编制委员会办公室", "县委编办", PARTY, SECTION, CIVIL_SERVANT, 8,
     (("主任", TC, 1, ""), ("副主任", TD, 1, "")), BRANCH),
    _bureau("发展和改革局", 3, 45),
    _bureau("教育局", 3, 60),
    _bureau("工业和信息化局", 2, 20),
    _bureau("民政局", 2, 25),
    _bureau("司法局", 2, 40),
    _bureau("人力资源和社会保障局", 3, 45),
    _bureau("自然资源局", 3, 60),
    _bureau("住房和城乡建设局", 3, 45),
    _bureau("交通运输局", 2, 35),
    _bureau("水利局", 2, 30),
    _bureau("农业农村局", 3, 70),
    _bureau("商务局", 2, 18),
    _bureau("文化广电体育和旅游局", 2, 30),
    _bureau("卫生健康局", 3, 40),
    _bureau("退役军人事务局", 2, 15),
    _bureau("应急管理局", 2, 20),
    _bureau("审计局", 2, 22),
    _bureau("市场监督管理局", 3, 80),
    _bureau("统计局", 2, 15),
    _bureau("林业局", 2, 35),
    _bureau("医疗保障局", 2, 15),
    ("{c}公安局", "公安局", GOVERNMENT, SECTION, CIVIL_SERVANT, 380,
     (("局长", TC, 1, ""), ("政治委员", TC, 1, ""), ("副局长", TD, 4, "")), COMMITTEE),
    ("{c}人大常委会办公室", "人大办", OTHER, SECTION, CIVIL_SERVANT, 20,
     (("主任", TC, 1, ""), ("副主任", TD, 2, "")), BRANCH),
    ("政协{c}委员会办公室", "政协办", OTHER, SECTION, CIVIL_SERVANT, 18,
     (("主任", TC, 1, ""), ("副主任", TD, 2, "")), BRANCH),
    ("{c}人民法院", "法院", OTHER, SECTION, CIVIL_SERVANT, 90,
     (("院长", CD, 1, ""), ("副院长", TD, 3, "")), GENERAL),
    ("{c}人民检察院", "检察院", OTHER, SECTION, CIVIL_SERVANT, 60,
     (("检察长", CD, 1, ""), ("副检察长", TD, 3, "")), GENERAL),
    ("共青团{c}委员会", "团县委", OTHER, SECTION, CIVIL_SERVANT, 6,
     (("书记", TC, 1, ""), ("副书记", TD, 2, "")), BRANCH),
    ("{c}妇女联合会", "妇联", OTHER, SECTION, CIVIL_SERVANT, 6,
     (("主席", TC, 1, ""), ("副主席", TD, 2, "")), BRANCH),
    ("{c}总工会", "总工会", OTHER, SECTION, CIVIL_SERVANT, 8,
     (("主席", TC, 1, ""), ("副主席", TD, 2, "")), BRANCH),
    ("{c}融媒体中心", "融媒体中心", INSTITUTION, SECTION, PUBLIC_INSTITUTION, 45,
     (("主任", TC, 1, ""), ("副主任", TD, 2, "")), BRANCH),
    ("{c}人民医院", "人民医院", INSTITUTION, SECTION, PUBLIC_INSTITUTION, 200,
     (("院长", TC, 1, ""), ("副院长", TD, 3, "")), COMMITTEE),
)
# fmt: on

# Township posts; 镇 becomes 乡 in a 乡. {t} is 云岭县龙潭镇.
TOWNSHIP_POSTS = (
    ("党委书记", TC, 1, "{t}党委书记"),
    ("镇长", TC, 1, "{t}党委副书记、镇长"),
    ("党委副书记", TD, 1, "{t}党委副书记"),
    ("人大主席", TD, 1, "{t}党委委员、人大主席"),
    ("纪委书记", TD, 1, "{t}党委委员、纪委书记"),
    ("副镇长", TD, 3, "{t}人民政府副镇长"),
    ("组织委员", TD, 1, "{t}党委委员、组织委员"),
    ("宣传委员", TD, 1, "{t}党委委员、宣传委员"),
    ("武装部长", TD, 1, "{t}党委委员、武装部部长"),
)
TOWNSHIP_STAFF_WEIGHT = 45.0
# Share of township staff in its public institutions (农业农村服务中心 …), not civil servants.
TOWNSHIP_INSTITUTION_SHARE = 0.45

# Village posts; {v} is 云岭县龙潭镇平安村, {b} 党支部 or 党总支.
VILLAGE_POSTS = (
    ("村党组织书记", VL, 1, "{v}{b}书记"),
    ("村委会主任", VL, 1, "{v}村委会主任"),
    ("村党组织副书记", VL, 1, "{v}{b}副书记"),
    ("村委委员", VL, 3, "{v}村委委员"),
)
COMMUNITY_POSTS = (
    ("社区党组织书记", VL, 1, "{v}{b}书记"),
    ("社区居委会主任", VL, 1, "{v}居委会主任"),
    ("社区党组织副书记", VL, 1, "{v}{b}副书记"),
    ("社区居委委员", VL, 3, "{v}居委委员"),
)


def build_county(spec: CountySpec, size: CountySize, rng: random.Random) -> CountyStructure:
    """Units, posts and party organisations of one county (paths relative to the root)."""
    county = spec.name
    root = UnitPlan(
        code=spec.code,
        name=county,
        short_name=county,
        kind=COUNTY_KIND,
        admin_level=AdminLevel.DIVISION.value,
        category=CIVIL_SERVANT,
    )
    posts: list[PostPlan] = []
    posts_by_unit: dict[str, list[PostPlan]] = {}

    def add_post(unit: UnitPlan, name: str, level: str, seats: int, title: str) -> PostPlan:
        unit_posts = posts_by_unit.setdefault(unit.code, [])
        post = PostPlan(
            index=len(posts),
            unit=unit,
            name=name,
            level=level,
            seats=seats,
            sort_order=len(unit_posts) + 1,
            title=title,
        )
        posts.append(post)
        unit_posts.append(post)
        return post

    for post_name, post_level, seats, title in COUNTY_LEADER_POSTS:
        add_post(root, post_name, post_level, seats, title.format(c=county))
    templates = COUNTY_UNITS if size.county_units is None else COUNTY_UNITS[: size.county_units]
    county_units = []
    for number, (name, short, kind, level, category, weight, unit_posts, _party) in enumerate(
        templates, start=1
    ):
        unit = UnitPlan(
            code=f"{spec.code}-{number:03d}",
            name=name.format(c=county),
            short_name=short,
            kind=str(kind),
            admin_level=str(level),
            category=category,
            staff_weight=weight,
        )
        county_units.append(unit)
        for post_name, post_level, seats, title in unit_posts:
            add_post(
                unit,
                post_name,
                post_level,
                seats,
                (title or unit.name + post_name).format(c=county),
            )
        if weight:
            staff = STAFF_POST if category == CIVIL_SERVANT else INSTITUTION_STAFF_POST
            add_post(unit, staff, NONE, 1, unit.name + staff)

    townships = []
    villages = []
    for number, township_name in enumerate(names.township_names(rng, size.townships), start=1):
        is_xiang = township_name.endswith("乡")
        township = UnitPlan(
            code=f"{spec.code}-T{number:02d}",
            name=township_name,
            short_name=township_name,
            kind=TOWNSHIP_KIND,
            admin_level=AdminLevel.SECTION.value,
            category=CIVIL_SERVANT,
            staff_weight=TOWNSHIP_STAFF_WEIGHT,
        )
        township.township = township
        townships.append(township)
        prefix = county + township_name
        for post_name, post_level, seats, title in TOWNSHIP_POSTS:
            if is_xiang:
                post_name, title = post_name.replace("镇", "乡"), title.replace("镇", "乡")
            add_post(township, post_name, post_level, seats, title.format(t=prefix))
        add_post(township, STAFF_POST, NONE, 1, f"{prefix}人民政府科员")
        add_post(township, INSTITUTION_STAFF_POST, NONE, 1, f"{prefix}农业农村服务中心工作人员")

        low, high = size.villages_per_township
        count = rng.randint(low, high)
        communities = 0 if is_xiang else (1 if count < 12 else 2)
        for village_number, (village_name, is_community) in enumerate(
            names.village_names(rng, count, min(communities, count)), start=1
        ):
            village = UnitPlan(
                code=f"{township.code}-V{village_number:02d}",
                name=village_name,
                short_name=village_name,
                kind=COMMUNITY_KIND if is_community else VILLAGE_KIND,
                admin_level=AdminLevel.NONE.value,
                category=VILLAGE,
                township=township,
                is_general_branch=is_community or rng.random() < 0.3,
            )
            township.children.append(village)
            villages.append(village)
            branch = "党总支" if village.is_general_branch else "党支部"
            for post_name, post_level, seats, title in (
                COMMUNITY_POSTS if is_community else VILLAGE_POSTS
            ):
                add_post(
                    village,
                    post_name,
                    post_level,
                    seats,
                    title.format(v=prefix + village_name, b=branch),
                )

    root.children = county_units + townships
    units = list(walk(root))
    party_root, party_orgs = _party_orgs(spec, root, county_units, townships, templates, rng)
    return CountyStructure(
        spec=spec,
        root=root,
        units=units,
        county_units=county_units,
        townships=townships,
        villages=villages,
        posts=posts,
        party_root=party_root,
        party_orgs=party_orgs,
        posts_by_unit=posts_by_unit,
    )


def _party_orgs(spec, root, county_units, townships, templates, rng):
    """中共X县委员会 → 党组 of government departments, 县直机关工委 → unit branches,
    township committees → their organ and institution branches and village branches."""
    counters: dict[str, int] = {}

    def org(name: str, kind: str, unit: UnitPlan) -> PartyOrgPlan:
        counters[unit.code] = counters.get(unit.code, 0) + 1
        return PartyOrgPlan(
            code=f"{unit.code}-P{counters[unit.code]}", name=name, kind=str(kind), unit=unit
        )

    county = spec.name
    county_committee = org(f"中共{county}委员会", PartyOrgKind.COMMITTEE, root)
    organ_units = {unit.short_name: unit for unit in county_units}
    organ_work_unit = organ_units.get("县直机关工委", root)
    organ_committee = org(
        f"中共{county}直属机关工作委员会", PartyOrgKind.COMMITTEE, organ_work_unit
    )
    for unit, template in zip(county_units, templates, strict=True):
        kind = template[-1]
        if kind is None:
            continue
        if unit.kind == UnitKind.GOVERNMENT_ORGAN.value:
            county_committee.children.append(
                org(f"中共{unit.name}党组", PartyOrgKind.LEADING_GROUP, unit)
            )
        if kind == PartyOrgKind.BRANCH:
            organ_committee.children.append(org(f"中共{unit.name}支部委员会", kind, unit))
            continue
        suffix = "委员会" if kind == PartyOrgKind.COMMITTEE else "总支部委员会"
        parent = org(f"中共{unit.name}{suffix}", kind, unit)
        branches = rng.randint(4, 7) if kind == PartyOrgKind.COMMITTEE else rng.randint(2, 4)
        for number in range(1, branches + 1):
            parent.children.append(
                org(
                    f"中共{unit.name}第{_chinese_number(number)}支部委员会",
                    PartyOrgKind.BRANCH,
                    unit,
                )
            )
        organ_committee.children.append(parent)
    county_committee.children.append(organ_committee)

    for township in townships:
        committee = org(f"中共{township.name}委员会", PartyOrgKind.COMMITTEE, township)
        committee.children.append(
            org(f"中共{township.name}机关支部委员会", PartyOrgKind.BRANCH, township)
        )
        committee.children.append(
            org(f"中共{township.name}事业站所支部委员会", PartyOrgKind.BRANCH, township)
        )
        for village in township.children:
            place = township.name + village.name
            if village.is_general_branch:
                general = org(f"中共{place}总支部委员会", PartyOrgKind.GENERAL_BRANCH, village)
                for number in range(1, rng.randint(2, 4) + 1):
                    general.children.append(
                        org(
                            f"中共{place}第{_chinese_number(number)}支部委员会",
                            PartyOrgKind.BRANCH,
                            village,
                        )
                    )
                committee.children.append(general)
            else:
                committee.children.append(
                    org(f"中共{place}支部委员会", PartyOrgKind.BRANCH, village)
                )
        county_committee.children.append(committee)
    return county_committee, list(walk(county_committee))


def _chinese_number(number: int) -> str:
    return "一二三四五六七八九十"[number - 1]

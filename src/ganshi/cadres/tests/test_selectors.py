"""Reads on the cadre registry: search, filters, age bands, scope, derived figures."""

from __future__ import annotations

import pytest
from django.http import Http404

from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record
from ganshi.cadres.choices import AgeBand, CadreStatus, Rank
from ganshi.cadres.models import Cadre, FamilyMember, PostTenure, RankRecord, ResumeEntry, Tag
from ganshi.cadres.selectors import (
    MINORITY,
    CadreFilters,
    DerivedFigures,
    Structure,
    age_band_case,
    age_band_q,
    age_of,
    cadre_count,
    cadre_derived,
    cadre_export_rows,
    cadre_get,
    cadre_get_full,
    cadre_history,
    cadre_list,
    cadre_record_get,
    cadre_structure,
    name_search_q,
    today_month,
)
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import LeadershipLevel, UnitKind
from ganshi.orgs.tests.factories import PostFactory, make_unit

AT = YearMonth(2025, 6)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def names(cadres) -> set[str]:
    return {cadre.name for cadre in cadres}


def born_aged(years: int, extra_months: int = 0) -> YearMonth:
    """A birth month giving ``years`` whole years (and some months) today."""
    return today_month().add_months(-12 * years - extra_months)


# --- name search ------------------------------------------------------------------------


@pytest.fixture
def named(county):
    return [
        CadreFactory(name=name, unit=county["town1"])
        for name in ("张三", "张三丰", "李四", "曾国藩", "覃海", "单田芳")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张", {"张三", "张三丰"}),
        ("张三丰", {"张三丰"}),
        ("zhangsan", {"张三", "张三丰"}),
        ("zhangsanf", {"张三丰"}),
        ("zs", {"张三", "张三丰"}),
        ("zsf", {"张三丰"}),
        ("ZS", {"张三", "张三丰"}),
        ("zhang san", {"张三", "张三丰"}),
        ("z", {"张三", "张三丰", "曾国藩"}),
        ("zeng", {"曾国藩"}),
        ("zgf", {"曾国藩"}),
        ("qinhai", {"覃海"}),
        ("shan", {"单田芳"}),
        ("li", {"李四"}),
        ("l", {"李四"}),
        ("三", set()),
        ("123", set()),
        ("zh三", set()),
        ("", {"张三", "张三丰", "李四", "曾国藩", "覃海", "单田芳"}),
    ],
)
def test_name_search(named, text, expected):
    # given six cadres
    # when
    found = Cadre.objects.filter(name_search_q(text))
    # then
    assert names(found) == expected


def test_the_list_searches_by_name(named, county_staff):
    # given / when
    page = cadre_list(actor=county_staff, filters=CadreFilters(q="zs"))
    # then
    assert [cadre.name for cadre in page.items] == ["张三", "张三丰"]


# --- every filter -----------------------------------------------------------------------


@pytest.fixture
def varied(county):
    """Cadres that differ in one thing each from the first, 基准."""
    tag = Tag.objects.create(name="选调生")
    base = {"unit": county["organ"], "birth": born_aged(45), "education": "21"}
    made = {
        "基准": CadreFactory(name="基准", **base),
        "一镇": CadreFactory(name="一镇", **base | {"unit": county["town1"]}),
        "一村": CadreFactory(name="一村", **base | {"unit": county["village1"]}),
        "九级": CadreFactory(name="九级", rank=Rank.THIRD_PRINCIPAL_STAFF, **base),
        "正职": CadreFactory(name="正职", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF, **base),
        "年轻": CadreFactory(name="年轻", **base | {"birth": born_aged(33)}),
        "女性": CadreFactory(name="女性", gender="female", **base),
        "侗族": CadreFactory(name="侗族", ethnicity="12", **base),
        "壮族": CadreFactory(name="壮族", ethnicity="08", **base),
        "硕士": CadreFactory(name="硕士", **base | {"education": "14"}),
        "党员": CadreFactory(name="党员", political_status="01", **base),
        "村干": CadreFactory(name="村干", category="village", **base),
        "有签": CadreFactory(name="有签", **base),
        "退休": CadreFactory(name="退休", status=CadreStatus.RETIRED, **base),
    }
    made["有签"].tags.add(tag)
    return made | {"tag": tag}


ACTIVE = {
    "基准", "一镇", "一村", "九级", "正职", "年轻", "女性", "侗族", "壮族", "硕士", "党员",
    "村干", "有签",
}  # fmt: skip


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ACTIVE),
        ({"rank": Rank.THIRD_PRINCIPAL_STAFF}, {"九级"}),
        ({"leadership_level": LeadershipLevel.TOWNSHIP_CHIEF}, {"正职"}),
        ({"age_band": AgeBand.FROM_31_TO_35}, {"年轻"}),
        ({"age_band": AgeBand.YOUNG}, {"年轻"}),
        ({"age_band": AgeBand.FROM_41_TO_45}, ACTIVE - {"年轻"}),
        ({"age_band": "no such band"}, ACTIVE),
        ({"gender": "female"}, {"女性"}),
        ({"ethnicity": "12"}, {"侗族"}),
        ({"ethnicity": MINORITY}, {"侗族", "壮族"}),
        ({"education": "postgraduate"}, {"硕士"}),
        ({"education": "bachelor"}, ACTIVE - {"硕士"}),
        ({"political_status": "01"}, {"党员"}),
        ({"category": "village"}, {"村干"}),
        ({"status": CadreStatus.RETIRED}, {"退休"}),
        ({"status": ""}, ACTIVE | {"退休"}),
        ({"q": "dz", "gender": "male"}, {"侗族"}),
    ],
)
def test_each_filter(varied, county_staff, filters, expected):
    # given
    # when
    page = cadre_list(actor=county_staff, filters=CadreFilters(**filters), size=100)
    # then
    assert names(page.items) == expected
    assert cadre_count(actor=county_staff, filters=CadreFilters(**filters)) == (
        len(expected),
        True,
    )


def test_the_unit_filter_takes_the_subtree(varied, county, county_staff):
    # given / when
    page = cadre_list(actor=county_staff, filters=CadreFilters(unit=county["town1"]))
    # then
    assert names(page.items) == {"一镇", "一村"}


def test_the_tag_filter(varied, county_staff):
    # given / when
    page = cadre_list(actor=county_staff, filters=CadreFilters(tag=varied["tag"].pk))
    # then
    assert names(page.items) == {"有签"}


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("pinyin", lambda cadre: (cadre.name_pinyin, cadre.pk)),
        ("birth", lambda cadre: (cadre.birth.to_int(), cadre.pk)),
        ("-birth", lambda cadre: (-cadre.birth.to_int(), -cadre.pk)),
        ("rank", lambda cadre: (cadre.rank, cadre.pk)),
        ("-created", lambda cadre: -cadre.pk),
        ("no such sort", lambda cadre: (cadre.name_pinyin, cadre.pk)),
    ],
)
def test_sorts(varied, county_staff, sort, key):
    # given the active cadres in the expected order
    expected = sorted(Cadre.objects.filter(status=CadreStatus.ACTIVE), key=key)
    # when
    page = cadre_list(actor=county_staff, filters=CadreFilters(sort=sort), size=100)
    rows = list(cadre_export_rows(actor=county_staff, filters=CadreFilters(sort=sort), limit=100))
    # then
    assert page.items == expected
    assert rows == expected


def test_export_rows_stop_at_the_limit(varied, county_staff):
    # given / when
    rows = list(cadre_export_rows(actor=county_staff, filters=CadreFilters(), limit=3))
    # then
    assert len(rows) == 3


def test_the_count_is_bounded(varied, county_staff):
    # given / when / then
    assert cadre_count(actor=county_staff, filters=CadreFilters(), limit=5) == (5, False)


# --- age bands at a fixed date ----------------------------------------------------------

# (birth, age at 2025.06, band)
EDGES = [
    (YearMonth(1995, 7), 29, AgeBand.UP_TO_30),
    (YearMonth(1995, 6), 30, AgeBand.UP_TO_30),
    (YearMonth(1994, 7), 30, AgeBand.UP_TO_30),
    (YearMonth(1994, 6), 31, AgeBand.FROM_31_TO_35),
    (YearMonth(1989, 7), 35, AgeBand.FROM_31_TO_35),
    (YearMonth(1989, 6), 36, AgeBand.FROM_36_TO_40),
    (YearMonth(1984, 7), 40, AgeBand.FROM_36_TO_40),
    (YearMonth(1984, 6), 41, AgeBand.FROM_41_TO_45),
    (YearMonth(1979, 7), 45, AgeBand.FROM_41_TO_45),
    (YearMonth(1979, 6), 46, AgeBand.FROM_46_TO_50),
    (YearMonth(1974, 7), 50, AgeBand.FROM_46_TO_50),
    (YearMonth(1974, 6), 51, AgeBand.FROM_51_TO_55),
    (YearMonth(1969, 7), 55, AgeBand.FROM_51_TO_55),
    (YearMonth(1969, 6), 56, AgeBand.FROM_56_TO_60),
    (YearMonth(1964, 7), 60, AgeBand.FROM_56_TO_60),
    (YearMonth(1964, 6), 61, AgeBand.FROM_61),
    (YearMonth(1950, 1), 75, AgeBand.FROM_61),
]


@pytest.fixture
def edge_cadres(county):
    return [
        CadreFactory(name=str(birth), birth=birth, unit=county["town1"]) for birth, _, _ in EDGES
    ]


def test_ages_at_the_band_edges(edge_cadres):
    # given / when / then
    assert [age_of(cadre.birth, AT) for cadre in edge_cadres] == [age for _, age, _ in EDGES]


@pytest.mark.parametrize("band", [band for band in AgeBand.values if band != AgeBand.YOUNG])
def test_age_band_q_at_the_edges(edge_cadres, band):
    # given the births expected in the band
    expected = {str(birth) for birth, _, edge_band in EDGES if edge_band == band}
    # when
    found = Cadre.objects.filter(age_band_q(band, AT))
    # then
    assert names(found) == expected


def test_young_cadres_are_35_and_under(edge_cadres):
    # given / when
    found = Cadre.objects.filter(age_band_q(AgeBand.YOUNG, AT))
    # then
    assert names(found) == {"1995.07", "1995.06", "1994.07", "1994.06", "1989.07"}


def test_age_band_case_puts_every_cadre_in_its_band(edge_cadres):
    # given / when
    bands = dict(Cadre.objects.annotate(band=age_band_case(AT)).values_list("name", "band"))
    # then
    assert bands == {str(birth): band for birth, _, band in EDGES}


def test_age_bands_without_a_date_use_today(county):
    # given a cadre 35 years and 11 months old today, and one 36 today
    CadreFactory(name="35", birth=born_aged(35, 11), unit=county["town1"])
    CadreFactory(name="36", birth=born_aged(36), unit=county["town1"])
    # when / then
    assert names(Cadre.objects.filter(age_band_q(AgeBand.YOUNG))) == {"35"}
    assert names(Cadre.objects.filter(age_band_q(AgeBand.FROM_36_TO_40))) == {"36"}


# --- scope ------------------------------------------------------------------------------


@pytest.fixture
def town1_cadre(county, county_staff):
    cadre = CadreFactory(name="张三", unit=county["village1"])
    FamilyMember.objects.create(cadre=cadre, relation="12", name="李梅")
    audit_record(actor=county_staff, action=AuditAction.UPDATE, instance=cadre, after={"a": 1})
    return cadre


def test_a_neighbouring_township_sees_none_of_town1s_cadres(town1_cadre, county, town2_staff):
    # given a town1 cadre and a town2 user
    member = town1_cadre.family_members.get()
    # when / then
    assert cadre_list(actor=town2_staff, filters=CadreFilters()).items == []
    assert cadre_list(actor=town2_staff, filters=CadreFilters(unit=county["town1"])).items == []
    assert cadre_list(actor=town2_staff, filters=CadreFilters(q="zs")).items == []
    assert cadre_count(actor=town2_staff, filters=CadreFilters()) == (0, True)
    assert list(cadre_export_rows(actor=town2_staff, filters=CadreFilters(), limit=10)) == []
    assert cadre_structure(actor=town2_staff).total == 0
    assert cadre_history(actor=town2_staff, cadre=town1_cadre) == []
    with pytest.raises(Http404):
        cadre_get(actor=town2_staff, pk=town1_cadre.pk)
    with pytest.raises(Http404):
        cadre_get_full(actor=town2_staff, pk=town1_cadre.pk)
    with pytest.raises(Http404):
        cadre_record_get(actor=town2_staff, cadre=town1_cadre, kind="family", pk=member.pk)


def test_the_own_township_sees_its_cadres(town1_cadre, town1_staff):
    # given
    member = town1_cadre.family_members.get()
    # when / then
    assert cadre_list(actor=town1_staff, filters=CadreFilters()).items == [town1_cadre]
    assert cadre_get(actor=town1_staff, pk=town1_cadre.pk) == town1_cadre
    assert cadre_get_full(actor=town1_staff, pk=town1_cadre.pk) == town1_cadre
    assert (
        cadre_record_get(actor=town1_staff, cadre=town1_cadre, kind="family", pk=member.pk)
        == member
    )
    assert [event.after for event in cadre_history(actor=town1_staff, cadre=town1_cadre)] == [
        {"a": 1}
    ]


def test_an_unknown_cadre_is_not_found(county_staff):
    # given / when / then
    with pytest.raises(Http404):
        cadre_get(actor=county_staff, pk=999999)


def test_the_auditor_sees_no_cadre(town1_cadre, auditor):
    # given / when / then
    assert cadre_list(actor=auditor, filters=CadreFilters()).items == []
    with pytest.raises(Http404):
        cadre_get(actor=auditor, pk=town1_cadre.pk)


# --- derived figures --------------------------------------------------------------------


@pytest.fixture
def career(county, county_staff):
    """Born 1980.05; a grassroots post 2005.07–2010.03 and two overlapping ones
    2008.01–2012.01 and 2011.01–2013.07 (one post held with another: counted once);
    a county organ post since 2019.01 and a village post since 2023.06, both current;
    rank 四级主任科员 from 2016.07, 三级主任科员 from 2021.12."""
    cadre = CadreFactory(
        name="张三", birth=YearMonth(1980, 5), unit=county["organ"], rank=Rank.THIRD_PRINCIPAL_STAFF
    )
    town1 = PostFactory(unit=county["town1"], name="副镇长")
    town2 = PostFactory(unit=county["town2"], name="副镇长")
    town2_other = PostFactory(unit=county["town2"], name="武装部长")
    organ = PostFactory(unit=county["organ"], name="科长")
    village = PostFactory(unit=county["village1"], name="第一书记")
    for post, start, end in [
        (town1, YearMonth(2005, 7), YearMonth(2010, 3)),
        (town2, YearMonth(2008, 1), YearMonth(2012, 1)),
        (town2_other, YearMonth(2011, 1), YearMonth(2013, 7)),
        (organ, YearMonth(2019, 1), None),
        (village, YearMonth(2023, 6), None),
    ]:
        PostTenure.objects.create(cadre=cadre, post=post, start=start, end=end)
    RankRecord.objects.create(
        cadre=cadre, rank=Rank.FOURTH_PRINCIPAL_STAFF, start=YearMonth(2016, 7)
    )
    RankRecord.objects.create(
        cadre=cadre, rank=Rank.THIRD_PRINCIPAL_STAFF, start=YearMonth(2021, 12)
    )
    ResumeEntry.objects.create(cadre=cadre, start=YearMonth(2002, 7), text="某镇科员")
    return cadre


def test_cadre_derived_figures(career, county_staff):
    # given the cadre as the detail page loads it
    cadre = cadre_get_full(actor=county_staff, pk=career.pk)
    # when
    figures = cadre_derived(cadre, AT)
    # then: age 45 (1980.05 → 2025.06); in post since 2019.01 (6 years 5 months); at rank
    # since 2021.12 (3 years 6 months); grassroots 2005.07–2013.07 (96 months, overlap
    # counted once) plus 2023.06–2025.06 (24 months): 120 months
    assert figures == DerivedFigures(
        age=45, years_in_current_post=6, years_at_current_rank=3, grassroots_years=10
    )


def test_cadre_derived_counts_no_months_after_the_date(career, county_staff):
    # given a date in the middle of the career
    cadre = cadre_get_full(actor=county_staff, pk=career.pk)
    # when
    figures = cadre_derived(cadre, YearMonth(2011, 7))
    # then: grassroots 2005.07–2011.07 is 72 months, not the tenures' later months
    assert figures.grassroots_years == 6


def test_posts_taken_up_in_the_same_month_count_once(county, county_staff):
    # given a township secretary who is also chairman of its congress, both from 2020.06
    cadre = CadreFactory(name="王五", birth=YearMonth(1975, 1), unit=county["town1"])
    for name in ("党委书记", "人大主席"):
        post = PostFactory(unit=county["town1"], name=name)
        PostTenure.objects.create(cadre=cadre, post=post, start=YearMonth(2020, 6))
    # when
    figures = cadre_derived(cadre_get_full(actor=county_staff, pk=cadre.pk), AT)
    # then
    assert (figures.years_in_current_post, figures.grassroots_years) == (5, 5)


def test_cadre_derived_without_records(county, county_staff):
    # given a cadre with no post and no rank record
    cadre = CadreFactory(name="李四", birth=YearMonth(1990, 7), unit=county["organ"])
    # when
    figures = cadre_derived(cadre_get_full(actor=county_staff, pk=cadre.pk), AT)
    # then
    assert figures == DerivedFigures(
        age=34, years_in_current_post=None, years_at_current_rank=None, grassroots_years=0
    )


def test_years_at_rank_needs_the_newest_record_to_be_the_rank(career, county_staff):
    # given a rank changed without a record
    Cadre.objects.filter(pk=career.pk).update(rank=Rank.SECOND_PRINCIPAL_STAFF)
    # when
    figures = cadre_derived(cadre_get_full(actor=county_staff, pk=career.pk), AT)
    # then
    assert figures.years_at_current_rank is None


# --- structure --------------------------------------------------------------------------


def test_cadre_structure_counts(county, county_staff):
    # given seven active cadres and one retired
    base = {"unit": county["town1"]}
    CadreFactory(name="甲", birth=born_aged(29), education="14", **base)
    CadreFactory(name="乙", birth=born_aged(33), education="21", gender="female", **base)
    CadreFactory(name="丙", birth=born_aged(33), education="21", ethnicity="08", **base)
    CadreFactory(
        name="丁",
        birth=born_aged(45),
        education="31",
        rank=Rank.FIRST_PRINCIPAL_STAFF,
        leadership_level=LeadershipLevel.TOWNSHIP_CHIEF,
        **base,
    )
    CadreFactory(name="戊", birth=born_aged(58), education="61", gender="female", **base)
    CadreFactory(name="己", birth=born_aged(62), education="", rank=Rank.NONE, **base)
    CadreFactory(name="庚", birth=born_aged(40), education="41", unit=county["organ"])
    CadreFactory(name="退", birth=born_aged(62), status=CadreStatus.RETIRED, **base)
    # when
    whole = cadre_structure(actor=county_staff)
    town1 = cadre_structure(actor=county_staff, unit=county["town1"])
    # then
    ranks = {str(rank.value): 0 for rank in Rank}
    assert whole == Structure(
        total=7,
        by_rank=ranks | {"7": 1, "10": 5, "99": 1},
        by_age_band={"to30": 1, "31-35": 2, "36-40": 1, "41-45": 1, "56-60": 1, "61+": 1},
        by_gender={"male": 5, "female": 2},
        by_education={
            "postgraduate": 1,
            "bachelor": 2,
            "junior_college": 1,
            "secondary": 1,
            "high_school_or_below": 1,
            "": 1,
        },
        by_ethnicity={"01": 6, "08": 1},
        by_leadership_level={"none": 6, "township_chief": 1},
    )
    assert town1.total == 6
    assert town1.by_education == {
        "postgraduate": 1,
        "bachelor": 2,
        "junior_college": 1,
        "high_school_or_below": 1,
        "": 1,
    }


# --- query counts -----------------------------------------------------------------------


def test_cadre_list_query_count(county, county_staff, django_assert_max_num_queries):
    # given forty cadres with tags, in units under several townships
    tag = Tag.objects.create(name="选调生")
    units = [county["town1"], county["village1"], county["town2"], county["organ"]]
    for number in range(40):
        CadreFactory(name=f"张{number}", unit=units[number % 4]).tags.add(tag)
    # when: a page, its units and tags, and the count
    with django_assert_max_num_queries(4):
        page = cadre_list(actor=county_staff, filters=CadreFilters(), size=30)
        shown = [(cadre.unit.name, [tag.name for tag in cadre.tags.all()]) for cadre in page.items]
        count = cadre_count(actor=county_staff, filters=CadreFilters())
    # then
    assert len(shown) == 30
    assert count == (40, True)


def test_cadre_detail_query_count(career, county_staff, django_assert_max_num_queries):
    # given a cadre with tenures, ranks and a resume
    # when: everything the detail page shows
    with django_assert_max_num_queries(8):
        cadre = cadre_get_full(actor=county_staff, pk=career.pk)
        figures = cadre_derived(cadre, AT)
        tenures = [
            f"{tenure.post.unit.name}{tenure.post.name}" for tenure in cadre.post_tenures.all()
        ]
        lines = [str(entry) for entry in cadre.resume_entries.all()]
        family = list(cadre.family_members.all()) + list(cadre.rewards_punishments.all())
        tags = list(cadre.tags.all())
    # then
    assert figures.age == 45
    assert len(tenures) == 5
    assert (lines, family, tags) == (["2002.07-- 某镇科员"], [], [])


def test_a_deeper_unit_tree_changes_no_query_count(
    county, county_staff, django_assert_max_num_queries
):
    # given a unit five levels down
    unit = county["village1"]
    for level in range(3):
        unit = make_unit(unit, name=f"组{level}", code=f"G{level}", kind=UnitKind.COMMUNITY)
    CadreFactory(name="深处", unit=unit)
    # when
    with django_assert_max_num_queries(2):
        page = cadre_list(actor=county_staff, filters=CadreFilters(unit=county["town1"]))
    # then
    assert [cadre.name for cadre in page.items] == ["深处"]

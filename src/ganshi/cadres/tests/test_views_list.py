"""The cadre list: search, filters, sort, keyset pages, scope, htmx."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, ngettext, override

from ganshi.cadres.choices import CadreCategory, CadreStatus, Gender, Rank
from ganshi.cadres.forms import UnitChoiceField
from ganshi.cadres.models import Tag
from ganshi.cadres.selectors import cadre_count, today_month
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.code_tables import PoliticalStatus
from ganshi.orgs.models import LeadershipLevel

LIST = reverse("cadres:list")


def t(message: str, **params) -> str:
    """``message`` as the site shows it (its language), with ``params`` filled in."""
    with override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text


def names(response) -> list[str]:
    return [cadre.name for cadre in response.context["page"].items]


def years_ago(years: int, months: int = 0):
    return today_month().add_months(-12 * years - months)


@pytest.fixture
def people(county):
    """张三 and 张山 and 李四 in 一镇, 王五 in 二镇."""
    return {
        "zhangsan": CadreFactory(unit=county["town1"], name="张三"),
        "zhangshan": CadreFactory(unit=county["village1"], name="张山"),
        "lisi": CadreFactory(unit=county["town1"], name="李四"),
        "wangwu": CadreFactory(unit=county["town2"], name="王五"),
    }


@pytest.mark.parametrize("query", ["zs", "ZS", "zhangsan", "张三", " 张 三 "])
def test_search_finds_zhangsan_by_initials_pinyin_or_characters(client, county_staff, query):
    # given
    CadreFactory(unit=county_staff.scope_unit, name="张三")
    CadreFactory(unit=county_staff.scope_unit, name="李四")
    CadreFactory(unit=county_staff.scope_unit, name="王五")
    CadreFactory(unit=county_staff.scope_unit, name="赵思")  # initials zs too: only for "zs"
    client.force_login(county_staff)
    # when
    response = client.get(LIST, {"q": query})
    # then
    assert response.status_code == 200
    expected = ["张三", "赵思"] if query.lower() == "zs" else ["张三"]
    assert sorted(names(response)) == sorted(expected)


def test_search_by_full_pinyin_is_a_prefix_match(client, county_staff, people):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(LIST, {"q": "zhangs"})
    # then
    assert names(response) == ["张三", "张山"]


def test_list_shows_the_columns_and_a_link_to_the_detail(client, county_staff, county):
    # given
    cadre = CadreFactory(
        unit=county["town1"],
        name="张三",
        gender=Gender.FEMALE,
        birth=years_ago(40),
        ethnicity="08",
        current_post="一镇党委副书记",
        education="21",
        political_status=PoliticalStatus.CPC_MEMBER,
        party_entry=years_ago(20),
    )
    cadre.tags.add(Tag.objects.create(name="后备干部"))
    client.force_login(county_staff)
    # when
    response = client.get(LIST)
    # then
    html = response.content.decode()
    assert f'href="{reverse("cadres:detail", args=[cadre.pk])}"' in html
    for text in ("张三", t("Female"), f"{cadre.birth} (40)", "壮族", "一镇", "一镇党委副书记",
                 "大学本科", "中共党员", "后备干部"):  # fmt: skip
        assert text in html
    with override(settings.LANGUAGE_CODE):
        assert ngettext("%(counter)s cadre", "%(counter)s cadres", 1) % {"counter": 1} in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "town1"}, ["张三", "张山", "李四"]),
        ({"unit": "village1"}, ["张山"]),
        ({"rank": str(Rank.FIRST_STAFF)}, ["李四"]),
        ({"leadership_level": LeadershipLevel.TOWNSHIP_DEPUTY}, ["张山"]),
        ({"age_band": "young"}, ["李四"]),
        ({"age_band": "56-60"}, ["王五"]),
        ({"gender": Gender.FEMALE}, ["张山"]),
        ({"ethnicity": "minority"}, ["王五"]),
        ({"ethnicity": "12"}, ["王五"]),
        ({"education": "postgraduate"}, ["张三"]),
        ({"political_status": PoliticalStatus.CPC_MEMBER}, ["张三", "王五"]),
        ({"category": CadreCategory.VILLAGE}, ["张山"]),
        ({"tag": "reserve"}, ["李四"]),
        ({"status": CadreStatus.RETIRED}, ["退休"]),
        ({"status": "all"}, ["张三", "张山", "李四", "王五", "退休"]),
        ({}, ["张三", "张山", "李四", "王五"]),
    ],
)
def test_each_filter(client, county_staff, county, params, expected):
    # given
    CadreFactory(unit=county["town1"], name="张三", birth=years_ago(45), education="14",
                 political_status="01", party_entry=years_ago(20))  # fmt: skip
    CadreFactory(unit=county["village1"], name="张山", gender=Gender.FEMALE,
                 birth=years_ago(40), category=CadreCategory.VILLAGE,
                 leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY)  # fmt: skip
    lisi = CadreFactory(unit=county["town1"], name="李四", birth=years_ago(30),
                        rank=Rank.FIRST_STAFF)  # fmt: skip
    CadreFactory(unit=county["town2"], name="王五", birth=years_ago(58), ethnicity="12",
                 political_status="01", party_entry=years_ago(30))  # fmt: skip
    CadreFactory(unit=county["town2"], name="退休", status=CadreStatus.RETIRED)
    reserve = Tag.objects.create(name="后备干部")
    lisi.tags.add(reserve)
    replacements = {"town1": county["town1"].pk, "village1": county["village1"].pk,
                    "reserve": reserve.pk}  # fmt: skip
    query = {key: replacements.get(value, value) for key, value in params.items()}
    client.force_login(county_staff)
    # when
    response = client.get(LIST, query)
    # then
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert sorted(names(response)) == sorted(expected)
    assert response.context["count"] == len(expected)


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("rank", "77"),
        ("age_band", "ancient"),
        ("gender", "x"),
        ("ethnicity", "99"),
        ("education", "phd"),
        ("unit", "not-a-number"),
        ("unit", "999999"),
        ("tag", "999999"),
        ("sort", "salary"),
        ("status", "dead"),
    ],
)
def test_an_invalid_filter_value_gives_an_inline_message_not_a_500(
    client, county_staff, people, param, value
):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(LIST, {param: value, "q": "zs"})
    # then
    assert response.status_code == 200
    assert param in response.context["form"].errors
    assert 'id="filter-errors"' in response.content.decode()
    # the valid filters still apply
    assert names(response) == ["张三", "张山"]


def test_an_out_of_scope_unit_filter_is_refused_by_name(client, town2_staff, county, people):
    # given
    client.force_login(town2_staff)
    # when
    response = client.get(LIST, {"unit": county["town1"].pk})
    # then
    assert response.context["form"].errors["unit"] == [
        t("This unit does not exist or is outside your scope.")
    ]
    assert names(response) == ["王五"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("pinyin", ["李四", "王五", "张三", "张山"]),
        ("birth", ["王五", "张三", "张山", "李四"]),
        ("-birth", ["李四", "张山", "张三", "王五"]),
        ("rank", ["张三", "王五", "张山", "李四"]),
    ],
)
def test_sort(client, county_staff, county, sort, expected):
    # given
    CadreFactory(unit=county["town1"], name="张三", birth=years_ago(50), rank=Rank.THIRD_RESEARCHER)
    CadreFactory(unit=county["town1"], name="张山", birth=years_ago(40), rank=Rank.FIRST_STAFF)
    CadreFactory(unit=county["town1"], name="李四", birth=years_ago(30), rank=Rank.SECOND_STAFF)
    CadreFactory(
        unit=county["town2"], name="王五", birth=years_ago(60), rank=Rank.FOURTH_RESEARCHER
    )
    client.force_login(county_staff)
    # when
    response = client.get(LIST, {"sort": sort})
    # then
    assert names(response) == expected


def test_column_headers_link_to_the_sorts_keeping_the_filters(client, county_staff, people):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(LIST, {"q": "zs", "sort": "birth"})
    # then
    html = response.content.decode()
    assert 'href="?q=zs&amp;sort=-birth"' in html
    assert 'href="?q=zs&amp;sort=pinyin"' in html
    assert 'href="?q=zs&amp;sort=rank"' in html


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("ganshi.cadres.views.PAGE_SIZE", 3)


@pytest.mark.parametrize("sort", ["pinyin", "birth", "-birth", "rank", "-created"])
def test_next_page_cursor_walks_every_cadre_once(client, county_staff, county, sort, small_pages):
    # given: 7 cadres sharing birth months and ranks (ties broken by id), pages of 3
    for index in range(7):
        CadreFactory(unit=county["town1"], name="张三" if index % 2 else "李四",
                     birth=years_ago(30 + index % 3), rank=Rank.FIRST_STAFF + index % 2)  # fmt: skip
    client.force_login(county_staff)
    seen, pages, cursor = [], 0, None
    # when
    while True:
        params = {"sort": sort} | ({"cursor": cursor} if cursor else {})
        response = client.get(LIST, params)
        page = response.context["page"]
        seen.extend(cadre.pk for cadre in page.items)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
        assert f"cursor={cursor}" in response.content.decode()
    # then
    assert len(seen) == len(set(seen)) == 7
    assert pages == 3


def test_first_page_has_next_link_and_no_back_link(client, county_staff, county, small_pages):
    # given
    for _index in range(4):
        CadreFactory(unit=county["town1"])
    client.force_login(county_staff)
    # when
    first = client.get(LIST, {"q": ""})
    second = client.get(LIST, {"cursor": first.context["page"].next_cursor})
    # then
    assert 'id="next-page"' in first.content.decode()
    assert 'id="first-page"' not in first.content.decode()
    assert len(second.context["page"].items) == 1
    assert 'id="first-page"' in second.content.decode()
    assert 'id="next-page"' not in second.content.decode()


def test_a_tampered_cursor_starts_from_the_top(client, county_staff, people):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(LIST, {"cursor": "not-a-cursor!"})
    # then
    assert response.status_code == 200
    assert len(names(response)) == 4


def test_count_says_more_than_the_limit_when_not_exact(client, county_staff, people, monkeypatch):
    # given
    monkeypatch.setattr(
        "ganshi.cadres.views.cadre_count", lambda **kwargs: cadre_count(**kwargs, limit=2)
    )
    client.force_login(county_staff)
    # when
    response = client.get(LIST)
    # then
    assert response.context["count_exact"] is False
    assert t("More than %(count)s cadres", count=2) in response.content.decode()


def test_export_link_keeps_the_filters(client, county_staff, people):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(LIST, {"q": "zs", "gender": "male"})
    # then
    assert f'href="{reverse("cadres:export")}?q=zs&amp;gender=male"' in response.content.decode()


def test_htmx_search_returns_only_the_results(client, county_staff, people):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(LIST, {"q": "zs"}, headers={"HX-Request": "true"})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="cadre-table"' in html
    assert names(response) == ["张三", "张山"]
    assert "HX-Request" in response["Vary"]


def test_full_page_has_the_htmx_search_box(client, county_staff, people):
    # given
    client.force_login(county_staff)
    # when
    html = client.get(LIST).content.decode()
    # then
    assert 'hx-trigger="keyup changed delay:300ms, search"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-get="/cadres/"' in html
    assert '<div id="cadre-results">' in html


def test_town2_staff_never_sees_town1_cadres(client, town2_staff, people):
    # given
    client.force_login(town2_staff)
    # when
    everything = client.get(LIST, {"status": "all"})
    searched = client.get(LIST, {"q": "zs"})
    # then
    assert names(everything) == ["王五"]
    assert names(searched) == []


def test_town2_unit_choices_offer_only_its_subtree(client, town2_staff, county):
    # given
    client.force_login(town2_staff)
    # when
    response = client.get(LIST)
    # then
    units = list(response.context["form"].fields["unit"].queryset)
    assert units == [county["town2"], county["village2"]]


def test_auditor_cannot_read_the_registry(client, auditor, people):
    # given
    client.force_login(auditor)
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 403


def test_anonymous_user_is_sent_to_log_in(client, people):
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_list_query_count_does_not_grow_with_rows(
    client, county_staff, county, django_assert_max_num_queries
):
    # given: 60 cadres, each with two tags
    first, second = Tag.objects.create(name="甲"), Tag.objects.create(name="乙")
    for _index in range(60):
        cadre = CadreFactory(unit=county["village1"])
        cadre.tags.add(first, second)
    client.force_login(county_staff)
    # when / then
    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"q": "", "unit": county["town1"].pk})
    assert len(response.context["page"].items) == 50


def test_unit_filter_offers_the_levels_that_fit_and_accepts_a_deeper_unit(
    client, county_staff, county, people, monkeypatch
):
    # given a tree of 6 units in three levels, and room for only 5 options
    monkeypatch.setattr(UnitChoiceField, "max_options", 5)
    client.force_login(county_staff)
    # when the list is opened, then filtered by a village (one level too deep to offer)
    plain = client.get(reverse("cadres:list"))
    filtered = client.get(reverse("cadres:list"), {"unit": county["village1"].pk})
    # then the county and its first level are offered; the chosen village is added
    offered = [value.value for value, _ in plain.context["form"].fields["unit"].choices if value]
    chosen = [value.value for value, _ in filtered.context["form"].fields["unit"].choices if value]
    first_level = ["root", "organ", "town1", "town2"]
    assert offered == [county[name].pk for name in first_level]
    assert chosen == [county[name].pk for name in [*first_level[:3], "village1", "town2"]]
    assert {cadre.name for cadre in filtered.context["page"].items} == {"张山"}

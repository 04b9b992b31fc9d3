"""Reads on units, posts and party organisations, scoped to the actor."""

from __future__ import annotations

import pytest
from django.http import Http404

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.cadres.models import PostTenure
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import LeadershipLevel, PartyOrg, PartyOrgKind
from ganshi.orgs.selectors import (
    party_org_ancestors,
    party_org_children,
    party_org_get,
    post_get,
    post_list,
    unit_ancestors,
    unit_children,
    unit_choices,
    unit_get,
    unit_get_by_code,
    unit_posts,
    unit_queryset,
    unit_roots,
    unit_subtree,
)
from ganshi.orgs.tests.factories import PostFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def names(units) -> list[str]:
    return [unit.name for unit in units]


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", role=Role.SYSTEM_ADMIN)


@pytest.fixture
def party_orgs(county):
    committee = PartyOrg.add_root(
        instance=PartyOrg(
            name="县委", code="P000", kind=PartyOrgKind.COMMITTEE, unit=county["root"]
        )
    )
    town1 = committee.add_child(
        instance=PartyOrg(
            name="一镇党委", code="P100", kind=PartyOrgKind.COMMITTEE, unit=county["town1"]
        )
    )
    village1 = town1.add_child(
        instance=PartyOrg(
            name="一村党支部", code="P101", kind=PartyOrgKind.BRANCH, unit=county["village1"]
        )
    )
    town2 = committee.add_child(
        instance=PartyOrg(
            name="二镇党委", code="P200", kind=PartyOrgKind.COMMITTEE, unit=county["town2"]
        )
    )
    return {"county": committee, "town1": town1, "village1": village1, "town2": town2}


def test_unit_queryset_is_the_scope(county, county_staff, town1_staff, town2_staff):
    # given / when / then
    assert names(unit_queryset(actor=county_staff).order_by("path")) == [
        "示范县",
        "县委组织部",
        "一镇",
        "一村",
        "二镇",
        "二村",
    ]
    assert names(unit_queryset(actor=town1_staff).order_by("path")) == ["一镇", "一村"]
    assert names(unit_queryset(actor=town2_staff).order_by("path")) == ["二镇", "二村"]


def test_unit_get_inside_and_outside_scope(county, town2_staff):
    # given / when / then
    assert unit_get(actor=town2_staff, pk=county["village2"].pk) == county["village2"]
    with pytest.raises(Http404):
        unit_get(actor=town2_staff, pk=county["village1"].pk)
    with pytest.raises(Http404):
        unit_get(actor=town2_staff, pk=county["root"].pk)


def test_unit_get_by_code_outside_scope_is_not_found(county, town2_staff):
    # given / when / then
    assert unit_get_by_code(actor=town2_staff, code="T201") == county["village2"]
    with pytest.raises(Http404):
        unit_get_by_code(actor=town2_staff, code="T101")


def test_unit_roots(county, county_staff, town1_staff, auditor, admin):
    # given a cadre with a self-service account
    cadre = CadreFactory(unit=county["village1"])
    own = UserFactory(
        username="self", role=Role.CADRE_SELF, scope_unit=county["village1"], cadre=cadre
    )
    # when / then
    assert unit_roots(actor=county_staff) == [county["root"]]
    assert unit_roots(actor=town1_staff) == [county["town1"]]
    assert unit_roots(actor=admin) == [county["root"]]
    assert unit_roots(actor=own) == [county["village1"]]
    assert unit_roots(actor=auditor) == []


def test_unit_children(county, town1_staff, town2_staff):
    # given / when / then
    assert unit_children(actor=town1_staff, parent=None) == [county["town1"]]
    assert unit_children(actor=town1_staff, parent=county["town1"]) == [county["village1"]]
    assert unit_children(actor=town2_staff, parent=county["town1"]) == []
    assert unit_children(actor=town1_staff, parent=county["root"]) == [county["town1"]]


def test_unit_subtree(county, county_staff, town2_staff):
    # given / when / then
    assert names(unit_subtree(actor=town2_staff)) == ["二镇", "二村"]
    assert names(unit_subtree(actor=county_staff, root=county["town1"])) == ["一镇", "一村"]
    assert names(unit_subtree(actor=county_staff, root=county["root"], max_depth=1)) == [
        "示范县",
        "县委组织部",
        "一镇",
        "二镇",
    ]
    assert unit_subtree(actor=town2_staff, root=county["town1"]) == []


def test_unit_ancestors_shows_only_what_the_actor_sees(county, county_staff, town1_staff):
    # given / when / then
    assert names(unit_ancestors(actor=county_staff, unit=county["village1"])) == ["示范县", "一镇"]
    assert names(unit_ancestors(actor=town1_staff, unit=county["village1"])) == ["一镇"]
    assert unit_ancestors(actor=county_staff, unit=county["root"]) == []


def test_unit_choices_leave_out_inactive_units(county, town1_staff):
    # given
    county["village1"].is_active = False
    county["village1"].save(update_fields=["is_active"])
    # when / then
    assert names(unit_choices(actor=town1_staff)) == ["一镇"]


@pytest.fixture
def posts(county):
    return {
        "town1_chief": PostFactory(
            unit=county["town1"], name="镇长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
        ),
        "town1_deputy": PostFactory(
            unit=county["town1"],
            name="副镇长",
            leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
            sort_order=1,
        ),
        "village1": PostFactory(
            unit=county["village1"], name="村支书", leadership_level=LeadershipLevel.VILLAGE
        ),
        "town2": PostFactory(
            unit=county["town2"], name="镇长", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
        ),
    }


def test_post_list_is_scoped(county, posts, town1_staff, town2_staff):
    # given / when / then
    assert list(post_list(actor=town1_staff)) == [
        posts["town1_chief"],
        posts["town1_deputy"],
        posts["village1"],
    ]
    assert list(post_list(actor=town2_staff)) == [posts["town2"]]
    assert list(post_list(actor=town2_staff, unit=county["town1"])) == []


def test_post_get_outside_scope_is_not_found(posts, town2_staff):
    # given / when / then
    assert post_get(actor=town2_staff, pk=posts["town2"].pk) == posts["town2"]
    with pytest.raises(Http404):
        post_get(actor=town2_staff, pk=posts["town1_chief"].pk)


def test_unit_posts_carry_their_current_holders(
    county, posts, town1_staff, django_assert_max_num_queries
):
    # given a current holder, a former one and a retired one
    current = CadreFactory(name="张三", unit=county["town1"])
    former = CadreFactory(name="李四", unit=county["town1"])
    retired = CadreFactory(name="王五", unit=county["town1"], status="retired")
    PostTenure.objects.create(cadre=current, post=posts["town1_chief"], start=YearMonth(2021, 1))
    PostTenure.objects.create(
        cadre=former, post=posts["town1_chief"], start=YearMonth(2016, 1), end=YearMonth(2021, 1)
    )
    PostTenure.objects.create(cadre=retired, post=posts["town1_deputy"], start=YearMonth(2018, 1))
    # when
    with django_assert_max_num_queries(3):
        result = unit_posts(actor=town1_staff, unit=county["town1"])
        holders = [[tenure.cadre.name for tenure in post.current_tenures] for post in result]
    # then
    assert [post.name for post in result] == ["镇长", "副镇长"]
    assert holders == [["张三"], []]


def test_party_org_children_start_at_the_shallowest_visible(party_orgs, county_staff, town1_staff):
    # given / when / then
    assert party_org_children(actor=county_staff, parent=None) == [party_orgs["county"]]
    assert party_org_children(actor=town1_staff, parent=None) == [party_orgs["town1"]]
    assert party_org_children(actor=town1_staff, parent=party_orgs["town1"]) == [
        party_orgs["village1"]
    ]
    assert party_org_children(actor=town1_staff, parent=party_orgs["county"]) == [
        party_orgs["town1"]
    ]


def test_party_org_children_of_nothing_visible(party_orgs, auditor):
    # given / when / then
    assert party_org_children(actor=auditor, parent=None) == []


def test_party_org_get_outside_scope_is_not_found(party_orgs, town2_staff):
    # given / when / then
    assert party_org_get(actor=town2_staff, pk=party_orgs["town2"].pk) == party_orgs["town2"]
    with pytest.raises(Http404):
        party_org_get(actor=town2_staff, pk=party_orgs["village1"].pk)


def test_party_org_ancestors(party_orgs, county_staff, town1_staff):
    # given / when / then
    assert party_org_ancestors(actor=county_staff, party_org=party_orgs["village1"]) == [
        party_orgs["county"],
        party_orgs["town1"],
    ]
    assert party_org_ancestors(actor=town1_staff, party_org=party_orgs["village1"]) == [
        party_orgs["town1"]
    ]


def test_post_list_query_count(county, posts, town1_staff, django_assert_max_num_queries):
    # given more posts
    for number in range(10):
        PostFactory(unit=county["village1"], name=f"委员{number}")
    # when / then: the units come with the posts
    with django_assert_max_num_queries(2):
        labels = [str(post) for post in post_list(actor=town1_staff)]
    assert len(labels) == 13

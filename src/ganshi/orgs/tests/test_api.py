"""API on units, posts and quotas: the tree a level at a time, scope, errors."""

from __future__ import annotations

import pytest

from ganshi.accounts.services import api_token_create
from ganshi.cadres.models import PostTenure
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import LeadershipLevel
from ganshi.orgs.tests.factories import PostFactory, QuotaFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(actor=None, user=user)
    return {"Authorization": f"Bearer {raw}"}


def names(nodes: list[dict]) -> list:
    """Names of a tree of nodes, children nested as lists after their parent."""
    result: list = []
    for node in nodes:
        result.append(node["name"])
        if node["children"]:
            result.append(names(node["children"]))
    return result


def test_units_give_the_actors_top_unit_with_one_level_of_children(client, county_staff):
    # when
    response = client.get("/api/v1/units", headers=bearer(county_staff))

    # then
    assert response.status_code == 200
    (root,) = response.json()["items"]
    assert root["name"] == "示范县"
    assert [child["name"] for child in root["children"]] == ["县委组织部", "一镇", "二镇"]
    assert [child["children"] for child in root["children"]] == [None, None, None]
    assert [child["has_children"] for child in root["children"]] == [False, True, True]


def test_units_of_a_township_user_start_at_the_township(client, town1_staff):
    # when
    response = client.get("/api/v1/units", headers=bearer(town1_staff))

    # then
    assert names(response.json()["items"]) == ["一镇", ["一村"]]


def test_units_with_a_parent_give_one_level(client, county, county_staff):
    # when
    response = client.get(
        f"/api/v1/units?parent={county['town1'].pk}", headers=bearer(county_staff)
    )

    # then
    assert response.status_code == 200
    (village,) = response.json()["items"]
    assert village["id"] == county["village1"].pk
    assert village["code"] == "T101"
    assert village["kind"] == "village"
    assert village["children"] is None


def test_units_with_a_depth_give_the_levels_asked_for(client, county_staff):
    # when
    response = client.get("/api/v1/units?depth=2", headers=bearer(county_staff))

    # then
    assert names(response.json()["items"]) == [
        "示范县",
        ["县委组织部", "一镇", ["一村"], "二镇", ["二村"]],
    ]


def test_units_with_a_parent_and_a_depth(client, county, county_staff):
    # when
    response = client.get(
        f"/api/v1/units?parent={county['root'].pk}&depth=2", headers=bearer(county_staff)
    )

    # then
    assert names(response.json()["items"]) == ["县委组织部", "一镇", ["一村"], "二镇", ["二村"]]


def test_a_unit_out_of_scope_is_404(client, county, town2_staff):
    # given
    headers = bearer(town2_staff)

    # when
    responses = [
        client.get(f"/api/v1/units?parent={county['town1'].pk}", headers=headers),
        client.get(f"/api/v1/units/{county['town1'].pk}", headers=headers),
        client.get(f"/api/v1/units/{county['village1'].pk}", headers=headers),
        client.get(f"/api/v1/posts?unit={county['town1'].pk}", headers=headers),
        client.get(f"/api/v1/quotas?unit={county['town1'].pk}", headers=headers),
        client.get("/api/v1/units/999999", headers=headers),
    ]

    # then
    assert [response.status_code for response in responses] == [404] * 6
    assert [response.json() for response in responses] == [{"detail": "Not found."}] * 6


def test_a_township_user_never_sees_the_neighbouring_township_in_the_tree(client, town2_staff):
    # when
    response = client.get("/api/v1/units?depth=5", headers=bearer(town2_staff))

    # then
    assert names(response.json()["items"]) == ["二镇", ["二村"]]


def test_unit_detail_has_children_posts_and_quotas(client, county, county_staff):
    # given
    town = county["town1"]
    secretary = PostFactory(
        unit=town, name="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
    )
    deputy = PostFactory(
        unit=town, name="副镇长", leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, sort_order=2
    )
    QuotaFactory(unit=town, leadership_level=LeadershipLevel.TOWNSHIP_CHIEF, approved=2)
    QuotaFactory(unit=town, leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, approved=3)
    PostTenure.objects.create(
        cadre=CadreFactory(unit=town), post=secretary, start=YearMonth(2021, 6)
    )
    PostTenure.objects.create(cadre=CadreFactory(unit=town), post=deputy, start=YearMonth(2022, 1))
    PostTenure.objects.create(
        cadre=CadreFactory(unit=town),
        post=deputy,
        start=YearMonth(2019, 1),
        end=YearMonth(2021, 12),
    )

    # when
    response = client.get(f"/api/v1/units/{town.pk}", headers=bearer(county_staff))

    # then
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "一镇"
    assert data["parent"] == county["root"].pk
    assert data["ancestors"] == [{"id": county["root"].pk, "name": "示范县"}]
    assert [child["name"] for child in data["children"]] == ["一村"]
    assert [
        (post["name"], post["leadership_level"], post["is_leadership"]) for post in data["posts"]
    ] == [
        ("党委书记", "township_chief", True),
        ("副镇长", "township_deputy", True),
    ]
    assert [
        (
            line["leadership_level"],
            line["approved"],
            line["filled"],
            line["vacant"],
            line["overrun"],
        )
        for line in data["quotas"]
    ] == [("township_chief", 2, 1, 1, 0), ("township_deputy", 3, 1, 2, 0)]


def test_the_parent_of_a_scope_root_is_not_shown(client, county, town1_staff):
    # when
    response = client.get(f"/api/v1/units/{county['town1'].pk}", headers=bearer(town1_staff))

    # then
    assert response.json()["parent"] is None
    assert response.json()["ancestors"] == []


def test_posts_and_quotas_of_a_unit(client, county, town1_staff):
    # given
    town = county["town1"]
    PostFactory(unit=town, name="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
    PostFactory(
        unit=county["town2"], name="党委书记", leadership_level=LeadershipLevel.TOWNSHIP_CHIEF
    )
    QuotaFactory(unit=town, leadership_level=LeadershipLevel.TOWNSHIP_CHIEF, approved=1)
    headers = bearer(town1_staff)

    # when
    posts = client.get(f"/api/v1/posts?unit={town.pk}", headers=headers)
    quotas = client.get(f"/api/v1/quotas?unit={town.pk}", headers=headers)

    # then
    assert [(post["unit"], post["name"]) for post in posts.json()["items"]] == [
        (town.pk, "党委书记")
    ]
    assert quotas.json() == {
        "items": [
            {
                "leadership_level": "township_chief",
                "label": "Section-level chief (乡科级正职)",
                "approved": 1,
                "filled": 0,
                "vacant": 1,
                "overrun": 0,
            }
        ]
    }


@pytest.mark.parametrize(
    ("url", "errors"),
    [
        ("/api/v1/posts", [{"field": "unit", "message": "This field is required."}]),
        ("/api/v1/posts?unit=abc", [{"field": "unit", "message": "Enter a whole number."}]),
        (
            "/api/v1/quotas?unit=-3",
            [{"field": "unit", "message": "Enter a number no smaller than 1."}],
        ),
        (
            "/api/v1/quotas?unit=99999999999999999999999",
            [{"field": "unit", "message": "Enter a number no larger than 9223372036854775807."}],
        ),
        (
            "/api/v1/units?depth=0",
            [{"field": "depth", "message": "Enter a number no smaller than 1."}],
        ),
        (
            "/api/v1/units?depth=11",
            [{"field": "depth", "message": "Enter a number no larger than 10."}],
        ),
        ("/api/v1/units?parent=x", [{"field": "parent", "message": "Enter a whole number."}]),
        ("/api/v1/units?parnet=1", [{"field": "parnet", "message": "Unknown parameter."}]),
        ("/api/v1/units/0", [{"field": "unit_id", "message": "Enter a number no smaller than 1."}]),
        ("/api/v1/units/abc", [{"field": "unit_id", "message": "Enter a whole number."}]),
    ],
)
def test_bad_parameters_are_named(client, county_staff, url, errors):
    # when
    response = client.get(url, headers=bearer(county_staff))

    # then
    assert response.status_code == 422
    assert response.json() == {"errors": errors}


def test_the_unit_endpoints_need_a_registry_reader(client, county, auditor):
    # when
    response = client.get(f"/api/v1/units/{county['root'].pk}", headers=bearer(auditor))

    # then
    assert response.status_code == 403


def test_the_unit_endpoints_keep_to_a_fixed_number_of_queries(
    client, county, county_staff, django_assert_max_num_queries
):
    # given
    for index in range(5):
        PostFactory(
            unit=county["town1"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, sort_order=index
        )
    QuotaFactory(unit=county["town1"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, approved=5)
    headers = bearer(county_staff)

    # then
    with django_assert_max_num_queries(5):
        client.get("/api/v1/units?depth=10", headers=headers)
    with django_assert_max_num_queries(10):
        client.get(f"/api/v1/units/{county['town1'].pk}", headers=headers)
    with django_assert_max_num_queries(5):
        client.get(f"/api/v1/posts?unit={county['town1'].pk}", headers=headers)

"""API on the cadre registry: list, search, filters, create, change, scope, masking."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ganshi.accounts.services import api_token_create
from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.choices import CadreStatus, Gender, Rank
from ganshi.cadres.models import Cadre, Tag
from ganshi.cadres.schemas import CadreIn
from ganshi.cadres.tests.factories import CadreFactory, valid_id_number
from ganshi.core.year_month import YearMonth

ID_NUMBER = valid_id_number(datetime.date(1990, 5, 17), Gender.FEMALE)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(actor=None, user=user)
    return {"Authorization": f"Bearer {raw}"}


def post(client, user, body) -> object:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(
        "/api/v1/cadres", data=data, content_type="application/json", headers=bearer(user)
    )


def patch(client, user, cadre, body) -> object:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.patch(
        f"/api/v1/cadres/{cadre.pk}",
        data=data,
        content_type="application/json",
        headers=bearer(user),
    )


def valid_body(in_unit, /, **fields) -> dict:
    return {
        "name": "黄丽",
        "gender": "female",
        "birth": "1990.05",
        "id_number": ID_NUMBER,
        "ethnicity": "12",
        "political_status": "01",
        "party_entry": "2012.06",
        "work_start": "2012.07",
        "unit": in_unit.pk,
        "current_post": "党政综合办公室主任",
        "rank": 10,
        "phone": "13812345678",
        "home_address": "广西壮族自治区示范县一镇幸福路1号",
        **fields,
    }


def counts() -> tuple[int, int, int]:
    return Cadre.objects.count(), AuditEvent.objects.count(), Tag.objects.count()


def forged_cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


# --- list -----------------------------------------------------------------------------------


def test_the_list_is_items_and_next(client, county, county_staff):
    # given
    cadre = CadreFactory(unit=county["town1"], name="张三")

    # when
    response = client.get("/api/v1/cadres", headers=bearer(county_staff))

    # then
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"items", "next"}
    assert data["next"] is None
    (item,) = data["items"]
    assert item["id"] == cadre.pk
    assert item["name"] == "张三"
    assert item["birth"] == "1985.03"
    assert item["age"] == YearMonth(1985, 3).years_until(YearMonth.today())
    assert item["work_start"] == "2007.07"
    assert item["unit"] == county["town1"].pk
    assert item["unit_name"] == "一镇"
    assert item["rank"] == Rank.FOURTH_PRINCIPAL_STAFF
    assert item["labels"]["gender"] == "Male"


def test_the_list_is_masked_even_for_a_role_that_may_see(client, county, county_staff):
    # given
    CadreFactory(
        unit=county["town1"],
        id_number=ID_NUMBER,
        phone="13812345678",
        home_address="广西壮族自治区示范县",
    )
    events = AuditEvent.objects.count()

    # when
    response = client.get("/api/v1/cadres?reveal=1", headers=bearer(county_staff))
    listed = client.get("/api/v1/cadres", headers=bearer(county_staff))

    # then
    assert response.status_code == 422
    (item,) = listed.json()["items"]
    assert (item["id_number"], item["phone"], item["home_address"]) == (
        ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:],
        "138****5678",
        "广西壮族自治****",
    )
    assert item["sensitive_revealed"] is False
    assert AuditEvent.objects.count() == events + 2  # the two tokens, no read event


def test_cursor_pagination_has_no_gaps_and_no_overlap(client, county, county_staff):
    # given
    names = ["张三", "李四", "王五", "黄丽", "覃海", "张伟", "李娜"]
    created = {CadreFactory(unit=county["town1"], name=name).pk for name in names}
    headers = bearer(county_staff)

    # when
    pages = []
    url = "/api/v1/cadres?limit=3"
    while url:
        data = client.get(url, headers=headers).json()
        pages.append([item["id"] for item in data["items"]])
        url = f"/api/v1/cadres?limit=3&cursor={data['next']}" if data["next"] else None

    # then
    assert [len(page) for page in pages] == [3, 3, 1]
    seen = [pk for page in pages for pk in page]
    assert len(seen) == len(set(seen))
    assert set(seen) == created


def test_pagination_follows_the_sort(client, county, county_staff):
    # given
    for year in (1970, 1990, 1980, 1960):
        CadreFactory(unit=county["town1"], birth=YearMonth(year, 1))
    headers = bearer(county_staff)

    # when
    first = client.get("/api/v1/cadres?sort=-birth&limit=2", headers=headers).json()
    second = client.get(
        f"/api/v1/cadres?sort=-birth&limit=2&cursor={first['next']}", headers=headers
    ).json()

    # then
    assert [item["birth"] for item in first["items"] + second["items"]] == [
        "1990.01",
        "1980.01",
        "1970.01",
        "1960.01",
    ]
    assert second["next"] is None


@pytest.mark.parametrize("query", ["zs", "zhangsan", "张三", "ZS", "张"])
def test_search_by_name_pinyin_or_initials(client, county, county_staff, query):
    # given
    zhang = CadreFactory(unit=county["town1"], name="张三")
    CadreFactory(unit=county["town1"], name="李四")

    # when
    response = client.get("/api/v1/cadres", {"q": query}, headers=bearer(county_staff))

    # then
    assert [item["id"] for item in response.json()["items"]] == [zhang.pk]


def test_filters(client, county, county_staff):
    # given
    town1, town2 = county["town1"], county["town2"]
    village_woman = CadreFactory(
        unit=county["village1"],
        name="黄丽",
        gender=Gender.FEMALE,
        ethnicity="08",
        rank=Rank.FIRST_STAFF,
    )
    town_man = CadreFactory(unit=town1, name="张三", birth=YearMonth(1965, 1))
    other_town = CadreFactory(
        unit=town2, name="李四", political_status="01", party_entry=YearMonth(2005, 1)
    )
    retired = CadreFactory(unit=town2, name="王五", status=CadreStatus.RETIRED)
    tag = Tag.objects.create(name="后备干部")
    other_town.tags.add(tag)
    headers = bearer(county_staff)

    def ids(**params) -> list[int]:
        return sorted(
            item["id"]
            for item in client.get("/api/v1/cadres", params, headers=headers).json()["items"]
        )

    # then
    assert ids(unit=town1.pk) == sorted([village_woman.pk, town_man.pk])
    assert ids(unit=county["village1"].pk) == [village_woman.pk]
    assert ids(gender="female") == [village_woman.pk]
    assert ids(ethnicity="minority") == [village_woman.pk]
    assert ids(ethnicity="08") == [village_woman.pk]
    assert ids(rank=Rank.FIRST_STAFF) == [village_woman.pk]
    assert ids(age_band="56-60", status="all") == []
    assert ids(age_band="61+") == [town_man.pk]
    assert ids(political_status="01") == [other_town.pk]
    assert ids(tag="后备干部") == [other_town.pk]
    assert ids(tag="no such tag") == []
    assert ids(status="retired") == [retired.pk]
    assert ids(status="all") == sorted([village_woman.pk, town_man.pk, other_town.pk, retired.pk])
    assert ids(category="civil_servant", leadership_level="none", education="") == sorted(
        [village_woman.pk, town_man.pk, other_town.pk]
    )


def test_bad_list_parameters_are_all_named(client, county, county_staff):
    # when
    response = client.get(
        "/api/v1/cadres",
        {
            "rank": "abc",
            "gender": "x",
            "unit": "-1",
            "limit": "500",
            "cursor": "not a cursor",
            "sort": "salary",
            "status": "dead",
            "age_band": "old",
            "q": "x" * 41,
            "colour": "red",
        },
        headers=bearer(county_staff),
    )

    # then
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {
        "rank",
        "gender",
        "unit",
        "limit",
        "cursor",
        "sort",
        "status",
        "age_band",
        "q",
        "colour",
    }


@pytest.mark.parametrize(
    "cursor",
    [
        forged_cursor(["zhangsan", 2**70]),
        forged_cursor(["zhang\x00san", 1]),
        forged_cursor([None, 1]),
        forged_cursor([True, 1]),
        forged_cursor(["zhangsan"]),
        forged_cursor({"a": 1}),
        forged_cursor([1.5, 2]),
        "%%%",
        "x" * 5000,
    ],
)
def test_a_forged_cursor_is_refused(client, county, county_staff, cursor):
    # given
    CadreFactory(unit=county["town1"])

    # when
    response = client.get("/api/v1/cadres", {"cursor": cursor}, headers=bearer(county_staff))

    # then
    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {
                "field": "cursor",
                "message": "This cursor is not valid here; start again from the first page.",
            }
        ]
    }


def test_a_cursor_of_another_sort_is_refused(client, county, county_staff):
    # given
    CadreFactory(unit=county["town1"])
    CadreFactory(unit=county["town1"])
    headers = bearer(county_staff)
    cursor = client.get("/api/v1/cadres?limit=1", headers=headers).json()["next"]

    # when
    response = client.get("/api/v1/cadres", {"cursor": cursor, "sort": "rank"}, headers=headers)

    # then
    assert response.status_code == 422


def test_the_list_keeps_to_a_fixed_number_of_queries(
    client, county, county_staff, django_assert_max_num_queries
):
    # given
    tag = Tag.objects.create(name="后备干部")
    for _index in range(30):
        CadreFactory(unit=county["village1"]).tags.add(tag)
    headers = bearer(county_staff)

    # then
    with django_assert_max_num_queries(6):
        response = client.get(
            f"/api/v1/cadres?limit=200&unit={county['town1'].pk}&tag=后备干部", headers=headers
        )
    assert len(response.json()["items"]) == 30


# --- scope ----------------------------------------------------------------------------------


def test_a_neighbouring_township_never_sees_the_cadres(client, county, town2_staff):
    # given
    cadre = CadreFactory(unit=county["town1"], name="张三")
    own = CadreFactory(unit=county["town2"], name="李四")
    headers = bearer(town2_staff)
    before = Cadre.objects.get(pk=cadre.pk).updated_at

    # when
    listed = client.get("/api/v1/cadres?status=all", headers=headers)
    searched = client.get("/api/v1/cadres", {"q": cadre.name}, headers=headers)
    filtered = client.get("/api/v1/cadres", {"unit": county["town1"].pk}, headers=headers)
    detail = client.get(f"/api/v1/cadres/{cadre.pk}", headers=headers)
    changed = patch(client, town2_staff, cadre, {"native_place": "广西"})

    # then
    assert [item["id"] for item in listed.json()["items"]] == [own.pk]
    assert searched.json() == {"items": [], "next": None}
    assert filtered.status_code == 422
    assert filtered.json() == {
        "errors": [
            {"field": "unit", "message": "This unit does not exist or is outside your scope."}
        ]
    }
    assert (detail.status_code, detail.json()) == (404, {"detail": "Not found."})
    assert (changed.status_code, changed.json()) == (404, {"detail": "Not found."})
    assert Cadre.objects.get(pk=cadre.pk).native_place == ""
    assert Cadre.objects.get(pk=cadre.pk).updated_at == before


def test_a_cadre_cannot_be_created_or_moved_outside_the_scope(client, county, town2_staff):
    # given
    own = CadreFactory(unit=county["town2"])
    before = counts()

    # when
    created = post(client, town2_staff, valid_body(county["town1"]))
    moved = patch(client, town2_staff, own, {"unit": county["town1"].pk})

    # then
    error = {
        "errors": [
            {"field": "unit", "message": "This unit does not exist or is outside your scope."}
        ]
    }
    assert (created.status_code, created.json()) == (422, error)
    assert (moved.status_code, moved.json()) == (422, error)
    assert counts()[0] == before[0]
    assert Cadre.objects.get(pk=own.pk).unit == county["town2"]


# --- create ---------------------------------------------------------------------------------


def test_create_a_cadre(client, county, county_staff):
    # given
    before = counts()

    # when
    response = post(client, county_staff, valid_body(county["town1"]))

    # then
    assert response.status_code == 201
    data = response.json()
    cadre = Cadre.objects.get(pk=data["id"])
    assert (cadre.name, cadre.gender, cadre.birth, cadre.unit) == (
        "黄丽",
        "female",
        YearMonth(1990, 5),
        county["town1"],
    )
    assert (cadre.id_number, cadre.party_entry, cadre.ethnicity) == (
        ID_NUMBER,
        YearMonth(2012, 6),
        "12",
    )
    assert data["birth"] == "1990.05"
    assert data["party_entry"] == "2012.06"
    assert data["id_number"] == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
    assert data["labels"]["ethnicity"] == "侗族"
    assert data["resume"] == []
    assert counts() == (before[0] + 1, before[1] + 2, before[2])  # the token, the cadre
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, event.actor) == (
        AuditAction.CREATE,
        str(cadre.pk),
        county_staff,
    )


def test_create_reads_values_leniently(client, county, county_staff):
    # when
    response = post(
        client,
        county_staff,
        {
            "name": " 覃 海 ",
            "id_number": ID_NUMBER,
            "ethnicity": "汉族",
            "political_status": 13,
            "work_start": "2012年7月",
            "unit": str(county["town1"].pk),
            "rank": "10",
            "tags": ["后备干部", "后备干部", "选调生"],
        },
    )

    # then
    assert response.status_code == 201
    data = response.json()
    assert (data["name"], data["gender"], data["birth"]) == ("覃海", "female", "1990.05")
    assert (data["ethnicity"], data["political_status"], data["work_start"], data["rank"]) == (
        "01",
        "13",
        "2012.07",
        10,
    )
    assert data["tags"] == ["后备干部", "选调生"]


def test_create_with_several_bad_fields_names_them_all_and_writes_nothing(
    client, county, county_staff
):
    # given
    bad_check_digit = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")
    body = valid_body(
        county["town1"],
        birth="1990.13",
        id_number=bad_check_digit,
        unit=999999,
        rank="general",
        gender=["female"],
        work_start=1990.05,
        colour="red",
        age=30,
        leadership_level="county_chief",
        tags=["后备干部", ""],
    )
    before = counts()

    # when
    response = post(client, county_staff, body)

    # then
    assert response.status_code == 422
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert errors == {
        "birth": "The month 13 does not exist.",
        "id_number": f"The ID number's check character is wrong (it should be {ID_NUMBER[17]}).",
        "unit": "This unit does not exist or is outside your scope.",
        "rank": "“'general'” is not a valid choice."
        if False
        else "“general” is not a valid choice.",
        "gender": "“['female']” is not a valid choice.",
        "work_start": "Write a year-month as text, like “1985.03”.",
        "colour": "Unknown field.",
        "age": "This field is read-only.",
        "leadership_level": "This field is read-only: it follows the cadre's current posts.",
        "tags": "A tag is 1 to 30 characters.",
    }
    assert counts() == (before[0], before[1] + 1, before[2])  # only the token


def test_create_merges_domain_errors_with_parse_errors(client, county, county_staff):
    # given
    before = counts()

    # when
    response = post(
        client,
        county_staff,
        valid_body(
            county["town1"], birth="1991.05", party_entry=None, political_status="01", rank=True
        ),
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "rank", "message": "“True” is not a valid choice."},
        {
            "field": "id_number",
            "message": "The ID number gives birth 1990.05 but the birth field says 1991.05.",
        },
        {"field": "party_entry", "message": "A party member needs a party entry date."},
    ]
    assert counts() == (before[0], before[1] + 1, before[2])


def test_create_with_only_domain_errors_writes_no_tag(client, county, county_staff):
    # given
    before = counts()

    # when
    response = post(
        client, county_staff, valid_body(county["town1"], work_start="2000.01", tags=["新标签"])
    )

    # then
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["work_start"]
    assert counts() == (before[0], before[1] + 1, before[2])


def test_create_needs_name_and_unit(client, county, county_staff):
    # when
    response = post(client, county_staff, {"gender": "male", "birth": "1985.03"})

    # then
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {"name", "unit"}


def test_a_duplicate_id_number_is_refused(client, county, county_staff):
    # given
    CadreFactory(
        unit=county["town2"], id_number=ID_NUMBER, gender=Gender.FEMALE, birth=YearMonth(1990, 5)
    )

    # when
    response = post(client, county_staff, valid_body(county["town1"]))

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "id_number",
            "message": "Another cadre in the registry already has this ID number.",
        }
    ]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ("{bad json", 400, "The request body is not valid JSON."),
        ("", 400, "The request body is empty; send a JSON object."),
        ("[1, 2]", 400, "The request body must be a JSON object of fields."),
        ('"text"', 400, "The request body must be a JSON object of fields."),
        ("null", 400, "The request body must be a JSON object of fields."),
        ("[" * 100_000, 400, "The request body is not valid JSON."),
        (b"\xff\xfe", 400, "The request body is not valid JSON."),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(
    client, county, county_staff, body, status, message
):
    # given
    before = counts()

    # when
    response = post(client, county_staff, body)

    # then
    assert response.status_code == status
    assert response.json() == {"errors": [{"field": None, "message": message}]}
    assert counts() == (before[0], before[1] + 1, before[2])


def test_a_huge_body_is_refused(client, county, county_staff, settings):
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    # when
    response = post(client, county_staff, valid_body(county["town1"], notes="很" * 2000))

    # then
    assert response.status_code == 413
    assert response.json() == {"errors": [{"field": None, "message": "The request is too large."}]}


WRITABLE_FIELDS = sorted(CadreIn.model_fields)


@pytest.mark.parametrize("value", [[[]], {}, True, 1.5, {"$gt": ""}], ids=repr)
def test_a_value_of_the_wrong_type_in_every_field_names_every_field(
    client, county, county_staff, value
):
    # given
    before = counts()

    # when
    response = post(client, county_staff, dict.fromkeys(WRITABLE_FIELDS, value))

    # then
    assert response.status_code == 422
    assert sorted({error["field"] for error in response.json()["errors"]}) == WRITABLE_FIELDS
    assert counts() == (before[0], before[1] + 1, before[2])


ODD_VALUES = {
    "name": ["x" * 100_000, "张\x00三", "\ud800", ""],
    "birth": ["1985.03" * 1000, "０", "张\x00三", "\ud800", 10**30, -1, "1985.03\x00"],
    "unit": ["x" * 100_000, "０", "张\x00三", "\ud800", 10**30, -1, 0, "1e3", " "],
    "gender": ["x" * 100_000, "\ud800", "张\x00三", -1, "０"],
    "rank": [10**30, -1, "０", "x" * 100_000, "\ud800"],
    "id_number": ["x" * 100_000, "０", -1, 10**30, "\ud800"],
    "current_post": ["x" * 100_000, "张\x00三", "\ud800"],
    "tags": [["x" * 31], ["\ud800"], ["a\x00"], ["a"] * 51, "后备干部"],
}


@pytest.mark.parametrize(("field", "values"), ODD_VALUES.items(), ids=list(ODD_VALUES))
def test_odd_strings_and_numbers_are_refused_never_a_500(
    client, county, county_staff, field, values
):
    # given
    before = counts()

    # when
    responses = [
        post(client, county_staff, valid_body(county["town1"], **{field: value}))
        for value in values
    ]

    # then
    assert [response.status_code for response in responses] == [422] * len(values)
    assert [[error["field"] for error in response.json()["errors"]] for response in responses] == [
        [field]
    ] * len(values)
    assert counts() == (before[0], before[1] + len(values), before[2])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.dictionaries(st.sampled_from([*CadreIn.model_fields, "other"]), json_values, max_size=6)
)
def test_random_bodies_never_give_a_500(client, county, county_staff, body):
    # when
    response = post(client, county_staff, body)

    # then
    assert response.status_code in {201, 422}
    assert set(response.json()) == (
        {"errors"}
        if response.status_code == 422
        else set(CadreIn.model_fields) | set(response.json())
    )


# --- detail and reveal ----------------------------------------------------------------------


def test_detail_is_masked_without_reveal(client, county, county_staff):
    # given
    cadre = CadreFactory(unit=county["town1"], id_number=ID_NUMBER, phone="13812345678")
    events = AuditEvent.objects.count()

    # when
    response = client.get(f"/api/v1/cadres/{cadre.pk}", headers=bearer(county_staff))

    # then
    assert response.status_code == 200
    assert response.json()["id_number"] == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
    assert response.json()["phone"] == "138****5678"
    assert AuditEvent.objects.count() == events + 1  # the token only


def test_reveal_shows_the_sensitive_fields_and_is_audited(client, county, county_staff):
    # given
    cadre = CadreFactory(
        unit=county["town1"], id_number=ID_NUMBER, phone="13812345678", home_address="幸福路1号"
    )
    headers = bearer(county_staff)
    events = AuditEvent.objects.count()

    # when
    response = client.get(f"/api/v1/cadres/{cadre.pk}?reveal=1", headers=headers)

    # then
    data = response.json()
    assert (data["id_number"], data["phone"], data["home_address"]) == (
        ID_NUMBER,
        "13812345678",
        "幸福路1号",
    )
    assert data["sensitive_revealed"] is True
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, event.actor) == (
        AuditAction.READ_SENSITIVE,
        str(cadre.pk),
        county_staff,
    )
    assert event.after == {"fields": ["id_number", "phone", "home_address"]}


def test_a_leader_asking_to_reveal_still_gets_masked_fields_and_no_event(client, county, leader):
    # given
    cadre = CadreFactory(unit=county["town1"], id_number=ID_NUMBER)
    headers = bearer(leader)
    events = AuditEvent.objects.count()

    # when
    response = client.get(f"/api/v1/cadres/{cadre.pk}?reveal=1", headers=headers)

    # then
    assert response.status_code == 200
    assert response.json()["id_number"] == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
    assert response.json()["sensitive_revealed"] is False
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/cadres/-1", 422),
        ("/api/v1/cadres/abc", 422),
        ("/api/v1/cadres/99999999", 404),
        ("/api/v1/cadres/99999999999999999999999999", 422),
    ],
)
def test_odd_ids_are_404_or_422(client, county, county_staff, path, status):
    # when
    response = client.get(path, headers=bearer(county_staff))

    # then
    assert response.status_code == status


def test_a_bad_reveal_value_is_named(client, county, county_staff):
    # given
    cadre = CadreFactory(unit=county["town1"])

    # when
    response = client.get(f"/api/v1/cadres/{cadre.pk}?reveal=please", headers=bearer(county_staff))

    # then
    assert response.json() == {"errors": [{"field": "reveal", "message": "Enter 1 or 0."}]}


def test_the_detail_keeps_to_a_fixed_number_of_queries(
    client, county, county_staff, django_assert_max_num_queries
):
    # given
    cadre = CadreFactory(unit=county["town1"])
    headers = bearer(county_staff)

    # then
    with django_assert_max_num_queries(10):
        client.get(f"/api/v1/cadres/{cadre.pk}", headers=headers)


# --- change ---------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(client, county, county_staff):
    # given
    cadre = CadreFactory(unit=county["town1"], name="张三", native_place="广西")
    events = AuditEvent.objects.count()

    # when
    response = patch(
        client, county_staff, cadre, {"native_place": "广西南宁", "tags": ["后备干部"]}
    )

    # then
    assert response.status_code == 200
    assert (response.json()["native_place"], response.json()["tags"]) == ("广西南宁", ["后备干部"])
    cadre.refresh_from_db()
    assert (cadre.name, cadre.native_place, cadre.birth, cadre.rank) == (
        "张三",
        "广西南宁",
        YearMonth(1985, 3),
        Rank.FOURTH_PRINCIPAL_STAFF,
    )
    update = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert update.after == {"native_place": "广西南宁", "tags": ["后备干部"]}
    assert AuditEvent.objects.count() == events + 3  # the token, the new tag, the update


def test_patch_null_empties_a_field(client, county, county_staff):
    # given
    cadre = CadreFactory(unit=county["town1"], native_place="广西")

    # when
    response = patch(client, county_staff, cadre, {"native_place": None, "work_start": None})

    # then
    assert response.status_code == 200
    cadre.refresh_from_db()
    assert (cadre.native_place, cadre.work_start) == ("", None)


def test_patch_with_bad_fields_names_them_and_changes_nothing(client, county, county_staff):
    # given
    cadre = CadreFactory(unit=county["town1"], name="张三")
    before = counts()

    # when
    response = patch(
        client, county_staff, cadre, {"name": "", "birth": "someday", "status": "dead"}
    )

    # then
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {"name", "birth", "status"}
    cadre.refresh_from_db()
    assert (cadre.name, cadre.birth, cadre.status) == (
        "张三",
        YearMonth(1985, 3),
        CadreStatus.ACTIVE,
    )
    assert counts() == (before[0], before[1] + 1, before[2])


def test_a_leader_cannot_patch(client, county, leader):
    # given
    cadre = CadreFactory(unit=county["town1"], name="张三")
    before = counts()

    # when
    response = patch(client, leader, cadre, {"name": "李四"})

    # then
    assert response.status_code == 403
    cadre.refresh_from_db()
    assert cadre.name == "张三"
    assert counts() == (before[0], before[1] + 1, before[2])


# --- the document ---------------------------------------------------------------------------


def test_the_openapi_document_lists_the_paths(client):
    # when
    response = client.get("/api/v1/openapi.json")

    # then
    assert response.status_code == 200
    document = response.json()
    assert {
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
        "/api/v1/posts",
        "/api/v1/quotas",
        "/api/v1/cadres",
        "/api/v1/cadres/{cadre_id}",
    } <= set(document["paths"])
    assert set(document["paths"]["/api/v1/cadres/{cadre_id}"]) == {"get", "patch"}
    assert (
        "name"
        in document["paths"]["/api/v1/cadres"]["post"]["requestBody"]["content"][
            "application/json"
        ]["schema"]["properties"]
    )


def test_the_docs_page_loads_nothing_from_outside(client, county_staff):
    # given
    client.force_login(county_staff)

    # when
    response = client.get("/api/v1/docs")

    # then
    assert b"https://" not in response.content


def test_operations_have_plain_ids(client):
    # when
    document = client.get("/api/v1/openapi.json").json()

    # then
    assert [
        operation["operationId"]
        for operation in document["paths"]["/api/v1/cadres/{cadre_id}"].values()
    ] == [
        "cadre_get",
        "cadre_update",
    ]


def test_a_wrong_method_is_a_json_405(client, county, county_staff):
    # given
    cadre = CadreFactory(unit=county["town1"])

    # when
    response = client.delete(f"/api/v1/cadres/{cadre.pk}", headers=bearer(county_staff))

    # then
    assert response.status_code == 405
    assert response.json() == {"detail": "This method is not allowed here."}
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
    assert Cadre.objects.filter(pk=cadre.pk).exists()


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/no-such-thing", "/api/v1/cadres/1/photo"])
def test_an_unknown_path_is_a_json_404(client, path):
    # when
    response = client.post(path)

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}

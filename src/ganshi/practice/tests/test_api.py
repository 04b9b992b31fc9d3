"""API: lists with cursors, scope (404 outside), bad input (422, every field, nothing
written), create, transition, evaluations, figures."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from ganshi.accounts.services import api_token_create
from ganshi.audit.models import AuditEvent
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.practice.choices import AssignmentStatus
from ganshi.practice.models import Assignment, AssignmentEvent, Batch, Evaluation
from ganshi.practice.tests.factories import AssignmentFactory, BatchFactory, programme

pytestmark = pytest.mark.django_db
BASE = "/api/v1/practice"


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(actor=None, user=user)
    return {"Authorization": f"Bearer {raw}"}


def post(client, user, path, body):
    return client.post(
        BASE + path, data=json.dumps(body), content_type="application/json", headers=bearer(user)
    )


@pytest.fixture
def records(county):
    batch = BatchFactory(organiser=county["organ"], name="第一批", year=2026)
    zhang = CadreFactory(unit=county["town1"], name="张三")
    wang = CadreFactory(unit=county["town2"], name="王五")
    return {
        "batch": batch,
        "zhang": zhang,
        "wang": wang,
        "zhang_assignment": AssignmentFactory(cadre=zhang, batch=batch),
        "wang_assignment": AssignmentFactory(cadre=wang, batch=batch),
    }


def test_the_programmes(client, town1_staff):
    # when
    response = client.get(BASE + "/programmes", headers=bearer(town1_staff))

    # then
    assert response.status_code == 200
    assert [item["code"] for item in response.json()][:2] == [
        "rural_revitalisation",
        "grassroots_governance",
    ]
    assert response.json()[0]["is_front_line"] is True


def test_the_assignment_list_is_scoped_and_bounded(
    client, town1_staff, records, django_assert_max_num_queries
):
    # given
    headers = bearer(town1_staff)

    # when
    with django_assert_max_num_queries(8):
        response = client.get(BASE + "/assignments", headers=headers)

    # then
    assert response.status_code == 200
    assert [item["cadre_name"] for item in response.json()["items"]] == ["张三"]
    assert response.json()["next"] is None


def test_the_assignment_list_pages_with_a_cursor(client, county, county_staff):
    # given
    batch = BatchFactory(organiser=county["organ"], year=2026)
    for day in range(1, 6):
        AssignmentFactory(
            cadre=CadreFactory(unit=county["town1"]),
            batch=batch,
            start=datetime.date(2026, 1, day),
        )
    headers = bearer(county_staff)

    # when
    first = client.get(BASE + "/assignments", {"limit": 3}, headers=headers).json()
    second = client.get(
        BASE + "/assignments", {"limit": 3, "cursor": first["next"]}, headers=headers
    ).json()

    # then
    assert [item["start"] for item in first["items"]] == ["2026-01-05", "2026-01-04", "2026-01-03"]
    assert [item["start"] for item in second["items"]] == ["2026-01-02", "2026-01-01"]
    assert second["next"] is None


def test_bad_list_parameters_are_named_at_once(client, county_staff, records):
    # when
    response = client.get(
        BASE + "/assignments",
        {"status": "flying", "year": "x", "cursor": "abc", "colour": "red"},
        headers=bearer(county_staff),
    )

    # then
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [
        "colour",
        "year",
        "status",
        "cursor",
    ]


def test_another_townships_assignment_and_batch_answer_404(client, county, town2_staff, records):
    # given
    headers = bearer(town2_staff)
    town1_batch = BatchFactory(organiser=county["town1"])

    # when
    assignment = client.get(f"{BASE}/assignments/{records['zhang_assignment'].pk}", headers=headers)
    batch = client.get(f"{BASE}/batches/{town1_batch.pk}", headers=headers)
    transition = post(
        client,
        town2_staff,
        f"/assignments/{records['zhang_assignment'].pk}/transition",
        {"action": "complete"},
    )

    # then
    assert (assignment.status_code, batch.status_code, transition.status_code) == (404, 404, 404)
    assert Assignment.objects.get(pk=records["zhang_assignment"].pk).status == "serving"


def test_create_a_batch(client, county, county_staff):
    # when
    response = post(
        client,
        county_staff,
        "/batches",
        {
            "programme": programme("secondment").pk,
            "name": "第八批",
            "year": 2026,
            "organiser": county["organ"].pk,
        },
    )

    # then
    assert response.status_code == 201
    assert response.json()["programme_name"] == "异地岗位锻炼"
    assert Batch.objects.get().name == "第八批"


def test_create_an_assignment_with_its_event(client, county, county_staff, records):
    # given
    li = CadreFactory(unit=county["village1"], name="李四")

    # when
    response = post(
        client,
        county_staff,
        "/assignments",
        {
            "cadre": li.pk,
            "batch": records["batch"].pk,
            "host_unit": county["village2"].pk,
            "mentor_name": "黄书记",
            "start": "2026-03-01",
            "planned_end": "2026-08-31",
        },
    )

    # then
    assert response.status_code == 201
    body = response.json()
    assert (body["cadre_name"], body["host"], body["mentor"], body["status"]) == (
        "李四",
        "二村",
        "黄书记",
        "planned",
    )
    assert [(e["from_status"], e["to_status"]) for e in body["events"]] == [("", "planned")]


def test_bad_assignment_input_names_every_field_and_writes_nothing(
    client, county, town1_staff, records
):
    # given
    before = Assignment.objects.count()

    # when
    response = post(
        client,
        town1_staff,
        "/assignments",
        {
            "cadre": records["wang"].pk,
            "batch": records["batch"].pk,
            "start": "2026-09-01",
            "planned_end": "2026-02-30",
            "colour": "red",
        },
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "colour", "message": "未知字段。"},
        {"field": "cadre", "message": "该干部不存在或不在您的管理范围内。"},
        {"field": "batch", "message": "该批次不存在或不在您的管理范围内。"},
        {"field": "planned_end", "message": "请输入日期，如 2026-03-01。"},
        {"field": "host_unit", "message": "请选择接收单位，或填写外地接收单位名称。"},
    ]
    assert Assignment.objects.count() == before
    assert not AuditEvent.objects.filter(object_type="practice.assignment").exists()


def test_an_overlapping_assignment_answers_422(client, county_staff, records):
    # when
    response = post(
        client,
        county_staff,
        "/assignments",
        {
            "cadre": records["zhang"].pk,
            "batch": records["batch"].pk,
            "host_name": "斗门区",
            "start": "2026-05-01",
            "planned_end": "2026-10-31",
        },
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cadre"
    assert Assignment.objects.count() == 2


def test_transition_and_evaluate_through_the_api(client, county_staff, records):
    # given
    path = f"/assignments/{records['zhang_assignment'].pk}"

    # when
    evaluated = post(
        client,
        county_staff,
        path + "/evaluations",
        {"stage": "mid_term", "grade": "good", "evaluator": "干部股", "date": "2026-05-01"},
    )
    moved = post(
        client,
        county_staff,
        path + "/transition",
        {"action": "complete", "date": "2026-08-31", "outcome": "excellent"},
    )

    # then
    assert evaluated.status_code == 201
    assert evaluated.json()["grade_label"] == "良好"
    assert moved.status_code == 200
    assert (moved.json()["status"], moved.json()["actual_end"], moved.json()["outcome"]) == (
        "completed",
        "2026-08-31",
        "excellent",
    )
    assert Evaluation.objects.count() == 1


def test_an_illegal_transition_answers_422_and_writes_nothing(client, county_staff, records):
    # when
    response = post(
        client,
        county_staff,
        f"/assignments/{records['zhang_assignment'].pk}/transition",
        {"action": "start", "outcome": "great"},
    )

    # then
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["outcome", "action"]
    assert Assignment.objects.get(pk=records["zhang_assignment"].pk).status == "serving"
    assert AssignmentEvent.objects.count() == 0


def test_a_leader_cannot_write(client, leader, records):
    # when
    response = post(
        client,
        leader,
        f"/assignments/{records['zhang_assignment'].pk}/transition",
        {"action": "complete", "outcome": "qualified"},
    )

    # then
    assert response.status_code == 403
    assert Assignment.objects.get(pk=records["zhang_assignment"].pk).status == "serving"


def test_the_figures(client, town1_staff, records):
    # given
    Assignment.objects.filter(pk=records["wang_assignment"].pk).update(
        status=AssignmentStatus.COMPLETED
    )

    # when
    response = client.get(BASE + "/figures", headers=bearer(town1_staff))

    # then
    body = response.json()
    assert (body["person_times"], body["cadres"], body["front_line_cadres"]) == (1, 1, 1)
    assert body["by_batch"] == [
        {
            "key": records["batch"].pk,
            "label": "2026 乡村振兴一线 第一批",
            "person_times": 1,
            "cadres": 1,
        }
    ]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/transition", {}),
        ("/transition", {"action": 5, "date": 20260301}),
        ("/evaluations", {}),
        ("/evaluations", {"stage": "final", "grade": None, "date": "x", "evaluator": 1}),
    ],
)
def test_empty_or_mistyped_bodies_answer_422(client, county_staff, records, path, body):
    # when
    response = post(
        client, county_staff, f"/assignments/{records['zhang_assignment'].pk}{path}", body
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"]
    assert Assignment.objects.get(pk=records["zhang_assignment"].pk).status == "serving"
    assert Evaluation.objects.count() == 0


def test_a_body_that_is_not_json_answers_400(client, county_staff, records):
    # when
    response = client.post(
        BASE + "/assignments",
        data="{",
        content_type="application/json",
        headers=bearer(county_staff),
    )

    # then
    assert response.status_code == 400


def test_the_ending_soon_list(client, county, county_staff):
    # given
    today = timezone.localdate()
    batch = BatchFactory(organiser=county["organ"], year=today.year)
    for name, days in (("张三", 10), ("李四", 45), ("王五", 2)):
        AssignmentFactory(
            cadre=CadreFactory(unit=county["town1"], name=name),
            batch=batch,
            start=today - datetime.timedelta(days=90),
            planned_end=today + datetime.timedelta(days=days),
        )

    # when
    response = client.get(BASE + "/assignments", {"ending_soon": "1"}, headers=bearer(county_staff))

    # then
    assert [item["cadre_name"] for item in response.json()["items"]] == ["王五", "张三"]

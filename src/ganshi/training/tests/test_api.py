"""API on training: lists with cursors, create with every bad field at once, scope (404),
enrolment, the register, QR sign-in, hours, compliance, figures."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from ganshi.accounts.services import api_token_create
from ganshi.audit.models import AuditEvent
from ganshi.training.models import Attendance, Enrolment, Session, TrainingClass
from ganshi.training.services import signin_token
from ganshi.training.tests.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/training"


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(actor=None, user=user)
    return {"Authorization": f"Bearer {raw}"}


def post(client, user, path, body):
    return client.post(
        BASE + path, data=json.dumps(body), content_type="application/json", headers=bearer(user)
    )


def get(client, user, path, **params):
    return client.get(BASE + path, params, headers=bearer(user))


def test_class_list_pages_with_a_cursor_and_is_scoped(
    client, county, town1_staff, town2_staff, django_assert_max_num_queries
):
    # given
    for day in range(1, 4):
        TrainingClassFactory(
            organiser=county["town1"],
            start_date=datetime.date(2026, 3, day),
            end_date=datetime.date(2026, 3, day),
        )
    headers = bearer(town1_staff)
    # when
    with django_assert_max_num_queries(16):
        first = client.get(f"{BASE}/classes", {"limit": 2}, headers=headers)
    second = client.get(
        f"{BASE}/classes", {"limit": 2, "cursor": first.json()["next"]}, headers=headers
    )
    neighbour = get(client, town2_staff, "/classes")
    # then
    assert [item["start_date"] for item in first.json()["items"]] == ["2026-03-03", "2026-03-02"]
    assert [item["start_date"] for item in second.json()["items"]] == ["2026-03-01"]
    assert second.json()["next"] is None
    assert neighbour.json() == {"items": [], "next": None}


def test_class_list_names_every_bad_parameter(client, town1_staff):
    # when
    response = get(client, town1_staff, "/classes", kind="nope", year="20x", limit="0", cursor="@@")
    # then
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [
        "kind",
        "year",
        "limit",
        "cursor",
    ]


def test_class_detail_outside_scope_is_404(client, town2_staff, town1_class):
    # when
    response = get(client, town2_staff, f"/classes/{town1_class.pk}")
    # then
    assert response.status_code == 404


def test_class_create_with_every_bad_field_at_once_writes_nothing(client, county, town1_staff):
    # when
    response = post(
        client,
        town1_staff,
        "/classes",
        {
            "title": "",
            "kind": "karaoke",
            "organiser": county["town2"].pk,
            "start_date": "2026-05-10",
            "end_date": "2026-13-01",
            "capacity": "many",
            "colour": "red",
        },
    )
    # then
    assert response.status_code == 422
    fields = sorted(error["field"] for error in response.json()["errors"])
    assert fields == ["capacity", "colour", "end_date", "kind", "organiser", "title"]
    assert TrainingClass.objects.count() == 0
    assert AuditEvent.objects.filter(object_type="training.trainingclass").count() == 0


def test_class_create_and_a_session(client, county, town1_staff):
    # when
    created = post(
        client,
        town1_staff,
        "/classes",
        {
            "title": "振兴专班第3期",
            "kind": "revitalisation",
            "organiser": county["town1"].pk,
            "start_date": "2026-05-10",
            "end_date": "2026-05-12",
            "is_full_time": True,
            "capacity": 30,
            "sub_venues": ["一村分会场"],
        },
    )
    class_id = created.json()["id"]
    session = post(
        client,
        town1_staff,
        f"/classes/{class_id}/sessions",
        {
            "title": "产业振兴",
            "date": "2026-05-10",
            "start_time": "09:00",
            "end_time": "10:30",
            "credit_hours": "2",
        },
    )
    bad_session = post(
        client,
        town1_staff,
        f"/classes/{class_id}/sessions",
        {
            "title": "人才振兴",
            "date": "2026-05-20",
            "start_time": "09:00",
            "end_time": "10:30",
            "credit_hours": 5,
        },
    )
    # then
    assert created.status_code == 201
    assert created.json()["sub_venues"] == ["一村分会场"]
    assert session.status_code == 201
    assert session.json()["credit_hours"] == "2.0"
    assert bad_session.status_code == 422
    assert sorted(e["field"] for e in bad_session.json()["errors"]) == ["credit_hours", "date"]
    assert Session.objects.count() == 1


def test_enrol_by_hand_with_the_waiting_list_and_withdraw(
    client, town1_staff, town1_class, town1_cadres
):
    # when
    response = post(
        client,
        town1_staff,
        f"/classes/{town1_class.pk}/enrolments",
        {"cadres": [c.pk for c in town1_cadres]},
    )
    first = response.json()["enrolled"][0]["id"]
    withdrawn = post(client, town1_staff, f"/enrolments/{first}/withdraw", {"reason": "request"})
    listing = get(client, town1_staff, f"/classes/{town1_class.pk}/enrolments", status="enrolled")
    # then
    assert response.status_code == 201
    assert [e["cadre_name"] for e in response.json()["waiting"]] == ["王五"]
    assert withdrawn.json()["status"] == "withdrawn"
    assert sorted(e["cadre_name"] for e in listing.json()["items"]) == ["李四", "王五"]


def test_enrol_past_capacity_refused_without_a_waiting_list(
    client, town1_staff, town1_class, town1_cadres
):
    # when
    response = post(
        client,
        town1_staff,
        f"/classes/{town1_class.pk}/enrolments",
        {"cadres": [c.pk for c in town1_cadres], "waiting_list": False},
    )
    # then
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cadres"
    assert Enrolment.objects.count() == 0


def test_enrol_by_bad_criteria_writes_nothing(client, county, town1_staff, town1_cadres):
    # given
    training_class = TrainingClassFactory(organiser=county["town1"])
    # when
    response = post(
        client,
        town1_staff,
        f"/classes/{training_class.pk}/enrolments",
        {"criteria": {"unit": county["town1"].pk, "age_band": "young", "rank": "x"}},
    )
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "criteria.rank", "message": "请填写整数。"},
        {"field": None, "message": "您范围内没有符合这些条件的干部。"},
    ]
    assert Enrolment.objects.count() == 0


def test_enrol_by_criteria(client, county, town1_staff, town1_cadres):
    # given
    training_class = TrainingClassFactory(organiser=county["town1"])
    # when
    response = post(
        client,
        town1_staff,
        f"/classes/{training_class.pk}/enrolments",
        {"criteria": {"unit": county["town1"].pk}},
    )
    # then
    assert response.status_code == 201
    assert sorted(e["cadre_name"] for e in response.json()["enrolled"]) == ["张三", "李四", "王五"]


def test_register_and_hours_through_the_api(client, town1_staff, town1_class, town1_cadres):
    # given
    session = SessionFactory(training_class=town1_class, credit_hours=Decimal(4))
    zhang = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[0])
    # when
    saved = post(
        client,
        town1_staff,
        f"/sessions/{session.pk}/attendance",
        {"marks": [{"enrolment": zhang.pk, "status": "present"}]},
    )
    hours = get(client, town1_staff, f"/cadres/{town1_cadres[0].pk}/hours", year=2026)
    # then
    assert saved.json()[0]["status"] == "present"
    assert hours.json()["hours_year"] == "4.0"
    assert hours.json()["shortfall"] == "86.0"
    assert hours.json()["by_kind"] == [{"kind": "主体班", "hours": "4.0", "sessions": 1}]


def test_register_bad_marks_are_named(client, town1_staff, town1_class, town1_cadres):
    # given
    session = SessionFactory(training_class=town1_class)
    zhang = EnrolmentFactory(training_class=town1_class, cadre=town1_cadres[0])
    # when
    response = post(
        client,
        town1_staff,
        f"/sessions/{session.pk}/attendance",
        {
            "marks": [
                {"enrolment": zhang.pk, "status": "late"},
                {"enrolment": "x", "status": "present"},
            ]
        },
    )
    # then
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [
        "marks.0.status",
        "marks.1.enrolment",
    ]
    assert Attendance.objects.count() == 0


def test_sign_in_by_qr_token_once(client, cadre_user, town1_class):
    # given
    today = timezone.localdate()
    town1_class.start_date = town1_class.end_date = today
    town1_class.save()
    session = SessionFactory(
        training_class=town1_class,
        date=today,
        start_time=datetime.time(0, 0),
        end_time=datetime.time(23, 59, 59),
    )
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    token = signin_token(session)
    # when
    first = post(client, cadre_user, f"/sessions/{session.pk}/sign-in", {"token": token})
    second = post(client, cadre_user, f"/sessions/{session.pk}/sign-in", {"token": token})
    mine = get(client, cadre_user, "/me/hours", year=today.year)
    # then
    assert first.status_code == 201
    assert first.json()["method"] == "qr"
    assert second.status_code == 422
    assert Attendance.objects.count() == 1
    assert mine.json()["hours_year"] == "4.0"


def test_compliance_and_figures_scope(
    client, town2_staff, county_staff, small_year, django_assert_max_num_queries
):
    # when
    with django_assert_max_num_queries(16):
        compliance = get(client, town2_staff, "/compliance", year=2026)
    figures = get(client, county_staff, "/figures", year=2026)
    bad = get(client, county_staff, "/compliance", level="mayor", behind="yes")
    # then
    assert [c["name"] for c in compliance.json()["items"]] == ["王五"]
    assert compliance.json()["behind"] == 1
    assert (
        figures.json()["classes"],
        figures.json()["person_times"],
        figures.json()["people"],
    ) == (
        3,
        3,
        2,
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["level", "behind"]


def test_cadre_self_cannot_read_compliance(client, cadre_user):
    # when
    response = get(client, cadre_user, "/compliance")
    # then
    assert response.status_code == 403


def test_leave_request_and_decision(client, town1_staff, town2_staff, cadre_user, town1_class):
    # given
    day = timezone.localdate() + datetime.timedelta(days=3)
    town1_class.start_date = town1_class.end_date = day
    town1_class.save()
    session = SessionFactory(training_class=town1_class, date=day)
    EnrolmentFactory(training_class=town1_class, cadre=cadre_user.cadre)
    # when
    asked = post(client, cadre_user, f"/sessions/{session.pk}/leave-requests", {"reason": "开会"})
    path = f"/leave-requests/{asked.json()['id']}/decision"
    foreign = post(client, town2_staff, path, {"approve": True})
    bad = post(client, town1_staff, path, {"approve": "yes"})
    decided = post(client, town1_staff, path, {"approve": False, "comment": "不批准"})
    # then
    assert asked.status_code == 201
    assert foreign.status_code == 404
    assert [e["field"] for e in bad.json()["errors"]] == ["approve"]
    assert decided.json()["status"] == "refused"

"""The supervision API: the SMS gateway, cases with the pages' access rules."""

from __future__ import annotations

import json

import pytest

from ganshi.accounts.services import api_token_create
from ganshi.audit.models import AuditEvent
from ganshi.supervision.choices import CaseStatus, Channel, OfficeRole
from ganshi.supervision.models import Report, ReportEvent, ReportMessage
from ganshi.supervision.services import receipt_hash
from ganshi.supervision.tests.factories import ReportFactory, office_member

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, user, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json", **bearer(user))


@pytest.fixture
def gateway(db):
    return office_member("sms_gateway", OfficeRole.GATEWAY, user_role="leader")


def test_the_sms_gateway_files_a_report_with_the_sender_sealed(client, gateway):
    # when
    response = post(
        client,
        gateway,
        "/api/v1/supervision/sms",
        {"sender": "13912345678", "text": "举报某镇干部违规发放补贴"},
    )
    # then
    assert response.status_code == 201
    data = response.json()
    report = Report.objects.get()
    assert data["id"] == report.pk
    assert len(data["receipt_code"]) == 16
    assert report.receipt_hash == receipt_hash(data["receipt_code"])
    assert (report.channel, report.content, report.reporter_contact, report.is_anonymous) == (
        Channel.SMS,
        "举报某镇干部违规发放补贴",
        "13912345678",
        False,
    )


def test_the_sms_endpoint_refuses_others_and_bad_bodies(client, gateway, supervisor):
    # when
    forbidden = post(client, supervisor, "/api/v1/supervision/sms", {"sender": "1", "text": "x"})
    anonymous = client.post("/api/v1/supervision/sms", data="{}", content_type="application/json")
    bad = post(client, gateway, "/api/v1/supervision/sms", {"sender": "", "text": 5, "x": 1})
    # then
    assert (forbidden.status_code, anonymous.status_code, bad.status_code) == (403, 401, 422)
    assert bad.json() == {
        "errors": [
            {"field": "x", "message": "未知字段。"},
            {"field": "text", "message": "请填写文本。"},
            {"field": "sender", "message": "请提供发送人号码（不超过 40 个字符）。"},
        ]
    }
    assert Report.objects.count() == 0


def test_cases_list_pages_and_scope(client, handler, other_handler, supervisor):
    # given
    mine = [ReportFactory(handlers=[handler]) for _index in range(3)]
    ReportFactory(handlers=[other_handler])
    # when
    first = client.get("/api/v1/supervision/cases?limit=2", **bearer(handler))
    second = client.get(
        f"/api/v1/supervision/cases?limit=2&cursor={first.json()['next']}", **bearer(handler)
    )
    everything = client.get("/api/v1/supervision/cases", **bearer(supervisor))
    # then
    assert [item["id"] for item in first.json()["items"]] == [mine[2].pk, mine[1].pk]
    assert [item["id"] for item in second.json()["items"]] == [mine[0].pk]
    assert second.json()["next"] is None
    assert len(everything.json()["items"]) == 4


def test_cases_list_names_every_bad_parameter(client, handler):
    # when
    response = client.get(
        "/api/v1/supervision/cases?status=x&channel=y&overdue=maybe&limit=0&colour=red",
        **bearer(handler),
    )
    # then
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["colour"]


def test_cases_list_names_every_bad_filter(client, handler):
    # when
    response = client.get(
        "/api/v1/supervision/cases?status=x&channel=y&overdue=maybe&limit=0", **bearer(handler)
    )
    # then
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [
        "status",
        "channel",
        "overdue",
        "limit",
    ]


def test_a_case_outside_access_is_404_and_not_audited(client, handler, other_handler):
    # given
    report = ReportFactory(handlers=[handler])
    events = AuditEvent.objects.count()
    # when
    response = client.get(f"/api/v1/supervision/cases/{report.pk}", **bearer(other_handler))
    move = post(
        client,
        other_handler,
        f"/api/v1/supervision/cases/{report.pk}/transitions",
        {"action": "accept"},
    )
    # then
    assert (response.status_code, move.status_code) == (404, 404)
    assert AuditEvent.objects.count() == events + 2  # the two tokens created, nothing else


def test_a_case_read_is_audited_and_holds_no_identity(client, handler):
    # given
    report = ReportFactory(
        handlers=[handler], is_anonymous=False, reporter_name="王五", reporter_contact="139"
    )
    # when
    response = client.get(f"/api/v1/supervision/cases/{report.pk}", **bearer(handler))
    # then
    assert response.status_code == 200
    data = response.json()
    assert data["has_sealed_identity"] is True
    assert "王五" not in response.content.decode()
    assert (
        AuditEvent.objects.filter(
            object_type="supervision.report", object_id=str(report.pk), action="read_sensitive"
        ).count()
        == 1
    )


def test_transitions_through_the_api(client, supervisor, handler):
    # given
    report = ReportFactory()
    path = f"/api/v1/supervision/cases/{report.pk}/transitions"
    # when
    accepted = post(client, supervisor, path, {"action": "accept"})
    started = post(
        client,
        supervisor,
        path,
        {"action": "start_check", "handlers": [handler.pk], "deadline": "2099-01-31"},
    )
    talk = post(client, handler, path, {"action": "talk", "comment": "函询本人"})
    # then
    assert [accepted.status_code, started.status_code, talk.status_code] == [200, 200, 200]
    assert talk.json()["status"] == CaseStatus.TALK_OR_LETTER
    assert talk.json()["handlers"] == ["jw_handler"]


def test_an_illegal_move_through_the_api_is_422_and_writes_nothing(client, supervisor):
    # given
    report = ReportFactory(status=CaseStatus.CONCLUDED)
    # when
    response = post(
        client,
        supervisor,
        f"/api/v1/supervision/cases/{report.pk}/transitions",
        {"action": "accept", "colour": 1},
    )
    # then
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["colour"]
    assert ReportEvent.objects.count() == 0
    # when: only the move is wrong
    response = post(
        client,
        supervisor,
        f"/api/v1/supervision/cases/{report.pk}/transitions",
        {"action": "accept"},
    )
    # then
    assert response.json() == {
        "errors": [{"field": "action", "message": "处于“办结”状态的案件不能转为“受理”。"}]
    }
    report.refresh_from_db()
    assert (report.status, ReportEvent.objects.count()) == (CaseStatus.CONCLUDED, 0)


def test_a_message_to_the_reporter(client, handler):
    # given
    report = ReportFactory(handlers=[handler])
    # when
    response = post(
        client, handler, f"/api/v1/supervision/cases/{report.pk}/messages", {"body": "请补充材料"}
    )
    empty = post(client, handler, f"/api/v1/supervision/cases/{report.pk}/messages", {"body": ""})
    # then
    assert response.status_code == 201
    assert empty.json() == {"errors": [{"field": "body", "message": "请填写留言内容。"}]}
    assert list(ReportMessage.objects.values_list("body", "author")) == [("请补充材料", handler.pk)]


def test_roles_outside_cases_are_refused(client, town1_staff):
    # when
    response = client.get("/api/v1/supervision/cases", **bearer(town1_staff))
    # then
    assert response.status_code == 403

"""The registers in the API: scope, pages, every bad field at once, a cadre's standing."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from ganshi.cadres.tests.factories import CadreFactory
from ganshi.supervision import services
from ganshi.supervision.choices import CaseStatus, PublicityScope, TalkKind
from ganshi.supervision.models import Talk
from ganshi.supervision.tests.factories import ReportFactory
from ganshi.supervision.tests.test_api import bearer, post

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _talk(actor, cadre, kind=TalkKind.REMINDER, held_on=None):
    return services.talk_create(
        actor=actor,
        data={
            "cadre": cadre,
            "kind": kind,
            "held_by": "县纪委副书记",
            "held_on": held_on or TODAY,
            "reason": "提醒",
        },
    )


def test_talks_are_listed_in_scope_and_paged(client, handler, town1_handler, county):
    # given
    inside = CadreFactory(name="韦强", unit=county["town1"])
    outside = CadreFactory(name="陆芳", unit=county["town2"])
    mine = [_talk(handler, inside) for _n in range(3)]
    _talk(handler, outside)
    # when
    first = client.get("/api/v1/supervision/talks?limit=2", **bearer(town1_handler))
    second = client.get(
        f"/api/v1/supervision/talks?limit=2&cursor={first.json()['next']}",
        **bearer(town1_handler),
    )
    # then
    assert [item["id"] for item in first.json()["items"] + second.json()["items"]] == [
        talk.pk for talk in reversed(mine)
    ]
    assert second.json()["next"] is None


def test_a_talk_through_the_api_names_every_bad_field(client, handler, county):
    # when
    response = post(
        client,
        handler,
        "/api/v1/supervision/talks",
        {"kind": "gossip", "cadre": "x", "held_on": "yesterday", "colour": 1},
    )
    # then
    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {"field": "colour", "message": "未知字段。"},
            {"field": "cadre", "message": "请填写整数。"},
            {"field": "held_on", "message": "请按 2026-03-01 的格式填写日期。"},
            {"field": "kind", "message": "请选择谈话类型。"},
            {"field": "held_by", "message": "请填写谈话人。"},
            {"field": "reason", "message": "请填写事由。"},
        ]
    }
    assert Talk.objects.count() == 0


def test_a_talk_through_the_api(client, handler, county):
    # given
    cadre = CadreFactory(name="韦强", unit=county["town1"])
    # when
    response = post(
        client,
        handler,
        "/api/v1/supervision/talks",
        {
            "kind": "heart_to_heart",
            "cadre": cadre.pk,
            "held_by": "乡镇党委书记",
            "held_on": str(TODAY),
            "reason": "新提任谈心",
        },
    )
    # then
    assert response.status_code == 201
    assert response.json()["cadre_name"] == "韦强"
    assert Talk.objects.get().created_by == handler


def test_a_cadres_standing_for_an_appointment_check(client, handler, town1_handler, county):
    # given: an admonition 2 months ago, a letter that stands, a cleared report
    cadre = CadreFactory(name="韦强", unit=county["town1"])
    _talk(handler, cadre, TalkKind.ADMONITION, TODAY - datetime.timedelta(days=60))
    standing = ReportFactory(subject_cadre=cadre, outcome=CaseStatus.TALK_OR_LETTER)
    untrue = ReportFactory(subject_cadre=cadre, outcome=CaseStatus.EXONERATION, handlers=[handler])
    services.exoneration_create(
        actor=handler,
        report=untrue,
        cadre=cadre,
        decision="不属实",
        publicity_scope=PublicityScope.MEETING,
        decided_on=TODAY,
    )
    # when
    response = client.get(f"/api/v1/supervision/cadres/{cadre.pk}/standing", **bearer(handler))
    # then
    data = response.json()
    assert [mark["report"] for mark in data["adverse_marks"]] == [standing.number]
    assert data["cleared_reports"] == [untrue.number]
    assert data["promotion"]["allowed"] is False
    # and the neighbouring township's handler cannot look
    outsider = CadreFactory(name="陆芳", unit=county["town2"])
    assert (
        client.get(
            f"/api/v1/supervision/cadres/{outsider.pk}/standing", **bearer(town1_handler)
        ).status_code
        == 404
    )


def test_register_lists_refuse_other_roles_and_bad_filters(client, handler, town1_staff):
    # when
    refused = client.get("/api/v1/supervision/documents", **bearer(town1_staff))
    bad = client.get(
        "/api/v1/supervision/documents?status=lost&expiring=maybe&limit=900", **bearer(handler)
    )
    # then
    assert refused.status_code == 403
    assert [error["field"] for error in bad.json()["errors"]] == ["limit", "status", "expiring"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/supervision/clearings",
        "/api/v1/supervision/leniency",
        "/api/v1/supervision/talks",
        "/api/v1/supervision/documents",
    ],
)
def test_register_lists_answer_pages(client, handler, path):
    # when
    response = client.get(path, **bearer(handler))
    # then
    assert response.status_code == 200
    assert json.loads(response.content) == {"items": [], "next": None}


def test_fault_tolerance_through_the_api(client, handler, county):
    # given
    from ganshi.supervision.models import LeniencyCase, LeniencyCriterion

    cadre = CadreFactory(name="韦强", unit=county["town1"])
    criterion = LeniencyCriterion.objects.get(code="distinguish_experiment")
    # when
    applied = post(
        client,
        handler,
        "/api/v1/supervision/leniency",
        {
            "cadre": cadre.pk,
            "applicant_kind": "unit",
            "matter": "招商引资先行先试",
            "applied_on": str(TODAY),
        },
    )
    path = f"/api/v1/supervision/leniency/{applied.json()['id']}/transitions"
    early = post(client, handler, path, {"action": "decide", "decision": "exemption"})
    post(client, handler, path, {"action": "investigate"})
    decided = post(
        client,
        handler,
        path,
        {
            "action": "decide",
            "decision": "exemption",
            "findings": "探索性失误",
            "reasons": "符合三个区分开来",
            "decided_on": str(TODAY),
            "criteria_met": [criterion.pk],
            "remains_eligible_for_promotion": True,
        },
    )
    # then
    assert applied.status_code == 201
    assert early.status_code == 422
    assert decided.status_code == 200
    assert decided.json()["decision"] == "exemption"
    assert decided.json()["remains_eligible_for_promotion"] is True
    assert LeniencyCase.objects.get().criteria_met.get() == criterion


def test_fault_tolerance_api_names_every_bad_field(client, handler):
    # when
    response = post(
        client,
        handler,
        "/api/v1/supervision/leniency",
        {"cadre": True, "applied_on": "soon", "extra": 1},
    )
    # then
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [
        "extra",
        "cadre",
        "applied_on",
        "applicant_kind",
        "matter",
    ]


def test_the_loan_cycle_through_the_api(client, handler, supervisor, town1_handler, county):
    # given
    from ganshi.supervision.models import DocumentLoan

    cadre = CadreFactory(name="陆芳", unit=county["town2"])
    document = services.document_register(
        actor=handler,
        data={
            "cadre": cadre,
            "kind": "passport",
            "number": "E99887766",
            "issued_on": TODAY - datetime.timedelta(days=30),
            "expires_on": TODAY + datetime.timedelta(days=3000),
            "deposit": True,
        },
    )
    # when: the neighbouring township's handler cannot reach it
    outside = post(
        client,
        town1_handler,
        f"/api/v1/supervision/documents/{document.pk}/loans",
        {"purpose": "出境", "due_on": str(TODAY)},
    )
    requested = post(
        client,
        handler,
        f"/api/v1/supervision/documents/{document.pk}/loans",
        {"purpose": "赴香港考察", "due_on": str(TODAY + datetime.timedelta(days=5))},
    )
    loan_path = f"/api/v1/supervision/loans/{requested.json()['id']}/transitions"
    approved = post(client, supervisor, loan_path, {"action": "approve"})
    lent = post(client, handler, loan_path, {"action": "lend"})
    again = post(client, handler, loan_path, {"action": "lend"})
    # then
    assert outside.status_code == 404
    assert [requested.status_code, approved.status_code, lent.status_code] == [201, 200, 200]
    assert again.json() == {
        "errors": [{"field": "action", "message": "处于“已借出”状态的借用不能转为“已借出”。"}]
    }
    assert DocumentLoan.objects.get().status == "lent"

"""The register pages: who sees them, scope, bounded queries, forms naming their fields."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ganshi.cadres.tests.factories import CadreFactory
from ganshi.supervision import services
from ganshi.supervision.choices import TalkKind
from ganshi.supervision.models import LeniencyCase, Talk, TravelDocument

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAGES = [
    "/supervision/leniency/",
    "/supervision/talks/",
    "/supervision/documents/",
    "/supervision/documents/review/",
    "/supervision/family/",
    "/supervision/clearing/",
]


@pytest.fixture
def records(handler, county):
    """Five cadres in each township with a talk, a document and a fault-tolerance case."""
    for index in range(10):
        unit = county["town1"] if index % 2 else county["town2"]
        cadre = CadreFactory(name=f"干部{index}", unit=unit, leadership_level="township_deputy")
        services.talk_create(
            actor=handler,
            data={
                "cadre": cadre,
                "kind": TalkKind.REMINDER,
                "held_by": "乡镇党委书记",
                "held_on": TODAY,
                "reason": "提醒",
            },
        )
        services.document_register(
            actor=handler,
            data={
                "cadre": cadre,
                "kind": "passport",
                "number": f"E{index:08d}",
                "issued_on": TODAY - datetime.timedelta(days=30),
                "expires_on": TODAY + datetime.timedelta(days=3000),
                "deposit": index % 3 == 0,
            },
        )
        services.leniency_apply(
            actor=handler,
            data={
                "cadre": cadre,
                "applicant_kind": "cadre",
                "matter": "先行先试",
                "applied_on": TODAY,
            },
        )
        services.family_supervisor_create(
            actor=handler,
            data={
                "cadre": cadre,
                "name": f"家属{index}",
                "relation": "配偶",
                "appointed_on": TODAY,
            },
        )


@pytest.mark.parametrize("path", PAGES)
def test_each_register_page_is_bounded_in_queries(
    client, handler, records, path, django_assert_max_num_queries
):
    # given
    client.force_login(handler)
    # when / then
    with django_assert_max_num_queries(14):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_township_staff_and_leaders_are_refused(client, town1_staff, path):
    # given
    client.force_login(town1_staff)
    # when / then
    assert client.get(path).status_code == 403


def test_the_neighbouring_township_handler_sees_only_their_own(client, town1_handler, records):
    # given
    client.force_login(town1_handler)
    outside = Talk.objects.filter(cadre__unit__name="二镇").first()
    outside_document = TravelDocument.objects.filter(cadre__unit__name="二镇").first()
    outside_case = LeniencyCase.objects.filter(cadre__unit__name="二镇").first()
    # when
    talks = client.get("/supervision/talks/").context["page"].items
    documents = client.get("/supervision/documents/").context["page"].items
    # then
    assert {talk.cadre.unit.name for talk in talks} == {"一镇"}
    assert {document.cadre.unit.name for document in documents} == {"一镇"}
    assert client.get(f"/supervision/talks/{outside.pk}/").status_code == 404
    assert client.get(f"/supervision/documents/{outside_document.pk}/").status_code == 404
    assert client.get(f"/supervision/leniency/{outside_case.pk}/").status_code == 404


def test_the_talk_form_names_every_bad_field_and_saves_nothing(client, handler):
    # given
    client.force_login(handler)
    # when
    response = client.post("/supervision/talks/new/", {"cadre": "999999", "kind": ""})
    # then
    body = response.content.decode()
    for message in (
        "该干部不存在或不在您的管理范围内。",
        "请选择谈话类型。",
        "请填写谈话人。",
        "请填写事由。",
    ):
        assert message in body
    assert Talk.objects.count() == 0


def test_a_talk_through_the_form(client, handler, county):
    # given
    cadre = CadreFactory(name="韦强", unit=county["town1"])
    client.force_login(handler)
    # when
    response = client.post(
        "/supervision/talks/new/",
        {
            "cadre": str(cadre.pk),
            "kind": "admonition",
            "held_by": "县纪委书记",
            "held_on": str(TODAY),
            "reason": "履职不力",
        },
    )
    # then
    talk = Talk.objects.get()
    assert response.status_code == 302
    assert (talk.cadre, talk.kind, talk.created_by) == (cadre, "admonition", handler)
    page = client.get(f"/supervision/talks/{talk.pk}/").content.decode()
    assert "受到诫勉的，6个月内不得提拔或者重用" in page


def test_the_loan_cycle_through_the_pages(client, handler, supervisor, county):
    # given
    cadre = CadreFactory(name="韦强", unit=county["town1"])
    document = services.document_register(
        actor=handler,
        data={
            "cadre": cadre,
            "kind": "hk_macao",
            "number": "C12345678",
            "issued_on": TODAY - datetime.timedelta(days=30),
            "expires_on": TODAY + datetime.timedelta(days=3000),
            "deposit": True,
        },
    )
    client.force_login(handler)
    # when
    client.post(
        f"/supervision/documents/{document.pk}/",
        {"purpose": "赴澳门招商", "due_on": str(TODAY + datetime.timedelta(days=7))},
    )
    loan = document.loans.get()
    client.force_login(supervisor)
    client.post(f"/supervision/documents/{document.pk}/loans/{loan.pk}/", {"action": "approve"})
    client.post(f"/supervision/documents/{document.pk}/loans/{loan.pk}/", {"action": "lend"})
    # then
    loan.refresh_from_db()
    document.refresh_from_db()
    assert (loan.status, document.status) == ("lent", "on_loan")


def test_a_cadre_is_found_by_name_in_scope_or_asked_for_by_number(client, town1_handler, county):
    # given: one 韦强 in 一镇, two 黄丽 in 一镇, a 陆芳 only in 二镇
    weiqiang = CadreFactory(name="韦强", unit=county["town1"])
    CadreFactory(name="黄丽", unit=county["town1"])
    CadreFactory(name="黄丽", unit=county["town1"])
    CadreFactory(name="陆芳", unit=county["town2"])
    client.force_login(town1_handler)
    data = {"kind": "reminder", "held_by": "镇党委书记", "held_on": str(TODAY), "reason": "提醒"}
    # when
    ambiguous = client.post("/supervision/talks/new/", {**data, "cadre": "黄丽"})
    outside = client.post("/supervision/talks/new/", {**data, "cadre": "陆芳"})
    found = client.post("/supervision/talks/new/", {**data, "cadre": "韦强"})
    # then
    assert "您管理范围内有多名同名干部，请填写干部库编号。" in ambiguous.content.decode()
    assert "该干部不存在或不在您的管理范围内。" in outside.content.decode()
    assert found.status_code == 302
    assert list(Talk.objects.values_list("cadre_id", flat=True)) == [weiqiang.pk]

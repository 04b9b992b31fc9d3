"""The figures page: counts from the records, links to them, export, who may see it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ganshi.audit.models import AuditEvent
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.supervision.choices import CaseStatus, Channel, DocumentStatus, LeniencyStatus
from ganshi.supervision.models import LeniencyCase, TravelDocument
from ganshi.supervision.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def records(supervisor, handler, county):
    ReportFactory(channel=Channel.WEB, received_on=TODAY - datetime.timedelta(days=5))
    ReportFactory(channel=Channel.WEB, received_on=TODAY - datetime.timedelta(days=40))
    ReportFactory(
        channel=Channel.PHONE,
        status=CaseStatus.CONCLUDED,
        outcome=CaseStatus.EXONERATION,
        handlers=[handler],
    )
    town1 = CadreFactory(name="韦强", unit=county["town1"])
    town2 = CadreFactory(name="陆芳", unit=county["town2"])
    for cadre, decision in ((town1, "exemption"), (town2, "lighter")):
        LeniencyCase.objects.create(
            cadre=cadre,
            applicant_kind="cadre",
            matter="先行先试",
            applied_on=TODAY,
            status=LeniencyStatus.DECIDED,
            decision=decision,
            decided_on=TODAY,
            cleared_for_commendation=True,
            created_by=handler,
        )
    for index, (cadre, status) in enumerate(
        ((town1, DocumentStatus.IN_CUSTODY), (town2, DocumentStatus.ON_LOAN))
    ):
        TravelDocument.objects.create(
            cadre=cadre,
            kind="passport",
            number=f"E{index}",
            number_hash=f"h{index}",
            issued_on=TODAY,
            expires_on=TODAY + datetime.timedelta(days=3650),
            status=status,
        )


def _rows(response, key):
    table = next(t for t in response.context["figures"].tables if t.key == key)
    return {row.label: (row.count, row.href) for row in table.rows if row.count}


def test_the_supervisor_sees_every_case_counted_and_linked(
    client, supervisor, records, django_assert_max_num_queries
):
    # given
    client.force_login(supervisor)
    # when
    with django_assert_max_num_queries(25):
        response = client.get("/supervision/figures/")
    # then
    assert response.status_code == 200
    assert _rows(response, "channel") == {
        "网络举报": (2, "/supervision/?channel=web"),
        "12380电话": (1, "/supervision/?channel=phone"),
    }
    assert _rows(response, "outcome") == {"澄清正名": (1, "/supervision/?outcome=exoneration")}
    assert _rows(response, "age") == {
        "0–30": (1, "/supervision/?age=0-30"),
        "31–90": (1, "/supervision/?age=31-90"),
    }
    assert _rows(response, "leniency") == {
        "免责": (1, "/supervision/leniency/?decision=exemption&status=decided"),
        "从轻": (1, "/supervision/leniency/?decision=lighter&status=decided"),
    }
    headline = {item.label: item.value for item in response.context["figures"].headline}
    assert headline["干部免责人数"] == 1
    assert headline["评优评先免责通关"] == 2
    assert headline["集中保管的证件"] == 1
    assert headline["借出的证件"] == 1
    # and the link leads to those records
    listed = client.get("/supervision/?age=31-90").context["page"].items
    assert len(listed) == 1


def test_a_handler_counts_only_their_cases_and_scope(client, town1_handler, records):
    # given
    client.force_login(town1_handler)
    # when
    response = client.get("/supervision/figures/")
    # then
    assert _rows(response, "channel") == {}
    assert _rows(response, "leniency") == {
        "免责": (1, "/supervision/leniency/?decision=exemption&status=decided"),
    }


def test_the_export_is_a_workbook_and_audited(client, supervisor, records):
    # given
    client.force_login(supervisor)
    # when
    response = client.get("/supervision/figures/export.xlsx")
    # then
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "概况"
    sheet = workbook["举报来源渠道"]
    assert [row for row in sheet.iter_rows(min_row=3, max_row=4, values_only=True)] == [
        ("来信", 0, 0.0),
        ("来访", 0, 0.0),
    ]
    assert (
        AuditEvent.objects.filter(action="export", object_type="supervision.figures").count() == 1
    )


@pytest.mark.parametrize("who", ["town1_staff", "leader", "auditor"])
def test_the_figures_are_closed_to_others(client, request, who):
    # given
    client.force_login(request.getfixturevalue(who))
    # when / then
    assert client.get("/supervision/figures/").status_code == 403
    assert client.get("/supervision/figures/export.xlsx").status_code == 403

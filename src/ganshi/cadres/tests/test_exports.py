"""The roster export: columns, masking by role, the audit event, scope, the row cap."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.choices import Gender, Rank
from ganshi.cadres.exports import ROSTER_HEADERS, mask_address, mask_phone, write_roster
from ganshi.cadres.selectors import today_month
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import LeadershipLevel

EXPORT = reverse("cadres:export")


def workbook_rows(response) -> list[list]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def zhangsan(county):
    return CadreFactory(
        unit=county["town1"],
        name="张三",
        gender=Gender.FEMALE,
        birth=YearMonth(1985, 3),
        ethnicity="08",
        native_place="广西示范",
        birthplace="广西南宁",
        political_status="01",
        party_entry=YearMonth(2006, 6),
        work_start=YearMonth(2007, 7),
        fulltime_education="21",
        fulltime_degree="4",
        fulltime_school="广西大学农学专业",
        inservice_education="14",
        inservice_degree="3",
        inservice_school="中央党校经济学",
        current_post="一镇党委副书记",
        rank=Rank.FOURTH_PRINCIPAL_STAFF,
        leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
        phone="13812345678",
    )


def expected_row(cadre, *, id_number: str, phone: str) -> list:
    return [
        1, "张三", "女", "1985.03", YearMonth(1985, 3).years_until(today_month()), "壮族",
        "广西示范", "广西南宁", id_number, "中共党员", "2006.06", "2007.07", "大学本科", "学士",
        "广西大学农学专业", "硕士研究生", "硕士", "中央党校经济学", "一镇", "一镇党委副书记",
        "四级主任科员", "乡科级副职", phone,
    ]  # fmt: skip


def test_leader_gets_a_masked_roster_and_an_export_event(client, leader, zhangsan):
    # given
    client.force_login(leader)
    # when
    response = client.get(EXPORT)
    # then
    assert response.status_code == 200
    rows = workbook_rows(response)
    assert rows[0] == list(ROSTER_HEADERS)
    masked_id = zhangsan.id_number[:4] + "*" * 10 + zhangsan.id_number[-4:]
    assert rows[1] == expected_row(zhangsan, id_number=masked_id, phone="138****5678")
    assert len(rows) == 2
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.EXPORT
    assert event.actor == leader
    assert event.object_type == "cadres.cadre"
    assert event.after == {"rows": 1, "sensitive": False, "filters": {}}


def test_county_staff_gets_clear_values_and_one_sensitive_export_event(
    client, county_staff, zhangsan
):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(EXPORT, {"q": "zs", "gender": "female"})
    # then
    rows = workbook_rows(response)
    assert rows[1] == expected_row(zhangsan, id_number=zhangsan.id_number, phone="13812345678")
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.EXPORT
    assert event.after == {
        "rows": 1,
        "sensitive": True,
        "filters": {"q": "zs", "gender": "female"},
    }


def test_export_is_an_xlsx_attachment_with_a_chinese_filename(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(EXPORT)
    # then
    filename = f"干部名册-{timezone.localdate():%Y-%m-%d}.xlsx"
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"filename*=utf-8''{quote(filename)}" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_export_keeps_the_filters_and_the_sort(client, county_staff, county):
    # given
    CadreFactory(unit=county["town1"], name="张三", birth=YearMonth(1980, 1))
    CadreFactory(unit=county["town1"], name="张山", birth=YearMonth(1990, 1))
    CadreFactory(unit=county["town1"], name="李四")
    client.force_login(county_staff)
    # when
    response = client.get(EXPORT, {"q": "zs", "sort": "-birth"})
    # then
    assert [row[1] for row in workbook_rows(response)[1:]] == ["张山", "张三"]


def test_export_respects_scope(client, town2_staff, county, zhangsan):
    # given
    CadreFactory(unit=county["village2"], name="王五")
    client.force_login(town2_staff)
    # when
    response = client.get(EXPORT, {"status": "all"})
    # then
    assert [row[1] for row in workbook_rows(response)[1:]] == ["王五"]
    assert AuditEvent.objects.get().after["rows"] == 1


def test_export_over_the_cap_is_refused_with_a_message(client, county_staff, county, settings):
    # given
    settings.GANSHI_EXPORT_MAX_ROWS = 2
    for _index in range(3):
        CadreFactory(unit=county["town1"])
    client.force_login(county_staff)
    # when
    response = client.get(EXPORT, {"q": ""}, follow=True)
    # then
    assert response.redirect_chain[0][0] == reverse("cadres:list") + "?q="
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert "2" in messages[0]
    assert not AuditEvent.objects.exists()


def test_export_with_invalid_filters_goes_back_to_the_list(client, county_staff, zhangsan):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(EXPORT, {"rank": "77"})
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:list") + "?rank=77"
    assert not AuditEvent.objects.exists()


def test_auditor_cannot_export(client, auditor, zhangsan):
    # given
    client.force_login(auditor)
    # when
    response = client.get(EXPORT)
    # then
    assert response.status_code == 403
    assert not AuditEvent.objects.exists()


def test_export_query_count_does_not_grow_with_rows(
    client, county_staff, county, django_assert_max_num_queries
):
    # given
    for _index in range(40):
        CadreFactory(unit=county["village1"])
    client.force_login(county_staff)
    # when / then
    with django_assert_max_num_queries(16):
        response = client.get(EXPORT)
    assert len(workbook_rows(response)) == 41


def test_text_that_looks_like_a_formula_stays_text(county, db):
    # given
    cadre = CadreFactory(unit=county["town1"], current_post='=HYPERLINK("http://x","y")')
    output = io.BytesIO()
    # when
    write_roster([cadre], masked=True, output=output, at=YearMonth(2026, 1))
    # then
    sheet = load_workbook(io.BytesIO(output.getvalue())).active
    cell = sheet.cell(row=2, column=ROSTER_HEADERS.index("现任职务") + 1)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x","y")'


def test_control_characters_are_dropped_not_an_error(county, db):
    # given
    cadre = CadreFactory(unit=county["town1"], name="张\x07三")
    output = io.BytesIO()
    # when
    count = write_roster([cadre], masked=True, output=output, at=YearMonth(2026, 1))
    # then
    sheet = load_workbook(io.BytesIO(output.getvalue())).active
    assert count == 1
    assert sheet.cell(row=2, column=2).value == "张三"


@pytest.mark.parametrize(
    ("value", "masked"),
    [("13812345678", "138****5678"), ("0771-5551234", "077*****1234"),
     ("5551234", "****234"), ("12345", "*****"), ("", "")],
)  # fmt: skip
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("广西壮族自治区示范县一镇幸福路8号", "广西壮族自治****"), ("一镇", "**"), ("", "")],
)
def test_mask_address(value, masked):
    assert mask_address(value) == masked

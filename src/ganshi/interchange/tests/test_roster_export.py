"""The streamed roster export: standard columns, masking, scope, audit, round trip."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.choices import CadreStatus, Rank
from ganshi.cadres.selectors import CadreFilters
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth
from ganshi.interchange.models import ExportJob, ExportStatus
from ganshi.interchange.roster_export import EXPORT_HEADERS
from ganshi.interchange.services import roster_export_write, roster_import_run


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def export(actor, filters=None, **summary):
    output = io.BytesIO()
    count = roster_export_write(
        actor=actor, filters=filters or CadreFilters(), output=output, filter_summary=summary
    )
    output.seek(0)
    return count, [list(row) for row in load_workbook(output).active.iter_rows(values_only=True)]


@pytest.fixture
def cadres(county):
    return [
        CadreFactory(
            name="张三", unit=county["town1"], phone="13812345678", home_address="广西藤县藤州镇某路1号",
            political_status="01", party_entry=YearMonth(2008, 7), fulltime_education="21",
            fulltime_degree="4", rank=Rank.FIRST_STAFF, current_post="党政办科员",
        ),
        CadreFactory(name="李四", unit=county["village2"], rank=Rank.NONE),
        CadreFactory(name="王五", unit=county["town2"], status=CadreStatus.RETIRED),
    ]  # fmt: skip


def test_the_export_writes_the_standard_columns(county, county_staff, cadres):
    # when
    count, rows = export(county_staff)
    # then
    assert count == 2
    assert rows[0] == list(EXPORT_HEADERS)
    assert len(EXPORT_HEADERS) == 28
    zhang = rows[2]
    assert [row[1] for row in rows[1:]] == ["李四", "张三"]
    assert dict(zip(EXPORT_HEADERS, zhang, strict=True)) | {"年龄": None} == {
        "序号": 2, "姓名": "张三", "性别": "男", "出生年月": "1985.03", "年龄": None,
        "民族": "汉族", "籍贯": None, "出生地": None, "身份证号": cadres[0].id_number,
        "政治面貌": "中共党员", "入党时间": "2008.07", "参加工作时间": "2007.07",
        "全日制学历": "大学本科", "全日制学位": "学士", "全日制毕业院校系及专业": None,
        "在职学历": None, "在职学位": None, "在职毕业院校系及专业": None, "工作单位": "一镇",
        "现任职务": "党政办科员", "职级": "一级科员", "领导职务层次": None, "专业技术职务": None,
        "健康状况": "健康", "人员类别": "公务员", "联系电话": "13812345678",
        "家庭住址": "广西藤县藤州镇某路1号", "备注": None,
    }  # fmt: skip


def test_a_role_without_sensitive_access_gets_masked_values(county, leader, cadres):
    # when
    _count, rows = export(leader)
    # then
    zhang = dict(zip(EXPORT_HEADERS, rows[2], strict=True))
    assert zhang["身份证号"] == cadres[0].id_number[:4] + "*" * 10 + cadres[0].id_number[-4:]
    assert (zhang["联系电话"], zhang["家庭住址"]) == ("138****5678", "广西藤县藤州****")


def test_the_export_keeps_to_scope_and_filters(county, town1_staff, county_staff, cadres):
    # when
    _count, town_rows = export(town1_staff)
    _count, retired = export(county_staff, CadreFilters(status=CadreStatus.RETIRED))
    # then
    assert [row[1] for row in town_rows[1:]] == ["张三"]
    assert [row[1] for row in retired[1:]] == ["王五"]


def test_every_export_is_audited(county, leader, cadres):
    # when
    export(leader, CadreFilters(q="zs"), q="zs")
    # then
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_name, event.object_type) == (
        AuditAction.EXPORT,
        "leader",
        "cadres.cadre",
    )
    assert event.after == {"rows": 1, "sensitive": False, "filters": {"q": "zs"}, "format": "xlsx"}


def test_an_auditor_cannot_export(county, auditor, cadres):
    # when
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        export(auditor)
    # then
    assert raised.value.messages == ["Your role cannot read the registry."]
    assert AuditEvent.objects.count() == 0


def test_an_export_imported_again_changes_nothing(county, county_staff, cadres, tmp_path):
    # given
    output = tmp_path / "export.xlsx"
    roster_export_write(
        actor=county_staff, filters=CadreFilters(), output=output, filter_summary={}
    )
    events = AuditEvent.objects.count()
    results = []
    # when
    summary = roster_import_run(
        actor=county_staff, path=output, kind="xlsx", write=True, on_rows=results.extend
    )
    # then
    assert [(result.status, result.errors) for result in results] == [
        ("unchanged", []),
        ("unchanged", []),
    ]
    assert (summary.unchanged, summary.ignored_columns) == (2, [])
    assert AuditEvent.objects.count() == events


def test_a_masked_export_imported_again_changes_nothing(
    county, leader, county_staff, cadres, tmp_path
):
    # given: masked ID numbers match by name, birth and unit instead
    output = tmp_path / "export.xlsx"
    roster_export_write(actor=leader, filters=CadreFilters(), output=output, filter_summary={})
    results = []
    # when
    roster_import_run(actor=county_staff, path=output, kind="xlsx", on_rows=results.extend)
    # then
    assert [(result.status, result.errors) for result in results] == [
        ("unchanged", []),
        ("unchanged", []),
    ]


def test_the_export_streams_in_chunks(county, county_staff, django_assert_max_num_queries):
    # given
    for index in range(30):
        CadreFactory(name=f"人{index}", unit=county["town1"])
    # when
    with django_assert_max_num_queries(8):  # the cadres, then the audit event
        count, _rows = export(county_staff)
    # then
    assert count == 30


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_long_list_is_exported_in_the_background(client, county, county_staff, cadres, settings):
    # given
    settings.TASKS = IMMEDIATE
    settings.GANSHI_EXPORT_SYNC_ROWS = 1
    client.force_login(county_staff)
    # when
    response = client.get("/interchange/roster/export/?status=all&sort=pinyin")
    # then
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/interchange/roster/exports/{job.pk}/"
    assert (job.status, job.row_count, job.parameters) == (
        ExportStatus.DONE,
        3,
        {"status": "all", "sort": "pinyin"},
    )
    assert not job.file.open("rb").read().startswith(b"PK")  # stored encrypted
    page = client.get(response["Location"]).content.decode()
    assert 'id="export-download"' in page
    download = client.get(f"/interchange/roster/exports/{job.pk}/file/")
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["李四", "王五", "张三"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.after["rows"] == 3


def test_a_long_export_belongs_to_its_user(
    client, county, county_staff, town1_staff, cadres, settings
):
    # given
    settings.TASKS = IMMEDIATE
    settings.GANSHI_EXPORT_SYNC_ROWS = 1
    client.force_login(county_staff)
    client.get("/interchange/roster/export/")
    job = ExportJob.objects.get()
    client.force_login(town1_staff)
    # when
    responses = [
        client.get(f"/interchange/roster/exports/{job.pk}/"),
        client.get(f"/interchange/roster/exports/{job.pk}/file/"),
        client.get(f"/interchange/roster/exports/{job.pk}/progress/"),
    ]
    # then
    assert [response.status_code for response in responses] == [404, 404, 404]


def test_the_api_answers_a_long_export_with_a_job(client, county, county_staff, cadres, settings):
    # given
    from ganshi.accounts.services import api_token_create

    settings.TASKS = IMMEDIATE
    settings.GANSHI_EXPORT_SYNC_ROWS = 1
    _token, raw = api_token_create(actor=None, user=county_staff)
    headers = {"Authorization": f"Bearer {raw}"}
    # when
    response = client.get("/api/v1/interchange/roster/export", headers=headers)
    # then
    body = response.json()
    assert response.status_code == 202
    assert (body["status"], body["rows"], body["running"]) == ("done", 2, False)
    assert body["file"] == f"/api/v1/interchange/roster/exports/{body['id']}/file"
    again = client.get(f"/api/v1/interchange/roster/exports/{body['id']}", headers=headers)
    assert again.json()["status"] == "done"
    download = client.get(body["file"], headers=headers)
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["李四", "张三"]


def test_a_short_list_is_exported_at_once(client, county, county_staff, cadres):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/interchange/roster/export/?gender=male")
    # then
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert [row[1] for row in rows[1:]] == ["李四", "张三"]
    assert ExportJob.objects.count() == 0


def test_a_bad_filter_is_a_clear_page(client, county, county_staff):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/interchange/roster/export/?gender=other")
    # then
    assert response.status_code == 400
    assert (
        "Select a valid choice. other is not one of the available choices."
        in response.content.decode()
    )
    assert AuditEvent.objects.count() == 0


def test_text_that_looks_like_a_formula_stays_text(county, county_staff, tmp_path):
    # given
    CadreFactory(name="张三", unit=county["town1"], current_post='=HYPERLINK("http://x","y")',
                 notes="第一行\n第二行\x01")  # fmt: skip
    output = tmp_path / "export.xlsx"
    # when
    roster_export_write(
        actor=county_staff, filters=CadreFilters(), output=output, filter_summary={}
    )
    # then
    sheet = load_workbook(output).active
    post, notes = sheet.cell(row=2, column=20), sheet.cell(row=2, column=28)
    assert (post.value, post.data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert notes.value == "第一行\n第二行"

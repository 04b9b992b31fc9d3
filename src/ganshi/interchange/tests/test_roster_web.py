"""The roster import pages: upload → preview → error report → apply, as background tasks."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.models import Cadre
from ganshi.interchange.models import ImportBatch, ImportMode, ImportRow, ImportStatus
from ganshi.interchange.tests.roster_files import HEADER, person, roster

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks_in_english(settings):
    settings.TASKS = IMMEDIATE
    settings.LANGUAGE_CODE = "en"


def upload(client, path, **data):
    with open(path, "rb") as handle:
        return client.post(
            "/interchange/roster/import/",
            {"file": SimpleUploadedFile(path.name, handle.read()), **data},
        )


def bad_roster(tmp_path):
    return roster(
        tmp_path / "花名册.xlsx",
        [
            person("张三", sequence=1),
            person("李四", sequence=2, 性别="不详"),
            person("王五", sequence=3, 出生年月="1985.13"),
        ],
        title="一镇干部花名册",
    )


def test_the_upload_page_is_for_editors(client, county, leader):
    # given
    client.force_login(leader)
    # when
    response = client.get("/interchange/roster/import/")
    # then
    assert response.status_code == 403


def test_a_refused_file_answers_the_form_and_stores_nothing(client, county, county_staff, tmp_path):
    # given
    client.force_login(county_staff)
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    # when
    response = upload(client, path)
    # then
    assert response.status_code == 400
    assert "The file is named .xlsx but is an image." in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_upload_previews_every_row_and_writes_nothing(client, county, county_staff, tmp_path):
    # given
    client.force_login(county_staff)
    # when
    response = upload(client, bad_roster(tmp_path))
    # then
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/interchange/roster/imports/{batch.pk}/"
    assert (batch.status, batch.total_rows, batch.new_count, batch.error_count) == (
        ImportStatus.PREVIEWED,
        3,
        1,
        2,
    )
    assert list(
        ImportRow.objects.order_by("position").values_list("position", "status", "messages")
    ) == [
        (3, "new", []),
        (4, "error", [{"column": "性别", "message": "“不详” is not a gender; write 男 or 女."}]),
        (5, "error", [{"column": "出生年月", "message": "The month 13 does not exist."}]),
    ]
    assert Cadre.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "“不详” is not a gender; write 男 or 女." in page
    assert 'id="apply-form"' in page


def test_the_error_report_holds_the_original_rows_and_their_reasons(
    client, county, county_staff, tmp_path
):
    # given
    client.force_login(county_staff)
    upload(client, bad_roster(tmp_path))
    batch = ImportBatch.objects.get()
    # when
    response = client.get(f"/interchange/roster/imports/{batch.pk}/error-report/")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (
        "filename*=UTF-8''%E8%8A%B1%E5%90%8D%E5%86%8C-%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A.xlsx"
        in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        [*HEADER, "原行号", "错误原因"],
        [*[value if value != "" else None for value in person("李四", sequence=2, 性别="不详")], 4,
         "性别：“不详” is not a gender; write 男 or 女."],
        [*[value if value != "" else None for value in person("王五", sequence=3, 出生年月="1985.13")], 5,
         "出生年月：The month 13 does not exist."],
    ]  # fmt: skip


def test_apply_imports_the_valid_rows_and_returns_the_others(
    client, county, county_staff, tmp_path
):
    # given
    client.force_login(county_staff)
    upload(client, bad_roster(tmp_path))
    batch = ImportBatch.objects.get()
    # when
    response = client.post(
        f"/interchange/roster/imports/{batch.pk}/apply/", {"mode": ImportMode.VALID_ROWS}
    )
    # then
    batch.refresh_from_db()
    assert response.status_code == 302
    assert (batch.status, batch.created_count, batch.error_count) == (ImportStatus.APPLIED, 1, 2)
    assert list(Cadre.objects.values_list("name", flat=True)) == ["张三"]
    assert bool(batch.error_report)
    event = AuditEvent.objects.get(action=AuditAction.SYSTEM)
    assert (event.object_type, event.object_id) == ("interchange.importbatch", str(batch.pk))
    assert ImportRow.objects.get(position=3).cadre == Cadre.objects.get()
    page = client.get(f"/interchange/roster/imports/{batch.pk}/").content.decode()
    assert "Imported: 1 cadres created, 0 updated, 0 unchanged; 2 rows not imported." in page


def test_all_or_nothing_imports_nothing_and_says_why(client, county, county_staff, tmp_path):
    # given
    client.force_login(county_staff)
    upload(client, bad_roster(tmp_path))
    batch = ImportBatch.objects.get()
    # when
    client.post(
        f"/interchange/roster/imports/{batch.pk}/apply/", {"mode": ImportMode.ALL_OR_NOTHING}
    )
    # then
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == (ImportStatus.APPLIED, 0)
    assert batch.message.startswith("Nothing was imported: 2 rows have errors")
    assert Cadre.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert ImportRow.objects.get(position=3).cadre_id is None


def test_a_batch_is_applied_once(client, county, county_staff, tmp_path):
    # given
    client.force_login(county_staff)
    upload(client, bad_roster(tmp_path))
    batch = ImportBatch.objects.get()
    client.post(f"/interchange/roster/imports/{batch.pk}/apply/", {"mode": ImportMode.VALID_ROWS})
    # when
    response = client.post(
        f"/interchange/roster/imports/{batch.pk}/apply/",
        {"mode": ImportMode.VALID_ROWS},
        follow=True,
    )
    # then
    assert "This file cannot be imported now: it is “Imported”." in response.content.decode()
    assert Cadre.objects.count() == 1


def test_another_users_batch_is_not_found(client, county, county_staff, town1_staff, tmp_path):
    # given
    client.force_login(county_staff)
    upload(client, bad_roster(tmp_path))
    batch = ImportBatch.objects.get()
    client.force_login(town1_staff)
    # when
    responses = [
        client.get(f"/interchange/roster/imports/{batch.pk}/"),
        client.get(f"/interchange/roster/imports/{batch.pk}/error-report/"),
        client.get(f"/interchange/roster/imports/{batch.pk}/progress/"),
        client.post(
            f"/interchange/roster/imports/{batch.pk}/apply/", {"mode": ImportMode.VALID_ROWS}
        ),
    ]
    # then
    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED
    assert Cadre.objects.count() == 0


def test_the_progress_endpoint_reloads_the_page_when_done(client, county, county_staff, tmp_path):
    # given
    client.force_login(county_staff)
    upload(client, bad_roster(tmp_path))
    batch = ImportBatch.objects.get()
    # when
    response = client.get(f"/interchange/roster/imports/{batch.pk}/progress/")
    # then
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"


def test_a_running_batch_shows_a_polling_progress_bar(
    client, county, county_staff, tmp_path, settings
):
    # given: no worker runs the queued preview
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(county_staff)
    upload(client, bad_roster(tmp_path))
    batch = ImportBatch.objects.get()
    # when
    page = client.get(f"/interchange/roster/imports/{batch.pk}/").content.decode()
    progress = client.get(f"/interchange/roster/imports/{batch.pk}/progress/")
    # then
    assert batch.status == ImportStatus.UPLOADED
    assert f'hx-get="/interchange/roster/imports/{batch.pk}/progress/"' in page
    assert "HX-Refresh" not in progress
    assert 'hx-trigger="every 1s"' in progress.content.decode()


def test_the_unit_for_every_row_must_be_in_scope(client, county, town1_staff, tmp_path):
    # given
    client.force_login(town1_staff)
    # when
    response = upload(client, bad_roster(tmp_path), unit=county["town2"].pk)
    # then
    assert response.status_code == 400
    assert ImportBatch.objects.count() == 0


def test_a_township_previews_other_units_as_errors(client, county, town1_staff, tmp_path):
    # given
    client.force_login(town1_staff)
    path = roster(
        tmp_path / "r.xlsx", [person("甲", sequence=1), person("乙", sequence=2, 工作单位="二镇")]
    )
    # when
    upload(client, path)
    # then
    assert list(ImportRow.objects.order_by("position").values_list("status", "messages")) == [
        ("new", []),
        (
            "error",
            [
                {
                    "column": "工作单位",
                    "message": "The unit “二镇” does not exist or is outside your scope.",
                }
            ],
        ),
    ]


def test_the_stored_upload_and_report_are_encrypted(client, county, county_staff, tmp_path):
    # given
    client.force_login(county_staff)
    path = bad_roster(tmp_path)
    # when
    upload(client, path)
    # then
    batch = ImportBatch.objects.get()
    stored = batch.upload.open("rb").read()
    assert stored != path.read_bytes()
    assert not stored.startswith(b"PK")
    assert not batch.error_report.open("rb").read().startswith(b"PK")
    assert batch.original_name == "花名册.xlsx"
    assert "花名册" not in batch.upload.name


def test_a_batch_no_worker_takes_up_is_marked_failed(
    client, county, county_staff, tmp_path, settings
):
    # given: no worker, and no progress for longer than the stall limit
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.GANSHI_IMPORT_STALL_SECONDS = 0
    client.force_login(county_staff)
    upload(client, bad_roster(tmp_path))
    batch = ImportBatch.objects.get()
    # when
    page = client.get(f"/interchange/roster/imports/{batch.pk}/").content.decode()
    # then
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.message.startswith("No task worker took this file up")
    assert 'id="batch-message"' in page

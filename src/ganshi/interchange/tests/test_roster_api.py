"""The roster API: upload → preview → apply → error report, export and template."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from ganshi.accounts.services import api_token_create
from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.models import Cadre
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.interchange.models import ImportBatch, ImportStatus
from ganshi.interchange.tests.roster_files import person, roster

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
BASE = "/api/v1/interchange/roster"


@pytest.fixture(autouse=True)
def _immediate_tasks_in_english(settings):
    settings.TASKS = IMMEDIATE
    settings.LANGUAGE_CODE = "en"


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(actor=None, user=user)
    return {"Authorization": f"Bearer {raw}"}


def content(response) -> io.BytesIO:
    if response.streaming:
        return io.BytesIO(b"".join(response.streaming_content))
    return io.BytesIO(response.content)


def upload(client, user, path, **data):
    with open(path, "rb") as handle:
        return client.post(f"{BASE}/imports", {"file": handle, **data}, headers=bearer(user))


def two_rows(tmp_path):
    return roster(
        tmp_path / "r.xlsx", [person("张三", sequence=1), person("李四", sequence=2, 民族="火星")]
    )


def test_upload_answers_the_previewed_batch(client, county, county_staff, tmp_path):
    # when
    response = upload(client, county_staff, two_rows(tmp_path))
    # then
    body = response.json()
    assert response.status_code == 201
    assert (body["status"], body["running"], body["file_name"]) == ("previewed", False, "r.xlsx")
    assert body["counts"] == {
        "rows": 2, "new": 1, "update": 0, "unchanged": 0, "error": 1, "created": 0, "updated": 0
    }  # fmt: skip
    assert body["error_report"] == f"{BASE}/imports/{body['id']}/error-report"
    assert body["progress"]["percent"] == 100
    assert Cadre.objects.count() == 0


def test_the_rows_say_every_reason(client, county, county_staff, tmp_path):
    # given
    batch_id = upload(client, county_staff, two_rows(tmp_path)).json()["id"]
    # when
    response = client.get(
        f"{BASE}/imports/{batch_id}/rows?status=error", headers=bearer(county_staff)
    )
    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "row": 3,
                "status": "error",
                "name": "李四",
                "unit": "一镇",
                "errors": [
                    {
                        "column": "民族",
                        "message": "“火星” is not one of the 56 ethnic groups; write e.g. 汉族 or 壮族.",
                    }
                ],
                "changes": [],
                "cadre_id": None,
            }
        ],
        "total": 1,
        "offset": 0,
        "limit": 100,
    }


def test_bad_row_parameters_are_named(client, county, county_staff, tmp_path):
    # given
    batch_id = upload(client, county_staff, two_rows(tmp_path)).json()["id"]
    # when
    response = client.get(
        f"{BASE}/imports/{batch_id}/rows?status=odd&limit=0&colour=red",
        headers=bearer(county_staff),
    )
    # then
    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": "colour", "message": "Unknown parameter."}]}


def test_apply_imports_and_answers_the_task(client, county, county_staff, tmp_path):
    # given
    batch_id = upload(client, county_staff, two_rows(tmp_path)).json()["id"]
    # when
    response = client.post(
        f"{BASE}/imports/{batch_id}/apply",
        data=json.dumps({"mode": "valid-rows"}),
        content_type="application/json",
        headers=bearer(county_staff),
    )
    # then
    body = response.json()
    assert response.status_code == 202
    assert (body["status"], body["counts"]["created"], bool(body["task_id"])) == (
        "applied",
        1,
        True,
    )
    assert list(Cadre.objects.values_list("name", flat=True)) == ["张三"]


def test_apply_refuses_an_unknown_mode(client, county, county_staff, tmp_path):
    # given
    batch_id = upload(client, county_staff, two_rows(tmp_path)).json()["id"]
    # when
    response = client.post(
        f"{BASE}/imports/{batch_id}/apply",
        data=json.dumps({"mode": "some"}),
        content_type="application/json",
        headers=bearer(county_staff),
    )
    # then
    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"field": "mode", "message": "Choose one of: valid-rows, all-or-nothing."}]
    }
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED


def test_the_error_report_downloads(client, county, county_staff, tmp_path):
    # given
    batch_id = upload(client, county_staff, two_rows(tmp_path)).json()["id"]
    # when
    response = client.get(f"{BASE}/imports/{batch_id}/error-report", headers=bearer(county_staff))
    # then
    sheet = load_workbook(content(response)).active
    assert response.status_code == 200
    assert [row[-2:] for row in sheet.iter_rows(values_only=True)] == [
        ("原行号", "错误原因"),
        (3, "民族：“火星” is not one of the 56 ethnic groups; write e.g. 汉族 or 壮族."),
    ]


def test_a_refused_file_is_a_422_naming_the_file(client, county, county_staff, tmp_path):
    # given
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    # when
    response = upload(client, county_staff, path)
    # then
    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"field": "file", "message": "The file is named .xlsx but is an image."}]
    }
    assert ImportBatch.objects.count() == 0


def test_a_unit_outside_scope_is_not_found(client, county, town1_staff, tmp_path):
    # when
    response = upload(client, town1_staff, two_rows(tmp_path), unit=county["town2"].pk)
    # then
    assert response.status_code == 404
    assert ImportBatch.objects.count() == 0


def test_another_users_batch_is_not_found(client, county, county_staff, town1_staff, tmp_path):
    # given
    batch_id = upload(client, county_staff, two_rows(tmp_path)).json()["id"]
    # when
    responses = [
        client.get(f"{BASE}/imports/{batch_id}", headers=bearer(town1_staff)),
        client.get(f"{BASE}/imports/{batch_id}/rows", headers=bearer(town1_staff)),
        client.get(f"{BASE}/imports/{batch_id}/error-report", headers=bearer(town1_staff)),
        client.post(
            f"{BASE}/imports/{batch_id}/apply",
            data="{}",
            content_type="application/json",
            headers=bearer(town1_staff),
        ),
    ]
    # then
    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    assert Cadre.objects.count() == 0


def test_a_leader_may_not_import_but_may_export(client, county, leader, tmp_path):
    # when
    imported = upload(client, leader, two_rows(tmp_path))
    exported = client.get(f"{BASE}/export", headers=bearer(leader))
    # then
    assert imported.status_code == 403
    assert exported.status_code == 200


def test_anonymous_requests_are_refused(client, county):
    # when
    response = client.get(f"{BASE}/imports")
    # then
    assert response.status_code == 401


def test_export_keeps_to_scope_masks_and_is_audited(client, county, leader, town1_staff):
    # given
    CadreFactory(name="一镇人", unit=county["town1"], phone="13812345678")
    CadreFactory(name="二镇人", unit=county["town2"])
    # when
    town = client.get(f"{BASE}/export?sort=pinyin", headers=bearer(town1_staff))
    county_wide = client.get(f"{BASE}/export", headers=bearer(leader))
    # then
    town_rows = list(load_workbook(content(town)).active.iter_rows(values_only=True))
    county_rows = list(load_workbook(content(county_wide)).active.iter_rows(values_only=True))
    assert [row[1] for row in town_rows[1:]] == ["一镇人"]
    assert town_rows[1][25] == "13812345678"
    assert sorted(row[1] for row in county_rows[1:]) == ["一镇人", "二镇人"]
    assert "13812345678" not in [row[25] for row in county_rows[1:]]
    assert "138****5678" in [row[25] for row in county_rows[1:]]
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("id")
    assert [(event.actor_name, event.after) for event in events] == [
        ("town1", {"rows": 1, "sensitive": True, "filters": {"sort": "pinyin"}, "format": "xlsx"}),
        ("leader", {"rows": 2, "sensitive": False, "filters": {}, "format": "xlsx"}),
    ]


def test_export_refuses_an_unknown_filter(client, county, leader):
    # when
    response = client.get(f"{BASE}/export?gender=other&colour=red", headers=bearer(leader))
    # then
    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": "colour", "message": "Unknown parameter."}]}
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 0


def test_the_template_downloads(client, county, leader):
    # when
    response = client.get(f"{BASE}/template", headers=bearer(leader))
    # then
    workbook = load_workbook(content(response))
    assert response.status_code == 200
    assert workbook.sheetnames == ["干部花名册", "代码表"]

"""The web pages, the API and the commands for 任免审批表 files: same scope, same messages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ganshi.accounts.services import api_token_create
from ganshi.audit.models import AuditEvent
from ganshi.cadres.models import Cadre
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.cli import _underscored
from ganshi.interchange.lrmx import read_lrmx
from ganshi.interchange.lrmx_import import staging_root

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else (FIXTURES / name).read_bytes())


def state() -> tuple[int, int]:
    return Cadre.objects.count(), AuditEvent.objects.count()


# --- web -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_upload_preview_apply(client, county, county_staff):
    # given
    client.force_login(county_staff)

    # when
    response = client.post(
        reverse("interchange:lrmx_import"),
        {
            "files": [upload("zhang_san.lrmx"), upload("wang_wu.lrm"), upload("wang_wu.pic")],
            "unit": county["town1"].pk,
        },
    )
    preview = client.get(response["Location"])
    before = state()
    applied = client.post(reverse("interchange:lrmx_apply", args=[preview.context["token"]]))

    # then
    assert response.status_code == 302
    assert preview.status_code == 200
    assert preview.context["counts"] == {"new": 2, "update": 0, "unchanged": 0, "error": 0}
    assert before[0] == 0
    assert applied.status_code == 200
    assert applied.context["applied"] is True
    assert sorted(Cadre.objects.values_list("name", flat=True)) == ["张三", "王五"]
    assert not (staging_root() / preview.context["token"]).exists()


@pytest.mark.django_db
def test_preview_lists_errors_by_file(client, county, county_staff):
    # given
    client.force_login(county_staff)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "x")
        zipped.writestr("wrong.lrmx", "<Workbook/>")

    # when
    response = client.post(
        reverse("interchange:lrmx_import"), {"files": [upload("batch.zip", archive.getvalue())]}
    )
    preview = client.get(response["Location"])

    # then
    results = {r.name: r.status for r in preview.context["report"].results}
    assert results == {"batch.zip/readme.txt": "error", "batch.zip/wrong.lrmx": "error"}
    assert "&lt;Workbook&gt;" in preview.content.decode()
    assert "lrmx-apply" not in preview.content.decode()


@pytest.mark.django_db
def test_upload_form_refuses_a_unit_out_of_scope(client, county, town2_staff):
    # given
    client.force_login(town2_staff)
    before = state()

    # when
    response = client.post(
        reverse("interchange:lrmx_import"),
        {"files": [upload("zhang_san.lrmx")], "unit": county["town1"].pk},
    )

    # then
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert state() == before


@pytest.mark.django_db
def test_another_users_staged_upload_is_not_found(client, county, county_staff, town1_staff):
    # given
    client.force_login(county_staff)
    response = client.post(
        reverse("interchange:lrmx_import"), {"files": [upload("zhang_san.lrmx")]}
    )
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]

    # when
    client.force_login(town1_staff)
    preview = client.get(reverse("interchange:lrmx_preview", args=[token]))
    apply = client.post(reverse("interchange:lrmx_apply", args=[token]))

    # then
    assert (preview.status_code, apply.status_code) == (404, 404)
    assert Cadre.objects.count() == 0


@pytest.mark.django_db
def test_a_leader_cannot_import(client, leader):
    client.force_login(leader)
    assert client.get(reverse("interchange:lrmx_import")).status_code == 403


@pytest.mark.django_db
def test_export_one_and_many(client, county, county_staff):
    # given
    client.force_login(county_staff)
    first = CadreFactory(name="张三", unit=county["town1"])
    second = CadreFactory(name="李四", unit=county["town2"])
    url = reverse("interchange:lrmx_export")

    # when
    one = client.get(url, {"cadre": first.pk})
    many = client.get(f"{url}?cadre={first.pk}&cadre={second.pk}")

    # then
    assert one.status_code == 200
    assert one["Content-Disposition"] == "attachment; filename*=utf-8''%E5%BC%A0%E4%B8%89.lrmx"
    assert read_lrmx(one.content).get("XingMing") == "张三"
    assert many["Content-Type"] == "application/zip"
    assert AuditEvent.objects.filter(action="export").count() == 2


@pytest.mark.django_db
def test_export_outside_scope_is_404_and_bad_ids_are_400(client, county, town2_staff):
    # given
    client.force_login(town2_staff)
    cadre = CadreFactory(name="张三", unit=county["town1"])
    url = reverse("interchange:lrmx_export")

    # when
    outside = client.get(url, {"cadre": cadre.pk})
    bad = client.get(url, {"cadre": "abc"})

    # then
    assert outside.status_code == 404
    assert bad.status_code == 400
    assert "abc" in bad.content.decode()
    assert AuditEvent.objects.filter(action="export").count() == 0


@pytest.mark.django_db
def test_print_form_pdf_and_docx(client, county, county_staff):
    # given
    client.force_login(county_staff)
    cadre = CadreFactory(name="张三", unit=county["town1"])
    url = reverse("interchange:print_form")

    # when
    pdf = client.get(url, {"cadre": cadre.pk, "format": "pdf"})
    docx = client.get(url, {"cadre": cadre.pk, "format": "docx", "at": "2025-06-20"})
    bad = client.get(url, {"cadre": cadre.pk, "format": "odt"})
    bad_date = client.get(url, {"cadre": cadre.pk, "at": "2025-13-01"})

    # then
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")
    assert docx.status_code == 200
    assert docx.content.startswith(b"PK")
    assert (bad.status_code, bad_date.status_code) == (400, 400)


# --- API -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_upload_preview_apply_with_a_token(client, county, county_staff):
    # given
    _token, raw = api_token_create(actor=None, user=county_staff)
    headers = {"Authorization": f"Bearer {raw}"}

    # when
    preview = client.post(
        "/api/v1/lrmx/imports",
        {"files": [upload("zhang_san.lrmx")], "unit": county["town1"].pk},
        headers=headers,
    )
    token = preview.json()["token"]
    again = client.get(f"/api/v1/lrmx/imports/{token}", headers=headers)
    before = Cadre.objects.count()
    applied = client.post(f"/api/v1/lrmx/imports/{token}/apply", headers=headers)
    gone = client.post(f"/api/v1/lrmx/imports/{token}/apply", headers=headers)

    # then
    assert preview.status_code == 200
    body = preview.json()
    assert body["applied"] is False
    assert body["counts"] == {"new": 1, "update": 0, "unchanged": 0, "error": 0}
    assert body["files"][0]["cadre_name"] == "张三"
    assert again.json()["counts"] == body["counts"]
    assert before == 0
    assert applied.json()["applied"] is True
    assert Cadre.objects.get().name == "张三"
    assert gone.status_code == 404


@pytest.mark.django_db
def test_api_scope_and_messages(client, county, town2_staff):
    # given
    client.force_login(town2_staff)
    cadre = CadreFactory(name="张三", unit=county["town1"])

    # when
    into_other = client.post(
        "/api/v1/lrmx/imports",
        {"files": [upload("zhang_san.lrmx")], "unit": county["town1"].pk},
    )
    export = client.get("/api/v1/lrmx/export", {"cadre": cadre.pk})
    printed = client.get("/api/v1/lrmx/print", {"cadre": cadre.pk, "format": "pdf"})
    bad = client.get("/api/v1/lrmx/print", {"cadre": cadre.pk, "format": "odt"})
    unknown = client.get("/api/v1/lrmx/export", {"cadre": cadre.pk, "cadres": 1})

    # then
    assert (into_other.status_code, export.status_code, printed.status_code) == (404, 404, 404)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "format"
    assert unknown.status_code == 422
    assert Cadre.objects.count() == 1
    assert AuditEvent.objects.filter(action="export").count() == 0


@pytest.mark.django_db
def test_api_export_and_print(client, county, county_staff):
    # given
    client.force_login(county_staff)
    cadre = CadreFactory(name="张三", unit=county["town1"])

    # when
    export = client.get("/api/v1/lrmx/export", {"cadre": cadre.pk})
    printed = client.get("/api/v1/lrmx/print", {"cadre": cadre.pk, "format": "docx"})

    # then
    assert read_lrmx(export.content).get("XingMing") == "张三"
    assert printed.status_code == 200
    assert printed.content.startswith(b"PK")


# --- commands --------------------------------------------------------------------------


def test_dashed_command_names_run_the_underscored_commands():
    assert _underscored(["import-lrmx", "a.lrmx"]) == ["import_lrmx", "a.lrmx"]
    assert _underscored(["help", "export-lrmx"]) == ["help", "export_lrmx"]
    assert _underscored(["no-such-command"]) == ["no-such-command"]
    assert _underscored(["migrate", "--run-syncdb"]) == ["migrate", "--run-syncdb"]


@pytest.mark.django_db
def test_import_command_dry_run_then_apply(county, county_staff, capsys):
    # given
    path = str(FIXTURES / "zhang_san.lrmx")

    # when
    call_command("import_lrmx", path, "--dry-run", "--unit", "T100", "--user", "zzb")
    after_dry_run = Cadre.objects.count()
    call_command("import_lrmx", path, "--unit", "T100", "--user", "zzb")
    call_command("import_lrmx", path, "--user", "zzb")

    # then
    output = capsys.readouterr().out
    assert after_dry_run == 0
    assert "would import: 1 new" in output
    assert "imported: 1 new" in output
    assert "imported: 0 new, 0 updated, 1 unchanged, 0 with errors" in output
    assert Cadre.objects.get().unit == county["town1"]


@pytest.mark.django_db
def test_import_command_reports_errors_and_refuses_other_units(county, town2_staff, tmp_path):
    # given
    bad = tmp_path / "bad.lrmx"
    bad.write_bytes(b"<Workbook/>")

    # when / then
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_lrmx", str(bad), "--user", "town2")
    with pytest.raises(CommandError, match="T100"):
        call_command(
            "import_lrmx", str(FIXTURES / "zhang_san.lrmx"), "--unit", "T100", "--user", "town2"
        )
    assert Cadre.objects.count() == 0


@pytest.mark.django_db
def test_export_and_print_commands(county, county_staff, town2_staff, tmp_path):
    # given
    cadre = CadreFactory(name="张三", unit=county["town1"])

    # when
    call_command("export_lrmx", "--cadre", str(cadre.pk), "--out", str(tmp_path), "--user", "zzb")
    call_command(
        "print_form",
        "--cadre",
        str(cadre.pk),
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "f.pdf"),
        "--user",
        "zzb",
    )

    # then
    assert read_lrmx((tmp_path / "张三.lrmx").read_bytes()).get("XingMing") == "张三"
    assert (tmp_path / "f.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="scope"):
        call_command(
            "export_lrmx", "--cadre", str(cadre.pk), "--out", str(tmp_path), "--user", "town2"
        )

"""``ganshi import-roster`` and ``ganshi export-roster``."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.cadres.models import Cadre
from ganshi.interchange.tests.roster_files import person, roster


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, "--no-progress", stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), ""


def test_import_roster_imports_and_reports_the_bad_rows(county, county_staff, tmp_path):
    # given
    path = roster(
        tmp_path / "r.xlsx", [person("张三", sequence=1), person("李四", sequence=2, 性别="?")]
    )
    report = tmp_path / "errors.xlsx"
    # when
    out, err, failure = command(
        "import_roster", str(path), "--user", "zzb", "--error-report", str(report)
    )
    # then
    assert "Row 3: 性别：“?” is not a gender; write 男 or 女." in err
    assert "2 rows: 1 new, 0 updates, 0 unchanged, 1 with errors." in out
    assert "Imported: 1 cadres created, 0 updated." in out
    assert failure == "1 rows were not imported."
    assert list(Cadre.objects.values_list("name", flat=True)) == ["张三"]
    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[1][-2:] == (3, "性别：“?” is not a gender; write 男 or 女.")


def test_a_dry_run_writes_nothing(county, county_staff, tmp_path):
    # given
    path = roster(tmp_path / "r.xlsx", [person("张三")])
    # when
    out, _err, failure = command("import_roster", str(path), "--user", "zzb", "--dry-run")
    # then
    assert "1 rows: 1 new" in out
    assert "Dry run: nothing was written." in out
    assert failure == ""
    assert Cadre.objects.count() == 0


def test_import_roster_into_one_unit_all_or_nothing(county, county_staff, tmp_path):
    # given
    path = roster(
        tmp_path / "r.xlsx", [person("张三", sequence=1), person("李四", sequence=2, 民族="?")]
    )
    # when
    out, _err, failure = command(
        "import_roster", str(path), "--user", "zzb", "--unit", "T101", "--mode", "all-or-nothing"
    )
    # then
    assert "Nothing was imported: rows have errors and the mode is all-or-nothing." in out
    assert Cadre.objects.count() == 0


def test_import_roster_refuses_a_unit_outside_scope(county, town1_staff, tmp_path):
    # given
    path = roster(tmp_path / "r.xlsx", [person("张三")])
    # when
    _out, _err, failure = command("import_roster", str(path), "--user", "town1", "--unit", "T200")
    # then
    assert failure == "The unit “T200” does not exist or is outside your scope."


def test_import_roster_needs_a_user_when_there_is_no_single_administrator(county, tmp_path):
    # given
    path = roster(tmp_path / "r.xlsx", [person("张三")])
    # when
    _out, _err, failure = command("import_roster", str(path))
    # then
    assert failure.startswith("name the user to act as with --user USERNAME")


def test_import_roster_refuses_a_wrong_file(county, county_staff, tmp_path):
    # given
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    # when
    _out, _err, failure = command("import_roster", str(path), "--user", "zzb")
    # then
    assert failure == "The file is named .xlsx but is an image."


def test_export_roster_writes_the_filtered_list_and_audits(county, tmp_path):
    # given
    UserFactory(username="admin", role=Role.SYSTEM_ADMIN, scope_unit=county["root"])
    from ganshi.cadres.tests.factories import CadreFactory

    CadreFactory(name="张三", unit=county["town1"])
    CadreFactory(name="李四", unit=county["town2"])
    out_path = tmp_path / "out" / "roster.xlsx"
    # when
    out, _err, failure = command("export_roster", "--out", str(out_path), "--unit", "T100")
    # then
    assert failure == ""
    assert f"1 cadres written to {out_path}." in out
    rows = list(load_workbook(out_path).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["张三"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.after["filters"] == {"unit": "T100", "status": "active"}

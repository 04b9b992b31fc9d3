"""``ganshi backup`` / ``ganshi restore``: backup → change → restore → verify, on a real
database file (SQLite) and on a scratch PostgreSQL database, in child processes."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

import pytest
from django.db import connection

from ganshi.accounts.models import User
from ganshi.core import backup
from ganshi.core.backup import BackupError, Manifest, field_key_fingerprint, restore_backup
from ganshi.core.tests.processes import (
    SEED,
    SEED_IMPORTS,
    copy_template,
    ganshi,
    ganshi_argv,
    process_environment,
    require_postgres_tools,
    scratch_postgres_database,
    shell,
)

# A cadre with an encrypted phone, through the registry's service (audit event included).
ADD_CADRE = """
from ganshi.accounts.models import User
from ganshi.cadres.services import cadre_create
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import Unit
def add_cadre(name, phone):
    return cadre_create(
        actor=User.objects.get(username="zzb"),
        data={"name": name, "gender": "male", "birth": YearMonth(1985, 3),
              "unit": Unit.objects.get(code="T000"), "phone": phone},
    )
"""

INSPECT = """
import json
from ganshi.cadres.models import Cadre
from ganshi.orgs.models import Unit
print(json.dumps({
    "units": sorted(Unit.objects.values_list("code", flat=True)),
    "cadres": sorted([cadre.name, cadre.phone] for cadre in Cadre.objects.all()),
}, ensure_ascii=False))
"""


def inspect(env: dict, before: str = "") -> dict:
    code = "from django.core.management import call_command\n" + before + INSPECT
    return json.loads(shell(code, env=env).strip().splitlines()[-1])


def media_listing(data_dir: Path) -> dict[str, str]:
    root = data_dir / "media"
    return {
        path.relative_to(root).as_posix(): path.read_text()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def write_media(data_dir: Path, name: str, text: str) -> None:
    path = data_dir / "media" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def backup_change_restore(env: dict, data_dir: Path, archive: Path) -> None:
    # given a county with a cadre whose phone is encrypted, and an uploaded photo
    shell(SEED + ADD_CADRE + "add_cadre('张三', '13800000001')", env=env)
    write_media(data_dir, "photos/2025/a.jpg", "photo of 张三")
    # when it is backed up
    result = ganshi("backup", str(archive), env=env)
    # then the archive is complete and the key warning is printed
    assert f"backup written: {archive}" in result.stdout
    assert "the field-encryption key is NOT in this backup" in result.stderr
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    manifest = json.loads(backup.read_manifest(archive).to_json())
    assert "field.key" not in names
    assert "media/photos/2025/a.jpg" in names
    assert manifest["counts"]["cadres_cadre"] == 1
    assert manifest["counts"]["orgs_unit"] == 2
    assert manifest["audit_head"]["last_event_id"] == manifest["counts"]["audit_auditevent"]
    # when the data then changes: a new unit and cadre, a photo replaced
    changed = inspect(
        env,
        SEED_IMPORTS
        + ADD_CADRE
        + "user = User.objects.get(username='zzb')\n"
        + "unit_create(actor=user, parent=Unit.objects.get(code='T000'), name='二镇', "
        + "code='T200', kind=UnitKind.TOWNSHIP)\n"
        + "add_cadre('李四', '13800000002')\n",
    )
    (data_dir / "media" / "photos/2025/a.jpg").unlink()
    write_media(data_dir, "photos/2025/b.jpg", "photo of 李四")
    assert changed["units"] == ["T000", "T100", "T200"]
    # then a restore without --force refuses (restore_backup's own test shows it changes
    # nothing)
    refused = ganshi("restore", str(archive), env=env, check=False)
    assert refused.returncode == 1
    assert "the database already holds data" in refused.stderr
    # when it is restored with --force
    restored = ganshi("restore", str(archive), "--force", env=env)
    # then the change is gone, the phone decrypts, the photos are as they were, and
    # `ganshi audit verify` passes
    assert (
        f"audit chain intact: {manifest['counts']['audit_auditevent']} events verified; "
        "every table's row count matches the backup"
    ) in restored.stdout
    after = inspect(env, "call_command('audit', 'verify')\n")
    assert after == {"units": ["T000", "T100"], "cadres": [["张三", "13800000001"]]}
    assert media_listing(data_dir) == {"photos/2025/a.jpg": "photo of 张三"}


def test_sqlite_backup_change_restore(tmp_path, tmp_path_factory):
    data_dir = copy_template(tmp_path_factory, tmp_path / "data")
    env = process_environment(data_dir)
    backup_change_restore(env, data_dir, tmp_path / "backups" / "county.tar.gz")


def test_postgresql_backup_change_restore(tmp_path, tmp_path_factory):
    url = require_postgres_tools()
    with scratch_postgres_database(url, tmp_path_factory) as scratch:
        data_dir = tmp_path / "data"
        env = process_environment(data_dir, scratch)
        backup_change_restore(env, data_dir, tmp_path / "backups" / "county.tar.gz")


WRITER = """
import pathlib
from django.db import transaction
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record
print("writing", flush=True)
for number in range(100000):
    with transaction.atomic():
        audit_record(actor=None, action=AuditAction.SYSTEM, object_type="test",
                     object_id=number, after={"number": number, "text": "x" * 500})
    if pathlib.Path(STOP_FILE).exists():
        break
"""


def test_sqlite_backup_while_writing_restores_a_consistent_database(tmp_path, tmp_path_factory):
    # given a process appending to the audit chain as fast as it can
    data_dir = copy_template(tmp_path_factory, tmp_path / "data")
    env = process_environment(data_dir)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(  # noqa: S603
        ganshi_argv("shell", "--no-imports", "-c", f"STOP_FILE = {str(stop)!r}\n" + WRITER),
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "writing"
        time.sleep(1)
        # when a backup is taken meanwhile
        archive = tmp_path / "during-writes.tar.gz"
        ganshi("backup", str(archive), env=env)
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0
    # then it restores into a fresh data directory (same field key) with a whole chain
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(data_dir / "field.key", fresh / "field.key")
    fresh_env = process_environment(fresh)
    restored = ganshi("restore", str(archive), env=fresh_env)
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["counts"]["audit_auditevent"] > 0
    assert (
        f"audit chain intact: {manifest['counts']['audit_auditevent']} events verified"
        in restored.stdout
    )


def test_backup_with_field_key_includes_it_and_says_so(tmp_path, tmp_path_factory):
    # given
    data_dir = copy_template(tmp_path_factory, tmp_path / "data")
    env = process_environment(data_dir)
    # when
    result = ganshi("backup", str(tmp_path), "--include-field-key", env=env)
    # then
    archive = next(tmp_path.glob("ganshi-*.tar.gz"))
    with tarfile.open(archive) as opened:
        key = opened.extractfile("field.key").read().decode().strip()
    assert key == (data_dir / "field.key").read_text().strip()
    assert "this backup CONTAINS the field-encryption key" in result.stderr
    assert archive.stat().st_mode & 0o077 == 0


def fabricated_archive(path: Path, **manifest_fields) -> Path:
    manifest = Manifest(
        ganshi_version="0.1.0",
        created_at="2025-01-01T00:00:00+08:00",
        database_vendor=connection.vendor,
        database_file="database.sqlite3",
        counts={},
        audit_head={},
        migrations={},
        field_key_fingerprint=field_key_fingerprint(),
    )
    for name, value in manifest_fields.items():
        setattr(manifest, name, value)
    data = manifest.to_json()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


def test_restore_refuses_a_database_that_holds_data(tmp_path, county_staff):
    # given
    archive = fabricated_archive(tmp_path / "b.tar.gz")
    # when / then
    with pytest.raises(BackupError, match="the database already holds data"):
        restore_backup(archive)
    assert list(User.objects.values_list("username", flat=True)) == ["zzb"]


def test_restore_refuses_a_backup_made_with_another_field_key(tmp_path, db):
    # given
    archive = fabricated_archive(tmp_path / "b.tar.gz", field_key_fingerprint="0" * 16)
    # when / then
    with pytest.raises(BackupError, match="made with another field-encryption key"):
        restore_backup(archive)


def test_restore_refuses_a_backup_of_another_database_vendor(tmp_path, db):
    # given
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = fabricated_archive(tmp_path / "b.tar.gz", database_vendor=other)
    # when / then
    with pytest.raises(BackupError, match=f"holds a {other} database"):
        restore_backup(archive)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    # given
    path = tmp_path / "notes.tar.gz"
    path.write_bytes(b"not an archive")
    # when / then
    with pytest.raises(BackupError, match="is not a ganshi backup"):
        restore_backup(path)


def test_missing_pg_dump_is_a_clear_error(monkeypatch):
    # given
    monkeypatch.setattr(shutil, "which", lambda name: None)
    # when / then
    with pytest.raises(BackupError, match="pg_dump was not found on PATH"):
        backup._pg_tool("pg_dump")


def test_backup_path_names(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    assert backup.resolve_backup_path(str(tmp_path / "x.tar")) == tmp_path / "x.tar"
    assert backup.resolve_backup_path(str(tmp_path)).parent == tmp_path
    assert backup.resolve_backup_path(None).parent == tmp_path / "backups"
    with pytest.raises(BackupError, match=r"name the archive \*.tar.gz"):
        backup.resolve_backup_path(str(tmp_path / "x.zip"))

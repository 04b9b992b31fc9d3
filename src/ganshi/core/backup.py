"""Backups that the server can keep serving through, and restores that check themselves.

A backup is one archive (``.tar.gz``, or ``.tar`` uncompressed) holding:

- ``manifest.json``: format, ganshi version, database vendor, time, the row count of every
  ganshi table and the audit chain head, all read from the same snapshot as the dump;
  the latest migration of each app; a fingerprint of the field-encryption key;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy taken while writers
  go on) or ``database.pgdump`` (``pg_dump --format=custom`` of an exported snapshot);
- ``media/``: the uploaded files (photos, attachments);
- ``field.key`` only when asked for (``--include-field-key``).

The field-encryption key is normally NOT in the archive: whoever holds a backup and the key
can read every ID number, phone and address. Keep the key apart (docs/deploy.md).

A restore refuses to overwrite a database that holds data (unless forced), a backup made
with another field key (unless forced), and a SQLite database another process has open. It
replaces the database (SQLite: a verified copy moved into place with ``os.replace``;
PostgreSQL: ``pg_restore --clean --if-exists --single-transaction``) and the media files,
then walks the audit chain and compares every table's row count with the manifest.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

MANIFEST_NAME = "manifest.json"
SQLITE_NAME = "database.sqlite3"
PGDUMP_NAME = "database.pgdump"
FIELD_KEY_NAME = "field.key"
MEDIA_PREFIX = "media"
FORMAT = 1
# Rows in these tables mean the database holds someone's work (a freshly migrated database
# has none: data migrations only add code tables and the audit chain's genesis head).
DATA_TABLE_MODELS = ("accounts.User", "orgs.Unit", "cadres.Cadre", "audit.AuditEvent")

Progress = Callable[[int], Any]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Manifest:
    ganshi_version: str
    created_at: str
    database_vendor: str
    database_file: str
    counts: dict[str, int]
    audit_head: dict[str, Any]
    migrations: dict[str, str]
    field_key_fingerprint: str
    field_key_included: bool = False
    media_files: int = 0
    media_bytes: int = 0
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        values = json.loads(data)
        if values.get("format") != FORMAT:
            raise BackupError(
                f"unknown backup format {values.get('format')!r} (this ganshi reads format "
                f"{FORMAT})"
            )
        return cls(**values)


@dataclass
class RestoreReport:
    manifest: Manifest
    counts: dict[str, int]
    audit_events_verified: int
    audit_problem: str
    count_mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)
    unapplied_migrations: int = 0
    notes: list[str] = field(default_factory=list)


# -- facts about the database -------------------------------------------------------


def ganshi_version() -> str:
    try:
        return importlib.metadata.version("ganshi")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def field_key_fingerprint(key: str | None = None) -> str:
    """A short digest naming the key without revealing it."""
    key = settings.GANSHI_FIELD_KEY if key is None else key
    return hashlib.sha256(b"ganshi-field-key-fingerprint:" + key.strip().encode()).hexdigest()[:16]


def counted_tables() -> list[str]:
    """Every ganshi table (and the tables Django keeps for it), in a stable order."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_config.name.startswith("ganshi.")
    }
    return sorted(tables)


def _data_tables() -> list[str]:
    tables = []
    for label in DATA_TABLE_MODELS:
        with contextlib.suppress(LookupError):
            tables.append(apps.get_model(label)._meta.db_table)
    return tables


def _read_facts(cursor, existing: set[str]) -> tuple[dict[str, int], dict, dict[str, str]]:
    """Counts, audit head and latest migrations through a DB-API cursor on the snapshot."""
    counts: dict[str, int] = {}
    for table in counted_tables():
        if table in existing:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - model table names
            counts[table] = cursor.fetchone()[0]
    head: dict[str, Any] = {}
    if "audit_auditchainhead" in existing:
        cursor.execute("SELECT last_hash, last_event_id FROM audit_auditchainhead WHERE id = 1")
        row = cursor.fetchone()
        if row:
            head = {"last_hash": row[0], "last_event_id": row[1]}
    migrations: dict[str, str] = {}
    if "django_migrations" in existing:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app_label, name in cursor.fetchall():
            migrations[app_label] = name
    return counts, head, migrations


def database_has_data() -> bool:
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in _data_tables():
            if table in existing:
                cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def live_counts() -> dict[str, int]:
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        counts, _head, _migrations = _read_facts(cursor, existing)
    return counts


def _sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        raise BackupError("the database is in memory: there is nothing on disk to back up")
    return Path(name)


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {vendor} databases are not supported")
    return vendor


# -- PostgreSQL client tools ----------------------------------------------------------


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools of the "
            f"server's major version or newer (Debian: apt install postgresql-client-15)"
        )
    return path


def _pg_environment() -> dict[str, str]:
    """libpq variables for the configured database (the password stays off the command line)."""
    database = settings.DATABASES["default"]
    environment = dict(os.environ)
    for variable, value in (
        ("PGDATABASE", database.get("NAME")),
        ("PGUSER", database.get("USER")),
        ("PGPASSWORD", database.get("PASSWORD")),
        ("PGHOST", database.get("HOST")),
        ("PGPORT", str(database.get("PORT") or "")),
    ):
        if value:
            environment[variable] = str(value)
    options = database.get("OPTIONS", {})
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            environment[variable] = str(options[option])
    return environment


def _run_pg_tool(argv: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments we build
        argv, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed:\n{result.stderr.strip()}")


# -- backup ---------------------------------------------------------------------------


def default_backup_path(when: datetime.datetime | None = None) -> Path:
    when = timezone.localtime(when or timezone.now())
    return Path(settings.DATA_DIR) / "backups" / f"ganshi-{when:%Y%m%d-%H%M%S}.tar.gz"


def resolve_backup_path(path: str | None) -> Path:
    """PATH may be a file name (.tar.gz/.tgz/.tar), a directory, or nothing (the default)."""
    if not path:
        return default_backup_path()
    target = Path(path)
    if target.is_dir() or path.endswith(("/", os.sep)):
        return target / default_backup_path().name
    if not target.name.endswith((".tar.gz", ".tgz", ".tar")):
        raise BackupError(f"{path}: name the archive *.tar.gz (or *.tar, uncompressed)")
    return target


def _snapshot_sqlite(destination: Path) -> tuple[dict[str, int], dict, dict[str, str]]:
    """Copy the live database with the online backup API, in one step: the copy is one
    read transaction's view, and in WAL mode writers go on meanwhile."""
    source = sqlite3.connect(_sqlite_path(), timeout=30)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            cursor = target.cursor()
            existing = {
                row[0]
                for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            facts = _read_facts(cursor, existing)
            check = cursor.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"the copied database fails SQLite's quick_check: {check}")
        finally:
            target.close()
    finally:
        source.close()
    return facts


def _snapshot_postgresql(destination: Path) -> tuple[dict[str, int], dict, dict[str, str]]:
    """pg_dump reads the snapshot this transaction exports, so the counts and the chain
    head in the manifest describe exactly the dumped rows."""
    pg_dump = _pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        existing = set(connection.introspection.table_names(cursor))
        facts = _read_facts(cursor, existing)
        _run_pg_tool(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={destination}",
            ]
        )
    return facts


def _media_files() -> list[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files.append((path, f"{MEDIA_PREFIX}/{path.relative_to(root).as_posix()}"))
    return files


class _CountingReader:
    def __init__(self, handle: IO[bytes], progress: Progress | None):
        self.handle = handle
        self.progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        if self.progress is not None and data:
            self.progress(len(data))
        return data


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _add_file(archive: tarfile.TarFile, path: Path, name: str, progress: Progress | None) -> None:
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        archive.addfile(info, _CountingReader(handle, progress))  # type: ignore[arg-type]


def _fsync_directory(path: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def create_backup(
    path: str | None = None,
    *,
    include_field_key: bool = False,
    progress_factory: Callable[[int], contextlib.AbstractContextManager[Progress]] | None = None,
) -> tuple[Path, Manifest]:
    """Write a backup archive; returns its path and manifest. Safe while the server runs."""
    vendor = _vendor()
    target = resolve_backup_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".ganshi-backup-", dir=target.parent) as work:
        work_dir = Path(work)
        if vendor == "sqlite":
            database_file = work_dir / SQLITE_NAME
            counts, head, migrations = _snapshot_sqlite(database_file)
        else:
            database_file = work_dir / PGDUMP_NAME
            counts, head, migrations = _snapshot_postgresql(database_file)
        media = _media_files()
        manifest = Manifest(
            ganshi_version=ganshi_version(),
            created_at=timezone.localtime().isoformat(timespec="seconds"),
            database_vendor=vendor,
            database_file=database_file.name,
            counts=counts,
            audit_head=head,
            migrations=migrations,
            field_key_fingerprint=field_key_fingerprint(),
            field_key_included=include_field_key,
            media_files=len(media),
            media_bytes=sum(file.stat().st_size for file, _name in media),
        )
        total = database_file.stat().st_size + manifest.media_bytes
        partial = work_dir / target.name
        mode = "w" if target.name.endswith(".tar") else "w:gz"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw:
            with (
                _progress(progress_factory, total) as progress,
                tarfile.open(fileobj=raw, mode=mode) as archive,  # type: ignore[call-overload]
            ):
                _add_bytes(archive, MANIFEST_NAME, manifest.to_json())
                _add_file(archive, database_file, database_file.name, progress)
                if include_field_key:
                    _add_bytes(archive, FIELD_KEY_NAME, settings.GANSHI_FIELD_KEY.encode() + b"\n")
                for file, name in media:
                    _add_file(archive, file, name, progress)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    _fsync_directory(target.parent)
    return target, manifest


@contextlib.contextmanager
def _progress(factory, total: int) -> Iterator[Progress | None]:
    if factory is None:
        yield None
        return
    with factory(total) as progress:
        yield progress


# -- restore --------------------------------------------------------------------------


def read_manifest(archive_path: Path) -> Manifest:
    try:
        with tarfile.open(archive_path) as archive:
            member = archive.extractfile(MANIFEST_NAME)
            if member is None:
                raise KeyError(MANIFEST_NAME)
            return Manifest.from_json(member.read())
    except (tarfile.TarError, KeyError, OSError, ValueError) as error:
        raise BackupError(f"{archive_path} is not a ganshi backup: {error}") from error


def _extract(archive_path: Path, into: Path) -> None:
    with tarfile.open(archive_path) as archive:
        archive.extractall(into, filter="data")


def _sqlite_in_use(database: Path) -> bool:
    """SQLite removes the -wal file when the last connection closes: if it is still there
    after ours closed, another process (the server, a worker) has the database open."""
    if not database.exists():
        return False
    probe = sqlite3.connect(database, timeout=30)
    try:
        probe.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        probe.close()
    return Path(f"{database}-wal").exists()


def _restore_sqlite(extracted: Path) -> None:
    database = _sqlite_path()
    copy = sqlite3.connect(extracted)
    try:
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
    if check != "ok":
        raise BackupError(f"the database in the backup fails SQLite's integrity_check: {check}")
    connections.close_all()
    if _sqlite_in_use(database):
        raise BackupError(
            f"{database} is open in another process: stop the server and the task worker "
            "(systemctl stop ganshi ganshi-worker) before restoring a SQLite database"
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    # Same directory, so the replace is atomic: the database is the old one or the new one.
    staged = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(extracted, staged)
    with staged.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(staged, database)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    _fsync_directory(database.parent)


def _restore_postgresql(extracted: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    connections.close_all()
    _run_pg_tool(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(extracted),
        ]
    )


def _restore_media(extracted_media: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".media-restoring-", dir=media_root.parent))
    incoming.chmod(0o755)
    if extracted_media.is_dir():
        shutil.copytree(extracted_media, incoming, dirs_exist_ok=True)
    previous = None
    if media_root.exists():
        previous = media_root.with_name(f".{media_root.name}-before-restore")
        if previous.exists():
            shutil.rmtree(previous)
        os.replace(media_root, previous)
    os.replace(incoming, media_root)
    if previous is not None:
        shutil.rmtree(previous)


def _restore_field_key(extracted_key: Path, notes: list[str]) -> None:
    key = extracted_key.read_text(encoding="ascii").strip()
    if field_key_fingerprint(key) == field_key_fingerprint():
        return
    if os.environ.get("GANSHI_FIELD_KEY"):
        notes.append(
            "The backup's field key differs from GANSHI_FIELD_KEY: set GANSHI_FIELD_KEY to "
            f"the key in the backup ({FIELD_KEY_NAME}) before starting the server."
        )
        return
    key_file = Path(settings.DATA_DIR) / FIELD_KEY_NAME
    if key_file.exists():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        os.replace(key_file, key_file.with_name(f"{FIELD_KEY_NAME}.before-restore-{stamp}"))
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    notes.append(f"The field key from the backup was written to {key_file}.")


def unapplied_migrations() -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore_backup(archive_path: Path, *, force: bool = False) -> RestoreReport:
    from ganshi.audit.services import verify_chain

    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path}: no such backup")
    manifest = read_manifest(archive_path)
    vendor = _vendor()
    if manifest.database_vendor != vendor:
        raise BackupError(
            f"the backup holds a {manifest.database_vendor} database but the configured one "
            f"is {vendor}; set GANSHI_DATABASE_URL to a {manifest.database_vendor} database"
        )
    notes: list[str] = []
    key_matches = manifest.field_key_fingerprint == field_key_fingerprint()
    if not key_matches and not manifest.field_key_included and not force:
        raise BackupError(
            "the backup was made with another field-encryption key (fingerprint "
            f"{manifest.field_key_fingerprint}, configured {field_key_fingerprint()}): set "
            "GANSHI_FIELD_KEY (or $GANSHI_DATA_DIR/field.key) to the key kept with the backup. "
            "--force restores anyway, leaving ID numbers, phones and addresses unreadable."
        )
    if not key_matches and not manifest.field_key_included:
        notes.append(
            "The field key differs from the backup's: encrypted fields will not be readable."
        )
    if not force and database_has_data():
        raise BackupError(
            "the database already holds data: restoring replaces all of it. Take a backup of "
            "it first (ganshi backup), then run the restore again with --force"
        )
    work_parent = Path(settings.DATA_DIR)
    with tempfile.TemporaryDirectory(prefix=".ganshi-restore-", dir=work_parent) as work:
        work_dir = Path(work)
        _extract(archive_path, work_dir)
        extracted_database = work_dir / manifest.database_file
        if not extracted_database.is_file():
            raise BackupError(f"{archive_path} has no {manifest.database_file}")
        if vendor == "sqlite":
            _restore_sqlite(extracted_database)
        else:
            _restore_postgresql(extracted_database)
        _restore_media(work_dir / MEDIA_PREFIX)
        if manifest.field_key_included and (work_dir / FIELD_KEY_NAME).is_file():
            _restore_field_key(work_dir / FIELD_KEY_NAME, notes)
    connections.close_all()
    checked, _broken, problem = verify_chain()
    counts = live_counts()
    mismatches = {
        table: (expected, counts.get(table, 0))
        for table, expected in manifest.counts.items()
        if counts.get(table, 0) != expected
    }
    return RestoreReport(
        manifest=manifest,
        counts=counts,
        audit_events_verified=checked,
        audit_problem=problem,
        count_mismatches=mismatches,
        unapplied_migrations=unapplied_migrations(),
        notes=notes,
    )

"""Crash safety: SQLite in WAL mode with writers that wait for each other, and a large
batch killed with SIGKILL part-way leaves the database whole (all of the batch or none)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import psycopg

from ganshi.core.tests.processes import (
    SEED,
    copy_template,
    ganshi_argv,
    process_environment,
    require_postgres_tools,
    scratch_postgres_database,
    shell,
)

PRAGMAS = """
from django.db import connection
with connection.cursor() as cursor:
    print(*(cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")))
"""


def test_sqlite_file_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path, tmp_path_factory):
    # given
    env = process_environment(copy_template(tmp_path_factory, tmp_path / "data"))
    # when
    printed = shell(PRAGMAS, env=env)
    # then: WAL, synchronous=NORMAL (1), writers wait up to 20 s, foreign keys enforced
    assert printed.split() == ["wal", "1", "20000", "1"]


# Each transaction holds the write lock for 20 ms, so the two writers collide constantly.
WRITER = """
import pathlib, time
from django.db import transaction
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record
print("ready", flush=True)
while not pathlib.Path(GO).exists():
    time.sleep(0.01)
for number in range(EVENTS):
    with transaction.atomic():
        audit_record(actor=None, action=AuditAction.SYSTEM, object_type="writer",
                     object_id=f"{NAME}-{number}")
        time.sleep(0.02)
print("done", flush=True)
"""

COUNTS = """
import json
from django.core.management import call_command
from ganshi.audit.models import AuditEvent
from ganshi.cadres.models import Cadre
call_command("audit", "verify")
print(json.dumps({"events": AuditEvent.objects.count(), "cadres": Cadre.objects.count()}))
"""


def counts_after_verifying(env: dict) -> dict:
    return json.loads(shell(COUNTS, env=env).strip().splitlines()[-1])


def test_two_processes_writing_at_once_both_succeed(tmp_path, tmp_path_factory):
    # given two writers waiting at the same starting line
    env = process_environment(copy_template(tmp_path_factory, tmp_path / "data"))
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(  # noqa: S603
            ganshi_argv(
                "shell",
                "--no-imports",
                "-c",
                f"GO = {str(go)!r}\nNAME = {name!r}\nEVENTS = 40\n" + WRITER,
            ),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    # when they start together
    go.touch()
    results = [writer.communicate(timeout=90) for writer in writers]
    # then neither met "database is locked", and the chain holds all 80 events in order
    assert [writer.returncode for writer in writers] == [0, 0], results
    assert [stdout.strip() for stdout, _stderr in results] == ["done", "done"]
    assert counts_after_verifying(env) == {"events": 80, "cadres": 0}


# One transaction: many cadres in chunks, each chunk with its audit event, as an import.
BATCH = """
from django.db import transaction
from ganshi.accounts.models import User
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record
from ganshi.cadres.models import Cadre
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import Unit
root = Unit.objects.get(code="T000")
user = User.objects.get(username="zzb")
with transaction.atomic():
    print("batch started", flush=True)
    for chunk in range(1000):
        Cadre.objects.bulk_create(
            Cadre(name="王五", name_pinyin="wangwu", name_initials="ww", gender="male",
                  birth=YearMonth(1985, 3), unit=root, phone=f"139{chunk:04d}{number:04d}")
            for number in range(500)
        )
        audit_record(actor=user, action=AuditAction.CREATE, object_type="cadres.cadre",
                     object_repr=f"chunk {chunk}", after={"rows": 500})
print("batch committed", flush=True)
"""


def start_batch(env: dict) -> subprocess.Popen:
    batch = subprocess.Popen(  # noqa: S603
        ganshi_argv("shell", "--no-imports", "-c", BATCH),
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert batch.stdout is not None
    assert batch.stdout.readline().strip() == "batch started"
    return batch


def kill(batch: subprocess.Popen) -> str:
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait(timeout=30)
    assert batch.stdout is not None
    return batch.stdout.read()


def wait_for_size(path: Path, size: int, deadline: float) -> int:
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size >= size:
            break
        time.sleep(0.05)
    return path.stat().st_size if path.exists() else 0


def test_sqlite_batch_killed_part_way_leaves_none_of_it(tmp_path, tmp_path_factory):
    # given a county, and a batch writing in one transaction
    data_dir = copy_template(tmp_path_factory, tmp_path / "data")
    env = process_environment(data_dir)
    shell(SEED, env=env)
    before = counts_after_verifying(env)
    batch = start_batch(env)
    # when it is killed once its uncommitted pages have spilled into the WAL
    spilled = wait_for_size(data_dir / "ganshi.sqlite3-wal", 1_000_000, time.monotonic() + 40)
    rest = kill(batch)
    # then it was killed part-way
    assert batch.returncode == -signal.SIGKILL
    assert spilled >= 1_000_000
    assert "batch committed" not in rest
    # and the database is whole, the audit chain verifies, and none of the batch is there
    with sqlite3.connect(data_dir / "ganshi.sqlite3") as opened:
        assert opened.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert counts_after_verifying(env) == before


def test_postgresql_batch_killed_part_way_leaves_none_of_it(tmp_path, tmp_path_factory):
    url = require_postgres_tools()
    with scratch_postgres_database(url, tmp_path_factory) as scratch:
        # given
        env = process_environment(tmp_path / "data", scratch)
        shell(SEED, env=env)
        before = counts_after_verifying(env)
        batch = start_batch(env)
        # when
        time.sleep(3)
        rest = kill(batch)
        # then
        assert batch.returncode == -signal.SIGKILL
        assert "batch committed" not in rest
        assert counts_after_verifying(env) == before


CADRES_PER_COUNTY = 300
# A county of 300 cadres commits in about a quarter of a second: with 100 of them the load
# is still running long after the first commit, whatever the machine's speed.
DEMO_COUNTIES = 100


def start_demo(env: dict) -> subprocess.Popen:
    """The province demo (one transaction per county), in a process group of its own so
    that its generating worker processes are killed with it."""
    return subprocess.Popen(  # noqa: S603
        ganshi_argv(
            "demo",
            "--scale=province",
            f"--counties={DEMO_COUNTIES}",
            f"--cadres-per-county={CADRES_PER_COUNTY}",
            "--no-progress",
        ),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill_after_first_county(demo: subprocess.Popen, count_cadres, deadline: float) -> int:
    """SIGKILL the demo a moment after its first county committed; returns that count."""
    committed = 0
    while time.monotonic() < deadline and demo.poll() is None and committed == 0:
        committed = count_cadres()
        time.sleep(0.05)
    time.sleep(0.3)  # into a later county's transaction
    os.killpg(demo.pid, signal.SIGKILL)
    demo.wait(timeout=30)
    return committed


DEMO_COUNTS = """
import json
from django.core.management import call_command
from ganshi.cadres.models import Cadre
from ganshi.orgs.models import Unit
call_command("audit", "verify")
print(json.dumps({"cadres": Cadre.objects.count(),
                  "counties": Unit.objects.filter(kind="county").count()}))
"""


def test_sqlite_demo_load_killed_part_way_keeps_whole_counties(tmp_path, tmp_path_factory):
    # given the province demo loading into a file database
    data_dir = copy_template(tmp_path_factory, tmp_path / "data")
    env = process_environment(data_dir)
    database = data_dir / "ganshi.sqlite3"

    def count_cadres() -> int:
        with contextlib.closing(sqlite3.connect(database, timeout=30)) as reader:
            return reader.execute("SELECT COUNT(*) FROM cadres_cadre").fetchone()[0]

    demo = start_demo(env)
    # when it is killed in the middle of a later county
    committed = kill_after_first_county(demo, count_cadres, time.monotonic() + 50)
    # then it was killed part-way, the database is whole and holds whole counties only
    assert demo.returncode == -signal.SIGKILL
    assert committed >= CADRES_PER_COUNTY
    with contextlib.closing(sqlite3.connect(database)) as opened:
        assert opened.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    loaded = json.loads(shell(DEMO_COUNTS, env=env).strip().splitlines()[-1])
    assert loaded["cadres"] == loaded["counties"] * CADRES_PER_COUNTY
    assert 1 <= loaded["counties"] < DEMO_COUNTIES


def test_postgresql_demo_load_killed_part_way_keeps_whole_counties(tmp_path, tmp_path_factory):
    url = require_postgres_tools()
    with scratch_postgres_database(url, tmp_path_factory) as scratch:
        # given
        env = process_environment(tmp_path / "data", scratch)

        def count_cadres() -> int:
            with psycopg.connect(scratch) as reader:
                row = reader.execute("SELECT COUNT(*) FROM cadres_cadre").fetchone()
            assert row is not None
            return row[0]

        demo = start_demo(env)
        # when
        committed = kill_after_first_county(demo, count_cadres, time.monotonic() + 50)
        # then
        assert demo.returncode == -signal.SIGKILL
        assert committed >= CADRES_PER_COUNTY
        loaded = json.loads(shell(DEMO_COUNTS, env=env).strip().splitlines()[-1])
        assert loaded["cadres"] == loaded["counties"] * CADRES_PER_COUNTY
        assert 1 <= loaded["counties"] < DEMO_COUNTIES

"""Run ``ganshi`` in child processes against a data directory of their own.

The durability tests (backup, crash, concurrent writers, the production server) need a
database on disk that several processes open, which the suite's own test database is not.
A migrated SQLite data directory is made once per session and copied for each test.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

TIMEOUT = 120
_TEMPLATE: dict[str, Path] = {}

# A county root, a county staff user and a second unit, written through the services.
SEED_IMPORTS = """
from ganshi.accounts.models import User
from ganshi.accounts.roles import Role
from ganshi.orgs.models import AdminLevel, Unit, UnitKind
from ganshi.orgs.services import unit_create
"""
SEED = (
    SEED_IMPORTS
    + """
root = Unit.add_root(instance=Unit(name="示范县", code="T000", kind=UnitKind.COUNTY,
                                   admin_level=AdminLevel.DIVISION))
user = User.objects.create_user(username="zzb", password="ganshi-test-pass",
                                role=Role.COUNTY_STAFF, scope_unit=root)
unit_create(actor=user, parent=root, name="一镇", code="T100", kind=UnitKind.TOWNSHIP)
"""
)


def process_environment(data_dir: Path, database_url: str | None = None, **extra: str) -> dict:
    """The parent's environment minus every ganshi setting, plus a data directory."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("GANSHI_") and name not in ("PORT", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(
        {
            "GANSHI_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "ganshi.settings",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    if database_url:
        environment["GANSHI_DATABASE_URL"] = database_url
    return environment


def ganshi_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "ganshi.cli", *args]


def ganshi(
    *args: str, env: dict, timeout: float = TIMEOUT, check: bool = True
) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        ganshi_argv(*args), env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"ganshi {' '.join(args)[:80]} exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result


def shell(code: str, *, env: dict, timeout: float = TIMEOUT) -> str:
    """Run Python in ``ganshi shell`` and return what it printed."""
    return ganshi("shell", "--no-imports", "-c", code, env=env, timeout=timeout).stdout


def migrated_template(tmp_path_factory) -> Path:
    """A migrated SQLite data directory (database and keys), made once per session."""
    if "sqlite" not in _TEMPLATE:
        data_dir = tmp_path_factory.mktemp("ganshi-template") / "data"
        ganshi("migrate", "--verbosity=0", env=process_environment(data_dir))
        _TEMPLATE["sqlite"] = data_dir
    return _TEMPLATE["sqlite"]


def copy_template(tmp_path_factory, destination: Path) -> Path:
    shutil.copytree(migrated_template(tmp_path_factory), destination)
    return destination


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def suite_postgres_url() -> str | None:
    url = os.environ.get("GANSHI_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def require_postgres_tools() -> str:
    """The suite's PostgreSQL URL, or skip (with the reason) when there is none."""
    url = suite_postgres_url()
    if url is None:
        pytest.skip("PostgreSQL variant: GANSHI_DATABASE_URL does not point to PostgreSQL")
    for tool in ("createdb", "dropdb", "pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.skip(f"PostgreSQL variant: {tool} is not installed")
    return url


def _libpq_environment(url: str) -> dict:
    parts = urlsplit(url)
    environment = dict(os.environ)
    for variable, value in (
        ("PGHOST", parts.hostname),
        ("PGPORT", str(parts.port or "")),
        ("PGUSER", parts.username),
        ("PGPASSWORD", parts.password),
    ):
        if value:
            environment[variable] = value
    return environment


def _database_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _dropdb(url: str, name: str) -> None:
    subprocess.run(  # noqa: S603
        ["dropdb", "--force", "--if-exists", name],  # noqa: S607
        env=_libpq_environment(url),
        check=False,
        timeout=60,
    )


def _migrated_postgres_template(url: str, tmp_path_factory) -> str:
    """A migrated database to copy scratch databases from, made once per session."""
    if "postgresql" not in _TEMPLATE:
        name = f"ganshi_template_{uuid.uuid4().hex[:12]}"
        subprocess.run(  # noqa: S603
            ["createdb", name],  # noqa: S607
            env=_libpq_environment(url),
            check=True,
            timeout=60,
        )
        atexit.register(_dropdb, url, name)
        data_dir = tmp_path_factory.mktemp("ganshi-pg-template")
        ganshi(
            "migrate", "--verbosity=0", env=process_environment(data_dir, _database_url(url, name))
        )
        _TEMPLATE["postgresql"] = Path(name)
    return str(_TEMPLATE["postgresql"])


@contextlib.contextmanager
def scratch_postgres_database(url: str, tmp_path_factory) -> Iterator[str]:
    """A new migrated database on the suite's server, dropped afterwards."""
    template = _migrated_postgres_template(url, tmp_path_factory)
    name = f"ganshi_scratch_{uuid.uuid4().hex[:12]}"
    subprocess.run(  # noqa: S603
        ["createdb", f"--template={template}", name],  # noqa: S607
        env=_libpq_environment(url),
        check=True,
        timeout=60,
    )
    try:
        yield _database_url(url, name)
    finally:
        _dropdb(url, name)

"""Deployment checks: ``ganshi check --deploy`` (and ``ganshi serve --prod``, which runs it).

They run beside Django's own security checks and only with ``--deploy``, so the everyday
commands of a development machine stay quiet. Each names the environment variable that
fixes it; docs/deploy.md explains the choices.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register

from ganshi import gunicorn_conf

# Above this many worker processes a machine serves more than a county: SQLite's single
# writer becomes the queue every save waits in.
SQLITE_MAX_WORKERS = 8


def uses_sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def _key_file_warning(path: Path, variable: str, check_id: str) -> Warning | None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return Warning(
            f"{path} can be read by other users of this machine.",
            hint=f"chmod 600 {path} (or set {variable} from a protected environment file).",
            id=check_id,
        )
    return None


@register(Tags.security, "ganshi", deploy=True)
def deployment_checks(app_configs=None, **kwargs) -> list[Warning]:
    messages: list[Warning] = []
    data_dir = Path(settings.DATA_DIR)
    if not settings.PRODUCTION:
        messages.append(
            Warning(
                "GANSHI_ENV is not 'production'.",
                hint=(
                    "Set GANSHI_ENV=production (`ganshi serve --prod` does): DEBUG is then "
                    "forced off and static files are hashed and compressed."
                ),
                id="ganshi.W007",
            )
        )
    if not os.environ.get("GANSHI_SECRET_KEY"):
        messages.append(
            Warning(
                f"GANSHI_SECRET_KEY is not set: the secret key comes from "
                f"{data_dir / 'secret.key'}.",
                hint=(
                    "That is fine for one server. With several app servers set the same "
                    "GANSHI_SECRET_KEY on all of them, or sessions break between them."
                ),
                id="ganshi.W001",
            )
        )
    if settings.DEBUG:
        messages.append(
            Warning(
                "DEBUG is on: error pages show code, settings and data to whoever causes them.",
                hint="Unset GANSHI_DEBUG; GANSHI_ENV=production forces DEBUG off.",
                id="ganshi.W002",
            )
        )
    if not os.environ.get("GANSHI_FIELD_KEY"):
        messages.append(
            Warning(
                f"GANSHI_FIELD_KEY is not set: the field-encryption key exists only in "
                f"{data_dir / 'field.key'}.",
                hint=(
                    "Copy that key somewhere safe and apart from the backups (`ganshi backup` "
                    "does not include it): without it no ID number, phone or home address "
                    "can ever be read again. Every app server must use the same key."
                ),
                id="ganshi.W003",
            )
        )
    workers = gunicorn_conf.configured_workers()
    if uses_sqlite() and workers > SQLITE_MAX_WORKERS:
        messages.append(
            Warning(
                f"SQLite with {workers} server workers: every save waits for SQLite's single "
                "writer.",
                hint=(
                    "SQLite serves a county on one machine. Above that use PostgreSQL "
                    "(GANSHI_DATABASE_URL=postgresql://…), or set GANSHI_WORKERS lower."
                ),
                id="ganshi.W004",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        messages.append(
            Warning(
                "ALLOWED_HOSTS contains '*': the server answers to any Host header.",
                hint=(
                    "List the names and addresses users type in GANSHI_ALLOWED_HOSTS, "
                    "e.g. ganshi.county.gov.cn,10.1.2.3."
                ),
                id="ganshi.W005",
            )
        )
    for path, variable in (
        (data_dir / "secret.key", "GANSHI_SECRET_KEY"),
        (data_dir / "field.key", "GANSHI_FIELD_KEY"),
    ):
        warning = _key_file_warning(path, variable, "ganshi.W006")
        if warning is not None:
            messages.append(warning)
    return messages

"""``ganshi restore PATH [--force]``: bring back a backup made by ``ganshi backup`` and
check it (audit chain, row counts against the manifest)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ganshi.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `ganshi backup`: the database and the uploaded files. "
        "Refuses to overwrite a database that holds data unless --force is given. With "
        "SQLite, stop the server and the task worker first: the database file is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup archive")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds data (and accept a different field key)",
        )

    def handle(self, *args, **options):
        if connection.vendor == "sqlite":
            self.stdout.write(
                "Restoring. The server and the task worker must be stopped: the SQLite "
                "database file is replaced."
            )
        try:
            report = restore_backup(Path(options["path"]), force=options["force"])
        except BackupError as error:
            raise CommandError(f"restore failed: {error}") from error
        manifest = report.manifest
        self.stdout.write(
            f"restored the {manifest.database_vendor} backup of {manifest.created_at} "
            f"(ganshi {manifest.ganshi_version}) and {manifest.media_files:,} uploaded files"
        )
        for table, count in sorted(report.counts.items()):
            if count:
                self.stdout.write(f"  {table}: {count:,}")
        for note in report.notes:
            self.stderr.write(self.style.WARNING(note))
        if report.unapplied_migrations:
            self.stderr.write(
                self.style.WARNING(
                    f"{report.unapplied_migrations} migrations of this ganshi version are not "
                    "applied to the restored database: run `ganshi migrate`."
                )
            )
        problems = []
        if report.audit_problem:
            problems.append(
                f"the audit chain does not verify ({report.audit_problem}) after "
                f"{report.audit_events_verified} events: run `ganshi audit verify`"
            )
        for table, (expected, found) in sorted(report.count_mismatches.items()):
            problems.append(
                f"{table}: the backup had {expected:,} rows, the database has {found:,}"
            )
        if problems:
            raise CommandError("restore finished with problems:\n  " + "\n  ".join(problems))
        self.stdout.write(
            self.style.SUCCESS(
                f"audit chain intact: {report.audit_events_verified} events verified; "
                "every table's row count matches the backup"
            )
        )

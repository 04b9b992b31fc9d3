"""``ganshi backup [PATH]``: a consistent snapshot of the database and the uploaded files,
taken while the server keeps serving (see ganshi.core.backup)."""

from __future__ import annotations

import contextlib

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ganshi.core.backup import BackupError, create_backup

KEY_TABLES = (
    ("accounts_user", "users"),
    ("orgs_unit", "units"),
    ("cadres_cadre", "cadres"),
    ("audit_auditevent", "audit events"),
)


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one archive (default "
        "$GANSHI_DATA_DIR/backups/ganshi-<time>.tar.gz). Safe while the server runs. The "
        "field-encryption key is not included unless --include-field-key is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="archive (*.tar.gz, or *.tar uncompressed) or a directory to put it in",
        )
        parser.add_argument(
            "--include-field-key",
            action="store_true",
            help="put the field-encryption key into the archive (then guard it like the key)",
        )

    def handle(self, *args, **options):
        @contextlib.contextmanager
        def progress_bar(total):
            with tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                desc="backup",
                disable=total < 50_000_000,
                file=self.stderr._out,
            ) as bar:
                yield bar.update

        try:
            path, manifest = create_backup(
                options["path"],
                include_field_key=options["include_field_key"],
                progress_factory=progress_bar,
            )
        except BackupError as error:
            raise CommandError(f"backup failed: {error}") from error
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"backup written: {path} ({size:,} bytes)"))
        self.stdout.write(
            f"  database: {manifest.database_vendor}, ganshi {manifest.ganshi_version}, "
            f"{manifest.created_at}"
        )
        figures = ", ".join(
            f"{manifest.counts[table]:,} {label}"
            for table, label in KEY_TABLES
            if table in manifest.counts
        )
        self.stdout.write(f"  rows: {figures}")
        self.stdout.write(
            f"  audit chain head: event {manifest.audit_head.get('last_event_id', 0)}, "
            f"hash {manifest.audit_head.get('last_hash', '')[:16]}…"
        )
        self.stdout.write(
            f"  uploaded files: {manifest.media_files:,} ({manifest.media_bytes:,} bytes)"
        )
        if manifest.field_key_included:
            self.stderr.write(
                self.style.WARNING(
                    "WARNING: this backup CONTAINS the field-encryption key: whoever has the "
                    "file can read every ID number, phone and address in it. Store it "
                    "encrypted and access-controlled."
                )
            )
        else:
            self.stderr.write(
                self.style.WARNING(
                    "WARNING: the field-encryption key is NOT in this backup (fingerprint "
                    f"{manifest.field_key_fingerprint}). Keep a copy of GANSHI_FIELD_KEY (or "
                    "$GANSHI_DATA_DIR/field.key) apart from the backups: without it the ID "
                    "numbers, phones and home addresses in the backup cannot be read."
                )
            )

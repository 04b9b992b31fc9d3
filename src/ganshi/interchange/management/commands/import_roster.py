"""``ganshi import-roster FILE``: import a cadre roster (.xlsx, .xls, .csv) from the command
line, with a progress bar: the same checks, rules, scope and audit events as the web."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ganshi.accounts.models import User
from ganshi.accounts.roles import Role
from ganshi.interchange.models import ImportMode
from ganshi.interchange.roster_export import ErrorReportWriter
from ganshi.interchange.roster_import import RosterSummary, RowResult
from ganshi.interchange.services import roster_import_run, unit_for_code
from ganshi.interchange.spreadsheets import SpreadsheetError, check_upload


def acting_user(username: str | None) -> User:
    """``--user USERNAME``, or the one active system administrator when there is one."""
    if username:
        user = (
            User.objects.select_related("scope_unit", "cadre")
            .filter(username=username, is_active=True)
            .first()
        )
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        return user
    admins = list(
        User.objects.select_related("scope_unit").filter(role=Role.SYSTEM_ADMIN, is_active=True)[:2]
    )
    if len(admins) != 1:
        raise CommandError(
            "name the user to act as with --user USERNAME (scope and audit trail follow it)"
        )
    return admins[0]


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            message for messages in error.message_dict.values() for message in messages
        )
    return "; ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Import a cadre roster (花名册): .xlsx, .xls or .csv (UTF-8 or GBK). Rows are matched "
        "to cadres by ID number; --dry-run checks every row and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", default="", help="the code of the unit of every row")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--mode",
            choices=ImportMode.values,
            default=ImportMode.VALID_ROWS,
            help="valid-rows: import the good rows; all-or-nothing: nothing if a row fails",
        )
        parser.add_argument("--user", default=None, help="the user to act as (scope, audit)")
        parser.add_argument(
            "--error-report", type=Path, default=None, help="write the rows in error to this .xlsx"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no file {path}")
        actor = acting_user(options["user"])
        try:
            kind = check_upload(path, path.name)
            unit = unit_for_code(actor=actor, code=options["unit"]) if options["unit"] else None
        except SpreadsheetError as error:
            raise CommandError(error.message) from None
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        bar = tqdm(
            total=0,
            unit=" rows",
            disable=options["no_progress"] or None,
            file=self.stderr._out,
            leave=False,
        )
        report: dict[str, ErrorReportWriter] = {}
        header_rows: list = []

        def on_header(summary: RosterSummary) -> None:
            header_rows.extend(summary.header_rows)

        def on_rows(results: list[RowResult]) -> None:
            for result in results:
                if not result.errors:
                    continue
                bar.clear()
                self.stderr.write(
                    _("Row %(row)s: %(reason)s")
                    % {"row": result.row_number, "reason": result.reason()}
                )
                if options["error_report"] is not None:
                    if "writer" not in report:
                        report["writer"] = ErrorReportWriter(header_rows)
                    report["writer"].add(result)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            summary = roster_import_run(
                actor=actor,
                path=path,
                kind=kind,
                unit=unit,
                mode=options["mode"],
                write=not options["dry_run"],
                on_rows=on_rows,
                on_header=on_header,
                progress=progress,
                source_name=path.name,
            )
        except SpreadsheetError as error:
            raise CommandError(error.message) from None
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        finally:
            bar.close()
        if "writer" in report:
            report["writer"].save(options["error_report"])
        self._summarise(summary, options)

    def _summarise(self, summary: RosterSummary, options) -> None:
        if summary.ignored_columns:
            self.stdout.write(
                _("Columns not imported: %(titles)s")
                % {"titles": "、".join(str(title) for title in summary.ignored_columns)}
            )
        self.stdout.write(
            _(
                "%(total)s rows: %(new)s new, %(update)s updates, %(unchanged)s unchanged, "
                "%(error)s with errors."
            )
            % {
                "total": summary.total,
                "new": summary.new,
                "update": summary.update,
                "unchanged": summary.unchanged,
                "error": summary.error,
            }
        )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        elif summary.rolled_back:
            self.stdout.write(
                _("Nothing was imported: rows have errors and the mode is all-or-nothing.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported: %(created)s cadres created, %(updated)s updated.")
                    % {"created": summary.created, "updated": summary.updated}
                )
            )
        if summary.error and options["error_report"] is not None:
            self.stdout.write(
                _("The rows with errors are in %(path)s.") % {"path": options["error_report"]}
            )
        if summary.error:
            raise CommandError(
                _("%(count)s rows were not imported.") % {"count": summary.error}, returncode=1
            )

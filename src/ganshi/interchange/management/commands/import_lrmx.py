"""``ganshi import-lrmx PATH... [--dry-run] [--unit CODE] [--user USERNAME]``.

Reads .lrmx files, legacy .lrm files (with the .pic of the same name), .zip archives of
them and directories holding them; prints what each form does (new, update, unchanged,
error with the reasons) and, unless ``--dry-run``, imports the good ones in one
transaction. Exit status 1 when any file has an error.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from tqdm import tqdm

from ganshi.interchange.lrmx_import import (
    ACCEPTED_SUFFIXES,
    Status,
    collect_sources,
    lrmx_apply,
    lrmx_preview,
)
from ganshi.interchange.management.commands._lrmx_common import acting_user
from ganshi.orgs.selectors import unit_get_by_code

MARKS = {
    Status.NEW: "new      ",
    Status.UPDATE: "update   ",
    Status.UNCHANGED: "unchanged",
    Status.ERROR: "ERROR    ",
}


def _files(paths: list[str]) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.name.lower().endswith(ACCEPTED_SUFFIXES):
                    found.append((str(child.relative_to(path.parent)), child))
        elif path.is_file():
            found.append((path.name, path))
        else:
            raise CommandError(f"no such file or directory: {text}")
    return found


class Command(BaseCommand):
    help = "Import 任免审批表 files (.lrmx, .lrm + .pic, .zip of them, directories)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--unit", metavar="CODE", help="the unit new cadres go into")
        parser.add_argument("--user", metavar="USERNAME", help="act as this user")

    def handle(self, *args, **options):
        actor = acting_user(options["user"])
        if not actor.can_edit_registry:
            raise CommandError(f"{actor.username}'s role cannot change the registry")
        unit = None
        if options["unit"]:
            try:
                unit = unit_get_by_code(actor=actor, code=options["unit"])
            except Http404:
                raise CommandError(
                    f"no unit with code {options['unit']!r} in {actor.username}'s scope"
                ) from None
        sources, errors = collect_sources(_files(options["paths"]))
        run = lrmx_preview if options["dry_run"] else lrmx_apply
        with tqdm(
            total=len(sources), unit="form", disable=len(sources) < 20, file=self.stderr._out
        ) as bar:
            try:
                report = run(
                    actor=actor, sources=sources, errors=errors, unit=unit, progress=bar.update
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        for result in report.results:
            name = f" {result.cadre_name}" if result.cadre_name else ""
            self.stdout.write(f"{MARKS[result.status]} {result.name}{name}")
            for message in result.errors:
                self.stdout.write(f"    {message}")
            if result.changes:
                self.stdout.write("    " + "、".join(result.changes))
            for message in result.warnings:
                self.stdout.write(f"    ! {message}")
        counts = report.counts
        verb = "would import" if options["dry_run"] else "imported"
        self.stdout.write(
            f"{verb}: {counts['new']} new, {counts['update']} updated, "
            f"{counts['unchanged']} unchanged, {counts['error']} with errors"
        )
        if report.has_errors:
            raise CommandError(f"{counts['error']} file(s) with errors", returncode=1)

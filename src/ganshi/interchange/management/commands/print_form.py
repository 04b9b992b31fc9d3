"""``ganshi print-form --cadre ID... --format pdf|docx --out PATH [--at 2026-06-20]
[--user USERNAME]``: the printed 干部任免审批表, one form per cadre in one file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from ganshi.interchange.lrmx_export import FORMATS, form_print, parse_age_date, parse_cadre_ids
from ganshi.interchange.management.commands._lrmx_common import acting_user
from ganshi.interchange.management.commands.export_lrmx import write_download


class Command(BaseCommand):
    help = "Print the 干部任免审批表 of cadres as one PDF or .docx."

    def add_arguments(self, parser):
        parser.add_argument("--cadre", nargs="+", required=True, metavar="ID")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--out", required=True, metavar="PATH")
        parser.add_argument(
            "--at", metavar="YYYY-MM-DD", help="compute ages at this date (default: today)"
        )
        parser.add_argument("--user", metavar="USERNAME", help="act as this user")

    def handle(self, *args, **options):
        actor = acting_user(options["user"])
        try:
            at = parse_age_date(options["at"] or "")
            ids = parse_cadre_ids(options["cadre"])
            download = form_print(actor=actor, ids=ids, file_format=options["format"], at=at)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except Http404:
            raise CommandError(
                f"a cadre among {options['cadre']} does not exist or is outside "
                f"{actor.username}'s scope"
            ) from None
        path = write_download(download, options["out"])
        self.stdout.write(f"wrote {path} ({len(ids)} form(s))")

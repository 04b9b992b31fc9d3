"""``ganshi export-lrmx --cadre ID... --out PATH [--user USERNAME]``: one cadre's .lrmx,
or a .zip of several (PATH a directory: the file is named after the cadre or the date)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from ganshi.interchange.lrmx_export import lrmx_export, parse_cadre_ids
from ganshi.interchange.management.commands._lrmx_common import acting_user


def write_download(download, out: str) -> Path:
    path = Path(out)
    if path.is_dir():
        path = path / download.filename
    path.write_bytes(download.content)
    return path


class Command(BaseCommand):
    help = "Export cadres as 任免审批表 .lrmx files (several: a .zip)."

    def add_arguments(self, parser):
        parser.add_argument("--cadre", nargs="+", required=True, metavar="ID")
        parser.add_argument("--out", required=True, metavar="PATH")
        parser.add_argument("--user", metavar="USERNAME", help="act as this user")

    def handle(self, *args, **options):
        actor = acting_user(options["user"])
        try:
            ids = parse_cadre_ids(options["cadre"])
            download = lrmx_export(actor=actor, ids=ids)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except Http404:
            raise CommandError(
                f"a cadre among {options['cadre']} does not exist or is outside "
                f"{actor.username}'s scope"
            ) from None
        path = write_download(download, options["out"])
        self.stdout.write(f"wrote {path} ({len(ids)} cadre(s))")

"""``ganshi export-roster --out PATH``: the cadre roster (花名册) as .xlsx, streamed, with a
progress bar; the filters of the cadre list, the acting user's scope and masking."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ganshi.cadres.choices import AgeBand, CadreCategory, CadreStatus, Gender, Rank
from ganshi.cadres.selectors import DEFAULT_SORT, SORTS, CadreFilters
from ganshi.core.code_tables import EducationBand, PoliticalStatus
from ganshi.interchange.management.commands.import_roster import acting_user
from ganshi.interchange.selectors import roster_export_count, unit_by_code
from ganshi.interchange.services import roster_export_write
from ganshi.orgs.models import LeadershipLevel

ALL = "all"


class Command(BaseCommand):
    help = (
        "Export the cadre roster (花名册) to .xlsx: every cadre the user sees, or a filtered list."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
        parser.add_argument("--user", default=None, help="the user to act as (scope, masking)")
        parser.add_argument(
            "--unit", default="", help="a unit code: that unit and everything under it"
        )
        parser.add_argument("--q", default="", help="a name, or its pinyin or initials")
        parser.add_argument("--rank", type=int, choices=Rank.values, default=None)
        parser.add_argument("--leadership-level", choices=LeadershipLevel.values, default="")
        parser.add_argument("--age-band", choices=AgeBand.values, default="")
        parser.add_argument("--gender", choices=Gender.values, default="")
        parser.add_argument("--ethnicity", default="", help="a GB 3304 code, or 'minority'")
        parser.add_argument("--education", choices=EducationBand.values, default="")
        parser.add_argument("--political-status", choices=PoliticalStatus.values, default="")
        parser.add_argument("--category", choices=CadreCategory.values, default="")
        parser.add_argument("--tag", type=int, default=None, help="a tag id")
        parser.add_argument(
            "--status", choices=[*CadreStatus.values, ALL], default=CadreStatus.ACTIVE
        )
        parser.add_argument("--sort", choices=list(SORTS), default=DEFAULT_SORT)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        actor = acting_user(options["user"])
        unit = None
        if options["unit"]:
            unit = unit_by_code(actor=actor, code=options["unit"])
            if unit is None:
                raise CommandError(
                    _("The unit “%(code)s” does not exist or is outside your scope.")
                    % {"code": options["unit"]}
                )
        filters = CadreFilters(
            q=options["q"],
            unit=unit,
            rank=options["rank"],
            leadership_level=options["leadership_level"],
            age_band=options["age_band"],
            gender=options["gender"],
            ethnicity=options["ethnicity"],
            education=options["education"],
            political_status=options["political_status"],
            category=options["category"],
            tag=options["tag"],
            status="" if options["status"] == ALL else options["status"],
            sort=options["sort"],
        )
        summary = {
            name: str(options[name])
            for name in (
                "unit", "q", "rank", "leadership_level", "age_band", "gender", "ethnicity",
                "education", "political_status", "category", "tag", "status",
            )
            if options[name] not in (None, "")
        }  # fmt: skip
        total = roster_export_count(actor=actor, filters=filters)
        options["out"].parent.mkdir(parents=True, exist_ok=True)
        with tqdm(
            total=total,
            unit=" cadres",
            disable=options["no_progress"] or None,
            file=self.stderr._out,
            leave=False,
        ) as bar:
            try:
                count = roster_export_write(
                    actor=actor,
                    filters=filters,
                    output=str(options["out"]),
                    filter_summary=summary,
                    progress=bar.update,
                )
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s cadres written to %(path)s.")
                % {"count": count, "path": options["out"]}
            )
        )

"""``ganshi demo [--scale county|province] [--seed N] [--if-empty]``: load the demo.

The county (default): 云岭县, ~44 county units, 13 townships, ~150 villages and
communities, ~5,000 cadres with their résumés, posts, ranks and families, ~450 party
organisations and the demo users (password ``ganshi-demo``). The province: 100 such
counties under one province (~500,000 cadres), with a progress bar.

The same seed gives the same data (ages are computed at 2026-06-30, not today). The
demo only loads into a database without units: on any other it refuses (``--if-empty``
makes that a quiet no-op, for ``ganshi serve``). It never adds to or changes existing
data, so there is no --force: start from an empty database instead.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ganshi.demo.county import CountySize
from ganshi.demo.loader import COUNTY, SCALES, NotEmptyError, database_is_empty, load
from ganshi.demo.users import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo county (or a province of 100 counties) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", dest="scale", choices=SCALES, default=COUNTY)
        parser.add_argument(
            "--seed", dest="seed", type=int, default=1, help="random seed (default 1)"
        )
        parser.add_argument(
            "--if-empty",
            dest="if_empty",
            action="store_true",
            help="do nothing (instead of failing) when the database already has units",
        )
        parser.add_argument(
            "--cadres-per-county",
            dest="cadres_per_county",
            type=int,
            default=CountySize().cadres,
            help="cadres in each county (default 5000)",
        )
        parser.add_argument(
            "--counties",
            dest="counties",
            type=int,
            default=None,
            help="counties in the province (default 100; with --scale province)",
        )
        parser.add_argument(
            "--no-progress", dest="no_progress", action="store_true", help="no progress bars"
        )

    def handle(self, *args, **options):
        if not database_is_empty():
            if options["if_empty"]:
                self.stdout.write("The database already has data: the demo was not loaded.")
                return
            raise CommandError(
                "The database already has units; the demo loads only into an empty database. "
                "Use a new GANSHI_DATA_DIR (or database) for it, or --if-empty to skip quietly."
            )
        if options["cadres_per_county"] < 50:
            raise CommandError("--cadres-per-county must be at least 50.")
        scale = options["scale"]
        size = CountySize(cadres=options["cadres_per_county"])
        progress = options["verbosity"] >= 1 and not options["no_progress"]
        if options["verbosity"] >= 1:
            self.stdout.write(f"Loading the demo {scale} (seed {options['seed']}) …")
        try:
            result = load(
                scale=scale,
                seed=options["seed"],
                size=size,
                counties=options["counties"],
                progress=progress,
            )
        except NotEmptyError:
            raise CommandError("The database already has units; the demo was not loaded.") from None
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.counties} {'county' if result.counties == 1 else 'counties'} in "
                f"{result.elapsed:.1f} s: {result.units:,} units, {result.posts:,} posts, "
                f"{result.cadres:,} cadres, {result.party_orgs:,} party organisations, "
                f"{result.users} users."
            )
        )
        if options["verbosity"] >= 2:
            for label, count in sorted(result.counts.items()):
                self.stdout.write(f"  {label}: {count:,}")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for login in result.logins:
            note = "" if login.created else " (existed already, left unchanged)"
            self.stdout.write(f"  {login.username:<8} {login.role} — {login.scope}{note}")

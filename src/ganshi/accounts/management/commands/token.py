"""``ganshi token create USERNAME``: print a new API bearer token (stored hashed)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ganshi.accounts.models import User
from ganshi.accounts.services import api_token_create


class Command(BaseCommand):
    help = "API tokens: `create USERNAME [--name NAME]` prints a new bearer token once."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        _token, raw = api_token_create(actor=None, user=user, name=options["name"])
        self.stdout.write(raw)
        self.stderr.write(
            "Use it as the header `Authorization: Bearer <token>`; it is shown only this once."
        )

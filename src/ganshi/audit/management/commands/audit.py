"""``ganshi audit verify``: walk the hash chain and report the first broken link."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from ganshi.audit.models import AuditEvent
from ganshi.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit log tools: `verify` checks the hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        total = AuditEvent.objects.count()
        with tqdm(total=total, unit="event", disable=total < 10_000, file=self.stderr._out) as bar:
            checked, broken, reason = verify_chain(progress=bar.update)
        if reason == "":
            self.stdout.write(f"audit chain intact: {checked} events verified")
            return
        if broken is None:
            raise CommandError(
                f"audit chain broken after {checked} intact events: the chain head does not match "
                "the last event (events were removed from the end)"
            )
        raise CommandError(
            f"audit chain broken at event id={broken.pk} "
            f"({timezone.localtime(broken.created_at):%Y-%m-%d %H:%M:%S}, "
            f"{broken.action} {broken.object_type}#{broken.object_id}): "
            + (
                "its previous_hash does not match the event before it"
                if reason == "previous_hash"
                else "its content does not match its hash"
            )
            + f"; {checked} events before it are intact"
        )

"""Destroy the attachments, reporter identity and receipt code of cases closed longer ago
than the county's retention period (SupervisionSettings.retention_days), leaving an
audited tombstone. Run it daily (cron or a systemd timer): ``ganshi
supervision_destroy_expired``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ganshi.supervision.services import reports_destroy_expired


class Command(BaseCommand):
    help = "Destroy attachments and identity of supervision cases past their retention."

    def handle(self, *args, **options):
        count = reports_destroy_expired()
        self.stdout.write(f"{count} case(s) reduced to a tombstone.")

"""Grant or revoke an office role of the reporting office: ``ganshi supervision_office
grant USER supervisor|custodian|gateway`` / ``revoke …`` / ``list``. Audited."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ganshi.accounts.models import User
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record
from ganshi.supervision.access import CASE_ROLES
from ganshi.supervision.choices import OfficeRole
from ganshi.supervision.models import OfficeMember


class Command(BaseCommand):
    help = "Grant, revoke or list the office roles of supervision (supervisor, custodian, gateway)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("grant", "revoke", "list"))
        parser.add_argument("username", nargs="?")
        parser.add_argument("role", nargs="?", choices=OfficeRole.values)

    def handle(self, *args, action, username=None, role=None, **options):
        if action == "list":
            for member in OfficeMember.objects.select_related("user").order_by(
                "role", "user__username"
            ):
                self.stdout.write(f"{member.role}\t{member.user.username}")
            return
        if not username or not role:
            raise CommandError("Give the username and the role.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username}.")
        if role != OfficeRole.GATEWAY and user.role not in CASE_ROLES:
            raise CommandError(
                "Only a discipline handler, county staff or system administrator can hold this role."
            )
        with transaction.atomic():
            if action == "grant":
                member, created = OfficeMember.objects.get_or_create(user=user, role=role)
                if created:
                    audit_record(actor=None, action=AuditAction.CREATE, instance=member,
                                 object_repr=f"{username} {role}")  # fmt: skip
            else:
                deleted, _rows = OfficeMember.objects.filter(user=user, role=role).delete()
                if deleted:
                    audit_record(actor=None, action=AuditAction.DELETE, object_type="supervision.officemember",
                                 object_repr=f"{username} {role}")  # fmt: skip
        self.stdout.write(f"{action} {role} {username}: done")

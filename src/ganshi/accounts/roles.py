"""Roles and what each may do. Scope (which units) is separate: see accounts.scopes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_STAFF = "county_staff", _("County organisation department staff")
    TOWNSHIP_STAFF = "township_staff", _("Township party committee staff")
    UNIT_OFFICER = "unit_officer", _("Unit personnel officer")
    DISCIPLINE_HANDLER = "discipline_handler", _("Discipline inspection handler")
    LEADER = "leader", _("Leader (read-only)")
    CADRE_SELF = "cadre_self", _("Cadre self-service")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles that read the registry (within their scope).
REGISTRY_READERS = frozenset(
    {
        Role.COUNTY_STAFF,
        Role.TOWNSHIP_STAFF,
        Role.UNIT_OFFICER,
        Role.DISCIPLINE_HANDLER,
        Role.LEADER,
        Role.CADRE_SELF,
        Role.SYSTEM_ADMIN,
    }
)
# Roles that create and edit cadres, posts and quotas (within their scope).
REGISTRY_EDITORS = frozenset(
    {Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.UNIT_OFFICER, Role.SYSTEM_ADMIN}
)
# Roles that may see ID numbers, phones and addresses unmasked (each read is audited).
SENSITIVE_READERS = frozenset(
    {
        Role.COUNTY_STAFF,
        Role.TOWNSHIP_STAFF,
        Role.UNIT_OFFICER,
        Role.DISCIPLINE_HANDLER,
        Role.SYSTEM_ADMIN,
    }
)
AUDIT_READERS = frozenset({Role.AUDITOR, Role.SYSTEM_ADMIN})

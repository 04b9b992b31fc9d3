"""Shared by ``import-lrmx``, ``export-lrmx`` and ``print-form``: the acting user."""

from __future__ import annotations

from django.core.management.base import CommandError

from ganshi.accounts.models import User
from ganshi.accounts.roles import Role


def acting_user(username: str | None) -> User:
    """``--user USERNAME``, or the one active system administrator when there is one."""
    if username:
        user = (
            User.objects.select_related("scope_unit", "cadre")
            .filter(username=username, is_active=True)
            .first()
        )
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        return user
    admins = list(
        User.objects.select_related("scope_unit").filter(role=Role.SYSTEM_ADMIN, is_active=True)[:2]
    )
    if len(admins) != 1:
        raise CommandError(
            "name the user to act as with --user USERNAME (scope and audit trail follow it)"
        )
    return admins[0]

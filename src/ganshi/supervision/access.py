"""Who may do what in supervision. The scope of a case is its handlers, not a unit:
a case is seen by the handlers assigned to it and by the office's case supervisors
(``OfficeMember`` role ``supervisor``); to everyone else it does not exist (404).
"""

from __future__ import annotations

from ganshi.accounts.roles import Role
from ganshi.supervision.choices import OfficeRole

# The user roles that work on cases at all; an office role is effective only on top of one.
CASE_ROLES = frozenset({Role.DISCIPLINE_HANDLER, Role.COUNTY_STAFF, Role.SYSTEM_ADMIN})


def _has_office_role(user, role: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if role != OfficeRole.GATEWAY and user.role not in CASE_ROLES:
        return False
    cache = getattr(user, "_supervision_roles", None)
    if cache is None:
        cache = set(user.supervision_roles.values_list("role", flat=True))
        user._supervision_roles = cache
    return role in cache


def is_supervisor(user) -> bool:
    return _has_office_role(user, OfficeRole.SUPERVISOR)


def is_custodian(user) -> bool:
    return _has_office_role(user, OfficeRole.CUSTODIAN)


def is_gateway(user) -> bool:
    return _has_office_role(user, OfficeRole.GATEWAY)


def can_use_cases(user) -> bool:
    """Opens the case list: it shows the cases the user handles (every case to a
    supervisor). Decided by the user role alone, so the sidebar costs no query."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.role in CASE_ROLES


def can_use_supervision(user) -> bool:
    """Sees the supervision registers (name clearing, talks, documents, figures)."""
    return can_use_cases(user)

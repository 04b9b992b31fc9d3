"""Scope: which units (and so which cadres) a user may see.

A user's scope is a unit subtree (``scope_unit`` and everything under it); a cadre
self-service user sees only their own record. Selectors apply these filters; nothing
else should.
"""

from __future__ import annotations

from django.db.models import Q

from ganshi.accounts.roles import Role
from ganshi.orgs.models import Unit

NOTHING = Q(pk__in=[])


def scope_path(actor) -> str | None:
    """The materialised path prefix of the actor's subtree; None when it sees no unit."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    if actor.scope_unit_id is None:
        return "" if actor.role == Role.SYSTEM_ADMIN else None
    return actor.scope_unit.path


def subtree_q(path: str, *, prefix: str = "") -> Q:
    """The units under ``path`` (itself included), for a query on Unit (prefix "") or on a
    model reaching a unit (prefix "unit__", "cadre__unit__" …).

    Below the top level the subtree is asked as ``__prefix``, which SQLite answers as a
    range of the path index: a township's cadres are found unit by unit (2 ms) instead of
    walking the province's list order (170 ms). A top-level subtree (a whole county or
    province) stays a LIKE the planner cannot use, so it keeps walking the list's sort
    index, which is right for it: SQLite has no statistics that tell a narrow range from
    a wide one. PostgreSQL asks both as LIKE on its pattern index.
    """
    lookup = "prefix" if len(path) > Unit.steplen else "startswith"
    return Q(**{f"{prefix}path__{lookup}": path})


def unit_scope_q(actor, *, prefix: str = "") -> Q:
    """Filter for a query on Unit (prefix "") or on a model reaching a unit (prefix "unit__")."""
    if not actor or not actor.is_authenticated or not actor.can_read_registry:
        return NOTHING
    path = scope_path(actor)
    if path is None:
        return NOTHING
    if actor.role == Role.CADRE_SELF:
        if actor.cadre_id is None:
            return NOTHING
        return Q(**{f"{prefix}pk": actor.cadre.unit_id})
    if path == "":
        return Q()
    return subtree_q(path, prefix=prefix)


def cadre_scope_q(actor, *, prefix: str = "") -> Q:
    """Filter for a query on Cadre (prefix "") or on a model with a cadre (prefix "cadre__")."""
    if not actor or not actor.is_authenticated or not actor.can_read_registry:
        return NOTHING
    if actor.role == Role.CADRE_SELF:
        return Q(**{f"{prefix}pk": actor.cadre_id}) if actor.cadre_id else NOTHING
    return unit_scope_q(actor, prefix=f"{prefix}unit__")


def unit_in_scope(actor, unit) -> bool:
    """Whether ``unit`` lies in the actor's subtree (for writes naming a unit)."""
    path = scope_path(actor)
    if path is None or unit is None:
        return False
    if actor.role == Role.CADRE_SELF or not actor.can_read_registry:
        return False
    return unit.path.startswith(path)

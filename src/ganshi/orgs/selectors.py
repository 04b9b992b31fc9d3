"""Reads on units, party organisations, posts and quotas, scoped to the actor."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ganshi.accounts.scopes import scope_path, unit_scope_q
from ganshi.cadres.choices import CadreStatus
from ganshi.orgs.models import LEADERSHIP_ORDER, LeadershipLevel, PartyOrg, Post, Quota, Unit


def unit_queryset(*, actor) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_scope_q(actor))


def unit_get(*, actor, pk) -> Unit:
    return get_object_or_404(unit_queryset(actor=actor), pk=pk)


def unit_get_by_code(*, actor, code: str) -> Unit:
    return get_object_or_404(unit_queryset(actor=actor), code=code)


def unit_roots(*, actor) -> list[Unit]:
    """The top of what the actor sees: its scope unit (or the tree's roots for an admin)."""
    path = scope_path(actor)
    if path is None:
        return []
    if path == "":
        return list(Unit.get_root_nodes())
    if actor.scope_unit_id and actor.can_read_registry and actor.role != "cadre_self":
        return [actor.scope_unit]
    return list(unit_queryset(actor=actor))


def unit_children(*, actor, parent: Unit | None) -> list[Unit]:
    if parent is None:
        return unit_roots(actor=actor)
    return list(
        unit_queryset(actor=actor)
        .filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("path")
    )


def unit_subtree(*, actor, root: Unit | None = None, max_depth: int | None = None) -> list[Unit]:
    """Units under ``root`` (default: the actor's scope) in tree order."""
    queryset = unit_queryset(actor=actor).order_by("path")
    if root is not None:
        queryset = queryset.filter(path__startswith=root.path)
        if max_depth is not None:
            queryset = queryset.filter(depth__lte=root.depth + max_depth)
    return list(queryset)


def unit_ancestors(*, actor, unit: Unit) -> list[Unit]:
    """Breadcrumb: the ancestors of ``unit`` the actor may see, top first."""
    paths = [unit.path[:length] for length in range(Unit.steplen, len(unit.path), Unit.steplen)]
    return list(unit_queryset(actor=actor).filter(path__in=paths).order_by("depth"))


def unit_choices(*, actor) -> QuerySet[Unit]:
    """Units a form may offer, tree order."""
    return unit_queryset(actor=actor).filter(is_active=True).order_by("path")


def post_list(*, actor, unit: Unit | None = None) -> QuerySet[Post]:
    queryset = Post.objects.filter(unit_scope_q(actor, prefix="unit__")).select_related("unit")
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    return queryset.order_by("unit__path", "sort_order", "id")


def unit_posts(*, actor, unit: Unit) -> list[Post]:
    """The posts of ``unit`` (from a scoped selector), each with ``current_tenures``: the
    tenures still open whose cadre is in post, cadre loaded."""
    from ganshi.cadres.models import PostTenure

    current = (
        PostTenure.objects.filter(end__isnull=True, cadre__status=CadreStatus.ACTIVE)
        .select_related("cadre")
        .order_by("start", "id")
    )
    return list(
        post_list(actor=actor, unit=unit).prefetch_related(
            Prefetch("tenures", queryset=current, to_attr="current_tenures")
        )
    )


def post_get(*, actor, pk) -> Post:
    return get_object_or_404(post_list(actor=actor), pk=pk)


@dataclass(frozen=True)
class QuotaLine:
    leadership_level: str
    label: str
    approved: int
    filled: int

    @property
    def vacant(self) -> int:
        return max(self.approved - self.filled, 0)

    @property
    def overrun(self) -> int:
        return max(self.filled - self.approved, 0)


def filled_seats(*, units: list[Unit]) -> dict[tuple[int, str], int]:
    """Current holders of leadership posts, by (unit id, level)."""
    rows = (
        Post.objects.filter(unit__in=units)
        .exclude(leadership_level=LeadershipLevel.NONE)
        .values("unit_id", "leadership_level")
        .annotate(
            filled=Count(
                "tenures",
                filter=Q(tenures__end__isnull=True, tenures__cadre__status=CadreStatus.ACTIVE),
            )
        )
    )
    return {(row["unit_id"], row["leadership_level"]): row["filled"] for row in rows}


def quota_summary(*, actor, units: list[Unit]) -> dict[int, list[QuotaLine]]:
    """Approved / filled / vacant per level for each unit (units must be in scope)."""
    visible_ids = set(
        unit_queryset(actor=actor)
        .filter(pk__in=[unit.pk for unit in units])
        .values_list("pk", flat=True)
    )
    visible = [unit for unit in units if unit.pk in visible_ids]
    filled = filled_seats(units=visible)
    approved = {
        (quota.unit_id, quota.leadership_level): quota.approved
        for quota in Quota.objects.filter(unit__in=visible)
    }
    labels = dict(LeadershipLevel.choices)
    result: dict[int, list[QuotaLine]] = {}
    for unit in visible:
        levels = {level for (unit_id, level) in approved if unit_id == unit.pk}
        levels |= {level for (unit_id, level) in filled if unit_id == unit.pk}
        result[unit.pk] = [
            QuotaLine(
                leadership_level=level,
                label=str(labels[level]),
                approved=approved.get((unit.pk, level), 0),
                filled=filled.get((unit.pk, level), 0),
            )
            for level in sorted(levels, key=LEADERSHIP_ORDER.__getitem__)
        ]
    return result


def party_org_queryset(*, actor) -> QuerySet[PartyOrg]:
    return PartyOrg.objects.filter(unit_scope_q(actor, prefix="unit__")).select_related("unit")


def party_org_children(*, actor, parent: PartyOrg | None) -> list[PartyOrg]:
    queryset = party_org_queryset(actor=actor)
    if parent is None:
        # The shallowest organisations the actor may see.
        first = queryset.order_by("depth").values_list("depth", flat=True).first()
        if first is None:
            return []
        return list(queryset.filter(depth=first).order_by("path"))
    return list(
        queryset.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("path")
    )


def party_org_get(*, actor, pk) -> PartyOrg:
    return get_object_or_404(party_org_queryset(actor=actor), pk=pk)


def party_org_ancestors(*, actor, party_org: PartyOrg) -> list[PartyOrg]:
    """Breadcrumb: the ancestors of ``party_org`` the actor may see, top first."""
    paths = [
        party_org.path[:length]
        for length in range(PartyOrg.steplen, len(party_org.path), PartyOrg.steplen)
    ]
    return list(party_org_queryset(actor=actor).filter(path__in=paths).order_by("depth"))

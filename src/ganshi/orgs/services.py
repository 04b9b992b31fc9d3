"""Writes on units, posts and quotas; the quota check every seating service uses."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ganshi.accounts.scopes import scope_path, unit_in_scope
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record, changes, snapshot
from ganshi.cadres.choices import CadreStatus
from ganshi.orgs.models import LeadershipLevel, Post, Quota, Unit


def _require_editor(actor, unit: Unit | None) -> None:
    """``unit`` None means a new root: only for a user who sees the whole tree."""
    in_scope = unit_in_scope(actor, unit) if unit is not None else scope_path(actor) == ""
    if not actor.can_edit_registry or not in_scope:
        raise ValidationError({"unit": _("This unit is outside your scope.")})


def quota_check(*, unit: Unit, leadership_level: str, adding: int = 1) -> None:
    """Refuse to seat ``adding`` more holders of a level the unit has no vacancy for.

    Call it inside the seating transaction: the quota row is locked until it commits, so
    two appointments at the same moment cannot both take the last vacancy.
    """
    if leadership_level == LeadershipLevel.NONE:
        return
    quota = (
        Quota.objects.select_for_update()
        .filter(unit=unit, leadership_level=leadership_level)
        .first()
    )
    approved = quota.approved if quota else 0
    filled = (
        Post.objects.filter(unit=unit, leadership_level=leadership_level)
        .filter(tenures__end__isnull=True, tenures__cadre__status=CadreStatus.ACTIVE)
        .count()
    )
    if filled + adding > approved:
        raise ValidationError(
            {
                "post": _(
                    "%(unit)s has %(approved)s approved %(level)s posts and %(filled)s are filled: "
                    "no vacancy."
                )
                % {
                    "unit": unit.name,
                    "approved": approved,
                    "level": LeadershipLevel(leadership_level).label,
                    "filled": filled,
                }
            }
        )


@transaction.atomic
def unit_create(*, actor, parent: Unit | None, **fields) -> Unit:
    _require_editor(actor, parent)
    candidate = Unit(**fields)
    candidate.full_clean(exclude=["path", "depth", "numchild"])
    unit = parent.add_child(instance=candidate) if parent else Unit.add_root(instance=candidate)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=unit, after=snapshot(unit))
    return unit


# Fields a form or the API may set on a unit (the tree fields move only through treebeard).
UNIT_FIELDS = ("name", "short_name", "code", "kind", "admin_level", "is_active")


@transaction.atomic
def unit_update(*, actor, unit: Unit, **fields) -> Unit:
    _require_editor(actor, unit)
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    before = snapshot(unit)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save(update_fields=[*fields, "updated_at"])
    old, new = changes(before, snapshot(unit))
    if new:
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=unit, before=old, after=new)
    return unit


@transaction.atomic
def post_create(
    *, actor, unit: Unit, name: str, leadership_level: str, sort_order: int = 0
) -> Post:
    _require_editor(actor, unit)
    post = Post(unit=unit, name=name, leadership_level=leadership_level, sort_order=sort_order)
    post.full_clean()
    post.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=post, after=snapshot(post))
    return post


@transaction.atomic
def quota_set(
    *, actor, unit: Unit, leadership_level: str, approved: int, document_number: str = ""
) -> Quota:
    _require_editor(actor, unit)
    if approved < 0:
        raise ValidationError({"approved": _("The approved number cannot be negative.")})
    quota = (
        Quota.objects.select_for_update()
        .filter(unit=unit, leadership_level=leadership_level)
        .first()
    )
    before = snapshot(quota) if quota else None
    if quota is None:
        quota = Quota(unit=unit, leadership_level=leadership_level)
    quota.approved = approved
    quota.document_number = document_number
    quota.full_clean()
    quota.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        instance=quota,
        before=before,
        after=snapshot(quota),
    )
    return quota

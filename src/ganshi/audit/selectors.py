"""Reads on the audit log, for roles that may read it (others get nothing)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone

from ganshi.audit.models import AuditEvent
from ganshi.core.pagination import Page, keyset_page

ORDER = ("-id",)


@dataclass
class AuditFilters:
    actor_name: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None  # inclusive


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_event_queryset(*, actor) -> QuerySet[AuditEvent]:
    if actor is None or not actor.is_authenticated or not actor.can_read_audit:
        return AuditEvent.objects.none()
    return AuditEvent.objects.all()


def audit_event_filtered(*, actor, filters: AuditFilters) -> QuerySet[AuditEvent]:
    queryset = audit_event_queryset(actor=actor)
    if filters.actor_name:
        queryset = queryset.filter(actor_name=filters.actor_name)
    if filters.action:
        queryset = queryset.filter(action=filters.action)
    if filters.object_type:
        queryset = queryset.filter(object_type=filters.object_type)
    if filters.object_id:
        queryset = queryset.filter(object_id=filters.object_id)
    if filters.date_from is not None:
        queryset = queryset.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        queryset = queryset.filter(
            created_at__lt=_day_start(filters.date_to + datetime.timedelta(days=1))
        )
    return queryset


def audit_event_list(
    *, actor, filters: AuditFilters, cursor: str | None = None, size: int = 50
) -> Page:
    """One page of the log, newest first (keyset pagination on id)."""
    return keyset_page(
        audit_event_filtered(actor=actor, filters=filters), order=ORDER, cursor=cursor, size=size
    )


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str
    has_old: bool
    has_new: bool


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


def _field_label(object_type: str, name: str) -> str:
    try:
        model = apps.get_model(object_type)
        return str(model._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist, AttributeError):
        return name


def event_changes(event: AuditEvent) -> list[Change]:
    """The event's before/after as one line per field: old → new."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    names = list(after) + [name for name in before if name not in after]
    return [
        Change(
            field=name,
            label=_field_label(event.object_type, name),
            old=_display(before.get(name)),
            new=_display(after.get(name)),
            has_old=name in before,
            has_new=name in after,
        )
        for name in names
    ]


def object_type_choices() -> list[str]:
    """Model labels that may appear as an event's object type (no database query)."""
    return sorted(model._meta.label_lower for model in apps.get_models())

"""Writing to the audit log. Call inside the service's transaction."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from ganshi.audit.models import AuditAction, AuditChainHead, AuditEvent
from ganshi.core.bulk import insert_rows
from ganshi.core.field_encryption import EncryptedTextField
from ganshi.core.masks import mask_sensitive
from ganshi.core.year_month import YearMonth

GENESIS_HASH = "0" * 64


def event_digest(
    *,
    previous_hash: str,
    created_at: datetime.datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
) -> str:
    content = json.dumps(
        [
            previous_hash,
            created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            actor_id,
            actor_name,
            action,
            object_type,
            object_id,
            object_repr,
            before,
            after,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction."""
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or instance.pk
        object_repr = object_repr or str(instance)[:200]
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_name = actor.get_username() if actor_id else "system"
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, last_hash=GENESIS_HASH)
        # Truncate to microseconds as every database stores them.
        created_at = timezone.now().replace(tzinfo=datetime.UTC)
        fields = {
            "created_at": created_at,
            "actor_id": actor_id,
            "actor_name": actor_name,
            "action": str(action),
            "object_type": object_type,
            "object_id": str(object_id),
            "object_repr": object_repr[:200],
            "before": before,
            "after": after,
        }
        event = AuditEvent(
            **fields,
            previous_hash=head.last_hash,
            hash=event_digest(previous_hash=head.last_hash, **fields),
        )
        event.save(force_insert=True)
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return event


def audit_record_many(*, actor, entries: Iterable[dict[str, Any]], batch_size: int = 1000) -> int:
    """Append many events at once (a roster import): the chain head is locked once, each
    event chained to the one before exactly as ``audit_record`` does, the rows inserted in
    batches. Call inside the caller's transaction. Each entry holds ``action``,
    ``object_type``, ``object_id``, ``object_repr`` and optionally ``before``/``after``.
    Returns the number of events written."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_name = actor.get_username() if actor_id else "system"
    written = 0
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, last_hash=GENESIS_HASH)
        created_at = timezone.now().replace(tzinfo=datetime.UTC)
        previous_hash = head.last_hash
        pending: list[AuditEvent] = []

        last_id = [head.last_event_id]

        def flush() -> None:
            insert_rows(AuditEvent, pending)
            last_id[0] = pending[-1].pk
            pending.clear()

        for entry in entries:
            fields = {
                "created_at": created_at,
                "actor_id": actor_id,
                "actor_name": actor_name,
                "action": str(entry["action"]),
                "object_type": entry.get("object_type", ""),
                "object_id": str(entry.get("object_id", "")),
                "object_repr": str(entry.get("object_repr", ""))[:200],
                "before": entry.get("before"),
                "after": entry.get("after"),
            }
            digest = event_digest(previous_hash=previous_hash, **fields)
            pending.append(AuditEvent(**fields, previous_hash=previous_hash, hash=digest))
            previous_hash = digest
            written += 1
            if len(pending) >= batch_size:
                flush()
        if pending:
            flush()
        if written:
            head.last_hash = previous_hash
            head.last_event_id = last_id[0]
            head.save(update_fields=["last_hash", "last_event_id"])
    return written


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-ready picture of ``instance`` for before/after: encrypted fields masked."""
    result: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"id", "created_at", "updated_at"} or not field.editable:
            continue
        if fields is not None and field.name not in fields:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, EncryptedTextField):
            value = mask_sensitive(field.name, value)
        elif isinstance(field, models.FileField):
            value = value.name if value else ""
        elif isinstance(value, YearMonth):
            value = str(value)
        elif isinstance(value, datetime.date | datetime.datetime):
            value = value.isoformat()
        result[field.name] = value
    return result


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values differ."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def verify_chain(*, progress=None) -> tuple[int, AuditEvent | None, str]:
    """Walk the chain in order. Returns (events checked, first bad event, reason)."""
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return checked, event, "previous_hash"
        expected = event_digest(
            previous_hash=event.previous_hash,
            created_at=event.created_at,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            object_repr=event.object_repr,
            before=event.before,
            after=event.after,
        )
        if expected != event.hash:
            return checked, event, "hash"
        previous = event.hash
        last_id = event.pk
        checked += 1
        if progress is not None:
            progress(1)
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != previous or head.last_event_id != last_id):
        return checked, None, "head"
    return checked, None, ""


__all__ = [
    "AuditAction",
    "audit_record",
    "audit_record_many",
    "snapshot",
    "changes",
    "verify_chain",
]

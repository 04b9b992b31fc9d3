"""``ganshi audit verify``."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.audit.services import audit_record

DISABLE_APPEND_ONLY = {
    "sqlite": [
        "DROP TRIGGER audit_event_no_update",
        "DROP TRIGGER audit_event_no_delete",
    ],
    "postgresql": ["ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only"],
}


def disable_append_only() -> None:
    with connection.cursor() as cursor:
        for statement in DISABLE_APPEND_ONLY[connection.vendor]:
            cursor.execute(statement)


@pytest.fixture
def events(db):
    return [
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="cadres.cadre",
            object_id=number,
            after={"rank": number},
        )
        for number in (1, 2, 3)
    ]


def verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_verify_an_intact_chain(events):
    # given three events
    # when
    output = verify()
    # then
    assert output == "audit chain intact: 3 events verified\n"


def test_verify_an_empty_chain(db):
    # given / when / then
    assert verify() == "audit chain intact: 0 events verified\n"


def test_verify_names_the_first_edited_event(events):
    # given the second event edited behind the trigger's back
    first, second, third = events
    disable_append_only()
    AuditEvent.objects.filter(pk=second.pk).update(after={"rank": 20})
    # when
    with pytest.raises(CommandError) as caught:
        verify()
    # then
    when = timezone.localtime(second.created_at)
    assert str(caught.value) == (
        f"audit chain broken at event id={second.pk} ({when:%Y-%m-%d %H:%M:%S}, "
        "update cadres.cadre#2): its content does not match its hash; "
        "1 events before it are intact"
    )


def test_verify_names_the_event_after_a_deleted_one(events):
    # given the first event deleted
    first, second, third = events
    disable_append_only()
    AuditEvent.objects.filter(pk=first.pk).delete()
    # when
    with pytest.raises(CommandError) as caught:
        verify()
    # then
    when = timezone.localtime(second.created_at)
    assert str(caught.value) == (
        f"audit chain broken at event id={second.pk} ({when:%Y-%m-%d %H:%M:%S}, "
        "update cadres.cadre#2): its previous_hash does not match the event before it; "
        "0 events before it are intact"
    )


def test_verify_reports_a_deleted_last_event(events):
    # given the newest event deleted
    disable_append_only()
    AuditEvent.objects.filter(pk=events[2].pk).delete()
    # when
    with pytest.raises(CommandError) as caught:
        verify()
    # then
    assert str(caught.value) == (
        "audit chain broken after 2 intact events: the chain head does not match the last "
        "event (events were removed from the end)"
    )

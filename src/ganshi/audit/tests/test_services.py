"""The audit log: events chain by hash, the table is append-only, tampering shows."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from ganshi.audit.models import AuditAction, AuditChainHead, AuditEvent
from ganshi.audit.services import (
    GENESIS_HASH,
    audit_record,
    changes,
    event_digest,
    snapshot,
    verify_chain,
)
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.year_month import YearMonth

# Simulating an attacker with database access: switch the append-only trigger off.
DISABLE_APPEND_ONLY = {
    "sqlite": [
        "DROP TRIGGER audit_event_no_update",
        "DROP TRIGGER audit_event_no_delete",
    ],
    "postgresql": ["ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only"],
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def disable_append_only() -> None:
    with connection.cursor() as cursor:
        for statement in DISABLE_APPEND_ONLY[connection.vendor]:
            cursor.execute(statement)


def digest_of(event: AuditEvent) -> str:
    return event_digest(
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


@pytest.fixture
def three_events(county_staff):
    first = audit_record(
        actor=county_staff,
        action=AuditAction.CREATE,
        object_type="x.y",
        object_id=1,
        after={"a": 1},
    )
    second = audit_record(
        actor=county_staff,
        action=AuditAction.UPDATE,
        object_type="x.y",
        object_id=1,
        before={"a": 1},
        after={"a": 2, "名称": "一镇"},
    )
    third = audit_record(actor=None, action=AuditAction.SYSTEM, object_repr="nightly check")
    return [AuditEvent.objects.get(pk=event.pk) for event in (first, second, third)]


def test_events_chain_by_hash(three_events):
    # given three events recorded one after another
    first, second, third = three_events
    # when
    head = AuditChainHead.objects.get(pk=1)
    # then
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert [digest_of(event) for event in three_events] == [
        first.hash,
        second.hash,
        third.hash,
    ]
    assert (head.last_hash, head.last_event_id) == (third.hash, third.pk)


def test_event_fields(three_events, county_staff):
    # given
    first, second, third = three_events
    # when / then: stored as given, read back the same
    assert (first.actor_id, first.actor_name, first.action) == (county_staff.pk, "zzb", "create")
    assert (first.object_type, first.object_id, first.before, first.after) == (
        "x.y",
        "1",
        None,
        {"a": 1},
    )
    assert second.after == {"a": 2, "名称": "一镇"}
    assert (third.actor_id, third.actor_name, third.object_repr) == (
        None,
        "system",
        "nightly check",
    )


def test_an_instance_names_the_object(county, county_staff):
    # given
    unit = county["town1"]
    # when
    event = audit_record(actor=county_staff, action=AuditAction.UPDATE, instance=unit)
    # then
    assert (event.object_type, event.object_id, event.object_repr) == (
        "orgs.unit",
        str(unit.pk),
        "一镇",
    )


def test_an_intact_chain_verifies(three_events):
    # given / when
    result = verify_chain()
    # then
    assert result == (3, None, "")


def test_an_empty_chain_verifies(db):
    # given / when / then
    assert verify_chain() == (0, None, "")


def test_verify_reports_progress(three_events):
    # given
    steps: list[int] = []
    # when
    verify_chain(progress=steps.append)
    # then
    assert steps == [1, 1, 1]


def test_the_table_refuses_update(three_events):
    # given
    second = three_events[1]
    # when
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        AuditEvent.objects.filter(pk=second.pk).update(after={"a": 3})
    # then
    assert "audit_auditevent is append-only" in str(caught.value)
    assert AuditEvent.objects.get(pk=second.pk).after == {"a": 2, "名称": "一镇"}
    assert verify_chain() == (3, None, "")


def test_the_table_refuses_delete(three_events):
    # given
    third = three_events[2]
    # when
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        AuditEvent.objects.filter(pk=third.pk).delete()
    # then
    assert "audit_auditevent is append-only" in str(caught.value)
    assert AuditEvent.objects.count() == 3
    assert verify_chain() == (3, None, "")


def test_an_edited_event_is_found(three_events):
    # given someone who switched the trigger off and edited the middle event
    first, second, third = three_events
    disable_append_only()
    AuditEvent.objects.filter(pk=second.pk).update(after={"a": 3, "名称": "一镇"})
    # when
    checked, broken, reason = verify_chain()
    # then
    assert (checked, broken.pk, reason) == (1, second.pk, "hash")


def test_an_edited_event_with_a_recomputed_hash_breaks_the_next_link(three_events):
    # given an attacker who also recomputes the edited event's own hash
    first, second, third = three_events
    disable_append_only()
    second.after = {"a": 3}
    second.hash = digest_of(second)
    AuditEvent.objects.filter(pk=second.pk).update(after=second.after, hash=second.hash)
    # when
    checked, broken, reason = verify_chain()
    # then
    assert (checked, broken.pk, reason) == (2, third.pk, "previous_hash")


def test_a_deleted_middle_event_breaks_the_next_link(three_events):
    # given
    first, second, third = three_events
    disable_append_only()
    AuditEvent.objects.filter(pk=second.pk).delete()
    # when
    checked, broken, reason = verify_chain()
    # then
    assert (checked, broken.pk, reason) == (1, third.pk, "previous_hash")


def test_a_deleted_last_event_is_a_head_mismatch(three_events):
    # given
    first, second, third = three_events
    disable_append_only()
    AuditEvent.objects.filter(pk=third.pk).delete()
    # when
    result = verify_chain()
    # then
    assert result == (2, None, "head")


def test_the_chain_goes_on_after_verification(three_events, county_staff):
    # given a verified chain
    assert verify_chain() == (3, None, "")
    # when
    fourth = audit_record(actor=county_staff, action=AuditAction.EXPORT, object_type="cadres")
    # then
    assert fourth.previous_hash == three_events[2].hash
    assert verify_chain() == (4, None, "")


def test_snapshot_masks_encrypted_fields(county):
    # given
    cadre = CadreFactory(
        name="张三",
        unit=county["town1"],
        birth=YearMonth(1949, 12),
        id_number="11010519491231002X",
        phone="13812345678",
        home_address="一镇幸福路十二号院",
        notes="<b>备注</b>",
    )
    # when
    data = snapshot(cadre)
    # then
    assert data["id_number"] == "1101**********002X"
    assert data["phone"] == "138****5678"
    assert data["home_address"] == "一镇幸福路十****"
    assert data["birth"] == "1949.12"
    assert data["unit"] == county["town1"].pk
    assert data["notes"] == "<b>备注</b>"
    assert data["photo"] == ""
    assert "id_number_hash" not in data
    assert "name_pinyin" not in data
    assert "created_at" not in data


def test_snapshot_of_chosen_fields(county):
    # given
    cadre = CadreFactory(name="张三", unit=county["town1"], id_number="11010519491231002X")
    # when
    data = snapshot(cadre, ["name", "id_number"])
    # then
    assert data == {"name": "张三", "id_number": "1101**********002X"}


def test_changes_keeps_only_differences():
    # given
    before = {"name": "张三", "rank": 10, "phone": "1381***5678"}
    after = {"name": "张三", "rank": 9, "phone": "1381***5678", "notes": "新"}
    # when
    result = changes(before, after)
    # then
    assert result == ({"rank": 10, "notes": None}, {"rank": 9, "notes": "新"})

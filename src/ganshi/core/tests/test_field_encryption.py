"""Sensitive fields are encrypted at rest; the keyed hash finds duplicates."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from ganshi.cadres.models import Cadre
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.field_encryption import decrypt, encrypt, keyed_hash

ID_NUMBER = "11010519491231002X"


def raw_columns(pk: int) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, home_address FROM cadres_cadre WHERE id = %s", [pk]
        )
        return cursor.fetchone()


def test_sensitive_fields_round_trip_and_are_not_stored_in_clear(county):
    # given
    cadre = CadreFactory(
        unit=county["town1"],
        id_number=ID_NUMBER,
        phone="13812345678",
        home_address="一镇幸福路12号",
    )
    # when
    stored = raw_columns(cadre.pk)
    loaded = Cadre.objects.get(pk=cadre.pk)
    # then
    assert (loaded.id_number, loaded.phone, loaded.home_address) == (
        ID_NUMBER,
        "13812345678",
        "一镇幸福路12号",
    )
    assert ID_NUMBER not in stored[0]
    assert "13812345678" not in stored[1]
    assert "幸福路" not in stored[2]
    assert [value[:6] for value in stored] == ["gAAAAA", "gAAAAA", "gAAAAA"]
    assert [decrypt(value) for value in stored] == [ID_NUMBER, "13812345678", "一镇幸福路12号"]


def test_the_empty_string_stays_empty(county):
    # given
    cadre = CadreFactory(unit=county["town1"], id_number="", id_number_hash=None, phone="")
    # when
    stored = raw_columns(cadre.pk)
    # then
    assert stored == ("", "", "")
    assert Cadre.objects.get(pk=cadre.pk).id_number == ""


def test_each_encryption_is_different_but_decrypts_the_same():
    # given / when
    first, second = encrypt(ID_NUMBER), encrypt(ID_NUMBER)
    # then
    assert first != second
    assert decrypt(first) == decrypt(second) == ID_NUMBER


def test_a_token_under_another_key_cannot_be_read(settings):
    # given a token written under another key
    token = Fernet(Fernet.generate_key()).encrypt(b"secret").decode("ascii")
    # when
    with pytest.raises(ValueError) as caught:
        decrypt(token)
    # then
    assert str(caught.value) == "field cannot be decrypted with GANSHI_FIELD_KEY"


def test_keyed_hash_is_stable_and_hides_the_value():
    # given / when
    digest = keyed_hash(ID_NUMBER)
    # then
    assert digest == keyed_hash(ID_NUMBER)
    assert digest != keyed_hash("110105194912310021")
    assert len(digest) == 64
    assert set(digest) <= set("0123456789abcdef")
    assert ID_NUMBER not in digest
    assert digest != ID_NUMBER


def test_keyed_hash_depends_on_the_key(settings):
    # given the hash under the configured key
    before = keyed_hash(ID_NUMBER)
    # when the key changes
    settings.GANSHI_FIELD_KEY = Fernet.generate_key().decode("ascii")
    # then
    assert keyed_hash(ID_NUMBER) != before


def test_duplicates_are_found_by_hash_without_the_clear_value(county):
    # given
    cadre = CadreFactory(unit=county["town1"], id_number=ID_NUMBER)
    # when
    found = Cadre.objects.filter(id_number_hash=keyed_hash(ID_NUMBER)).get()
    # then
    assert found == cadre
    assert Cadre.objects.filter(id_number=ID_NUMBER).count() == 0

"""API tokens: only the hash is kept; a raw token finds its active user."""

from __future__ import annotations

import datetime
import hashlib
import importlib

import pytest
from django.test import override_settings
from django.utils import timezone

from ganshi.accounts.models import ApiToken, User
from ganshi.accounts.services import api_token_create, api_token_user, hash_token
from ganshi.audit.models import AuditEvent

NOW = datetime.datetime(2025, 6, 16, 1, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _setup(settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def test_a_token_is_stored_only_as_its_hash(county_staff, town1_staff):
    # given / when
    token, raw = api_token_create(actor=county_staff, user=town1_staff, name="报表脚本")
    # then
    stored = ApiToken.objects.get()
    assert raw.startswith("gs_")
    assert len(raw) == 46
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest() == hash_token(raw)
    assert (stored.user, stored.name, stored.prefix) == (town1_staff, "报表脚本", raw[:10])
    assert raw not in [stored.key_hash, stored.prefix, stored.name]
    assert (stored.last_used_at, stored.revoked_at) == (None, None)


def test_creating_a_token_is_audited_without_the_token(county_staff, town1_staff):
    # given / when
    token, raw = api_token_create(actor=county_staff, user=town1_staff, name="报表脚本")
    # then
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.object_type, event.object_id) == (
        "token_create",
        county_staff.pk,
        "accounts.apitoken",
        str(token.pk),
    )
    assert event.after == {"user": "town1", "name": "报表脚本"}
    assert raw not in str(event.before) + str(event.after) + event.object_repr


def test_two_tokens_differ(town1_staff):
    # given / when
    first = api_token_create(actor=None, user=town1_staff)[1]
    second = api_token_create(actor=None, user=town1_staff)[1]
    # then
    assert first != second
    assert ApiToken.objects.count() == 2


def test_a_token_finds_its_user_and_notes_the_use(town1_staff):
    # given
    token, raw = api_token_create(actor=None, user=town1_staff)
    # when
    user = api_token_user(raw)
    # then
    assert user == town1_staff
    assert ApiToken.objects.get().last_used_at == NOW


@pytest.mark.parametrize(
    "raw",
    ["", "gs_", "gs_wrong", "Bearer gs_wrong", "not-a-token"],
)
def test_a_wrong_token_finds_nobody(town1_staff, raw):
    # given a real token that is not the one offered
    api_token_create(actor=None, user=town1_staff)
    # when
    user = api_token_user(raw)
    # then
    assert user is None
    assert ApiToken.objects.get().last_used_at is None


def test_a_token_without_its_prefix_finds_nobody(town1_staff):
    # given
    token, raw = api_token_create(actor=None, user=town1_staff)
    # when / then
    assert api_token_user(raw[3:]) is None


def test_a_revoked_token_finds_nobody(town1_staff):
    # given
    token, raw = api_token_create(actor=None, user=town1_staff)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=NOW)
    # when
    user = api_token_user(raw)
    # then
    assert user is None
    assert ApiToken.objects.get().last_used_at is None


def test_an_inactive_users_token_finds_nobody(town1_staff):
    # given
    token, raw = api_token_create(actor=None, user=town1_staff)
    User.objects.filter(pk=town1_staff.pk).update(is_active=False)
    # when
    user = api_token_user(raw)
    # then
    assert user is None
    assert ApiToken.objects.get().last_used_at is None


def test_the_token_user_comes_with_its_scope_loaded(town1_staff, django_assert_num_queries):
    # given
    token, raw = api_token_create(actor=None, user=town1_staff)
    # when: one query to find the token with its user, one to note the use
    with django_assert_num_queries(2):
        user = api_token_user(raw)
        path = user.scope_unit.path
    # then
    assert path == town1_staff.scope_unit.path


def test_passwords_are_hashed_with_argon2():
    # given: the project's settings module (tests swap in a fast hasher per test)
    project_settings = importlib.import_module("ganshi.settings")
    user = User(username="argon")
    # when
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        user.set_password("correct horse battery")
    # then
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize(
    ("first_name", "last_name", "expected"),
    [("丽萍", "黄", "黄丽萍"), ("Ada", "Lovelace", "Ada Lovelace"), ("", "", "")],
)
def test_full_name_puts_a_chinese_family_name_first(first_name, last_name, expected):
    # given
    user = User(username="u", first_name=first_name, last_name=last_name)
    # then
    assert user.get_full_name() == expected

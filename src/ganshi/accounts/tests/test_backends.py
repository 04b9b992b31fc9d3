"""Log-in with lockout after repeated failures; every attempt is audited."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from ganshi.accounts.models import User
from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import PASSWORD, UserFactory
from ganshi.audit.models import AuditEvent
from ganshi.audit.services import verify_chain

NOW = datetime.datetime(2025, 6, 16, 1, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _setup(settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.GANSHI_LOCKOUT_ATTEMPTS = 3
    settings.GANSHI_LOCKOUT_MINUTES = 15
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def user(county):
    return UserFactory(username="zhang", role=Role.COUNTY_STAFF, scope_unit=county["root"])


def log_in(password: str, username: str = "zhang"):
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password), request


def events() -> list[tuple[str, int | None, str, dict | None]]:
    return [
        (event.action, event.actor_id, event.object_id, event.after)
        for event in AuditEvent.objects.order_by("id")
    ]


def test_the_right_password_logs_in_and_is_audited(user):
    # given / when
    result, request = log_in(PASSWORD)
    # then
    assert result == user
    assert events() == [("login", user.pk, str(user.pk), None)]


def test_wrong_passwords_lock_the_account(user):
    # given / when: as many failures as allowed
    results = [log_in("wrong")[0] for _ in range(3)]
    # then
    user.refresh_from_db()
    locked_until = NOW + datetime.timedelta(minutes=15)
    assert results == [None, None, None]
    assert (user.failed_login_count, user.locked_until) == (0, locked_until)
    assert events() == [
        ("login_failed", None, str(user.pk), {"failed_login_count": 1}),
        ("login_failed", None, str(user.pk), {"failed_login_count": 2}),
        (
            "login_failed",
            None,
            str(user.pk),
            {"failed_login_count": 3, "locked_until": "2025-06-16T01:45:00+00:00"},
        ),
    ]
    assert verify_chain() == (3, None, "")


def test_the_locking_failure_tells_the_request(user):
    # given two failures
    log_in("wrong")
    log_in("wrong")
    # when
    result, request = log_in("wrong")
    # then
    assert result is None
    assert request.ganshi_locked_until == NOW + datetime.timedelta(minutes=15)


def test_the_right_password_is_refused_while_locked(user):
    # given a locked account
    locked_until = NOW + datetime.timedelta(minutes=10)
    User.objects.filter(pk=user.pk).update(locked_until=locked_until)
    # when
    result, request = log_in(PASSWORD)
    # then: refused, the request told why, the attempt audited, nothing else changed
    user.refresh_from_db()
    assert result is None
    assert request.ganshi_locked_until == locked_until
    assert (user.failed_login_count, user.locked_until, user.last_login) == (0, locked_until, None)
    assert events() == [
        ("login_failed", None, str(user.pk), {"locked_until": "2025-06-16T01:40:00+00:00"})
    ]


def test_wrong_passwords_while_locked_do_not_extend_the_lock(user):
    # given a locked account
    locked_until = NOW + datetime.timedelta(minutes=10)
    User.objects.filter(pk=user.pk).update(locked_until=locked_until)
    # when
    results = [log_in("wrong")[0] for _ in range(5)]
    # then
    user.refresh_from_db()
    assert results == [None] * 5
    assert (user.failed_login_count, user.locked_until) == (0, locked_until)
    assert AuditEvent.objects.filter(action="login_failed").count() == 5


def test_an_expired_lock_lets_the_right_password_in(user):
    # given a lock that ended a minute ago
    User.objects.filter(pk=user.pk).update(locked_until=NOW - datetime.timedelta(minutes=1))
    # when
    result, request = log_in(PASSWORD)
    # then
    user.refresh_from_db()
    assert result == user
    assert (user.failed_login_count, user.locked_until) == (0, None)
    assert not hasattr(request, "ganshi_locked_until")


def test_success_resets_the_counter(user):
    # given two failures
    log_in("wrong")
    log_in("wrong")
    # when
    result, request = log_in(PASSWORD)
    # then: the count starts again, so two more failures do not lock
    user.refresh_from_db()
    assert result == user
    assert user.failed_login_count == 0
    assert [log_in("wrong")[0] for _ in range(2)] == [None, None]
    user.refresh_from_db()
    assert (user.failed_login_count, user.locked_until) == (2, None)
    assert [event[0] for event in events()] == [
        "login_failed",
        "login_failed",
        "login",
        "login_failed",
        "login_failed",
    ]


def test_an_unknown_user_name_is_refused_and_changes_nothing(user):
    # given / when
    result, request = log_in(PASSWORD, username="nobody")
    # then
    assert result is None
    assert User.objects.count() == 1
    assert events() == []


def test_an_inactive_user_is_refused_even_with_the_right_password(user):
    # given
    User.objects.filter(pk=user.pk).update(is_active=False)
    # when
    result, request = log_in(PASSWORD)
    # then
    user.refresh_from_db()
    assert result is None
    assert user.failed_login_count == 1
    assert events() == [("login_failed", None, str(user.pk), {"failed_login_count": 1})]


def test_missing_credentials_are_refused(user):
    # given / when
    result = authenticate(None, username="zhang")
    # then
    assert result is None
    assert events() == []

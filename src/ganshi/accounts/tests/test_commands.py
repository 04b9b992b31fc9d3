"""``ganshi token create USERNAME``."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from ganshi.accounts.models import ApiToken
from ganshi.accounts.services import api_token_user
from ganshi.audit.models import AuditEvent


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_token_create_prints_a_token_that_works(town1_staff):
    # given
    out, err = io.StringIO(), io.StringIO()
    # when
    call_command("token", "create", "town1", "--name", "夜间同步", stdout=out, stderr=err)
    # then
    raw = out.getvalue().strip()
    assert api_token_user(raw) == town1_staff
    assert ApiToken.objects.get().name == "夜间同步"
    assert err.getvalue() == (
        "Use it as the header `Authorization: Bearer <token>`; it is shown only this once.\n"
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.actor_name) == ("token_create", None, "system")


def test_token_create_for_an_unknown_user_fails_and_writes_nothing(town1_staff):
    # given
    out = io.StringIO()
    # when
    with pytest.raises(CommandError) as caught:
        call_command("token", "create", "nobody", stdout=out, stderr=io.StringIO())
    # then
    assert str(caught.value) == "no user named 'nobody'"
    assert out.getvalue() == ""
    assert ApiToken.objects.count() == 0
    assert AuditEvent.objects.count() == 0

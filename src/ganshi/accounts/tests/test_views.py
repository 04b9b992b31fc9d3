import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from ganshi.accounts.forms import LoginForm
from ganshi.accounts.models import User
from ganshi.accounts.tests.factories import PASSWORD
from ganshi.audit.models import AuditAction, AuditEvent

LOGIN = "/accounts/login/"


def message(key: str, **params) -> str:
    """A form message as the page shows it (the site's language, HTML-escaped)."""
    with override("zh-hans"):
        return escape(str(LoginForm.error_messages[key]) % params)


def form_error_codes(response) -> list[str]:
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def test_login_url_names():
    assert reverse("accounts:login") == LOGIN
    assert reverse("accounts:logout") == "/accounts/logout/"


@pytest.mark.django_db
def test_login_page_renders_for_anonymous_user(client):
    # when
    response = client.get(LOGIN)
    # then
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="password"' in response.content.decode()


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login(client):
    # when
    response = client.get("/orgs/units/")
    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/orgs/units/"


def test_login_with_right_password_goes_home(client, county_staff):
    # when
    response = client.post(LOGIN, {"username": "zzb", "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(county_staff.pk)
    assert (
        AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_id=county_staff.pk).count() == 1
    )


def test_login_follows_next(client, county_staff):
    # when
    response = client.post(LOGIN, {"username": "zzb", "password": PASSWORD, "next": "/orgs/units/"})
    # then
    assert response["Location"] == "/orgs/units/"


def test_wrong_password_shows_message_and_counts_failure(client, county_staff):
    # when
    response = client.post(LOGIN, {"username": "zzb", "password": "wrong"})
    # then
    assert response.status_code == 200
    assert form_error_codes(response) == ["invalid_login"]
    assert message("invalid_login") in response.content.decode()
    assert "_auth_user_id" not in client.session
    county_staff.refresh_from_db()
    assert county_staff.failed_login_count == 1
    assert county_staff.locked_until is None


def test_unknown_user_gets_same_message(client, county_staff):
    # when
    response = client.post(LOGIN, {"username": "nobody", "password": "wrong"})
    # then
    assert form_error_codes(response) == ["invalid_login"]
    assert "_auth_user_id" not in client.session


def test_account_locks_after_the_configured_failures(client, county_staff, settings):
    # given
    settings.GANSHI_LOCKOUT_ATTEMPTS = 3
    for _attempt in range(2):
        client.post(LOGIN, {"username": "zzb", "password": "wrong"})
    # when
    response = client.post(LOGIN, {"username": "zzb", "password": "wrong"})
    # then
    county_staff.refresh_from_db()
    assert county_staff.locked_until is not None
    assert form_error_codes(response) == ["locked"]
    until = timezone.localtime(county_staff.locked_until).strftime("%Y-%m-%d %H:%M")
    assert message("locked", until=until) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_locked_account_refuses_the_right_password(client, county_staff):
    # given
    locked_until = timezone.now() + datetime.timedelta(minutes=10)
    User.objects.filter(pk=county_staff.pk).update(locked_until=locked_until)
    # when
    response = client.post(LOGIN, {"username": "zzb", "password": PASSWORD})
    # then
    assert response.status_code == 200
    assert form_error_codes(response) == ["locked"]
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_right_password_works_again_when_the_lock_has_ended(client, county_staff):
    # given
    User.objects.filter(pk=county_staff.pk).update(
        locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    # when
    response = client.post(LOGIN, {"username": "zzb", "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(county_staff.pk)
    county_staff.refresh_from_db()
    assert county_staff.locked_until is None


def test_logged_in_user_visiting_login_is_sent_home(client, county_staff):
    # given
    client.force_login(county_staff)
    # when
    response = client.get(LOGIN)
    # then
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_by_post(client, county_staff):
    # given
    client.force_login(county_staff)
    # when
    response = client.post("/accounts/logout/")
    # then
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_logout_by_get_is_refused(client, county_staff):
    # given
    client.force_login(county_staff)
    # when
    response = client.get("/accounts/logout/")
    # then
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(county_staff.pk)

"""API authentication: bearer tokens, the web session with CSRF, and the role checks."""

from __future__ import annotations

import json

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from ganshi.accounts.models import ApiToken
from ganshi.accounts.roles import Role
from ganshi.accounts.services import api_token_create
from ganshi.accounts.tests.factories import UserFactory
from ganshi.audit.models import AuditEvent
from ganshi.cadres.models import Cadre

UNAUTHORIZED = "Log in, or send a valid API token as “Authorization: Bearer <token>”."


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def new_cadre(unit) -> str:
    return json.dumps({"name": "赵六", "gender": "male", "birth": "1985.03", "unit": unit.pk})


def test_a_bearer_token_authenticates(client, county_staff):
    # given
    token, raw = api_token_create(actor=None, user=county_staff)

    # when
    response = client.get("/api/v1/units", headers={"Authorization": f"Bearer {raw}"})

    # then
    assert response.status_code == 200
    assert [unit["name"] for unit in response.json()["items"]] == ["示范县"]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer gs_not-a-real-token",
        "Bearer ",
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "gs_only-the-token",
    ],
)
def test_a_wrong_token_is_401(client, county_staff, header):
    # when
    response = client.get("/api/v1/units", headers={"Authorization": header})

    # then
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHORIZED}
    assert response["WWW-Authenticate"] == 'Bearer realm="ganshi"'


def test_a_revoked_token_is_401(client, county_staff):
    # given
    token, raw = api_token_create(actor=None, user=county_staff)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())

    # when
    response = client.get("/api/v1/units", headers={"Authorization": f"Bearer {raw}"})

    # then
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHORIZED}


def test_the_token_of_a_deactivated_user_is_401(client, county_staff):
    # given
    _token, raw = api_token_create(actor=None, user=county_staff)
    county_staff.is_active = False
    county_staff.save(update_fields=["is_active"])

    # when
    response = client.get("/api/v1/units", headers={"Authorization": f"Bearer {raw}"})

    # then
    assert response.status_code == 401


def test_a_wrong_token_is_401_even_with_a_session(client, county_staff):
    # given
    client.force_login(county_staff)

    # when
    response = client.get("/api/v1/units", headers={"Authorization": "Bearer gs_wrong"})

    # then
    assert response.status_code == 401


def test_no_credentials_is_401(client, county):
    # when
    response = client.get("/api/v1/cadres")

    # then
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHORIZED}


def test_an_anonymous_post_is_401_not_a_csrf_failure(county):
    # given
    client = Client(enforce_csrf_checks=True)

    # when
    response = client.post(
        "/api/v1/cadres", data=new_cadre(county["town1"]), content_type="application/json"
    )

    # then
    assert response.status_code == 401
    assert Cadre.objects.count() == 0


def test_the_session_authenticates(client, county_staff):
    # given
    client.force_login(county_staff)

    # when
    response = client.get("/api/v1/units")

    # then
    assert response.status_code == 200


def test_a_session_post_without_the_csrf_token_is_403_and_writes_nothing(county, county_staff):
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_staff)
    events = AuditEvent.objects.count()

    # when
    response = client.post(
        "/api/v1/cadres", data=new_cadre(county["town1"]), content_type="application/json"
    )

    # then
    assert response.status_code == 403
    assert response.json() == {
        "detail": "The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."
    }
    assert Cadre.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_session_post_with_the_csrf_token_is_accepted(county, county_staff):
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_staff)
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret

    # when
    response = client.post(
        "/api/v1/cadres",
        data=new_cadre(county["town1"]),
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )

    # then
    assert response.status_code == 201
    assert Cadre.objects.count() == 1


def test_a_bearer_post_needs_no_csrf_token(county, county_staff):
    # given
    client = Client(enforce_csrf_checks=True)
    _token, raw = api_token_create(actor=None, user=county_staff)

    # when
    response = client.post(
        "/api/v1/cadres",
        data=new_cadre(county["town1"]),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    # then
    assert response.status_code == 201
    assert Cadre.objects.count() == 1


def test_a_role_that_does_not_read_the_registry_is_403(client, auditor):
    # given
    _token, raw = api_token_create(actor=None, user=auditor)

    # when
    response = client.get("/api/v1/cadres", headers={"Authorization": f"Bearer {raw}"})

    # then
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role cannot read the registry."}


def test_a_read_only_role_cannot_write(client, county, leader):
    # given
    _token, raw = api_token_create(actor=None, user=leader)
    events = AuditEvent.objects.count()

    # when
    response = client.post(
        "/api/v1/cadres",
        data=new_cadre(county["town1"]),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    # then
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role cannot change the registry."}
    assert Cadre.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_cadre_self_service_user_sees_only_their_own_unit(client, county):
    # given
    user = UserFactory(username="self", role=Role.CADRE_SELF, scope_unit=county["town1"])
    _token, raw = api_token_create(actor=None, user=user)

    # when
    response = client.get("/api/v1/cadres", headers={"Authorization": f"Bearer {raw}"})

    # then
    assert response.status_code == 200
    assert response.json() == {"items": [], "next": None}

"""Authentication and role checks for the JSON API.

Two ways in: an ``Authorization: Bearer <token>`` header (tokens from
``ganshi token create USER``), or the web session, whose unsafe requests (POST, PATCH …)
must carry the CSRF token. A request with a bearer header is judged by the token alone:
a wrong or revoked token answers 401 even when a session cookie comes along.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from ganshi.accounts.services import api_token_user
from ganshi.core.api_errors import ApiForbidden


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer gs_…``: the token's user, or 401."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header)
        if not header:
            return None  # let the session have a go
        scheme, _space, raw = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise AuthenticationError()
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is None:
            raise AuthenticationError()
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in web user; CSRF checked on unsafe methods (403 when it fails)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed")
        return user

    def authenticate(
        self, request: HttpRequest, key: str | None
    ):  # pragma: no cover - see __call__
        return None


API_AUTH = [BearerTokenAuth(), SessionAuth()]


def require_reader(request: HttpRequest):
    """The acting user when the role reads the registry; 403 otherwise."""
    actor = request.auth
    if not actor.can_read_registry:
        raise ApiForbidden(_("Your role cannot read the registry."))
    return actor


def require_editor(request: HttpRequest):
    """The acting user when the role edits the registry; 403 otherwise."""
    actor = request.auth
    if not actor.can_edit_registry:
        raise ApiForbidden(_("Your role cannot change the registry."))
    return actor

"""Errors of the JSON API, in one shape whatever raised them.

Bad input (HTTP 400 or 422) answers ``{"errors": [{"field": "birth", "message": "…"}, …]}``
naming every bad field of the request at once; ``field`` is null for an error about the
request as a whole (a body that is not JSON). Every other refusal answers
``{"detail": "…"}``: 401 not logged in, 403 the role may not, 404 not found or out of
scope. Messages go through gettext, so a Chinese client reads Chinese.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

NON_FIELD = "__all__"
# The largest id a database column holds (bigint); larger numbers name nothing.
MAX_ID = 2**63 - 1


class FieldError(Schema):
    field: str | None
    message: str


class ErrorsOut(Schema):
    errors: list[FieldError]


class DetailOut(Schema):
    detail: str


class ApiValidationError(Exception):
    """Bad input: the fields and their messages (status 422, or 400 for a body that is no JSON)."""

    def __init__(self, errors: list[dict[str, Any]], *, status: int = 422) -> None:
        super().__init__(errors)
        self.errors = errors
        self.status = status


class ApiForbidden(Exception):
    """The actor's role may not do this (status 403)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FieldErrors:
    """Collects errors field by field so that one answer names every bad field."""

    def __init__(self) -> None:
        self.by_field: dict[str | None, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def __contains__(self, field: str) -> bool:
        return field in self.by_field

    def add(self, field: str | None, message: str) -> None:
        field = None if field == NON_FIELD else field
        messages = self.by_field.setdefault(field, [])
        if message not in messages:
            messages.append(message)

    def merge(
        self, error: DjangoValidationError, *, skip: set[str | None] | frozenset = frozenset()
    ) -> None:
        """Add a Django ``ValidationError``; fields in ``skip`` (already reported) are left out."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                if field in skip:
                    continue
                for message in messages:
                    self.add(field, message)
        else:
            for message in error.messages:
                self.add(None, message)

    def as_list(self) -> list[dict[str, Any]]:
        return [
            {"field": field, "message": message}
            for field, messages in self.by_field.items()
            for message in messages
        ]

    def exception(self, *, status: int = 422) -> ApiValidationError:
        return ApiValidationError(self.as_list(), status=status)

    def raise_if_any(self) -> None:
        if self:
            raise self.exception()


def read_json_object(request: HttpRequest) -> dict[str, Any]:
    """The request body as a JSON object, or an ``ApiValidationError`` saying what is wrong."""
    try:
        body = request.body
    except RequestDataTooBig:
        raise ApiValidationError(
            [{"field": None, "message": _("The request is too large.")}], status=413
        ) from None
    if not body.strip():
        raise ApiValidationError(
            [{"field": None, "message": _("The request body is empty; send a JSON object.")}],
            status=400,
        )
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise ApiValidationError(
            [{"field": None, "message": _("The request body is not valid JSON.")}], status=400
        ) from None
    if not isinstance(data, dict):
        raise ApiValidationError(
            [{"field": None, "message": _("The request body must be a JSON object of fields.")}],
            status=400,
        )
    return data


def check_query_params(request: HttpRequest, allowed: set[str]) -> None:
    """Refuse query parameters the endpoint does not know: a misspelt filter must not
    silently give the unfiltered list."""
    errors = FieldErrors()
    for name in sorted(set(request.GET) - allowed):
        errors.add(name, _("Unknown parameter."))
    errors.raise_if_any()


# --- pydantic errors (path and query parameters ninja validates) ---------------------------


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"float_parsing", "float_type", "decimal_parsing"}:
        return _("Enter a number.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter true or false.")
    if kind in {"string_type", "string_unicode"}:
        return _("Enter text.")
    if kind in {"greater_than_equal", "greater_than"}:
        limit = context.get("ge", context.get("gt"))
        return _("Enter a number no smaller than %(limit)s.") % {"limit": limit}
    if kind in {"less_than_equal", "less_than"}:
        limit = context.get("le", context.get("lt"))
        return _("Enter a number no larger than %(limit)s.") % {"limit": limit}
    if kind == "string_too_long":
        return _("Enter at most %(count)s characters.") % {"count": context.get("max_length")}
    if kind == "string_too_short":
        return _("Enter at least %(count)s characters.") % {"count": context.get("min_length")}
    if kind in {"enum", "literal_error"}:
        return _("Choose one of: %(choices)s.") % {"choices": context.get("expected", "")}
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return _("Send a JSON object.")
    if kind in {"list_type", "tuple_type", "set_type"}:
        return _("Send a list.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("This value is not valid.")


def _pydantic_field(loc: tuple | list) -> str | None:
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]  # "body", the parameter's name, then the field
    elif parts and parts[0] in {"path", "query", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts) or None


def pydantic_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    collected = FieldErrors()
    for error in errors:
        collected.add(_pydantic_field(error.get("loc", ())), _pydantic_message(error))
    return collected.as_list()


# --- handlers ------------------------------------------------------------------------------


def _errors_response(
    api: NinjaAPI, request: HttpRequest, errors: list[dict[str, Any]], status: int
):
    return api.create_response(request, {"errors": errors}, status=status)


def _detail_response(api: NinjaAPI, request: HttpRequest, detail: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


def unauthorized_message() -> str:
    return _("Log in, or send a valid API token as “Authorization: Bearer <token>”.")


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default error answers with the ones described above."""

    def on_ninja_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return _errors_response(api, request, pydantic_errors(exc.errors), 422)

    def on_api_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return _errors_response(api, request, exc.errors, exc.status)

    def on_django_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = FieldErrors()
        errors.merge(exc)
        return _errors_response(api, request, errors.as_list(), 422)

    def on_forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return _detail_response(api, request, exc.message, 403)

    def on_permission_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        return _detail_response(api, request, _("Your role cannot do this."), 403)

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return _detail_response(api, request, _("Not found."), 404)

    def on_too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        return _errors_response(
            api, request, [{"field": None, "message": _("The request is too large.")}], 413
        )

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            response = _detail_response(api, request, unauthorized_message(), 401)
            response["WWW-Authenticate"] = 'Bearer realm="ganshi"'
            return response
        if exc.status_code == 403 and "csrf" in exc.message.lower():
            return _detail_response(
                api,
                request,
                _(
                    "The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."
                ),
                403,
            )
        if exc.status_code == 400:  # ninja could not read the body
            return _errors_response(
                api,
                request,
                [{"field": None, "message": _("The request body is not valid JSON.")}],
                400,
            )
        return _detail_response(api, request, str(exc), exc.status_code)

    api.add_exception_handler(NinjaValidationError, on_ninja_validation)
    api.add_exception_handler(ApiValidationError, on_api_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(ApiForbidden, on_forbidden)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
    api.add_exception_handler(HttpError, on_http_error)


# Responses every authenticated endpoint may give, for the OpenAPI document.
COMMON_RESPONSES = {401: DetailOut, 403: DetailOut}

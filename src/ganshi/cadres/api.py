"""API on the cadre registry (thin: parse, call a selector or service, render).

Writes parse the body field by field and then call the service (which creates new tags
named in ``tags``) inside one outer transaction; when either found a bad field, the
answer lists them all and the transaction is rolled back, so nothing (no row, no tag,
no audit event) is written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router

from ganshi.accounts.api_auth import require_editor, require_reader
from ganshi.cadres.models import Cadre
from ganshi.cadres.schemas import (
    SENSITIVE_FIELDS,
    CadreDetail,
    CadreIn,
    CadrePage,
    cadre_data,
    cadre_detail_data,
    parse_cadre_input,
    parse_list_parameters,
)
from ganshi.cadres.selectors import cadre_get, cadre_get_full, cadre_list
from ganshi.cadres.services import cadre_create, cadre_reveal_sensitive, cadre_update
from ganshi.core.api_errors import (
    COMMON_RESPONSES,
    MAX_ID,
    ApiValidationError,
    DetailOut,
    ErrorsOut,
    FieldErrors,
    check_query_params,
    read_json_object,
)

router = Router(tags=["cadres"])

WRITE_RESPONSES = {
    400: ErrorsOut,
    404: DetailOut,
    413: ErrorsOut,
    422: ErrorsOut,
    **COMMON_RESPONSES,
}
BODY_DOCUMENTATION = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": CadreIn.model_json_schema()}},
    }
}
TRUE_WORDS = {"1", "true", "yes"}
FALSE_WORDS = {"", "0", "false", "no"}


class _Discard(Exception):
    """Raised inside the write's transaction to roll it back."""


def _write(*, errors: FieldErrors, save: Callable[[], Cadre]) -> Cadre:
    """Run ``save()`` (a service call) and keep its work only when nothing was wrong.

    The service runs even when parsing already found bad fields, so that its domain
    errors (a wrong check digit, an unknown unit …) come back in the same answer; its
    errors on fields that failed to parse are left out, as they would only repeat them.
    """
    parse_failures = set(errors.by_field)
    try:
        with transaction.atomic():
            try:
                cadre = save()
            except ValidationError as error:
                errors.merge(error, skip=parse_failures)
            if errors:
                raise _Discard
    except _Discard:
        raise errors.exception() from None
    return cadre


@router.get(
    "/cadres",
    operation_id="cadres_list",
    response={200: CadrePage, 422: ErrorsOut, **COMMON_RESPONSES},
    summary="Search and filter the registry, a page at a time",
    openapi_extra={
        "parameters": [
            {
                "in": "query",
                "name": name,
                "required": False,
                "schema": {"type": "string"},
                "description": text,
            }
            for name, text in (
                ("q", "A name (张三), its pinyin (zhangsan) or initials (zs): the start of it."),
                ("unit", "A unit's id: cadres of it and every unit under it."),
                ("rank", "Rank code (1 … 12, 99)."),
                (
                    "leadership_level",
                    "county_chief, county_deputy, township_chief, township_deputy, village, none",
                ),
                ("age_band", "to30, 31-35, 36-40, 41-45, 46-50, 51-55, 56-60, 61+, young"),
                ("gender", "male, female"),
                ("ethnicity", "GB 3304 code, or “minority”."),
                (
                    "education",
                    "postgraduate, bachelor, junior_college, secondary, high_school_or_below",
                ),
                ("political_status", "GB 4762 code (01 中共党员 … 13 群众)."),
                ("category", "civil_servant, public_institution, village"),
                ("tag", "A tag's name."),
                ("status", "active (the default), retired, left, or all."),
                ("sort", "pinyin (the default), birth, -birth, rank, -created"),
                ("cursor", "The “next” of the previous page."),
                ("limit", "Page size, 1 to 200 (default 50)."),
            )
        ]
    },
)
def cadres(request: HttpRequest):
    """``{"items": [...], "next": cursor or null}``. Sensitive fields are always masked
    in the list."""
    actor = require_reader(request)
    filters, cursor, limit = parse_list_parameters(request.GET, actor=actor)
    page = cadre_list(actor=actor, filters=filters, cursor=cursor, size=limit)
    prefetch_related_objects(page.items, "tags")
    return {"items": [cadre_data(cadre) for cadre in page.items], "next": page.next_cursor}


@router.post(
    "/cadres",
    operation_id="cadre_create",
    response={201: CadreDetail, **WRITE_RESPONSES},
    summary="Create a cadre",
    openapi_extra=BODY_DOCUMENTATION,
)
def cadre_create_view(request: HttpRequest):
    """Every bad field is named in one answer (parsing and domain rules together);
    nothing is written unless all are good."""
    actor = require_editor(request)
    check_query_params(request, set())
    payload = read_json_object(request)
    errors = FieldErrors()
    data, tag_names = parse_cadre_input(payload, actor=actor, errors=errors)
    created = _write(
        errors=errors, save=lambda: cadre_create(actor=actor, data=data, tag_names=tag_names)
    )
    return 201, cadre_detail_data(cadre_get_full(actor=actor, pk=created.pk))


@router.get(
    "/cadres/{cadre_id}",
    operation_id="cadre_get",
    response={200: CadreDetail, 404: DetailOut, 422: ErrorsOut, **COMMON_RESPONSES},
    summary="One cadre with the records of the 任免审批表",
)
def cadre_detail(request: HttpRequest, cadre_id: int = Path(..., ge=1, le=MAX_ID)):
    """``?reveal=1`` shows the ID number, phone and home address in full to a role that
    may see them, and records the read in the audit log; otherwise they are masked."""
    actor = require_reader(request)
    check_query_params(request, {"reveal"})
    reveal = request.GET.get("reveal", "").strip().lower()
    if reveal not in TRUE_WORDS | FALSE_WORDS:
        raise ApiValidationError([{"field": "reveal", "message": _("Enter 1 or 0.")}])
    cadre = cadre_get_full(actor=actor, pk=cadre_id)
    revealed = None
    if reveal in TRUE_WORDS and actor.can_see_sensitive:
        revealed = cadre_reveal_sensitive(actor=actor, cadre=cadre, fields=SENSITIVE_FIELDS)
    return cadre_detail_data(cadre, revealed=revealed)


@router.patch(
    "/cadres/{cadre_id}",
    operation_id="cadre_update",
    response={200: CadreDetail, **WRITE_RESPONSES},
    summary="Change some fields of a cadre",
    openapi_extra=BODY_DOCUMENTATION,
)
def cadre_update_view(request: HttpRequest, cadre_id: int = Path(..., ge=1, le=MAX_ID)):
    """Send only the fields to change; ``tags``, when sent, replaces the cadre's tags."""
    actor = require_editor(request)
    check_query_params(request, set())
    cadre = cadre_get(actor=actor, pk=cadre_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    data, tag_names = parse_cadre_input(payload, actor=actor, errors=errors)
    _write(
        errors=errors,
        save=lambda: cadre_update(actor=actor, cadre=cadre, data=data, tag_names=tag_names),
    )
    return cadre_detail_data(cadre_get_full(actor=actor, pk=cadre.pk))

"""API for 任免审批表 files (thin: parse, call ``lrmx_import`` / ``lrmx_export``, answer).

- ``POST /lrmx/imports`` (multipart: ``files`` one or more, ``unit`` optional id): stage
  the upload and answer the preview, with the ``token`` to apply it.
- ``GET /lrmx/imports/{token}``: the preview again.
- ``POST /lrmx/imports/{token}/apply``: import the good files; the report.
- ``GET /lrmx/export?cadre=1&cadre=2``: .lrmx (one cadre) or .zip.
- ``GET /lrmx/print?cadre=1&format=pdf|docx[&at=2026-06-20]``: the printed form.

Same scope and messages as the web pages: a cadre or unit outside the actor's scope
answers 404, a bad parameter 422 naming it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from ganshi.accounts.api_auth import require_editor, require_reader
from ganshi.core.api_errors import COMMON_RESPONSES, DetailOut, ErrorsOut, check_query_params
from ganshi.interchange.lrmx_export import (
    FORMATS,
    form_print,
    lrmx_export,
    parse_age_date,
    parse_cadre_ids,
)
from ganshi.interchange.lrmx_import import (
    collect_sources,
    lrmx_preview,
    lrmx_stage,
    lrmx_staged_run,
)
from ganshi.interchange.lrmx_views import download_response
from ganshi.orgs.selectors import unit_get

router = Router(tags=["lrmx"])
RESPONSES = {404: DetailOut, 413: ErrorsOut, 422: ErrorsOut, **COMMON_RESPONSES}


class FileResultOut(Schema):
    name: str
    status: str
    cadre_name: str
    cadre_id: int | None
    changes: list[str]
    errors: list[str]
    warnings: list[str]


class CountsOut(Schema):
    new: int
    update: int
    unchanged: int
    error: int


class ReportOut(Schema):
    token: str
    applied: bool
    counts: CountsOut
    files: list[FileResultOut]


def _report(token: str, report) -> dict:
    return {"token": token, **report.as_dict()}


def _unit(actor, unit_id: int | None):
    return unit_get(actor=actor, pk=unit_id) if unit_id is not None else None


@router.post(
    "/lrmx/imports", response={200: ReportOut, **RESPONSES}, summary="Upload forms: preview"
)
def import_upload(
    request: HttpRequest,
    files: list[UploadedFile] = File(...),  # noqa: B008 - ninja's way of declaring a file
    unit: int | None = Form(None),  # noqa: B008
):
    """Stage .lrmx / .lrm + .pic / .zip files and say, for each form, what importing it
    would do (new, update, unchanged, error with the reasons); nothing is written."""
    actor = require_editor(request)
    staged = lrmx_stage(actor=actor, uploads=files, unit=_unit(actor, unit))
    sources, errors = collect_sources(staged.files())
    report = lrmx_preview(actor=actor, sources=sources, errors=errors, unit=_unit(actor, unit))
    return _report(staged.token, report)


@router.get(
    "/lrmx/imports/{token}", response={200: ReportOut, **RESPONSES}, summary="Preview again"
)
def import_preview(request: HttpRequest, token: str):
    actor = require_editor(request)
    staged, report = lrmx_staged_run(actor=actor, token=token, apply=False)
    return _report(staged.token, report)


@router.post(
    "/lrmx/imports/{token}/apply", response={200: ReportOut, **RESPONSES}, summary="Apply an import"
)
def import_apply(request: HttpRequest, token: str):
    """Import the good forms of a staged upload in one transaction; the others are
    reported and left out. The staged files are then discarded."""
    actor = require_editor(request)
    staged, report = lrmx_staged_run(actor=actor, token=token, apply=True)
    return _report(staged.token, report)


@router.get("/lrmx/export", response=RESPONSES, summary="Export .lrmx")
def export(request: HttpRequest):
    """``?cadre=1&cadre=2``: one cadre as ``<name>.lrmx``, several as a .zip."""
    actor = require_reader(request)
    check_query_params(request, {"cadre"})
    ids = parse_cadre_ids(request.GET.getlist("cadre"))
    return download_response(lrmx_export(actor=actor, ids=ids))


@router.get("/lrmx/print", response=RESPONSES, summary="Print the appointment form")
def print_form(request: HttpRequest):
    """``?cadre=1&format=pdf|docx[&at=2026-06-20]``: one PDF (or .docx) with a
    干部任免审批表 per cadre; ages at ``at`` (default today)."""
    actor = require_reader(request)
    check_query_params(request, {"cadre", "format", "at"})
    file_format = request.GET.get("format", "pdf")
    if file_format not in FORMATS:
        raise ValidationError({"format": _("Choose pdf or docx.")})
    at = parse_age_date(request.GET.get("at", ""))
    ids = parse_cadre_ids(request.GET.getlist("cadre"))
    return download_response(form_print(actor=actor, ids=ids, file_format=file_format, at=at))

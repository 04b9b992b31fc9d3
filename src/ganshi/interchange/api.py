"""API for rosters (thin: parse, call a selector or service, answer), under
``/api/v1/interchange/``:

- ``POST roster/imports`` (multipart: ``file``, ``unit`` optional unit id): upload; the
  preview runs as a background task. Answers the batch (201).
- ``GET roster/imports``: the user's recent batches; ``GET roster/imports/{id}``: one,
  with its status, counts and progress (poll it while ``running``).
- ``GET roster/imports/{id}/rows?status=&offset=&limit=``: the preview, row by row, with
  every reason.
- ``POST roster/imports/{id}/apply`` (JSON ``{"mode": "valid-rows"|"all-or-nothing"}``):
  start the import (202, with the task id); poll the batch.
- ``GET roster/imports/{id}/error-report``: the .xlsx of the rows not imported.
- ``GET roster/export?…``: the cadre list's filters → the roster .xlsx (masked unless the
  role may see sensitive fields; audited); a long list answers 202 with an export job:
  ``GET roster/exports/{id}`` (status, progress) and ``GET roster/exports/{id}/file``.
- ``GET roster/template``: the blank import template.

Same scope and messages as the web pages: a batch of another user answers 404, a refused
file 422 naming ``file``.
"""

from __future__ import annotations

import datetime
import tempfile

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from ganshi.accounts.api_auth import require_editor, require_reader
from ganshi.core.api_errors import (
    COMMON_RESPONSES,
    DetailOut,
    ErrorsOut,
    FieldErrors,
    check_query_params,
    read_json_object,
)
from ganshi.interchange.forms import RosterExportForm
from ganshi.interchange.models import (
    ExportJob,
    ExportStatus,
    ImportBatch,
    ImportMode,
    ImportRow,
    RowStatus,
)
from ganshi.interchange.roster_template import write_template
from ganshi.interchange.selectors import (
    export_job_get,
    import_batch_get,
    import_batch_list,
    import_row_count,
    import_row_list,
    roster_export_count,
)
from ganshi.interchange.services import (
    import_batch_apply_start,
    import_batch_create,
    import_batch_reconcile,
    progress_read,
    roster_export_start,
    roster_export_sync_limit,
    roster_export_write,
    stored_file_bytes,
)
from ganshi.interchange.views import export_file_name, xlsx_response
from ganshi.orgs.selectors import unit_get

router = Router(tags=["roster"])
RESPONSES = {404: DetailOut, 413: ErrorsOut, 422: ErrorsOut, **COMMON_RESPONSES}
MAX_ROWS_PAGE = 1000


class ColumnOut(Schema):
    title: str
    field: str


class ProgressOut(Schema):
    phase: str
    done: int
    total: int
    percent: int


class CountsOut(Schema):
    rows: int
    new: int
    update: int
    unchanged: int
    error: int
    created: int
    updated: int


class BatchOut(Schema):
    id: int
    status: str
    status_label: str
    running: bool
    mode: str
    file_name: str
    file_kind: str
    unit_id: int | None
    counts: CountsOut
    columns: list[ColumnOut]
    ignored_columns: list[str]
    message: str
    progress: ProgressOut
    task_id: str
    error_report: str | None
    created_at: datetime.datetime
    previewed_at: datetime.datetime | None
    applied_at: datetime.datetime | None


class RowErrorOut(Schema):
    column: str
    message: str


class RowOut(Schema):
    row: int
    status: str
    name: str
    unit: str
    errors: list[RowErrorOut]
    changes: list[str]
    cadre_id: int | None


class RowsOut(Schema):
    items: list[RowOut]
    total: int
    offset: int
    limit: int


def batch_data(request: HttpRequest, batch: ImportBatch) -> dict:
    progress = progress_read(batch)
    return {
        "id": batch.pk,
        "status": batch.status,
        "status_label": str(batch.get_status_display()),
        "running": batch.is_running,
        "mode": batch.mode,
        "file_name": batch.original_name,
        "file_kind": batch.file_kind,
        "unit_id": batch.unit_id,
        "counts": {
            "rows": batch.total_rows,
            "new": batch.new_count,
            "update": batch.update_count,
            "unchanged": batch.unchanged_count,
            "error": batch.error_count,
            "created": batch.created_count,
            "updated": batch.updated_count,
        },
        "columns": batch.columns,
        "ignored_columns": batch.ignored_columns,
        "message": batch.message,
        "progress": {
            "phase": progress.phase,
            "done": progress.done,
            "total": progress.total,
            "percent": progress.percent,
        },
        "task_id": batch.task_id,
        "error_report": (
            reverse("api:roster_import_error_report", kwargs={"batch_id": batch.pk})
            if batch.error_report
            else None
        ),
        "created_at": batch.created_at,
        "previewed_at": batch.previewed_at,
        "applied_at": batch.applied_at,
    }


def row_data(row: ImportRow) -> dict:
    return {
        "row": row.position,
        "status": row.status,
        "name": row.name,
        "unit": row.unit_name,
        "errors": row.messages,
        "changes": row.changes,
        "cadre_id": row.cadre_id,
    }


@router.post(
    "/roster/imports",
    response={201: BatchOut, **RESPONSES},
    summary="Upload a roster (.xlsx, .xls, .csv); its preview runs in the background",
)
def roster_import_create(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008 - ninja's way of declaring a file
    unit: int | None = Form(None),  # noqa: B008
):
    """``unit``: the id of the unit of every row; without it each row's 工作单位 column
    names its unit. A file refused outright (size, type, zip bomb) answers 422 naming
    ``file``; otherwise poll the batch until ``running`` is false."""
    actor = require_editor(request)
    check_query_params(request, set())
    target = unit_get(actor=actor, pk=unit) if unit is not None else None
    batch = import_batch_create(
        actor=actor, upload=file, unit=target, language=getattr(request, "LANGUAGE_CODE", "")
    )
    return 201, batch_data(request, import_batch_get(actor=actor, pk=batch.pk))


@router.get(
    "/roster/imports",
    response={200: list[BatchOut], **COMMON_RESPONSES},
    summary="My recent roster imports",
)
def roster_import_list(request: HttpRequest):
    actor = require_editor(request)
    check_query_params(request, set())
    return [batch_data(request, batch) for batch in import_batch_list(actor=actor)]


@router.get(
    "/roster/imports/{batch_id}",
    response={200: BatchOut, **RESPONSES},
    summary="One roster import: status, counts, progress",
)
def roster_import_detail(request: HttpRequest, batch_id: int):
    actor = require_editor(request)
    check_query_params(request, set())
    return batch_data(request, import_batch_reconcile(import_batch_get(actor=actor, pk=batch_id)))


@router.get(
    "/roster/imports/{batch_id}/rows",
    response={200: RowsOut, **RESPONSES},
    summary="The preview: each row new, update, unchanged or error with every reason",
)
def roster_import_rows(request: HttpRequest, batch_id: int):
    """``status``: new, update, unchanged or error (default every row); ``offset`` and
    ``limit`` (1 to 1000, default 100) page through them in file order."""
    actor = require_editor(request)
    check_query_params(request, {"status", "offset", "limit"})
    batch = import_batch_get(actor=actor, pk=batch_id)
    errors = FieldErrors()
    status = request.GET.get("status", "")
    if status and status not in RowStatus.values:
        errors.add("status", _choose(RowStatus.values))
    offset = _integer(request.GET.get("offset", "0"), "offset", 0, 10**9, errors)
    limit = _integer(request.GET.get("limit", "100"), "limit", 1, MAX_ROWS_PAGE, errors)
    errors.raise_if_any()
    return {
        "items": [
            row_data(row)
            for row in import_row_list(batch=batch, status=status, offset=offset, limit=limit)
        ],
        "total": import_row_count(batch=batch, status=status),
        "offset": offset,
        "limit": limit,
    }


def _choose(values) -> str:
    return _("Choose one of: %(choices)s.") % {"choices": ", ".join(values)}


def _integer(text: str, field: str, low: int, high: int, errors: FieldErrors) -> int:
    try:
        value = int(text)
    except ValueError:
        errors.add(field, _("Enter a whole number."))
        return low
    if not low <= value <= high:
        errors.add(
            field, _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
        return low
    return value


@router.post(
    "/roster/imports/{batch_id}/apply",
    response={202: BatchOut, **RESPONSES},
    summary="Import a previewed roster in one transaction (in the background)",
)
def roster_import_apply(request: HttpRequest, batch_id: int):
    """Body ``{"mode": "valid-rows"}`` (import the good rows, report the others) or
    ``{"mode": "all-or-nothing"}``. Answers at once with the task id; poll the batch."""
    actor = require_editor(request)
    check_query_params(request, set())
    batch = import_batch_get(actor=actor, pk=batch_id)
    payload = read_json_object(request)
    errors = FieldErrors()
    for name in sorted(set(payload) - {"mode"}):
        errors.add(name, _("Unknown field."))
    mode = payload.get("mode", ImportMode.VALID_ROWS)
    if mode not in ImportMode.values:
        errors.add("mode", _choose(ImportMode.values))
    errors.raise_if_any()
    batch = import_batch_apply_start(actor=actor, batch=batch, mode=mode)
    return 202, batch_data(request, import_batch_get(actor=actor, pk=batch.pk))


@router.get(
    "/roster/imports/{batch_id}/error-report",
    response={200: None, **RESPONSES},
    summary="The error report: the rows not imported with a 错误原因 column (.xlsx)",
    url_name="roster_import_error_report",
)
def roster_import_error_report(request: HttpRequest, batch_id: int):
    actor = require_editor(request)
    check_query_params(request, set())
    batch = import_batch_get(actor=actor, pk=batch_id)
    if not batch.error_report:
        raise Http404
    stem = batch.original_name.rsplit(".", 1)[0]
    return xlsx_response(stored_file_bytes(batch.error_report), f"{stem}-错误报告.xlsx")


EXPORT_PARAMETERS = (
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
    ("education", "postgraduate, bachelor, junior_college, secondary, high_school_or_below"),
    ("political_status", "GB 4762 code (01 中共党员 … 13 群众)."),
    ("category", "civil_servant, public_institution, village"),
    ("tag", "A tag's id."),
    ("status", "active (the default), retired, left, or all."),
    ("sort", "pinyin (the default), birth, -birth, rank, -created"),
)


class ExportOut(Schema):
    id: int
    status: str
    status_label: str
    running: bool
    rows: int
    message: str
    progress: ProgressOut
    file: str | None
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


def export_data(job: ExportJob) -> dict:
    progress = progress_read(job)
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "running": job.is_running,
        "rows": job.row_count,
        "message": job.message,
        "progress": {
            "phase": progress.phase,
            "done": progress.done,
            "total": progress.total,
            "percent": progress.percent,
        },
        "file": (
            reverse("api:roster_export_file", kwargs={"job_id": job.pk})
            if job.status == ExportStatus.DONE
            else None
        ),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


@router.get(
    "/roster/export",
    response={200: None, 202: ExportOut, 422: ErrorsOut, **COMMON_RESPONSES},
    summary="The filtered cadre list as a 花名册 .xlsx (streamed; audited)",
    openapi_extra={
        "parameters": [
            {
                "in": "query",
                "name": name,
                "required": False,
                "schema": {"type": "string"},
                "description": text,
            }
            for name, text in EXPORT_PARAMETERS
        ]
    },
)
def roster_export(request: HttpRequest):
    """ID numbers, phones and addresses are masked unless the role may see them; the
    export is recorded in the audit log with its filters and row count. A list longer
    than ``GANSHI_EXPORT_SYNC_ROWS`` (20,000) answers 202 with an export job written in
    the background: poll ``roster/exports/{id}`` and download its ``file``."""
    actor = require_reader(request)
    check_query_params(request, {name for name, _text in EXPORT_PARAMETERS})
    form = RosterExportForm(request.GET, actor=actor)
    if not form.is_valid():
        errors = FieldErrors()
        for item in form.error_list():
            errors.add(item["field"], item["message"])
        errors.raise_if_any()
    limit = roster_export_sync_limit()
    if roster_export_count(actor=actor, filters=form.filters(), limit=limit) > limit:
        job = roster_export_start(
            actor=actor,
            parameters={key: request.GET.get(key) for key in request.GET},
            language=getattr(request, "LANGUAGE_CODE", ""),
        )
        return 202, export_data(export_job_get(actor=actor, pk=job.pk))
    output = tempfile.TemporaryFile(prefix="ganshi-export-")
    roster_export_write(
        actor=actor, filters=form.filters(), output=output, filter_summary=form.summary()
    )
    output.seek(0)
    return xlsx_response(output, export_file_name())


@router.get(
    "/roster/exports/{job_id}",
    response={200: ExportOut, **RESPONSES},
    summary="A roster export written in the background: status and progress",
)
def roster_export_job(request: HttpRequest, job_id: int):
    actor = require_reader(request)
    check_query_params(request, set())
    return export_data(export_job_get(actor=actor, pk=job_id))


@router.get(
    "/roster/exports/{job_id}/file",
    response={200: None, **RESPONSES},
    summary="The .xlsx of a finished export",
    url_name="roster_export_file",
)
def roster_export_file(request: HttpRequest, job_id: int):
    actor = require_reader(request)
    check_query_params(request, set())
    job = export_job_get(actor=actor, pk=job_id)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    stamp = timezone.localtime(job.finished_at).strftime("%Y%m%d-%H%M")
    return xlsx_response(stored_file_bytes(job.file), f"干部花名册-{stamp}.xlsx")


@router.get(
    "/roster/template",
    response={200: None, **COMMON_RESPONSES},
    summary="The blank roster template (.xlsx) with notes and drop-downs",
)
def roster_template(request: HttpRequest):
    require_reader(request)
    check_query_params(request, set())
    output = tempfile.TemporaryFile(prefix="ganshi-template-")
    write_template(output)
    output.seek(0)
    return xlsx_response(output, "干部花名册导入模板.xlsx")

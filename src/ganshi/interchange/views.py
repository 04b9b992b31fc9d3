"""Views (thin: parse, call a selector or service, render)."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ganshi.interchange.forms import RosterApplyForm, RosterExportForm, RosterUploadForm
from ganshi.interchange.models import ExportStatus, ImportStatus, RowStatus
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

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 100


def _editor(request: HttpRequest):
    if not request.user.can_edit_registry:
        raise PermissionDenied
    return request.user


def _reader(request: HttpRequest):
    if not request.user.can_read_registry:
        raise PermissionDenied
    return request.user


def xlsx_response(content, filename: str) -> HttpResponse:
    """An .xlsx download; the Chinese file name in RFC 5987 form."""
    response = (
        HttpResponse(content, content_type=XLSX)
        if isinstance(content, bytes)
        else (FileResponse(content, content_type=XLSX))
    )
    ascii_name = filename.encode("ascii", "ignore").decode() or "roster.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _apply_non_field(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    """Upload a roster; the list of the user's recent imports."""
    actor = _editor(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_batch_create(
                actor=actor,
                upload=form.cleaned_data["file"],
                unit=form.cleaned_data.get("unit"),
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            _apply_non_field(form, error)
        else:
            return redirect("interchange:roster_batch", pk=batch.pk)
    return render(
        request,
        "interchange/roster_import.html",
        {"form": form, "batches": import_batch_list(actor=actor)},
        status=400 if form.errors else 200,
    )


@require_GET
def roster_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its progress, its preview table (by status), apply, the error report."""
    actor = _editor(request)
    batch = import_batch_reconcile(import_batch_get(actor=actor, pk=pk))
    status = request.GET.get("status", "")
    if status not in RowStatus.values:
        status = ""
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    count = import_row_count(batch=batch, status=status)
    rows = import_row_list(
        batch=batch, status=status, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    tabs = [
        ("", _("All rows"), batch.total_rows),
        (RowStatus.NEW, RowStatus.NEW.label, batch.new_count),
        (RowStatus.UPDATE, RowStatus.UPDATE.label, batch.update_count),
        (RowStatus.UNCHANGED, RowStatus.UNCHANGED.label, batch.unchanged_count),
        (RowStatus.ERROR, RowStatus.ERROR.label, batch.error_count),
    ]
    return render(
        request,
        "interchange/roster_batch.html",
        {
            "batch": batch,
            "progress": progress_read(batch),
            "rows": rows,
            "tabs": tabs,
            "status": status,
            "page": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page * PAGE_SIZE < count else None,
            "apply_form": RosterApplyForm(),
            "can_apply": batch.status == ImportStatus.PREVIEWED,
        },
    )


@require_GET
def roster_batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar (polled by htmx); once the task is done, the page reloads."""
    actor = _editor(request)
    batch = import_batch_reconcile(import_batch_get(actor=actor, pk=pk))
    response = render(
        request,
        "interchange/_progress.html",
        {"batch": batch, "progress": progress_read(batch)},
    )
    if not batch.is_running:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def roster_batch_apply(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _editor(request)
    batch = import_batch_get(actor=actor, pk=pk)
    form = RosterApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to import: valid rows or all or nothing."))
        return redirect("interchange:roster_batch", pk=batch.pk)
    try:
        import_batch_apply_start(actor=actor, batch=batch, mode=form.cleaned_data["mode"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("interchange:roster_batch", pk=batch.pk)


@require_GET
def roster_batch_error_report(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _editor(request)
    batch = import_batch_get(actor=actor, pk=pk)
    if not batch.error_report:
        raise Http404
    stem = batch.original_name.rsplit(".", 1)[0]
    return xlsx_response(stored_file_bytes(batch.error_report), f"{stem}-错误报告.xlsx")


@require_GET
def roster_export(request: HttpRequest) -> HttpResponse:
    """The filtered cadre list (the cadre list's GET parameters) as a streamed .xlsx; a
    list longer than ``GANSHI_EXPORT_SYNC_ROWS`` is written by a background task."""
    actor = _reader(request)
    form = RosterExportForm(request.GET, actor=actor)
    if not form.is_valid():
        return render(
            request,
            "interchange/export_error.html",
            {"errors": form.error_list(), "back": reverse("interchange:roster_import")},
            status=400,
        )
    limit = roster_export_sync_limit()
    if roster_export_count(actor=actor, filters=form.filters(), limit=limit) > limit:
        job = roster_export_start(
            actor=actor,
            parameters={key: request.GET.get(key) for key in request.GET},
            language=request.LANGUAGE_CODE,
        )
        return redirect("interchange:roster_export_job", pk=job.pk)
    output = tempfile.TemporaryFile(prefix="ganshi-export-")
    roster_export_write(
        actor=actor, filters=form.filters(), output=output, filter_summary=form.summary()
    )
    output.seek(0)
    return xlsx_response(output, export_file_name())


def export_file_name() -> str:
    return f"干部花名册-{timezone.localtime().strftime('%Y%m%d-%H%M')}.xlsx"


@require_GET
def roster_export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A long export: its progress, then its download."""
    actor = _reader(request)
    job = export_job_get(actor=actor, pk=pk)
    return render(
        request, "interchange/export_job.html", {"job": job, "progress": progress_read(job)}
    )


@require_GET
def roster_export_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    job = export_job_get(actor=actor, pk=pk)
    response = render(
        request, "interchange/_export_progress.html", {"job": job, "progress": progress_read(job)}
    )
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@require_GET
def roster_export_job_file(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    job = export_job_get(actor=actor, pk=pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    stamp = timezone.localtime(job.finished_at).strftime("%Y%m%d-%H%M")
    return xlsx_response(stored_file_bytes(job.file), f"干部花名册-{stamp}.xlsx")


@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    _reader(request)
    output = tempfile.TemporaryFile(prefix="ganshi-template-")
    write_template(output)
    output.seek(0)
    return xlsx_response(output, "干部花名册导入模板.xlsx")

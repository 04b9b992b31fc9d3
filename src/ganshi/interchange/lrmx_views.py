"""Pages for 任免审批表 files: upload → preview → apply, .lrmx export, the printed form.

Thin: parse the request, call a service or selector of ``lrmx_import`` / ``lrmx_export``,
render. ``?cadre=<id>&cadre=<id>`` names the cadres of an export or a print.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ganshi.interchange.lrmx_export import (
    FORMATS,
    Download,
    form_print,
    lrmx_export,
    parse_age_date,
    parse_cadre_ids,
)
from ganshi.interchange.lrmx_import import ImportReport, Status, lrmx_stage, lrmx_staged_run
from ganshi.orgs.selectors import unit_choices, unit_get


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".lrmx,.lrm,.pic,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class LrmxUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Files"),
        help_text=gettext_lazy(
            ".lrmx files, legacy .lrm files with their .pic photos, or a .zip of them."
        ),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit for new cadres"),
        queryset=None,
        required=False,
        help_text=gettext_lazy(
            "Cadres already in the registry stay in their unit; a person new to the "
            "registry goes into this unit."
        ),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor=actor)


def _require_editor(user) -> None:
    if not user.can_edit_registry:
        raise PermissionDenied


def _require_reader(user) -> None:
    if not user.can_read_registry:
        raise PermissionDenied


def _report_context(report: ImportReport) -> dict:
    return {
        "report": report,
        "counts": report.counts,
        "status_labels": {
            Status.NEW: _("New"),
            Status.UPDATE: _("Update"),
            Status.UNCHANGED: _("Unchanged"),
            Status.ERROR: _("Error"),
        },
    }


@require_http_methods(["GET", "POST"])
def lrmx_import_view(request: HttpRequest) -> HttpResponse:
    _require_editor(request.user)
    form = LrmxUploadForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            staged = lrmx_stage(
                actor=request.user,
                uploads=form.cleaned_data["files"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("files", message)
        else:
            return redirect("interchange:lrmx_preview", token=staged.token)
    return render(request, "interchange/lrmx_import.html", {"form": form})


def _report_page(request: HttpRequest, token: str, *, apply: bool) -> HttpResponse:
    staged, report = lrmx_staged_run(actor=request.user, token=token, apply=apply)
    context = {
        "token": staged.token,
        "unit": unit_get(actor=request.user, pk=staged.unit_id) if staged.unit_id else None,
        "files": staged.names,
        "applied": apply,
        **_report_context(report),
    }
    return render(request, "interchange/lrmx_preview.html", context)


@require_GET
def lrmx_preview_view(request: HttpRequest, token: str) -> HttpResponse:
    _require_editor(request.user)
    return _report_page(request, token, apply=False)


@require_POST
def lrmx_apply_view(request: HttpRequest, token: str) -> HttpResponse:
    _require_editor(request.user)
    return _report_page(request, token, apply=True)


def download_response(download: Download) -> HttpResponse:
    """A file to save: the name in UTF-8 (RFC 6266), never cached."""
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = content_disposition_header(True, download.filename)
    response["Cache-Control"] = "no-store"
    return response


def _bad_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return render(
        request, "interchange/lrmx_error.html", {"messages_list": error.messages}, status=400
    )


@require_GET
def lrmx_export_view(request: HttpRequest) -> HttpResponse:
    """``?cadre=<id>&cadre=<id>``: one cadre's .lrmx, or a .zip of several."""
    _require_reader(request.user)
    try:
        ids = parse_cadre_ids(request.GET.getlist("cadre"))
        download = lrmx_export(actor=request.user, ids=ids)
    except ValidationError as error:
        return _bad_request(request, error)
    return download_response(download)


@require_GET
def print_form_view(request: HttpRequest) -> HttpResponse:
    """``?cadre=<id>…&format=pdf|docx[&at=2026-06-20]``: the printed 干部任免审批表."""
    _require_reader(request.user)
    file_format = request.GET.get("format", "pdf")
    try:
        if file_format not in FORMATS:
            raise ValidationError({"format": _("Choose pdf or docx.")})
        ids = parse_cadre_ids(request.GET.getlist("cadre"))
        at = parse_age_date(request.GET.get("at", ""))
        download = form_print(actor=request.user, ids=ids, file_format=file_format, at=at)
    except ValidationError as error:
        return _bad_request(request, error)
    return download_response(download)


__all__ = [
    "download_response",
    "lrmx_apply_view",
    "lrmx_export_view",
    "lrmx_import_view",
    "lrmx_preview_view",
    "print_form_view",
]

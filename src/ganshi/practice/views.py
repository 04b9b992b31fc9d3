"""Views of front-line practice (thin: parse, call a selector or service, render)."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ganshi.cadres.views import add_errors
from ganshi.core.year_month import YearMonth
from ganshi.practice import exports, services
from ganshi.practice.figures import build_figures, figures_workbook
from ganshi.practice.forms import (
    AddCandidatesForm,
    AssignmentFilterForm,
    BatchForm,
    CandidateFilterForm,
    EvaluationForm,
    FigureFilterForm,
    ProgrammeForm,
    TransitionForm,
)
from ganshi.practice.selectors import (
    AssignmentFilters,
    BatchFilters,
    assignment_count,
    assignment_export_rows,
    assignment_get,
    assignment_list,
    batch_get,
    batch_page,
    candidate_count,
    candidate_list,
    candidates_get,
    ending_soon_count,
    practice_figures,
    programme_list,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(user) -> None:
    if not user.can_read_registry:
        raise PermissionDenied


def _require_editor(user) -> None:
    if not user.can_edit_registry:
        raise PermissionDenied


def _filter_summary(form) -> dict[str, str]:
    return {
        name: str(value)
        for name, value in getattr(form, "cleaned_data", {}).items()
        if value not in (None, "", False)
    }


# --- programmes and batches ---------------------------------------------------------------


@require_GET
def programme_list_view(request: HttpRequest) -> HttpResponse:
    """The programmes, and the batches the actor's scope organises (newest first)."""
    _require_reader(request.user)
    page = batch_page(
        actor=request.user,
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
        filters=BatchFilters(),
    )
    return render(
        request,
        "practice/programme_list.html",
        {
            "programmes": programme_list(),
            "page": page,
            "is_first_page": not request.GET.get("cursor"),
            "can_edit": request.user.can_edit_registry,
            "can_add_programme": request.user.can_edit_registry
            and (request.user.scope_unit is None or request.user.scope_unit.depth <= 1),
        },
    )


@require_http_methods(["GET", "POST"])
def programme_create_view(request: HttpRequest) -> HttpResponse:
    _require_editor(request.user)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("practice", "The programme was added."))
            return redirect("practice:programme_list")
    return render(
        request,
        "practice/form.html",
        {
            "form": form,
            "title": pgettext("practice", "New programme"),
            "back": reverse("practice:programme_list"),
        },
    )


@require_http_methods(["GET", "POST"])
def batch_create_view(request: HttpRequest) -> HttpResponse:
    _require_editor(request.user)
    initial = {"year": timezone.localdate().year, "organiser": request.user.scope_unit_id}
    if request.GET.get("programme", "").isdigit():
        initial["programme"] = int(request.GET["programme"])
    form = BatchForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, pgettext("practice", "The batch was created; now choose its cadres.")
            )
            return redirect("practice:candidates", pk=batch.pk)
    return render(
        request,
        "practice/form.html",
        {
            "form": form,
            "title": pgettext("practice", "New batch"),
            "back": reverse("practice:programme_list"),
        },
    )


@require_http_methods(["GET", "POST"])
def batch_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request.user)
    batch = batch_get(actor=request.user, pk=pk)
    initial = {name: getattr(batch, name) for name in ("name", "year", "notes")}
    initial |= {"programme": batch.programme_id, "organiser": batch.organiser_id}
    form = BatchForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_update(actor=request.user, batch=batch, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("practice", "The batch was saved."))
            return redirect("practice:batch_detail", pk=batch.pk)
    return render(
        request,
        "practice/form.html",
        {
            "form": form,
            "title": pgettext("practice", "Edit the batch"),
            "back": reverse("practice:batch_detail", args=[batch.pk]),
        },
        status=422 if form.errors else 200,
    )


@require_GET
def batch_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request.user)
    batch = batch_get(actor=request.user, pk=pk)
    page = assignment_list(
        actor=request.user,
        filters=AssignmentFilters(batch=batch),
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    return render(
        request,
        "practice/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "is_first_page": not request.GET.get("cursor"),
            "can_edit": request.user.can_edit_registry,
            "at": YearMonth.today(),
        },
    )


# --- choosing cadres ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def candidates_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The cadres to choose from (age, young, front-line service so far), and the form
    that adds the ticked ones to the batch."""
    _require_editor(request.user)
    batch = batch_get(actor=request.user, pk=pk)
    filter_form = CandidateFilterForm(request.GET, actor=request.user)
    filters = filter_form.candidate_filters()
    add_form = AddCandidatesForm(request.POST or None, actor=request.user)
    chosen_ids = request.POST.getlist("cadres") if request.method == "POST" else []
    if request.method == "POST":
        chosen = candidates_get(actor=request.user, ids=chosen_ids)
        if add_form.is_valid():
            try:
                created = services.assignment_create_many(
                    actor=request.user, batch=batch, cadres=chosen, data=add_form.values()
                )
            except ValidationError as error:
                add_errors(add_form, error)
            else:
                messages.success(
                    request,
                    pgettext("practice", "%(count)s cadres were added to the batch.")
                    % {"count": len(created)},
                )
                return redirect("practice:batch_detail", pk=batch.pk)
        elif not chosen:
            add_form.add_error(None, pgettext("practice", "Choose at least one cadre."))
    page = candidate_list(
        actor=request.user,
        filters=filters,
        batch=batch,
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    count, exact = candidate_count(actor=request.user, filters=filters)
    response = render(
        request,
        "practice/candidates.html",
        {
            "batch": batch,
            "form": filter_form,
            "add_form": add_form,
            "page": page,
            "count": count,
            "count_exact": exact,
            "chosen_ids": {int(value) for value in chosen_ids if value.isdigit()},
            "is_first_page": not request.GET.get("cursor"),
            "at": YearMonth.today(),
        },
        status=422 if request.method == "POST" else 200,
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- assignments --------------------------------------------------------------------------


@require_GET
def assignment_list_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    form = AssignmentFilterForm(request.GET, actor=request.user)
    filters = form.filters()
    page = assignment_list(
        actor=request.user,
        filters=filters,
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    count, exact = assignment_count(actor=request.user, filters=filters)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "count": count,
        "count_exact": exact,
        "ending_soon": ending_soon_count(actor=request.user),
        "is_first_page": not request.GET.get("cursor"),
        "at": YearMonth.today(),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "practice/_assignment_results.html" if partial else "practice/assignment_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def assignment_export_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    form = AssignmentFilterForm(request.GET, actor=request.user)
    filters = form.filters()
    list_url = reverse("practice:assignment_list") + (
        "?" + request.GET.urlencode() if request.GET else ""
    )
    if form.errors:
        messages.error(request, _("Correct the filters before exporting."))
        return redirect(list_url)
    limit = settings.GANSHI_EXPORT_MAX_ROWS
    _count, within_limit = assignment_count(actor=request.user, filters=filters, limit=limit)
    if not within_limit:
        messages.error(
            request,
            pgettext(
                "practice",
                "The list has more than %(limit)s assignments; narrow the filters to export it.",
            )
            % {"limit": limit},
        )
        return redirect(list_url)
    rows = assignment_export_rows(actor=request.user, filters=filters, limit=limit)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    written = exports.write_assignments(rows.iterator(chunk_size=1000), output=output)
    services.assignment_export_record(
        actor=request.user, rows=written, filters=_filter_summary(form)
    )
    output.seek(0)
    filename = f"{exports.sheet_title()}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _assignment_page(
    request, assignment, *, transition_form=None, evaluation_form=None, status=200
):
    return render(
        request,
        "practice/assignment_detail.html",
        {
            "assignment": assignment,
            "transition_form": transition_form or TransitionForm(),
            "evaluation_form": evaluation_form or EvaluationForm(),
            "can_edit": request.user.can_edit_registry,
            "at": YearMonth.today(),
        },
        status=status,
    )


@require_GET
def assignment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request.user)
    return _assignment_page(request, assignment_get(actor=request.user, pk=pk))


@require_http_methods(["GET", "POST"])
def assignment_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Host, post, mentor and dates of a planned or serving assignment (same fields as
    when the cadres were chosen)."""
    _require_editor(request.user)
    assignment = assignment_get(actor=request.user, pk=pk)
    names = ("host_name", "post", "mentor_name", "start", "planned_end")
    initial = {name: getattr(assignment, name) for name in names}
    initial["host_unit"] = assignment.host_unit_id
    form = AddCandidatesForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_update(
                actor=request.user, assignment=assignment, data=form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("practice", "The assignment was updated."))
            return redirect("practice:assignment_detail", pk=pk)
    return render(
        request,
        "practice/form.html",
        {
            "form": form,
            "title": pgettext("practice", "Edit the assignment"),
            "back": reverse("practice:assignment_detail", args=[pk]),
        },
        status=422 if form.errors else 200,
    )


@require_POST
def assignment_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request.user)
    assignment = assignment_get(actor=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_transition(
                actor=request.user, assignment=assignment, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("practice", "The assignment was updated."))
            return redirect("practice:assignment_detail", pk=pk)
    return _assignment_page(request, assignment, transition_form=form, status=422)


@require_POST
def evaluation_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request.user)
    assignment = assignment_get(actor=request.user, pk=pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_record(
                actor=request.user, assignment=assignment, data=form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("practice", "The evaluation was recorded."))
            return redirect("practice:assignment_detail", pk=pk)
    return _assignment_page(request, assignment, evaluation_form=form, status=422)


# --- figures ------------------------------------------------------------------------------


@require_GET
def figures_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    form = FigureFilterForm(request.GET, actor=request.user)
    filters = form.filters()
    page = build_figures(practice_figures(actor=request.user, filters=filters), filters=filters)
    return render(
        request,
        "practice/figures.html",
        {"form": form, "figures": page, "charts": page.chart_data()},
    )


@require_GET
def figures_export_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    form = FigureFilterForm(request.GET, actor=request.user)
    filters = form.filters()
    page = build_figures(practice_figures(actor=request.user, filters=filters), filters=filters)
    heading = pgettext("practice", "Front-line practice figures")
    content = figures_workbook(page, heading=heading)
    services.assignment_export_record(
        actor=request.user, rows=page.person_times, filters=_filter_summary(form)
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(heading)}-{timezone.localdate():%Y-%m-%d}.xlsx"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response

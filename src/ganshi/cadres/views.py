"""Views of the cadre registry (thin: parse, call a selector or service, render)."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ganshi.cadres import exports, services
from ganshi.cadres.forms import (
    CadreFilterForm,
    CadreForm,
    FamilyMemberForm,
    PostTenureEndForm,
    PostTenureForm,
    RankRecordForm,
    ResumeEntryForm,
    RewardPunishmentForm,
)
from ganshi.cadres.models import Cadre
from ganshi.cadres.selectors import (
    cadre_count,
    cadre_derived,
    cadre_export_rows,
    cadre_get,
    cadre_get_full,
    cadre_history,
    cadre_list,
    cadre_record_get,
    unit_names,
)
from ganshi.core.year_month import YearMonth

PAGE_SIZE = 50
SENSITIVE_FIELDS = ("id_number", "phone", "home_address")


def _require_reader(user) -> None:
    if not user.can_read_registry:
        raise PermissionDenied


def _require_editor(user) -> None:
    if not user.can_edit_registry:
        raise PermissionDenied


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message next to its field."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, field_messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


# --- list and export --------------------------------------------------------------------


@require_GET
def cadre_list_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    form = CadreFilterForm(request.GET, actor=request.user)
    filters = form.filters()
    page = cadre_list(
        actor=request.user,
        filters=filters,
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    count, exact = cadre_count(actor=request.user, filters=filters)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "count": count,
        "count_exact": exact,
        "is_first_page": not request.GET.get("cursor"),
        "at": YearMonth.today(),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "cadres/_cadre_results.html" if partial else "cadres/cadre_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def cadre_export_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    form = CadreFilterForm(request.GET, actor=request.user)
    filters = form.filters()
    list_url = reverse("cadres:list") + ("?" + request.GET.urlencode() if request.GET else "")
    if form.errors:
        messages.error(request, _("Correct the filters before exporting."))
        return redirect(list_url)
    limit = settings.GANSHI_EXPORT_MAX_ROWS
    _count, within_limit = cadre_count(actor=request.user, filters=filters, limit=limit)
    if not within_limit:
        messages.error(
            request,
            _("The list has more than %(limit)s cadres; narrow the filters to export it.")
            % {"limit": limit},
        )
        return redirect(list_url)
    sensitive = request.user.can_see_sensitive
    rows = cadre_export_rows(actor=request.user, filters=filters, limit=limit)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    written = exports.write_roster(
        rows.iterator(chunk_size=1000), masked=not sensitive, output=output
    )
    services.cadre_export_record(
        actor=request.user, rows=written, sensitive=sensitive, filters=form.summary()
    )
    output.seek(0)
    filename = f"{exports.SHEET_TITLE}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- detail, photo, sensitive fields ---------------------------------------------------


def _masked_values(cadre: Cadre) -> list[dict]:
    return [
        {
            "name": name,
            "label": capfirst(Cadre._meta.get_field(name).verbose_name),
            "value": exports.mask_sensitive(name, getattr(cadre, name)),
            "empty": not getattr(cadre, name),
        }
        for name in SENSITIVE_FIELDS
    ]


def _revealed_values(cadre: Cadre, values: dict[str, str]) -> list[dict]:
    return [
        {
            "name": name,
            "label": capfirst(Cadre._meta.get_field(name).verbose_name),
            "value": values.get(name, ""),
            "empty": not values.get(name),
        }
        for name in SENSITIVE_FIELDS
    ]


def _detail_context(request: HttpRequest, pk, *, revealed: dict[str, str] | None = None) -> dict:
    cadre = cadre_get_full(actor=request.user, pk=pk)
    history = cadre_history(actor=request.user, cadre=cadre)
    unit_ids = {
        value
        for event in history
        for side in (event.before, event.after)
        if isinstance(side, dict)
        for key, value in side.items()
        if key == "unit"
    }
    return {
        "cadre": cadre,
        "derived": cadre_derived(cadre),
        "history": history,
        "history_units": unit_names(actor=request.user, ids=unit_ids),
        "sensitive": _revealed_values(cadre, revealed)
        if revealed is not None
        else _masked_values(cadre),
        "revealed": revealed is not None,
        "can_edit": request.user.can_edit_registry,
        "can_reveal": request.user.can_see_sensitive,
    }


@require_GET
def cadre_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "cadres/cadre_detail.html", _detail_context(request, pk))


@require_POST
def cadre_reveal_view(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = cadre_get(actor=request.user, pk=pk)
    if not request.user.can_see_sensitive:
        raise PermissionDenied
    values = services.cadre_reveal_sensitive(
        actor=request.user, cadre=cadre, fields=SENSITIVE_FIELDS
    )
    if request.htmx:
        response = render(
            request,
            "cadres/_sensitive.html",
            {"cadre": cadre, "sensitive": _revealed_values(cadre, values), "revealed": True},
        )
    else:
        response = render(
            request, "cadres/cadre_detail.html", _detail_context(request, pk, revealed=values)
        )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def cadre_photo_view(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = cadre_get(actor=request.user, pk=pk)
    if not cadre.photo:
        raise Http404
    try:
        handle = cadre.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    patch_cache_control(response, private=True, max_age=300)
    return response


# --- create and edit --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def cadre_create_view(request: HttpRequest) -> HttpResponse:
    _require_editor(request.user)
    form = CadreForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cadre = services.cadre_create(
                actor=request.user,
                data=form.cadre_data(),
                photo=form.cleaned_data.get("photo"),
                tag_names=form.tag_names(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": cadre.name})
            return redirect("cadres:detail", pk=cadre.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": None})


@require_http_methods(["GET", "POST"])
def cadre_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = cadre_get(actor=request.user, pk=pk)
    _require_editor(request.user)
    form = CadreForm(
        request.POST or None, request.FILES or None, instance=cadre, actor=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            cadre = services.cadre_update(
                actor=request.user,
                cadre=cadre,
                data=form.cadre_data(),
                photo=form.cleaned_data.get("photo"),
                tag_names=form.tag_names(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The changes to %(name)s were saved.") % {"name": cadre.name}
            )
            return redirect("cadres:detail", pk=cadre.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": cadre})


# --- records under a cadre --------------------------------------------------------------

# kind → (form class, service, the service's keyword for the record being edited)
RECORD_KINDS = {
    "resume": (ResumeEntryForm, services.resume_entry_save, "entry"),
    "family": (FamilyMemberForm, services.family_member_save, "member"),
    "reward": (RewardPunishmentForm, services.reward_punishment_save, "record"),
}
TAB_OF = {
    "resume": "resume",
    "family": "family",
    "reward": "rewards",
    "rank": "ranks",
    "tenure": "posts",
}


def _back_to(cadre: Cadre, kind: str) -> str:
    return reverse("cadres:detail", kwargs={"pk": cadre.pk}) + f"#tab-{TAB_OF[kind]}"


def _record_page(request, *, cadre, form, title, kind, record=None) -> HttpResponse:
    return render(
        request,
        "cadres/record_form.html",
        {
            "cadre": cadre,
            "form": form,
            "title": title,
            "back": _back_to(cadre, kind),
            "record": record,
        },
    )


def _record_titles() -> dict[str, tuple[str, str]]:
    return {
        "resume": (_("Add a résumé entry"), _("Edit a résumé entry")),
        "family": (_("Add a family member or social relation"), _("Edit a family member")),
        "reward": (_("Add a reward or punishment"), _("Edit a reward or punishment")),
    }


@require_http_methods(["GET", "POST"])
def record_save_view(request: HttpRequest, pk: int, kind: str, record_pk: int | None = None):
    """Add (``record_pk`` None) or edit a résumé entry, family member or reward."""
    if kind not in RECORD_KINDS:
        raise Http404
    cadre = cadre_get(actor=request.user, pk=pk)
    _require_editor(request.user)
    form_class, save, keyword = RECORD_KINDS[kind]
    record = (
        cadre_record_get(actor=request.user, cadre=cadre, kind=kind, pk=record_pk)
        if record_pk is not None
        else None
    )
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, cadre=cadre, data=form.values(), **{keyword: record})
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_back_to(cadre, kind))
    add_title, edit_title = _record_titles()[kind]
    return _record_page(
        request,
        cadre=cadre,
        form=form,
        title=edit_title if record else add_title,
        kind=kind,
        record=record,
    )


@require_http_methods(["GET", "POST"])
def record_delete_view(request: HttpRequest, pk: int, kind: str, record_pk: int) -> HttpResponse:
    if kind not in RECORD_KINDS:
        raise Http404
    cadre = cadre_get(actor=request.user, pk=pk)
    _require_editor(request.user)
    record = cadre_record_get(actor=request.user, cadre=cadre, kind=kind, pk=record_pk)
    if request.method == "POST":
        try:
            services.child_delete(actor=request.user, cadre=cadre, record=record)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Deleted."))
        return redirect(_back_to(cadre, kind))
    return render(
        request,
        "cadres/record_delete.html",
        {"cadre": cadre, "record": record, "back": _back_to(cadre, kind)},
    )


@require_http_methods(["GET", "POST"])
def rank_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = cadre_get(actor=request.user, pk=pk)
    _require_editor(request.user)
    form = RankRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rank_record_create(actor=request.user, cadre=cadre, **form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_back_to(cadre, "rank"))
    return _record_page(request, cadre=cadre, form=form, title=_("Add a rank record"), kind="rank")


@require_http_methods(["GET", "POST"])
def tenure_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    cadre = cadre_get(actor=request.user, pk=pk)
    _require_editor(request.user)
    form = PostTenureForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_tenure_create(actor=request.user, cadre=cadre, **form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_back_to(cadre, "tenure"))
    return _record_page(
        request, cadre=cadre, form=form, title=_("Seat the cadre in a post"), kind="tenure"
    )


@require_http_methods(["GET", "POST"])
def tenure_end_view(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    cadre = cadre_get(actor=request.user, pk=pk)
    _require_editor(request.user)
    tenure = cadre_record_get(actor=request.user, cadre=cadre, kind="tenure", pk=record_pk)
    form = PostTenureEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_tenure_end(
                actor=request.user,
                tenure=tenure,
                end=form.cleaned_data["end"],
                document_number=form.cleaned_data["document_number"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_back_to(cadre, "tenure"))
    return _record_page(
        request,
        cadre=cadre,
        form=form,
        title=_("End the tenure of %(post)s") % {"post": tenure.post},
        kind="tenure",
        record=tenure,
    )

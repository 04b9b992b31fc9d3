"""Views (thin: parse, call a selector or service, render)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ganshi.orgs import selectors, services
from ganshi.orgs.forms import PostForm, QuotaForm
from ganshi.orgs.models import LEADERSHIP_ORDER, LeadershipLevel, Unit
from ganshi.orgs.selectors import QuotaLine
from ganshi.web.forms import add_validation_error


def _registry_reader(request) -> None:
    """Roles without the registry (the auditor) see no organisation at all."""
    if not request.user.can_read_registry:
        raise Http404


# --- unit tree -----------------------------------------------------------------------


@require_GET
def unit_tree(request):
    """The actor's scope roots, each expanded one level; deeper levels load on demand."""
    _registry_reader(request)
    roots = selectors.unit_roots(actor=request.user)
    expanded = [(root, selectors.unit_children(actor=request.user, parent=root)) for root in roots]
    return render(request, "orgs/unit_tree.html", {"expanded": expanded})


@require_GET
def unit_children(request, pk: int):
    """The children of one unit, as tree nodes (for htmx)."""
    _registry_reader(request)
    parent = selectors.unit_get(actor=request.user, pk=pk)
    nodes = selectors.unit_children(actor=request.user, parent=parent)
    return render(request, "orgs/_unit_nodes.html", {"nodes": nodes})


# --- unit page -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChildQuotaRow:
    unit: Unit
    cells: list[QuotaLine | None]  # one per level in ChildQuotaTable.levels


@dataclass(frozen=True)
class QuotaTotal:
    """Sums over units: vacancies and overruns are summed per unit, never netted."""

    approved: int
    filled: int
    vacant: int
    overrun: int


@dataclass(frozen=True)
class ChildQuotaTable:
    levels: list[tuple[str, str]]
    rows: list[ChildQuotaRow]
    totals: list[QuotaTotal]


def _child_quota_table(
    children: list[Unit], summary: dict[int, list[QuotaLine]]
) -> ChildQuotaTable:
    labels = dict(LeadershipLevel.choices)
    present = {line.leadership_level for child in children for line in summary.get(child.pk, [])}
    levels = sorted(present, key=LEADERSHIP_ORDER.__getitem__)
    rows = []
    for child in children:
        lines = {line.leadership_level: line for line in summary.get(child.pk, [])}
        if lines:
            rows.append(ChildQuotaRow(unit=child, cells=[lines.get(level) for level in levels]))
    totals = []
    for index in range(len(levels)):
        cells = [cell for row in rows if (cell := row.cells[index]) is not None]
        totals.append(
            QuotaTotal(
                approved=sum(cell.approved for cell in cells),
                filled=sum(cell.filled for cell in cells),
                vacant=sum(cell.vacant for cell in cells),
                overrun=sum(cell.overrun for cell in cells),
            )
        )
    return ChildQuotaTable(
        levels=[(level, str(labels[level])) for level in levels], rows=rows, totals=totals
    )


def _render_unit_detail(request, unit: Unit, *, quota_form=None, post_form=None):
    actor = request.user
    children = selectors.unit_children(actor=actor, parent=unit)
    summary = selectors.quota_summary(actor=actor, units=[unit, *children])
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(actor=actor, unit=unit),
        "children": children,
        "posts": selectors.unit_posts(actor=actor, unit=unit),
        "quota_lines": summary.get(unit.pk, []),
        "child_quotas": _child_quota_table(children, summary),
        "can_edit": actor.can_edit_registry,
    }
    if actor.can_edit_registry:
        context["quota_form"] = quota_form or QuotaForm()
        context["post_form"] = post_form or PostForm(initial={"sort_order": 0})
    return render(request, "orgs/unit_detail.html", context)


@require_GET
def unit_detail(request, pk: int):
    _registry_reader(request)
    unit = selectors.unit_get(actor=request.user, pk=pk)
    return _render_unit_detail(request, unit)


def _editable_unit(request, pk: int) -> Unit:
    unit = selectors.unit_get(actor=request.user, pk=pk)  # 404 outside the scope
    if not request.user.can_edit_registry:
        raise PermissionDenied
    return unit


@require_POST
def quota_set(request, pk: int):
    unit = _editable_unit(request, pk)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.quota_set(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The quota was saved."))
            return redirect(reverse("orgs:unit_detail", args=[unit.pk]) + "#unit-quotas")
    return _render_unit_detail(request, unit, quota_form=form)


def _is_duplicate(error: ValidationError) -> bool:
    """The unique (unit, name) constraint, which the model reports for the whole form."""
    errors = getattr(error, "error_dict", {}).get(NON_FIELD_ERRORS, [])
    return any(item.code == "unique_together" for item in errors)


@require_POST
def post_create(request, pk: int):
    unit = _editable_unit(request, pk)
    form = PostForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.post_create(
                actor=request.user,
                unit=unit,
                name=data["name"],
                leadership_level=data["leadership_level"],
                sort_order=data["sort_order"] or 0,
            )
        except ValidationError as error:
            if _is_duplicate(error):
                form.add_error("name", _("This unit already has a post with this name."))
            else:
                add_validation_error(form, error)
        else:
            messages.success(request, _("The post was added."))
            return redirect(reverse("orgs:unit_detail", args=[unit.pk]) + "#unit-posts")
    return _render_unit_detail(request, unit, post_form=form)


# --- party organisations ---------------------------------------------------------------


@require_GET
def party_tree(request):
    _registry_reader(request)
    roots = selectors.party_org_children(actor=request.user, parent=None)
    expanded = [
        (root, selectors.party_org_children(actor=request.user, parent=root)) for root in roots
    ]
    return render(request, "orgs/party_tree.html", {"expanded": expanded})


@require_GET
def party_children(request, pk: int):
    _registry_reader(request)
    parent = selectors.party_org_get(actor=request.user, pk=pk)
    nodes = selectors.party_org_children(actor=request.user, parent=parent)
    return render(request, "orgs/_party_nodes.html", {"nodes": nodes})


@require_GET
def party_detail(request, pk: int):
    _registry_reader(request)
    party_org = selectors.party_org_get(actor=request.user, pk=pk)
    context = {
        "party_org": party_org,
        "ancestors": selectors.party_org_ancestors(actor=request.user, party_org=party_org),
        "children": selectors.party_org_children(actor=request.user, parent=party_org),
    }
    return render(request, "orgs/party_detail.html", context)

"""Views (thin: parse, call a selector or service, render)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from ganshi.audit.forms import AuditFilterForm
from ganshi.audit.selectors import (
    AuditFilters,
    audit_event_list,
    event_changes,
    object_type_choices,
)
from ganshi.audit.services import verify_chain
from ganshi.core.pagination import Page


def _audit_reader(request) -> None:
    """The log does not exist for other roles."""
    if not request.user.can_read_audit:
        raise Http404


@require_GET
def event_list(request):
    _audit_reader(request)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        page = Page(items=[], next_cursor=None)
    else:
        filters = form.filters() if form.is_bound else AuditFilters()
        page = audit_event_list(
            actor=request.user, filters=filters, cursor=request.GET.get("cursor") or None
        )
    query = request.GET.copy()
    query.pop("cursor", None)
    next_query = None
    if page.next_cursor:
        next_query = query.copy()
        next_query["cursor"] = page.next_cursor
    context = {
        "form": form,
        "rows": [(event, event_changes(event)) for event in page.items],
        "next_query": next_query.urlencode() if next_query else "",
        "first_query": query.urlencode(),
        "is_first_page": not request.GET.get("cursor"),
        "object_types": object_type_choices(),
    }
    return render(request, "audit/event_list.html", context)


@require_POST
def chain_verify(request):
    """Walk the hash chain now and show whether it is intact."""
    _audit_reader(request)
    checked, broken, reason = verify_chain()
    context = {"checked": checked, "broken": broken, "reason": reason}
    template = "audit/_chain_status.html" if request.htmx else "audit/chain_verify.html"
    return render(request, template, context)

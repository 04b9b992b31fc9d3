"""Views (thin: parse, call a selector or service, render)."""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ganshi.accounts.roles import Role
from ganshi.cadres.selectors import cadre_structure
from ganshi.orgs.models import Unit
from ganshi.orgs.selectors import unit_get
from ganshi.web.dashboard import build_dashboard
from ganshi.web.dashboard_export import dashboard_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _dashboard_unit(request) -> Unit | None:
    """``?unit=<pk>`` narrows the dashboard to a subtree in the user's scope."""
    raw = request.GET.get("unit", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return unit_get(actor=request.user, pk=int(raw))


def _own_record_url(user) -> str:
    if not user.cadre_id:
        return ""
    return reverse("cadres:detail", args=[user.cadre_id])


@require_GET
def home(request):
    """The county's cadre structure; a sensible start page for roles without the registry."""
    user = request.user
    if not user.can_read_registry:
        return render(request, "web/home_other.html")
    if user.role == Role.CADRE_SELF:
        return render(request, "web/home_other.html", {"own_record_url": _own_record_url(user)})
    unit = _dashboard_unit(request)
    dashboard = build_dashboard(cadre_structure(actor=user, unit=unit), unit=unit)
    return render(
        request, "web/home.html", {"dashboard": dashboard, "charts": dashboard.chart_data()}
    )


@require_GET
def home_export(request):
    """The dashboard's figures as an Excel workbook."""
    user = request.user
    if not user.can_read_registry or user.role == Role.CADRE_SELF:
        raise Http404
    unit = _dashboard_unit(request)
    dashboard = build_dashboard(cadre_structure(actor=user, unit=unit), unit=unit)
    scope = unit or user.scope_unit
    today = timezone.localdate()
    heading = _("Cadre structure")
    if scope is not None:
        heading = f"{scope.name} {heading}"
    heading = f"{heading} ({today:%Y-%m-%d})"
    content = dashboard_workbook(dashboard, heading=heading)
    filename = f"{heading}.xlsx".replace(" ", "_")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

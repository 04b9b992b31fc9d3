"""The public reporting pages: file a report, follow it with the receipt code.

No login, no JavaScript needed, CSRF on. Every answer carries ``Cache-Control:
no-store`` and ``Referrer-Policy: no-referrer``. The receipt code is read from POST
bodies only (never a URL, so it stays out of logs and history). Each address is held to
the county's hourly limits; the address is used only as a keyed hash in the rate-limit
table, never stored with the report.
"""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from ganshi.cadres.views import add_errors
from ganshi.core.client_address import client_address
from ganshi.supervision import services
from ganshi.supervision.forms import FollowForm, MessageForm, ReportForm
from ganshi.supervision.models import SupervisionSettings
from ganshi.supervision.selectors import report_by_receipt


def _same_origin_fetch(request: HttpRequest) -> bool:
    return request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"


class NoReferrerCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF protection for pages served with ``Referrer-Policy: no-referrer``.

    Under that policy a browser posts the page's own forms with ``Origin: null`` and no
    ``Referer``, which Django's origin and referer checks refuse. Here a null origin and
    a missing referer are accepted only when the browser itself vouches that the request
    comes from this site (``Sec-Fetch-Site: same-origin``, a header pages cannot forge);
    the CSRF cookie and token are checked exactly as everywhere else."""

    def _origin_verified(self, request):
        if request.META.get("HTTP_ORIGIN") == "null" and _same_origin_fetch(request):
            return True
        return super()._origin_verified(request)

    def _check_referer(self, request):
        if not request.META.get("HTTP_REFERER") and _same_origin_fetch(request):
            return
        super()._check_referer(request)


no_referrer_csrf_protect = decorator_from_middleware(NoReferrerCsrfMiddleware)


def private_page(view):
    """No caching, no referrer, no indexing; CSRF checked by NoReferrerCsrfMiddleware
    (the site-wide check is waived for this view in its favour, not dropped)."""
    protected = no_referrer_csrf_protect(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = protected(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def _limited(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "supervision/public_limited.html",
        {"title": pgettext("supervision", "Too many requests")},
        status=429,
    )


@private_page
@require_http_methods(["GET", "POST"])
def submit_view(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        config = SupervisionSettings.current()
        if not services.rate_limit_allows(
            address=client_address(request), scope="submit", limit=config.submissions_per_hour
        ):
            return _limited(request)
        if form.is_valid():
            try:
                uploads = services.read_uploads(request.FILES.getlist("attachments"))
                report, code = services.report_submit(data=form.values(), uploads=uploads)
            except ValidationError as error:
                add_errors(form, error)
            else:
                return render(
                    request,
                    "supervision/public_receipt.html",
                    {
                        "code": services.format_receipt_code(code),
                        "status": report.get_status_display(),
                    },
                )
    return render(request, "supervision/public_submit.html", {"form": form})


@private_page
@require_http_methods(["GET", "POST"])
def follow_view(request: HttpRequest) -> HttpResponse:
    """GET: the code form. POST: the report, its status and thread (a reply when the
    body is given)."""
    if request.method == "GET":
        return render(request, "supervision/public_follow.html", {"form": FollowForm()})
    config = SupervisionSettings.current()
    if not services.rate_limit_allows(
        address=client_address(request), scope="follow", limit=config.follow_attempts_per_hour
    ):
        return _limited(request)
    form = FollowForm(request.POST)
    report = report_by_receipt(request.POST.get("code", "")) if form.is_valid() else None
    if report is None:
        if form.is_valid():
            form.add_error("code", pgettext("supervision", "No report has this receipt code."))
        return render(request, "supervision/public_follow.html", {"form": form}, status=200)
    message_form = MessageForm()
    sent = False
    if "body" in request.POST:
        message_form = MessageForm(request.POST)
        if message_form.is_valid():
            try:
                services.report_message_from_reporter(
                    report=report, body=message_form.cleaned_data["body"]
                )
            except ValidationError as error:
                add_errors(message_form, error)
            else:
                message_form = MessageForm()
                sent = True
    return render(
        request,
        "supervision/public_report.html",
        {
            "report": report,
            "code": form.cleaned_data["code"],
            "messages_thread": list(report.messages.all()),
            "attachments": list(report.attachments.all()),
            "message_form": message_form,
            "sent": sent,
        },
    )

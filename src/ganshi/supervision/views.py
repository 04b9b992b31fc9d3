"""Staff pages of supervision (thin: parse, call a selector or service, render).

Cases answer 404 to anyone who is neither a handler of the case nor a case supervisor;
every view of a case, of an attachment and of a revealed identity is audited.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ganshi.cadres.views import add_errors
from ganshi.supervision import access, figures, selectors, services, statements
from ganshi.supervision.choices import (
    SUPERVISOR_TRANSITIONS,
    PublicityScope,
    Transition,
    transitions_from,
)
from ganshi.supervision.forms import (
    CaseFilterForm,
    DecisionForm,
    ExonerationForm,
    FalseAccusationForm,
    IdentityRequestForm,
    MatchForm,
    MessageForm,
    RegisterForm,
    StartCheckForm,
    TransitionForm,
)

PAGE_SIZE = 50


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _require_cases(user) -> None:
    if not access.can_use_cases(user):
        raise PermissionDenied


def _require_supervision(user) -> None:
    if not access.can_use_supervision(user):
        raise PermissionDenied


# --- the case list and registration -------------------------------------------------------


@require_GET
def case_list_view(request: HttpRequest) -> HttpResponse:
    _require_cases(request.user)
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ReportFilters(
        status=data.get("status", ""),
        channel=data.get("channel", ""),
        outcome=data.get("outcome", ""),
        overdue=bool(data.get("overdue")),
        age=data.get("age", ""),
    )
    page = selectors.report_page(
        actor=request.user,
        filters=filters,
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    return _no_store(
        render(
            request,
            "supervision/case_list.html",
            {
                "form": form,
                "page": page,
                "query": query.urlencode(),
                "today": timezone.localdate(),
                "overdue_count": selectors.overdue_count(actor=request.user),
                "is_supervisor": access.is_supervisor(request.user),
                "is_custodian": access.is_custodian(request.user),
                "pending_requests": selectors.identity_request_pending_count(actor=request.user),
            },
        )
    )


@require_http_methods(["GET", "POST"])
def case_register_view(request: HttpRequest) -> HttpResponse:
    if not access.is_supervisor(request.user):
        raise PermissionDenied
    form = RegisterForm(
        request.POST or None, initial={"received_on": timezone.localdate(), "anonymity": "1"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            uploads = services.read_uploads(request.FILES.getlist("attachments"))
            report, code = services.report_register(
                actor=request.user, data=form.values(), uploads=uploads
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _no_store(
                render(
                    request,
                    "supervision/case_registered.html",
                    {"report": report, "code": services.format_receipt_code(code)},
                )
            )
    return _no_store(render(request, "supervision/case_register.html", {"form": form}))


# --- one case -----------------------------------------------------------------------------


def _case_context(request: HttpRequest, report, **forms) -> dict:
    actions = transitions_from(report.status)
    is_supervisor = access.is_supervisor(request.user)
    if not is_supervisor:
        actions = [action for action in actions if action not in SUPERVISOR_TRANSITIONS]
    simple_actions = [action for action in actions if action != Transition.START_CHECK]
    related = selectors.report_detail_related(report)
    context = {
        "report": report,
        **related,
        "is_supervisor": is_supervisor,
        "today": timezone.localdate(),
        "transition_form": forms.get("transition_form")
        or (TransitionForm(actions=simple_actions) if simple_actions else None),
        "start_check_form": forms.get("start_check_form")
        or (StartCheckForm() if Transition.START_CHECK in actions else None),
        "message_form": forms.get("message_form") or MessageForm(),
        "identity_form": forms.get("identity_form") or IdentityRequestForm(),
        "match_form": forms.get("match_form") or MatchForm(name=report.subject_name),
        "exoneration_form": forms.get("exoneration_form") or ExonerationForm(),
        "finding_form": forms.get("finding_form") or FalseAccusationForm(),
        "has_approved_identity": any(
            request_.requester_id == request.user.pk and request_.status == "approved"
            for request_ in related["identity_requests"]
        ),
    }
    return context


def _render_case(request: HttpRequest, report, status: int = 200, **forms) -> HttpResponse:
    services.report_read(actor=request.user, report=report)
    return _no_store(
        render(
            request,
            "supervision/case_detail.html",
            _case_context(request, report, **forms),
            status=status,
        )
    )


@require_GET
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    return _render_case(request, report)


@require_POST
def case_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    action = request.POST.get("action", "")
    if action == Transition.START_CHECK:
        form = StartCheckForm(request.POST)
        if form.is_valid():
            try:
                services.report_start_check(
                    actor=request.user,
                    report_id=report.pk,
                    handlers=list(form.cleaned_data["handlers"]),
                    deadline=form.cleaned_data["deadline"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, pgettext("supervision", "The case was moved."))
                return redirect("supervision:case_detail", pk=report.pk)
        return _render_case(request, report, status=400, start_check_form=form)
    actions = transitions_from(report.status)
    form = TransitionForm(request.POST, actions=actions)
    if form.is_valid():
        service = services.TRANSITION_SERVICES[form.cleaned_data["action"]]
        try:
            service(actor=request.user, report_id=report.pk, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("supervision", "The case was moved."))
            return redirect("supervision:case_detail", pk=report.pk)
    elif "action" in form.errors:
        form.errors["action"] = form.error_class(
            [
                pgettext("supervision", "A case that is “%(status)s” cannot make this move.")
                % {"status": report.get_status_display()}
            ]
        )
    return _render_case(request, report, status=400, transition_form=form)


@require_POST
def case_message_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.report_message_from_handler(
                actor=request.user, report=report, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("supervision", "The message was sent."))
            return redirect("supervision:case_detail", pk=report.pk)
    return _render_case(request, report, status=400, message_form=form)


@require_POST
def case_match_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    form = MatchForm(request.POST, name=report.subject_name)
    if form.is_valid():
        try:
            services.report_match_subject(
                actor=request.user, report_id=report.pk, cadre=form.cleaned_data["cadre"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("supervision", "The person reported was matched."))
            return redirect("supervision:case_detail", pk=report.pk)
    return _render_case(request, report, status=400, match_form=form)


@require_GET
def case_attachment_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = selectors.attachment_get(actor=request.user, report_pk=pk, pk=attachment_pk)
    services.report_read(actor=request.user, report=attachment.report, what="attachment")
    content = services.attachment_bytes(attachment)
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(attachment.original_name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


# --- sealed identity ----------------------------------------------------------------------


@require_POST
def identity_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    form = IdentityRequestForm(request.POST)
    if form.is_valid():
        try:
            services.identity_request_create(
                actor=request.user, report=report, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, pgettext("supervision", "The request went to the identity custodian.")
            )
            return redirect("supervision:case_detail", pk=report.pk)
    return _render_case(request, report, status=400, identity_form=form)


@require_POST
def identity_reveal_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    identity = services.report_identity_reveal(actor=request.user, report=report)
    return _no_store(
        render(request, "supervision/identity.html", {"report": report, "identity": identity})
    )


@require_GET
def identity_request_list_view(request: HttpRequest) -> HttpResponse:
    if not access.is_custodian(request.user):
        raise PermissionDenied
    return _no_store(
        render(
            request,
            "supervision/identity_requests.html",
            {
                "requests": selectors.identity_request_list(actor=request.user),
                "form": DecisionForm(),
            },
        )
    )


@require_POST
def identity_request_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.is_custodian(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.identity_request_decide(
                actor=request.user,
                request_id=pk,
                approve=form.cleaned_data["approve"] == "1",
                reason=form.cleaned_data["decision_reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, pgettext("supervision", "The decision was recorded."))
    else:
        messages.error(request, pgettext("supervision", "Choose approve or refuse."))
    return redirect("supervision:identity_request_list")


# --- false accusation and name clearing ---------------------------------------------------


@require_POST
def finding_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    form = FalseAccusationForm(request.POST)
    if form.is_valid():
        try:
            services.false_accusation_record(
                actor=request.user,
                report=report,
                situation=form.cleaned_data["situation"],
                facts=form.cleaned_data["facts"],
                referred_to=form.cleaned_data["referred_to"],
                referred_on=form.cleaned_data["referred_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("supervision", "The finding was recorded."))
            return redirect("supervision:case_detail", pk=report.pk)
    return _render_case(request, report, status=400, finding_form=form)


@require_POST
def exoneration_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    form = ExonerationForm(request.POST)
    if form.is_valid():
        try:
            exoneration = services.exoneration_create(
                actor=request.user,
                report=report,
                cadre=report.subject_cadre,
                decision=form.cleaned_data["decision"],
                publicity_scope=form.cleaned_data["publicity_scope"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("supervision", "The name was cleared."))
            return redirect("supervision:exoneration_detail", pk=exoneration.pk)
    return _render_case(request, report, status=400, exoneration_form=form)


@require_GET
def exoneration_list_view(request: HttpRequest) -> HttpResponse:
    _require_supervision(request.user)
    scope = request.GET.get("scope", "")
    scope = scope if scope in PublicityScope.values else ""
    page = selectors.exoneration_page(
        actor=request.user, scope=scope, cursor=request.GET.get("cursor") or None, size=PAGE_SIZE
    )
    return render(request, "supervision/exoneration_list.html", {"page": page, "scope": scope})


@require_GET
def exoneration_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_supervision(request.user)
    exoneration = selectors.exoneration_get(actor=request.user, pk=pk)
    return render(
        request,
        "supervision/exoneration_detail.html",
        {
            "exoneration": exoneration,
            "paragraphs": statements.statement_paragraphs(exoneration),
            "adverse_marks": selectors.cadre_adverse_marks(exoneration.cadre),
        },
    )


@require_GET
def exoneration_statement_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    _require_supervision(request.user)
    exoneration = selectors.exoneration_get(actor=request.user, pk=pk)
    if kind == "docx":
        content = statements.render_docx(exoneration)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif kind == "pdf":
        content = statements.render_pdf(exoneration)
        content_type = "application/pdf"
    else:
        raise Http404
    name = f"{statements.TITLE}-{exoneration.cadre.name}.{kind}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# --- figures ------------------------------------------------------------------------------


def _figures(request: HttpRequest):
    _require_supervision(request.user)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else None
    reports = selectors.report_figures(actor=request.user)
    registers = selectors.register_figures(actor=request.user, year=year)
    return figures.build_figures(reports, registers, year=year), year


@require_GET
def figures_view(request: HttpRequest) -> HttpResponse:
    page, year = _figures(request)
    return _no_store(
        render(
            request,
            "supervision/figures.html",
            {"figures": page, "charts": page.chart_data(), "year": year},
        )
    )


@require_GET
def figures_export_view(request: HttpRequest) -> HttpResponse:
    page, year = _figures(request)
    heading = pgettext("supervision", "Supervision figures")
    content = figures.figures_workbook(page, heading=heading)
    services.figures_export_record(actor=request.user, year=year)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(heading)}-{timezone.localdate():%Y-%m-%d}.xlsx"
    )
    return _no_store(response)

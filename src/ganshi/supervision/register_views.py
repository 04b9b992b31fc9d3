"""Pages of the supervision registers: fault tolerance, talks and letters, travel
documents, family supervision (thin: parse, call a selector or service, render). Each
shows the cadres of the actor's scope only; anyone without the registers gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ganshi.cadres.views import add_errors
from ganshi.supervision import access, selectors, services
from ganshi.supervision.choices import LeniencyDecision, LeniencyStatus, TalkKind
from ganshi.supervision.forms import (
    DocumentFilterForm,
    DocumentForm,
    FamilyActivityForm,
    FamilySupervisorForm,
    LeniencyApplyForm,
    LeniencyDecideForm,
    LoanRequestForm,
    TalkForm,
    TalkReplyForm,
)

PAGE_SIZE = 50


def _require(user) -> None:
    if not access.can_use_supervision(user):
        raise PermissionDenied


def _form_page(request, form, *, title: str, back: str, service, success: str, done):
    if request.method == "POST" and form.is_valid():
        try:
            created = service(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(done(created))
    return render(request, "supervision/form.html", {"form": form, "title": title, "back": back})


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else None


# --- fault tolerance ----------------------------------------------------------------------


@require_GET
def leniency_list_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    status = request.GET.get("status", "")
    decision = request.GET.get("decision", "")
    page = selectors.leniency_page(
        actor=request.user,
        status=status if status in LeniencyStatus.values else "",
        decision=decision if decision in LeniencyDecision.values else "",
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    return render(
        request,
        "supervision/leniency_list.html",
        {
            "page": page,
            "statuses": LeniencyStatus.choices,
            "decisions": LeniencyDecision.choices,
            "status": status,
            "decision": decision,
        },
    )


@require_http_methods(["GET", "POST"])
def leniency_create_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    form = LeniencyApplyForm(request.POST or None, initial={"applied_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        title=pgettext("supervision", "New fault-tolerance application"),
        back=reverse("supervision:leniency_list"),
        service=services.leniency_apply,
        success=pgettext("supervision", "The application was registered."),
        done=lambda case: reverse("supervision:leniency_detail", args=[case.pk]),
    )


def _leniency_page(request, case, decide_form=None, status=200):
    return render(
        request,
        "supervision/leniency_detail.html",
        {
            "case": case,
            "criteria": selectors.leniency_criteria(),
            "met": {criterion.pk for criterion in case.criteria_met.all()},
            "decide_form": decide_form or LeniencyDecideForm(),
        },
        status=status,
    )


@require_GET
def leniency_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user)
    return _leniency_page(request, selectors.leniency_get(actor=request.user, pk=pk))


@require_POST
def leniency_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user)
    case = selectors.leniency_get(actor=request.user, pk=pk)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    try:
        if action == "investigate":
            services.leniency_investigate(actor=request.user, case_id=case.pk, comment=comment)
        elif action == "withdraw":
            services.leniency_withdraw(actor=request.user, case_id=case.pk, comment=comment)
        elif action == "decide":
            form = LeniencyDecideForm(request.POST)
            if not form.is_valid():
                return _leniency_page(request, case, form, status=400)
            try:
                services.leniency_decide(
                    actor=request.user, case_id=case.pk, data=form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
                return _leniency_page(request, case, form, status=400)
        else:
            raise ValidationError(pgettext("supervision", "Choose a move."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, pgettext("supervision", "The case was moved."))
    return redirect("supervision:leniency_detail", pk=case.pk)


# --- talks and inquiry letters ------------------------------------------------------------


@require_GET
def talk_list_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    kind = request.GET.get("kind", "")
    kind = kind if kind in TalkKind.values else ""
    year = _year(request)
    page = selectors.talk_page(
        actor=request.user,
        kind=kind,
        year=year,
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    counts = selectors.talk_counts(actor=request.user, year=year)
    return render(
        request,
        "supervision/talk_list.html",
        {
            "page": page,
            "kind": kind,
            "year": year,
            "counts": [(value, label, counts.get(value, 0)) for value, label in TalkKind.choices],
            "total": sum(counts.values()),
        },
    )


@require_http_methods(["GET", "POST"])
def talk_create_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    form = TalkForm(
        request.POST or None, actor=request.user, initial={"held_on": timezone.localdate()}
    )
    return _form_page(
        request,
        form,
        title=pgettext("supervision", "New talk or inquiry letter"),
        back=reverse("supervision:talk_list"),
        service=services.talk_create,
        success=pgettext("supervision", "The talk was recorded."),
        done=lambda talk: reverse("supervision:talk_detail", args=[talk.pk]),
    )


@require_http_methods(["GET", "POST"])
def talk_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user)
    talk = selectors.talk_get(actor=request.user, pk=pk)
    form = TalkReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.talk_record_reply(
                actor=request.user,
                talk=talk,
                reply=form.cleaned_data["reply"],
                replied_on=form.cleaned_data["replied_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("supervision", "The reply was recorded."))
            return redirect("supervision:talk_detail", pk=talk.pk)
    return render(
        request,
        "supervision/talk_detail.html",
        {
            "talk": talk,
            "form": form,
            "bar": selectors.cadre_promotion_bar(talk.cadre),
        },
    )


# --- travel documents ---------------------------------------------------------------------


@require_GET
def document_list_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    form = DocumentFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = selectors.document_page(
        actor=request.user,
        filters=selectors.DocumentFilters(
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            expiring=bool(data.get("expiring")),
        ),
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "supervision/document_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "overdue": selectors.overdue_loans(actor=request.user),
            "open_loans": selectors.open_loans(actor=request.user),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def document_create_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    form = DocumentForm(request.POST or None, actor=request.user, initial={"deposit": True})
    return _form_page(
        request,
        form,
        title=pgettext("supervision", "Register a travel document"),
        back=reverse("supervision:document_list"),
        service=services.document_register,
        success=pgettext("supervision", "The document was registered."),
        done=lambda document: reverse("supervision:document_detail", args=[document.pk]),
    )


@require_http_methods(["GET", "POST"])
def document_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user)
    document = selectors.document_get(actor=request.user, pk=pk)
    form = LoanRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.loan_request(
                actor=request.user,
                document_id=document.pk,
                purpose=form.cleaned_data["purpose"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, pgettext("supervision", "The request was filed."))
            return redirect("supervision:document_detail", pk=document.pk)
    return render(
        request,
        "supervision/document_detail.html",
        {
            "document": document,
            "loans": selectors.document_loans(document),
            "form": form,
            "today": timezone.localdate(),
        },
    )


@require_POST
def document_deposit_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user)
    try:
        services.document_deposit(actor=request.user, document_id=pk)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, pgettext("supervision", "The document is in custody."))
    return redirect("supervision:document_detail", pk=pk)


@require_POST
def loan_transition_view(request: HttpRequest, pk: int, loan_pk: int) -> HttpResponse:
    _require(request.user)
    document = selectors.document_get(actor=request.user, pk=pk)
    service = services.LOAN_SERVICES.get(request.POST.get("action", ""))
    if service is None or not document.loans.filter(pk=loan_pk).exists():
        messages.error(request, pgettext("supervision", "Choose a move."))
    else:
        try:
            service(actor=request.user, loan_id=loan_pk, comment=request.POST.get("comment", ""))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, pgettext("supervision", "The loan was moved."))
    return redirect("supervision:document_detail", pk=document.pk)


@require_GET
def custody_review_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    return render(
        request,
        "supervision/custody_review.html",
        {"cadres": selectors.custody_review(actor=request.user)},
    )


# --- family supervision -------------------------------------------------------------------


@require_GET
def family_list_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    page = selectors.family_supervisor_page(
        actor=request.user, cursor=request.GET.get("cursor") or None, size=PAGE_SIZE
    )
    return render(
        request,
        "supervision/family_list.html",
        {
            "page": page,
            "activities": selectors.family_activity_list(actor=request.user),
            "counts": selectors.family_counts(actor=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def family_supervisor_create_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    form = FamilySupervisorForm(
        request.POST or None, actor=request.user, initial={"appointed_on": timezone.localdate()}
    )
    return _form_page(
        request,
        form,
        title=pgettext("supervision", "New family supervisor"),
        back=reverse("supervision:family_list"),
        service=services.family_supervisor_create,
        success=pgettext("supervision", "The family supervisor was added."),
        done=lambda _supervisor: reverse("supervision:family_list"),
    )


@require_http_methods(["GET", "POST"])
def family_activity_create_view(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    form = FamilyActivityForm(
        request.POST or None, actor=request.user, initial={"held_on": timezone.localdate()}
    )
    return _form_page(
        request,
        form,
        title=pgettext("supervision", "New family activity"),
        back=reverse("supervision:family_list"),
        service=services.family_activity_create,
        success=pgettext("supervision", "The activity was recorded."),
        done=lambda _activity: reverse("supervision:family_list"),
    )

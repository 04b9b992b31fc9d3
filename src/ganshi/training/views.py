"""Views of training (thin: parse, call a selector or service, render)."""

from __future__ import annotations

import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ganshi.accounts.roles import Role
from ganshi.cadres.forms import CadreFilterForm
from ganshi.cadres.selectors import CadreFilters, cadre_list
from ganshi.cadres.views import add_errors
from ganshi.training import documents, exports, selectors, services
from ganshi.training.choices import AttendanceStatus, EnrolmentStatus, WithdrawalReason
from ganshi.training.forms import (
    ClassFilterForm,
    ClassForm,
    ComplianceFilterForm,
    CourseForm,
    EnrolUploadForm,
    FeedbackForm,
    FiguresForm,
    KindForm,
    ParametersForm,
    PersonTimeFilterForm,
    PlanForm,
    SessionForm,
    WithdrawForm,
    current_year,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reader(request: HttpRequest):
    user = request.user
    if not user.can_read_unit_records:
        raise PermissionDenied
    return user


def _manager(request: HttpRequest):
    if not request.user.can_edit_registry:
        raise PermissionDenied
    return request.user


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- classes ------------------------------------------------------------------------------


def _any_reader(request: HttpRequest):
    """Registry readers, including a cadre (who sees the classes they are enrolled in)."""
    if not request.user.can_read_registry:
        raise PermissionDenied
    return request.user


@require_GET
def class_list_view(request: HttpRequest) -> HttpResponse:
    actor = _any_reader(request)
    form = ClassFilterForm(request.GET or None, actor=actor)
    filters = form.filters()
    page = selectors.class_list(
        actor=actor, filters=filters, cursor=request.GET.get("cursor") or None, size=PAGE_SIZE
    )
    count, exact = selectors.class_count(actor=actor, filters=filters)
    return render(
        request,
        "training/class_list.html",
        {
            "form": form,
            "page": page,
            "count": count,
            "count_exact": exact,
            "is_first_page": not request.GET.get("cursor"),
        },
    )


@require_http_methods(["GET", "POST"])
def class_create_view(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    form = ClassForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            training_class = services.class_create(
                actor=actor, data=form.class_data(), sub_venues=form.sub_venue_names()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The class was created."))
            return redirect("training:class_detail", pk=training_class.pk)
    return render(
        request,
        "training/class_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def class_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    training_class = selectors.class_get(actor=actor, pk=pk)
    initial = {
        **{name: getattr(training_class, name) for name in services.CLASS_FIELDS},
        "sub_venues": "\n".join(venue.name for venue in training_class.sub_venues.all()),
    }
    form = ClassForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.class_update(
                actor=actor,
                training_class=training_class,
                data=form.class_data(),
                sub_venues=form.sub_venue_names(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The class was saved."))
            return redirect("training:class_detail", pk=training_class.pk)
    return render(
        request,
        "training/class_form.html",
        {"form": form, "training_class": training_class},
        status=400 if form.errors else 200,
    )


@require_GET
def class_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    training_class = selectors.class_get(actor=user, pk=pk)
    if user.role == Role.CADRE_SELF:
        return render(
            request,
            "training/class_mine.html",
            {
                "training_class": training_class,
                "sessions": selectors.session_list(training_class=training_class),
                "enrolment": selectors.own_enrolment(actor=user, training_class=training_class),
                "leave_requests": selectors.own_leave_requests(
                    actor=user, training_class=training_class
                ),
                "upcoming": [
                    session
                    for session in training_class.sessions.order_by("date", "start_time")
                    if session.date >= timezone.localdate()
                ],
            },
        )
    status = request.GET.get("status", "")
    if status not in EnrolmentStatus.values:
        status = ""
    page = selectors.enrolment_list(
        actor=user,
        training_class=training_class,
        status=status,
        cursor=request.GET.get("cursor") or None,
    )
    return render(
        request,
        "training/class_detail.html",
        {
            "training_class": training_class,
            "summary": selectors.class_summary(training_class),
            "sessions": selectors.session_list(training_class=training_class),
            "sub_venues": list(training_class.sub_venues.all()),
            "page": page,
            "status": status,
            "statuses": EnrolmentStatus.choices,
            "comments": selectors.feedback_comments(training_class, limit=20),
            "leave_requests": selectors.leave_request_list(training_class=training_class),
            "can_manage": user.can_edit_registry,
            "withdraw_form": WithdrawForm(),
            "is_over": training_class.end_date <= timezone.localdate(),
        },
    )


@require_POST
def class_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    training_class = selectors.class_get(actor=actor, pk=pk)
    try:
        count = services.class_complete(actor=actor, training_class=training_class)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)s cadres completed the class.") % {"count": count})
    return redirect("training:class_detail", pk=training_class.pk)


# --- sessions, the register, QR -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_form_view(request: HttpRequest, pk: int, session_pk: int | None = None) -> HttpResponse:
    actor = _manager(request)
    training_class = selectors.class_get(actor=actor, pk=pk)
    session = None
    initial = {"date": training_class.start_date}
    if session_pk is not None:
        session = selectors.session_get(actor=actor, pk=session_pk)
        if session.training_class_id != training_class.pk:
            raise Http404
        initial = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    form = SessionForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(
                actor=actor,
                training_class=training_class,
                data=form.session_data(),
                session=session,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("training:class_detail", pk=training_class.pk)
    return render(
        request,
        "training/session_form.html",
        {"form": form, "training_class": training_class, "session": session},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def session_register_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff tick the register: one row per cadre holding a seat."""
    actor = _reader(request)
    session = selectors.session_get(actor=actor, pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        _manager(request)
        marks, reasons = {}, {}
        for key, value in request.POST.items():
            if key.startswith("mark-") and key[5:].isdigit() and value:
                marks[int(key[5:])] = value
            elif key.startswith("reason-") and key[7:].isdigit():
                reasons[int(key[7:])] = value
        try:
            result = services.register_save(
                actor=actor, session=session, marks=marks, leave_reasons=reasons
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("The register was saved: %(count)s changes.") % {"count": result.changed}
            )
            if result.withdrawn:
                messages.warning(
                    request,
                    _("%(count)s cadres took more leave than the rule allows and were withdrawn.")
                    % {"count": len(result.withdrawn)},
                )
            return redirect("training:session_register", pk=session.pk)
    rows = selectors.register_rows(session=session)
    return render(
        request,
        "training/session_register.html",
        {
            "session": session,
            "training_class": session.training_class,
            "rows": rows,
            "statuses": AttendanceStatus.choices,
            "errors": errors,
            "posted": request.POST if errors else None,
            "can_manage": actor.can_edit_registry,
        },
        status=400 if errors else 200,
    )


@require_GET
def session_qr_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    session = selectors.session_get(actor=actor, pk=pk)
    token = services.signin_token(session)
    url = request.build_absolute_uri(
        reverse("training:sign_in", args=[session.pk]) + "?" + urlencode({"t": token})
    )
    opens, closes = services.signin_window(session)
    response = render(
        request,
        "training/session_qr.html",
        {
            "session": session,
            "training_class": session.training_class,
            "url": url,
            "svg": documents.qr_svg(url),
            "opens": opens,
            "closes": closes,
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
def sign_in_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The page a cadre's phone opens from the QR code: confirm, then signed in."""
    session = selectors.session_for_signin(actor=request.user, pk=pk)
    token = request.POST.get("t") or request.GET.get("t") or ""
    errors: list[str] = []
    attendance = None
    if request.method == "POST":
        try:
            attendance = services.qr_sign_in(actor=request.user, session=session, token=token)
        except ValidationError as error:
            errors = error.messages
    return render(
        request,
        "training/sign_in.html",
        {
            "session": session,
            "training_class": session.training_class,
            "token": token,
            "errors": errors,
            "attendance": attendance,
        },
        status=400 if errors else 200,
    )


# --- enrolment ----------------------------------------------------------------------------


@require_GET
def enrol_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The three ways to enrol: pick by hand from a search, by criteria, from a list."""
    actor = _manager(request)
    training_class = selectors.class_get(actor=actor, pk=pk)
    search = CadreFilterForm(request.GET or None, actor=actor)
    filters = search.filters() if request.GET.get("search") else None
    page = cadre_list(actor=actor, filters=filters, size=100) if filters else None
    return render(
        request,
        "training/enrol.html",
        {
            "training_class": training_class,
            "search": search,
            "page": page,
            "criteria": CadreFilterForm(actor=actor, prefix="c"),
            "upload": EnrolUploadForm(),
        },
    )


def _enrol_result(request, training_class, result) -> HttpResponse:
    messages.success(
        request,
        _("%(enrolled)s enrolled, %(waiting)s on the waiting list, %(already)s already enrolled.")
        % {
            "enrolled": len(result.enrolled),
            "waiting": len(result.waiting),
            "already": result.already,
        },
    )
    return redirect("training:class_detail", pk=training_class.pk)


def _enrol_or_back(request: HttpRequest, training_class, enrol) -> HttpResponse:
    """Run an enrolment service; its refusal goes back to the enrolment page as messages."""
    try:
        result = enrol()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("training:enrol", args=[training_class.pk]))
    return _enrol_result(request, training_class, result)


@require_POST
def enrol_hand_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    training_class = selectors.class_get(actor=actor, pk=pk)
    ids = [int(value) for value in request.POST.getlist("cadre") if value.isdigit()]
    return _enrol_or_back(
        request,
        training_class,
        lambda: services.enrol_cadres(
            actor=actor,
            training_class=training_class,
            cadre_ids=ids,
            waiting_list=request.POST.get("waiting_list") == "on",
        ),
    )


@require_POST
def enrol_criteria_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    training_class = selectors.class_get(actor=actor, pk=pk)
    form = CadreFilterForm(request.POST, actor=actor, prefix="c")
    filters: CadreFilters = form.filters()
    if form.errors:
        for field in form:
            for message in field.errors:
                messages.error(request, f"{field.label}: {message}")
        return redirect(reverse("training:enrol", args=[training_class.pk]))
    return _enrol_or_back(
        request,
        training_class,
        lambda: services.enrol_by_criteria(
            actor=actor,
            training_class=training_class,
            filters=filters,
            waiting_list=request.POST.get("waiting_list") == "on",
        ),
    )


@require_POST
def enrol_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    training_class = selectors.class_get(actor=actor, pk=pk)
    form = EnrolUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = services.enrol_from_upload(
                actor=actor,
                training_class=training_class,
                upload=form.cleaned_data["file"],
                waiting_list=form.cleaned_data["waiting_list"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _enrol_result(request, training_class, result)
    return render(
        request,
        "training/enrol.html",
        {
            "training_class": training_class,
            "search": CadreFilterForm(actor=actor),
            "page": None,
            "criteria": CadreFilterForm(actor=actor, prefix="c"),
            "upload": form,
            "tab": "upload",
        },
        status=400,
    )


@require_POST
def enrolment_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    enrolment = selectors.enrolment_get(actor=actor, pk=pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else WithdrawalReason.REQUEST
    try:
        promoted = services.enrolment_withdraw(actor=actor, enrolment=enrolment, reason=reason)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s was withdrawn.") % {"name": enrolment.cadre.name})
        if promoted is not None:
            messages.info(
                request,
                _("%(name)s moved up from the waiting list.") % {"name": promoted.cadre.name},
            )
    return redirect("training:class_detail", pk=enrolment.training_class_id)


# --- leave requests -----------------------------------------------------------------------


@require_POST
def leave_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A cadre asks for leave from one of the class's sessions (from the class page)."""
    training_class = selectors.class_get(actor=request.user, pk=pk)
    raw = request.POST.get("session", "")
    session = None
    if raw.isdigit():
        session = training_class.sessions.filter(pk=int(raw)).first()
    if session is None:
        messages.error(request, _("Choose a session of this class."))
    else:
        try:
            services.leave_request_submit(
                actor=request.user, session=session, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your leave request was sent to the organisers."))
    return redirect("training:class_detail", pk=training_class.pk)


@require_POST
def leave_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    leave_request = selectors.leave_request_get(actor=actor, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "refuse"):
        messages.error(request, _("Choose to approve or refuse."))
    else:
        try:
            services.leave_request_decide(
                actor=actor,
                leave_request=leave_request,
                approve=decision == "approve",
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The leave request was decided."))
    return redirect("training:class_detail", pk=leave_request.session.training_class_id)


# --- feedback and certificates ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def feedback_view(request: HttpRequest, pk: int) -> HttpResponse:
    training_class = selectors.class_get(actor=request.user, pk=pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                actor=request.user, training_class=training_class, data=form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answer was recorded anonymously."))
            return redirect("training:class_detail", pk=training_class.pk)
    return render(
        request,
        "training/feedback.html",
        {"form": form, "training_class": training_class},
        status=400 if form.errors else 200,
    )


@require_GET
def certificate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate of a completed enrolment: for the staff who see the class, and
    for the cadre it belongs to."""
    enrolment = selectors.enrolment_get(actor=request.user, pk=pk)
    user = request.user
    if user.role == Role.CADRE_SELF and enrolment.cadre_id != user.cadre_id:
        raise Http404
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise Http404
    content = documents.certificate_pdf(
        enrolment,
        hours=enrolment.attended_hours,
        issued_by=enrolment.training_class.organiser.name,
        serial=f"{enrolment.training_class.start_date:%Y}-{enrolment.training_class_id:05d}-{enrolment.pk:06d}",
    )
    filename = f"{enrolment.cadre.name}-{enrolment.training_class.title}.pdf"
    return _download(content, filename, "application/pdf")


# --- plans and courses --------------------------------------------------------------------


@require_GET
def plan_list_view(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    return render(request, "training/plan_list.html", {"plans": selectors.plan_list(actor=actor)})


@require_http_methods(["GET", "POST"])
def plan_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    actor = _manager(request)
    plan = selectors.plan_get(actor=actor, pk=pk) if pk is not None else None
    initial = (
        {name: getattr(plan, name) for name in services.PLAN_FIELDS}
        if plan
        else {"year": current_year()}
    )
    form = PlanForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "description": form.cleaned_data.get("description") or ""}
        try:
            services.plan_save(actor=actor, data=data, plan=plan)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("training:plan_list")
    return render(
        request,
        "training/plan_form.html",
        {"form": form, "plan": plan},
        status=400 if form.errors else 200,
    )


@require_GET
def course_list_view(request: HttpRequest) -> HttpResponse:
    actor = _any_reader(request)
    q = request.GET.get("q", "").strip()[:40]
    topic = request.GET.get("topic", "").strip()[:30]
    featured = request.GET.get("featured") == "1"
    page = selectors.course_list(
        actor=actor,
        q=q,
        topic=topic,
        featured=featured,
        cursor=request.GET.get("cursor") or None,
    )
    return render(
        request,
        "training/course_list.html",
        {
            "page": page,
            "q": q,
            "topic": topic,
            "featured": featured,
            "is_first_page": not request.GET.get("cursor"),
        },
    )


@require_http_methods(["GET", "POST"])
def course_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    actor = _manager(request)
    course = selectors.course_get(actor=actor, pk=pk) if pk is not None else None
    initial = {}
    if course is not None:
        initial = {name: getattr(course, name) for name in services.COURSE_FIELDS}
        initial["topics"] = "，".join(topic.name for topic in course.topics.all())
    form = CourseForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_save(
                actor=actor,
                data=form.course_data(),
                topic_names=form.topic_names(),
                course=course,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The course was saved."))
            return redirect("training:course_list")
    return render(
        request,
        "training/course_form.html",
        {"form": form, "course": course},
        status=400 if form.errors else 200,
    )


# --- hours and compliance -----------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else current_year()


@require_GET
def compliance_view(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    form = ComplianceFilterForm(request.GET or None, actor=actor)
    filters = form.filters()
    page = selectors.compliance_list(
        actor=actor, filters=filters, cursor=request.GET.get("cursor") or None, size=PAGE_SIZE
    )
    return render(
        request,
        "training/compliance.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "totals": selectors.compliance_totals(actor=actor, filters=filters),
            "parameters": services.parameters(),
            "is_first_page": not request.GET.get("cursor"),
        },
    )


@require_GET
def compliance_export_view(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    form = ComplianceFilterForm(request.GET or None, actor=actor)
    filters = form.filters()
    limit = settings.GANSHI_EXPORT_MAX_ROWS
    rows = selectors.compliance_export_rows(actor=actor, filters=filters, limit=limit)
    heading = _("Credit-hour compliance %(year)s") % {"year": filters.year}
    if filters.unit is not None:
        heading = f"{filters.unit.name} {heading}"
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    written = exports.compliance_workbook(
        rows.iterator(chunk_size=1000), heading=heading, output=output
    )
    services.compliance_export_record(actor=actor, rows=written, year=filters.year)
    output.seek(0)
    response = FileResponse(
        output, as_attachment=True, filename=f"{heading}.xlsx".replace(" ", "_"), content_type=XLSX
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def cadre_hours_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    cadre = selectors.cadre_for_hours(actor=actor, pk=pk)
    year = _year(request)
    return render(
        request,
        "training/hours.html",
        {"hours": selectors.cadre_hours(cadre=cadre, year=year), "own": False, "years": _years()},
    )


@require_GET
def my_hours_view(request: HttpRequest) -> HttpResponse:
    if not request.user.cadre_id:
        raise Http404
    cadre = selectors.own_cadre(actor=request.user)
    year = _year(request)
    return render(
        request,
        "training/hours.html",
        {"hours": selectors.cadre_hours(cadre=cadre, year=year), "own": True, "years": _years()},
    )


def _years() -> list[int]:
    return list(range(current_year(), current_year() - 6, -1))


# --- settings -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    """The class kinds and the parameters of the rules (county staff at the top)."""
    actor = _reader(request)
    allowed = services.can_change_settings(actor)
    row = selectors.parameters_row()
    initial = {name: getattr(row, name) for name in services.PARAMETER_FIELDS}
    parameters_form = ParametersForm(
        request.POST if request.POST.get("form") == "parameters" else None, initial=initial
    )
    kind_form = KindForm(request.POST if request.POST.get("form") == "kind" else None)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        form_name = request.POST.get("form")
        try:
            if form_name == "parameters" and parameters_form.is_valid():
                services.parameters_update(actor=actor, data=parameters_form.cleaned_data)
                messages.success(request, _("The parameters were saved."))
                return redirect("training:settings")
            if form_name == "kind" and kind_form.is_valid():
                services.kind_create(actor=actor, **kind_form.cleaned_data)
                messages.success(request, _("The kind was added."))
                return redirect("training:settings")
            if form_name == "toggle":
                kind = selectors.kind_get(pk=request.POST.get("kind", ""))
                services.kind_set_active(
                    actor=actor, kind=kind, is_active=request.POST.get("active") == "1"
                )
                return redirect("training:settings")
        except ValidationError as error:
            add_errors(parameters_form if form_name == "parameters" else kind_form, error)
    return render(
        request,
        "training/settings.html",
        {
            "parameters_form": parameters_form,
            "kind_form": kind_form,
            "kinds": selectors.kinds_all(),
            "allowed": allowed,
        },
        status=400 if parameters_form.errors or kind_form.errors else 200,
    )


# --- figures ------------------------------------------------------------------------------


def _figure_links(figures: selectors.Figures) -> dict:
    """Every figure's chart data with the link to the records behind it."""
    year = figures.year
    scope = {"unit": figures.unit.pk} if figures.unit is not None else {}
    classes_url = reverse("training:class_list")
    people_url = reverse("training:person_times")
    compliance_url = reverse("training:compliance")

    def link(base, **params):
        return f"{base}?{urlencode({'year': year, **scope, **params})}"

    def unit_params(row):
        return {"unit": row.key} if row.key else {}

    return {
        "by_kind": [
            {
                "name": row.label,
                "classes": row.classes,
                "person_times": row.person_times,
                "classes_href": link(classes_url, kind=row.key),
                "person_times_href": link(people_url, kind=row.key),
            }
            for row in figures.by_kind
        ],
        "by_unit": [
            {
                "name": row.label,
                "classes": row.classes,
                "person_times": row.person_times,
                "classes_href": link(classes_url, **unit_params(row)),
                "person_times_href": link(people_url, **unit_params(row)),
            }
            for row in figures.by_unit
        ],
        "by_month": [
            {
                "name": _("Month %(month)s") % {"month": row.label},
                "classes": row.classes,
                "person_times": row.person_times,
                "classes_href": link(classes_url, month=row.key),
                "person_times_href": link(people_url, month=row.key),
            }
            for row in figures.by_month
        ],
        "coverage": [
            {
                "name": row.label,
                "cadres": row.cadres,
                "trained": row.trained,
                "untrained": row.cadres - row.trained,
                "percent": row.percent,
                "trained_href": link(compliance_url, level=row.key, trained="1"),
                "untrained_href": link(compliance_url, level=row.key, trained="0"),
            }
            for row in figures.coverage
            if row.cadres
        ],
        "totals": {
            "classes_href": link(classes_url),
            "person_times_href": link(people_url),
            "people_href": link(compliance_url, trained="1"),
        },
    }


@require_GET
def figures_view(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    form = FiguresForm(request.GET or None, actor=actor)
    year, unit = form.values()
    figures = selectors.figures(actor=actor, year=year, unit=unit)
    return render(
        request,
        "training/figures.html",
        {
            "form": form,
            "figures": figures,
            "charts": _figure_links(figures),
            "chart_labels": {"classes": _("Classes"), "person_times": _("Person-times")},
        },
    )


@require_GET
def figures_export_view(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    form = FiguresForm(request.GET or None, actor=actor)
    year, unit = form.values()
    figures = selectors.figures(actor=actor, year=year, unit=unit)
    scope = unit or actor.scope_unit
    heading = _("Training figures %(year)s") % {"year": year}
    if scope is not None:
        heading = f"{scope.name} {heading}"
    return _download(
        exports.figures_workbook(figures, heading=heading),
        f"{heading}.xlsx".replace(" ", "_"),
        XLSX,
    )


@require_GET
def person_times_view(request: HttpRequest) -> HttpResponse:
    """The records behind a person-times figure."""
    actor = _reader(request)
    form = PersonTimeFilterForm(request.GET or None, actor=actor)
    filters = form.filters()
    page = selectors.person_time_list(
        actor=actor, filters=filters, cursor=request.GET.get("cursor") or None, size=PAGE_SIZE
    )
    return render(
        request,
        "training/person_times.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "is_first_page": not request.GET.get("cursor"),
        },
    )

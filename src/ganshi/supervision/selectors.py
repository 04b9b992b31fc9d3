"""Reading supervision records. The case scope (handlers and supervisors) is applied
here and nowhere else."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ganshi.accounts.scopes import cadre_scope_q, unit_scope_q
from ganshi.cadres.choices import CadreStatus
from ganshi.cadres.models import Cadre
from ganshi.core.pagination import Page, keyset_page
from ganshi.orgs.models import LeadershipLevel
from ganshi.supervision import access
from ganshi.supervision.choices import (
    EXPIRING_DAYS,
    FINAL_STATUSES,
    AccessRequestStatus,
    CaseStatus,
    DocumentStatus,
    LeniencyDecision,
    LeniencyStatus,
    LoanStatus,
    TalkKind,
)
from ganshi.supervision.models import (
    DocumentLoan,
    Exoneration,
    FalseAccusationFinding,
    FamilyActivity,
    FamilySupervisor,
    IdentityAccessRequest,
    LeniencyCase,
    LeniencyCriterion,
    Report,
    ReportAttachment,
    SupervisionSettings,
    Talk,
    TravelDocument,
)
from ganshi.supervision.rules import RuleResult, add_months, admonition_bar
from ganshi.supervision.services import receipt_hash

# Ages of open cases, in days since receipt.
AGE_BANDS = ((0, 30), (31, 90), (91, 180), (181, None))
AGE_KEYS = {f"{low}-{high if high is not None else ''}": (low, high) for low, high in AGE_BANDS}


def _age_condition(low: int, high: int | None, *, today: datetime.date) -> Q:
    condition = Q(received_on__lte=today - datetime.timedelta(days=low))
    if high is not None:
        condition &= Q(received_on__gte=today - datetime.timedelta(days=high))
    return condition


# Outcomes that leave an adverse mark on the cadre reported, unless the name is cleared.
ADVERSE_OUTCOMES = (CaseStatus.TALK_OR_LETTER, CaseStatus.CASE_FILING)


def report_queryset(*, actor) -> QuerySet[Report]:
    """The cases ``actor`` may see: every case for a supervisor, else their own."""
    if access.is_supervisor(actor):
        return Report.objects.all()
    if not access.can_use_cases(actor):
        return Report.objects.none()
    return Report.objects.filter(handlers=actor)


@dataclass(frozen=True)
class ReportFilters:
    status: str = ""
    channel: str = ""
    outcome: str = ""
    overdue: bool = False
    year: int | None = None
    age: str = ""  # an AGE_BANDS key ("0-30", "181-"): open cases received that long ago


def report_page(
    *, actor, filters: ReportFilters, cursor: str | None = None, size: int = 50
) -> Page:
    queryset = report_queryset(actor=actor).select_related("subject_cadre")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.year:
        queryset = queryset.filter(received_on__year=filters.year)
    if filters.age in AGE_KEYS:
        queryset = queryset.exclude(status__in=FINAL_STATUSES).filter(
            _age_condition(*AGE_KEYS[filters.age], today=timezone.localdate())
        )
    if filters.overdue:
        queryset = queryset.filter(
            status=CaseStatus.PRELIMINARY_CHECK, check_deadline__lt=timezone.localdate()
        )
    return keyset_page(queryset, order=("-id",), cursor=cursor, size=size)


def report_get(*, actor, pk: int) -> Report:
    """The case, or 404 for anyone not on it."""
    report = (
        report_queryset(actor=actor)
        .select_related("subject_cadre", "subject_cadre__unit")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def report_detail_related(report: Report) -> dict:
    return {
        "events": list(report.events.select_related("actor")),
        "thread": list(report.messages.select_related("author")),
        "attachments": list(report.attachments.all()),
        "handlers": list(report.handlers.all()),
        "identity_requests": list(
            report.identity_requests.select_related("requester", "decided_by")
        ),
        "exonerations": list(report.exonerations.select_related("cadre")),
        "finding": FalseAccusationFinding.objects.select_related("situation")
        .filter(report=report)
        .first(),
    }


def attachment_get(*, actor, report_pk: int, pk: int) -> ReportAttachment:
    report = report_get(actor=actor, pk=report_pk)
    attachment = report.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def report_by_receipt(code: str) -> Report | None:
    """The report a receipt code belongs to (found by its keyed hash), if any."""
    digits = "".join(character for character in code or "" if character.isdigit())
    if len(digits) != 16:
        return None
    return Report.objects.filter(receipt_hash=receipt_hash(digits)).first()


def overdue_count(*, actor) -> int:
    return (
        report_queryset(actor=actor)
        .filter(status=CaseStatus.PRELIMINARY_CHECK, check_deadline__lt=timezone.localdate())
        .count()
    )


def identity_request_list(*, actor) -> list[IdentityAccessRequest]:
    """Requests for the custodian: reason and requester, never the identity."""
    if not access.is_custodian(actor):
        return []
    return list(
        IdentityAccessRequest.objects.select_related("requester", "decided_by", "report").order_by(
            "status", "-id"
        )[:200]
    )


def identity_request_pending_count(*, actor) -> int:
    if not access.is_custodian(actor):
        return 0
    return IdentityAccessRequest.objects.filter(status=AccessRequestStatus.PENDING).count()


# --- name clearing and the protective effect ----------------------------------------------


def exoneration_page(*, actor, scope: str = "", cursor: str | None = None, size: int = 50) -> Page:
    if not access.can_use_supervision(actor):
        raise Http404
    queryset = Exoneration.objects.filter(cadre_scope_q(actor, prefix="cadre__")).select_related(
        "cadre", "cadre__unit", "report"
    )
    if scope:
        queryset = queryset.filter(publicity_scope=scope)
    return keyset_page(queryset, order=("-decided_on", "-id"), cursor=cursor, size=size)


def exoneration_get(*, actor, pk: int) -> Exoneration:
    if not access.can_use_supervision(actor):
        raise Http404
    found = Exoneration.objects.filter(
        cadre_scope_q(actor, prefix="cadre__"), pk=pk
    ).select_related("cadre", "cadre__unit", "report")
    exoneration = found.first()
    if exoneration is None:
        raise Http404
    return exoneration


def cadre_is_cleared(cadre, report) -> bool:
    """Whether ``cadre``'s name was cleared of ``report`` (a later appointment check
    treats such a report as never made)."""
    return Exoneration.objects.filter(cadre=cadre, report=report).exists()


def cadre_adverse_marks(cadre) -> list[Report]:
    """The reports that mark ``cadre`` adversely: those that ended in a talk or letter or
    a filed case, less every report the cadre's name was cleared of."""
    return list(
        Report.objects.filter(subject_cadre=cadre, outcome__in=ADVERSE_OUTCOMES)
        .exclude(exonerations__cadre=cadre)
        .order_by("-received_on", "-id")
    )


# --- figures ------------------------------------------------------------------------------


def report_figures(*, actor, today: datetime.date | None = None) -> dict:
    """Counts of the cases ``actor`` sees: by channel, status, outcome and age."""
    today = today or timezone.localdate()
    queryset = report_queryset(actor=actor)
    by_channel = dict(
        queryset.values_list("channel").annotate(count=Count("id")).values_list("channel", "count")
    )
    by_status = dict(
        queryset.values_list("status").annotate(count=Count("id")).values_list("status", "count")
    )
    by_outcome = dict(
        queryset.exclude(outcome="")
        .values_list("outcome")
        .annotate(count=Count("id"))
        .values_list("outcome", "count")
    )
    open_cases = queryset.exclude(status__in=FINAL_STATUSES)
    keys = list(AGE_KEYS)
    counted = open_cases.aggregate(
        **{
            f"age{index}": Count("id", filter=_age_condition(*AGE_KEYS[key], today=today))
            for index, key in enumerate(keys)
        }
    )
    age_counts = {key: counted[f"age{index}"] or 0 for index, key in enumerate(keys)}
    return {
        "by_channel": by_channel,
        "by_status": by_status,
        "by_outcome": by_outcome,
        "by_age": age_counts,
    }


# --- registers (scoped by the cadre's unit) -----------------------------------------------


def _require_register(actor) -> None:
    if not access.can_use_supervision(actor):
        raise Http404


def leniency_page(*, actor, status: str = "", decision: str = "", cursor=None, size=50) -> Page:
    _require_register(actor)
    queryset = LeniencyCase.objects.filter(cadre_scope_q(actor, prefix="cadre__")).select_related(
        "cadre", "cadre__unit"
    )
    if status:
        queryset = queryset.filter(status=status)
    if decision:
        queryset = queryset.filter(decision=decision)
    return keyset_page(queryset, order=("-applied_on", "-id"), cursor=cursor, size=size)


def leniency_get(*, actor, pk: int) -> LeniencyCase:
    _require_register(actor)
    case = (
        LeniencyCase.objects.filter(cadre_scope_q(actor, prefix="cadre__"), pk=pk)
        .select_related("cadre", "cadre__unit")
        .prefetch_related("criteria_met", "events__actor")
        .first()
    )
    if case is None:
        raise Http404
    return case


def leniency_criteria() -> list[LeniencyCriterion]:
    return list(LeniencyCriterion.objects.filter(is_active=True))


def talk_page(*, actor, kind: str = "", year: int | None = None, cursor=None, size=50) -> Page:
    _require_register(actor)
    queryset = Talk.objects.filter(cadre_scope_q(actor, prefix="cadre__")).select_related(
        "cadre", "cadre__unit"
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if year:
        queryset = queryset.filter(held_on__year=year)
    return keyset_page(queryset, order=("-held_on", "-id"), cursor=cursor, size=size)


def talk_get(*, actor, pk: int) -> Talk:
    _require_register(actor)
    talk = (
        Talk.objects.filter(cadre_scope_q(actor, prefix="cadre__"), pk=pk)
        .select_related("cadre", "cadre__unit")
        .first()
    )
    if talk is None:
        raise Http404
    return talk


def talk_counts(*, actor, year: int | None = None) -> dict[str, int]:
    _require_register(actor)
    queryset = Talk.objects.filter(cadre_scope_q(actor, prefix="cadre__"))
    if year:
        queryset = queryset.filter(held_on__year=year)
    return dict(
        queryset.values_list("kind").annotate(count=Count("id")).values_list("kind", "count")
    )


def cadre_promotion_bar(cadre, *, at: datetime.date | None = None) -> RuleResult:
    """Whether admonitions bar ``cadre``'s promotion on ``at`` (for appointment checks).
    An admonition from a fault-tolerance case decided with continued eligibility is
    disregarded."""
    at = at or timezone.localdate()
    months = SupervisionSettings.current().admonition_months
    dates = Talk.objects.filter(cadre=cadre, kind=TalkKind.ADMONITION).values_list(
        "held_on", flat=True
    )
    result = admonition_bar(list(dates), at=at, months=months)
    if (
        not result.allowed
        and LeniencyCase.objects.filter(
            cadre=cadre,
            status=LeniencyStatus.DECIDED,
            remains_eligible_for_promotion=True,
            decided_on__gte=add_months(at, -months),
        ).exists()
    ):
        return RuleResult(
            allowed=True,
            text=result.text + "；经容错认定，不影响提拔使用",
            source=result.source,
        )
    return result


@dataclass(frozen=True)
class DocumentFilters:
    status: str = ""
    kind: str = ""
    expiring: bool = False


def document_page(*, actor, filters: DocumentFilters, cursor=None, size=50) -> Page:
    _require_register(actor)
    queryset = TravelDocument.objects.filter(cadre_scope_q(actor, prefix="cadre__")).select_related(
        "cadre", "cadre__unit"
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.expiring:
        today = timezone.localdate()
        queryset = queryset.filter(
            expires_on__lte=today + datetime.timedelta(days=EXPIRING_DAYS),
        ).exclude(status=DocumentStatus.CANCELLED)
    return keyset_page(queryset, order=("-id",), cursor=cursor, size=size)


def document_get(*, actor, pk: int) -> TravelDocument:
    _require_register(actor)
    document = (
        TravelDocument.objects.filter(cadre_scope_q(actor, prefix="cadre__"), pk=pk)
        .select_related("cadre", "cadre__unit")
        .first()
    )
    if document is None:
        raise Http404
    return document


def document_loans(document: TravelDocument) -> list[DocumentLoan]:
    return list(document.loans.select_related("requested_by").prefetch_related("events__actor"))


def overdue_loans(*, actor) -> list[DocumentLoan]:
    _require_register(actor)
    return list(
        DocumentLoan.objects.filter(
            cadre_scope_q(actor, prefix="document__cadre__"),
            status=LoanStatus.LENT,
            due_on__lt=timezone.localdate(),
        ).select_related("document", "document__cadre", "document__cadre__unit")[:500]
    )


def open_loans(*, actor) -> list[DocumentLoan]:
    _require_register(actor)
    return list(
        DocumentLoan.objects.filter(
            cadre_scope_q(actor, prefix="document__cadre__"),
            status__in=(LoanStatus.REQUESTED, LoanStatus.APPROVED, LoanStatus.LENT),
        ).select_related("document", "document__cadre", "requested_by")[:500]
    )


# Leadership levels whose cadres must deposit their travel documents (县处级 and 乡科级
# leaders).
CUSTODY_LEVELS = (
    LeadershipLevel.COUNTY_CHIEF,
    LeadershipLevel.COUNTY_DEPUTY,
    LeadershipLevel.TOWNSHIP_CHIEF,
    LeadershipLevel.TOWNSHIP_DEPUTY,
)


def custody_review(*, actor) -> list:
    """The 回头看: leaders in post (县处级 and 乡科级) who hold a registered document
    they should have deposited, or keep one lent past its due date."""
    _require_register(actor)
    today = timezone.localdate()
    undeposited = Q(travel_documents__status=DocumentStatus.HELD) & Q(
        travel_documents__expires_on__gte=today
    )
    overdue = Q(travel_documents__loans__status=LoanStatus.LENT) & Q(
        travel_documents__loans__due_on__lt=today
    )
    return list(
        Cadre.objects.filter(
            cadre_scope_q(actor),
            status=CadreStatus.ACTIVE,
            leadership_level__in=CUSTODY_LEVELS,
        )
        .annotate(
            undeposited=Count("travel_documents", filter=undeposited, distinct=True),
            overdue=Count("travel_documents__loans", filter=overdue, distinct=True),
        )
        .filter(Q(undeposited__gt=0) | Q(overdue__gt=0))
        .select_related("unit")
        .order_by("unit__path", "id")[:1000]
    )


def family_supervisor_page(*, actor, cursor=None, size=50) -> Page:
    _require_register(actor)
    queryset = (
        FamilySupervisor.objects.filter(cadre_scope_q(actor, prefix="cadre__"))
        .select_related("cadre", "cadre__unit")
        .annotate(activity_count=Count("activities"))
    )
    return keyset_page(queryset, order=("-id",), cursor=cursor, size=size)


def family_activity_list(*, actor, limit: int = 100) -> list[FamilyActivity]:
    _require_register(actor)
    return list(
        FamilyActivity.objects.filter(unit_scope_q(actor, prefix="unit__"))
        .select_related("unit")
        .annotate(supervisor_count=Count("supervisors"))
        .order_by("-held_on", "-id")[:limit]
    )


def family_counts(*, actor) -> dict[str, int]:
    _require_register(actor)
    counts = dict(
        FamilyActivity.objects.filter(unit_scope_q(actor, prefix="unit__"))
        .values_list("kind")
        .annotate(count=Count("id"))
        .values_list("kind", "count")
    )
    counts["supervisors"] = FamilySupervisor.objects.filter(
        cadre_scope_q(actor, prefix="cadre__"), is_active=True
    ).count()
    return counts


# --- figures of the registers ------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFigures:
    exonerations: int
    cleared_cadres: int
    exonerations_by_scope: dict[str, int]
    leniency_by_decision: dict[str, int]
    leniency_open: int
    exempted_cadres: int
    kept_eligible_after_talk: int
    cleared_for_commendation: int
    talks_by_kind: dict[str, int]
    documents_by_status: dict[str, int]
    loans_overdue: int


def register_figures(*, actor, year: int | None = None) -> RegisterFigures:
    """Counts of the registers in the actor's scope (``year``: talks of that year)."""
    _require_register(actor)
    cadres = cadre_scope_q(actor, prefix="cadre__")
    exonerations = Exoneration.objects.filter(cadres)
    by_scope = dict(
        exonerations.values_list("publicity_scope")
        .annotate(count=Count("id"))
        .values_list("publicity_scope", "count")
    )
    leniency = LeniencyCase.objects.filter(cadres)
    decided = leniency.filter(status=LeniencyStatus.DECIDED)
    by_decision = dict(
        decided.values_list("decision").annotate(count=Count("id")).values_list("decision", "count")
    )
    talked = Talk.objects.filter(kind__in=(TalkKind.ADMONITION, TalkKind.REMINDER)).values(
        "cadre_id"
    )
    talks = Talk.objects.filter(cadres)
    if year:
        talks = talks.filter(held_on__year=year)
    documents = TravelDocument.objects.filter(cadres)
    return RegisterFigures(
        exonerations=exonerations.count(),
        cleared_cadres=exonerations.values("cadre_id").distinct().count(),
        exonerations_by_scope=by_scope,
        leniency_by_decision=by_decision,
        leniency_open=leniency.filter(
            status__in=(LeniencyStatus.APPLIED, LeniencyStatus.INVESTIGATING)
        ).count(),
        exempted_cadres=decided.filter(decision=LeniencyDecision.EXEMPTION)
        .values("cadre_id")
        .distinct()
        .count(),
        kept_eligible_after_talk=decided.filter(
            remains_eligible_for_promotion=True, cadre_id__in=talked
        )
        .values("cadre_id")
        .distinct()
        .count(),
        cleared_for_commendation=decided.filter(cleared_for_commendation=True)
        .values("cadre_id")
        .distinct()
        .count(),
        talks_by_kind=dict(
            talks.values_list("kind").annotate(count=Count("id")).values_list("kind", "count")
        ),
        documents_by_status=dict(
            documents.values_list("status")
            .annotate(count=Count("id"))
            .values_list("status", "count")
        ),
        loans_overdue=DocumentLoan.objects.filter(
            cadre_scope_q(actor, prefix="document__cadre__"),
            status=LoanStatus.LENT,
            due_on__lt=timezone.localdate(),
        ).count(),
    )


def cadre_for_write(pk: int) -> Cadre:
    """The cadre a register entry names, or an unsaved stand-in with that id when none
    exists: the service judges it (existence and the actor's scope) with its message."""
    return Cadre.objects.filter(pk=pk).first() or Cadre(pk=pk)


def users_by_ids(ids: list[int]) -> list:
    """The users named as a case's handlers (the service judges whether each may be)."""
    from ganshi.accounts.models import User

    return list(User.objects.filter(pk__in=ids))


def cadre_cleared_report_numbers(cadre) -> list[str]:
    """The numbers of the reports a cadre's name was cleared of."""
    return [
        exoneration.report.number
        for exoneration in cadre.exonerations.select_related("report").order_by("id")
    ]

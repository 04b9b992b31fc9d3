"""Reading supervision records. The case scope (handlers and supervisors) is applied
here and nowhere else."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ganshi.core.pagination import Page, keyset_page
from ganshi.supervision import access
from ganshi.supervision.choices import (
    FINAL_STATUSES,
    AccessRequestStatus,
    CaseStatus,
)
from ganshi.supervision.models import (
    Exoneration,
    FalseAccusationFinding,
    IdentityAccessRequest,
    Report,
    ReportAttachment,
)
from ganshi.supervision.services import receipt_hash

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


def exoneration_page(*, actor, cursor: str | None = None, size: int = 50) -> Page:
    if not access.can_use_supervision(actor):
        raise Http404
    queryset = Exoneration.objects.select_related("cadre", "cadre__unit", "report")
    return keyset_page(queryset, order=("-decided_on", "-id"), cursor=cursor, size=size)


def exoneration_get(*, actor, pk: int) -> Exoneration:
    if not access.can_use_supervision(actor):
        raise Http404
    found = Exoneration.objects.select_related("cadre", "cadre__unit", "report").filter(pk=pk)
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


AGE_BANDS = ((0, 30), (31, 90), (91, 180), (181, None))


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
    age_counts = {}
    open_cases = queryset.exclude(status__in=FINAL_STATUSES)
    aggregates = {}
    for low, high in AGE_BANDS:
        condition = Q(received_on__lte=today - datetime.timedelta(days=low))
        if high is not None:
            condition &= Q(received_on__gte=today - datetime.timedelta(days=high))
        key = f"{low}-{high}" if high is not None else f"{low}-"
        aggregates[key] = Count("id", filter=condition)
    if aggregates:
        age_counts = open_cases.aggregate(**aggregates)
    return {
        "by_channel": by_channel,
        "by_status": by_status,
        "by_outcome": by_outcome,
        "by_age": age_counts,
    }

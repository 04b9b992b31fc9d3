"""Channels, statuses and the case workflow of reports (信访举报), and name clearing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """The 12380 "四位一体" channels, plus visits in person."""

    LETTER = "letter", pgettext_lazy("supervision", "Letter (来信)")
    VISIT = "visit", pgettext_lazy("supervision", "Visit (来访)")
    PHONE = "phone", pgettext_lazy("supervision", "Phone (12380 电话)")
    WEB = "web", pgettext_lazy("supervision", "Web (网络)")
    SMS = "sms", pgettext_lazy("supervision", "SMS (短信)")


# Channels staff type in (the web form files itself, the SMS gateway posts).
STAFF_CHANNELS = (Channel.LETTER, Channel.VISIT, Channel.PHONE, Channel.SMS)


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("supervision", "Registered (登记)")
    ACCEPTED = "accepted", pgettext_lazy("supervision", "Accepted (受理)")
    REJECTED = "rejected", pgettext_lazy("supervision", "Not accepted (不予受理)")
    PRELIMINARY_CHECK = (
        "preliminary_check",
        pgettext_lazy("supervision", "Preliminary check (初核)"),
    )
    TALK_OR_LETTER = (
        "talk_or_letter",
        pgettext_lazy("supervision", "Talk or inquiry letter (谈话函询)"),
    )
    CASE_FILING = "case_filing", pgettext_lazy("supervision", "Case filed or referred (立案移送)")
    CLOSING = "closing", pgettext_lazy("supervision", "Closed without action (予以了结)")
    EXONERATION = "exoneration", pgettext_lazy("supervision", "Name cleared (澄清正名)")
    CONCLUDED = "concluded", pgettext_lazy("supervision", "Concluded (办结)")


# The statuses after which the case is over: retention runs from then.
FINAL_STATUSES = (CaseStatus.REJECTED, CaseStatus.CONCLUDED)
# The outcomes of a preliminary check.
OUTCOME_STATUSES = (
    CaseStatus.TALK_OR_LETTER,
    CaseStatus.CASE_FILING,
    CaseStatus.CLOSING,
    CaseStatus.EXONERATION,
)


class Transition(models.TextChoices):
    ACCEPT = "accept", pgettext_lazy("supervision", "Accept")
    REJECT = "reject", pgettext_lazy("supervision", "Do not accept")
    START_CHECK = "start_check", pgettext_lazy("supervision", "Start the preliminary check")
    TALK = "talk", pgettext_lazy("supervision", "Talk or inquiry letter")
    FILE_CASE = "file_case", pgettext_lazy("supervision", "File or refer the case")
    CLOSE = "close", pgettext_lazy("supervision", "Close without action")
    EXONERATE = "exonerate", pgettext_lazy("supervision", "Clear the name")
    CONCLUDE = "conclude", pgettext_lazy("supervision", "Conclude")


# The workflow, the one table every move is checked against: action → (from, to).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    Transition.ACCEPT: ((CaseStatus.REGISTERED,), CaseStatus.ACCEPTED),
    Transition.REJECT: ((CaseStatus.REGISTERED,), CaseStatus.REJECTED),
    Transition.START_CHECK: ((CaseStatus.ACCEPTED,), CaseStatus.PRELIMINARY_CHECK),
    Transition.TALK: ((CaseStatus.PRELIMINARY_CHECK,), CaseStatus.TALK_OR_LETTER),
    Transition.FILE_CASE: ((CaseStatus.PRELIMINARY_CHECK,), CaseStatus.CASE_FILING),
    Transition.CLOSE: ((CaseStatus.PRELIMINARY_CHECK,), CaseStatus.CLOSING),
    Transition.EXONERATE: ((CaseStatus.PRELIMINARY_CHECK,), CaseStatus.EXONERATION),
    Transition.CONCLUDE: (OUTCOME_STATUSES, CaseStatus.CONCLUDED),
}

# Moves only the case's supervisor makes (intake and the final word); the rest are
# the assigned handlers' (or the supervisor's).
SUPERVISOR_TRANSITIONS = frozenset(
    {Transition.ACCEPT, Transition.REJECT, Transition.START_CHECK, Transition.CONCLUDE}
)


def transitions_from(status: str) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if status in sources]


class OfficeRole(models.TextChoices):
    """Who does what in the reporting office (granted per user, on top of the user role)."""

    SUPERVISOR = (
        "supervisor",
        pgettext_lazy("supervision", "Case supervisor (sees every case, assigns handlers)"),
    )
    CUSTODIAN = (
        "custodian",
        pgettext_lazy("supervision", "Identity custodian (decides identity-access requests)"),
    )
    GATEWAY = "gateway", pgettext_lazy("supervision", "SMS gateway (posts text messages)")


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("supervision", "Pending")
    APPROVED = "approved", pgettext_lazy("supervision", "Approved")
    REFUSED = "refused", pgettext_lazy("supervision", "Refused")


class PublicityScope(models.TextChoices):
    MEETING = "meeting", pgettext_lazy("supervision", "At a meeting (会议)")
    WRITTEN_NOTICE = "written_notice", pgettext_lazy("supervision", "Written notice (书面通知)")
    PUBLIC = "public", pgettext_lazy("supervision", "Public announcement (公开发布)")


class TalkKind(models.TextChoices):
    HEART_TO_HEART = (
        "heart_to_heart",
        pgettext_lazy("supervision", "Heart-to-heart talk (谈心谈话)"),
    )
    REMINDER = "reminder", pgettext_lazy("supervision", "Reminder talk (提醒谈话)")
    ADMONITION = "admonition", pgettext_lazy("supervision", "Admonition (诫勉谈话)")
    INQUIRY_LETTER = "inquiry_letter", pgettext_lazy("supervision", "Inquiry letter (函询)")


RECEIPT_CODE_DIGITS = 16

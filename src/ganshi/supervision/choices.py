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


# --- fault tolerance (容错纠错) -----------------------------------------------------------


class ApplicantKind(models.TextChoices):
    CADRE = "cadre", pgettext_lazy("supervision", "The cadre")
    UNIT = "unit", pgettext_lazy("supervision", "The cadre's unit")


class LeniencyStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("supervision", "Applied")
    INVESTIGATING = "investigating", pgettext_lazy("supervision", "Under investigation")
    DECIDED = "decided", pgettext_lazy("supervision", "Decided")
    WITHDRAWN = "withdrawn", pgettext_lazy("supervision", "Withdrawn")


class LeniencyDecision(models.TextChoices):
    EXEMPTION = "exemption", pgettext_lazy("supervision", "Exemption (免责)")
    LIGHTER = "lighter", pgettext_lazy("supervision", "Lighter treatment (从轻)")
    MITIGATION = "mitigation", pgettext_lazy("supervision", "Mitigation (减轻)")
    REFUSED = "refused", pgettext_lazy("supervision", "No tolerance (不予容错)")


class LeniencyTransition(models.TextChoices):
    INVESTIGATE = "investigate", pgettext_lazy("supervision", "Start the investigation")
    DECIDE = "decide", pgettext_lazy("supervision", "Decide")
    WITHDRAW = "withdraw", pgettext_lazy("supervision", "Withdraw")


LENIENCY_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    LeniencyTransition.INVESTIGATE: ((LeniencyStatus.APPLIED,), LeniencyStatus.INVESTIGATING),
    LeniencyTransition.DECIDE: ((LeniencyStatus.INVESTIGATING,), LeniencyStatus.DECIDED),
    LeniencyTransition.WITHDRAW: (
        (LeniencyStatus.APPLIED, LeniencyStatus.INVESTIGATING),
        LeniencyStatus.WITHDRAWN,
    ),
}
# Decisions that tolerate the mistake (the cadre stays eligible unless stated otherwise).
TOLERATING_DECISIONS = (
    LeniencyDecision.EXEMPTION,
    LeniencyDecision.LIGHTER,
    LeniencyDecision.MITIGATION,
)


# --- travel documents (出国(境)证件) ------------------------------------------------------


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", pgettext_lazy("supervision", "Passport (护照)")
    HK_MACAO = (
        "hk_macao",
        pgettext_lazy("supervision", "Permit for Hong Kong and Macao (港澳通行证)"),
    )
    TAIWAN = "taiwan", pgettext_lazy("supervision", "Permit for Taiwan (台湾通行证)")


class DocumentStatus(models.TextChoices):
    HELD = "held", pgettext_lazy("supervision", "Held by the cadre (not deposited)")
    IN_CUSTODY = "in_custody", pgettext_lazy("supervision", "In custody")
    ON_LOAN = "on_loan", pgettext_lazy("supervision", "On loan")
    CANCELLED = "cancelled", pgettext_lazy("supervision", "Cancelled or expired")


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("supervision", "Requested")
    APPROVED = "approved", pgettext_lazy("supervision", "Approved")
    REFUSED = "refused", pgettext_lazy("supervision", "Refused")
    LENT = "lent", pgettext_lazy("supervision", "Lent")
    RETURNED = "returned", pgettext_lazy("supervision", "Returned")


class LoanTransition(models.TextChoices):
    APPROVE = "approve", pgettext_lazy("supervision", "Approve")
    REFUSE = "refuse", pgettext_lazy("supervision", "Refuse")
    LEND = "lend", pgettext_lazy("supervision", "Hand out")
    RETURN = "return", pgettext_lazy("supervision", "Take back")


LOAN_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    LoanTransition.APPROVE: ((LoanStatus.REQUESTED,), LoanStatus.APPROVED),
    LoanTransition.REFUSE: ((LoanStatus.REQUESTED,), LoanStatus.REFUSED),
    LoanTransition.LEND: ((LoanStatus.APPROVED,), LoanStatus.LENT),
    LoanTransition.RETURN: ((LoanStatus.LENT,), LoanStatus.RETURNED),
}
# Loans that hold the document (one at a time).
OPEN_LOAN_STATUSES = (LoanStatus.REQUESTED, LoanStatus.APPROVED, LoanStatus.LENT)
# "Expiring": the document expires within this many days.
EXPIRING_DAYS = 180


# --- family supervision (干部家属护航) ------------------------------------------------------


class FamilyActivityKind(models.TextChoices):
    TALK = "talk", pgettext_lazy("supervision", "Family talk (家访谈心)")
    MEETING = "meeting", pgettext_lazy("supervision", "Meeting (座谈会)")
    EDUCATION = "education", pgettext_lazy("supervision", "Integrity education (廉洁教育)")

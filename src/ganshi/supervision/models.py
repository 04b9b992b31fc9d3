"""Reports (信访举报) and their cases, sealed reporter identity, name clearing.

What a report says, about whom, who sent it and what they attached is encrypted at rest
(``EncryptedTextField``, attachments as Fernet tokens on disk); the receipt code exists
only as a keyed hash. No address of the sender is stored with a report: the rate limit
keeps keyed hashes of addresses in ``RateLimitBucket``, apart from the report and
expiring within the hour.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganshi.cadres.models import Cadre
from ganshi.core.field_encryption import EncryptedTextField
from ganshi.supervision.choices import (
    AccessRequestStatus,
    ApplicantKind,
    CaseStatus,
    Channel,
    DocumentKind,
    DocumentStatus,
    FamilyActivityKind,
    LeniencyDecision,
    LeniencyStatus,
    LoanStatus,
    OfficeRole,
    PublicityScope,
    TalkKind,
)


class SupervisionSettings(models.Model):
    """The county's parameters (one row, pk=1), adjustable without a deploy."""

    retention_days = models.PositiveIntegerField(
        pgettext_lazy("supervision", "days attachments and identity are kept after closing"),
        default=5 * 365,
    )
    check_days = models.PositiveSmallIntegerField(
        pgettext_lazy("supervision", "days allowed for a preliminary check"), default=30
    )
    attachment_max_bytes = models.PositiveIntegerField(
        pgettext_lazy("supervision", "largest attachment (bytes)"), default=10 * 1024 * 1024
    )
    attachment_max_count = models.PositiveSmallIntegerField(
        pgettext_lazy("supervision", "attachments per report"), default=5
    )
    submissions_per_hour = models.PositiveSmallIntegerField(
        pgettext_lazy("supervision", "public submissions per address and hour"), default=5
    )
    follow_attempts_per_hour = models.PositiveSmallIntegerField(
        pgettext_lazy("supervision", "receipt-code look-ups per address and hour"), default=20
    )
    admonition_months = models.PositiveSmallIntegerField(
        pgettext_lazy("supervision", "months an admonition bars promotion"), default=6
    )

    class Meta:
        verbose_name = pgettext_lazy("supervision", "supervision settings")
        verbose_name_plural = pgettext_lazy("supervision", "supervision settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> SupervisionSettings:
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)


class OfficeMember(models.Model):
    """A user's part in the reporting office: supervisor, identity custodian, SMS gateway."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="supervision_roles",
    )
    role = models.CharField(
        pgettext_lazy("supervision", "office role"), max_length=12, choices=OfficeRole.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "office member")
        verbose_name_plural = pgettext_lazy("supervision", "office members")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="supervision_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role}"


class FalseAccusationSituation(models.Model):
    """One of the situations the county counts as 诬告陷害 (a configurable list)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(
        pgettext_lazy("supervision", "sort order"), default=100
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "false-accusation situation")
        verbose_name_plural = pgettext_lazy("supervision", "false-accusation situations")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """A report and its case. ``content``, the subject as typed and the reporter's
    identity are encrypted; the identity is sealed (see ``IdentityAccessRequest``)."""

    channel = models.CharField(
        pgettext_lazy("supervision", "channel"), max_length=8, choices=Channel.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    content = EncryptedTextField(pgettext_lazy("supervision", "what happened"))
    subject_name = EncryptedTextField(pgettext_lazy("supervision", "name of the person reported"))
    subject_unit = EncryptedTextField(
        pgettext_lazy("supervision", "unit of the person reported"), blank=True
    )
    subject_cadre = models.ForeignKey(
        Cadre,
        verbose_name=pgettext_lazy("supervision", "matched cadre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    is_anonymous = models.BooleanField(pgettext_lazy("supervision", "anonymous"), default=True)
    reporter_name = EncryptedTextField(pgettext_lazy("supervision", "reporter's name"), blank=True)
    reporter_contact = EncryptedTextField(
        pgettext_lazy("supervision", "reporter's contact"), blank=True
    )
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("supervision", "registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("supervision", "handlers"),
        blank=True,
        related_name="supervision_cases",
    )
    outcome = models.CharField(
        pgettext_lazy("supervision", "outcome"),
        max_length=20,
        choices=CaseStatus.choices,
        blank=True,
    )
    check_deadline = models.DateField(
        pgettext_lazy("supervision", "preliminary check deadline"), null=True, blank=True
    )
    received_on = models.DateField(pgettext_lazy("supervision", "received on"))
    closed_at = models.DateTimeField(pgettext_lazy("supervision", "closed at"), null=True)
    destroyed_at = models.DateTimeField(
        pgettext_lazy("supervision", "identity and attachments destroyed at"), null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "report")
        verbose_name_plural = pgettext_lazy("supervision", "reports")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "id"], name="supervision_report_status_idx"),
            models.Index(fields=["channel", "id"], name="supervision_report_channel_idx"),
            models.Index(fields=["status", "check_deadline"], name="supervision_report_due_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"JB{self.received_on:%Y}-{self.pk:05d}" if self.pk else "JB"

    @property
    def has_identity(self) -> bool:
        return bool(self.reporter_name or self.reporter_contact)


class ReportAttachment(models.Model):
    """A file sent with a report: the bytes a Fernet token on disk under a random name."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    stored = models.FileField(upload_to="supervision/%Y/", max_length=200)
    original_name = EncryptedTextField(pgettext_lazy("supervision", "file name"))
    content_type = models.CharField(max_length=80)
    size_bytes = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "attachment")
        verbose_name_plural = pgettext_lazy("supervision", "attachments")
        ordering = ["report_id", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.pk}"


class ReportMessage(models.Model):
    """The two-way thread between the reporter (by receipt code) and the handlers."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = EncryptedTextField(pgettext_lazy("supervision", "message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "message")
        verbose_name_plural = pgettext_lazy("supervision", "messages")
        ordering = ["report_id", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.pk}"


class ReportEvent(models.Model):
    """One move of a case through the workflow."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("supervision", "by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    comment = models.CharField(pgettext_lazy("supervision", "comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "case event")
        verbose_name_plural = pgettext_lazy("supervision", "case events")
        ordering = ["report_id", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class IdentityAccessRequest(models.Model):
    """A handler's request to see a report's sealed identity, and the custodian's word."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="identity_requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(pgettext_lazy("supervision", "reason"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decision_reason = models.TextField(
        pgettext_lazy("supervision", "reason for the decision"), blank=True
    )
    decided_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "identity-access request")
        verbose_name_plural = pgettext_lazy("supervision", "identity-access requests")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.pk} {self.status}"


class FalseAccusationFinding(models.Model):
    """A finding that a report was 诬告陷害, and where it was referred."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="false_accusation")
    situation = models.ForeignKey(
        FalseAccusationSituation,
        verbose_name=pgettext_lazy("supervision", "situation"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    facts = models.TextField(pgettext_lazy("supervision", "facts found"))
    referred_to = models.CharField(pgettext_lazy("supervision", "referred to"), max_length=120)
    referred_on = models.DateField(pgettext_lazy("supervision", "referred on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "false-accusation finding")
        verbose_name_plural = pgettext_lazy("supervision", "false-accusation findings")

    def __str__(self) -> str:
        return f"{self.report_id} {self.situation_id}"


class Exoneration(models.Model):
    """Clearing the name (澄清正名) of a cadre falsely or wrongly reported."""

    report = models.ForeignKey(
        Report,
        verbose_name=pgettext_lazy("supervision", "report"),
        on_delete=models.PROTECT,
        related_name="exonerations",
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="exonerations"
    )
    decision = models.TextField(pgettext_lazy("supervision", "decision"))
    publicity_scope = models.CharField(
        pgettext_lazy("supervision", "made public in"),
        max_length=16,
        choices=PublicityScope.choices,
    )
    decided_on = models.DateField(pgettext_lazy("supervision", "decided on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "name clearing")
        verbose_name_plural = pgettext_lazy("supervision", "name clearings")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "cadre"], name="supervision_exoneration_unique"
            )
        ]
        indexes = [models.Index(fields=["decided_on", "id"], name="supervision_exon_date_idx")]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.decided_on}"


class RateLimitBucket(models.Model):
    """Submissions from one (keyed-hashed) address in one hour; rows older than the
    window are deleted as new ones come. Shared by every worker process."""

    key_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key_hash", "window_start"], name="supervision_ratelimit_unique"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="supervision_ratelimit_idx")]

    def __str__(self) -> str:
        return f"{self.window_start:%Y-%m-%d %H}"


# --- fault tolerance (容错纠错) -----------------------------------------------------------


class LeniencyCriterion(models.Model):
    """One item of the checklist a case is judged by (the "三个区分开来" and the
    county's additions)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    text = models.CharField(pgettext_lazy("supervision", "criterion"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(
        pgettext_lazy("supervision", "sort order"), default=100
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "fault-tolerance criterion")
        verbose_name_plural = pgettext_lazy("supervision", "fault-tolerance criteria")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text


class LeniencyCase(models.Model):
    """An application for fault tolerance about one matter, its investigation and decision."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="leniency_cases"
    )
    applicant_kind = models.CharField(
        pgettext_lazy("supervision", "applied by"), max_length=8, choices=ApplicantKind.choices
    )
    matter = models.TextField(pgettext_lazy("supervision", "matter"))
    applied_on = models.DateField(pgettext_lazy("supervision", "applied on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=LeniencyStatus.choices,
        default=LeniencyStatus.APPLIED,
    )
    findings = models.TextField(pgettext_lazy("supervision", "investigation findings"), blank=True)
    criteria_met = models.ManyToManyField(
        LeniencyCriterion,
        verbose_name=pgettext_lazy("supervision", "criteria met"),
        blank=True,
        related_name="+",
    )
    decision = models.CharField(
        pgettext_lazy("supervision", "decision"),
        max_length=12,
        choices=LeniencyDecision.choices,
        blank=True,
    )
    reasons = models.TextField(pgettext_lazy("supervision", "reasons"), blank=True)
    decided_on = models.DateField(pgettext_lazy("supervision", "decided on"), null=True)
    remains_eligible_for_promotion = models.BooleanField(
        pgettext_lazy("supervision", "remains eligible for promotion"), default=False
    )
    cleared_for_commendation = models.BooleanField(
        pgettext_lazy("supervision", "cleared for commendations"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "fault-tolerance case")
        verbose_name_plural = pgettext_lazy("supervision", "fault-tolerance cases")
        ordering = ["-applied_on", "-id"]
        indexes = [
            models.Index(fields=["applied_on", "id"], name="supervision_leniency_date_idx"),
            models.Index(fields=["status", "decision"], name="supervision_leniency_dec_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.applied_on}"


class LeniencyEvent(models.Model):
    case = models.ForeignKey(LeniencyCase, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=LeniencyStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=LeniencyStatus.choices)
    comment = models.CharField(pgettext_lazy("supervision", "comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


# --- talks and inquiry letters ------------------------------------------------------------


class Talk(models.Model):
    """A talk held with a cadre or an inquiry letter sent to one."""

    kind = models.CharField(
        pgettext_lazy("supervision", "kind"), max_length=16, choices=TalkKind.choices
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="talks"
    )
    held_by = models.CharField(pgettext_lazy("supervision", "held by"), max_length=80)
    held_on = models.DateField(pgettext_lazy("supervision", "date"))
    reason = models.TextField(pgettext_lazy("supervision", "reason"))
    summary = models.TextField(pgettext_lazy("supervision", "summary"), blank=True)
    follow_up = models.TextField(pgettext_lazy("supervision", "follow-up"), blank=True)
    reply = models.TextField(pgettext_lazy("supervision", "reply to the letter"), blank=True)
    replied_on = models.DateField(pgettext_lazy("supervision", "replied on"), null=True, blank=True)
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="talks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "talk")
        verbose_name_plural = pgettext_lazy("supervision", "talks")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["held_on", "id"], name="supervision_talk_date_idx"),
            models.Index(fields=["cadre", "kind", "held_on"], name="supervision_talk_cadre_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.held_on}"


# --- travel documents ---------------------------------------------------------------------


class TravelDocument(models.Model):
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="travel_documents"
    )
    kind = models.CharField(
        pgettext_lazy("supervision", "kind"), max_length=10, choices=DocumentKind.choices
    )
    number = EncryptedTextField(pgettext_lazy("supervision", "document number"))
    number_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_on = models.DateField(pgettext_lazy("supervision", "issued on"))
    expires_on = models.DateField(pgettext_lazy("supervision", "expires on"))
    status = models.CharField(
        _("status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.HELD
    )
    deposited_on = models.DateField(
        pgettext_lazy("supervision", "deposited on"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "travel document")
        verbose_name_plural = pgettext_lazy("supervision", "travel documents")
        ordering = ["cadre_id", "kind", "id"]
        indexes = [
            models.Index(fields=["status", "expires_on"], name="supervision_doc_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.kind}"


class DocumentLoan(models.Model):
    """Borrowing a document from custody: request → approval → hand-out → return."""

    document = models.ForeignKey(TravelDocument, on_delete=models.PROTECT, related_name="loans")
    purpose = models.CharField(
        pgettext_lazy("supervision", "purpose and destination"), max_length=200
    )
    due_on = models.DateField(pgettext_lazy("supervision", "due back on"))
    status = models.CharField(
        _("status"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.REQUESTED
    )
    lent_on = models.DateField(pgettext_lazy("supervision", "handed out on"), null=True)
    returned_on = models.DateField(pgettext_lazy("supervision", "returned on"), null=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "document loan")
        verbose_name_plural = pgettext_lazy("supervision", "document loans")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="supervision_loan_due_idx")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.status}"


class DocumentLoanEvent(models.Model):
    loan = models.ForeignKey(DocumentLoan, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=10, choices=LoanStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=LoanStatus.choices)
    comment = models.CharField(pgettext_lazy("supervision", "comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["loan_id", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


# --- family supervision -------------------------------------------------------------------


class FamilySupervisor(models.Model):
    """A family member enlisted as supervisor (家属监督员) of a cadre."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="family_supervisors"
    )
    name = models.CharField(_("name"), max_length=40)
    relation = models.CharField(pgettext_lazy("supervision", "relation"), max_length=20)
    phone = EncryptedTextField(pgettext_lazy("supervision", "phone"), blank=True)
    appointed_on = models.DateField(pgettext_lazy("supervision", "appointed on"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "family supervisor")
        verbose_name_plural = pgettext_lazy("supervision", "family supervisors")
        ordering = ["cadre_id", "id"]

    def __str__(self) -> str:
        return self.name


class FamilyActivity(models.Model):
    """A talk, meeting or integrity-education session with family supervisors."""

    kind = models.CharField(
        pgettext_lazy("supervision", "kind"), max_length=10, choices=FamilyActivityKind.choices
    )
    title = models.CharField(pgettext_lazy("supervision", "title"), max_length=120)
    held_on = models.DateField(pgettext_lazy("supervision", "date"))
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    supervisors = models.ManyToManyField(
        FamilySupervisor,
        verbose_name=pgettext_lazy("supervision", "family supervisors"),
        blank=True,
        related_name="activities",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("supervision", "family activity")
        verbose_name_plural = pgettext_lazy("supervision", "family activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on", "id"], name="supervision_family_date_idx")]

    def __str__(self) -> str:
        return self.title

"""Training (教育培训): plans, classes (班次) and their sessions, enrolment, sign-in,
leave, feedback, the course library, and the parameters of the credit-hour rules.

Class kinds are a table (``TrainingKind``), not choices: the eight kinds of GLOSSARY.md
are seeded by a data migration with fixed codes, and a county adds its own (a
``党史宣讲`` series …) without a deploy; figures group by the table's rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ganshi.cadres.models import Cadre
from ganshi.orgs.models import Unit
from ganshi.training.choices import (
    AttendanceStatus,
    EnrolmentStatus,
    LeaveRequestStatus,
    SignInMethod,
    WithdrawalReason,
)

HOURS = {"max_digits": 6, "decimal_places": 1}


class TrainingKind(models.Model):
    code = models.SlugField(_("kind code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("class kind")
        verbose_name_plural = _("class kinds")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class TrainingParameters(models.Model):
    """The parameters of the credit-hour rules; one row (pk 1), seeded from GLOSSARY.md."""

    annual_hours = models.DecimalField(
        _("credit hours a year (乡科级 and below)"), default=Decimal(90), **HOURS
    )
    five_year_hours = models.DecimalField(
        _("credit hours in five years (县处级, 四级调研员 and above)"),
        default=Decimal(550),
        **HOURS,
    )
    five_year_span = models.PositiveSmallIntegerField(_("years counted"), default=5)
    senior_rank_floor = models.PositiveSmallIntegerField(
        _("lowest rank counted as senior (rank code)"),
        default=6,
        help_text=_("6 is 四级调研员: that rank and above follow the five-year requirement."),
    )
    leave_numerator = models.PositiveSmallIntegerField(_("leave allowed (numerator)"), default=1)
    leave_denominator = models.PositiveSmallIntegerField(
        _("leave allowed (denominator)"), default=7, validators=[MinValueValidator(1)]
    )
    minutes_per_credit_hour = models.PositiveSmallIntegerField(
        _("minutes per credit hour"), default=45, validators=[MinValueValidator(1)]
    )
    signin_early_minutes = models.PositiveSmallIntegerField(
        _("QR sign-in opens this many minutes before the session"), default=30
    )
    source = models.CharField(
        _("source"), max_length=200, default="干部教育培训工作条例 (2023) art. 14"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training parameters")
        verbose_name_plural = _("training parameters")

    def __str__(self) -> str:
        return str(_("Training parameters"))


class TrainingPlan(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=120)
    organiser = models.ForeignKey(
        Unit, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    planned_classes = models.PositiveIntegerField(_("planned classes"), default=0)
    planned_person_times = models.PositiveIntegerField(_("planned person-times"), default=0)
    description = models.TextField(_("plan description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "id"]
        indexes = [models.Index(fields=["organiser", "year"], name="training_plan_org_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """A course in the library (精品课程): shared by the county, kept by its owner unit."""

    title = models.CharField(_("title"), max_length=120)
    owner = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    lecturer_name = models.CharField(_("lecturer"), max_length=60, blank=True)
    credit_hours = models.DecimalField(_("credit hours"), default=Decimal(2), **HOURS)
    is_featured = models.BooleanField(_("featured course (精品课程)"), default=False)
    description = models.TextField(_("course description"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class TrainingClass(models.Model):
    plan = models.ForeignKey(
        TrainingPlan,
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classes",
    )
    title = models.CharField(_("title"), max_length=120)
    kind = models.ForeignKey(
        TrainingKind, verbose_name=_("class kind"), on_delete=models.PROTECT, related_name="classes"
    )
    organiser = models.ForeignKey(
        Unit, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    venue = models.CharField(_("venue"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_full_time = models.BooleanField(_("full-time (脱产) class"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    description = models.TextField(_("class description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["start_date", "id"], name="training_class_start_idx"),
            models.Index(fields=["organiser", "start_date"], name="training_class_org_idx"),
            models.Index(fields=["kind", "start_date"], name="training_class_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class SubVenue(models.Model):
    """A live-stream sub-venue (视频分会场) of a class."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="sub_venues"
    )
    name = models.CharField(_("name"), max_length=120)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("host unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sub-venue")
        verbose_name_plural = _("sub-venues")
        ordering = ["training_class_id", "id"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=120)
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    date = models.DateField(_("session date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    credit_hours = models.DecimalField(_("credit hours"), **HOURS)
    lecturer_cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("lecturer from the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lecturer_name = models.CharField(_("outside lecturer"), max_length=60, blank=True)
    lecturer_affiliation = models.CharField(
        _("outside lecturer's affiliation"), max_length=120, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["training_class_id", "date", "start_time", "id"]
        indexes = [models.Index(fields=["date"], name="training_session_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    @property
    def lecturer(self) -> str:
        if self.lecturer_cadre_id is not None:
            return self.lecturer_cadre.name
        return self.lecturer_name


class Enrolment(models.Model):
    training_class = models.ForeignKey(
        TrainingClass,
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"), max_length=12, choices=WithdrawalReason.choices, blank=True
    )
    # Kept by the sign-in and leave services from the attendances (for figures at scale).
    attended_hours = models.DecimalField(_("hours attended"), default=Decimal(0), **HOURS)
    leave_hours = models.DecimalField(_("hours on leave"), default=Decimal(0), **HOURS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["training_class_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "cadre"], name="training_enrolment_unique"
            )
        ]
        indexes = [
            models.Index(fields=["cadre", "status"], name="training_enrolment_cadre_idx"),
            models.Index(
                fields=["training_class", "status", "id"], name="training_enrolment_class_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.training_class}"


class Attendance(models.Model):
    """One cadre at one session. ``date`` and ``credit_hours`` (hours earned: the
    session's when present, else 0) are copied from the session so that a cadre's hours
    in a period are one index range scan."""

    session = models.ForeignKey(
        Session,
        verbose_name=_("class session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    # Indexed with the date (and the hours, for an index-only sum) below.
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    date = models.DateField(_("session date"))
    status = models.CharField(_("status"), max_length=8, choices=AttendanceStatus.choices)
    method = models.CharField(
        _("signed in by"), max_length=8, choices=SignInMethod.choices, blank=True
    )
    credit_hours = models.DecimalField(_("credit hours earned"), default=Decimal(0), **HOURS)
    signed_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leave"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "cadre"], name="training_attendance_unique")
        ]
        indexes = [
            # A cadre's hours in a period: an index-only range scan on PostgreSQL.
            # (The hours as a key column: SQLite has no INCLUDE.)
            models.Index(
                fields=["cadre", "date", "credit_hours"], name="training_attendance_hours_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} @ {self.session_id}: {self.status}"


class LeaveRequest(models.Model):
    """A request for leave from one session, decided by the organisers; once approved,
    the session's register shows the cadre on leave (and the leave rule applies)."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="leave_requests",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("class session"),
        on_delete=models.CASCADE,
        related_name="leave_requests",
    )
    reason = models.CharField(_("reason for leave"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LeaveRequestStatus.choices,
        default=LeaveRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-id"]
        indexes = [models.Index(fields=["session", "status"], name="training_leave_session_idx")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} @ {self.session_id}: {self.status}"


class LeaveRequestEvent(models.Model):
    leave_request = models.ForeignKey(LeaveRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("leave request event")
        verbose_name_plural = _("leave request events")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Feedback(models.Model):
    """An anonymous answer to a class's survey. ``respondent_hash`` (a keyed hash of the
    enrolment) only stops a second answer; nothing links the answer to the cadre."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="feedback"
    )
    respondent_hash = models.CharField(max_length=64, unique=True, editable=False)
    content_score = models.PositiveSmallIntegerField(
        _("content"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    teaching_score = models.PositiveSmallIntegerField(
        _("teaching"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    organisation_score = models.PositiveSmallIntegerField(
        _("organisation"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.training_class_id}: {self.content_score}/{self.teaching_score}"

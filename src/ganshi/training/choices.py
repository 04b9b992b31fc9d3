"""Statuses and the enrolment workflow's transitions table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("Waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")


# Which moves an enrolment may make (from → allowed to).
ENROLMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    EnrolmentStatus.WAITING: frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN}),
    EnrolmentStatus.ENROLLED: frozenset({EnrolmentStatus.WITHDRAWN, EnrolmentStatus.COMPLETED}),
    EnrolmentStatus.WITHDRAWN: frozenset(),
    EnrolmentStatus.COMPLETED: frozenset(),
}

# Enrolments that hold a seat.
SEATED = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


class WithdrawalReason(models.TextChoices):
    REQUEST = "request", _("At the cadre's or unit's request")
    LEAVE_RULE = "leave_rule", _("Leave beyond the allowed share of the class hours")
    STAFF = "staff", _("By the organisers")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LEAVE = "leave", _("On leave")
    ABSENT = "absent", _("Absent")


class SignInMethod(models.TextChoices):
    REGISTER = "register", _("Register (ticked by staff)")
    QR = "qr", _("QR code")


class RequirementKind(models.TextChoices):
    ANNUAL = "annual", _("Every year")
    FIVE_YEARS = "five_years", _("In five years")


class LeaveRequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Leave approved")
    REFUSED = "refused", _("Leave refused")


# Which moves a leave request may make (from → allowed to).
LEAVE_REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    LeaveRequestStatus.PENDING: frozenset(
        {LeaveRequestStatus.APPROVED, LeaveRequestStatus.REFUSED}
    ),
    LeaveRequestStatus.APPROVED: frozenset(),
    LeaveRequestStatus.REFUSED: frozenset(),
}

"""Kinds, statuses and grades of front-line practice (一线历练) and secondments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    FRONT_LINE = "front_line", _("Front-line assignment (五个一线)")
    TWO_WAY = "two_way", _("Two-way secondment (上挂/下派)")
    SHADOWING = "shadowing", _("Shadowing study (跟班学习)")
    SECONDMENT = "secondment", _("Secondment to another region (岗位锻炼)")
    EXCHANGE = "exchange", _("Job rotation (交流轮岗)")
    OTHER = "other", _("Other")


class AssignmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SERVING = "serving", _("Serving")
    COMPLETED = "completed", _("Completed")
    RECALLED = "recalled", _("Recalled")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses of a cadre actually sent (the figures count these).
SENT_STATUSES = (AssignmentStatus.SERVING, AssignmentStatus.COMPLETED, AssignmentStatus.RECALLED)
# Statuses whose period still occupies the cadre (an overlap with these is refused).
OCCUPYING_STATUSES = (
    AssignmentStatus.PLANNED,
    AssignmentStatus.SERVING,
    AssignmentStatus.COMPLETED,
    AssignmentStatus.RECALLED,
)
OPEN_STATUSES = (AssignmentStatus.PLANNED, AssignmentStatus.SERVING)


class Transition(models.TextChoices):
    START = "start", _("Start serving")
    COMPLETE = "complete", _("Complete")
    RECALL = "recall", _("Recall")
    CANCEL = "cancel", _("Cancel")


# The workflow: (action) → (from status, to status).
TRANSITIONS: dict[str, tuple[str, str]] = {
    Transition.START: (AssignmentStatus.PLANNED, AssignmentStatus.SERVING),
    Transition.COMPLETE: (AssignmentStatus.SERVING, AssignmentStatus.COMPLETED),
    Transition.RECALL: (AssignmentStatus.SERVING, AssignmentStatus.RECALLED),
    Transition.CANCEL: (AssignmentStatus.PLANNED, AssignmentStatus.CANCELLED),
}


class EvaluationStage(models.TextChoices):
    MID_TERM = "mid_term", _("Mid-term evaluation")
    FINAL = "final", _("Final evaluation")


class EvaluationGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class Outcome(models.TextChoices):
    EXCELLENT = "excellent", _("Outstanding performance")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


# Age up to which a cadre counts as young (GLOSSARY: 35岁以下年轻干部).
YOUNG_AGE = 35
# "Ending soon": the planned end falls within this many days from today.
ENDING_SOON_DAYS = 30

"""Kinds, statuses and grades of front-line practice (一线历练) and secondments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeKind(models.TextChoices):
    FRONT_LINE = "front_line", pgettext_lazy("practice", "Front-line assignment (五个一线)")
    TWO_WAY = "two_way", pgettext_lazy("practice", "Two-way secondment (上挂/下派)")
    SHADOWING = "shadowing", pgettext_lazy("practice", "Shadowing study (跟班学习)")
    SECONDMENT = "secondment", pgettext_lazy("practice", "Secondment to another region (岗位锻炼)")
    EXCHANGE = "exchange", pgettext_lazy("practice", "Job rotation (交流轮岗)")
    OTHER = "other", _("Other")


class AssignmentStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("practice", "Planned")
    SERVING = "serving", pgettext_lazy("practice", "Serving")
    COMPLETED = "completed", pgettext_lazy("practice", "Completed")
    RECALLED = "recalled", pgettext_lazy("practice", "Recalled")
    CANCELLED = "cancelled", pgettext_lazy("practice", "Cancelled")


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
    START = "start", pgettext_lazy("practice", "Start serving")
    COMPLETE = "complete", pgettext_lazy("practice", "Complete")
    RECALL = "recall", pgettext_lazy("practice", "Recall")
    CANCEL = "cancel", _("Cancel")


# The workflow: (action) → (from status, to status).
TRANSITIONS: dict[str, tuple[str, str]] = {
    Transition.START: (AssignmentStatus.PLANNED, AssignmentStatus.SERVING),
    Transition.COMPLETE: (AssignmentStatus.SERVING, AssignmentStatus.COMPLETED),
    Transition.RECALL: (AssignmentStatus.SERVING, AssignmentStatus.RECALLED),
    Transition.CANCEL: (AssignmentStatus.PLANNED, AssignmentStatus.CANCELLED),
}


class EvaluationStage(models.TextChoices):
    MID_TERM = "mid_term", pgettext_lazy("practice", "Mid-term evaluation")
    FINAL = "final", pgettext_lazy("practice", "Final evaluation")


class EvaluationGrade(models.TextChoices):
    EXCELLENT = "excellent", pgettext_lazy("practice", "Excellent")
    GOOD = "good", pgettext_lazy("practice", "Good")
    QUALIFIED = "qualified", pgettext_lazy("practice", "Qualified")
    UNQUALIFIED = "unqualified", pgettext_lazy("practice", "Unqualified")


class Outcome(models.TextChoices):
    EXCELLENT = "excellent", pgettext_lazy("practice", "Outstanding performance")
    QUALIFIED = "qualified", pgettext_lazy("practice", "Qualified")
    UNQUALIFIED = "unqualified", pgettext_lazy("practice", "Unqualified")


# Age up to which a cadre counts as young (GLOSSARY: 35岁以下年轻干部).
YOUNG_AGE = 35
# "Ending soon": the planned end falls within this many days from today.
ENDING_SOON_DAYS = 30

"""Front-line practice: programmes, batches, assignments of cadres, their evaluations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganshi.cadres.models import Cadre
from ganshi.orgs.models import Unit
from ganshi.practice.choices import (
    AssignmentStatus,
    EvaluationGrade,
    EvaluationStage,
    Outcome,
    ProgrammeKind,
)


class Programme(models.Model):
    """A programme cadres are sent to (乡村振兴一线, 上挂, 跟班学习 …); a county adds its own."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    description = models.CharField(
        pgettext_lazy("practice", "programme description"), max_length=300, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(
        pgettext_lazy("practice", "sort order"), default=100
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("practice", "programme")
        verbose_name_plural = pgettext_lazy("practice", "programmes")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_front_line(self) -> bool:
        return self.kind == ProgrammeKind.FRONT_LINE


class Batch(models.Model):
    """One batch (批次) of a programme, organised by a unit (the scope of the batch)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=pgettext_lazy("practice", "programme"),
        on_delete=models.PROTECT,
        related_name="batches",
    )
    name = models.CharField(pgettext_lazy("practice", "batch name"), max_length=60)
    year = models.PositiveSmallIntegerField(pgettext_lazy("practice", "year"))
    organiser = models.ForeignKey(
        Unit,
        verbose_name=pgettext_lazy("practice", "organiser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("practice", "batch")
        verbose_name_plural = pgettext_lazy("practice", "batches")
        ordering = ["-year", "programme_id", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organiser", "year", "name"], name="practice_batch_unique"
            )
        ]
        indexes = [models.Index(fields=["year", "id"], name="practice_batch_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.programme.name} {self.name}"


class Assignment(models.Model):
    """A cadre sent in a batch to a host: a registry unit or an outside host by name."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="assignments"
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=pgettext_lazy("practice", "batch"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    host_unit = models.ForeignKey(
        Unit,
        verbose_name=pgettext_lazy("practice", "host unit"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    host_name = models.CharField(
        pgettext_lazy("practice", "outside host"), max_length=120, blank=True
    )
    post = models.CharField(pgettext_lazy("practice", "post held"), max_length=120, blank=True)
    mentor_cadre = models.ForeignKey(
        Cadre,
        verbose_name=pgettext_lazy("practice", "mentor"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    mentor_name = models.CharField(
        pgettext_lazy("practice", "mentor (outside the registry)"), max_length=60, blank=True
    )
    start = models.DateField(pgettext_lazy("practice", "start date"))
    planned_end = models.DateField(pgettext_lazy("practice", "planned end date"))
    actual_end = models.DateField(
        pgettext_lazy("practice", "actual end date"), null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PLANNED,
    )
    outcome = models.CharField(
        pgettext_lazy("practice", "outcome"), max_length=12, choices=Outcome.choices, blank=True
    )
    outcome_note = models.TextField(pgettext_lazy("practice", "outcome note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("practice", "assignment")
        verbose_name_plural = pgettext_lazy("practice", "assignments")
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["start", "id"], name="practice_assign_start_idx"),
            models.Index(fields=["status", "planned_end"], name="practice_assign_end_idx"),
            models.Index(fields=["cadre", "start"], name="practice_assign_cadre_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.batch}"

    @property
    def host(self) -> str:
        return self.host_unit.name if self.host_unit_id else self.host_name

    @property
    def mentor(self) -> str:
        return self.mentor_cadre.name if self.mentor_cadre_id else self.mentor_name

    @property
    def end(self):
        """The date the assignment ends (or ended)."""
        return self.actual_end or self.planned_end


class AssignmentEvent(models.Model):
    """One move of an assignment through the workflow."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("practice", "by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(
        pgettext_lazy("practice", "from status"),
        max_length=12,
        choices=AssignmentStatus.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("practice", "to status"), max_length=12, choices=AssignmentStatus.choices
    )
    comment = models.CharField(pgettext_lazy("practice", "comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("practice", "assignment event")
        verbose_name_plural = pgettext_lazy("practice", "assignment events")
        ordering = ["assignment_id", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Evaluation(models.Model):
    """The mid-term or final evaluation of an assignment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="evaluations")
    stage = models.CharField(
        pgettext_lazy("practice", "stage"), max_length=10, choices=EvaluationStage.choices
    )
    grade = models.CharField(
        pgettext_lazy("practice", "grade"), max_length=12, choices=EvaluationGrade.choices
    )
    comment = models.TextField(pgettext_lazy("practice", "comment"), blank=True)
    evaluator = models.CharField(pgettext_lazy("practice", "evaluator"), max_length=60)
    date = models.DateField(pgettext_lazy("practice", "evaluation date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("practice", "evaluation")
        verbose_name_plural = pgettext_lazy("practice", "evaluations")
        ordering = ["assignment_id", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "stage"], name="practice_evaluation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.get_grade_display()}"

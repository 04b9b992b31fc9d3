"""Writes on front-line practice. Every function: one transaction, validation with
Chinese messages naming each bad field (all of them at once), the write, the audit event.
Workflow moves lock the assignment, check the move against ``choices.TRANSITIONS`` and
write an ``AssignmentEvent``; an illegal move writes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ganshi.accounts.scopes import cadre_scope_q, unit_in_scope
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record, audit_record_many, changes, snapshot
from ganshi.cadres.models import Cadre
from ganshi.core.field_errors import Errors
from ganshi.practice.choices import (
    OCCUPYING_STATUSES,
    TRANSITIONS,
    AssignmentStatus,
    EvaluationStage,
    Outcome,
    Transition,
)
from ganshi.practice.models import (
    Assignment,
    AssignmentEvent,
    Batch,
    Evaluation,
    Programme,
)

# A batch year outside this range is a typing error.
YEAR_RANGE = (1980, 2100)


def today() -> datetime.date:
    return timezone.localdate()


def _require_editor(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.can_edit_registry:
        raise PermissionDenied(
            pgettext("practice", "Your role cannot change front-line practice records.")
        )


def _full_clean(instance, errors: Errors, *, exclude: Sequence[str] = ()) -> None:
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors.merge(error)


# --- programmes ---------------------------------------------------------------------------

PROGRAMME_FIELDS = ("code", "name", "kind", "description", "sort_order", "is_active")


def programme_create(*, actor, data: dict) -> Programme:
    """A county adds a programme of its own (e.g. another 一线)."""
    _require_editor(actor)
    if actor.scope_unit_id is not None and actor.scope_unit.depth > 1:
        raise PermissionDenied(pgettext("practice", "Only county staff may add programmes."))
    errors = Errors()
    programme = Programme(**{key: data[key] for key in PROGRAMME_FIELDS if key in data})
    programme.name = (programme.name or "").strip()
    _full_clean(programme, errors)
    if programme.name and Programme.objects.filter(name=programme.name).exists():
        errors.add("name", pgettext("practice", "A programme with this name already exists."))
    if programme.code and Programme.objects.filter(code=programme.code).exists():
        errors.add("code", pgettext("practice", "A programme with this code already exists."))
    errors.raise_if_any()
    with transaction.atomic():
        programme.save(force_insert=True)
        audit_record(
            actor=actor, action=AuditAction.CREATE, instance=programme, after=snapshot(programme)
        )
    return programme


# --- batches ------------------------------------------------------------------------------

BATCH_FIELDS = ("programme", "name", "year", "organiser", "notes")


def _validate_batch(batch: Batch, *, actor, errors: Errors) -> None:
    batch.name = (batch.name or "").strip()
    exclude = []
    if batch.organiser_id is None:
        errors.add("organiser", pgettext("practice", "Choose the organising unit."))
        exclude.append("organiser")
    elif not unit_in_scope(actor, batch.organiser):
        errors.add("organiser", _("This unit does not exist or is outside your scope."))
    if batch.programme_id is None:
        errors.add("programme", pgettext("practice", "Choose a programme."))
        exclude.append("programme")
    elif not batch.programme.is_active:
        errors.add("programme", pgettext("practice", "This programme is no longer in use."))
    if batch.year is not None and not (YEAR_RANGE[0] <= batch.year <= YEAR_RANGE[1]):
        errors.add(
            "year",
            pgettext("practice", "Enter a year between %(low)s and %(high)s.")
            % {"low": YEAR_RANGE[0], "high": YEAR_RANGE[1]},
        )
        exclude.append("year")
    _full_clean(batch, errors, exclude=exclude)
    if (
        batch.name
        and batch.programme_id
        and batch.organiser_id
        and batch.year
        and Batch.objects.filter(
            programme_id=batch.programme_id,
            organiser_id=batch.organiser_id,
            year=batch.year,
            name=batch.name,
        )
        .exclude(pk=batch.pk)
        .exists()
    ):
        errors.add(
            "name",
            pgettext("practice", "This organiser already has a batch of this name in that year."),
        )


def batch_create(*, actor, data: dict) -> Batch:
    _require_editor(actor)
    errors = Errors()
    batch = Batch(**{key: data[key] for key in BATCH_FIELDS if key in data})
    _validate_batch(batch, actor=actor, errors=errors)
    errors.raise_if_any()
    with transaction.atomic():
        batch.save(force_insert=True)
        audit_record(actor=actor, action=AuditAction.CREATE, instance=batch, after=snapshot(batch))
    return batch


def batch_update(*, actor, batch: Batch, data: dict) -> Batch:
    _require_editor(actor)
    if not unit_in_scope(actor, batch.organiser):
        raise PermissionDenied
    before = snapshot(batch)
    for key in BATCH_FIELDS:
        if key in data:
            setattr(batch, key, data[key])
    errors = Errors()
    _validate_batch(batch, actor=actor, errors=errors)
    if batch.programme_id != before["programme"] and batch.assignments.exists():
        errors.add(
            "programme",
            pgettext("practice", "A batch with assignments cannot change its programme."),
        )
    errors.raise_if_any()
    with transaction.atomic():
        old, new = changes(before, snapshot(batch))
        if new:
            batch.save(update_fields=[*new.keys(), "updated_at"])
            audit_record(
                actor=actor, action=AuditAction.UPDATE, instance=batch, before=old, after=new
            )
    return batch


# --- assignments --------------------------------------------------------------------------

ASSIGNMENT_FIELDS = (
    "cadre",
    "batch",
    "host_unit",
    "host_name",
    "post",
    "mentor_cadre",
    "mentor_name",
    "start",
    "planned_end",
)


def _overlapping(cadre_id: int, start, end, *, exclude_pk=None):
    """The cadre's first assignment whose period meets ``start``…``end``, if any."""
    return (
        Assignment.objects.annotate(ends=Coalesce("actual_end", "planned_end"))
        .filter(cadre_id=cadre_id, status__in=OCCUPYING_STATUSES, start__lte=end, ends__gte=start)
        .exclude(pk=exclude_pk)
        .select_related("batch__programme")
        .order_by("start", "id")
        .first()
    )


def _overlap_message(other: Assignment) -> str:
    return pgettext(
        "practice",
        "%(cadre)s already has an assignment from %(start)s to %(end)s (%(batch)s) "
        "that overlaps these dates.",
    ) % {
        "cadre": other.cadre.name,
        "start": other.start.isoformat(),
        "end": other.end.isoformat(),
        "batch": f"{other.batch.programme.name} {other.batch.name}",
    }


def _validate_assignment(
    assignment: Assignment, *, actor, errors: Errors, cadre_field: str = "cadre"
) -> None:
    assignment.host_name = (assignment.host_name or "").strip()
    assignment.mentor_name = (assignment.mentor_name or "").strip()
    exclude = ["cadre", "batch", "host_unit", "mentor_cadre"]
    if assignment.cadre_id is None:
        errors.add(cadre_field, pgettext("practice", "Choose a cadre."))
    elif not Cadre.objects.filter(cadre_scope_q(actor), pk=assignment.cadre_id).exists():
        errors.add(
            cadre_field,
            pgettext("practice", "%(cadre)s: this cadre does not exist or is outside your scope.")
            % {"cadre": assignment.cadre.name},
        )
    if assignment.batch_id is None:
        errors.add("batch", pgettext("practice", "Choose a batch."))
    elif not unit_in_scope(actor, assignment.batch.organiser):
        errors.add(
            "batch", pgettext("practice", "This batch does not exist or is outside your scope.")
        )
    if assignment.host_unit_id is None and not assignment.host_name:
        errors.add(
            "host_unit", pgettext("practice", "Choose a host unit, or name an outside host.")
        )
    elif assignment.host_unit_id is not None and assignment.host_name:
        errors.add(
            "host_name",
            pgettext("practice", "Give either a host unit or an outside host, not both."),
        )
    elif assignment.host_unit_id is not None and not unit_in_scope(actor, assignment.host_unit):
        errors.add(
            "host_unit",
            pgettext(
                "practice",
                "This unit does not exist or is outside your scope; name it as an outside host.",
            ),
        )
    if assignment.mentor_cadre_id is not None:
        if assignment.mentor_name:
            errors.add(
                "mentor_name",
                pgettext("practice", "Give either a mentor from the registry or a name, not both."),
            )
        elif not Cadre.objects.filter(cadre_scope_q(actor), pk=assignment.mentor_cadre_id).exists():
            errors.add(
                "mentor_cadre",
                pgettext("practice", "This cadre does not exist or is outside your scope."),
            )
        elif assignment.mentor_cadre_id == assignment.cadre_id:
            errors.add("mentor_cadre", pgettext("practice", "A cadre cannot be their own mentor."))
    start, planned_end, actual_end = (
        assignment.start,
        assignment.planned_end,
        assignment.actual_end,
    )
    if start is None:
        errors.add("start", pgettext("practice", "Enter the start date."))
        exclude.append("start")
    if planned_end is None:
        errors.add("planned_end", pgettext("practice", "Enter the planned end date."))
        exclude.append("planned_end")
    if start and planned_end and planned_end < start:
        errors.add(
            "planned_end", pgettext("practice", "The planned end date is before the start date.")
        )
    if start and actual_end and actual_end < start:
        errors.add(
            "actual_end", pgettext("practice", "The actual end date is before the start date.")
        )
    if start and assignment.batch_id is not None and abs(start.year - assignment.batch.year) > 1:
        errors.add(
            "start",
            pgettext(
                "practice", "The start date is in %(year)s but the batch is of %(batch_year)s."
            )
            % {"year": start.year, "batch_year": assignment.batch.year},
        )
    _full_clean(assignment, errors, exclude=exclude)
    if assignment.cadre_id is not None and start and planned_end and planned_end >= start:
        other = _overlapping(
            assignment.cadre_id, start, actual_end or planned_end, exclude_pk=assignment.pk
        )
        if other is not None:
            errors.add(cadre_field, _overlap_message(other))


def _event(*, assignment: Assignment, actor, from_status: str, to_status: str, comment=""):
    return AssignmentEvent.objects.create(
        assignment=assignment,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        comment=comment[:300],
    )


def assignment_create(*, actor, data: dict) -> Assignment:
    """One cadre into a batch, planned."""
    _require_editor(actor)
    errors = Errors()
    assignment = Assignment(**{key: data[key] for key in ASSIGNMENT_FIELDS if key in data})
    assignment.status = AssignmentStatus.PLANNED
    _validate_assignment(assignment, actor=actor, errors=errors)
    errors.raise_if_any()
    with transaction.atomic():
        assignment.save(force_insert=True)
        _event(
            assignment=assignment,
            actor=actor,
            from_status="",
            to_status=AssignmentStatus.PLANNED,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=assignment,
            after=snapshot(assignment),
        )
    return assignment


def assignment_create_many(
    *, actor, batch: Batch, cadres: Sequence[Cadre], data: dict
) -> list[Assignment]:
    """Several cadres into one batch with the same host and dates, all or none.

    An error about one cadre (out of scope, overlapping) is reported under ``cadres``
    naming the cadre; the other fields' errors once."""
    _require_editor(actor)
    errors = Errors()
    if not cadres:
        errors.add("cadres", pgettext("practice", "Choose at least one cadre."))
    seen: set[int] = set()
    assignments = []
    for cadre in cadres:
        if cadre.pk in seen:
            continue
        seen.add(cadre.pk)
        assignment = Assignment(
            **{
                key: data[key]
                for key in ASSIGNMENT_FIELDS
                if key in data and key not in ("cadre", "batch")
            },
            cadre=cadre,
            batch=batch,
            status=AssignmentStatus.PLANNED,
        )
        _validate_assignment(assignment, actor=actor, errors=errors, cadre_field="cadres")
        assignments.append(assignment)
    errors.raise_if_any()
    with transaction.atomic():
        created = Assignment.objects.bulk_create(assignments)
        by_user = actor if actor.is_authenticated else None
        AssignmentEvent.objects.bulk_create(
            [
                AssignmentEvent(
                    assignment=assignment,
                    actor=by_user,
                    from_status="",
                    to_status=AssignmentStatus.PLANNED,
                )
                for assignment in created
            ]
        )
        audit_record_many(
            actor=actor,
            entries=[
                {
                    "action": AuditAction.CREATE,
                    "object_type": Assignment._meta.label_lower,
                    "object_id": assignment.pk,
                    "object_repr": f"{assignment.cadre.name} · {batch}",
                    "after": snapshot(assignment),
                }
                for assignment in created
            ],
        )
    return created


def _lock(actor, assignment: Assignment) -> Assignment:
    """The assignment locked for the move, still in the actor's scope."""
    locked = (
        Assignment.objects.select_for_update()
        .filter(cadre_scope_q(actor, prefix="cadre__"), pk=assignment.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied
    return locked


def assignment_update(*, actor, assignment: Assignment, data: dict) -> Assignment:
    """Change host, post, mentor or dates (the cadre and the batch stay)."""
    _require_editor(actor)
    editable = (
        "host_unit",
        "host_name",
        "post",
        "mentor_cadre",
        "mentor_name",
        "start",
        "planned_end",
    )
    with transaction.atomic():
        locked = _lock(actor, assignment)
        if locked.status not in (AssignmentStatus.PLANNED, AssignmentStatus.SERVING):
            raise ValidationError(
                {"__all__": [pgettext("practice", "A finished assignment cannot be changed.")]}
            )
        before = snapshot(locked)
        for key in editable:
            if key in data:
                setattr(locked, key, data[key])
        errors = Errors()
        _validate_assignment(locked, actor=actor, errors=errors)
        errors.raise_if_any()
        old, new = changes(before, snapshot(locked))
        if new:
            locked.save(update_fields=[*new.keys(), "updated_at"])
            audit_record(
                actor=actor, action=AuditAction.UPDATE, instance=locked, before=old, after=new
            )
    return locked


def assignment_transition(
    *,
    actor,
    assignment: Assignment,
    action: str,
    date: datetime.date | None = None,
    comment: str = "",
    outcome: str = "",
    outcome_note: str = "",
) -> Assignment:
    """Move an assignment: start, complete (with the outcome), recall (with a reason), cancel.

    ``date`` is the day it happened (default today): the start date for ``start``, the
    actual end for ``complete`` and ``recall``."""
    _require_editor(actor)
    comment = (comment or "").strip()
    outcome_note = (outcome_note or "").strip()
    with transaction.atomic():
        locked = _lock(actor, assignment)
        errors = Errors()
        if action not in TRANSITIONS:
            errors.add("action", pgettext("practice", "Unknown action."))
            errors.raise_if_any()
        source, target = TRANSITIONS[action]
        if locked.status != source:
            errors.add(
                "action",
                pgettext(
                    "practice",
                    "An assignment that is “%(status)s” cannot be moved to “%(target)s”.",
                )
                % {
                    "status": locked.get_status_display(),
                    "target": AssignmentStatus(target).label,
                },
            )
            errors.raise_if_any()
        when = date or today()
        if when > today():
            errors.add("date", _("This date is in the future."))
        before = snapshot(locked)
        fields = ["status"]
        if action == Transition.START:
            if when > locked.planned_end:
                errors.add(
                    "date", pgettext("practice", "The start date is after the planned end date.")
                )
            locked.start = when
            fields.append("start")
        elif action in (Transition.COMPLETE, Transition.RECALL):
            if when < locked.start:
                errors.add("date", _("The end date is before the start date."))
            locked.actual_end = when
            fields.append("actual_end")
            if action == Transition.COMPLETE:
                if outcome not in Outcome.values:
                    errors.add("outcome", pgettext("practice", "Choose the outcome."))
                locked.outcome = outcome
                locked.outcome_note = outcome_note
                fields += ["outcome", "outcome_note"]
            elif not comment:
                errors.add("comment", pgettext("practice", "Give the reason for the recall."))
        elif action == Transition.CANCEL and not comment:
            errors.add("comment", pgettext("practice", "Give the reason for the cancellation."))
        if len(comment) > 300:
            errors.add("comment", _("Enter at most %(count)s characters.") % {"count": 300})
        errors.raise_if_any()
        locked.status = target
        old, new = changes(before, snapshot(locked))
        locked.save(update_fields=[*fields, "updated_at"])
        _event(
            assignment=locked, actor=actor, from_status=source, to_status=target, comment=comment
        )
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=locked, before=old, after=new)
    return locked


# --- evaluations --------------------------------------------------------------------------

EVALUATION_FIELDS = ("stage", "grade", "comment", "evaluator", "date")


def evaluation_record(*, actor, assignment: Assignment, data: dict) -> Evaluation:
    """Record the mid-term or the final evaluation (once each)."""
    _require_editor(actor)
    with transaction.atomic():
        locked = _lock(actor, assignment)
        errors = Errors()
        evaluation = Evaluation(
            assignment=locked, **{key: data[key] for key in EVALUATION_FIELDS if key in data}
        )
        evaluation.evaluator = (evaluation.evaluator or "").strip()
        _full_clean(evaluation, errors, exclude=["assignment"])
        if locked.status in (AssignmentStatus.PLANNED, AssignmentStatus.CANCELLED):
            errors.add(
                "stage",
                pgettext("practice", "An assignment that is “%(status)s” cannot be evaluated.")
                % {"status": locked.get_status_display()},
            )
        existing = {item.stage: item for item in locked.evaluations.all()}
        if evaluation.stage in existing:
            errors.add(
                "stage", pgettext("practice", "This assignment already has this evaluation.")
            )
        when = evaluation.date
        if isinstance(when, datetime.date):
            if when < locked.start:
                errors.add(
                    "date",
                    pgettext("practice", "The evaluation date is before the assignment started."),
                )
            elif when > today():
                errors.add("date", _("This date is in the future."))
            mid_term = existing.get(EvaluationStage.MID_TERM)
            final = existing.get(EvaluationStage.FINAL)
            if evaluation.stage == EvaluationStage.FINAL and mid_term and when < mid_term.date:
                errors.add(
                    "date",
                    pgettext("practice", "The final evaluation is dated before the mid-term one."),
                )
            if evaluation.stage == EvaluationStage.MID_TERM and final and when > final.date:
                errors.add(
                    "date",
                    pgettext("practice", "The mid-term evaluation is dated after the final one."),
                )
        errors.raise_if_any()
        evaluation.save(force_insert=True)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=evaluation,
            object_repr=f"{locked} · {evaluation.get_stage_display()}",
            after=snapshot(evaluation),
        )
    return evaluation


# --- exports ------------------------------------------------------------------------------


def assignment_export_record(*, actor, rows: int, filters: dict) -> None:
    """Record one EXPORT event for an export of the assignment list or the figures."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=Assignment._meta.label_lower,
        object_repr=pgettext("practice", "Front-line assignments"),
        after={"rows": rows, "filters": filters},
    )


__all__ = [
    "Errors",
    "programme_create",
    "batch_create",
    "batch_update",
    "assignment_create",
    "assignment_create_many",
    "assignment_update",
    "assignment_transition",
    "evaluation_record",
    "assignment_export_record",
]

"""Writes on training. Every function: one transaction, validation with Chinese messages
naming each bad field (all at once), nothing written on a refusal, the audit event in
the same transaction."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ganshi.accounts.roles import Role
from ganshi.accounts.scopes import cadre_scope_q, unit_in_scope
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record, audit_record_many, changes
from ganshi.audit.services import snapshot as audit_snapshot
from ganshi.cadres.models import Cadre
from ganshi.cadres.selectors import CadreFilters, cadre_filtered
from ganshi.cadres.services import Errors
from ganshi.core.field_encryption import keyed_hash
from ganshi.core.id_numbers import IdNumber
from ganshi.interchange import spreadsheets
from ganshi.training import rules
from ganshi.training.choices import (
    ENROLMENT_TRANSITIONS,
    LEAVE_REQUEST_TRANSITIONS,
    SEATED,
    AttendanceStatus,
    EnrolmentStatus,
    LeaveRequestStatus,
    SignInMethod,
    WithdrawalReason,
)
from ganshi.training.models import (
    Attendance,
    Course,
    Enrolment,
    Feedback,
    LeaveRequest,
    LeaveRequestEvent,
    Session,
    SubVenue,
    Topic,
    TrainingClass,
    TrainingKind,
    TrainingParameters,
    TrainingPlan,
)

CLASS_FIELDS = (
    "plan",
    "title",
    "kind",
    "organiser",
    "venue",
    "start_date",
    "end_date",
    "is_full_time",
    "capacity",
    "description",
)
SESSION_FIELDS = (
    "title",
    "course",
    "date",
    "start_time",
    "end_time",
    "credit_hours",
    "lecturer_cadre",
    "lecturer_name",
    "lecturer_affiliation",
)
PLAN_FIELDS = (
    "year",
    "title",
    "organiser",
    "planned_classes",
    "planned_person_times",
    "description",
)
COURSE_FIELDS = ("title", "owner", "lecturer_name", "credit_hours", "is_featured", "description")
# The most cadres one enrolment by criteria or by list may add.
ENROL_MAX = 2000
SIGNIN_SALT = "ganshi.training.signin"
FEEDBACK_SALT = "training-feedback:"


def snapshot(instance) -> dict[str, Any]:
    """The audit snapshot with decimals (hours) as text."""
    return {
        key: str(value)
        if isinstance(value, Decimal)
        else value.isoformat(timespec="minutes")
        if isinstance(value, datetime.time)
        else value
        for key, value in audit_snapshot(instance).items()
    }


def parameters() -> rules.Parameters:
    row = TrainingParameters.objects.filter(pk=1).first()
    return rules.Parameters.from_row(row) if row is not None else rules.Parameters()


def _require_manager(actor) -> None:
    if not actor.can_edit_registry:
        raise ValidationError({"__all__": _("Your role cannot manage training.")})


def _lock_class(actor, training_class: TrainingClass) -> TrainingClass:
    """The class, locked, when the actor manages it (its organiser in the actor's scope)."""
    _require_manager(actor)
    locked = (
        TrainingClass.objects.select_for_update()
        .select_related("organiser", "kind")
        .filter(pk=training_class.pk)
        .first()
    )
    if locked is None or not unit_in_scope(actor, locked.organiser):
        raise ValidationError({"__all__": _("This class is outside your scope.")})
    return locked


def _unknown(data: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})


def _full_clean(instance, errors: Errors, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name in errors.by_field:
                continue
            for message in messages:
                errors.add(name, message)


# --- plans and courses -------------------------------------------------------------------


@transaction.atomic
def plan_save(*, actor, data: dict[str, Any], plan: TrainingPlan | None = None) -> TrainingPlan:
    _require_manager(actor)
    _unknown(data, PLAN_FIELDS)
    if plan is not None:
        plan = TrainingPlan.objects.select_for_update().select_related("organiser").get(pk=plan.pk)
        if not unit_in_scope(actor, plan.organiser):
            raise ValidationError({"__all__": _("This plan is outside your scope.")})
    is_new = plan is None
    plan = plan or TrainingPlan()
    before = None if is_new else snapshot(plan)
    for name, value in data.items():
        setattr(plan, name, value)
    errors = Errors()
    if plan.organiser_id is None:
        errors.add("organiser", _("This field is required."))
    elif not unit_in_scope(actor, plan.organiser):
        errors.add("organiser", _("This unit does not exist or is outside your scope."))
    _full_clean(plan, errors, exclude=["organiser"])
    errors.raise_if_any()
    plan.save()
    after = snapshot(plan)
    if is_new:
        audit_record(actor=actor, action=AuditAction.CREATE, instance=plan, after=after)
    else:
        old, new = changes(before or {}, after)
        if new:
            audit_record(
                actor=actor, action=AuditAction.UPDATE, instance=plan, before=old, after=new
            )
    return plan


@transaction.atomic
def course_save(
    *,
    actor,
    data: dict[str, Any],
    topic_names: list[str] | None = None,
    course: Course | None = None,
) -> Course:
    _require_manager(actor)
    _unknown(data, COURSE_FIELDS)
    if course is not None:
        course = Course.objects.select_for_update().select_related("owner").get(pk=course.pk)
        if not unit_in_scope(actor, course.owner):
            raise ValidationError({"__all__": _("This course is outside your scope.")})
    is_new = course is None
    course = course or Course()
    before = None if is_new else snapshot(course)
    for name, value in data.items():
        setattr(course, name, value)
    errors = Errors()
    if course.owner_id is None:
        errors.add("owner", _("This field is required."))
    elif not unit_in_scope(actor, course.owner):
        errors.add("owner", _("This unit does not exist or is outside your scope."))
    if course.credit_hours is not None and course.credit_hours <= 0:
        errors.add("credit_hours", _("Enter a number of hours above 0."))
    names = [name.strip() for name in topic_names or [] if name.strip()]
    if any(len(name) > 30 for name in names):
        errors.add("topics", _("A topic is 1 to 30 characters."))
    _full_clean(course, errors, exclude=["owner"])
    errors.raise_if_any()
    course.save()
    if topic_names is not None:
        topics = [Topic.objects.get_or_create(name=name)[0] for name in dict.fromkeys(names)]
        course.topics.set(topics)
    after = {**snapshot(course), "topics": sorted(names)}
    if is_new:
        audit_record(actor=actor, action=AuditAction.CREATE, instance=course, after=after)
    else:
        old, new = changes(before or {}, after)
        if new:
            audit_record(
                actor=actor, action=AuditAction.UPDATE, instance=course, before=old, after=new
            )
    return course


# --- classes and sessions ----------------------------------------------------------------


def _validate_class(actor, training_class: TrainingClass, errors: Errors) -> None:
    if training_class.organiser_id is None:
        errors.add("organiser", _("This field is required."))
    elif not unit_in_scope(actor, training_class.organiser):
        errors.add("organiser", _("This unit does not exist or is outside your scope."))
    if training_class.kind_id is None:
        errors.add("kind", _("This field is required."))
    elif not training_class.kind.is_active:
        errors.add("kind", _("This kind of class is no longer in use."))
    start, end = training_class.start_date, training_class.end_date
    if start is not None and end is not None and end < start:
        errors.add("end_date", _("The class cannot end before it starts."))
    if training_class.capacity is not None and training_class.capacity < 1:
        errors.add("capacity", _("Enter at least 1, or leave it empty for no limit."))
    plan = training_class.plan
    if plan is not None:
        if not unit_in_scope(actor, plan.organiser):
            errors.add("plan", _("This plan does not exist or is outside your scope."))
        elif start is not None and plan.year != start.year:
            errors.add(
                "plan",
                _("The plan is for %(year)s but the class starts in %(start)s.")
                % {"year": plan.year, "start": start.year},
            )
    _full_clean(training_class, errors, exclude=["organiser", "kind", "plan"])


def _class_snapshot(training_class: TrainingClass, sub_venues: list[str]) -> dict[str, Any]:
    return {**snapshot(training_class), "sub_venues": sub_venues}


def _clean_names(names: list[str] | None, errors: Errors, field_name: str) -> list[str] | None:
    if names is None:
        return None
    cleaned = [name.strip() for name in names if name.strip()]
    if any(len(name) > 120 for name in cleaned):
        errors.add(field_name, _("Each name is at most 120 characters."))
    return list(dict.fromkeys(cleaned))


@transaction.atomic
def class_create(
    *, actor, data: dict[str, Any], sub_venues: list[str] | None = None
) -> TrainingClass:
    _require_manager(actor)
    _unknown(data, CLASS_FIELDS)
    training_class = TrainingClass(**data)
    errors = Errors()
    _validate_class(actor, training_class, errors)
    names = _clean_names(sub_venues, errors, "sub_venues") or []
    errors.raise_if_any()
    training_class.save()
    SubVenue.objects.bulk_create(
        [SubVenue(training_class=training_class, name=name) for name in names]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=training_class,
        after=_class_snapshot(training_class, names),
    )
    return training_class


@transaction.atomic
def class_update(
    *,
    actor,
    training_class: TrainingClass,
    data: dict[str, Any],
    sub_venues: list[str] | None = None,
) -> TrainingClass:
    _unknown(data, CLASS_FIELDS)
    training_class = _lock_class(actor, training_class)
    old_venues = list(training_class.sub_venues.values_list("name", flat=True))
    before = _class_snapshot(training_class, old_venues)
    for name, value in data.items():
        setattr(training_class, name, value)
    errors = Errors()
    _validate_class(actor, training_class, errors)
    names = _clean_names(sub_venues, errors, "sub_venues")
    if training_class.capacity is not None:
        seated = training_class.enrolments.filter(status__in=SEATED).count()
        if seated > training_class.capacity:
            errors.add(
                "capacity",
                _("%(count)s cadres already hold a seat; the capacity cannot be smaller.")
                % {"count": seated},
            )
    if training_class.start_date and training_class.end_date:
        outside = training_class.sessions.exclude(
            date__range=(training_class.start_date, training_class.end_date)
        ).count()
        if outside:
            errors.add(
                "end_date",
                _("%(count)s sessions fall outside these dates; move them first.")
                % {"count": outside},
            )
    errors.raise_if_any()
    training_class.save()
    if names is not None and names != old_venues:
        training_class.sub_venues.all().delete()
        SubVenue.objects.bulk_create(
            [SubVenue(training_class=training_class, name=name) for name in names]
        )
    after = _class_snapshot(training_class, names if names is not None else old_venues)
    old, new = changes(before, after)
    if new:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, instance=training_class, before=old, after=new
        )
    return training_class


def _validate_session(actor, session: Session, training_class: TrainingClass, errors: Errors):
    _full_clean(session, errors, exclude=["training_class", "course", "lecturer_cadre"])
    if session.date is not None and not (
        training_class.start_date <= session.date <= training_class.end_date
    ):
        errors.add(
            "date",
            _("The class runs from %(start)s to %(end)s; the session must fall within it.")
            % {"start": training_class.start_date, "end": training_class.end_date},
        )
    start, end = session.start_time, session.end_time
    if start is not None and end is not None and end <= start:
        errors.add("end_time", _("The session must end after it starts."))
    elif start is not None and end is not None and session.credit_hours is not None:
        if session.credit_hours <= 0:
            errors.add("credit_hours", _("Enter a number of hours above 0."))
        else:
            params = parameters()
            most = rules.max_credit_hours(start=start, end=end, parameters=params)
            if session.credit_hours > most:
                errors.add(
                    "credit_hours",
                    _(
                        "A session of %(minutes)s minutes gives at most %(most)s credit hours "
                        "(one per %(per)s minutes)."
                    )
                    % {
                        "minutes": rules.session_minutes(start, end),
                        "most": most,
                        "per": params.minutes_per_credit_hour,
                    },
                )
    if session.lecturer_cadre_id is not None and session.lecturer_name:
        errors.add(
            "lecturer_name",
            _("Name either a lecturer from the registry or an outside lecturer, not both."),
        )
    if (
        session.lecturer_cadre_id is not None
        and not Cadre.objects.filter(cadre_scope_q(actor), pk=session.lecturer_cadre_id).exists()
    ):
        errors.add("lecturer_cadre", _("This cadre does not exist or is outside your scope."))


def _refresh_enrolments(enrolment_ids: Iterable[int]) -> None:
    """Recompute attended and leave hours of these enrolments from their attendances."""
    ids = list(enrolment_ids)
    if not ids:
        return
    totals: dict[int, dict[str, Any]] = {
        row["enrolment_id"]: dict(row)
        for row in Attendance.objects.filter(enrolment_id__in=ids)
        .values("enrolment_id")
        .annotate(
            attended=Sum("credit_hours"),
            leave=Sum("session__credit_hours", filter=Q(status=AttendanceStatus.LEAVE)),
        )
    }
    enrolments = list(Enrolment.objects.filter(pk__in=ids))
    for enrolment in enrolments:
        row: dict[str, Any] = totals.get(enrolment.pk, {})
        enrolment.attended_hours = row.get("attended") or Decimal(0)
        enrolment.leave_hours = row.get("leave") or Decimal(0)
    Enrolment.objects.bulk_update(enrolments, ["attended_hours", "leave_hours"])


@transaction.atomic
def session_save(
    *, actor, training_class: TrainingClass, data: dict[str, Any], session: Session | None = None
) -> Session:
    _unknown(data, SESSION_FIELDS)
    training_class = _lock_class(actor, training_class)
    if session is not None:
        session = Session.objects.select_for_update().get(
            pk=session.pk, training_class=training_class
        )
    is_new = session is None
    session = session or Session(training_class=training_class)
    before = None if is_new else snapshot(session)
    for name, value in data.items():
        setattr(session, name, value)
    errors = Errors()
    _validate_session(actor, session, training_class, errors)
    errors.raise_if_any()
    session.save()
    if not is_new:
        # Hours or date changed: the attendances carry copies.
        Attendance.objects.filter(session=session).update(date=session.date)
        Attendance.objects.filter(session=session, status=AttendanceStatus.PRESENT).update(
            credit_hours=session.credit_hours
        )
        _refresh_enrolments(
            Attendance.objects.filter(session=session).values_list("enrolment_id", flat=True)
        )
    after = snapshot(session)
    if is_new:
        audit_record(actor=actor, action=AuditAction.CREATE, instance=session, after=after)
    else:
        old, new = changes(before or {}, after)
        if new:
            audit_record(
                actor=actor, action=AuditAction.UPDATE, instance=session, before=old, after=new
            )
    return session


# --- enrolment ----------------------------------------------------------------------------


@dataclass
class EnrolResult:
    enrolled: list[Enrolment] = field(default_factory=list)
    waiting: list[Enrolment] = field(default_factory=list)
    already: int = 0


def _enrol(
    *,
    actor,
    training_class: TrainingClass,
    cadres: list[Cadre],
    waiting_list: bool,
    field_name: str,
) -> EnrolResult:
    """Enrol ``cadres`` (already checked to be in scope) in the locked class."""
    existing = set(
        Enrolment.objects.filter(
            training_class=training_class, cadre_id__in=[cadre.pk for cadre in cadres]
        ).values_list("cadre_id", flat=True)
    )
    new = [cadre for cadre in dict.fromkeys(cadres) if cadre.pk not in existing]
    result = EnrolResult(already=len(cadres) - len(new))
    free = None
    if training_class.capacity is not None:
        seated = Enrolment.objects.filter(training_class=training_class, status__in=SEATED).count()
        free = max(training_class.capacity - seated, 0)
        if not waiting_list and len(new) > free:
            raise ValidationError(
                {
                    field_name: _(
                        "The class has %(free)s free seats of %(capacity)s; %(count)s cadres "
                        "cannot all be enrolled. Choose fewer, or put the rest on the waiting list."
                    )
                    % {"free": free, "capacity": training_class.capacity, "count": len(new)}
                }
            )
    rows = []
    for index, cadre in enumerate(new):
        status = (
            EnrolmentStatus.ENROLLED if free is None or index < free else EnrolmentStatus.WAITING
        )
        rows.append(Enrolment(training_class=training_class, cadre=cadre, status=status))
    Enrolment.objects.bulk_create(rows, batch_size=1000)
    rows = list(
        Enrolment.objects.filter(
            training_class=training_class, cadre_id__in=[cadre.pk for cadre in new]
        ).select_related("cadre")
    )
    for enrolment in rows:
        target = result.enrolled if enrolment.status == EnrolmentStatus.ENROLLED else result.waiting
        target.append(enrolment)
    audit_record_many(
        actor=actor,
        entries=(
            {
                "action": AuditAction.CREATE,
                "object_type": Enrolment._meta.label_lower,
                "object_id": enrolment.pk,
                "object_repr": f"{enrolment.cadre.name} · {training_class.title}"[:200],
                "after": {
                    "training_class": training_class.pk,
                    "cadre": enrolment.cadre_id,
                    "status": enrolment.status,
                },
            }
            for enrolment in rows
        ),
    )
    return result


@transaction.atomic
def enrol_cadres(
    *, actor, training_class: TrainingClass, cadre_ids: list[int], waiting_list: bool = True
) -> EnrolResult:
    """Enrol cadres by hand. Past the capacity they go on the waiting list, or, when
    ``waiting_list`` is false, nobody is enrolled and the answer says why."""
    training_class = _lock_class(actor, training_class)
    if not cadre_ids:
        raise ValidationError({"cadres": _("Choose at least one cadre.")})
    if len(cadre_ids) > ENROL_MAX:
        raise ValidationError(
            {"cadres": _("At most %(max)s cadres at a time.") % {"max": ENROL_MAX}}
        )
    wanted = list(dict.fromkeys(cadre_ids))
    cadres = {
        cadre.pk: cadre for cadre in Cadre.objects.filter(cadre_scope_q(actor), pk__in=wanted)
    }
    missing = [pk for pk in wanted if pk not in cadres]
    if missing:
        raise ValidationError(
            {
                "cadres": _("These cadres do not exist or are outside your scope: %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in missing[:20])}
            }
        )
    return _enrol(
        actor=actor,
        training_class=training_class,
        cadres=[cadres[pk] for pk in wanted],
        waiting_list=waiting_list,
        field_name="cadres",
    )


@transaction.atomic
def enrol_by_criteria(
    *, actor, training_class: TrainingClass, filters: CadreFilters, waiting_list: bool = True
) -> EnrolResult:
    """Enrol every active cadre in the actor's scope matching ``filters`` (e.g. all
    乡科级 leaders in the townships; cadres under 35 in one unit)."""
    training_class = _lock_class(actor, training_class)
    cadres = list(cadre_filtered(actor=actor, filters=filters).order_by("id")[: ENROL_MAX + 1])
    if not cadres:
        raise ValidationError({"__all__": _("No cadre in your scope matches these criteria.")})
    if len(cadres) > ENROL_MAX:
        raise ValidationError(
            {
                "__all__": _("More than %(max)s cadres match; narrow the criteria.")
                % {"max": ENROL_MAX}
            }
        )
    return _enrol(
        actor=actor,
        training_class=training_class,
        cadres=cadres,
        waiting_list=waiting_list,
        field_name="__all__",
    )


NAME_HEADERS = ("姓名", "name")
ID_HEADERS = ("身份证号", "身份证号码", "公民身份号码", "身份证", "id_number", "id number")


def read_enrolment_list(
    rows: Iterable[tuple[int, list[Any]]],
) -> tuple[list[tuple[int, str, str]], list[str]]:
    """(row number, name, ID number) from a sheet whose header row names 姓名 and
    身份证号; the second list holds the messages about the sheet itself."""
    header: dict[str, int] | None = None
    entries: list[tuple[int, str, str]] = []
    for number, values in rows:
        cells = ["" if value is None else str(value).strip() for value in values]
        if header is None:
            lowered = [cell.lower() for cell in cells]
            name_column = next((i for i, cell in enumerate(lowered) if cell in NAME_HEADERS), None)
            id_column = next((i for i, cell in enumerate(lowered) if cell in ID_HEADERS), None)
            if name_column is not None and id_column is not None:
                header = {"name": name_column, "id": id_column}
            elif number >= 10:
                break
            continue
        if not any(cells):
            continue
        name = cells[header["name"]] if header["name"] < len(cells) else ""
        id_number = cells[header["id"]] if header["id"] < len(cells) else ""
        if id_number.endswith(".0") and id_number[:-2].isdigit():
            id_number = id_number[:-2]  # a number cell read as float
        entries.append((number, "".join(name.split()), id_number.strip()))
    if header is None:
        return [], [
            _("No header row with the columns 姓名 and 身份证号 was found in the first 10 rows.")
        ]
    if not entries:
        return [], [_("The list has a header row but no cadres under it.")]
    return entries, []


@transaction.atomic
def enrol_from_list(
    *,
    actor,
    training_class: TrainingClass,
    entries: list[tuple[int, str, str]],
    waiting_list: bool = True,
) -> EnrolResult:
    """Enrol the cadres of an uploaded list (row, name, ID number). Every bad row is
    named; when any is bad nobody is enrolled."""
    training_class = _lock_class(actor, training_class)
    if len(entries) > ENROL_MAX:
        raise ValidationError({"file": _("At most %(max)s cadres at a time.") % {"max": ENROL_MAX}})
    problems: list[str] = []
    hashes: dict[int, str] = {}
    for row, name, text in entries:
        if not name:
            problems.append(_("Row %(row)s: the name is empty.") % {"row": row})
        if not text:
            problems.append(_("Row %(row)s: the ID number is empty.") % {"row": row})
            continue
        try:
            parsed = IdNumber.parse(text, today=timezone.localdate())
        except ValueError as error:
            problems.append(
                _("Row %(row)s: ID number: %(error)s") % {"row": row, "error": str(error)}
            )
            continue
        hashes[row] = keyed_hash(parsed.value)
    found = {
        cadre.id_number_hash: cadre
        for cadre in Cadre.objects.filter(cadre_scope_q(actor), id_number_hash__in=hashes.values())
    }
    cadres = []
    seen: dict[int, int] = {}
    for row, name, _text in entries:
        if row not in hashes:
            continue
        cadre = found.get(hashes[row])
        if cadre is None:
            problems.append(
                _("Row %(row)s: no cadre in your scope has this ID number.") % {"row": row}
            )
        elif name and cadre.name != name:
            problems.append(
                _("Row %(row)s: the ID number is %(registry)s's, not %(name)s's.")
                % {"row": row, "registry": cadre.name, "name": name}
            )
        elif cadre.pk in seen:
            problems.append(
                _("Row %(row)s: the same cadre as row %(other)s.")
                % {"row": row, "other": seen[cadre.pk]}
            )
        else:
            seen[cadre.pk] = row
            cadres.append(cadre)
    if problems:
        raise ValidationError({"file": problems})
    return _enrol(
        actor=actor,
        training_class=training_class,
        cadres=cadres,
        waiting_list=waiting_list,
        field_name="file",
    )


def enrol_from_upload(
    *, actor, training_class: TrainingClass, upload, waiting_list: bool = True
) -> EnrolResult:
    """Enrol from an uploaded spreadsheet (names and ID numbers), after the interchange
    module's size, type and zip-bomb checks. Every bad row is named; nothing is written
    unless all rows are good."""
    _lock_class_readonly(actor, training_class)
    suffix = Path(upload.name or "").suffix.lower()[:8]
    with tempfile.NamedTemporaryFile(suffix=suffix, prefix="ganshi-enrol-") as temporary:
        for chunk in upload.chunks():
            temporary.write(chunk)
        temporary.flush()
        try:
            kind = spreadsheets.check_upload(temporary.name, upload.name or "")
            sheet = spreadsheets.open_rows(temporary.name, kind)
            entries, problems = read_enrolment_list(sheet.rows)
        except spreadsheets.SpreadsheetError as error:
            raise ValidationError({"file": error.message}) from None
    if problems:
        raise ValidationError({"file": problems})
    return enrol_from_list(
        actor=actor, training_class=training_class, entries=entries, waiting_list=waiting_list
    )


def _lock_class_readonly(actor, training_class: TrainingClass) -> None:
    """Refuse early (before reading a file) when the actor does not manage the class."""
    _require_manager(actor)
    if not unit_in_scope(actor, training_class.organiser):
        raise ValidationError({"__all__": _("This class is outside your scope.")})


def _move(enrolment: Enrolment, to_status: str) -> None:
    if to_status not in ENROLMENT_TRANSITIONS[enrolment.status]:
        raise ValidationError(
            {
                "status": _("An enrolment that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": EnrolmentStatus(enrolment.status).label,
                    "to": EnrolmentStatus(to_status).label,
                }
            }
        )


def _withdraw(
    actor, enrolment: Enrolment, reason: str, training_class: TrainingClass
) -> Enrolment | None:
    """Withdraw (the enrolment is locked); promote the first on the waiting list when a
    seat was freed. Returns the promoted enrolment."""
    _move(enrolment, EnrolmentStatus.WITHDRAWN)
    freed = enrolment.status in SEATED
    before = {"status": enrolment.status, "withdrawal_reason": enrolment.withdrawal_reason}
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawal_reason = reason
    enrolment.save(update_fields=["status", "withdrawal_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=enrolment,
        before=before,
        after={"status": enrolment.status, "withdrawal_reason": reason},
    )
    if not freed:
        return None
    promoted = (
        Enrolment.objects.select_for_update()
        .filter(training_class=training_class, status=EnrolmentStatus.WAITING)
        .order_by("id")
        .first()
    )
    if promoted is None:
        return None
    promoted.status = EnrolmentStatus.ENROLLED
    promoted.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=promoted,
        before={"status": EnrolmentStatus.WAITING},
        after={"status": EnrolmentStatus.ENROLLED},
    )
    return promoted


def _lock_enrolment(actor, enrolment: Enrolment) -> tuple[Enrolment, TrainingClass]:
    training_class = _lock_class(actor, enrolment.training_class)
    locked = (
        Enrolment.objects.select_for_update()
        .select_related("cadre")
        .filter(pk=enrolment.pk, training_class=training_class)
        .first()
    )
    if locked is None:
        raise ValidationError({"__all__": _("This enrolment is outside your scope.")})
    return locked, training_class


@transaction.atomic
def enrolment_withdraw(
    *, actor, enrolment: Enrolment, reason: str = WithdrawalReason.REQUEST
) -> Enrolment | None:
    """Withdraw a cadre from a class; returns the enrolment promoted from the waiting list."""
    if reason not in WithdrawalReason.values:
        raise ValidationError({"withdrawal_reason": _("Choose a reason from the list.")})
    enrolment, training_class = _lock_enrolment(actor, enrolment)
    return _withdraw(actor, enrolment, reason, training_class)


@transaction.atomic
def class_complete(*, actor, training_class: TrainingClass) -> int:
    """After the class: every enrolled cadre who attended is marked completed."""
    training_class = _lock_class(actor, training_class)
    if training_class.end_date > timezone.localdate():
        raise ValidationError(
            {
                "__all__": _("The class ends on %(end)s; complete it after that.")
                % {"end": training_class.end_date}
            }
        )
    enrolments = list(
        Enrolment.objects.select_for_update()
        .select_related("cadre")
        .filter(
            training_class=training_class,
            status=EnrolmentStatus.ENROLLED,
            attended_hours__gt=0,
        )
    )
    if not enrolments:
        raise ValidationError({"__all__": _("Nobody enrolled in this class has attended yet.")})
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(
        status=EnrolmentStatus.COMPLETED, updated_at=timezone.now()
    )
    audit_record_many(
        actor=actor,
        entries=(
            {
                "action": AuditAction.UPDATE,
                "object_type": Enrolment._meta.label_lower,
                "object_id": enrolment.pk,
                "object_repr": f"{enrolment.cadre.name} · {training_class.title}"[:200],
                "before": {"status": EnrolmentStatus.ENROLLED},
                "after": {"status": EnrolmentStatus.COMPLETED},
            }
            for enrolment in enrolments
        ),
    )
    return len(enrolments)


# --- attendance: the register, leave, QR sign-in -----------------------------------------


def _apply_leave_rule(actor, training_class: TrainingClass, enrolment_ids: list[int]) -> list[int]:
    """Withdraw the enrolments whose leave passed the allowed share; returns their ids."""
    if not training_class.is_full_time or not enrolment_ids:
        return []
    params = parameters()
    class_hours = training_class.sessions.aggregate(total=Sum("credit_hours"))["total"] or Decimal(
        0
    )
    withdrawn = []
    for enrolment in (
        Enrolment.objects.select_for_update()
        .filter(pk__in=enrolment_ids, status=EnrolmentStatus.ENROLLED)
        .order_by("id")
    ):
        verdict = rules.leave_verdict(
            is_full_time=True,
            class_hours=class_hours,
            leave_hours=enrolment.leave_hours,
            parameters=params,
        )
        if verdict.must_withdraw:
            _withdraw(actor, enrolment, WithdrawalReason.LEAVE_RULE, training_class)
            withdrawn.append(enrolment.pk)
    return withdrawn


@dataclass
class RegisterResult:
    changed: int
    withdrawn: list[int]


@transaction.atomic
def register_save(
    *,
    actor,
    session: Session,
    marks: dict[int, str],
    leave_reasons: dict[int, str] | None = None,
) -> RegisterResult:
    """Staff tick the register: ``marks`` maps enrolment ids to present / leave / absent.
    A leave needs a reason. Leave past the allowed share withdraws the cadre."""
    training_class = _lock_class(actor, session.training_class)
    session = Session.objects.get(pk=session.pk, training_class=training_class)
    leave_reasons = leave_reasons or {}
    errors = Errors()
    enrolments = {
        enrolment.pk: enrolment
        for enrolment in Enrolment.objects.select_for_update()
        .select_related("cadre")
        .filter(training_class=training_class, pk__in=list(marks))
    }
    for enrolment_id, status in marks.items():
        enrolment = enrolments.get(enrolment_id)
        if enrolment is None:
            errors.add("marks", _("Enrolment %(id)s is not in this class.") % {"id": enrolment_id})
        elif enrolment.status not in SEATED:
            errors.add(
                "marks",
                _("%(name)s is “%(status)s” and cannot be marked.")
                % {"name": enrolment.cadre.name, "status": enrolment.get_status_display()},
            )
        if status not in AttendanceStatus.values:
            errors.add("marks", _("“%(value)s” is not an attendance status.") % {"value": status})
        elif status == AttendanceStatus.LEAVE and not leave_reasons.get(enrolment_id, "").strip():
            name = enrolment.cadre.name if enrolment else enrolment_id
            errors.add("leave_reason", _("Give the reason for %(name)s's leave.") % {"name": name})
        if len(leave_reasons.get(enrolment_id, "")) > 200:
            errors.add("leave_reason", _("A reason is at most 200 characters."))
    errors.raise_if_any()
    existing = {
        attendance.enrolment_id: attendance
        for attendance in Attendance.objects.select_for_update().filter(
            session=session, enrolment_id__in=list(marks)
        )
    }
    now = timezone.now()
    entries = []
    to_create, to_update = [], []
    for enrolment_id, status in marks.items():
        enrolment = enrolments[enrolment_id]
        reason = (
            leave_reasons.get(enrolment_id, "").strip() if status == AttendanceStatus.LEAVE else ""
        )
        hours = session.credit_hours if status == AttendanceStatus.PRESENT else Decimal(0)
        attendance = existing.get(enrolment_id)
        if (
            attendance is not None
            and attendance.status == status
            and attendance.leave_reason == reason
        ):
            continue
        before = None
        if attendance is None:
            attendance = Attendance(
                session=session, enrolment=enrolment, cadre_id=enrolment.cadre_id, date=session.date
            )
            to_create.append(attendance)
        else:
            before = {"status": attendance.status, "leave_reason": attendance.leave_reason}
            to_update.append(attendance)
        attendance.status = status
        attendance.leave_reason = reason
        attendance.credit_hours = hours
        attendance.method = SignInMethod.REGISTER if status == AttendanceStatus.PRESENT else ""
        attendance.signed_at = now if status == AttendanceStatus.PRESENT else None
        entries.append(
            {
                "action": AuditAction.CREATE if before is None else AuditAction.UPDATE,
                "object_type": Attendance._meta.label_lower,
                "object_id": f"{session.pk}:{enrolment.cadre_id}",
                "object_repr": f"{enrolment.cadre.name} · {session}"[:200],
                "before": before,
                "after": {"status": status, "leave_reason": reason},
            }
        )
    Attendance.objects.bulk_create(to_create, batch_size=1000)
    Attendance.objects.bulk_update(
        to_update,
        ["status", "leave_reason", "credit_hours", "method", "signed_at", "updated_at"],
        batch_size=1000,
    )
    touched = [a.enrolment_id for a in (*to_create, *to_update)]
    _refresh_enrolments(touched)
    audit_record_many(actor=actor, entries=entries)
    withdrawn = _apply_leave_rule(actor, training_class, touched)
    return RegisterResult(changed=len(entries), withdrawn=withdrawn)


def signin_token(session: Session) -> str:
    """The signed token in a session's QR code (names the session; the time window is
    checked against the session's date and times when it is used)."""
    return signing.dumps({"session": session.pk}, salt=SIGNIN_SALT, compress=True)


def signin_window(session: Session) -> tuple[datetime.datetime, datetime.datetime]:
    return rules.signin_window(
        date=session.date,
        start=session.start_time,
        end=session.end_time,
        parameters=parameters(),
        tz=timezone.get_current_timezone(),
    )


@transaction.atomic
def qr_sign_in(
    *, actor, session: Session, token: str, now: datetime.datetime | None = None
) -> Attendance:
    """A cadre signs in to ``session`` with the token of its QR code: only inside the
    session's window, only when enrolled, only once."""
    if actor.cadre_id is None:
        raise ValidationError(
            {"__all__": _("Your account is not linked to a cadre record; ask the organisers.")}
        )
    try:
        payload = signing.loads(token or "", salt=SIGNIN_SALT)
    except signing.BadSignature:
        raise ValidationError({"token": _("This QR code is not valid.")}) from None
    if not isinstance(payload, dict) or payload.get("session") != session.pk:
        raise ValidationError({"token": _("This QR code belongs to another session.")})
    now = now or timezone.now()
    opens, closes = signin_window(session)
    if not opens <= now <= closes:
        local = timezone.localtime
        raise ValidationError(
            {
                "token": _("Sign-in for this session is open from %(opens)s to %(closes)s.")
                % {
                    "opens": f"{local(opens):%Y-%m-%d %H:%M}",
                    "closes": f"{local(closes):%H:%M}",
                }
            }
        )
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(training_class_id=session.training_class_id, cadre_id=actor.cadre_id)
        .first()
    )
    if enrolment is None or enrolment.status not in SEATED:
        raise ValidationError({"__all__": _("You are not enrolled in this class.")})
    attendance = (
        Attendance.objects.select_for_update()
        .filter(session=session, cadre_id=actor.cadre_id)
        .first()
    )
    if attendance is not None and attendance.status == AttendanceStatus.PRESENT:
        raise ValidationError(
            {
                "__all__": _("You have already signed in to this session at %(time)s.")
                % {"time": f"{timezone.localtime(attendance.signed_at):%H:%M}"}
            }
        )
    before = None if attendance is None else {"status": attendance.status}
    if attendance is None:
        attendance = Attendance(
            session=session, enrolment=enrolment, cadre_id=actor.cadre_id, date=session.date
        )
    attendance.status = AttendanceStatus.PRESENT
    attendance.method = SignInMethod.QR
    attendance.signed_at = now
    attendance.credit_hours = session.credit_hours
    attendance.leave_reason = ""
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError:
        raise ValidationError(
            {"__all__": _("You have already signed in to this session.")}
        ) from None
    _refresh_enrolments([enrolment.pk])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        object_type=Attendance._meta.label_lower,
        object_id=f"{session.pk}:{actor.cadre_id}",
        object_repr=str(session)[:200],
        before=before,
        after={"status": AttendanceStatus.PRESENT, "method": SignInMethod.QR},
    )
    return attendance


@transaction.atomic
def compliance_export_record(*, actor, rows: int, year: int) -> None:
    """One EXPORT event for a compliance export."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=Attendance._meta.label_lower,
        object_repr=_("Credit-hour compliance"),
        after={"rows": rows, "year": year},
    )


# --- settings: class kinds and the rules' parameters -------------------------------------

PARAMETER_FIELDS = (
    "annual_hours",
    "five_year_hours",
    "five_year_span",
    "senior_rank_floor",
    "leave_numerator",
    "leave_denominator",
    "minutes_per_credit_hour",
    "signin_early_minutes",
    "source",
)


def can_change_settings(actor) -> bool:
    """The kinds and parameters are shared by every unit: county staff whose scope is the
    top of the tree, and system administrators."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role == Role.SYSTEM_ADMIN:
        return True
    return (
        actor.role == Role.COUNTY_STAFF
        and actor.scope_unit is not None
        and (actor.scope_unit.depth == 1)
    )


def _require_settings(actor) -> None:
    if not can_change_settings(actor):
        raise ValidationError(
            {"__all__": _("Only the county organisation department changes these settings.")}
        )


@transaction.atomic
def parameters_update(*, actor, data: dict[str, Any]) -> TrainingParameters:
    """Change the parameters of the credit-hour and leave rules."""
    _require_settings(actor)
    _unknown(data, PARAMETER_FIELDS)
    row = TrainingParameters.objects.select_for_update().filter(pk=1).first() or TrainingParameters(
        pk=1
    )
    before = snapshot(row)
    for name, value in data.items():
        setattr(row, name, value)
    errors = Errors()
    for name in ("annual_hours", "five_year_hours"):
        value = getattr(row, name)
        if value is not None and value <= 0:
            errors.add(name, _("Enter a number of hours above 0."))
    if (
        row.leave_numerator is not None
        and row.leave_denominator
        and (row.leave_numerator >= row.leave_denominator)
    ):
        errors.add("leave_numerator", _("The share of leave must be less than 1."))
    if row.five_year_span is not None and not 1 <= row.five_year_span <= 10:
        errors.add("five_year_span", _("Enter 1 to 10 years."))
    _full_clean(row, errors, exclude=[])
    errors.raise_if_any()
    row.save()
    old, new = changes(before, snapshot(row))
    if new:
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=row, before=old, after=new)
    return row


@transaction.atomic
def kind_create(*, actor, code: str, name: str) -> TrainingKind:
    """Add a kind of class (a county's own series, such as 党史宣讲)."""
    _require_settings(actor)
    kind = TrainingKind(
        code=(code or "").strip().lower(),
        name="".join((name or "").split()),
        sort_order=(
            TrainingKind.objects.order_by("-sort_order")
            .values_list("sort_order", flat=True)
            .first()
            or 0
        )
        + 1,
    )
    errors = Errors()
    if kind.code and TrainingKind.objects.filter(code=kind.code).exists():
        errors.add("code", _("A kind with this code exists."))
    if kind.name and TrainingKind.objects.filter(name=kind.name).exists():
        errors.add("name", _("A kind with this name exists."))
    _full_clean(kind, errors, exclude=[])
    errors.raise_if_any()
    kind.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=kind, after=snapshot(kind))
    return kind


@transaction.atomic
def kind_set_active(*, actor, kind: TrainingKind, is_active: bool) -> TrainingKind:
    """Stop offering a kind for new classes (its classes keep it), or offer it again."""
    _require_settings(actor)
    kind = TrainingKind.objects.select_for_update().get(pk=kind.pk)
    if kind.is_active != is_active:
        kind.is_active = is_active
        kind.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=kind,
            before={"is_active": not is_active},
            after={"is_active": is_active},
        )
    return kind


# --- leave requests -----------------------------------------------------------------------


def _leave_event(actor, request: LeaveRequest, from_status: str, comment: str = "") -> None:
    LeaveRequestEvent.objects.create(
        leave_request=request,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_status=from_status,
        to_status=request.status,
        comment=comment,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if not from_status else AuditAction.UPDATE,
        instance=request,
        before={"status": from_status} if from_status else None,
        after={"status": request.status, "session": request.session_id, "comment": comment},
    )


@transaction.atomic
def leave_request_submit(
    *, actor, session: Session, reason: str, enrolment: Enrolment | None = None
) -> LeaveRequest:
    """Ask for leave from a session: the cadre for themself (``enrolment`` None) before
    the session starts, or the organisers for a cadre of the class at any time."""
    if enrolment is None:
        enrolment = (
            Enrolment.objects.select_for_update()
            .filter(training_class_id=session.training_class_id, cadre_id=actor.cadre_id)
            .first()
            if actor.cadre_id
            else None
        )
        if enrolment is None:
            raise ValidationError({"__all__": _("You are not enrolled in this class.")})
        starts = datetime.datetime.combine(
            session.date, session.start_time, tzinfo=timezone.get_current_timezone()
        )
        if timezone.now() >= starts:
            raise ValidationError(
                {"session": _("The session has begun; ask the organisers to record your leave.")}
            )
    else:
        _lock_class(actor, enrolment.training_class)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    errors = Errors()
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", _("Give the reason for the leave."))
    elif len(reason) > 200:
        errors.add("reason", _("A reason is at most 200 characters."))
    if session.training_class_id != enrolment.training_class_id:
        errors.add("session", _("This session is not in the class."))
    elif enrolment.status not in SEATED:
        errors.add("__all__", _("You are not enrolled in this class."))
    elif LeaveRequest.objects.filter(
        enrolment=enrolment,
        session=session,
        status__in=(LeaveRequestStatus.PENDING, LeaveRequestStatus.APPROVED),
    ).exists():
        errors.add("session", _("There is already a leave request for this session."))
    elif Attendance.objects.filter(
        session=session, enrolment=enrolment, status=AttendanceStatus.PRESENT
    ).exists():
        errors.add("session", _("The cadre has signed in to this session."))
    errors.raise_if_any()
    request = LeaveRequest.objects.create(enrolment=enrolment, session=session, reason=reason)
    _leave_event(actor, request, "")
    return request


@transaction.atomic
def leave_request_decide(
    *, actor, leave_request: LeaveRequest, approve: bool, comment: str = ""
) -> LeaveRequest:
    """The organisers approve (the register shows the leave; the leave rule applies) or
    refuse a pending request."""
    training_class = _lock_class(actor, leave_request.session.training_class)
    request = (
        LeaveRequest.objects.select_for_update()
        .select_related("enrolment", "session")
        .get(pk=leave_request.pk, session__training_class=training_class)
    )
    target = LeaveRequestStatus.APPROVED if approve else LeaveRequestStatus.REFUSED
    if target not in LEAVE_REQUEST_TRANSITIONS[request.status]:
        raise ValidationError(
            {
                "status": _("A leave request that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": LeaveRequestStatus(request.status).label,
                    "to": LeaveRequestStatus(target).label,
                }
            }
        )
    if len(comment or "") > 200:
        raise ValidationError({"comment": _("A comment is at most 200 characters.")})
    before = request.status
    request.status = target
    request.save(update_fields=["status", "updated_at"])
    _leave_event(actor, request, before, comment or "")
    if approve:
        register_save(
            actor=actor,
            session=request.session,
            marks={request.enrolment_id: AttendanceStatus.LEAVE},
            leave_reasons={request.enrolment_id: request.reason},
        )
    return request


# --- feedback -----------------------------------------------------------------------------

SCORE_FIELDS = ("content_score", "teaching_score", "organisation_score")


@transaction.atomic
def feedback_submit(*, actor, training_class: TrainingClass, data: dict[str, Any]) -> None:
    """An anonymous answer: the row keeps only a keyed hash of the enrolment (to allow one
    answer each); the audit event says that the cadre answered, not what."""
    _unknown(data, (*SCORE_FIELDS, "comment"))
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(training_class=training_class, cadre_id=actor.cadre_id, status__in=SEATED)
        .first()
        if actor.cadre_id
        else None
    )
    if enrolment is None:
        raise ValidationError({"__all__": _("Only cadres enrolled in this class can answer.")})
    digest = keyed_hash(f"{FEEDBACK_SALT}{enrolment.pk}")
    if Feedback.objects.filter(respondent_hash=digest).exists():
        raise ValidationError({"__all__": _("You have already answered this survey.")})
    feedback = Feedback(training_class=training_class, respondent_hash=digest, **data)
    errors = Errors()
    for name in SCORE_FIELDS:
        value = data.get(name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors.add(name, _("Give a score from 1 to 5."))
    _full_clean(feedback, errors, exclude=["training_class", "respondent_hash"])
    errors.raise_if_any()
    feedback.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=Feedback._meta.label_lower,
        object_id="",
        object_repr=str(training_class)[:200],
        after={"training_class": training_class.pk, "answered": True},
    )


__all__ = [
    "EnrolResult",
    "RegisterResult",
    "TrainingKind",
    "class_complete",
    "class_create",
    "class_update",
    "course_save",
    "enrol_by_criteria",
    "enrol_cadres",
    "enrol_from_list",
    "enrolment_withdraw",
    "feedback_submit",
    "parameters",
    "plan_save",
    "qr_sign_in",
    "read_enrolment_list",
    "register_save",
    "session_save",
    "signin_token",
]

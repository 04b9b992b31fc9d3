"""Writes on the cadre registry. Every function: one transaction, validation with
Chinese messages naming each bad field (all of them at once), the write, the audit event."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from ganshi.accounts.scopes import cadre_scope_q, unit_in_scope
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record, changes, snapshot
from ganshi.cadres.choices import CadreCategory, Gender
from ganshi.cadres.models import (
    Cadre,
    FamilyMember,
    PostTenure,
    RankRecord,
    ResumeEntry,
    RewardPunishment,
    Tag,
)
from ganshi.core.code_tables import Education
from ganshi.core.field_encryption import keyed_hash
from ganshi.core.field_errors import Errors
from ganshi.core.id_numbers import IdNumber
from ganshi.core.photos import normalise_photo
from ganshi.core.pinyin import name_keys
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import LEADERSHIP_ORDER, LeadershipLevel, Post
from ganshi.orgs.services import quota_check

# Fields a form or the API may set on a cadre.
CADRE_FIELDS = (
    "name",
    "gender",
    "birth",
    "id_number",
    "ethnicity",
    "native_place",
    "birthplace",
    "political_status",
    "party_entry",
    "work_start",
    "health",
    "professional_title",
    "specialties",
    "fulltime_education",
    "fulltime_degree",
    "fulltime_school",
    "inservice_education",
    "inservice_degree",
    "inservice_school",
    "unit",
    "current_post",
    "category",
    "rank",
    "status",
    "phone",
    "home_address",
    "notes",
)
TAG_MAX_LENGTH = 30
# Encrypted fields: read in full only through cadre_reveal_sensitive.
SENSITIVE_FIELDS = ("id_number", "phone", "home_address")
YEAR_MONTH_FIELDS = ("birth", "party_entry", "work_start")
WORK_START_MIN_AGE = 16
PARTY_ENTRY_MIN_AGE = 18
# Lower code = higher education (ZB64 order).
EDUCATION_ORDER = {code: index for index, code in enumerate(Education.values)}


def _today() -> datetime.date:
    return datetime.date.today()  # noqa: DTZ011 - calendar dates on the form


def _read_year_months(cadre: Cadre, errors: Errors) -> list[str]:
    """Read year-months given as text (an import, the API); report and return the unreadable."""
    unreadable = []
    for field in YEAR_MONTH_FIELDS:
        value = getattr(cadre, field)
        if value == "":
            setattr(cadre, field, None)
        elif value is not None and not isinstance(value, YearMonth):
            try:
                setattr(cadre, field, YearMonth.parse(value))
            except ValueError as error:
                errors.add(field, str(error))
                setattr(cadre, field, None)
                unreadable.append(field)
    return unreadable


def _validate_cadre(cadre: Cadre, *, actor, errors: Errors) -> None:
    today = YearMonth.from_date(_today())
    cadre.name = "".join((cadre.name or "").split())
    not_cleaned = _read_year_months(cadre, errors)
    birth = cadre.birth
    for field in ("birth", "party_entry", "work_start"):
        value = getattr(cadre, field)
        if value is not None and value > today:
            errors.add(field, _("This date is in the future."))
    if cadre.id_number:
        try:
            parsed = IdNumber.parse(cadre.id_number, today=_today())
        except ValueError as error:
            errors.add("id_number", str(error))
        else:
            cadre.id_number = parsed.value
            if birth is None:
                cadre.birth = birth = YearMonth.from_date(parsed.birth_date)
            elif YearMonth.from_date(parsed.birth_date) != birth:
                errors.add(
                    "id_number",
                    _("The ID number gives birth %(id_birth)s but the birth field says %(birth)s.")
                    % {"id_birth": YearMonth.from_date(parsed.birth_date), "birth": birth},
                )
            if not cadre.gender:
                cadre.gender = parsed.gender
            elif cadre.gender in Gender.values and parsed.gender != cadre.gender:
                errors.add(
                    "id_number",
                    _("The ID number is a %(id_gender)s's but the gender field says %(gender)s.")
                    % {
                        "id_gender": _("man") if parsed.gender == "male" else _("woman"),
                        "gender": cadre.get_gender_display(),
                    },
                )
            digest = keyed_hash(parsed.value)
            duplicate = Cadre.objects.filter(id_number_hash=digest).exclude(pk=cadre.pk)
            if duplicate.exists():
                errors.add(
                    "id_number", _("Another cadre in the registry already has this ID number.")
                )
            cadre.id_number_hash = digest
    else:
        cadre.id_number_hash = None
    if birth is not None:
        if (
            cadre.work_start is not None
            and birth.years_until(cadre.work_start) < WORK_START_MIN_AGE
        ):
            errors.add(
                "work_start",
                _("Work cannot start before the age of %(age)s (born %(birth)s).")
                % {"age": WORK_START_MIN_AGE, "birth": birth},
            )
        if (
            cadre.party_entry is not None
            and birth.years_until(cadre.party_entry) < PARTY_ENTRY_MIN_AGE
        ):
            errors.add(
                "party_entry",
                _("Party entry cannot be before the age of %(age)s (born %(birth)s).")
                % {"age": PARTY_ENTRY_MIN_AGE, "birth": birth},
            )
    if cadre.unit_id is None:
        errors.add("unit", _("This field is required."))
        not_cleaned.append("unit")
    elif not unit_in_scope(actor, cadre.unit):
        errors.add("unit", _("This unit does not exist or is outside your scope."))
    if cadre.political_status in ("01", "02") and cadre.party_entry is None:
        errors.add("party_entry", _("A party member needs a party entry date."))
    try:
        cadre.full_clean(
            exclude=[
                "name_pinyin",
                "name_initials",
                "education",
                "photo",
                "id_number_hash",
                *not_cleaned,
            ]
        )
    except ValidationError as error:
        errors.merge(error)


def _derive(cadre: Cadre) -> None:
    cadre.name = "".join(cadre.name.split())
    cadre.name_pinyin, cadre.name_initials = name_keys(cadre.name)
    levels = [code for code in (cadre.fulltime_education, cadre.inservice_education) if code]
    cadre.education = min(levels, key=EDUCATION_ORDER.__getitem__) if levels else ""


def _cadre_snapshot(cadre: Cadre) -> dict[str, Any]:
    data = snapshot(cadre)
    data["tags"] = sorted(tag.name for tag in cadre.tags.all()) if cadre.pk else []
    return data


def _require_editor(actor) -> None:
    if not actor.can_edit_registry:
        raise ValidationError({"__all__": _("Your role cannot change the registry.")})


def _apply_photo(cadre: Cadre, photo, errors: Errors) -> Any:
    if photo is None:
        return None
    try:
        content = normalise_photo(photo)
    except ValidationError as error:
        errors.merge(error)
        return None
    return content


def _check_tag_names(names: list[str] | None, errors: Errors) -> None:
    for name in names or []:
        if not name.strip() or len(name.strip()) > TAG_MAX_LENGTH:
            errors.add("tags", _("A tag is 1 to 30 characters."))
            return


def _tags_from_names(actor, tags: list[Tag] | None, names: list[str] | None) -> list[Tag] | None:
    """``tags`` plus the tags called ``names`` (created when new); None when both are None."""
    if tags is None and names is None:
        return None
    result = list(tags or [])
    for name in names or []:
        tag = tag_get_or_create(actor=actor, name=name)
        if tag not in result:
            result.append(tag)
    return result


@transaction.atomic
def cadre_create(
    *,
    actor,
    data: dict[str, Any],
    tags: list[Tag] | None = None,
    photo=None,
    tag_names: list[str] | None = None,
) -> Cadre:
    """Create a cadre. ``tag_names`` name tags to attach, created when new (in the same
    transaction, once every field is valid)."""
    _require_editor(actor)
    unknown = set(data) - set(CADRE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    cadre = Cadre(**data)
    errors = Errors()
    _validate_cadre(cadre, actor=actor, errors=errors)
    content = _apply_photo(cadre, photo, errors)
    _check_tag_names(tag_names, errors)
    errors.raise_if_any()
    _derive(cadre)
    if content is not None:
        cadre.photo.save(f"{uuid.uuid4().hex}.jpg", content, save=False)
    cadre.save()
    tags = _tags_from_names(actor, tags, tag_names)
    if tags:
        cadre.tags.set(tags)
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=cadre, after=_cadre_snapshot(cadre)
    )
    return cadre


@transaction.atomic
def cadre_update(
    *,
    actor,
    cadre: Cadre,
    data: dict[str, Any],
    tags: list[Tag] | None = None,
    photo=None,
    tag_names: list[str] | None = None,
) -> Cadre:
    """Update a cadre; ``tags`` plus ``tag_names`` (when either is not None) replace its tags."""
    _require_editor(actor)
    unknown = set(data) - set(CADRE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    cadre = Cadre.objects.select_for_update().filter(cadre_scope_q(actor), pk=cadre.pk).first()
    if cadre is None:
        raise ValidationError({"__all__": _("This cadre is outside your scope.")})
    before = _cadre_snapshot(cadre)
    clear_before = {name: getattr(cadre, name) for name in SENSITIVE_FIELDS}
    for name, value in data.items():
        setattr(cadre, name, value)
    errors = Errors()
    _validate_cadre(cadre, actor=actor, errors=errors)
    content = _apply_photo(cadre, photo, errors)
    _check_tag_names(tag_names, errors)
    errors.raise_if_any()
    _derive(cadre)
    if content is not None:
        cadre.photo.save(f"{uuid.uuid4().hex}.jpg", content, save=False)
    cadre.save()
    tags = _tags_from_names(actor, tags, tag_names)
    if tags is not None:
        cadre.tags.set(tags)
    after = _cadre_snapshot(cadre)
    old, new = changes(before, after)
    for name in SENSITIVE_FIELDS:  # two values can share a mask: compare the clear values
        if name not in new and getattr(cadre, name) != clear_before[name]:
            old[name], new[name] = before[name], after[name]
    if new:
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=cadre, before=old, after=new)
    return cadre


def cadre_reveal_sensitive(*, actor, cadre: Cadre, fields: tuple[str, ...]) -> dict[str, str]:
    """The clear values of sensitive fields for a role that may see them; an audited read."""
    if not actor.can_see_sensitive:
        raise ValidationError({"__all__": _("Your role cannot see sensitive fields.")})
    others = [field for field in fields if field not in SENSITIVE_FIELDS]
    if others:
        raise ValidationError(
            {
                "fields": [
                    _("%(field)s is not a sensitive field.") % {"field": field} for field in others
                ]
            }
        )
    if not Cadre.objects.filter(cadre_scope_q(actor), pk=cadre.pk).exists():
        raise ValidationError({"__all__": _("This cadre is outside your scope.")})
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.READ_SENSITIVE,
            instance=cadre,
            after={"fields": list(fields)},
        )
    return {field: getattr(cadre, field) for field in fields}


@transaction.atomic
def cadre_export_record(*, actor, rows: int, sensitive: bool, filters: dict[str, Any]) -> None:
    """Record one EXPORT event for a roster export (``sensitive``: ID numbers and phones
    written in clear)."""
    if sensitive and not actor.can_see_sensitive:
        raise ValidationError({"__all__": _("Your role cannot see sensitive fields.")})
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=Cadre._meta.label_lower,
        object_repr=_("Cadre roster"),
        after={"rows": rows, "sensitive": sensitive, "filters": filters},
    )


# --- records under a cadre -------------------------------------------------------------


def _child_event(*, actor, cadre: Cadre, record: models.Model, before, after, action) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=cadre._meta.label_lower,
        object_id=cadre.pk,
        object_repr=f"{cadre.name} · {record._meta.verbose_name}",
        before=before,
        after=after,
    )


def _child_save(*, actor, cadre: Cadre, record: models.Model, data: dict[str, Any], check=None):
    _require_editor(actor)
    if not Cadre.objects.filter(cadre_scope_q(actor), pk=cadre.pk).exists():
        raise ValidationError({"__all__": _("This cadre is outside your scope.")})
    is_new = record.pk is None
    before = None if is_new else snapshot(record)
    for name, value in data.items():
        setattr(record, name, value)
    record.cadre = cadre
    errors = Errors()
    if check is not None:
        check(record, errors)
    try:
        record.full_clean(exclude=["cadre"])
    except ValidationError as error:
        errors.merge(error)
    errors.raise_if_any()
    record.save()
    after = snapshot(record)
    if is_new:
        _child_event(
            actor=actor,
            cadre=cadre,
            record=record,
            before=None,
            after=after,
            action=AuditAction.CREATE,
        )
    else:
        old, new = changes(before, after)
        if new:
            _child_event(
                actor=actor,
                cadre=cadre,
                record=record,
                before=old,
                after=new,
                action=AuditAction.UPDATE,
            )
    return record


def _check_range(record, errors: Errors) -> None:
    today = YearMonth.from_date(_today())
    if record.start is not None and record.start > today:
        errors.add("start", _("This date is in the future."))
    if record.end is not None and record.start is not None and record.end < record.start:
        errors.add("end", _("The end cannot be before the start."))
    if record.end is not None and record.end > today:
        errors.add("end", _("This date is in the future."))


@transaction.atomic
def resume_entry_save(
    *, actor, cadre: Cadre, data: dict[str, Any], entry: ResumeEntry | None = None
) -> ResumeEntry:
    return _child_save(
        actor=actor, cadre=cadre, record=entry or ResumeEntry(), data=data, check=_check_range
    )


@transaction.atomic
def family_member_save(
    *, actor, cadre: Cadre, data: dict[str, Any], member: FamilyMember | None = None
) -> FamilyMember:
    def check(record, errors: Errors) -> None:
        if record.birth is not None and record.birth > YearMonth.from_date(_today()):
            errors.add("birth", _("This date is in the future."))

    return _child_save(
        actor=actor, cadre=cadre, record=member or FamilyMember(), data=data, check=check
    )


@transaction.atomic
def reward_punishment_save(
    *, actor, cadre: Cadre, data: dict[str, Any], record: RewardPunishment | None = None
) -> RewardPunishment:
    def check(item, errors: Errors) -> None:
        if item.date is not None and item.date > YearMonth.from_date(_today()):
            errors.add("date", _("This date is in the future."))

    return _child_save(
        actor=actor, cadre=cadre, record=record or RewardPunishment(), data=data, check=check
    )


@transaction.atomic
def rank_record_create(
    *, actor, cadre: Cadre, rank: int, start: YearMonth, document_number: str = ""
) -> RankRecord:
    """Record a rank from ``start``; the newest record becomes the cadre's rank."""

    def check(record, errors: Errors) -> None:
        if record.start is not None and record.start > YearMonth.from_date(_today()):
            errors.add("start", _("This date is in the future."))

    record = _child_save(
        actor=actor,
        cadre=cadre,
        record=RankRecord(),
        data={"rank": rank, "start": start, "document_number": document_number},
        check=check,
    )
    _refresh_rank(cadre)
    return record


def _refresh_rank(cadre: Cadre) -> None:
    newest = cadre.rank_records.order_by("-start", "-id").first()
    cadre.rank = newest.rank if newest else cadre.rank
    Cadre.objects.filter(pk=cadre.pk).update(rank=cadre.rank)


@transaction.atomic
def post_tenure_create(
    *,
    actor,
    cadre: Cadre,
    post: Post,
    start: YearMonth,
    end: YearMonth | None = None,
    document_number: str = "",
) -> PostTenure:
    """Seat ``cadre`` in ``post`` (checking the unit's quota when the tenure is current)."""
    if not unit_in_scope(actor, post.unit):
        raise ValidationError({"post": _("This post does not exist or is outside your scope.")})

    def check(record, errors: Errors) -> None:
        _check_range(record, errors)
        if record.end is None:
            already = PostTenure.objects.filter(cadre=cadre, post=post, end__isnull=True).exists()
            if already:
                errors.add("post", _("This cadre already holds this post."))
            else:
                try:
                    quota_check(unit=post.unit, leadership_level=post.leadership_level)
                except ValidationError as error:
                    errors.merge(error)

    tenure = _child_save(
        actor=actor,
        cadre=cadre,
        record=PostTenure(post=post),
        data={"start": start, "end": end, "document_number": document_number},
        check=check,
    )
    refresh_current_post(cadre)
    return tenure


@transaction.atomic
def post_tenure_end(
    *, actor, tenure: PostTenure, end: YearMonth, document_number: str = ""
) -> PostTenure:
    data = {"end": end}
    if document_number:
        data["document_number"] = document_number
    tenure = _child_save(
        actor=actor, cadre=tenure.cadre, record=tenure, data=data, check=_check_range
    )
    refresh_current_post(tenure.cadre)
    return tenure


def refresh_current_post(cadre: Cadre) -> None:
    """Set the cadre's leadership level (and current post text) from current tenures."""
    current = list(cadre.post_tenures.filter(end__isnull=True).select_related("post", "post__unit"))
    level = LeadershipLevel.NONE
    if current:
        level = min(
            (tenure.post.leadership_level for tenure in current), key=LEADERSHIP_ORDER.__getitem__
        )
        cadre.current_post = "、".join(f"{t.post.unit.name}{t.post.name}" for t in current)[:200]
    cadre.leadership_level = level
    Cadre.objects.filter(pk=cadre.pk).update(
        leadership_level=level, current_post=cadre.current_post
    )


@transaction.atomic
def child_delete(*, actor, cadre: Cadre, record: models.Model) -> None:
    _require_editor(actor)
    if (
        record.cadre_id != cadre.pk
        or not Cadre.objects.filter(cadre_scope_q(actor), pk=cadre.pk).exists()
    ):
        raise ValidationError({"__all__": _("This cadre is outside your scope.")})
    before = snapshot(record)
    record.delete()
    _child_event(
        actor=actor,
        cadre=cadre,
        record=record,
        before=before,
        after=None,
        action=AuditAction.DELETE,
    )
    if isinstance(record, PostTenure):
        refresh_current_post(cadre)
    if isinstance(record, RankRecord):
        _refresh_rank(cadre)


@transaction.atomic
def tag_get_or_create(*, actor, name: str) -> Tag:
    _require_editor(actor)
    name = name.strip()
    if not name or len(name) > TAG_MAX_LENGTH:
        raise ValidationError({"tags": _("A tag is 1 to 30 characters.")})
    tag, created = Tag.objects.get_or_create(name=name)
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, instance=tag, after={"name": name})
    return tag


__all__ = [
    "CADRE_FIELDS",
    "CadreCategory",
    "cadre_create",
    "cadre_update",
    "cadre_reveal_sensitive",
    "cadre_export_record",
    "resume_entry_save",
    "family_member_save",
    "reward_punishment_save",
    "rank_record_create",
    "post_tenure_create",
    "post_tenure_end",
    "child_delete",
    "tag_get_or_create",
]

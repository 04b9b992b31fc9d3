"""What the cadre API reads and writes.

Input is parsed leniently and by hand, field by field, so that one answer names every bad
field: a year-month may come as "1985.03", "1985-3" or 198503, an id as 12 or "12", a
code-table value as its code or its label. The parsed values then go to the service,
which judges the domain rules; the API merges both lists of errors.

Output uses the model's field names (GLOSSARY.md); year-months are "1985.03" strings,
codes come with their labels under ``labels``, and the sensitive fields are masked unless
the caller asked for them and may see them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from ninja import Field, Schema

from ganshi.cadres.choices import AgeBand, CadreCategory, CadreStatus, Gender, Rank
from ganshi.cadres.models import Cadre
from ganshi.cadres.selectors import (
    DEFAULT_SORT,
    MINORITY,
    SORTS,
    CadreFilters,
    age_of,
    cadre_derived,
    tag_get_by_name,
)
from ganshi.cadres.services import CADRE_FIELDS
from ganshi.core.api_errors import MAX_ID, FieldErrors
from ganshi.core.code_tables import (
    ETHNICITY_CHOICES,
    Degree,
    Education,
    EducationBand,
    PoliticalStatus,
)
from ganshi.core.id_numbers import mask_id_number
from ganshi.core.pagination import cursor_values
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import LeadershipLevel
from ganshi.orgs.selectors import unit_get

SENSITIVE_FIELDS = ("id_number", "phone", "home_address")
TEXT_FIELDS = (
    "name",
    "id_number",
    "native_place",
    "birthplace",
    "health",
    "professional_title",
    "specialties",
    "fulltime_school",
    "inservice_school",
    "current_post",
    "phone",
    "home_address",
    "notes",
)
CHOICE_FIELDS: dict[str, list[tuple[Any, Any]]] = {
    "gender": Gender.choices,
    "ethnicity": ETHNICITY_CHOICES,
    "political_status": PoliticalStatus.choices,
    "fulltime_education": Education.choices,
    "fulltime_degree": Degree.choices,
    "inservice_education": Education.choices,
    "inservice_degree": Degree.choices,
    "category": CadreCategory.choices,
    "rank": Rank.choices,
    "status": CadreStatus.choices,
}
YEAR_MONTH_FIELDS = ("birth", "party_entry", "work_start")
LABELLED_FIELDS = (*CHOICE_FIELDS, "education", "leadership_level")
TAG_MAX_LENGTH = 30
TAGS_MAX = 50
LIMIT_DEFAULT = 50
LIMIT_MAX = 200
QUERY_MAX_LENGTH = 40
ALL_STATUSES = "all"
LIST_PARAMETERS = frozenset(
    {
        "q",
        "unit",
        "rank",
        "leadership_level",
        "age_band",
        "gender",
        "ethnicity",
        "education",
        "political_status",
        "category",
        "tag",
        "status",
        "sort",
        "cursor",
        "limit",
    }
)
SHOWN_VALUE_LENGTH = 40
YEAR_MONTH_MAX_LENGTH = 20


# --- output --------------------------------------------------------------------------------


class CadreOut(Schema):
    id: int
    name: str
    gender: str
    birth: str | None
    age: int | None
    id_number: str
    ethnicity: str
    native_place: str
    birthplace: str
    political_status: str
    party_entry: str | None
    work_start: str | None
    health: str
    professional_title: str
    specialties: str
    fulltime_education: str
    fulltime_degree: str
    fulltime_school: str
    inservice_education: str
    inservice_degree: str
    inservice_school: str
    education: str
    unit: int
    unit_name: str
    current_post: str
    category: str
    rank: int
    leadership_level: str
    status: str
    phone: str
    home_address: str
    notes: str
    tags: list[str]
    labels: dict[str, str]
    sensitive_revealed: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


class CadrePage(Schema):
    items: list[CadreOut]
    next: str | None


class ResumeEntryOut(Schema):
    start: str
    end: str | None
    text: str
    is_sub_entry: bool


class PostTenureOut(Schema):
    post: int
    post_name: str
    unit: int
    unit_name: str
    leadership_level: str
    start: str
    end: str | None
    document_number: str


class RankRecordOut(Schema):
    rank: int
    rank_label: str
    start: str
    document_number: str


class FamilyMemberOut(Schema):
    relation: str
    relation_label: str
    name: str
    birth: str | None
    political_status: str
    workplace: str
    is_social_relation: bool


class RewardPunishmentOut(Schema):
    kind: str
    kind_label: str
    date: str
    description: str
    authority: str


class CadreDetail(CadreOut):
    years_in_current_post: int | None
    years_at_current_rank: int | None
    grassroots_years: int
    resume: list[ResumeEntryOut]
    post_tenures: list[PostTenureOut]
    rank_records: list[RankRecordOut]
    family_members: list[FamilyMemberOut]
    rewards_punishments: list[RewardPunishmentOut]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    value = (value or "").strip()
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    """The first six characters (the region); the rest hidden."""
    value = (value or "").strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "****"


MASKS = {"id_number": mask_id_number, "phone": mask_phone, "home_address": mask_address}


def _ym(value: YearMonth | None) -> str | None:
    return str(value) if value is not None else None


def cadre_data(cadre: Cadre, *, revealed: dict[str, str] | None = None) -> dict[str, Any]:
    """The API's picture of one cadre; sensitive fields masked unless in ``revealed``."""
    data: dict[str, Any] = {
        "id": cadre.pk,
        "name": cadre.name,
        "gender": cadre.gender,
        "birth": _ym(cadre.birth),
        "age": age_of(cadre.birth),
        "ethnicity": cadre.ethnicity,
        "native_place": cadre.native_place,
        "birthplace": cadre.birthplace,
        "political_status": cadre.political_status,
        "party_entry": _ym(cadre.party_entry),
        "work_start": _ym(cadre.work_start),
        "health": cadre.health,
        "professional_title": cadre.professional_title,
        "specialties": cadre.specialties,
        "fulltime_education": cadre.fulltime_education,
        "fulltime_degree": cadre.fulltime_degree,
        "fulltime_school": cadre.fulltime_school,
        "inservice_education": cadre.inservice_education,
        "inservice_degree": cadre.inservice_degree,
        "inservice_school": cadre.inservice_school,
        "education": cadre.education,
        "unit": cadre.unit_id,
        "unit_name": cadre.unit.name,
        "current_post": cadre.current_post,
        "category": cadre.category,
        "rank": cadre.rank,
        "leadership_level": cadre.leadership_level,
        "status": cadre.status,
        "notes": cadre.notes,
        "tags": sorted(tag.name for tag in cadre.tags.all()),
        "labels": {
            field: str(getattr(cadre, f"get_{field}_display")())
            for field in LABELLED_FIELDS
            if getattr(cadre, field) not in ("", None)
        },
        "sensitive_revealed": revealed is not None,
        "created_at": cadre.created_at,
        "updated_at": cadre.updated_at,
    }
    for field in SENSITIVE_FIELDS:
        if revealed is not None:
            data[field] = revealed.get(field, "")
        else:
            data[field] = MASKS[field](getattr(cadre, field) or "")
    return data


def cadre_detail_data(cadre: Cadre, *, revealed: dict[str, str] | None = None) -> dict[str, Any]:
    """``cadre_data`` plus the records and derived figures (``cadre`` from cadre_get_full)."""
    data = cadre_data(cadre, revealed=revealed)
    derived = cadre_derived(cadre)
    data.update(
        years_in_current_post=derived.years_in_current_post,
        years_at_current_rank=derived.years_at_current_rank,
        grassroots_years=derived.grassroots_years,
        resume=[
            {
                "start": str(entry.start),
                "end": _ym(entry.end),
                "text": entry.text,
                "is_sub_entry": entry.is_sub_entry,
            }
            for entry in cadre.resume_entries.all()
        ],
        post_tenures=[
            {
                "post": tenure.post_id,
                "post_name": tenure.post.name,
                "unit": tenure.post.unit_id,
                "unit_name": tenure.post.unit.name,
                "leadership_level": tenure.post.leadership_level,
                "start": str(tenure.start),
                "end": _ym(tenure.end),
                "document_number": tenure.document_number,
            }
            for tenure in cadre.post_tenures.all()
        ],
        rank_records=[
            {
                "rank": record.rank,
                "rank_label": str(record.get_rank_display()),
                "start": str(record.start),
                "document_number": record.document_number,
            }
            for record in cadre.rank_records.all()
        ],
        family_members=[
            {
                "relation": member.relation,
                "relation_label": str(member.get_relation_display()),
                "name": member.name,
                "birth": _ym(member.birth),
                "political_status": member.political_status,
                "workplace": member.workplace,
                "is_social_relation": member.is_social_relation,
            }
            for member in cadre.family_members.all()
        ],
        rewards_punishments=[
            {
                "kind": item.kind,
                "kind_label": str(item.get_kind_display()),
                "date": str(item.date),
                "description": item.description,
                "authority": item.authority,
            }
            for item in cadre.rewards_punishments.all()
        ],
    )
    return data


# --- input ---------------------------------------------------------------------------------


def _codes(choices) -> str:
    return ", ".join(f"{code} {label}" for code, label in choices)


YEAR_MONTH_HELP = "A year-month: 1985.03 (also 1985-03, 1985年3月, 198503)."


class CadreIn(Schema):
    """The body of POST and PATCH, for the documentation: the API reads it leniently.

    POST needs ``name`` and ``unit``, and ``gender`` and ``birth`` unless the ID number
    gives them; PATCH sends only the fields to change. ``null`` empties a field. A code
    may also be sent as its label (“汉族” for 01)."""

    name: str | None = None
    gender: str | None = Field(None, description="male, female")
    birth: str | None = Field(None, description=YEAR_MONTH_HELP)
    id_number: str | None = Field(None, description="18 characters (GB 11643).")
    ethnicity: str | None = Field(None, description="GB 3304 code: 01 汉族 … 56 基诺族.")
    native_place: str | None = None
    birthplace: str | None = None
    political_status: str | None = Field(None, description=_codes(PoliticalStatus.choices))
    party_entry: str | None = Field(None, description=YEAR_MONTH_HELP)
    work_start: str | None = Field(None, description=YEAR_MONTH_HELP)
    health: str | None = None
    professional_title: str | None = None
    specialties: str | None = None
    fulltime_education: str | None = Field(None, description=_codes(Education.choices))
    fulltime_degree: str | None = Field(None, description=_codes(Degree.choices))
    fulltime_school: str | None = None
    inservice_education: str | None = Field(None, description=_codes(Education.choices))
    inservice_degree: str | None = Field(None, description=_codes(Degree.choices))
    inservice_school: str | None = None
    unit: int | None = Field(None, description="The id of a unit in your scope.")
    current_post: str | None = None
    category: str | None = Field(None, description=", ".join(CadreCategory.values))
    rank: int | None = Field(None, description="1 一级巡视员 … 12 二级科员, 99 no rank.")
    status: str | None = Field(None, description=", ".join(CadreStatus.values))
    phone: str | None = None
    home_address: str | None = None
    notes: str | None = None
    tags: list[str] | None = Field(None, description="Tag names; new ones are created.")


READ_ONLY_FIELDS = frozenset(CadreDetail.model_fields) - set(CADRE_FIELDS) - {"tags"}


def shown(value: Any) -> str:
    """A value quoted back in a message: cut short, anything UTF-8 cannot hold replaced."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > SHOWN_VALUE_LENGTH:
        text = text[:SHOWN_VALUE_LENGTH] + "…"
    return text.encode("utf-8", "replace").decode("utf-8")


def check_text(text: str) -> str:
    """``text`` when the database can store it; ValueError otherwise."""
    if "\x00" in text:
        raise ValueError(_("The text contains a NUL character."))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("The text contains characters that are not valid Unicode.")) from None
    return text


def parse_text(value: Any) -> str:
    """Text from JSON (a number is taken as its digits); ValueError with a message."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(_("Enter text."))
    return check_text(str(value)).strip()


def parse_choice(value: Any, choices: list[tuple[Any, Any]]) -> Any:
    """A code of ``choices`` from its code or its label; empty ("" or None for numeric
    codes) for null or ""."""
    if value is None or value == "":
        return "" if not isinstance(choices[0][0], int) else None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(_("“%(value)s” is not a valid choice.") % {"value": shown(value)})
    if isinstance(value, str):
        check_text(value)
    for code, label in choices:
        if value == code or (isinstance(value, str) and value.strip() in (str(code), str(label))):
            return code
        if (
            isinstance(value, int)
            and isinstance(code, str)
            and code.isdigit()
            and int(code) == value
        ):
            return code
    raise ValueError(_("“%(value)s” is not a valid choice.") % {"value": shown(value)})


def parse_year_month(value: Any) -> YearMonth | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(_("Write a year-month as text, like “1985.03”."))
    if isinstance(value, str) and len(check_text(value)) > YEAR_MONTH_MAX_LENGTH:
        raise ValueError(
            _("“%(text)s” is not a year-month; write it as 1985.03.") % {"text": shown(value)}
        )
    return YearMonth.parse(value)


def parse_id(value: Any) -> int:
    """A database id from a JSON number or a string of digits."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(_("Enter the id as a whole number."))
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii() or not text.isdigit():
            raise ValueError(_("Enter the id as a whole number."))
        value = int(text)
    if not 1 <= value <= MAX_ID:
        raise ValueError(_("There is no object with this id."))
    return value


def parse_tag_names(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(_("Send the tags as a list of names."))
    if len(value) > TAGS_MAX:
        raise ValueError(_("A cadre has at most %(count)s tags.") % {"count": TAGS_MAX})
    names: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ValueError(_("Send the tags as a list of names."))
        name = parse_text(item)
        if not name or len(name) > TAG_MAX_LENGTH:
            raise ValueError(_("A tag is 1 to 30 characters."))
        if name not in names:
            names.append(name)
    return names


def parse_cadre_input(
    payload: dict[str, Any], *, actor, errors: FieldErrors
) -> tuple[dict[str, Any], list[str] | None]:
    """The model values and tag names of a POST or PATCH body; bad fields go to ``errors``
    and are left out of the values. Tags are None when the body does not mention them."""
    data: dict[str, Any] = {}
    tags: list[str] | None = None
    for field, value in payload.items():
        if len(field) > SHOWN_VALUE_LENGTH:
            field = shown(field)
        if field == "tags":
            try:
                tags = parse_tag_names(value)
            except ValueError as error:
                errors.add(field, str(error))
            continue
        if field == "leadership_level":
            errors.add(field, _("This field is read-only: it follows the cadre's current posts."))
            continue
        if field in READ_ONLY_FIELDS:
            errors.add(field, _("This field is read-only."))
            continue
        if field not in CADRE_FIELDS:
            errors.add(field, _("Unknown field."))
            continue
        try:
            data[field] = _parse_field(field, value, actor=actor)
        except ValueError as error:
            errors.add(field, str(error))
    return data, tags


def _parse_field(field: str, value: Any, *, actor) -> Any:
    if field in TEXT_FIELDS:
        return parse_text(value)
    if field in CHOICE_FIELDS:
        return parse_choice(value, CHOICE_FIELDS[field])
    if field in YEAR_MONTH_FIELDS:
        return parse_year_month(value)
    if field == "unit":
        if value is None or value == "":
            return None
        try:
            return unit_get(actor=actor, pk=parse_id(value))
        except (ValueError, Http404):
            raise ValueError(_("This unit does not exist or is outside your scope.")) from None
    raise ValueError(_("Unknown field."))  # pragma: no cover - every CADRE_FIELD is typed above


# --- list parameters -----------------------------------------------------------------------


def parse_list_parameters(params: QueryDict, *, actor) -> tuple[CadreFilters, str | None, int]:
    """Filters, cursor and page size from the query string; every bad one named at once."""
    errors = FieldErrors()
    for name in sorted(set(params) - LIST_PARAMETERS):
        errors.add(name, _("Unknown parameter."))
    values = {name: params.get(name, "").strip() for name in LIST_PARAMETERS}
    for name, value in values.items():
        if "\x00" in value:
            errors.add(name, _("The text contains a NUL character."))
            values[name] = ""
    filters = CadreFilters()

    q = values["q"]
    if len(q) > QUERY_MAX_LENGTH:
        errors.add("q", _("Enter at most %(count)s characters.") % {"count": QUERY_MAX_LENGTH})
    else:
        filters.q = q

    if values["unit"]:
        try:
            filters.unit = unit_get(actor=actor, pk=parse_id(values["unit"]))
        except (ValueError, Http404):
            errors.add("unit", _("This unit does not exist or is outside your scope."))

    simple = {
        "rank": Rank.choices,
        "leadership_level": LeadershipLevel.choices,
        "age_band": AgeBand.choices,
        "gender": Gender.choices,
        "ethnicity": [(MINORITY, _("Ethnic minorities")), *ETHNICITY_CHOICES],
        "education": EducationBand.choices,
        "political_status": PoliticalStatus.choices,
        "category": CadreCategory.choices,
    }
    for name, choices in simple.items():
        if not values[name]:
            continue
        raw: Any = values[name]
        if name == "rank" and raw.isascii() and raw.isdigit():
            raw = int(raw)
        try:
            setattr(filters, name, parse_choice(raw, choices))
        except ValueError as error:
            errors.add(name, str(error))

    if values["tag"]:
        tag = tag_get_by_name(name=values["tag"])
        filters.tag = tag.pk if tag is not None else 0  # no such tag: nothing matches

    status = values["status"]
    if status == ALL_STATUSES:
        filters.status = ""
    elif status:
        try:
            filters.status = parse_choice(status, CadreStatus.choices)
        except ValueError as error:
            errors.add("status", str(error))

    sort = values["sort"] or DEFAULT_SORT
    if sort not in SORTS:
        errors.add("sort", _("Sort by one of: %(choices)s.") % {"choices": ", ".join(SORTS)})
    filters.sort = sort

    limit = LIMIT_DEFAULT
    if values["limit"]:
        text = values["limit"]
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= LIMIT_MAX:
            errors.add("limit", _("Enter a whole number from 1 to %(max)s.") % {"max": LIMIT_MAX})
        else:
            limit = int(text)

    cursor = values["cursor"] or None
    if cursor is not None and not cursor_is_valid(cursor, sort=filters.sort):
        errors.add("cursor", _("This cursor is not valid here; start again from the first page."))

    errors.raise_if_any()
    return filters, cursor, limit


def cursor_is_valid(cursor: str, *, sort: str) -> bool:
    """Whether ``cursor`` holds values the sort's fields can take."""
    return cursor_values(Cadre, SORTS.get(sort, SORTS[DEFAULT_SORT]), cursor) is not None

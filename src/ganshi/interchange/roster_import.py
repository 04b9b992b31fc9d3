"""The roster import engine: read a 花名册, judge every row, and (when told) write.

One pass over the file, in chunks of ``CHUNK_SIZE`` rows, so memory stays flat however
long the file is:

1. each cell is read by its column's parser (``columns.py``);
2. the chunk's ID numbers are looked up in one query (registry-wide, since an ID number
   is unique in the whole registry), rows without one by name + birth + unit;
3. each row is judged: *new*, *update* (the values it gives differ from the record),
   *unchanged*, or *error* with every reason, by the same rules as
   ``cadres.services.cadre_create``/``cadre_update`` (``check_cadre`` below mirrors
   ``_validate_cadre`` without its per-row queries; ``test_roster_rules`` holds the two
   to the same answers);
4. when applying, the chunk's new rows are inserted with ``bulk_create`` and its updates
   written with ``bulk_update``, and one audit event per created or updated cadre is
   appended with ``audit_record_many`` (the same CREATE/UPDATE events the services write,
   so a cadre's history shows the import like any edit).

A blank cell means "not given": a new cadre gets the field's default, an update keeps the
stored value. A masked value (``4504**********123X`` from an export without sensitive
fields) is not given either. The caller owns the transaction (``services.py``).
"""

from __future__ import annotations

import datetime
import enum
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from ganshi.accounts.scopes import unit_in_scope
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record_many, changes
from ganshi.cadres.choices import CadreCategory
from ganshi.cadres.models import Cadre
from ganshi.cadres.services import EDUCATION_ORDER, PARTY_ENTRY_MIN_AGE, WORK_START_MIN_AGE
from ganshi.core.bulk import insert_rows
from ganshi.core.field_encryption import EncryptedTextField, decrypt, keyed_hash
from ganshi.core.id_numbers import IdNumber
from ganshi.core.masks import mask_sensitive
from ganshi.core.pinyin import name_keys
from ganshi.core.year_month import YearMonth
from ganshi.interchange.columns import (
    HEADER_SCAN_ROWS,
    UNIT_FIELD,
    CellReader,
    Column,
    Header,
    cell_text,
    find_header,
    normalise_title,
)
from ganshi.interchange.models import RowStatus
from ganshi.interchange.selectors import (
    SENSITIVE_FIELDS,
    TOKEN_PREFIX,
    cadres_by_id_hash,
    cadres_by_name,
    import_units,
)
from ganshi.interchange.spreadsheets import Limits, SpreadsheetError, open_rows, too_many_rows
from ganshi.orgs.models import Unit, UnitKind

CHUNK_SIZE = 2000
# The key of an error that belongs to no single column.
ROW = "__all__"
_VILLAGE_KINDS = (UnitKind.VILLAGE, UnitKind.COMMUNITY)
_cached_name_keys = functools.lru_cache(maxsize=100_000)(name_keys)


# --- results -----------------------------------------------------------------------------


@dataclass
class RowResult:
    row_number: int
    status: str
    name: str = ""
    unit_name: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column title, message)
    changes: list[str] = field(default_factory=list)  # column titles
    cadre_id: int | None = None
    values: list[Any] | None = None  # the original cells, kept for error rows only

    def reason(self) -> str:
        """Every error of the row in one line: 列：原因；列：原因."""
        return "；".join(
            f"{column}：{message}" if column else message for column, message in self.errors
        )


@dataclass
class RosterSummary:
    total: int = 0
    new: int = 0
    update: int = 0
    unchanged: int = 0
    error: int = 0
    created: int = 0
    updated: int = 0
    applied: bool = False
    rolled_back: bool = False
    columns: list[dict[str, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    header_rows: list[list[Any]] = field(default_factory=list)

    def count(self, status: str) -> None:
        self.total += 1
        if status == RowStatus.NEW:
            self.new += 1
        elif status == RowStatus.UPDATE:
            self.update += 1
        elif status == RowStatus.UNCHANGED:
            self.unchanged += 1
        else:
            self.error += 1


# --- units -------------------------------------------------------------------------------


def _unit_key(text: str) -> str:
    return normalise_title(text)


class UnitIndex:
    """The active units in the actor's scope, by name, short name, code and
    parent name + name, loaded in one query."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.keys: dict[str, list[Unit]] = {}
        units = list(units)
        by_path = {unit.path: unit for unit in units}
        for unit in units:
            parent = by_path.get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None
            names = {unit.name, unit.short_name, unit.code}
            if parent is not None:
                names |= {parent.name + unit.name, (parent.short_name or parent.name) + unit.name}
            for name in names:
                key = _unit_key(name)
                if key:
                    bucket = self.keys.setdefault(key, [])
                    if unit not in bucket:
                        bucket.append(unit)
        self.longest = max((len(key) for key in self.keys), default=0)

    def resolve(self, text: str) -> tuple[Unit | None, str]:
        key = _unit_key(text)
        units = self.keys.get(key, [])
        if len(units) == 1:
            return units[0], ""
        if not units:
            return None, _("The unit “%(name)s” does not exist or is outside your scope.") % {
                "name": text
            }
        return None, _(
            "Several units in your scope are called “%(name)s”; write the full name "
            "(e.g. the township and the unit) or the unit code."
        ) % {"name": text}

    def resolve_prefix(self, text: str) -> Unit | None:
        """The unit whose name begins ``text`` (一镇党委副书记 → 一镇), longest first."""
        key = _unit_key(text)
        for length in range(min(len(key), self.longest), 1, -1):
            units = self.keys.get(key[:length])
            if units:
                return units[0] if len(units) == 1 else None
        return None


# --- the rules -----------------------------------------------------------------------------


class RowErrors:
    """Messages by field, like ``cadres.services.Errors``."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field_name: str, message: str) -> None:
        self.by_field.setdefault(field_name, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.by_field)


_FIELDS = {model_field.name: model_field for model_field in Cadre._meta.concrete_fields}
_TEXT_LIMITS = {
    name: model_field.max_length
    for name, model_field in _FIELDS.items()
    if isinstance(model_field, models.CharField) and model_field.max_length
}


def check_cadre(
    cadre: Cadre,
    *,
    actor,
    errors: RowErrors,
    today: YearMonth,
    today_date: datetime.date,
    skip: frozenset[str] = frozenset(),
    parsed_id: IdNumber | None = None,
    id_hash: str | None = None,
) -> None:
    """The rules of ``cadres.services._validate_cadre`` without its queries: the caller
    has checked that the ID number is not another cadre's. ``skip``: fields whose cell
    could not be read (already reported); ``parsed_id``, ``id_hash``: the ID number
    already parsed, and its hash."""
    birth = cadre.birth
    for name in ("birth", "party_entry", "work_start"):
        value = getattr(cadre, name)
        if value is not None and value > today:
            errors.add(name, _("This date is in the future."))
    if cadre.id_number:
        try:
            parsed = (
                parsed_id
                if parsed_id is not None and parsed_id.value == cadre.id_number
                else IdNumber.parse(cadre.id_number, today=today_date)
            )
        except ValueError as error:
            errors.add("id_number", str(error))
        else:
            cadre.id_number = parsed.value
            id_birth = YearMonth.from_date(parsed.birth_date)
            if birth is None:
                if "birth" not in skip:
                    cadre.birth = birth = id_birth
            elif id_birth != birth:
                errors.add(
                    "id_number",
                    _("The ID number gives birth %(id_birth)s but the birth field says %(birth)s.")
                    % {"id_birth": id_birth, "birth": birth},
                )
            if not cadre.gender:
                if "gender" not in skip:
                    cadre.gender = parsed.gender
            elif parsed.gender != cadre.gender:
                errors.add(
                    "id_number",
                    _("The ID number is a %(id_gender)s's but the gender field says %(gender)s.")
                    % {
                        "id_gender": _("man") if parsed.gender == "male" else _("woman"),
                        "gender": cadre.get_gender_display(),
                    },
                )
            cadre.id_number_hash = (
                id_hash if id_hash and parsed is parsed_id else keyed_hash(parsed.value)
            )
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
    if cadre.unit_id is not None and not unit_in_scope(actor, cadre.unit):
        errors.add("unit", _("This unit does not exist or is outside your scope."))
    if (
        cadre.political_status in ("01", "02")
        and cadre.party_entry is None
        and "party_entry" not in skip
    ):
        errors.add("party_entry", _("A party member needs a party entry date."))
    # What full_clean() would say about the fields the parsers cannot guarantee.
    for name in ("name", "gender"):
        if not getattr(cadre, name) and name not in skip:
            errors.add(name, _FIELDS[name].error_messages["blank"])
    if cadre.birth is None and "birth" not in skip:
        errors.add("birth", _FIELDS["birth"].error_messages["null"])
    for name, limit in _TEXT_LIMITS.items():
        value = getattr(cadre, name)
        if value and len(value) > limit:
            try:
                MaxLengthValidator(limit)(value)
            except ValidationError as error:
                errors.add(name, error.messages[0])
    for name in ("phone", "home_address", "id_number", "notes", "specialties"):
        value = getattr(cadre, name)
        if value and "\x00" in value:
            errors.add(name, _("Null characters are not allowed."))


def derive(cadre: Cadre) -> None:
    """``cadres.services._derive``: pinyin keys and the highest education."""
    cadre.name = "".join(cadre.name.split())
    cadre.name_pinyin, cadre.name_initials = _cached_name_keys(cadre.name)
    levels = [code for code in (cadre.fulltime_education, cadre.inservice_education) if code]
    cadre.education = min(levels, key=EDUCATION_ORDER.__getitem__) if levels else ""


_DEFAULTS = {
    model_field.attname: (
        default.value if isinstance(default := model_field.get_default(), enum.Enum) else default
    )
    for model_field in Cadre._meta.concrete_fields
}


def new_cadre(data: dict[str, Any]) -> Cadre:
    """``Cadre(**data)`` at a fifth of the cost (a long file builds one per row): the
    instance state and the field defaults set directly, then ``data`` through the
    descriptors (so ``unit`` sets ``unit_id`` and its cache). Cadre has no ``pre_init``
    or ``post_init`` receivers (its image field has no dimension fields)."""
    cadre = Cadre.__new__(Cadre)
    cadre._state = ModelState()
    cadre.__dict__.update(_DEFAULTS)
    for name, value in data.items():
        setattr(cadre, name, value)
    return cadre


def load_sensitive(cadre: Cadre, name: str) -> str:
    """The clear value of a sensitive field of a cadre loaded by the import's selectors
    (which defer those fields and keep their tokens), decrypted now and put in place."""
    if name not in cadre.__dict__:
        token = getattr(cadre, f"{TOKEN_PREFIX}{name}", None)
        cadre.__dict__[name] = decrypt(token) if token else (token or "")
    return cadre.__dict__[name]


# The fields of ``audit.services.snapshot``, computed once.
_SNAPSHOT_FIELDS = [
    (model_field.name, model_field.attname, isinstance(model_field, EncryptedTextField),
     isinstance(model_field, models.FileField))
    for model_field in Cadre._meta.concrete_fields
    if model_field.name not in {"id", "created_at", "updated_at"} and model_field.editable
]  # fmt: skip


def cadre_snapshot(cadre: Cadre) -> dict[str, Any]:
    """``audit.services.snapshot(cadre)`` plus tags, as ``cadre_create`` records it, without
    the per-field type tests (a snapshot per row of a long file)."""
    result: dict[str, Any] = {}
    for name, attname, encrypted, is_file in _SNAPSHOT_FIELDS:
        value = getattr(cadre, attname)
        if encrypted:
            value = mask_sensitive(name, value)
        elif is_file:
            value = value.name if value else ""
        elif isinstance(value, YearMonth):
            value = str(value)
        result[name] = value
    return result


# --- the engine -----------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: list[Any]
    given: dict[str, Any] = field(default_factory=dict)
    unit_text: str = ""
    unit: Unit | None = None
    errors: RowErrors = field(default_factory=RowErrors)
    skip: set[str] = field(default_factory=set)
    id_hash: str | None = None
    parsed_id: IdNumber | None = None
    match_key: tuple | None = None
    existing: Cadre | None = None
    foreign: bool = False  # the ID number is another cadre's, outside the actor's scope


class RosterImport:
    """Judge (and with ``write``, import) the rows of one roster file.

    ``on_header`` receives the summary once the header is found (its ``header_rows`` and
    ``columns`` filled); ``on_rows`` receives each chunk's results; ``progress(done, total)`` is called after
    each chunk. ``write``: insert and update (the caller wraps the call in a transaction
    and rolls back for all-or-nothing).
    """

    def __init__(
        self,
        *,
        actor,
        unit: Unit | None = None,
        write: bool = False,
        on_rows: Callable[[list[RowResult]], None] | None = None,
        on_header: Callable[[RosterSummary], None] | None = None,
        progress: Callable[[int, int], None] | None = None,
        limits: Limits | None = None,
        chunk_size: int = CHUNK_SIZE,
        today: datetime.date | None = None,
        units: Iterable[Unit] | None = None,
    ) -> None:
        self.actor = actor
        self.unit = unit
        self.write = write
        self.on_rows = on_rows
        self.on_header = on_header
        self.progress = progress
        self.limits = limits or Limits.from_settings()
        self.chunk_size = chunk_size
        self.today_date = today or datetime.date.today()  # noqa: DTZ011 - calendar date
        self.today = YearMonth.from_date(self.today_date)
        self.units = UnitIndex(units if units is not None else import_units(actor=actor))
        self.summary = RosterSummary()
        self.header: Header | None = None
        self.seen_ids: dict[str, int] = {}
        self.seen_keys: dict[tuple, int] = {}
        self.events = 0

    # -- reading --

    def run(self, path, kind: str) -> RosterSummary:
        sheet = open_rows(path, kind, self.limits)
        rows = sheet.rows
        head: list[tuple[int, list[Any]]] = []
        for item in rows:
            head.append(item)
            if len(head) >= HEADER_SCAN_ROWS:
                break
        header = find_header([values for _, values in head], sheet.merged)
        if header is None:
            raise SpreadsheetError(
                _(
                    "No header row was found: none of the first %(count)s rows has a “%(title)s” column."
                )
                % {"count": HEADER_SCAN_ROWS, "title": "姓名"}
            )
        self.header = header
        self.plan = [
            (index, CellReader(column), column.field)
            for index, column in sorted(header.columns.items())
        ]
        self.summary.header_rows = [
            values for _, values in head[header.first_row : header.first_row + header.height]
        ]
        self.summary.columns = [
            {"title": header.titles[index], "field": column.field}
            for index, column in sorted(header.columns.items())
        ]
        self.summary.ignored_columns = header.unknown + header.duplicates
        if self.on_header:
            self.on_header(self.summary)
        body = head[header.first_row + header.height :]
        total = max(sheet.height, 1)
        chunk: list[tuple[int, list[Any]]] = []
        data_rows = 0
        for number, values in _chain(body, rows):
            if not self._has_data(values):
                continue
            data_rows += 1
            if data_rows > self.limits.max_rows:
                raise too_many_rows(self.limits)
            chunk.append((number, values))
            if len(chunk) >= self.chunk_size:
                self._process(chunk)
                chunk = []
                if self.progress:
                    self.progress(number, total)
        if chunk:
            self._process(chunk)
        if self.progress:
            self.progress(total, total)
        self.summary.applied = self.write
        return self.summary

    def _has_data(self, values: list[Any]) -> bool:
        for index in self.header.columns:
            if index < len(values) and cell_text(values[index]) != "":
                return True
        return False

    # -- one chunk --

    def _process(self, chunk: list[tuple[int, list[Any]]]) -> None:
        rows = [self._parse(number, values) for number, values in chunk]
        self._match(rows)
        results: list[RowResult] = []
        creates: list[tuple[RowResult, Cadre]] = []
        updates: list[tuple[Cadre, dict[str, Any], list[str]]] = []
        for row in rows:
            result, create, update = self._judge(row)
            results.append(result)
            self.summary.count(result.status)
            if create is not None:
                creates.append((result, create))
            if update is not None:
                updates.append(update)
        if self.write and (creates or updates):
            self._write(creates, updates)
        if self.on_rows:
            self.on_rows(results)

    def _parse(self, number: int, values: list[Any]) -> _Row:
        row = _Row(number=number, values=values)
        width = len(values)
        given = row.given
        for index, read, name in self.plan:
            value = values[index] if index < width else ""
            if name == UNIT_FIELD:
                row.unit_text = cell_text(value)
                continue
            try:
                present, parsed = read(value)
            except ValueError as error:
                row.errors.add(name, str(error))
                row.skip.add(name)
                continue
            if present:
                given[name] = parsed
        if self.unit is not None:
            row.unit = self.unit
        elif row.unit_text:
            row.unit, message = self.units.resolve(row.unit_text)
            if message:
                row.errors.add("unit", message)
                row.skip.add("unit")
        elif UNIT_FIELD not in self.header.fields and row.given.get("current_post"):
            row.unit = self.units.resolve_prefix(row.given["current_post"])
        id_number = row.given.get("id_number")
        if id_number:
            try:
                parsed_id = IdNumber.parse(id_number, today=self.today_date)
            except ValueError:
                pass  # reported by check_cadre, with the rest
            else:
                row.given["id_number"] = parsed_id.value
                row.parsed_id = parsed_id
                row.id_hash = keyed_hash(parsed_id.value)
        elif "name" in row.given and row.unit is not None:
            row.match_key = (row.given["name"], row.given.get("birth"), row.unit.pk)
        return row

    def _match(self, rows: list[_Row]) -> None:
        hashes = [row.id_hash for row in rows if row.id_hash]
        found = cadres_by_id_hash(hashes, lock=self.write) if hashes else {}
        keyed = [row for row in rows if row.match_key is not None]
        candidates: dict[tuple[str, int], list[Cadre]] = {}
        if keyed:
            for cadre in cadres_by_name(
                actor=self.actor,
                names={row.match_key[0] for row in keyed},
                unit_ids={row.match_key[2] for row in keyed},
                lock=self.write,
            ):
                candidates.setdefault((cadre.name, cadre.unit_id), []).append(cadre)
        for row in rows:
            if row.id_hash:
                cadre = found.get(row.id_hash)
                if cadre is None:
                    continue
                if unit_in_scope(self.actor, cadre.unit):
                    row.existing = cadre
                else:
                    row.foreign = True
            elif row.match_key is not None:
                name, birth, unit_id = row.match_key
                matches = [
                    cadre
                    for cadre in candidates.get((name, unit_id), [])
                    if birth is None or cadre.birth == birth
                ]
                if len(matches) == 1:
                    row.existing = matches[0]
                elif len(matches) > 1:
                    row.errors.add(
                        "id_number",
                        _("Several cadres of this unit are called %(name)s; add the ID number.")
                        % {"name": name},
                    )

    def _judge(self, row: _Row):
        """(result, a Cadre to create, (a Cadre to update, its before, changed fields))."""
        header = self.header
        given = row.given
        result = RowResult(
            row_number=row.number,
            status=RowStatus.ERROR,
            name=given.get("name", "") or (row.existing.name if row.existing is not None else ""),
            unit_name=row.unit.name if row.unit is not None else row.unit_text,
        )
        errors = row.errors
        if row.id_hash:
            first = self.seen_ids.setdefault(row.id_hash, row.number)
            if first != row.number:
                errors.add(
                    "id_number", _("This ID number is also in row %(row)s.") % {"row": first}
                )
        elif row.match_key is not None:
            first = self.seen_keys.setdefault(row.match_key, row.number)
            if first != row.number:
                errors.add(
                    "name",
                    _("The same person (name, birth and unit) is also in row %(row)s.")
                    % {"row": first},
                )
        if row.foreign:
            errors.add("id_number", _("Another cadre in the registry already has this ID number."))
        create = update = None
        if row.existing is not None:
            cadre = row.existing
            result.cadre_id = cadre.pk
            if result.unit_name == "":
                result.unit_name = cadre.unit.name
            changed = []
            for name, value in given.items():
                if name == "id_number":
                    continue  # matched by the hash of this very number
                current = (
                    load_sensitive(cadre, name)
                    if name in SENSITIVE_FIELDS
                    else getattr(cadre, name)
                )
                if current != value:
                    changed.append(name)
            if row.unit is not None and row.unit.pk != cadre.unit_id:
                changed.append("unit")
            if not changed and not errors:
                result.status = RowStatus.UNCHANGED
                return result, None, None
            for name in SENSITIVE_FIELDS:
                load_sensitive(cadre, name)
            before = cadre_snapshot(cadre)
            for name in changed:
                setattr(cadre, name, row.unit if name == "unit" else given[name])
            check_cadre(
                cadre,
                actor=self.actor,
                errors=errors,
                today=self.today,
                today_date=self.today_date,
                skip=frozenset(row.skip),
                parsed_id=row.parsed_id,
                id_hash=row.id_hash,
            )
            result.changes = [header.title_of(name) for name in changed]
            if not errors:
                result.status = RowStatus.UPDATE
                update = (cadre, before, changed)
        else:
            data = dict(given)
            if row.unit is not None:
                data["unit"] = row.unit
                if "category" not in data and row.unit.kind in _VILLAGE_KINDS:
                    data["category"] = CadreCategory.VILLAGE.value
            cadre = new_cadre(data)
            if row.unit is None and "unit" not in row.skip:
                errors.add(
                    "unit",
                    _("No unit: add a “%(title)s” column or choose one unit for the whole file.")
                    % {"title": "工作单位"},
                )
            check_cadre(
                cadre,
                actor=self.actor,
                errors=errors,
                today=self.today,
                today_date=self.today_date,
                skip=frozenset(row.skip),
                parsed_id=row.parsed_id,
                id_hash=row.id_hash,
            )
            if not errors:
                result.status = RowStatus.NEW
                result.name = cadre.name
                create = cadre
        if errors:
            result.status = RowStatus.ERROR
            result.errors = [
                ("" if name == ROW else header.title_of(name), message)
                for name, messages in errors.by_field.items()
                for message in messages
            ]
            result.values = row.values
            return result, None, None
        return result, create, update

    # -- writing --

    def _write(self, creates, updates) -> None:
        events: list[dict[str, Any]] = []
        if creates:
            cadres = [cadre for _result, cadre in creates]
            for cadre in cadres:
                derive(cadre)
            insert_rows(Cadre, cadres)
            for result, cadre in creates:
                result.cadre_id = cadre.pk
                after = cadre_snapshot(cadre)
                after["tags"] = []
                events.append(
                    {
                        "action": AuditAction.CREATE,
                        "object_type": Cadre._meta.label_lower,
                        "object_id": cadre.pk,
                        "object_repr": cadre.name,
                        "after": after,
                    }
                )
            self.summary.created += len(creates)
        if updates:
            now = timezone.now()
            fields: set[str] = {"updated_at"}
            for cadre, before, changed in updates:
                derive(cadre)
                cadre.updated_at = now
                fields.update(changed)
                if "name" in changed:
                    fields.update({"name_pinyin", "name_initials"})
                if {"fulltime_education", "inservice_education"} & set(changed):
                    fields.add("education")
                if "id_number" in changed:
                    fields.add("id_number_hash")
                old, new = changes(before, cadre_snapshot(cadre))
                events.append(
                    {
                        "action": AuditAction.UPDATE,
                        "object_type": Cadre._meta.label_lower,
                        "object_id": cadre.pk,
                        "object_repr": cadre.name,
                        "before": old,
                        "after": new,
                    }
                )
            Cadre.objects.bulk_update(
                [cadre for cadre, _before, _changed in updates],
                sorted(fields),
                batch_size=500,
            )
            self.summary.updated += len(updates)
        self.events += audit_record_many(actor=self.actor, entries=events)


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


__all__ = [
    "CHUNK_SIZE",
    "Column",
    "RosterImport",
    "RosterSummary",
    "RowResult",
    "UnitIndex",
    "cadre_snapshot",
    "check_cadre",
    "derive",
]

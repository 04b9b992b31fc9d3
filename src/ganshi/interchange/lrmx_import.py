"""Importing 任免审批表 files: one .lrmx, several, a .zip of them, legacy .lrm + .pic pairs.

``collect_sources`` turns the given files into forms to read (opening zips with caps on
size, member count and compression ratio); ``lrmx_preview`` says for each form whether
it is new, an update (matched by ID number through its keyed hash, else by name and
birth), unchanged or in error, writing nothing; ``lrmx_apply`` writes the good ones in
one transaction through the cadre services, so validation and the audit trail apply.
The web UI and the API stage uploads in ``GANSHI_DATA_DIR/tmp/lrmx/<token>/`` (a signed
manifest names the user) between the preview and the apply.
"""

from __future__ import annotations

import datetime
import io
import json
import secrets
import shutil
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from ganshi.accounts.scopes import cadre_scope_q, unit_in_scope
from ganshi.cadres.models import Cadre, FamilyMember, ResumeEntry
from ganshi.cadres.services import (
    cadre_create,
    cadre_update,
    child_delete,
    family_member_save,
    resume_entry_save,
)
from ganshi.core.code_tables import PoliticalStatus
from ganshi.core.field_encryption import keyed_hash
from ganshi.core.id_numbers import IdNumber
from ganshi.core.photos import normalise_photo
from ganshi.interchange.lrmx import (
    FAMILY,
    FAMILY_FIELD_ELEMENTS,
    FAMILY_ITEM,
    FIELD_ELEMENTS,
    LABELS,
    CadreValues,
    LrmxDocument,
    LrmxError,
    cadre_values_from_document,
    element_label,
    max_file_bytes,
    read_lrm,
    read_lrmx,
    size_text,
)
from ganshi.interchange.lrmx_export import stored_photo
from ganshi.orgs.selectors import unit_get

DEFAULT_ZIP_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_ZIP_MAX_MEMBERS = 2000
# Uncompressed / compressed size above which a member counts as a zip bomb.
DEFAULT_ZIP_MAX_RATIO = 100
RATIO_CHECK_FROM = 64 * 1024
STAGING_MAX_AGE = 24 * 3600
FORM_SUFFIXES = (".lrmx", ".lrm")
PHOTO_SUFFIX = ".pic"
ARCHIVE_SUFFIX = ".zip"
ACCEPTED_SUFFIXES = (*FORM_SUFFIXES, PHOTO_SUFFIX, ARCHIVE_SUFFIX)
JUNK_PREFIXES = ("__MACOSX/",)
JUNK_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")


class Status:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


def zip_max_bytes() -> int:
    return int(getattr(settings, "GANSHI_LRMX_ZIP_MAX_BYTES", DEFAULT_ZIP_MAX_BYTES))


def zip_max_members() -> int:
    return int(getattr(settings, "GANSHI_LRMX_ZIP_MAX_MEMBERS", DEFAULT_ZIP_MAX_MEMBERS))


def zip_max_ratio() -> int:
    return int(getattr(settings, "GANSHI_LRMX_ZIP_MAX_RATIO", DEFAULT_ZIP_MAX_RATIO))


@dataclass
class Source:
    """One form to read: a .lrmx, or a .lrm with the bytes of its .pic."""

    name: str
    data: bytes
    photo: bytes | None = None

    @property
    def is_legacy(self) -> bool:
        return self.name.lower().endswith(".lrm")


@dataclass
class FileResult:
    name: str
    status: str
    cadre_name: str = ""
    cadre_id: int | None = None
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def fail(self, message: str) -> FileResult:
        self.status = Status.ERROR
        self.errors.append(message)
        return self


@dataclass
class ImportReport:
    results: list[FileResult]
    applied: bool = False

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {
            status: self.count(status)
            for status in (Status.NEW, Status.UPDATE, Status.UNCHANGED, Status.ERROR)
        }

    @property
    def has_errors(self) -> bool:
        return self.count(Status.ERROR) > 0

    @property
    def writable(self) -> int:
        return self.count(Status.NEW) + self.count(Status.UPDATE)

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "counts": self.counts,
            "files": [asdict(result) for result in self.results],
        }


# --- files and archives ----------------------------------------------------------------


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _too_big(name: str, size: int, limit: int) -> FileResult:
    return FileResult(name, Status.ERROR).fail(
        _("The file is %(size)s; the limit is %(limit)s.")
        % {"size": size_text(size), "limit": size_text(limit)}
    )


def _unreadable_type(name: str) -> FileResult:
    return FileResult(name, Status.ERROR).fail(
        _("Not a 任免审批表 file: only .lrmx, .lrm (with its .pic) and .zip files are read.")
    )


def _size(content: bytes | Path) -> int:
    return len(content) if isinstance(content, bytes) else content.stat().st_size


def _read_zip(
    name: str, content: bytes | Path, add: Callable[[str, bytes], None], errors: list[FileResult]
) -> None:
    limit = zip_max_bytes()
    size = _size(content)
    if size > limit:
        errors.append(_too_big(name, size, limit))
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(content) if isinstance(content, bytes) else content)
    except (zipfile.BadZipFile, OSError):
        errors.append(FileResult(name, Status.ERROR).fail(_("The file is not a readable .zip.")))
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > zip_max_members():
            errors.append(
                FileResult(name, Status.ERROR).fail(
                    _("The archive holds %(count)s files; the limit is %(limit)s.")
                    % {"count": len(members), "limit": zip_max_members()}
                )
            )
            return
        total = sum(info.file_size for info in members)
        if total > limit:
            errors.append(
                FileResult(name, Status.ERROR).fail(
                    _(
                        "The archive unpacks to %(size)s; the limit is %(limit)s, so it was not opened."
                    )
                    % {"size": size_text(total), "limit": size_text(limit)}
                )
            )
            return
        per_file = max_file_bytes()
        for info in members:
            member = _member_name(info)
            shown = f"{name}/{member}"
            base = PurePosixPath(member).name
            if member.startswith(JUNK_PREFIXES) or base in JUNK_NAMES or base.startswith("._"):
                continue
            if not member.lower().endswith((*FORM_SUFFIXES, PHOTO_SUFFIX)):
                errors.append(
                    FileResult(shown, Status.ERROR).fail(
                        _(
                            "Not a 任免审批表 file: only .lrmx and .lrm (with its .pic) are read from an archive."
                        )
                    )
                )
                continue
            if info.flag_bits & 0x1:
                errors.append(
                    FileResult(shown, Status.ERROR).fail(_("The file is encrypted in the archive."))
                )
                continue
            if info.file_size > per_file:
                errors.append(_too_big(shown, info.file_size, per_file))
                continue
            if info.file_size > RATIO_CHECK_FROM and info.file_size > zip_max_ratio() * max(
                info.compress_size, 1
            ):
                errors.append(
                    FileResult(shown, Status.ERROR).fail(
                        _(
                            "The file is compressed more than %(ratio)s times (a zip bomb?); it was not unpacked."
                        )
                        % {"ratio": zip_max_ratio()}
                    )
                )
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(per_file + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
                errors.append(
                    FileResult(shown, Status.ERROR).fail(
                        _("The file cannot be unpacked from the archive.")
                    )
                )
                continue
            if len(data) > per_file:
                errors.append(_too_big(shown, len(data), per_file))
                continue
            add(shown, data)


def collect_sources(
    files: Iterable[tuple[str, bytes | Path]],
) -> tuple[list[Source], list[FileResult]]:
    """The forms in ``files`` ((shown name, content or path) pairs), and a result for each
    file that cannot be one (wrong type, too big, a .pic without its .lrm …)."""
    forms: list[tuple[str, bytes]] = []
    photos: dict[str, tuple[str, bytes]] = {}
    errors: list[FileResult] = []

    def add(shown: str, data: bytes) -> None:
        lower = shown.lower()
        if lower.endswith(PHOTO_SUFFIX):
            photos[lower[: -len(PHOTO_SUFFIX)]] = (shown, data)
        else:
            forms.append((shown, data))

    per_file = max_file_bytes()
    for shown, content in files:
        lower = shown.lower()
        if lower.endswith(ARCHIVE_SUFFIX):
            _read_zip(shown, content, add, errors)
            continue
        if not lower.endswith(ACCEPTED_SUFFIXES):
            errors.append(_unreadable_type(shown))
            continue
        size = _size(content)
        if size > per_file:
            errors.append(_too_big(shown, size, per_file))
            continue
        add(shown, content if isinstance(content, bytes) else content.read_bytes())
    sources: list[Source] = []
    used_photos: set[str] = set()
    for shown, data in forms:
        lower = shown.lower()
        photo = None
        if lower.endswith(".lrm"):
            stem = lower[: -len(".lrm")]
            if stem in photos:
                photo = photos[stem][1]
                used_photos.add(stem)
        sources.append(Source(shown, data, photo))
    for stem, (shown, _data) in photos.items():
        if stem not in used_photos:
            errors.append(
                FileResult(shown, Status.ERROR).fail(
                    _("A .pic photo without the .lrm file of the same name; it was not read.")
                )
            )
    return sources, errors


def read_source(source: Source) -> LrmxDocument:
    if source.is_legacy:
        return read_lrm(source.data, source.photo)
    return read_lrmx(source.data)


# --- matching and comparing ------------------------------------------------------------


def _normalised_id(text: str) -> str | None:
    try:
        return IdNumber.parse(text).value
    except ValueError:
        return None


def _match(*, actor, values: CadreValues) -> Cadre | None:
    """The registry's cadre for a form: by ID number (anywhere: a number belongs to one
    person), else by name and birth among the actor's cadres without another number."""
    id_number = _normalised_id(values.data.get("id_number", ""))
    digest = keyed_hash(id_number) if id_number else None
    if digest:
        found = Cadre.objects.filter(id_number_hash=digest).only("pk", "unit").first()
        if found is not None:
            scoped = (
                Cadre.objects.filter(cadre_scope_q(actor), pk=found.pk)
                .select_related("unit")
                .first()
            )
            if scoped is None:
                raise LrmxError(
                    _(
                        "A cadre with this ID number is in the registry outside your scope; "
                        "ask the department that manages them."
                    ),
                    element="ShenFenZheng",
                )
            return scoped
    name = "".join(values.data["name"].split())
    candidates = list(
        Cadre.objects.filter(cadre_scope_q(actor), name=name, birth=values.data["birth"])
        .select_related("unit")
        .order_by("pk")[:3]
    )
    if digest:
        candidates = [c for c in candidates if c.id_number_hash in (None, digest)]
    if len(candidates) > 1:
        raise LrmxError(
            _(
                "Several cadres in your scope are called %(name)s and born %(birth)s; give the "
                "form an ID number (ShenFenZheng) so that it matches one."
            )
            % {"name": name, "birth": values.data["birth"]}
        )
    return candidates[0] if candidates else None


@dataclass
class Plan:
    """What writing one form changes."""

    data: dict[str, Any]
    photo: bytes | None  # the photo to store (None: keep the registry's)
    resume: list[dict[str, Any]]
    family: list[dict[str, Any]]
    resume_changed: bool
    family_changed: bool
    changes: list[str]


def _resume_rows(values: CadreValues) -> list[dict[str, Any]]:
    return [
        {
            "start": item.start,
            "end": item.end,
            "text": item.text,
            "is_sub_entry": item.is_sub_entry,
            "sort_order": index,
        }
        for index, item in enumerate(values.resume)
    ]


def _family_rows(values: CadreValues) -> list[dict[str, Any]]:
    return [{**member, "sort_order": index} for index, member in enumerate(values.family)]


RESUME_KEYS = ("start", "end", "text", "is_sub_entry")
FAMILY_KEYS = ("relation", "name", "birth", "political_status", "workplace")


def _resume_of(cadre: Cadre) -> list[ResumeEntry]:
    return list(cadre.resume_entries.order_by("sort_order", "start", "id"))


def _family_of(cadre: Cadre) -> list[FamilyMember]:
    return list(cadre.family_members.order_by("sort_order", "id"))


def _same_rows(records, rows, keys) -> bool:
    if len(records) != len(rows):
        return False
    return all(
        all(getattr(record, key) == row[key] for key in keys)
        for record, row in zip(records, rows, strict=True)
    )


def _photo_to_store(cadre: Cadre | None, photo: bytes | None) -> bytes | None:
    """The file's photo when it differs from the stored one, else None (keep)."""
    if not photo:
        return None
    stored = stored_photo(cadre) if cadre is not None else None
    if stored is None:
        return photo
    if stored == photo:
        return None
    try:
        normalised = normalise_photo(io.BytesIO(photo)).read()
    except ValidationError:
        return photo  # let the service report it
    return None if normalised == stored else photo


def _plan(cadre: Cadre | None, values: CadreValues) -> Plan:
    data = dict(values.data)
    data["name"] = "".join(data["name"].split())
    if not values.political_status_stated:
        if cadre is not None and cadre.political_status not in (
            PoliticalStatus.CPC_MEMBER,
            PoliticalStatus.CPC_PROBATIONARY,
        ):
            data.pop("political_status")
            data.pop("party_entry")
    resume = _resume_rows(values)
    family = _family_rows(values)
    photo = _photo_to_store(cadre, values.photo)
    if cadre is None:
        return Plan(data, photo, resume, family, bool(resume), bool(family), [])
    changed: dict[str, Any] = {}
    for key, value in data.items():
        current = getattr(cadre, key)
        if key == "id_number":
            if (_normalised_id(value) or value) != (current or ""):
                changed[key] = value
        elif (current if current is not None else "") != (value if value is not None else ""):
            changed[key] = value
    resume_changed = not _same_rows(_resume_of(cadre), resume, RESUME_KEYS)
    family_changed = not _same_rows(_family_of(cadre), family, FAMILY_KEYS)
    changes = []
    for key in changed:
        label = LABELS[FIELD_ELEMENTS[key]]
        if label not in changes:
            changes.append(label)
    if resume_changed:
        changes.append(LABELS["JianLi"])
    if family_changed:
        changes.append(LABELS[FAMILY])
    if photo is not None:
        changes.append(LABELS["ZhaoPian"])
    return Plan(changed, photo, resume, family, resume_changed, family_changed, changes)


# --- writing ---------------------------------------------------------------------------


def _field_messages(error: ValidationError, element_of: Callable[[str], str | None]) -> list[str]:
    messages = []
    if hasattr(error, "error_dict"):
        for name, items in error.message_dict.items():
            element = element_of(name)
            for message in items:
                messages.append(f"{element_label(element)}: {message}" if element else message)
    else:
        messages.extend(error.messages)
    return messages


def _cadre_element(name: str) -> str | None:
    return FIELD_ELEMENTS.get(name)


def _sync_resume(*, actor, cadre: Cadre, rows: list[dict[str, Any]]) -> None:
    existing = _resume_of(cadre)
    for index, row in enumerate(rows):
        entry = existing[index] if index < len(existing) else None
        if entry is not None and all(
            getattr(entry, key) == row[key] for key in (*RESUME_KEYS, "sort_order")
        ):
            continue
        try:
            resume_entry_save(actor=actor, cadre=cadre, data=row, entry=entry)
        except ValidationError as error:
            where = (
                f"{element_label('JianLi')}: {row['start']}--{row['end'] or ''} {row['text'][:20]}"
            )
            raise ValidationError(
                [f"{where}: {message}" for message in _field_messages(error, lambda name: None)]
            ) from None
    for entry in existing[len(rows) :]:
        child_delete(actor=actor, cadre=cadre, record=entry)


def _sync_family(*, actor, cadre: Cadre, rows: list[dict[str, Any]]) -> None:
    existing = _family_of(cadre)
    for index, row in enumerate(rows):
        member = existing[index] if index < len(existing) else None
        if member is not None and all(
            getattr(member, key) == row[key] for key in (*FAMILY_KEYS, "sort_order")
        ):
            continue
        try:
            family_member_save(actor=actor, cadre=cadre, data=row, member=member)
        except ValidationError as error:
            prefix = f"{FAMILY}/{FAMILY_ITEM}[{index + 1}]"
            raise ValidationError(
                _field_messages(
                    error,
                    lambda name, prefix=prefix: (
                        f"{prefix}/{FAMILY_FIELD_ELEMENTS[name]}"
                        if name in FAMILY_FIELD_ELEMENTS
                        else prefix
                    ),
                )
            ) from None
    for member in existing[len(rows) :]:
        child_delete(actor=actor, cadre=cadre, record=member)


def _write(*, actor, cadre: Cadre | None, plan: Plan, unit, store_photo: bool) -> Cadre:
    try:
        photo = None
        if plan.photo is not None and store_photo:
            photo = io.BytesIO(plan.photo)
        elif plan.photo is not None:
            normalise_photo(io.BytesIO(plan.photo))  # a preview validates the photo only
        if cadre is None:
            cadre = cadre_create(actor=actor, data={**plan.data, "unit": unit}, photo=photo)
        elif plan.data or photo is not None:
            cadre = cadre_update(actor=actor, cadre=cadre, data=plan.data, photo=photo)
    except ValidationError as error:
        raise ValidationError(_field_messages(error, _cadre_element)) from None
    if plan.resume_changed:
        _sync_resume(actor=actor, cadre=cadre, rows=plan.resume)
    if plan.family_changed:
        _sync_family(actor=actor, cadre=cadre, rows=plan.family)
    return cadre


class _Rollback(Exception):
    pass


def _identity(values: CadreValues) -> str:
    id_number = _normalised_id(values.data.get("id_number", ""))
    if id_number:
        return "id:" + keyed_hash(id_number)
    return f"name:{''.join(values.data['name'].split())}:{values.data['birth']}"


def _process(
    *,
    actor,
    sources: list[Source],
    errors: list[FileResult],
    unit,
    write: bool,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    results: list[FileResult] = []
    seen: dict[str, str] = {}
    for source in sources:
        result = FileResult(source.name, Status.ERROR)
        results.append(result)
        try:
            values = cadre_values_from_document(read_source(source))
            result.cadre_name = "".join(values.data["name"].split())
            result.warnings = values.warnings
            identity = _identity(values)
            if identity in seen:
                raise LrmxError(
                    _("The same person as in %(other)s; each person is imported once.")
                    % {"other": seen[identity]}
                )
            seen[identity] = source.name
            cadre = _match(actor=actor, values=values)
        except LrmxError as error:
            result.fail(str(error))
            continue
        finally:
            if progress is not None:
                progress(1)
        plan = _plan(cadre, values)
        if cadre is not None:
            result.cadre_id = cadre.pk
        if cadre is None and unit is None:
            result.fail(
                _("This person is new to the registry: choose the unit new cadres go into.")
            )
            continue
        if cadre is not None and not plan.changes:
            result.status = Status.UNCHANGED
            continue
        result.status = Status.NEW if cadre is None else Status.UPDATE
        result.changes = plan.changes
        try:
            with transaction.atomic():
                written = _write(actor=actor, cadre=cadre, plan=plan, unit=unit, store_photo=write)
                if not write:
                    raise _Rollback
            result.cadre_id = written.pk
        except _Rollback:
            pass
        except ValidationError as error:
            result.status = Status.ERROR
            result.changes = []
            result.errors.extend(error.messages)
        except IntegrityError:
            result.status = Status.ERROR
            result.changes = []
            result.errors.append(
                _("The form could not be saved: the registry changed meanwhile; try again.")
            )
    return ImportReport(results=[*errors, *results], applied=write)


def _check_actor(actor) -> None:
    if not actor.can_edit_registry:
        raise ValidationError({"__all__": _("Your role cannot change the registry.")})


def _check_unit(actor, unit) -> None:
    if unit is not None and not unit_in_scope(actor, unit):
        raise Http404


def lrmx_preview(
    *,
    actor,
    sources: list[Source],
    errors: list[FileResult] | None = None,
    unit=None,
    progress=None,
) -> ImportReport:
    """What importing ``sources`` would do, file by file; nothing is written."""
    _check_actor(actor)
    _check_unit(actor, unit)
    return _process(
        actor=actor, sources=sources, errors=errors or [], unit=unit, write=False, progress=progress
    )


def lrmx_apply(
    *,
    actor,
    sources: list[Source],
    errors: list[FileResult] | None = None,
    unit=None,
    progress=None,
) -> ImportReport:
    """Import the good files of ``sources`` in one transaction; the others are reported."""
    _check_actor(actor)
    _check_unit(actor, unit)
    with transaction.atomic():
        return _process(
            actor=actor,
            sources=sources,
            errors=errors or [],
            unit=unit,
            write=True,
            progress=progress,
        )


# --- staging between preview and apply --------------------------------------------------
# The uploads wait in GANSHI_DATA_DIR/tmp/lrmx/<token>/, encrypted with the field key
# (they hold ID numbers), beside a signed manifest naming the user, for a day at most.

SIGNING_SALT = "ganshi.interchange.lrmx-staging"


def staging_root() -> Path:
    return Path(settings.DATA_DIR) / "tmp" / "lrmx"


def _cipher() -> Fernet:
    return Fernet(settings.GANSHI_FIELD_KEY.encode("ascii"))


@dataclass
class Staged:
    token: str
    user_id: int
    unit_id: int | None
    names: list[str]
    directory: Path
    paths: list[str]
    created_at: str

    def files(self) -> list[tuple[str, bytes]]:
        """The uploads, decrypted; 404 when they are gone or were tampered with."""
        cipher = _cipher()
        result = []
        for name, stored in zip(self.names, self.paths, strict=True):
            try:
                result.append((name, cipher.decrypt((self.directory / stored).read_bytes())))
            except (OSError, InvalidToken):
                raise Http404 from None
        return result


def _purge_old(root: Path) -> None:
    if not root.exists():
        return
    cutoff = time.time() - STAGING_MAX_AGE
    for directory in root.iterdir():
        try:
            if directory.is_dir() and directory.stat().st_mtime < cutoff:
                shutil.rmtree(directory, ignore_errors=True)
        except OSError:
            continue


def _safe_name(name: str) -> str:
    return PurePosixPath((name or "").replace("\\", "/")).name[:200] or "file"


def lrmx_stage(*, actor, uploads, unit=None) -> Staged:
    """Keep ``uploads`` (Django uploaded files) for a preview and a later apply."""
    _check_actor(actor)
    _check_unit(actor, unit)
    uploads = list(uploads)
    if not uploads:
        raise ValidationError({"files": _("Choose one or more .lrmx, .lrm/.pic or .zip files.")})
    total = sum(upload.size for upload in uploads)
    if total > zip_max_bytes():
        raise ValidationError(
            {
                "files": _("The files come to %(size)s; the limit is %(limit)s.")
                % {"size": size_text(total), "limit": size_text(zip_max_bytes())}
            }
        )
    root = staging_root()
    _purge_old(root)
    token = secrets.token_urlsafe(18)
    directory = root / token
    directory.mkdir(parents=True, exist_ok=False)
    cipher = _cipher()
    entries = []
    for index, upload in enumerate(uploads):
        stored = f"{index:04d}.bin"
        content = b"".join(upload.chunks())
        (directory / stored).write_bytes(cipher.encrypt(content))
        entries.append({"name": _safe_name(upload.name), "path": stored})
    manifest = {
        "token": token,
        "user": actor.pk,
        "unit": unit.pk if unit is not None else None,
        "files": entries,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
    }
    (directory / "manifest").write_text(
        signing.dumps(manifest, salt=SIGNING_SALT), encoding="ascii"
    )
    return _staged(manifest, directory)


def _staged(manifest: dict[str, Any], directory: Path) -> Staged:
    return Staged(
        token=manifest["token"],
        user_id=manifest["user"],
        unit_id=manifest["unit"],
        names=[entry["name"] for entry in manifest["files"]],
        paths=[entry["path"] for entry in manifest["files"]],
        directory=directory,
        created_at=manifest["created_at"],
    )


def lrmx_staged_get(*, actor, token: str) -> Staged:
    """The staged upload ``token`` of ``actor``; 404 when missing, expired or another's."""
    if not token or len(token) > 64 or not all(char.isalnum() or char in "-_" for char in token):
        raise Http404
    directory = staging_root() / token
    try:
        signed = (directory / "manifest").read_text(encoding="ascii")
        manifest = signing.loads(signed, salt=SIGNING_SALT, max_age=STAGING_MAX_AGE)
    except (OSError, signing.BadSignature, json.JSONDecodeError, ValueError):
        raise Http404 from None
    if manifest.get("token") != token or manifest.get("user") != actor.pk:
        raise Http404
    return _staged(manifest, directory)


def lrmx_staged_discard(staged: Staged) -> None:
    shutil.rmtree(staged.directory, ignore_errors=True)


def lrmx_staged_run(*, actor, token: str, apply: bool) -> tuple[Staged, ImportReport]:
    """Preview (or, with ``apply``, import and then discard) the staged upload ``token``."""
    staged = lrmx_staged_get(actor=actor, token=token)
    unit = unit_get(actor=actor, pk=staged.unit_id) if staged.unit_id else None
    sources, errors = collect_sources(staged.files())
    run = lrmx_apply if apply else lrmx_preview
    report = run(actor=actor, sources=sources, errors=errors, unit=unit)
    if apply:
        lrmx_staged_discard(staged)
    return staged, report


__all__ = [
    "FileResult",
    "ImportReport",
    "Source",
    "Staged",
    "Status",
    "collect_sources",
    "lrmx_apply",
    "lrmx_preview",
    "lrmx_stage",
    "lrmx_staged_discard",
    "lrmx_staged_get",
    "lrmx_staged_run",
    "read_source",
]

"""Writes of the interchange app: roster imports (upload → preview → apply) and the
audit record of exports.

The import design (see ``roster_import.py`` for the engine):

- **Upload** (``import_batch_create``): the cheap checks run at once (size, type by magic
  bytes, zip bomb), so a refused file answers the form; the file is stored encrypted and
  a background task previews it.
- **Preview** (``import_batch_preview``, a task): every row judged, nothing written to the
  registry; the rows' outcomes kept as ``ImportRow`` for the preview table and the error
  report written.
- **Apply** (``import_batch_apply``, a task): the file judged again inside ONE transaction
  (the registry may have changed since the preview) and written with bulk inserts and
  updates; ``all-or-nothing`` rolls the whole transaction back when any row has an error,
  ``valid-rows`` keeps the good rows. Audit: one CREATE or UPDATE event per cadre
  written, exactly as ``cadre_create``/``cadre_update`` record them (so each cadre's
  history shows the import), plus one SYSTEM event for the batch (file name and counts);
  nothing is recorded when nothing changed, so importing a file twice leaves no trace
  in the registry the second time.

Progress is written to a small file beside the uploads rather than to the batch row:
the apply runs inside a transaction, whose writes no other connection can see until the
end.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ganshi.accounts.scopes import unit_in_scope
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record
from ganshi.cadres.models import Cadre
from ganshi.core.planner_statistics import STATISTICS_AFTER_ROWS, refresh_statistics
from ganshi.interchange.models import (
    ExportJob,
    ExportStatus,
    ImportBatch,
    ImportKind,
    ImportMode,
    ImportRow,
    ImportStatus,
    RowStatus,
)
from ganshi.interchange.roster_export import ErrorReportWriter, write_roster
from ganshi.interchange.roster_import import RosterImport, RosterSummary, RowResult
from ganshi.interchange.selectors import (
    import_unit_by_code,
    roster_export_count,
    roster_export_rows,
)
from ganshi.interchange.spreadsheets import (
    KIND_NAMES,
    SpreadsheetError,
    check_size,
    check_upload,
    kind_for_name,
)
from ganshi.orgs.models import Unit

logger = logging.getLogger(__name__)

ROW_BATCH_SIZE = 2000
UNEXPECTED = (
    "An unexpected error stopped the import; nothing was written. The error has been logged."
)


def _require_editor(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.can_edit_registry:
        raise ValidationError({"__all__": _("Your role cannot change the registry.")})


def _require_reader(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.can_read_registry:
        raise ValidationError({"__all__": _("Your role cannot read the registry.")})


def unit_for_code(*, actor, code: str) -> Unit:
    """The unit every row of a file goes to, by code, in the actor's scope."""
    unit = import_unit_by_code(actor=actor, code=code)
    if unit is None:
        raise ValidationError(
            {
                "unit": _("The unit “%(code)s” does not exist or is outside your scope.")
                % {"code": code}
            }
        )
    return unit


def _check_unit(actor, unit: Unit | None, errors: dict[str, list[str]]) -> None:
    if unit is not None and not (unit.is_active and unit_in_scope(actor, unit)):
        errors.setdefault("unit", []).append(
            _("This unit does not exist or is outside your scope.")
        )


# --- stored files (encrypted at rest) -----------------------------------------------------


def _fernet() -> Fernet:
    return Fernet(settings.GANSHI_FIELD_KEY.encode("ascii"))


def stored_file_save(field_file, content: bytes, *, suffix: str = ".bin") -> None:
    """Encrypt ``content`` into ``field_file`` under a random name (not the user's)."""
    token = _fernet().encrypt(content)
    field_file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(token), save=False)


def stored_file_bytes(field_file) -> bytes:
    with field_file.open("rb") as handle:
        token = handle.read()
    return _fernet().decrypt(token)


@contextlib.contextmanager
def stored_file_path(field_file, *, suffix: str) -> Iterator[Path]:
    """The decrypted file in a private temporary file, deleted afterwards."""
    handle, name = tempfile.mkstemp(suffix=suffix, prefix="ganshi-import-")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(stored_file_bytes(field_file))
        yield Path(name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


# --- progress -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    phase: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        if self.total <= 0:
            return 0
        return max(0, min(100, round(100 * self.done / self.total)))


def _progress_path(batch_id: int, folder: str = "imports") -> Path:
    return Path(settings.MEDIA_ROOT) / folder / "progress" / f"{batch_id}.json"


def progress_write(
    batch_id: int, *, phase: str, done: int, total: int, folder: str = "imports"
) -> None:
    path = _progress_path(batch_id, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
    os.replace(temporary, path)


def progress_read(batch: ImportBatch | ExportJob) -> Progress:
    folder = "exports" if isinstance(batch, ExportJob) else "imports"
    try:
        data = json.loads(_progress_path(batch.pk, folder).read_text())
    except (OSError, ValueError):
        return Progress(phase=batch.status, done=0, total=0)
    return Progress(
        phase=data.get("phase", ""), done=data.get("done", 0), total=data.get("total", 0)
    )


def import_batch_reconcile(batch: ImportBatch) -> ImportBatch:
    """A batch whose task has shown no progress for ``GANSHI_IMPORT_STALL_SECONDS``
    (default 30 minutes) is marked failed: no worker took it, or the worker stopped
    mid-way (an apply is one transaction, so nothing was written)."""
    if not batch.is_running:
        return batch
    limit = getattr(settings, "GANSHI_IMPORT_STALL_SECONDS", 1800)
    try:
        last = _progress_path(batch.pk).stat().st_mtime
    except OSError:
        last = batch.updated_at.timestamp()
    if time.time() - last < limit:
        return batch
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != batch.status:
            return locked
        if locked.status == ImportStatus.UPLOADED:
            message = _(
                "No task worker took this file up; ask the administrator to start "
                "“ganshi db_worker”, then upload the file again."
            )
        else:
            message = _(
                "The import stopped without finishing (its task worker was stopped); "
                "nothing was written. Upload the file again."
            )
        _fail(locked, message)
    return locked


# --- the import, for the command line and the tasks ----------------------------------------


class _RolledBack(Exception):
    def __init__(self, summary: RosterSummary) -> None:
        super().__init__("all-or-nothing import rolled back")
        self.summary = summary


def roster_import_run(
    *,
    actor,
    path,
    kind: str,
    unit: Unit | None = None,
    mode: str = ImportMode.VALID_ROWS,
    write: bool = False,
    on_rows: Callable[[list[RowResult]], None] | None = None,
    on_header: Callable[[RosterSummary], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    source_name: str = "",
    batch: ImportBatch | None = None,
) -> RosterSummary:
    """Judge a roster file and, with ``write``, import it in one transaction.

    Raises SpreadsheetError for a file that cannot be imported at all and
    ValidationError when the actor may not import."""
    _require_editor(actor)
    if mode not in ImportMode.values:
        raise ValidationError({"mode": _("Choose how to import: valid rows or all or nothing.")})
    importer = RosterImport(
        actor=actor,
        unit=unit,
        write=write,
        on_rows=on_rows,
        on_header=on_header,
        progress=progress,
    )
    if not write:
        return importer.run(path, kind)
    try:
        with transaction.atomic():
            summary = importer.run(path, kind)
            if mode == ImportMode.ALL_OR_NOTHING and summary.error:
                raise _RolledBack(summary)
            if summary.created or summary.updated:
                audit_record(
                    actor=actor,
                    action=AuditAction.SYSTEM,
                    object_type=ImportBatch._meta.label_lower,
                    object_id=batch.pk if batch is not None else "",
                    object_repr=_("Roster import: %(name)s") % {"name": source_name},
                    after={
                        "file": source_name,
                        "mode": str(mode),
                        "rows": summary.total,
                        "created": summary.created,
                        "updated": summary.updated,
                        "unchanged": summary.unchanged,
                        "errors": summary.error,
                    },
                )
            if summary.created >= STATISTICS_AFTER_ROWS:
                transaction.on_commit(refresh_statistics)
    except _RolledBack as rolled_back:
        summary = rolled_back.summary
        summary.created = summary.updated = 0
        summary.applied = False
        summary.rolled_back = True
    return summary


# --- batches: upload → preview → apply ---------------------------------------------------


def import_batch_create(
    *, actor, upload, unit: Unit | None = None, language: str = "", start: bool = True
) -> ImportBatch:
    """Store an uploaded roster and start its preview. ``upload``: a Django UploadedFile;
    ``unit``: the unit of every row (from a scoped selector), else each row's 工作单位.

    Raises ValidationError naming ``file`` or ``unit`` for a refused upload."""
    _require_editor(actor)
    errors: dict[str, list[str]] = {}
    _check_unit(actor, unit, errors)
    name = os.path.basename(upload.name or "")
    kind = ""
    content = b""
    try:
        kind = kind_for_name(name)
        check_size(upload.size)
        with tempfile.NamedTemporaryFile(
            suffix=KIND_NAMES[kind], prefix="ganshi-upload-"
        ) as temporary:
            for chunk in upload.chunks():
                temporary.write(chunk)
            temporary.flush()
            check_upload(temporary.name, name)
            temporary.seek(0)
            content = temporary.read()
    except SpreadsheetError as error:
        errors.setdefault("file", []).append(error.message)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        batch = ImportBatch(
            kind=ImportKind.ROSTER,
            created_by=actor,
            unit=unit,
            original_name=name[:255],
            file_kind=kind,
            size_bytes=len(content),
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
        )
        stored_file_save(batch.upload, content)
        batch.save()
    progress_write(batch.pk, phase=ImportStatus.UPLOADED, done=0, total=0)
    if start:
        _enqueue(batch, "preview")
    return batch


def _enqueue(batch: ImportBatch, step: str) -> None:
    from ganshi.interchange.tasks import roster_apply_task, roster_preview_task

    task = roster_preview_task if step == "preview" else roster_apply_task
    result = task.enqueue(batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])


class _Collector:
    """Receives a run's row results: keeps them as ImportRows (at once for a preview,
    after the transaction for an apply) and writes the error report."""

    def __init__(self, batch: ImportBatch, *, buffer: bool) -> None:
        self.batch = batch
        self.buffer = buffer
        self.pending: list[ImportRow] = []
        self.header_rows: list[list[Any]] = []
        self.report: ErrorReportWriter | None = None

    def on_header(self, summary: RosterSummary) -> None:
        self.header_rows = summary.header_rows

    def on_rows(self, results: list[RowResult]) -> None:
        rows = [
            ImportRow(
                batch_id=self.batch.pk,
                position=result.row_number,
                status=result.status,
                name=result.name[:100],
                unit_name=result.unit_name[:200],
                messages=[
                    {"column": column, "message": message} for column, message in result.errors
                ],
                changes=result.changes,
                cadre_id=result.cadre_id,
            )
            for result in results
        ]
        if self.buffer:
            self.pending.extend(rows)
        else:
            ImportRow.objects.bulk_create(rows, batch_size=ROW_BATCH_SIZE)
        for result in results:
            if result.errors:
                if self.report is None:
                    self.report = ErrorReportWriter(self.header_rows)
                self.report.add(result)

    def store_rows(self, *, rolled_back: bool) -> None:
        """Replace the preview's rows with the apply's (a rolled-back run created nothing)."""
        if rolled_back:
            for row in self.pending:
                if row.status == RowStatus.NEW:
                    row.cadre_id = None
        with transaction.atomic():
            ImportRow.objects.filter(batch_id=self.batch.pk).delete()
            ImportRow.objects.bulk_create(self.pending, batch_size=ROW_BATCH_SIZE)
        self.pending = []

    def save_report(self) -> None:
        if self.batch.error_report:
            self.batch.error_report.delete(save=False)
        if self.report is None or not self.report.count:
            self.batch.error_report = ""
            return
        with tempfile.TemporaryFile() as output:
            self.report.save(output)
            output.seek(0)
            stored_file_save(self.batch.error_report, output.read(), suffix=".bin")


def _progress_callback(batch: ImportBatch, phase: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        progress_write(batch.pk, phase=phase, done=done, total=total)

    return report


def _apply_counts(batch: ImportBatch, summary: RosterSummary) -> None:
    batch.total_rows = summary.total
    batch.new_count = summary.new
    batch.update_count = summary.update
    batch.unchanged_count = summary.unchanged
    batch.error_count = summary.error
    batch.columns = summary.columns
    batch.ignored_columns = summary.ignored_columns


def _fail(batch: ImportBatch, message: str) -> None:
    batch.status = ImportStatus.FAILED
    batch.message = message
    batch.save(update_fields=["status", "message", "updated_at"])


def import_batch_preview(*, batch_id: int) -> None:
    """Judge every row of a stored upload; nothing written to the registry (a task)."""
    batch = ImportBatch.objects.select_related("created_by", "unit").filter(pk=batch_id).first()
    if batch is None or batch.status not in (ImportStatus.UPLOADED, ImportStatus.PREVIEWING):
        return
    batch.status = ImportStatus.PREVIEWING
    batch.save(update_fields=["status", "updated_at"])
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        ImportRow.objects.filter(batch=batch).delete()
        collector = _Collector(batch, buffer=False)
        try:
            with stored_file_path(batch.upload, suffix=KIND_NAMES[batch.file_kind]) as path:
                result = roster_import_run(
                    actor=batch.created_by,
                    path=path,
                    kind=batch.file_kind,
                    unit=batch.unit,
                    on_rows=collector.on_rows,
                    on_header=collector.on_header,
                    progress=_progress_callback(batch, ImportStatus.PREVIEWING),
                )
        except SpreadsheetError as error:
            ImportRow.objects.filter(batch=batch).delete()
            _fail(batch, error.message)
            return
        except ValidationError as error:
            ImportRow.objects.filter(batch=batch).delete()
            _fail(batch, " ".join(error.messages))
            return
        except Exception:
            logger.exception("roster preview of batch %s failed", batch_id)
            ImportRow.objects.filter(batch=batch).delete()
            _fail(batch, _(UNEXPECTED))
            return
        collector.save_report()
    _apply_counts(batch, result)
    batch.status = ImportStatus.PREVIEWED
    batch.previewed_at = timezone.now()
    batch.message = ""
    batch.save()
    progress_write(batch.pk, phase=ImportStatus.PREVIEWED, done=1, total=1)


def import_batch_apply_start(*, actor, batch: ImportBatch, mode: str) -> ImportBatch:
    """Start importing a previewed batch (the batch must come from a scoped selector)."""
    _require_editor(actor)
    if mode not in ImportMode.values:
        raise ValidationError({"mode": _("Choose how to import: valid rows or all or nothing.")})
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.created_by_id != actor.pk:
            raise ValidationError({"__all__": _("This import belongs to another user.")})
        if locked.status != ImportStatus.PREVIEWED:
            raise ValidationError(
                {
                    "__all__": _("This file cannot be imported now: it is “%(status)s”.")
                    % {"status": locked.get_status_display()}
                }
            )
        locked.status = ImportStatus.APPLYING
        locked.mode = mode
        locked.save(update_fields=["status", "mode", "updated_at"])
    progress_write(batch.pk, phase=ImportStatus.APPLYING, done=0, total=0)
    _enqueue(locked, "apply")
    locked.refresh_from_db()
    return locked


def import_batch_apply(*, batch_id: int) -> None:
    """Import a previewed batch in one transaction (a task)."""
    batch = ImportBatch.objects.select_related("created_by", "unit").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportStatus.APPLYING:
        return
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        collector = _Collector(batch, buffer=True)
        try:
            with stored_file_path(batch.upload, suffix=KIND_NAMES[batch.file_kind]) as path:
                summary = roster_import_run(
                    actor=batch.created_by,
                    path=path,
                    kind=batch.file_kind,
                    unit=batch.unit,
                    mode=batch.mode,
                    write=True,
                    on_rows=collector.on_rows,
                    on_header=collector.on_header,
                    progress=_progress_callback(batch, ImportStatus.APPLYING),
                    source_name=batch.original_name,
                    batch=batch,
                )
        except SpreadsheetError as error:
            _fail(batch, error.message)
            return
        except ValidationError as error:
            _fail(batch, " ".join(error.messages))
            return
        except Exception:
            logger.exception("roster import of batch %s failed", batch_id)
            _fail(batch, _(UNEXPECTED))
            return
        collector.store_rows(rolled_back=summary.rolled_back)
        collector.save_report()
        _apply_counts(batch, summary)
        batch.created_count = summary.created
        batch.updated_count = summary.updated
        if summary.rolled_back:
            batch.message = _(
                "Nothing was imported: %(count)s rows have errors and the file was imported "
                "“all or nothing”. Fix the rows in the error report and import the whole file again."
            ) % {"count": summary.error}
        else:
            batch.message = ""
    batch.status = ImportStatus.APPLIED
    batch.applied_at = timezone.now()
    batch.save()
    progress_write(batch.pk, phase=ImportStatus.APPLIED, done=1, total=1)


# --- exports --------------------------------------------------------------------------------


@transaction.atomic
def roster_export_record(*, actor, rows: int, sensitive: bool, filters: dict[str, Any]) -> None:
    """One EXPORT event for a roster export (``sensitive``: ID numbers, phones and
    addresses written in clear)."""
    if sensitive and not actor.can_see_sensitive:
        raise ValidationError({"__all__": _("Your role cannot see sensitive fields.")})
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=Cadre._meta.label_lower,
        object_repr=_("Cadre roster"),
        after={"rows": rows, "sensitive": sensitive, "filters": filters, "format": "xlsx"},
    )


def roster_export_write(
    *, actor, filters, output, filter_summary: dict[str, Any], progress=None
) -> int:
    """Write the filtered roster the actor sees to ``output`` (masked unless the role may
    see sensitive fields) and record the export. Returns the number of cadres."""
    _require_reader(actor)
    sensitive = bool(actor.can_see_sensitive)
    count = write_roster(
        roster_export_rows(actor=actor, filters=filters),
        masked=not sensitive,
        output=output,
        progress=progress,
    )
    roster_export_record(actor=actor, rows=count, sensitive=sensitive, filters=filter_summary)
    return count


def roster_export_sync_limit() -> int:
    """Lists up to this many cadres are written during the request; longer ones by a
    background task (a request has a time limit; see docs/deploy.md)."""
    return getattr(settings, "GANSHI_EXPORT_SYNC_ROWS", 20_000)


def roster_export_start(*, actor, parameters: dict[str, Any], language: str = "") -> ExportJob:
    """Queue the export of the list the cadre-list ``parameters`` select (checked by the
    caller with ``RosterExportForm``)."""
    _require_reader(actor)
    job = ExportJob.objects.create(
        created_by=actor,
        parameters=parameters,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    progress_write(job.pk, phase=ExportStatus.QUEUED, done=0, total=0, folder="exports")
    from ganshi.interchange.tasks import roster_export_task

    result = roster_export_task.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def roster_export_run(*, job_id: int) -> None:
    """Write a queued export (a task): the file stored encrypted, the EXPORT audit event."""
    from ganshi.interchange.forms import RosterExportForm

    job = ExportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status != ExportStatus.QUEUED:
        return
    actor = job.created_by
    job.status = ExportStatus.RUNNING
    job.save(update_fields=["status"])
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            form = RosterExportForm(job.parameters, actor=actor)
            if not form.is_valid():
                raise ValidationError([item["message"] for item in form.error_list()])
            filters = form.filters()
            total = roster_export_count(actor=actor, filters=filters)
            done = [0]

            def progress(count: int) -> None:
                done[0] += count
                progress_write(
                    job.pk, phase=ExportStatus.RUNNING, done=done[0], total=total, folder="exports"
                )

            with tempfile.TemporaryFile(prefix="ganshi-export-") as output:
                count = roster_export_write(
                    actor=actor,
                    filters=filters,
                    output=output,
                    filter_summary=form.summary(),
                    progress=progress,
                )
                output.seek(0)
                stored_file_save(job.file, output.read())
        except ValidationError as error:
            job.status = ExportStatus.FAILED
            job.message = " ".join(error.messages)
            job.save(update_fields=["status", "message"])
            return
        except Exception:
            logger.exception("roster export %s failed", job_id)
            job.status = ExportStatus.FAILED
            job.message = _("An unexpected error stopped the export. The error has been logged.")
            job.save(update_fields=["status", "message"])
            return
    job.status = ExportStatus.DONE
    job.row_count = count
    job.finished_at = timezone.now()
    job.save()
    progress_write(job.pk, phase=ExportStatus.DONE, done=count, total=count, folder="exports")

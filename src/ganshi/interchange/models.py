"""Import batches: an uploaded file on its way from upload to preview to apply.

``ImportBatch`` is generic: ``kind`` says what the file is (a roster, .lrmx forms …), so
every importer of this app shares the upload → preview → apply life cycle, the status
page, the progress bar and the error report. An importer adds its kind to ``ImportKind``
and keeps one ``ImportRow`` per item it judged (a roster row, an .lrmx file in a zip).

The stored upload and the error report hold ID numbers in clear, so both are stored
encrypted (see ``services.stored_file_write``) and are decrypted only while a task reads
them or a user downloads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ROSTER = "roster", _("Cadre roster")
    LRMX = "lrmx", _("Appointment and removal forms (.lrmx)")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    PREVIEWING = "previewing", _("Checking")
    PREVIEWED = "previewed", _("Checked, ready to import")
    APPLYING = "applying", _("Importing")
    APPLIED = "applied", _("Imported")
    FAILED = "failed", _("Failed")


# Statuses during which a task is working on the batch.
RUNNING_STATUSES = (ImportStatus.UPLOADED, ImportStatus.PREVIEWING, ImportStatus.APPLYING)


class ImportMode(models.TextChoices):
    VALID_ROWS = "valid-rows", _("Import the valid rows, return the others")
    ALL_OR_NOTHING = "all-or-nothing", _("Import nothing if any row has an error")


class RowStatus(models.TextChoices):
    NEW = "new", _("New")
    UPDATE = "update", _("Update")
    UNCHANGED = "unchanged", _("Unchanged")
    ERROR = "error", _("Error")


class ImportBatch(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    mode = models.CharField(
        _("mode"), max_length=20, choices=ImportMode.choices, default=ImportMode.VALID_ROWS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit for every row"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    original_name = models.CharField(_("file name"), max_length=255)
    file_kind = models.CharField(_("file type"), max_length=10, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size"), default=0)
    upload = models.FileField(_("stored upload"), upload_to="imports/%Y/%m/", blank=True)
    error_report = models.FileField(_("error report"), upload_to="imports/%Y/%m/", blank=True)
    # The interface language of the upload: a task writes its messages in it.
    language = models.CharField(max_length=10, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # What the file held, once checked.
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    update_count = models.PositiveIntegerField(_("updates"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # What the import wrote.
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    # The recognised columns: [{"title": "出生日期", "field": "birth"}, …] and the others.
    columns = models.JSONField(default=list, blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    previewed_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["created_by", "kind", "id"], name="interchange_batch_user_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES


class ImportRow(models.Model):
    """One judged item of a batch: a row of a roster (``position`` is its Excel row number)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(_("row"))
    status = models.CharField(_("status"), max_length=12, choices=RowStatus.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    unit_name = models.CharField(_("unit"), max_length=200, blank=True)
    # [{"column": "身份证号", "message": "…"}, …]
    messages = models.JSONField(default=list, blank=True)
    # The titles of the columns an update changes.
    changes = models.JSONField(default=list, blank=True)
    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["batch_id", "position"]
        indexes = [
            models.Index(fields=["batch", "position"], name="interchange_row_position_idx"),
            models.Index(fields=["batch", "status", "position"], name="interchange_row_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.position} {self.status}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Writing")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """A roster export too long to write during one request: a background task writes it
    (stored encrypted: it may hold ID numbers in clear) for its user to download."""

    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The cadre list's GET parameters, as sent.
    parameters = models.JSONField(default=dict, blank=True)
    expected_rows = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    language = models.CharField(max_length=10, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"export #{self.pk} {self.status}"

    @property
    def is_running(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

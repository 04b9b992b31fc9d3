"""The assignment list as an .xlsx workbook (openpyxl write-only: rows streamed)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ganshi.cadres.selectors import age_of
from ganshi.core.year_month import YearMonth
from ganshi.practice.models import Assignment


def sheet_title() -> str:
    return pgettext("practice", "Front-line assignments")


def headers() -> list[str]:
    return [
        _("Name"),
        _("Unit"),
        pgettext("practice", "Birth"),
        _("Age"),
        pgettext("practice", "Programme"),
        pgettext("practice", "Year"),
        pgettext("practice", "Batch"),
        pgettext("practice", "Host"),
        pgettext("practice", "Post held"),
        pgettext("practice", "Mentor"),
        pgettext("practice", "Start date"),
        pgettext("practice", "Planned end date"),
        pgettext("practice", "Actual end date"),
        _("Status"),
        pgettext("practice", "Outcome"),
    ]


def write_assignments(rows: Iterable[Assignment], *, output: IO[bytes]) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title())
    bold = Font(bold=True)
    header_cells = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    at = YearMonth.today()
    written = 0
    for assignment in rows:
        cadre = assignment.cadre
        sheet.append(
            [
                cadre.name,
                cadre.unit.name,
                str(cadre.birth) if cadre.birth else "",
                age_of(cadre.birth, at),
                assignment.batch.programme.name,
                assignment.batch.year,
                assignment.batch.name,
                assignment.host,
                assignment.post,
                assignment.mentor,
                assignment.start,
                assignment.planned_end,
                assignment.actual_end,
                assignment.get_status_display(),
                assignment.get_outcome_display(),
            ]
        )
        written += 1
    workbook.save(output)
    return written

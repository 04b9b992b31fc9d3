"""The dashboard's figures as an .xlsx workbook: a summary sheet and one sheet per dimension."""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ganshi.web.dashboard import Dashboard, Row

SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" {number}"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


def _write_sheet(
    workbook: Workbook, used: set[str], title: str, heading: str, rows: list[Row], total: int | None
):
    bold = Font(bold=True)
    sheet = workbook.create_sheet(_sheet_title(title, used))
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 12
    sheet.append([_cell(sheet, heading, bold)])
    sheet.append(
        [_cell(sheet, text, bold) for text in (_("Category"), _("Count"), _("Percentage (%)"))]
    )
    for row in rows:
        label = f"  {_('of which')} {row.label}" if row.is_detail else row.label
        sheet.append([label, row.count, row.percent])
    if total is not None:
        sheet.append(
            [
                _cell(sheet, _("Total"), bold),
                _cell(sheet, total, bold),
                _cell(sheet, 100.0 if total else 0.0, bold),
            ]
        )


def _cell(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def dashboard_workbook(dashboard: Dashboard, *, heading: str) -> bytes:
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    _write_sheet(workbook, used, _("Summary"), heading, dashboard.headline, None)
    for dimension in dashboard.dimensions:
        _write_sheet(
            workbook,
            used,
            dimension.title,
            f"{heading} · {dimension.title}",
            dimension.rows,
            dashboard.total,
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

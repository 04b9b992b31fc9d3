"""Excel workbooks of training (openpyxl write-only): the compliance list and the figures."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ganshi.training.rules import hours_label as whole_or_tenths
from ganshi.training.selectors import Figures

BOLD = Font(bold=True)


def _bold(sheet, values: Iterable) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = BOLD
        cells.append(cell)
    return cells


def compliance_workbook(rows: Iterable, *, heading: str, output) -> int:
    """One row per cadre: unit, name, level, requirement, hours, shortfall."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Credit hours"))
    for column, width in zip("ABCDEFGH", (28, 10, 22, 14, 12, 14, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append(_bold(sheet, [heading]))
    sheet.append(
        _bold(
            sheet,
            [
                _("Unit"),
                _("Name"),
                _("Leadership level"),
                _("Requirement"),
                _("Hours this year"),
                _("Hours in five years"),
                _("Hours short"),
                _("Met"),
            ],
        )
    )
    written = 0
    for cadre in rows:
        sheet.append(
            [
                cadre.unit.name,
                cadre.name,
                str(cadre.get_leadership_level_display()),
                (_("%(hours)s in five years") if cadre.is_senior else _("%(hours)s a year"))
                % {"hours": whole_or_tenths(cadre.required)},
                float(cadre.hours_year),
                float(cadre.hours_span),
                float(cadre.shortfall),
                _("Yes") if not cadre.shortfall else _("No"),
            ]
        )
        written += 1
    workbook.save(output)
    return written


def figures_workbook(figures: Figures, *, heading: str) -> bytes:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Summary"))
    summary.column_dimensions["A"].width = 30
    summary.append(_bold(summary, [heading]))
    summary.append([_("Classes"), figures.classes])
    summary.append([_("Person-times"), figures.person_times])
    summary.append([_("People trained"), figures.people])
    township = figures.township_coverage
    summary.append([_("Coverage of section-level leaders (%)"), township.percent])
    for title, rows in (
        (_("By kind"), figures.by_kind),
        (_("By unit"), figures.by_unit),
        (_("By month"), figures.by_month),
    ):
        sheet = workbook.create_sheet(title)
        sheet.column_dimensions["A"].width = 30
        sheet.append(_bold(sheet, [f"{heading} · {title}"]))
        sheet.append(_bold(sheet, [title, _("Classes"), _("Person-times")]))
        for row in rows:
            sheet.append([row.label, row.classes, row.person_times])
        sheet.append(
            _bold(
                sheet,
                [
                    _("Total"),
                    sum(row.classes for row in rows),
                    sum(row.person_times for row in rows),
                ],
            )
        )
    sheet = workbook.create_sheet(_("Coverage"))
    sheet.column_dimensions["A"].width = 30
    sheet.append(_bold(sheet, [f"{heading} · {_('Coverage')}"]))
    sheet.append(_bold(sheet, [_("Level"), _("Cadres counted"), _("Trained"), _("Coverage (%)")]))
    for row in figures.coverage:
        sheet.append([row.label, row.cadres, row.trained, row.percent])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The practice figures as rows (label, person-times, distinct cadres, share, link to the
assignments behind it), for the charts (``web/static/ganshi/dashboard.js``), the tables
and the .xlsx export."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ganshi.practice.choices import ProgrammeKind
from ganshi.practice.selectors import SENT, FigureFilters, PracticeFigures


@dataclass(frozen=True)
class Row:
    label: str
    person_times: int
    cadres: int
    percent: float
    href: str


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    chart: str  # "bar" or "hbar" (dashboard.js)
    rows: list[Row]

    def chart_data(self) -> dict:
        return {
            "key": self.key,
            "chart": self.chart,
            "rows": [
                {
                    "name": row.label,
                    "value": row.person_times,
                    "percent": row.percent,
                    "href": row.href,
                }
                for row in self.rows
            ],
        }


@dataclass(frozen=True)
class Headline:
    label: str
    value: int
    note: str
    href: str


@dataclass(frozen=True)
class FiguresPage:
    headline: list[Headline]
    tables: list[Table]
    person_times: int
    cadres: int

    def chart_data(self) -> list[dict]:
        return [table.chart_data() for table in self.tables if table.rows]


def percent(count: int, total: int) -> float:
    return round(count * 100 / total, 1) if total else 0.0


class _Links:
    """Links to the assignment list: the figure's own filter and the page's filters."""

    def __init__(self, filters: FigureFilters):
        self.base = reverse("practice:assignment_list")
        self.scope: dict = {"status": SENT}
        if filters.year is not None:
            self.scope["year"] = filters.year
        if filters.unit is not None:
            self.scope["unit"] = filters.unit.pk

    def __call__(self, **params) -> str:
        return f"{self.base}?{urlencode({**self.scope, **params})}"


def build_figures(figures: PracticeFigures, *, filters: FigureFilters) -> FiguresPage:
    link = _Links(filters)
    total = figures.person_times
    by_programme = Table(
        "programme",
        pgettext("practice", "Sent per programme"),
        "hbar",
        [
            Row(
                item.label,
                item.person_times,
                item.cadres,
                percent(item.person_times, total),
                link(programme=item.key),
            )
            for item in figures.by_programme
        ],
    )
    by_year = Table(
        "year",
        pgettext("practice", "Sent per year"),
        "bar",
        [
            Row(
                item.label,
                item.person_times,
                item.cadres,
                percent(item.person_times, total),
                link(year=item.key),
            )
            for item in figures.by_year
        ],
    )
    by_batch = Table(
        "batch",
        pgettext("practice", "Sent per batch"),
        "hbar",
        [
            Row(
                item.label,
                item.person_times,
                item.cadres,
                percent(item.person_times, total),
                link(batch=item.key),
            )
            for item in figures.by_batch
        ],
    )
    headline = [
        Headline(
            pgettext("practice", "Cadres sent to the five front lines"),
            figures.front_line_cadres,
            pgettext("practice", "%(count)s person-times")
            % {"count": figures.front_line_person_times},
            link(kind=ProgrammeKind.FRONT_LINE),
        ),
        Headline(
            pgettext("practice", "Cadres sent, all programmes"),
            figures.cadres,
            pgettext("practice", "%(count)s person-times") % {"count": figures.person_times},
            link(),
        ),
    ]
    return FiguresPage(
        headline=headline,
        tables=[by_programme, by_year, by_batch],
        person_times=figures.person_times,
        cadres=figures.cadres,
    )


def _cell(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def figures_workbook(page: FiguresPage, *, heading: str) -> bytes:
    """A summary sheet and one sheet per table (write-only)."""
    bold = Font(bold=True)
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Summary"))
    summary.column_dimensions["A"].width = 36
    summary.append([_cell(summary, heading, bold)])
    summary.append(
        [
            _cell(summary, text, bold)
            for text in (
                pgettext("practice", "Figure"),
                pgettext("practice", "Number of cadres"),
                pgettext("practice", "Note"),
            )
        ]
    )
    for item in page.headline:
        summary.append([item.label, item.value, item.note])
    for table in page.tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.column_dimensions["A"].width = 40
        sheet.append([_cell(sheet, f"{heading} · {table.title}", bold)])
        sheet.append(
            [
                _cell(sheet, text, bold)
                for text in (
                    _("Category"),
                    pgettext("practice", "Person-times"),
                    pgettext("practice", "Number of cadres"),
                    _("Percentage (%)"),
                )
            ]
        )
        for row in table.rows:
            sheet.append([row.label, row.person_times, row.cadres, row.percent])
        sheet.append(
            [
                _cell(sheet, _("Total"), bold),
                _cell(sheet, page.person_times, bold),
                _cell(sheet, page.cadres, bold),
                _cell(sheet, 100.0 if page.person_times else 0.0, bold),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

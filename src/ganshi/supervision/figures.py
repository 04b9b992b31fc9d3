"""The supervision figures as rows (label, count, share, link to the records behind it),
for the charts (``web/static/ganshi/dashboard.js``), the tables and the .xlsx export."""

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

from ganshi.supervision.choices import (
    OUTCOME_STATUSES,
    CaseStatus,
    Channel,
    DocumentStatus,
    LeniencyDecision,
    PublicityScope,
    TalkKind,
)
from ganshi.supervision.selectors import AGE_KEYS, RegisterFigures


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: float
    href: str


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    chart: str  # "bar", "hbar" or "pie" (dashboard.js)
    rows: list[Row]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    def chart_data(self) -> dict:
        return {
            "key": self.key,
            "chart": self.chart,
            "rows": [
                {"name": row.label, "value": row.count, "percent": row.percent, "href": row.href}
                for row in self.rows
            ],
        }


@dataclass(frozen=True)
class Headline:
    label: str
    value: int
    href: str


@dataclass(frozen=True)
class FiguresPage:
    headline: list[Headline]
    tables: list[Table]

    def chart_data(self) -> list[dict]:
        return [table.chart_data() for table in self.tables if table.total]


def _link(name: str, **params) -> str:
    base = reverse(name)
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def _table(key, title, chart, counts: dict, choices, name: str, param: str, **extra) -> Table:
    total = sum(counts.get(value, 0) for value, _label in choices)
    return Table(
        key,
        title,
        chart,
        [
            Row(
                str(label),
                counts.get(value, 0),
                round(counts.get(value, 0) * 100 / total, 1) if total else 0.0,
                _link(name, **{param: value}, **extra),
            )
            for value, label in choices
        ],
    )


def build_figures(
    reports: dict, registers: RegisterFigures | None, *, year: int | None
) -> FiguresPage:
    """``reports``: ``report_figures`` of the cases the actor sees; ``registers``: the
    register counts (None when the actor sees no registers)."""
    cases = "supervision:case_list"
    tables = [
        _table(
            "channel",
            pgettext("supervision", "Reports by channel"),
            "pie",
            reports["by_channel"],
            Channel.choices,
            cases,
            "channel",
        ),
        _table(
            "status",
            pgettext("supervision", "Reports by status"),
            "hbar",
            reports["by_status"],
            CaseStatus.choices,
            cases,
            "status",
        ),
        _table(
            "outcome",
            pgettext("supervision", "Preliminary checks by outcome"),
            "bar",
            reports["by_outcome"],
            [(value, CaseStatus(value).label) for value in OUTCOME_STATUSES],
            cases,
            "outcome",
        ),
        _table(
            "age",
            pgettext("supervision", "Open reports by days since receipt"),
            "bar",
            reports["by_age"],
            [
                (key, key.replace("-", "–") if not key.endswith("-") else key[:-1] + "+")
                for key in AGE_KEYS
            ],
            cases,
            "age",
        ),  # fmt: skip
    ]
    headline: list[Headline] = []
    if registers is not None:
        leniency = "supervision:leniency_list"
        tables += [
            _table(
                "exoneration",
                pgettext("supervision", "Names cleared, by where made public"),
                "bar",
                registers.exonerations_by_scope,
                PublicityScope.choices,
                "supervision:exoneration_list",
                "scope",
            ),
            _table(
                "leniency",
                pgettext("supervision", "Fault-tolerance decisions"),
                "bar",
                registers.leniency_by_decision,
                LeniencyDecision.choices,
                leniency,
                "decision",
                status="decided",
            ),
            _table(
                "talks",
                pgettext("supervision", "Talks and inquiry letters by kind"),
                "bar",
                registers.talks_by_kind,
                TalkKind.choices,
                "supervision:talk_list",
                "kind",
                year=year,
            ),
            _table(
                "documents",
                pgettext("supervision", "Travel documents by status"),
                "pie",
                registers.documents_by_status,
                DocumentStatus.choices,
                "supervision:document_list",
                "status",
            ),
        ]
        headline = [
            Headline(
                pgettext("supervision", "Cadres whose names were cleared"),
                registers.cleared_cadres,
                reverse("supervision:exoneration_list"),
            ),
            Headline(
                pgettext("supervision", "Cadres exempted (免责)"),
                registers.exempted_cadres,
                _link(leniency, status="decided", decision=LeniencyDecision.EXEMPTION),
            ),
            Headline(
                pgettext("supervision", "Talked-to or admonished, kept eligible for promotion"),
                registers.kept_eligible_after_talk,
                _link(leniency, status="decided"),
            ),
            Headline(
                pgettext("supervision", "Cleared for commendations"),
                registers.cleared_for_commendation,
                _link(leniency, status="decided"),
            ),
            Headline(
                pgettext("supervision", "Documents in custody"),
                registers.documents_by_status.get(DocumentStatus.IN_CUSTODY, 0),
                _link("supervision:document_list", status=DocumentStatus.IN_CUSTODY),
            ),
            Headline(
                pgettext("supervision", "Documents on loan"),
                registers.documents_by_status.get(DocumentStatus.ON_LOAN, 0),
                _link("supervision:document_list", status=DocumentStatus.ON_LOAN),
            ),
        ]
    return FiguresPage(headline=headline, tables=tables)


def _cell(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def figures_workbook(page: FiguresPage, *, heading: str) -> bytes:
    """A summary sheet and one sheet per table (write-only)."""
    bold = Font(bold=True)
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Summary"))
    summary.column_dimensions["A"].width = 44
    summary.append([_cell(summary, heading, bold)])
    for item in page.headline:
        summary.append([item.label, item.value])
    for table in page.tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.column_dimensions["A"].width = 36
        sheet.append([_cell(sheet, f"{heading} · {table.title}", bold)])
        sheet.append(
            [
                _cell(sheet, text, bold)
                for text in (_("Category"), pgettext("supervision", "Count"), _("Percentage (%)"))
            ]
        )
        for row in table.rows:
            sheet.append([row.label, row.count, row.percent])
        sheet.append(
            [
                _cell(sheet, _("Total"), bold),
                _cell(sheet, table.total, bold),
                _cell(sheet, 100.0 if table.total else 0.0, bold),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

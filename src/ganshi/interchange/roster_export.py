"""Writing rosters: the streamed 花名册 export and the error report of an import.

Both use openpyxl's write-only mode: rows go to a temporary file as they are appended,
so a 500,000-row export holds one row in memory, not 500,000. The column titles are the
standard Chinese ones (data, not interface text) and are exactly the titles the import
recognises, so an export read back by the import changes nothing.

Text cells are written as text even when they start with ``=``: a value typed into a
form must never become a formula in somebody's Excel.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ganshi.cadres.choices import Gender, Rank
from ganshi.cadres.models import Cadre
from ganshi.core.code_tables import ETHNICITY_CHOICES, Degree, Education, PoliticalStatus
from ganshi.core.id_numbers import mask_id_number
from ganshi.core.masks import mask_address, mask_phone
from ganshi.core.year_month import YearMonth
from ganshi.interchange.columns import (
    AGE_TITLE,
    CATEGORY_TITLES,
    COLUMNS_BY_FIELD,
    ERROR_REASON_TITLE,
    LEADERSHIP_LEVEL_TITLE,
    ORIGINAL_ROW_TITLE,
    SEQUENCE_TITLE,
    rank_title,
)
from ganshi.interchange.roster_import import RowResult
from ganshi.orgs.models import LeadershipLevel

SHEET_TITLE = "干部花名册"
REPORT_SHEET_TITLE = "错误报告"
GENDER_TEXT = {Gender.MALE: "男", Gender.FEMALE: "女"}
LEADERSHIP_TEXT = {
    LeadershipLevel.COUNTY_CHIEF: "县处级正职",
    LeadershipLevel.COUNTY_DEPUTY: "县处级副职",
    LeadershipLevel.TOWNSHIP_CHIEF: "乡科级正职",
    LeadershipLevel.TOWNSHIP_DEPUTY: "乡科级副职",
    LeadershipLevel.VILLAGE: "村两委",
}

# The standard roster: (title, width). Titles of imported fields come from columns.py.
_EXPORT_FIELDS = (
    "name", "gender", "birth", None, "ethnicity", "native_place", "birthplace", "id_number",
    "political_status", "party_entry", "work_start", "fulltime_education", "fulltime_degree",
    "fulltime_school", "inservice_education", "inservice_degree", "inservice_school", "unit",
    "current_post", "rank", "leadership_level", "professional_title", "health", "category",
    "phone", "home_address", "notes",
)  # fmt: skip
WIDTHS = {
    "name": 10, "gender": 6, "birth": 10, None: 6, "ethnicity": 8, "native_place": 12,
    "birthplace": 12, "id_number": 21, "political_status": 12, "party_entry": 10,
    "work_start": 12, "fulltime_education": 12, "fulltime_degree": 10, "fulltime_school": 28,
    "inservice_education": 12, "inservice_degree": 10, "inservice_school": 28, "unit": 24,
    "current_post": 30, "rank": 14, "leadership_level": 12, "professional_title": 14,
    "health": 10, "category": 14, "phone": 14, "home_address": 28, "notes": 20,
}  # fmt: skip


def _title(field_name: str | None) -> str:
    if field_name is None:
        return AGE_TITLE
    if field_name == "leadership_level":
        return LEADERSHIP_LEVEL_TITLE
    return COLUMNS_BY_FIELD[field_name].title


EXPORT_HEADERS: tuple[str, ...] = (SEQUENCE_TITLE, *(_title(name) for name in _EXPORT_FIELDS))
EXPORT_WIDTHS: tuple[int, ...] = (6, *(WIDTHS[name] for name in _EXPORT_FIELDS))


def _ym(value: YearMonth | None) -> str:
    return str(value) if value else ""


# Code → label, built once (``get_FOO_display`` rebuilds its dictionary on every call).
ETHNICITY_TEXT = dict(ETHNICITY_CHOICES)
POLITICAL_TEXT = dict(PoliticalStatus.choices)
EDUCATION_TEXT = dict(Education.choices)
DEGREE_TEXT = dict(Degree.choices)


def roster_values(index: int, cadre: Cadre, *, masked: bool, at: YearMonth) -> list[Any]:
    """One row of the export, in the order of ``EXPORT_HEADERS``."""
    id_number = cadre.id_number or ""
    phone = cadre.phone or ""
    address = cadre.home_address or ""
    return [
        index,
        cadre.name,
        GENDER_TEXT.get(cadre.gender, ""),
        _ym(cadre.birth),
        cadre.birth.years_until(at) if cadre.birth else "",
        ETHNICITY_TEXT.get(cadre.ethnicity, ""),
        cadre.native_place,
        cadre.birthplace,
        mask_id_number(id_number) if masked else id_number,
        POLITICAL_TEXT.get(cadre.political_status, ""),
        _ym(cadre.party_entry),
        _ym(cadre.work_start),
        EDUCATION_TEXT.get(cadre.fulltime_education, ""),
        DEGREE_TEXT.get(cadre.fulltime_degree, ""),
        cadre.fulltime_school,
        EDUCATION_TEXT.get(cadre.inservice_education, ""),
        DEGREE_TEXT.get(cadre.inservice_degree, ""),
        cadre.inservice_school,
        cadre.unit.name,
        cadre.current_post,
        rank_title(cadre.rank) if cadre.rank != Rank.NONE else "",
        LEADERSHIP_TEXT.get(cadre.leadership_level, ""),
        cadre.professional_title,
        cadre.health,
        CATEGORY_TITLES.get(cadre.category, ""),
        (mask_phone(phone) if phone else "") if masked else phone,
        (mask_address(address) if address else "") if masked else address,
        cadre.notes,
    ]


def _plain(sheet, value: Any) -> Any:
    """A value openpyxl may write as it is, or a text cell for one it must not read as a
    formula (``=…``) or that holds characters XML cannot."""
    if type(value) is str and value and (value[0] == "=" or not value.isprintable()):
        return _text_cell(sheet, value)
    return value


def _text_cell(sheet, value: Any) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value:
        cell.data_type = "s"  # never a formula
    elif isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _header_cells(sheet, titles: Iterable[Any]) -> list[WriteOnlyCell]:
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE3EA")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = []
    for title in titles:
        cell = _text_cell(sheet, title)
        cell.font = bold
        cell.fill = fill
        cell.alignment = centre
        cells.append(cell)
    return cells


def write_roster(
    rows: Iterable[Cadre],
    *,
    masked: bool,
    output: IO[bytes] | str,
    at: YearMonth | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the roster of ``rows`` to ``output`` (a path or a binary file); return the
    number of cadres. ``masked``: ID numbers, phones and addresses shown masked."""
    at = at or YearMonth.today()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=SHEET_TITLE)
    for index, width in enumerate(EXPORT_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    sheet.append(_header_cells(sheet, EXPORT_HEADERS))
    count = 0
    for count, cadre in enumerate(rows, start=1):
        sheet.append(
            [_plain(sheet, value) for value in roster_values(count, cadre, masked=masked, at=at)]
        )
        if progress is not None and count % 1000 == 0:
            progress(1000)
    if progress is not None and count % 1000:
        progress(count % 1000)
    workbook.save(output)
    return count


class ErrorReportWriter:
    """The error report of an import: the file's header row(s), then each row that was
    not imported with its original cells, its row number (原行号) and every reason
    (错误原因). Opened in Excel or WPS, fixed, and imported again: the import ignores the
    two added columns."""

    def __init__(self, header_rows: list[list[Any]]) -> None:
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title=REPORT_SHEET_TITLE)
        self.width = max((len(row) for row in header_rows), default=0)
        self.count = 0
        for index in range(1, self.width + 1):
            self.sheet.column_dimensions[get_column_letter(index)].width = 14
        self.sheet.column_dimensions[get_column_letter(self.width + 1)].width = 8
        self.sheet.column_dimensions[get_column_letter(self.width + 2)].width = 60
        self.sheet.freeze_panes = f"A{len(header_rows) + 1}"
        for number, row in enumerate(header_rows):
            padded = list(row) + [""] * (self.width - len(row))
            extra = [ORIGINAL_ROW_TITLE, ERROR_REASON_TITLE] if number == 0 else ["", ""]
            self.sheet.append(_header_cells(self.sheet, padded + extra))
        self.red = Font(color="C00000")

    def add(self, result: RowResult) -> None:
        values = list(result.values or [])
        values = values[: self.width] + [""] * (self.width - len(values))
        cells = [_text_cell(self.sheet, value) for value in values]
        cells.append(_text_cell(self.sheet, result.row_number))
        reason = _text_cell(self.sheet, result.reason())
        reason.font = self.red
        cells.append(reason)
        self.sheet.append(cells)
        self.count += 1

    def add_rows(self, results: Iterable[RowResult]) -> None:
        for result in results:
            if result.errors:
                self.add(result)

    def save(self, output: IO[bytes] | str) -> None:
        self.workbook.save(output)

"""The cadre roster (干部花名册) as an .xlsx workbook, and the masking of sensitive values.

The column headers are the standard roster headers in Chinese and are *not* translated:
they are a data format (the headers county offices, the level above and ganshi's own
roster import match on), not interface text, so an English interface still writes the
same file. The sheet's values (gender, ranks …) are written the same way for the same
reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ganshi.cadres.choices import Gender, Rank
from ganshi.cadres.models import Cadre
from ganshi.cadres.selectors import age_of
from ganshi.core.id_numbers import mask_id_number
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import LeadershipLevel

SHEET_TITLE = "干部名册"
ROSTER_HEADERS = (
    "序号",
    "姓名",
    "性别",
    "出生年月",
    "年龄",
    "民族",
    "籍贯",
    "出生地",
    "身份证号",
    "政治面貌",
    "入党时间",
    "参加工作时间",
    "全日制学历",
    "全日制学位",
    "毕业院校系及专业",
    "在职学历",
    "在职学位",
    "在职院校系及专业",
    "工作单位",
    "现任职务",
    "职级",
    "领导职务层次",
    "联系电话",
)
COLUMN_WIDTHS = (
    6, 10, 6, 10, 6, 8, 12, 12, 21, 12, 10, 12, 12, 10, 28,
    12, 10, 28, 24, 30, 14, 14, 14,
)  # fmt: skip
GENDER_TEXT = {Gender.MALE: "男", Gender.FEMALE: "女"}
# A label such as "Fourth-grade principal staff member (四级主任科员)" ends in its Chinese
# name; a translated label is the Chinese name itself.
_CHINESE_IN_PARENTHESES = re.compile(r"[(（]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]\s*$")


# --- masking ----------------------------------------------------------------------------


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; a shorter number keeps only its last three digits."""
    value = (value or "").strip()
    if len(value) >= 11:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if len(value) >= 7:
        return "*" * (len(value) - 3) + value[-3:]
    return "*" * len(value)


def mask_address(value: str) -> str:
    """Keep the first six characters (the region), hide the rest."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "****"


MASKS = {"id_number": mask_id_number, "phone": mask_phone, "home_address": mask_address}


def mask_sensitive(field: str, value: str) -> str:
    return MASKS[field](value or "")


# --- the workbook -----------------------------------------------------------------------


def chinese_label(label) -> str:
    text = str(label)
    match = _CHINESE_IN_PARENTHESES.search(text)
    return match.group(1) if match else text


def _ym(value: YearMonth | None) -> str:
    return str(value) if value else ""


def _labels(field_name: str, *, chinese: bool = False) -> dict:
    """code → label of a choice field, computed once (``get_FOO_display`` per cell is slow)."""
    field = Cadre._meta.get_field(field_name)
    return {
        code: chinese_label(label) if chinese else str(label) for code, label in field.flatchoices
    }


class RosterLabels:
    """The labels the roster writes, resolved once per export."""

    def __init__(self) -> None:
        self.ethnicity = _labels("ethnicity")
        self.political_status = _labels("political_status")
        self.education = _labels("fulltime_education")
        self.degree = _labels("fulltime_degree")
        self.rank = _labels("rank", chinese=True)
        self.rank[Rank.NONE] = ""
        self.leadership_level = _labels("leadership_level", chinese=True)
        self.leadership_level[LeadershipLevel.NONE] = ""


def roster_values(
    index: int, cadre: Cadre, *, masked: bool, at: YearMonth, labels: RosterLabels | None = None
) -> list:
    """One roster row (the order of ``ROSTER_HEADERS``)."""
    labels = labels or RosterLabels()
    id_number = cadre.id_number or ""
    phone = cadre.phone or ""
    return [
        index,
        cadre.name,
        GENDER_TEXT.get(cadre.gender, ""),
        _ym(cadre.birth),
        age_of(cadre.birth, at),
        labels.ethnicity.get(cadre.ethnicity, ""),
        cadre.native_place,
        cadre.birthplace,
        mask_id_number(id_number) if masked else id_number,
        labels.political_status.get(cadre.political_status, ""),
        _ym(cadre.party_entry),
        _ym(cadre.work_start),
        labels.education.get(cadre.fulltime_education, ""),
        labels.degree.get(cadre.fulltime_degree, ""),
        cadre.fulltime_school,
        labels.education.get(cadre.inservice_education, ""),
        labels.degree.get(cadre.inservice_degree, ""),
        cadre.inservice_school,
        cadre.unit.name,
        cadre.current_post,
        labels.rank.get(cadre.rank, ""),
        labels.leadership_level.get(cadre.leadership_level, ""),
        mask_phone(phone) if masked else phone,
    ]


def _cell(sheet, value):
    """A value ready for ``append``: text stays text ("=…" typed into a field must not
    become a formula) and characters XML cannot hold are dropped."""
    if not isinstance(value, str) or not value:
        return value
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_roster(
    rows: Iterable[Cadre], *, masked: bool, output: IO[bytes], at: YearMonth | None = None
) -> int:
    """Write the roster of ``rows`` to ``output`` (a binary file); return the row count.

    ``masked``: ID numbers and phones shown as 4504**********123X and 138****5678.
    """
    at = at or YearMonth.today()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=SHEET_TITLE)
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE3EA")
    centre = Alignment(horizontal="center", vertical="center")
    header = []
    for title in ROSTER_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        cell.fill = fill
        cell.alignment = centre
        header.append(cell)
    sheet.append(header)
    labels = RosterLabels()
    count = 0
    for count, cadre in enumerate(rows, start=1):
        values = roster_values(count, cadre, masked=masked, at=at, labels=labels)
        sheet.append([_cell(sheet, value) for value in values])
    workbook.save(output)
    return count

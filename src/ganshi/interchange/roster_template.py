"""The blank roster template (.xlsx) offered for download.

The first sheet holds the standard column titles (the ones the import reads), a note on
each title cell saying what to type, drop-downs for the coded columns (gender, the 56
ethnic groups, political status, education, degree, rank, category) fed from a hidden
sheet of lists, and text format on the ID-number, phone and year-month columns so Excel
neither rounds an ID number nor turns 1985.10 into 1985.1.
"""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ganshi.cadres.choices import Rank
from ganshi.core.code_tables import ETHNICITY_NAMES, Degree, Education, PoliticalStatus
from ganshi.interchange.columns import CATEGORY_TITLES, COLUMNS_BY_FIELD, SEQUENCE_TITLE, rank_title

SHEET_TITLE = "干部花名册"
LISTS_TITLE = "代码表"
TEMPLATE_ROWS = 5000
TEMPLATE_FIELDS = (
    "name", "gender", "birth", "ethnicity", "native_place", "birthplace", "id_number",
    "political_status", "party_entry", "work_start", "fulltime_education", "fulltime_degree",
    "fulltime_school", "inservice_education", "inservice_degree", "inservice_school", "unit",
    "current_post", "rank", "professional_title", "health", "category", "phone",
    "home_address", "specialties", "notes",
)  # fmt: skip
TEXT_FIELDS = frozenset({"id_number", "phone", "birth", "party_entry", "work_start"})
WIDE_FIELDS = frozenset(
    {"fulltime_school", "inservice_school", "unit", "current_post", "home_address", "notes"}
)


def _lists() -> dict[str, list[str]]:
    """The drop-down lists, by field (Chinese labels: data, the values the import reads)."""
    return {
        "gender": ["男", "女"],
        "ethnicity": list(ETHNICITY_NAMES),
        "political_status": [label for _code, label in PoliticalStatus.choices],
        "fulltime_education": [label for _code, label in Education.choices],
        "fulltime_degree": [label for _code, label in Degree.choices],
        "rank": [rank_title(rank) for rank in Rank if rank != Rank.NONE],
        "category": list(CATEGORY_TITLES.values()),
    }


LIST_OF = {"inservice_education": "fulltime_education", "inservice_degree": "fulltime_degree"}


def _notes() -> dict[str, str]:
    year_month = _("Year and month, e.g. 1985.03 (1985年3月, 198503 and 1985-03 are read too).")
    return {
        SEQUENCE_TITLE: _("Optional; the import ignores it."),
        "name": _(
            "Required. The import matches a cadre by ID number; an empty cell leaves the "
            "stored value unchanged when a cadre is updated."
        ),
        "gender": _("男 or 女; may stay empty when the ID number is given."),
        "birth": year_month + " " + _("May stay empty when the ID number is given."),
        "ethnicity": _("Choose from the list, e.g. 汉族 (汉 is read too)."),
        "native_place": _("Province and county, e.g. 广西藤县."),
        "birthplace": _("Province and county, e.g. 广西藤县."),
        "id_number": _(
            "18 characters (GB 11643). Keep this column as text so that Excel does not "
            "round the number."
        ),
        "political_status": _("Choose from the list."),
        "party_entry": year_month + " " + _("Required for party members."),
        "work_start": year_month,
        "fulltime_education": _("Choose from the list (本科, 大专, 研究生 … are read too)."),
        "fulltime_degree": _("学士, 硕士 or 博士 (法学学士 … is read too)."),
        "fulltime_school": _("School, department and major, e.g. 广西大学法学专业."),
        "inservice_education": _("Choose from the list (中央党校大学 … is read too)."),
        "inservice_degree": _("学士, 硕士 or 博士."),
        "inservice_school": _("School, department and major."),
        "unit": _(
            "The unit's name as in the system (or its code). Leave it empty when one "
            "unit is chosen for the whole file."
        ),
        "current_post": _("e.g. 党政办副主任."),
        "rank": _("Choose from the list, e.g. 四级主任科员."),
        "professional_title": _("e.g. 高级经济师."),
        "health": _("e.g. 健康."),
        "category": _("Choose from the list."),
        "phone": _("Stored encrypted; roles that may not see it get it masked."),
        "home_address": _("Stored encrypted; roles that may not see it get it masked."),
        "specialties": _("Free text."),
        "notes": _("Free text."),
    }


def write_template(output: IO[bytes] | str) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    lists_sheet = workbook.create_sheet(LISTS_TITLE)
    lists_sheet.sheet_state = "hidden"
    lists = _lists()
    ranges: dict[str, str] = {}
    for column_index, (field_name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(column_index)
        lists_sheet.cell(row=1, column=column_index, value=COLUMNS_BY_FIELD[field_name].title)
        for row_index, value in enumerate(values, start=2):
            lists_sheet.cell(row=row_index, column=column_index, value=value)
        ranges[field_name] = f"'{LISTS_TITLE}'!${letter}$2:${letter}${len(values) + 1}"
    notes = _notes()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE3EA")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    titles = [(SEQUENCE_TITLE, SEQUENCE_TITLE)] + [
        (field_name, COLUMNS_BY_FIELD[field_name].title) for field_name in TEMPLATE_FIELDS
    ]
    for column_index, (field_name, title) in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=column_index, value=title)
        cell.font = bold
        cell.fill = fill
        cell.alignment = centre
        comment = Comment(notes[field_name], "ganshi")
        comment.width = 280
        comment.height = 110
        cell.comment = comment
        letter = get_column_letter(column_index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = (
            28 if field_name in WIDE_FIELDS else (21 if field_name == "id_number" else 12)
        )
        if field_name in TEXT_FIELDS:
            dimension.number_format = "@"
        source = ranges.get(LIST_OF.get(field_name, field_name))
        if source:
            validation = DataValidation(
                type="list",
                formula1=f"={source}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=_("Not in the list"),
                error=_("Choose a value from the list."),
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    workbook.save(output)

"""The blank import template: titles the import reads, notes, drop-downs, text columns."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from ganshi.cadres.models import Cadre
from ganshi.core.code_tables import ETHNICITY_NAMES
from ganshi.interchange.columns import find_header
from ganshi.interchange.roster_template import write_template
from ganshi.interchange.services import roster_import_run
from ganshi.interchange.tests.roster_files import id_number


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def template():
    output = io.BytesIO()
    write_template(output)
    output.seek(0)
    return load_workbook(output)


def test_the_template_has_the_import_titles_and_a_note_on_each():
    # when
    sheet = template()["干部花名册"]
    # then
    titles = [cell.value for cell in sheet[1]]
    assert titles[:8] == ["序号", "姓名", "性别", "出生年月", "民族", "籍贯", "出生地", "身份证号"]
    assert len(titles) == 27
    assert all(cell.comment is not None and cell.comment.text for cell in sheet[1])
    assert sheet["H1"].comment.text.startswith("18 characters (GB 11643).")
    header = find_header([titles])
    assert len(header.columns) == 26
    assert header.unknown == []


def test_the_template_offers_drop_downs_from_a_hidden_sheet():
    # when
    workbook = template()
    sheet, lists = workbook["干部花名册"], workbook["代码表"]
    # then
    assert lists.sheet_state == "hidden"
    validations = {str(item.sqref): item.formula1 for item in sheet.data_validations.dataValidation}
    assert validations["C2:C5001"] == "='代码表'!$A$2:$A$3"  # 性别
    assert validations["E2:E5001"] == "='代码表'!$B$2:$B$57"  # 民族
    assert set(validations) == {
        "C2:C5001", "E2:E5001", "I2:I5001", "L2:L5001", "M2:M5001", "O2:O5001",
        "P2:P5001", "T2:T5001", "W2:W5001",
    }  # fmt: skip
    assert [lists.cell(row=row, column=1).value for row in (2, 3)] == ["男", "女"]
    assert [lists.cell(row=row, column=2).value for row in range(2, 58)] == list(ETHNICITY_NAMES)
    assert [lists.cell(row=row, column=3).value for row in range(2, 15)][:3] == [
        "中共党员", "中共预备党员", "共青团员"
    ]  # fmt: skip
    assert lists.cell(row=4, column=4).value == "大学本科"


def test_the_id_number_and_date_columns_are_text():
    # when
    sheet = template()["干部花名册"]
    # then
    assert sheet.column_dimensions["H"].number_format == "@"
    assert sheet.column_dimensions["D"].number_format == "@"
    assert sheet.column_dimensions["B"].number_format == "General"


def test_a_filled_template_imports(county, county_staff, tmp_path):
    # given
    workbook = template()
    sheet = workbook["干部花名册"]
    sheet.append(["1", "张三", "男", "1985.03", "汉族", "广西藤县", "广西藤县", id_number(1985, 3, 12),
                  "中共党员", "2008.07", "2007.07", "大学本科", "学士", "广西大学法学", "", "", "",
                  "一镇", "科员", "一级科员", "", "健康", "公务员", "13812345678", "", "", ""])  # fmt: skip
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    # when
    summary = roster_import_run(actor=county_staff, path=path, kind="xlsx", write=True)
    # then
    assert (summary.created, summary.error, summary.ignored_columns) == (1, 0, [])
    cadre = Cadre.objects.get()
    assert (cadre.name, cadre.rank, cadre.phone, cadre.unit) == (
        "张三",
        11,
        "13812345678",
        county["town1"],
    )

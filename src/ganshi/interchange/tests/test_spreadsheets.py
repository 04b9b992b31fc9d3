"""Spreadsheet files are what their names say, within limits, and never zip bombs."""

from __future__ import annotations

import re
import struct
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from ganshi.interchange.roster_import import RosterImport
from ganshi.interchange.spreadsheets import (
    SpreadsheetError,
    check_upload,
    open_rows,
)
from ganshi.interchange.tests.roster_files import HEADER, person, roster, write_xlsx, zip_bomb

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusal(path, name=None) -> str:
    with pytest.raises(SpreadsheetError) as raised:
        check_upload(path, name or path.name)
    return str(raised.value)


def test_a_png_renamed_xlsx_is_refused(tmp_path):
    # given
    path = tmp_path / "roster.xlsx"
    path.write_bytes(PNG)
    # when / then
    assert refusal(path) == "The file is named .xlsx but is an image."


def test_another_zip_renamed_xlsx_is_refused(tmp_path):
    # given
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    # when / then
    assert refusal(path) == (
        "The file is named .xlsx but is not an Excel workbook (it is another zip file)."
    )


def test_an_old_or_encrypted_workbook_named_xlsx_is_refused(tmp_path):
    # given
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    # when / then
    assert refusal(path) == (
        "The file is named .xlsx but is an old-format (.xls) workbook or a "
        "password-protected one; remove any password and save it as .xlsx."
    )


def test_a_web_page_named_xls_is_refused(tmp_path):
    # given
    path = tmp_path / "roster.xls"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>")
    # when / then
    assert refusal(path) == (
        "The file is named .xls but is a web page exported by another system; "
        "open it in Excel or WPS and save it as .xlsx."
    )


def test_a_workbook_named_csv_is_refused(tmp_path):
    # given
    path = roster(tmp_path / "roster.xlsx", [person("张三")])
    # when / then
    assert refusal(path, "roster.csv") == (
        "The file is named .csv but is an Excel workbook; rename it to .xlsx or .xls."
    )


def test_binary_named_csv_is_refused(tmp_path):
    # given
    path = tmp_path / "roster.csv"
    path.write_bytes(bytes(range(256)) * 4)
    # when / then
    assert refusal(path) == "The file is named .csv but its content is not a .csv file."


def test_an_unknown_extension_is_refused(tmp_path):
    # given
    path = tmp_path / "roster.pdf"
    path.write_bytes(b"%PDF-1.4")
    # when / then
    assert refusal(path) == "“roster.pdf” is not a spreadsheet: upload an .xlsx, .xls or .csv file."


def test_a_file_over_the_size_cap_is_refused(tmp_path, settings):
    # given
    settings.GANSHI_IMPORT_MAX_BYTES = 1024 * 1024
    path = tmp_path / "roster.csv"
    path.write_bytes(b"a" * (2 * 1024 * 1024))
    # when / then
    assert refusal(path) == "The file is 2 MB; files up to 1 MB can be imported."


def test_an_empty_file_is_refused(tmp_path):
    # given
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"")
    # when / then
    assert refusal(path) == "The file is empty."


BOMB = (
    "The workbook expands to far more data than its size suggests (a “zip bomb”); "
    "it was refused. Open it in Excel or WPS, save it again and upload the new file."
)


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    # given: 8 MB of zeros in a few kilobytes
    path = zip_bomb(tmp_path / "bomb.xlsx", size=8 * 1024 * 1024)
    # when / then
    assert path.stat().st_size < 100_000
    assert refusal(path) == BOMB


def test_a_zip_bomb_is_refused_by_its_total_size(tmp_path, settings):
    # given
    settings.GANSHI_IMPORT_MAX_UNCOMPRESSED_BYTES = 4 * 1024 * 1024
    settings.GANSHI_IMPORT_MAX_RATIO = 100_000
    path = zip_bomb(tmp_path / "bomb.xlsx", size=8 * 1024 * 1024)
    # when / then
    assert refusal(path) == BOMB


def test_a_zip_bomb_that_lies_about_its_size_is_refused(tmp_path):
    # given: the directory says 1000 bytes; the member inflates to 8 MB
    path = zip_bomb(tmp_path / "bomb.xlsx", size=8 * 1024 * 1024)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    for match in re.finditer(rb"PK\x01\x02", bytes(data)):  # central directory entries
        name_length = struct.unpack_from("<H", data, match.start() + 28)[0]
        name = bytes(data[match.start() + 46 : match.start() + 46 + name_length])
        if name == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, match.start() + 24, 1000)  # uncompressed size
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    assert info.file_size == 8 * 1024 * 1024
    # when / then
    assert refusal(path) == BOMB


def test_a_stray_cell_far_away_is_refused_before_parsing(tmp_path):
    # given: a value in XFD1048576 would make calamine's grid 17 billion cells
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(person("张三"))
    sheet["XFD1048576"] = "x"
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    # when / then
    assert refusal(path) == "The file has more than 200000 rows; split it into smaller files."


def test_a_stray_column_far_away_is_refused_before_parsing(tmp_path):
    # given
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet["XFD2"] = "x"
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    # when / then
    assert refusal(path) == "The sheet has 16384 columns; a roster can have at most 200."


def test_a_formula_is_read_as_its_cached_value_never_evaluated(county, county_staff, tmp_path):
    # given: B2 holds a formula that would give 李四, with the cached value 张三
    path = roster(tmp_path / "roster.xlsx", [person('=CONCATENATE("李","四")')])
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet, count = re.subn(
        r'<c r="B2"[^>]*><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
        r'<c r="B2" t="str"><f>\1</f><v>张三</v></c>',
        sheet,
    )
    assert count == 1
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    results = []
    # when
    RosterImport(actor=county_staff, on_rows=results.extend).run(
        path, check_upload(path, path.name)
    )
    # then
    assert [(result.status, result.name) for result in results] == [("new", "张三")]


def test_rows_keep_their_excel_numbers_below_blank_rows(tmp_path):
    # given
    path = write_xlsx(tmp_path / "roster.xlsx", [[None], [None], ["姓名"], ["张三"]])
    # when
    rows = list(open_rows(path, "xlsx").rows)
    # then
    assert rows[2:] == [(3, ["姓名"]), (4, ["张三"])]


def test_a_utf16_csv_from_excel_is_read(tmp_path):
    # given: Excel's "Unicode text" is UTF-16 with a BOM, tab-separated
    path = tmp_path / "roster.csv"
    path.write_bytes("姓名\t性别\r\n张三\t男\r\n".encode("utf-16"))
    # when
    rows = list(open_rows(path, check_upload(path, path.name)).rows)
    # then
    assert rows == [(1, ["姓名", "性别"]), (2, ["张三", "男"])]

"""Roster files for the tests, written the way county offices write them."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from ganshi.cadres.tests.factories import valid_id_number

HEADER = ["序号", "姓名", "性别", "出生年月", "民族", "身份证号", "政治面貌", "入党时间",
          "参加工作时间", "学历", "学位", "工作单位", "现任职务"]  # fmt: skip


def id_number(year: int, month: int, day: int, gender: str = "male", sequence: int = 1) -> str:
    return valid_id_number(datetime.date(year, month, day), gender, sequence)


def person(
    name: str,
    *,
    birth: tuple[int, int, int] = (1985, 3, 12),
    gender: str = "male",
    sequence: int = 1,
    unit: str = "一镇",
    **overrides: Any,
) -> list[Any]:
    """A row of HEADER for a valid cadre; ``overrides`` by title (序号 … 现任职务)."""
    values = {
        "序号": "",
        "姓名": name,
        "性别": "男" if gender == "male" else "女",
        "出生年月": f"{birth[0]}.{birth[1]:02d}",
        "民族": "汉族",
        "身份证号": id_number(*birth, gender=gender, sequence=sequence),
        "政治面貌": "中共党员",
        "入党时间": f"{birth[0] + 22}.07",
        "参加工作时间": f"{birth[0] + 22}.08",
        "学历": "大学本科",
        "学位": "学士",
        "工作单位": unit,
        "现任职务": "科员",
    }
    values.update(overrides)
    return [values[title] for title in HEADER]


def write_xlsx(
    path: Path,
    rows: list[list[Any]],
    *,
    merges: tuple[str, ...] = (),
    sheet_title: str = "花名册",
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    workbook.save(path)
    return path


def roster(path: Path, people: list[list[Any]], *, title: str | None = None) -> Path:
    """A plain roster: an optional merged title row, the header, the people."""
    rows: list[list[Any]] = []
    merges: tuple[str, ...] = ()
    if title:
        rows.append([title])
        merges = (f"A1:{chr(64 + len(HEADER))}1",)
    rows.append(HEADER)
    rows.extend(people)
    return write_xlsx(path, rows, merges=merges)


def write_csv(path: Path, rows: list[list[Any]], *, encoding: str) -> Path:
    text = "\r\n".join(",".join(str(value) for value in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def zip_bomb(path: Path, *, size: int) -> Path:
    """An .xlsx-shaped zip with one member of ``size`` zero bytes (deflated 1000:1)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return path


def read_sheet(path_or_file) -> list[list[Any]]:
    workbook = load_workbook(path_or_file)
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]

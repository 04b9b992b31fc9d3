"""Reading uploaded spreadsheets (.xlsx, .xls, .csv) safely and fast.

Before anything parses a file:

- its size is checked against ``GANSHI_IMPORT_MAX_BYTES`` (default 50 MB);
- its first bytes must say what its name says: an .xlsx is a zip holding
  ``[Content_Types].xml`` and ``xl/workbook.xml``, an .xls is an OLE2 compound file
  (``D0 CF 11 E0``), a .csv is text in UTF-8 (with or without BOM), UTF-16 or GBK;
- an .xlsx is refused as a zip bomb when its members inflate beyond
  ``GANSHI_IMPORT_MAX_UNCOMPRESSED_BYTES`` in total or a member's compression ratio passes
  ``GANSHI_IMPORT_MAX_RATIO``. The sizes in the zip directory are checked first, then
  every member is inflated as a stream (nothing kept) to check the real sizes, since a
  crafted directory can lie; the worksheets are scanned on the way for the highest row
  and column, so a sheet whose cells would not fit in memory is refused too.

Workbooks are read with python-calamine, which reads formulas as their cached values and
never evaluates them. The rows come out as lists of Python values (str, float, int, bool,
datetime) with their Excel row numbers.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

XLSX = "xlsx"
XLS = "xls"
CSV = "csv"
EXTENSIONS = {".xlsx": XLSX, ".xlsm": XLSX, ".xls": XLS, ".csv": CSV, ".txt": CSV}
KIND_NAMES = {XLSX: ".xlsx", XLS: ".xls", CSV: ".csv"}

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20
_SNIFF_BYTES = 64 * 1024
# A member this small may compress as well as it likes.
_RATIO_FLOOR_BYTES = 1 << 20
_ROW_REF = re.compile(rb"<row\b[^>]*?\sr=\"(\d+)\"")
_CELL_REF = re.compile(rb"<c\b[^>]*?\sr=\"([A-Z]{1,3})\d")


class SpreadsheetError(Exception):
    """A file refused or unreadable; the message says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_uncompressed_bytes: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=getattr(settings, "GANSHI_IMPORT_MAX_BYTES", 50 * 1024 * 1024),
            max_rows=getattr(settings, "GANSHI_IMPORT_MAX_ROWS", 200_000),
            max_columns=getattr(settings, "GANSHI_IMPORT_MAX_COLUMNS", 200),
            max_uncompressed_bytes=getattr(
                settings, "GANSHI_IMPORT_MAX_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024
            ),
            max_ratio=getattr(settings, "GANSHI_IMPORT_MAX_RATIO", 200),
        )


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def kind_for_name(filename: str) -> str:
    """The kind an upload's name claims; refuses other extensions."""
    extension = Path(filename).suffix.lower()
    try:
        return EXTENSIONS[extension]
    except KeyError:
        raise SpreadsheetError(
            _("“%(name)s” is not a spreadsheet: upload an .xlsx, .xls or .csv file.")
            % {"name": Path(filename).name}
        ) from None


def check_size(size: int, limits: Limits | None = None) -> None:
    limits = limits or Limits.from_settings()
    if size > limits.max_bytes:
        raise SpreadsheetError(
            _("The file is %(size)s MB; files up to %(limit)s MB can be imported.")
            % {"size": megabytes(size), "limit": megabytes(limits.max_bytes)}
        )
    if size == 0:
        raise SpreadsheetError(_("The file is empty."))


def _looks_like_html(head: bytes) -> bool:
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) or (
        b"<html" in text or b"<table" in text
    )


def detect_kind(path: str | os.PathLike, filename: str) -> str:
    """Check that the file is what its name says; return its kind."""
    claimed = kind_for_name(filename)
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if claimed == XLSX:
        if head.startswith(OLE2_MAGIC):
            raise SpreadsheetError(
                _(
                    "The file is named .xlsx but is an old-format (.xls) workbook or a "
                    "password-protected one; remove any password and save it as .xlsx."
                )
            )
        if not head.startswith(ZIP_MAGIC):
            raise SpreadsheetError(_wrong_type(claimed, head))
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise SpreadsheetError(
                _("The file is named .xlsx but is a damaged zip archive.")
            ) from None
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise SpreadsheetError(
                _("The file is named .xlsx but is not an Excel workbook (it is another zip file).")
            )
    elif claimed == XLS:
        if head.startswith(ZIP_MAGIC):
            raise SpreadsheetError(
                _("The file is named .xls but is an .xlsx workbook; rename it to .xlsx.")
            )
        if not head.startswith(OLE2_MAGIC):
            if _looks_like_html(head):
                raise SpreadsheetError(
                    _(
                        "The file is named .xls but is a web page exported by another "
                        "system; open it in Excel or WPS and save it as .xlsx."
                    )
                )
            raise SpreadsheetError(_wrong_type(claimed, head))
    else:
        if head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            raise SpreadsheetError(
                _("The file is named .csv but is an Excel workbook; rename it to .xlsx or .xls.")
            )
        if _text_encoding(head, final=False) is None:
            raise SpreadsheetError(_wrong_type(claimed, head))
    return claimed


def _wrong_type(claimed: str, head: bytes) -> str:
    found = _("an image") if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")) else None
    if head.startswith(b"%PDF"):
        found = _("a PDF document")
    if found:
        return _("The file is named %(extension)s but is %(found)s.") % {
            "extension": KIND_NAMES[claimed],
            "found": found,
        }
    return _("The file is named %(extension)s but its content is not a %(extension)s file.") % {
        "extension": KIND_NAMES[claimed]
    }


# --- zip bombs ---------------------------------------------------------------------------


@dataclass
class _SheetExtent:
    max_row: int = 0
    max_column: int = 0


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _scan_extent(text: bytes, extent: _SheetExtent) -> None:
    """Note the last row and the last cell of an inflated chunk of sheet XML.

    Rows and the cells in a row come in ascending order (ECMA-376 §18.3.1.73), so the last
    of each chunk is the furthest so far: enough to catch a stray cell in XFD1048576 that
    would make the sheet's grid too large for memory, at almost no cost.
    """
    row_at = text.rfind(b"<row ")
    if row_at >= 0:
        match = _ROW_REF.match(text, row_at)
        if match:
            extent.max_row = max(extent.max_row, int(match.group(1)))
    cell_at = text.rfind(b"<c ")
    if cell_at >= 0:
        match = _CELL_REF.match(text, cell_at)
        if match:
            extent.max_column = max(extent.max_column, _column_number(match.group(1)))


def _data_offset(handle, info: zipfile.ZipInfo) -> int:
    handle.seek(info.header_offset)
    header = handle.read(zipfile.sizeFileHeader)
    if len(header) != zipfile.sizeFileHeader or header[:4] != zipfile.stringFileHeader:
        raise SpreadsheetError(_("The file is named .xlsx but is a damaged zip archive."))
    fields = struct.unpack(zipfile.structFileHeader, header)
    return (
        info.header_offset
        + zipfile.sizeFileHeader
        + fields[zipfile._FH_FILENAME_LENGTH]
        + fields[zipfile._FH_EXTRA_FIELD_LENGTH]
    )


def _refuse_bomb() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The workbook expands to far more data than its size suggests (a “zip bomb”); "
            "it was refused. Open it in Excel or WPS, save it again and upload the new file."
        )
    )


def _inflate_member(handle, info: zipfile.ZipInfo, budget: int, extent: _SheetExtent | None) -> int:
    """Inflate one member as a stream, keeping nothing; return its real size."""
    if info.flag_bits & 0x1:
        raise SpreadsheetError(
            _("The workbook is protected by a password; remove the password and upload it again.")
        )
    handle.seek(_data_offset(handle, info))
    remaining = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        return remaining
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise SpreadsheetError(
            _(
                "The workbook uses a compression Excel does not write; save it again in Excel or WPS."
            )
        )
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    tail = b""
    while True:
        if inflater.unconsumed_tail:
            pending = inflater.unconsumed_tail
        elif remaining > 0:
            pending = handle.read(min(_CHUNK, remaining))
            if not pending:
                break
            remaining -= len(pending)
        else:
            break
        try:
            output = inflater.decompress(pending, _CHUNK)
        except zlib.error:
            raise SpreadsheetError(
                _("The file is named .xlsx but is a damaged zip archive.")
            ) from None
        size += len(output)
        if size > budget:
            raise _refuse_bomb()
        if extent is not None and output:
            _scan_extent(tail + output, extent)
            tail = output[-64:]
        if inflater.eof:
            break
    return size


def check_zip(path: str | os.PathLike, limits: Limits | None = None) -> None:
    """Refuse an .xlsx whose members would inflate too far or into too large a sheet."""
    limits = limits or Limits.from_settings()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(_("The file is named .xlsx but is a damaged zip archive.")) from None
    with archive, open(path, "rb") as handle:
        members = archive.infolist()
        if len(members) > 10_000:
            raise _refuse_bomb()
        declared = sum(info.file_size for info in members)
        if declared > limits.max_uncompressed_bytes:
            raise _refuse_bomb()
        for info in members:
            if info.file_size > _RATIO_FLOOR_BYTES and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise _refuse_bomb()
        total = 0
        for info in members:
            extent = _SheetExtent() if info.filename.startswith("xl/worksheets/") else None
            size = _inflate_member(handle, info, limits.max_uncompressed_bytes - total, extent)
            total += size
            if size > _RATIO_FLOOR_BYTES and size > limits.max_ratio * max(info.compress_size, 1):
                raise _refuse_bomb()
            if extent is not None:
                _check_extent(extent.max_row, extent.max_column, limits)


def _check_extent(rows: int, columns: int, limits: Limits) -> None:
    # Leave room for title rows, a two-row header and notes under the table.
    if rows > limits.max_rows + 50:
        raise too_many_rows(limits)
    if columns > limits.max_columns:
        raise SpreadsheetError(
            _("The sheet has %(count)s columns; a roster can have at most %(limit)s.")
            % {"count": columns, "limit": limits.max_columns}
        )


def too_many_rows(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _("The file has more than %(limit)s rows; split it into smaller files.")
        % {"limit": limits.max_rows}
    )


# --- text files --------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _text_encoding(data: bytes, *, final: bool) -> str | None:
    """The encoding ``data`` decodes in: a BOM's, else UTF-8, else GB 18030 (GBK's superset)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        return None
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(data, final=final)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def csv_encoding(path: str | os.PathLike) -> str:
    """Detect the encoding by decoding the whole file as a stream (nothing kept)."""
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        guess = _text_encoding(head, final=False)
        candidates = [guess] if guess and guess.startswith(("utf-8-sig", "utf-16")) else []
        candidates += [encoding for encoding in ("utf-8", "gb18030") if encoding != guess]
        if guess and guess not in candidates:
            candidates.insert(0, guess)
        for encoding in candidates:
            handle.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while chunk := handle.read(_CHUNK):
                    if b"\x00" in chunk and not encoding.startswith("utf-16"):
                        raise UnicodeDecodeError(encoding, chunk, 0, 1, "NUL byte")
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return encoding
    raise SpreadsheetError(
        _("The .csv file is not text in UTF-8 or GBK; save it again as “CSV UTF-8”.")
    )


# --- reading rows ------------------------------------------------------------------------


@dataclass
class SheetRows:
    """The rows of the first visible worksheet with data.

    ``rows`` yields ``(excel_row_number, values)``; ``merged`` holds the merged ranges as
    ``((first_row, first_column), (last_row, last_column))``, 0-based, columns counted
    from the first column ``rows`` yields; ``height`` is the number of rows (for progress).
    """

    rows: Iterator[tuple[int, list[Any]]]
    height: int
    sheet_name: str = ""
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def open_rows(path: str | os.PathLike, kind: str, limits: Limits | None = None) -> SheetRows:
    limits = limits or Limits.from_settings()
    if kind == CSV:
        return _csv_rows(path, limits)
    return _workbook_rows(path, kind, limits)


def _workbook_rows(path, kind: str, limits: Limits) -> SheetRows:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

    if kind == XLSX:
        check_zip(path, limits)
    try:
        workbook = CalamineWorkbook.from_path(os.fspath(path))
        sheet = None
        for index, metadata in enumerate(workbook.sheets_metadata):
            if metadata.visible != SheetVisibleEnum.Visible:
                continue
            candidate = workbook.get_sheet_by_index(index)
            if candidate.height > 0:
                sheet = candidate
                break
    except PasswordError:
        raise SpreadsheetError(
            _("The workbook is protected by a password; remove the password and upload it again.")
        ) from None
    except (CalamineError, ValueError, OSError) as error:
        raise SpreadsheetError(
            _(
                "The workbook cannot be read (%(reason)s); open it in Excel or WPS, save it again and retry."
            )
            % {"reason": str(error)[:200]}
        ) from None
    if sheet is None:
        raise SpreadsheetError(_("The workbook has no visible sheet with data."))
    start_row, start_column = sheet.start or (0, 0)
    end_row = (sheet.end or (0, 0))[0]
    if end_row + 1 > limits.max_rows + 50:
        raise too_many_rows(limits)
    if sheet.width > limits.max_columns:
        raise SpreadsheetError(
            _("The sheet has %(count)s columns; a roster can have at most %(limit)s.")
            % {"count": sheet.width, "limit": limits.max_columns}
        )
    merged = [
        ((first[0], first[1] - start_column), (last[0], last[1] - start_column))
        for first, last in (sheet.merged_cell_ranges or [])
    ]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        # iter_rows yields every row from the sheet's first (row 1), the columns from
        # the first used one.
        for index, values in enumerate(sheet.iter_rows()):
            yield index + 1, values

    return SheetRows(rows=rows(), height=end_row + 1, sheet_name=sheet.name, merged=merged)


def _csv_rows(path, limits: Limits) -> SheetRows:
    encoding = csv_encoding(path)
    with open(path, encoding=encoding, newline="") as handle:
        sample = handle.read(16 * 1024)
        height = sample.count("\n") + 1
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    size = os.path.getsize(path)
    if len(sample) and size > len(sample.encode(encoding, errors="replace")):
        # Estimate from the sample's bytes per line (for the progress bar only).
        per_line = max(len(sample.encode(encoding, errors="replace")) / max(height, 1), 1)
        height = int(size / per_line)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with open(path, encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, dialect)
            try:
                for number, values in enumerate(reader, start=1):
                    if number > limits.max_rows + 50:
                        raise too_many_rows(limits)
                    yield number, values
            except csv.Error as error:
                raise SpreadsheetError(
                    _("The .csv file cannot be read at line %(line)s: %(reason)s")
                    % {"line": reader.line_num, "reason": str(error)}
                ) from None

    return SheetRows(rows=rows(), height=height)


def check_upload(path: str | os.PathLike, filename: str, limits: Limits | None = None) -> str:
    """Every check that needs no parsing: size, type, zip bomb. Returns the kind."""
    limits = limits or Limits.from_settings()
    check_size(os.path.getsize(path), limits)
    kind = detect_kind(path, filename)
    if kind == XLSX:
        check_zip(path, limits)
    elif kind == CSV:
        csv_encoding(path)
    return kind


__all__ = [
    "CSV",
    "XLS",
    "XLSX",
    "Limits",
    "SheetRows",
    "SpreadsheetError",
    "check_size",
    "check_upload",
    "check_zip",
    "csv_encoding",
    "detect_kind",
    "kind_for_name",
    "open_rows",
]

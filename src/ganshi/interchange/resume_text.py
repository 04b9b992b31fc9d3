"""The 简历 text of the 任免审批表 ⇄ résumé entries.

One entry per line, ``yyyy.MM--yyyy.MM␠␠text``; a current entry leaves the end blank
(``yyyy.MM--␠␠␠␠␠␠␠␠␠text``). Files also carry ``198503--199007 text``, full-width digits,
dots, dashes and spaces, ``1985年3月—1990年7月``, ``2015.09--至今``, lines without a date
that continue the entry above them, and ``（其间：yyyy.MM--yyyy.MM …；…）`` groups that
hold sub-entries (on their own line, spread over several lines, or at the end of an
entry's text).

``parse_resume`` reads every variant; ``format_resume`` writes the canonical form, which
``parse_resume`` reads back to the same entries. The text of an entry is kept as written:
only the dates and the marks that delimit sub-entries are normalised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ganshi.core.year_month import YearMonth

# Column of the text in a canonical line: "yyyy.MM--yyyy.MM" and two spaces.
TEXT_COLUMN = 18
SUB_ENTRY_OPEN = "（其间："
SUB_ENTRY_CLOSE = "）"
SUB_ENTRY_SEPARATOR = "；"
OPEN_END_WORDS = ("至今", "今")

# One character for one character, so that positions in the normalised text are
# positions in the original.
_NORMALISE = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "．": ".",
        "\u3000": " ",
        "\t": " ",
        "\xa0": " ",
        "－": "-",
        "—": "-",
        "–": "-",
        "―": "-",
        "─": "-",
        "～": "~",
        "(": "（",
        ")": "）",
        ":": "：",
        ";": "；",
    }
)
_YEAR_MONTH = r"\d{4}(?:\.\d{1,2}(?!\d)|年\d{1,2}月?|\d{2}(?!\d))"
_RANGE = re.compile(
    rf"^\s*(?P<start>{_YEAR_MONTH})\s*(?:-+|~|至)\s*"
    rf"(?P<end>{_YEAR_MONTH}|至今|今)?\s*(?P<text>.*?)\s*$",
    re.DOTALL,
)
_SUB_GROUP = re.compile(r"（\s*[其期]间\s*：?(?P<body>[^（）]*)）")
_SUB_OPEN = re.compile(r"（\s*[其期]间")


class ResumeSyntaxError(ValueError):
    """A 简历 line that cannot be read; ``line`` counts from 1."""

    def __init__(self, message: str, *, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class ResumeItem:
    start: YearMonth
    end: YearMonth | None
    text: str
    is_sub_entry: bool = False


def _normalise(text: str) -> str:
    return text.translate(_NORMALISE)


def _year_month(text: str, *, line: int) -> YearMonth:
    digits = text.replace("年", ".").replace("月", "")
    try:
        return YearMonth.parse(digits)
    except ValueError as error:
        raise ResumeSyntaxError(
            _("Line %(line)s of the résumé: %(error)s") % {"line": line, "error": error},
            line=line,
        ) from None


def _range(original: str, *, line: int) -> tuple[YearMonth, YearMonth | None, str] | None:
    """(start, end, text) when ``original`` starts with a date range, else None."""
    match = _RANGE.match(_normalise(original))
    if not match:
        return None
    start = _year_month(match.group("start"), line=line)
    end_text = match.group("end")
    end = None if end_text in (None, *OPEN_END_WORDS) else _year_month(end_text, line=line)
    return start, end, original[match.start("text") : match.end("text")]


def _has_open_group(text: str) -> bool:
    """Whether ``text`` ends inside an unclosed （其间 … parenthesis."""
    normalised = _normalise(text)
    opened = list(_SUB_OPEN.finditer(normalised))
    return bool(opened) and "）" not in normalised[opened[-1].end() :]


def _split_sub_entries(text: str, *, line: int) -> tuple[str, list[ResumeItem]]:
    """Take the （其间：…） groups whose every part starts with a date out of ``text``."""
    normalised = _normalise(text)
    subs: list[ResumeItem] = []
    kept: list[str] = []
    position = 0
    for match in _SUB_GROUP.finditer(normalised):
        body_start, body_end = match.span("body")
        parts: list[str] = []
        part_start = body_start
        for index in range(body_start, body_end + 1):
            if index == body_end or normalised[index] == "；":
                if text[part_start:index].strip():
                    parts.append(text[part_start:index])
                part_start = index + 1
        ranges = [_range(part, line=line) for part in parts]
        if not parts or any(item is None or not item[2].strip() for item in ranges):
            continue
        kept.append(text[position : match.start()])
        position = match.end()
        for start, end, part_text in ranges:  # type: ignore[misc]
            subs.append(ResumeItem(start, end, part_text.strip(), is_sub_entry=True))
    kept.append(text[position:])
    return "".join(kept).strip(), subs


def parse_resume(text: str) -> list[ResumeItem]:
    """Read the 简历 text; raise ResumeSyntaxError naming the line that cannot be read."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    # Logical entries: [first line number, start, end, text]
    logical: list[list] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        parsed = None if logical and _has_open_group(logical[-1][3]) else _range(line, line=number)
        if parsed is not None:
            start, end, rest = parsed
            logical.append([number, start, end, rest])
        elif logical:
            logical[-1][3] += line
        elif _SUB_OPEN.match(_normalise(line)):  # sub-entries with no entry above them
            logical.append([number, None, None, line])
        else:
            raise ResumeSyntaxError(
                _(
                    "Line %(line)s of the résumé has no dates (yyyy.MM--yyyy.MM) and there is "
                    "no entry above it to continue."
                )
                % {"line": number},
                line=number,
            )
    items: list[ResumeItem] = []
    for number, start, end, rest in logical:
        remainder, subs = _split_sub_entries(rest, line=number)
        if start is None and not remainder:
            items.extend(subs)
            continue
        if start is None:
            raise ResumeSyntaxError(
                _(
                    "Line %(line)s of the résumé has no dates (yyyy.MM--yyyy.MM) and there is "
                    "no entry above it to continue."
                )
                % {"line": number},
                line=number,
            )
        if not remainder:
            raise ResumeSyntaxError(
                _("Line %(line)s of the résumé has dates but no text.") % {"line": number},
                line=number,
            )
        items.append(ResumeItem(start, end, remainder))
        items.extend(subs)
    return items


def _dates(item: ResumeItem) -> str:
    return f"{item.start}--{item.end if item.end is not None else ''}"


def format_resume(items: list[ResumeItem], *, newline: str = "\n") -> str:
    """The canonical 简历 text: one line per entry; the sub-entries that follow an entry
    in one （其间：…；…） group on the line below it, indented to the text column."""
    lines: list[str] = []
    group: list[str] = []

    def close_group() -> None:
        if group:
            body = SUB_ENTRY_SEPARATOR.join(group)
            lines.append(" " * TEXT_COLUMN + SUB_ENTRY_OPEN + body + SUB_ENTRY_CLOSE)
            group.clear()

    for item in items:
        if item.is_sub_entry:
            group.append(f"{_dates(item)}  {item.text}")
            continue
        close_group()
        lines.append(f"{_dates(item).ljust(TEXT_COLUMN - 2)}  {item.text}")
    close_group()
    return newline.join(lines)


__all__ = [
    "TEXT_COLUMN",
    "ResumeItem",
    "ResumeSyntaxError",
    "format_resume",
    "parse_resume",
]

"""Year-month values (出生年月, 参加工作时间 …), shown as ``1985.03``.

Stored as the integer ``yyyymm`` (198503) so they sort, compare and index as numbers;
the .lrmx format writes the same digits.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MIN_YEAR = 1900
MAX_YEAR = 2200

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")
_SEPARATED = re.compile(
    r"^\s*(\d{4})\s*(?:[.\-/年]\s*)(\d{1,2})\s*(?:(?:[.\-/月]\s*)(\d{1,2})?\s*日?)?\s*$"
)
_DIGITS = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})?\s*$")


@dataclass(frozen=True, order=True, slots=True)
class YearMonth:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(_("The year %(year)s is out of range.") % {"year": self.year})
        if not 1 <= self.month <= 12:
            raise ValueError(_("The month %(month)s does not exist.") % {"month": self.month})

    @classmethod
    def parse(cls, text: str | int | YearMonth | datetime.date) -> YearMonth:
        """Read the forms people type: 1985.03, 1985.3, 1985年3月, 198503, 1985-03, 1985/3/1."""
        if isinstance(text, YearMonth):
            return text
        if isinstance(text, datetime.date):
            return cls(text.year, text.month)
        if isinstance(text, int):
            return cls.from_int(text)
        normalised = str(text).translate(_FULLWIDTH).strip()
        match = _SEPARATED.match(normalised) or _DIGITS.match(normalised)
        if not match:
            raise ValueError(
                _("“%(text)s” is not a year-month; write it as 1985.03.") % {"text": text}
            )
        year, month = int(match.group(1)), int(match.group(2))
        value = cls(year, month)
        if match.group(3) is not None:
            try:
                datetime.date(year, month, int(match.group(3)))
            except ValueError:
                raise ValueError(
                    _("The date %(text)s does not exist.") % {"text": str(text).strip()}
                ) from None
        return value

    @classmethod
    def from_int(cls, value: int) -> YearMonth:
        return cls(value // 100, value % 100)

    @classmethod
    def from_date(cls, value: datetime.date) -> YearMonth:
        return cls(value.year, value.month)

    @classmethod
    def today(cls) -> YearMonth:
        return cls.from_date(datetime.date.today())  # noqa: DTZ011 - a calendar month

    def to_int(self) -> int:
        return self.year * 100 + self.month

    def to_lrmx(self) -> str:
        return f"{self.year:04d}{self.month:02d}"

    def __str__(self) -> str:
        return f"{self.year:04d}.{self.month:02d}"

    def months_until(self, other: YearMonth) -> int:
        return (other.year - self.year) * 12 + (other.month - self.month)

    def years_until(self, other: YearMonth) -> int:
        """Whole years from this month to ``other`` (an age, a tenure)."""
        return self.months_until(other) // 12

    def add_months(self, months: int) -> YearMonth:
        total = self.year * 12 + (self.month - 1) + months
        return YearMonth(total // 12, total % 12 + 1)

"""Dates in the demo: month numbers counted from year 0, and the fixed reference date.

Every age, tenure and "current" record is relative to ``REFERENCE_DATE`` (2026-06-30),
never to today, so a seed gives the same database on any day. Inside the generator a
month is one integer (``year * 12 + month - 1``): cheap to add to and compare;
``to_int`` turns it into the ``yyyymm`` the YearMonth fields store.
"""

from __future__ import annotations

import datetime

REFERENCE_DATE = datetime.date(2026, 6, 30)


def month(year: int, month_of_year: int) -> int:
    return year * 12 + month_of_year - 1


REFERENCE = month(REFERENCE_DATE.year, REFERENCE_DATE.month)
# 公务员职务与职级并行: ranks exist from June 2019 (the conversion, 套转).
RANK_SYSTEM_START = month(2019, 6)


def to_int(value: int) -> int:
    """Month number → yyyymm."""
    return (value // 12) * 100 + value % 12 + 1


def text(value: int) -> str:
    """Month number → ``2007.07``."""
    return f"{value // 12:04d}.{value % 12 + 1:02d}"


def year_of(value: int) -> int:
    return value // 12


def age_at(birth: int, when: int = REFERENCE) -> int:
    return (when - birth) // 12

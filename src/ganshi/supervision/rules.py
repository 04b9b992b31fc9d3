"""Rules of supervision as pure functions over plain values; parameters come from
``SupervisionSettings`` (adjustable by the county)."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

ADMONITION_SOURCE = "《关于对党员领导干部进行诫勉的规定》"


@dataclass(frozen=True)
class RuleResult:
    allowed: bool
    text: str
    source: str
    until: datetime.date | None = None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def admonition_bar(
    admonition_dates: Iterable[datetime.date], *, at: datetime.date, months: int
) -> RuleResult:
    """Whether admonitions (诫勉) still bar promotion on ``at``: an admonished cadre may
    not be promoted or given greater responsibility within ``months`` months of it."""
    ends = [add_months(day, months) for day in admonition_dates if day <= at]
    barring = [end for end in ends if end > at]
    if barring:
        until = max(barring)
        return RuleResult(
            allowed=False,
            text=f"受到诫勉的，{months}个月内不得提拔或者重用（影响期至{until:%Y年%m月%d日}）",
            source=ADMONITION_SOURCE,
            until=until,
        )
    return RuleResult(
        allowed=True,
        text=f"无{months}个月影响期内的诫勉",
        source=ADMONITION_SOURCE,
    )

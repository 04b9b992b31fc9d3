from __future__ import annotations

import datetime

from ganshi.supervision.rules import add_months, admonition_bar


def test_add_months_keeps_the_day_or_takes_the_last():
    # then
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 8, 15), 6) == datetime.date(2027, 2, 15)
    assert add_months(datetime.date(2026, 3, 1), -3) == datetime.date(2025, 12, 1)


def test_an_admonition_bars_promotion_for_its_period():
    # when
    result = admonition_bar([datetime.date(2026, 1, 10)], at=datetime.date(2026, 5, 1), months=6)
    # then
    assert result.allowed is False
    assert result.until == datetime.date(2026, 7, 10)
    assert result.text == "受到诫勉的，6个月内不得提拔或者重用（影响期至2026年07月10日）"


def test_the_bar_ends_with_the_period_and_ignores_later_dates():
    # when
    ended = admonition_bar([datetime.date(2025, 1, 10)], at=datetime.date(2025, 7, 10), months=6)
    future = admonition_bar([datetime.date(2026, 9, 1)], at=datetime.date(2026, 5, 1), months=6)
    # then
    assert (ended.allowed, ended.until) == (True, None)
    assert future.allowed is True


def test_the_period_is_a_parameter():
    # when
    result = admonition_bar([datetime.date(2026, 1, 10)], at=datetime.date(2026, 5, 1), months=3)
    # then
    assert result.allowed is True

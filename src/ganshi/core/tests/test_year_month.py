"""YearMonth: the forms people type, and the arithmetic ages and tenures rely on."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from ganshi.core.year_month import MAX_YEAR, MIN_YEAR, YearMonth


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


year_months = st.builds(
    YearMonth, st.integers(min_value=MIN_YEAR, max_value=MAX_YEAR), st.integers(1, 12)
)


@pytest.mark.parametrize(
    "text",
    [
        "1985.03",
        "1985.3",
        "1985年3月",
        "1985年03月",
        "198503",
        "1985-03",
        "1985/3/1",
        "1985/03/31",
        "1985年3月5日",
        "1985.03.15",
        "19850315",
        " 1985.03 ",
        "1985 . 3",
        "１９８５．０３",
        "１９８５年３月",
        "１９８５－０３",
    ],
)
def test_parse_accepts_the_forms_people_type(text):
    # given a year-month written one of the usual ways
    # when
    parsed = YearMonth.parse(text)
    # then
    assert parsed == YearMonth(1985, 3)


def test_parse_accepts_values_that_are_already_typed():
    # given / when / then
    assert YearMonth.parse(198503) == YearMonth(1985, 3)
    assert YearMonth.parse(datetime.date(1985, 3, 9)) == YearMonth(1985, 3)
    assert YearMonth.parse(YearMonth(1985, 3)) == YearMonth(1985, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "“” is not a year-month; write it as 1985.03."),
        ("junk", "“junk” is not a year-month; write it as 1985.03."),
        ("1985", "“1985” is not a year-month; write it as 1985.03."),
        ("85.03", "“85.03” is not a year-month; write it as 1985.03."),
        ("1985.03.04.05", "“1985.03.04.05” is not a year-month; write it as 1985.03."),
        ("1985.003", "“1985.003” is not a year-month; write it as 1985.03."),
        ("1985.13", "The month 13 does not exist."),
        ("1985.0", "The month 0 does not exist."),
        ("198500", "The month 0 does not exist."),
        ("1899.12", "The year 1899 is out of range."),
        ("1985/2/30", "The date 1985/2/30 does not exist."),
        ("19850230", "The date 19850230 does not exist."),
        ("1985年4月31日", "The date 1985年4月31日 does not exist."),
    ],
)
def test_parse_refuses_junk_with_a_message(text, message):
    # given text that is no year-month
    # when
    with pytest.raises(ValueError) as caught:
        YearMonth.parse(text)
    # then
    assert str(caught.value) == message


def test_from_int_refuses_a_number_without_a_month():
    # given / when
    with pytest.raises(ValueError) as caught:
        YearMonth.from_int(1985)
    # then
    assert str(caught.value) == "The year 19 is out of range."


def test_string_and_lrmx_forms():
    # given
    value = YearMonth(1985, 3)
    # when / then
    assert str(value) == "1985.03"
    assert value.to_lrmx() == "198503"
    assert value.to_int() == 198503


def test_years_until_counts_whole_years():
    # given a birth month
    birth = YearMonth(1985, 3)
    # when / then: the birthday month completes the year
    assert birth.years_until(YearMonth(2025, 2)) == 39
    assert birth.years_until(YearMonth(2025, 3)) == 40
    assert birth.months_until(YearMonth(2025, 2)) == 479


def test_add_months_crosses_years():
    # given / when / then
    assert YearMonth(1985, 11).add_months(3) == YearMonth(1986, 2)
    assert YearMonth(1985, 1).add_months(-1) == YearMonth(1984, 12)
    assert YearMonth(1985, 1).add_months(-24) == YearMonth(1983, 1)


@settings(max_examples=200, deadline=None)
@given(year_months)
def test_str_round_trips_through_parse(value):
    # given / when / then
    assert YearMonth.parse(str(value)) == value
    assert YearMonth.parse(value.to_lrmx()) == value


@settings(max_examples=200, deadline=None)
@given(year_months)
def test_int_round_trips(value):
    # given / when / then
    assert YearMonth.from_int(value.to_int()) == value
    assert YearMonth.parse(value.to_int()) == value


@settings(max_examples=200, deadline=None)
@given(year_months, year_months)
def test_add_months_is_undone_by_its_inverse(start, target):
    # given the distance between two months
    months = start.months_until(target)
    # when / then
    assert start.add_months(months) == target
    assert target.add_months(-months) == start
    assert start.add_months(months).to_int() == target.to_int()


@settings(max_examples=200, deadline=None)
@given(year_months, year_months)
def test_ordering_is_integer_ordering(first, second):
    # given / when / then
    assert (first < second) == (first.to_int() < second.to_int())
    assert (first == second) == (first.to_int() == second.to_int())
    assert (first <= second) == (first.to_int() <= second.to_int())


@settings(max_examples=200, deadline=None)
@given(
    st.builds(YearMonth, st.integers(MIN_YEAR, 2000), st.integers(1, 12)),
    st.integers(min_value=0, max_value=150),
    st.integers(min_value=0, max_value=11),
)
def test_years_until_is_whole_years(start, years, extra_months):
    # given a month some whole years and a few months later
    later = start.add_months(12 * years + extra_months)
    # when / then
    assert start.years_until(later) == years
    assert start.months_until(later) == 12 * years + extra_months

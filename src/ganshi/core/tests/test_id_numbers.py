"""ID numbers (GB 11643-1999, ISO 7064 MOD 11-2 check character)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from ganshi.core.id_numbers import IdNumber, mask_id_number

TODAY = datetime.date(2025, 6, 15)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def standard_check(first_seventeen: str) -> str:
    """The check character as GB 11643 defines it, independently of the module:
    weight of position i (counted from the right, the check character being 1) is
    2^(i-1) mod 11; the check value is (12 - sum mod 11) mod 11, 10 written X."""
    weights = [2 ** (18 - position - 1) % 11 for position in range(17)]
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, weights, strict=True))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


regions = st.builds(
    lambda first, rest: f"{first}{rest:05d}",
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=0, max_value=99999),
)
birth_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def test_the_standard_weights_are_the_published_ones():
    # given / when
    weights = [2 ** (18 - position - 1) % 11 for position in range(17)]
    # then
    assert weights == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


@pytest.mark.parametrize(
    ("number", "birth_date", "gender"),
    [
        ("11010519491231002X", datetime.date(1949, 12, 31), "female"),
        ("450421198503120017", datetime.date(1985, 3, 12), "male"),
    ],
)
def test_known_numbers(number, birth_date, gender):
    # given a real-format number whose check character the standard confirms
    assert standard_check(number[:17]) == number[17]
    # when
    parsed = IdNumber.parse(number, today=TODAY)
    # then
    assert parsed == IdNumber(value=number, birth_date=birth_date, gender=gender)


def test_a_number_born_before_1900_is_impossible():
    # given the standard's own example of a man born in 1880
    # when
    with pytest.raises(ValueError) as caught:
        IdNumber.parse("440524188001010014", today=TODAY)
    # then
    assert str(caught.value) == "The ID number's birth date 18800101 is impossible."


def test_lower_case_x_full_width_and_spaces_are_read():
    # given the classic example typed carelessly
    # when
    parsed = IdNumber.parse(" １１０１０５１９４９１２３１００２ｘ ", today=TODAY)
    # then
    assert parsed.value == "11010519491231002X"


@settings(max_examples=200, deadline=None)
@given(regions, birth_dates, sequences)
def test_every_built_number_parses(region, birth_date, sequence):
    # given
    number = IdNumber.build(region, birth_date, sequence)
    # when
    parsed = IdNumber.parse(number, today=TODAY)
    # then
    assert parsed.value == number
    assert number[17] == standard_check(number[:17])
    assert parsed.birth_date == birth_date
    assert parsed.gender == ("male", "female")[(sequence + 1) % 2]


@settings(max_examples=200, deadline=None)
@given(
    regions,
    birth_dates,
    sequences,
    st.integers(min_value=0, max_value=16),
    st.integers(min_value=1, max_value=9),
)
def test_changing_any_digit_breaks_the_check(region, birth_date, sequence, position, shift):
    # given a valid number and the same number with one digit changed
    number = IdNumber.build(region, birth_date, sequence)
    digit = str((int(number[position]) + shift) % 10)
    changed = number[:position] + digit + number[position + 1 :]
    # when
    with pytest.raises(ValueError):
        IdNumber.parse(changed, today=TODAY)
    # then: MOD 11-2 catches every single substitution
    assert standard_check(changed[:17]) != number[17]


@settings(max_examples=100, deadline=None)
@given(regions, birth_dates, sequences, st.integers(min_value=1, max_value=10))
def test_a_wrong_check_character_names_the_right_one(region, birth_date, sequence, offset):
    # given a number whose check character is replaced by another valid one
    number = IdNumber.build(region, birth_date, sequence)
    characters = "0123456789X"
    wrong = characters[(characters.index(number[17]) + offset) % 11]
    # when
    with pytest.raises(ValueError) as caught:
        IdNumber.parse(number[:17] + wrong, today=TODAY)
    # then
    assert str(caught.value) == (
        f"The ID number's check character is wrong (it should be {number[17]})."
    )


def check_completed(first_seventeen: str) -> str:
    return first_seventeen + standard_check(first_seventeen)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "An ID number has 18 characters; this one has 0."),
        ("1101051949123100", "An ID number has 18 characters; this one has 16."),
        ("11010519491231002X1", "An ID number has 18 characters; this one has 19."),
        ("110105194912310", "An ID number has 18 characters; this one has 15."),
        ("11010519491231002A", "An ID number is 17 digits followed by a digit or X."),
        ("1101051949123100X2", "An ID number is 17 digits followed by a digit or X."),
        ("11010519491231 02X", "An ID number is 17 digits followed by a digit or X."),
        (
            check_completed("91010519491231002"),
            "The ID number's region code 910105 does not exist.",
        ),
        (
            check_completed("01010519491231002"),
            "The ID number's region code 010105 does not exist.",
        ),
        (
            check_completed("45042119850230001"),
            "The ID number's birth date 19850230 does not exist.",
        ),
        (
            check_completed("45042119851301001"),
            "The ID number's birth date 19851301 does not exist.",
        ),
        (
            check_completed("45042120250616001"),
            "The ID number's birth date 20250616 is impossible.",
        ),
        (
            "110105194912310021",
            "The ID number's check character is wrong (it should be X).",
        ),
    ],
)
def test_bad_numbers_are_refused_with_the_right_message(number, message):
    # given a malformed number
    # when
    with pytest.raises(ValueError) as caught:
        IdNumber.parse(number, today=TODAY)
    # then
    assert str(caught.value) == message


def test_birth_today_is_possible():
    # given a number for a child born today
    number = check_completed("45042120250615002")
    # when
    parsed = IdNumber.parse(number, today=TODAY)
    # then
    assert parsed.birth_date == TODAY
    assert parsed.gender == "female"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "1101**********002X"),
        ("450421198503120017", "4504**********0017"),
        ("13812345678", "1381***5678"),
        ("12345678", "********"),
        ("123456789", "1234*6789"),
        ("1234567", "*******"),
        ("", ""),
    ],
)
def test_mask_id_number(value, masked):
    # given / when / then
    assert mask_id_number(value) == masked


def test_parsed_number_masks_itself():
    # given
    parsed = IdNumber.parse("11010519491231002X", today=TODAY)
    # when / then
    assert parsed.masked() == "1101**********002X"

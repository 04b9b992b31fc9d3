"""The training rules at their boundaries: the credit-hour requirement by level, the
leave share of a full-time class, the credit hours a session's length allows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ganshi.orgs.models import LeadershipLevel
from ganshi.training import rules

DEFAULTS = rules.Parameters()
HOURS = st.decimals(min_value=0, max_value=2000, places=1, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("level", "rank", "kind", "hours"),
    [
        (LeadershipLevel.TOWNSHIP_CHIEF, 99, "annual", Decimal(90)),
        (LeadershipLevel.NONE, 7, "annual", Decimal(90)),  # 一级主任科员
        (LeadershipLevel.NONE, 6, "five_years", Decimal(550)),  # 四级调研员
        (LeadershipLevel.COUNTY_DEPUTY, 99, "five_years", Decimal(550)),
        (LeadershipLevel.VILLAGE, 99, "annual", Decimal(90)),
    ],
)
def test_the_requirement_by_level(level, rank, kind, hours):
    # when
    requirement = rules.hours_requirement(leadership_level=level, rank=rank, parameters=DEFAULTS)
    # then
    assert (requirement.kind, requirement.hours) == (kind, hours)
    assert requirement.source == "干部教育培训工作条例 (2023) art. 14"


def test_the_requirement_text():
    # when
    requirement = rules.hours_requirement(
        leadership_level=LeadershipLevel.NONE,
        rank=99,
        parameters=rules.Parameters(annual_hours=Decimal("90.0")),
    )
    # then
    assert requirement.text == "乡科级及以下干部每年参加培训不少于 90 学时。"


def test_the_requirement_follows_the_parameters():
    # given
    parameters = rules.Parameters(annual_hours=Decimal(100), senior_rank_floor=5)
    # when
    requirement = rules.hours_requirement(
        leadership_level=LeadershipLevel.NONE, rank=6, parameters=parameters
    )
    # then
    assert (requirement.kind, requirement.hours) == ("annual", Decimal(100))


@pytest.mark.parametrize(
    ("hours", "shortfall"), [(Decimal("89.9"), Decimal("0.1")), (Decimal(90), 0), (Decimal(91), 0)]
)
def test_the_annual_boundary(hours, shortfall):
    # when
    result = rules.hours_compliance(
        leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY,
        rank=99,
        hours_in_year=hours,
        hours_in_span=Decimal(0),
        parameters=DEFAULTS,
    )
    # then
    assert result.shortfall == shortfall
    assert result.is_met == (shortfall == 0)


@given(year=HOURS, span=HOURS)
def test_a_senior_cadre_is_judged_on_five_years_only(year, span):
    # when
    result = rules.hours_compliance(
        leadership_level=LeadershipLevel.COUNTY_CHIEF,
        rank=99,
        hours_in_year=year,
        hours_in_span=span,
        parameters=DEFAULTS,
    )
    # then
    assert result.shortfall == max(Decimal(550) - span, Decimal(0))


@given(
    class_hours=st.integers(min_value=1, max_value=400),
    leave=st.integers(min_value=0, max_value=400),
)
def test_leave_withdraws_exactly_when_past_a_seventh(class_hours, leave):
    # when
    verdict = rules.leave_verdict(
        is_full_time=True,
        class_hours=Decimal(class_hours),
        leave_hours=Decimal(leave),
        parameters=DEFAULTS,
    )
    # then
    assert verdict.must_withdraw == (leave * 7 > class_hours)


@given(
    class_hours=st.integers(min_value=1, max_value=400),
    leave=st.integers(min_value=0, max_value=400),
)
def test_leave_never_withdraws_from_a_part_time_class(class_hours, leave):
    # when
    verdict = rules.leave_verdict(
        is_full_time=False,
        class_hours=Decimal(class_hours),
        leave_hours=Decimal(leave),
        parameters=DEFAULTS,
    )
    # then
    assert verdict.must_withdraw is False


def test_leave_rule_text_names_the_share():
    # when
    verdict = rules.leave_verdict(
        is_full_time=True, class_hours=Decimal(28), leave_hours=Decimal(4), parameters=DEFAULTS
    )
    # then
    assert verdict.allowed_hours == Decimal("4.00")
    assert (
        verdict.text
        == "脱产培训期间请假不得超过总学时的 1/7（28 学时中的 4 学时），超过的按退学处理。"
    )


@given(
    start=st.integers(min_value=0, max_value=23 * 60),
    length=st.integers(min_value=1, max_value=600),
)
def test_max_credit_hours_is_one_per_45_minutes_rounded_down(start, length):
    # given
    end = min(start + length, 24 * 60 - 1)
    begin = datetime.time(start // 60, start % 60)
    finish = datetime.time(end // 60, end % 60)
    # when
    most = rules.max_credit_hours(start=begin, end=finish, parameters=DEFAULTS)
    # then
    minutes = max(end - start, 0)
    assert most * 45 <= minutes
    assert (most + Decimal("0.1")) * 45 > minutes

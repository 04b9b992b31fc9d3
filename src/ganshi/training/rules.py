"""The training rules as pure functions over plain values.

Each returns its verdict with the rule's Chinese text and its source, so a page can say
why. The numbers come from ``Parameters`` (the ``TrainingParameters`` row, whose
defaults are GLOSSARY.md's: 90 hours a year; 550 in five years for 县处级 and
四级调研员 and above; leave at most 1/7 of a full-time class's hours).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ganshi.orgs.models import LeadershipLevel
from ganshi.training.choices import RequirementKind

SENIOR_LEVELS = (LeadershipLevel.COUNTY_CHIEF, LeadershipLevel.COUNTY_DEPUTY)
DEFAULT_SOURCE = "干部教育培训工作条例 (2023) art. 14"


@dataclass(frozen=True)
class Parameters:
    annual_hours: Decimal = Decimal(90)
    five_year_hours: Decimal = Decimal(550)
    five_year_span: int = 5
    senior_rank_floor: int = 6
    leave_numerator: int = 1
    leave_denominator: int = 7
    minutes_per_credit_hour: int = 45
    signin_early_minutes: int = 30
    source: str = DEFAULT_SOURCE

    @classmethod
    def from_row(cls, row) -> Parameters:
        return cls(
            annual_hours=Decimal(row.annual_hours),
            five_year_hours=Decimal(row.five_year_hours),
            five_year_span=row.five_year_span,
            senior_rank_floor=row.senior_rank_floor,
            leave_numerator=row.leave_numerator,
            leave_denominator=row.leave_denominator,
            minutes_per_credit_hour=row.minutes_per_credit_hour,
            signin_early_minutes=row.signin_early_minutes,
            source=row.source,
        )


def hours_label(value) -> str:
    """90 rather than 90.0 (what the database gives back); 87.5 as it is."""
    value = Decimal(value or 0)
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(Decimal("0.1")))


def is_senior(*, leadership_level: str, rank: int, parameters: Parameters) -> bool:
    """县处级 leaders, and ranks from 四级调研员 (code 6) up (a smaller code is higher)."""
    return leadership_level in SENIOR_LEVELS or rank <= parameters.senior_rank_floor


@dataclass(frozen=True)
class Requirement:
    kind: str  # RequirementKind
    hours: Decimal
    years: int
    text: str
    source: str


def hours_requirement(*, leadership_level: str, rank: int, parameters: Parameters) -> Requirement:
    if is_senior(leadership_level=leadership_level, rank=rank, parameters=parameters):
        return Requirement(
            kind=RequirementKind.FIVE_YEARS,
            hours=parameters.five_year_hours,
            years=parameters.five_year_span,
            text=_(
                "Cadres at county level (县处级) and 四级调研员 and above need at least "
                "%(hours)s credit hours in %(years)s years."
            )
            % {
                "hours": hours_label(parameters.five_year_hours),
                "years": parameters.five_year_span,
            },
            source=parameters.source,
        )
    return Requirement(
        kind=RequirementKind.ANNUAL,
        hours=parameters.annual_hours,
        years=1,
        text=_(
            "Cadres at section level (乡科级) and below need at least %(hours)s credit hours a year."
        )
        % {"hours": hours_label(parameters.annual_hours)},
        source=parameters.source,
    )


@dataclass(frozen=True)
class Compliance:
    requirement: Requirement
    counted_hours: Decimal
    shortfall: Decimal

    @property
    def is_met(self) -> bool:
        return self.shortfall == 0


def hours_compliance(
    *,
    leadership_level: str,
    rank: int,
    hours_in_year: Decimal,
    hours_in_span: Decimal,
    parameters: Parameters,
) -> Compliance:
    """How far a cadre is from the requirement: the year's hours, or the five years' for
    a senior cadre; shortfall 0 when met."""
    requirement = hours_requirement(
        leadership_level=leadership_level, rank=rank, parameters=parameters
    )
    counted = hours_in_span if requirement.kind == RequirementKind.FIVE_YEARS else hours_in_year
    shortfall = max(requirement.hours - counted, Decimal(0))
    return Compliance(requirement=requirement, counted_hours=counted, shortfall=shortfall)


@dataclass(frozen=True)
class LeaveVerdict:
    must_withdraw: bool
    allowed_hours: Decimal
    text: str
    source: str


def leave_verdict(
    *, is_full_time: bool, class_hours: Decimal, leave_hours: Decimal, parameters: Parameters
) -> LeaveVerdict:
    """A cadre whose leave passes the allowed share (1/7) of a full-time class's hours is
    withdrawn. Exactly the share is still allowed; part-time classes have no limit."""
    numerator, denominator = parameters.leave_numerator, parameters.leave_denominator
    allowed = (class_hours * numerator / denominator).quantize(Decimal("0.01"))
    text = _(
        "Leave during a full-time class may not exceed %(numerator)s/%(denominator)s of its "
        "hours (%(allowed)s of %(hours)s); beyond that the cadre is withdrawn."
    ) % {
        "numerator": numerator,
        "denominator": denominator,
        "allowed": hours_label(allowed),
        "hours": hours_label(class_hours),
    }
    must_withdraw = is_full_time and leave_hours * denominator > class_hours * numerator
    return LeaveVerdict(
        must_withdraw=must_withdraw, allowed_hours=allowed, text=text, source=parameters.source
    )


def session_minutes(start: datetime.time, end: datetime.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def max_credit_hours(
    *, start: datetime.time, end: datetime.time, parameters: Parameters
) -> Decimal:
    """The most credit hours a session of this length can give (one per 45 minutes,
    to a tenth of an hour, rounded down)."""
    minutes = max(session_minutes(start, end), 0)
    tenths = minutes * 10 // parameters.minutes_per_credit_hour
    return (Decimal(tenths) / 10).quantize(Decimal("0.1"))


def signin_window(
    *,
    date: datetime.date,
    start: datetime.time,
    end: datetime.time,
    parameters: Parameters,
    tz: datetime.tzinfo,
) -> tuple[datetime.datetime, datetime.datetime]:
    """When a QR sign-in is accepted: from a little before the start to the end."""
    opens = datetime.datetime.combine(date, start, tzinfo=tz) - datetime.timedelta(
        minutes=parameters.signin_early_minutes
    )
    closes = datetime.datetime.combine(date, end, tzinfo=tz)
    return opens, closes

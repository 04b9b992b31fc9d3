"""Resident ID-card numbers (公民身份号码, GB 11643-1999).

18 characters: a 6-digit region code, the birth date ``yyyymmdd``, a 3-digit sequence
whose last digit is odd for men and even for women, and an ISO 7064 MOD 11-2 check
character (0-9 or X).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸＸｘ", "0123456789XXX")


def check_character(first_seventeen: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


@dataclass(frozen=True, slots=True)
class IdNumber:
    value: str
    birth_date: datetime.date
    gender: str  # "male" or "female", as cadres.choices.Gender

    @classmethod
    def parse(cls, text: str, *, today: datetime.date | None = None) -> IdNumber:
        """Validate ``text``; raise ValueError with a Chinese message naming the fault."""
        value = str(text).translate(_FULLWIDTH).strip().upper()
        if len(value) != 18:
            raise ValueError(
                _("An ID number has 18 characters; this one has %(count)s.") % {"count": len(value)}
            )
        if not _SHAPE.match(value):
            raise ValueError(_("An ID number is 17 digits followed by a digit or X."))
        if value[0] not in "12345678":
            raise ValueError(
                _("The ID number's region code %(code)s does not exist.") % {"code": value[:6]}
            )
        try:
            birth_date = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        except ValueError:
            raise ValueError(
                _("The ID number's birth date %(date)s does not exist.") % {"date": value[6:14]}
            ) from None
        today = today or datetime.date.today()  # noqa: DTZ011 - a calendar date
        if birth_date > today or birth_date.year < 1900:
            raise ValueError(
                _("The ID number's birth date %(date)s is impossible.") % {"date": value[6:14]}
            )
        expected = check_character(value[:17])
        if value[17] != expected:
            raise ValueError(
                _("The ID number's check character is wrong (it should be %(expected)s).")
                % {"expected": expected}
            )
        gender = "male" if int(value[16]) % 2 == 1 else "female"
        return cls(value=value, birth_date=birth_date, gender=gender)

    @staticmethod
    def build(region: str, birth_date: datetime.date, sequence: int) -> str:
        """Compose a valid number (for demo data and tests): sequence 0-999."""
        first = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
        return first + check_character(first)

    def masked(self) -> str:
        return mask_id_number(self.value)


def mask_id_number(value: str) -> str:
    """Show the region and the check character only: 450421********123X → 4504**********123X."""
    if not value:
        return ""
    if len(value) <= 8:  # first four and last four would be all of it
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]

from __future__ import annotations

from ganshi.core.fields import YearMonthField
from ganshi.core.year_month import YearMonth


def test_year_month_field_cleans_a_year_month_without_integer_range_checks():
    # given
    field = YearMonthField()

    # when
    value = field.clean("1985.03", None)

    # then
    assert value == YearMonth(1985, 3)
    assert field.validators == []

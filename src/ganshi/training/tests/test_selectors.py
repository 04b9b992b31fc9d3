from __future__ import annotations

from decimal import Decimal

import pytest

from ganshi.training import selectors
from ganshi.training.selectors import ClassFilters, ComplianceFilters
from ganshi.training.tests.factories import (
    kind,
)

pytestmark = pytest.mark.django_db


def test_class_list_is_scoped_to_the_organiser(county, town1_staff, town2_staff, small_year):
    # when
    mine = selectors.class_list(actor=town1_staff, filters=ClassFilters())
    theirs = selectors.class_list(actor=town2_staff, filters=ClassFilters())
    # then
    assert [c.kind.name for c in mine.items] == ["周末课堂", "主体班"]
    assert [c.organiser.name for c in theirs.items] == ["二村"]
    assert [c.seated_count for c in mine.items] == [2, 1]


def test_class_list_filters_by_kind_and_month(county_staff, small_year):
    # when
    page = selectors.class_list(
        actor=county_staff, filters=ClassFilters(kind=kind("weekend"), year=2026, month=4)
    )
    # then
    assert [c.start_date.day for c in page.items] == [18, 11]


def test_compliance_shows_who_is_behind_and_by_how_much(county_staff, small_year):
    # when
    page = selectors.compliance_list(actor=county_staff, filters=ComplianceFilters(year=2026))
    # then
    rows = {c.name: (c.hours_year, c.hours_span, c.required, c.shortfall) for c in page.items}
    assert rows == {
        "张三": (Decimal(15), Decimal(15), Decimal(90), Decimal(75)),
        "李四": (Decimal(0), Decimal(0), Decimal(90), Decimal(90)),
        "王五": (Decimal("2.5"), Decimal("2.5"), Decimal(90), Decimal("87.5")),
        "赵六": (Decimal(0), Decimal(13), Decimal(550), Decimal(537)),
    }


def test_compliance_totals_and_trained_filter(county_staff, small_year):
    # when
    totals = selectors.compliance_totals(actor=county_staff, filters=ComplianceFilters(year=2026))
    untrained = selectors.compliance_list(
        actor=county_staff,
        filters=ComplianceFilters(year=2026, level="township", trained=False),
    )
    # then
    assert (totals.cadres, totals.behind, totals.shortfall) == (4, 4, Decimal("789.5"))
    assert [c.name for c in untrained.items] == ["李四"]


def test_compliance_of_a_township_sees_its_own_cadres_only(town2_staff, small_year):
    # when
    page = selectors.compliance_list(actor=town2_staff, filters=ComplianceFilters(year=2026))
    # then
    assert [c.name for c in page.items] == ["王五"]


def test_cadre_hours_by_kind(small_year):
    # when
    hours = selectors.cadre_hours(cadre=small_year["zhang"], year=2026)
    # then
    assert [(row.kind, row.hours, row.sessions) for row in hours.by_kind] == [
        ("主体班", Decimal(12), 1),
        ("周末课堂", Decimal(3), 1),
    ]
    assert (hours.hours_year, hours.compliance.shortfall) == (Decimal(15), Decimal(75))


def test_cadre_for_hours_refuses_a_neighbouring_township(town2_staff, small_year):
    # when / then
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.cadre_for_hours(actor=town2_staff, pk=small_year["zhang"].pk)


def test_figures_exact_values(county_staff, small_year):
    # when
    figures = selectors.figures(actor=county_staff, year=2026)
    # then
    assert (figures.classes, figures.person_times, figures.people) == (3, 3, 2)
    assert [(r.label, r.classes, r.person_times) for r in figures.by_kind if r.classes] == [
        ("主体班", 1, 1),
        ("周末课堂", 2, 2),
    ]
    assert [(r.label, r.classes, r.person_times) for r in figures.by_unit] == [
        ("一镇", 2, 2),
        ("二镇", 1, 1),
    ]
    assert [(r.key, r.classes) for r in figures.by_month if r.classes] == [("3", 1), ("4", 2)]
    township = figures.township_coverage
    assert (township.cadres, township.trained, township.percent) == (3, 2, 66.7)


def test_figures_of_a_township(town1_staff, small_year):
    # when
    figures = selectors.figures(actor=town1_staff, year=2026)
    # then
    assert (figures.classes, figures.person_times, figures.people) == (2, 2, 1)
    assert [(r.label, r.classes) for r in figures.by_unit] == [("一镇", 2)]
    assert (figures.township_coverage.cadres, figures.township_coverage.trained) == (2, 1)

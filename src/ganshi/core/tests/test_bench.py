"""The benchmark harness's pure parts: statistics, the table, and the raw SQL returning
the rows the ORM returns (the benchmark itself runs only in ``make bench``)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from ganshi.accounts.roles import Role
from ganshi.accounts.tests.factories import UserFactory
from ganshi.bench import raw
from ganshi.bench.cases import captured_statements
from ganshi.bench.stats import (
    CaseResult,
    Summary,
    Target,
    from_samples,
    markdown_table,
    percentile,
)
from ganshi.cadres.choices import Rank
from ganshi.cadres.selectors import CadreFilters, cadre_count, cadre_list, cadre_structure
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.pagination import _encode
from ganshi.core.year_month import YearMonth
from ganshi.orgs.models import UnitKind
from ganshi.orgs.tests.factories import make_unit


def test_summary_is_median_min_max():
    # when
    summary = Summary.of([3.0, 1.0, 2.0, 10.0])

    # then
    assert (summary.median, summary.low, summary.high, summary.runs) == (2.5, 1.0, 10.0, 4)


def test_percentile_by_nearest_rank():
    # given
    samples = [float(n) for n in range(1, 101)]

    # then
    assert (percentile(samples, 0.5), percentile(samples, 0.95), percentile(samples, 0.99)) == (
        50.0,
        95.0,
        99.0,
    )
    assert percentile([], 0.5) == 0.0


def test_ratio_and_targets():
    # given
    fast = from_samples("a", [0.010, 0.012, 0.011], [0.010, 0.010, 0.010], Target(1.5, 100))
    slow = from_samples("b", [0.2], [0.1], Target(1.5, 100))
    untargeted = from_samples("c", [0.2], None)

    # then
    assert fast.ratio == pytest.approx(1.1)
    assert (fast.met, slow.met, untargeted.met) == (True, False, None)


def test_markdown_table():
    # given
    result = CaseResult(
        "list", Summary(12.5, 10.0, 15.0, 3), Summary(5.0, 4.0, 6.0, 3), Target(1.5, 100)
    )

    # when
    table = markdown_table([result])

    # then
    assert table.splitlines()[2] == (
        "| list | 12.5 ms | 5.00 ms | 2.50× | 10.0–15.0 | ≤ 1.5×, < 100 ms | **no** | — |"
    )


def test_months_back():
    assert (raw.months_back(202603, 12 * 30), raw.months_back(202601, 1)) == (199603, 202512)


@pytest.fixture
def registry():
    province = make_unit(None, name="省", code="P", kind=UnitKind.COUNTY)
    county = make_unit(province, name="县", code="C", kind=UnitKind.COUNTY)
    town = make_unit(county, name="镇", code="T", kind=UnitKind.TOWNSHIP)
    other = make_unit(province, name="邻县", code="N", kind=UnitKind.COUNTY)
    names = ["张三", "张三丰", "李四", "王五", "黄丽", "覃海", "张珊", "赵六"]
    births = [YearMonth(1960 + 5 * n, 1 + n) for n in range(len(names))]
    for index, name in enumerate(names):
        CadreFactory(
            name=name,
            unit=(county, town, other)[index % 3],
            birth=births[index],
            rank=(Rank.FOURTH_PRINCIPAL_STAFF, Rank.NONE)[index % 2],
        )
    admin = UserFactory(role=Role.SYSTEM_ADMIN, scope_unit=None)
    return admin, county


def _raw_db() -> raw.RawDatabase:
    connection.ensure_connection()
    return raw.RawDatabase.wrap(connection.connection, connection.vendor)


def _at() -> int:
    return raw.year_month_int(datetime.date.today())  # noqa: DTZ011


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["", "张三", "zhang", "zs", "li"])
def test_raw_list_page_returns_the_orm_rows(registry, q):
    # given
    admin, county = registry
    filters = CadreFilters(q=q)

    # when
    page = cadre_list(actor=admin, filters=filters, size=3)
    rows, _, count = raw.list_page(_raw_db(), raw.RawFilters(q=q, at=_at()), size=3)

    # then
    assert [row[0] for row in rows] == [cadre.pk for cadre in page.items]
    assert count == cadre_count(actor=admin, filters=filters)[0]


@pytest.mark.django_db
def test_raw_filtered_page_and_cursor_return_the_orm_rows(registry):
    # given
    admin, county = registry
    db = _raw_db()
    everything = raw.RawFilters(at=_at())
    after = raw.keyset_after(db, everything, 2)
    filters = CadreFilters(unit=county, rank=Rank.FOURTH_PRINCIPAL_STAFF, age_band="61+")

    # when
    next_page = cadre_list(actor=admin, filters=CadreFilters(), cursor=_encode(list(after)))
    filtered = cadre_list(actor=admin, filters=filters)
    raw_next, _, _ = raw.list_page(db, everything, after=after)
    raw_filtered, _, _ = raw.list_page(
        db,
        raw.RawFilters(
            unit_path=county.path, rank=Rank.FOURTH_PRINCIPAL_STAFF, age_band="61+", at=_at()
        ),
    )

    # then
    assert [row[0] for row in raw_next] == [cadre.pk for cadre in next_page.items]
    assert [row[0] for row in raw_filtered] == [cadre.pk for cadre in filtered.items]
    assert (len(next_page.items), len(filtered.items)) == (6, 1)


@pytest.mark.django_db
def test_raw_structure_matches_the_dashboard_figures(registry):
    # given
    admin, county = registry

    # when
    figures = cadre_structure(actor=admin)
    by_raw = raw.structure(_raw_db(), raw.RawFilters(at=_at()))

    # then
    assert by_raw["age_band"] == figures.by_age_band
    assert by_raw["gender"] == figures.by_gender
    assert by_raw["education"] == figures.by_education
    assert by_raw["ethnicity"] == figures.by_ethnicity
    assert by_raw["leadership_level"] == figures.by_leadership_level
    assert {k: v for k, v in figures.by_rank.items() if v} == by_raw["rank"]


@pytest.mark.django_db
def test_raw_detail_reads_the_cadre(registry):
    # given
    cadre = CadreFactory.create_batch(1, unit=registry[1])[0]

    # when
    found = raw.detail(_raw_db(), cadre.pk)

    # then
    assert [row[0] for row in found["cadre"]] == [cadre.pk]
    assert found["resume"] == found["tenures"] == found["history"] == []


@pytest.mark.django_db
def test_captured_statements_replay_to_the_rows_the_orm_read(registry):
    # given the statements of a scoped list (a date function included on SQLite)
    admin, county = registry
    pages = []
    statements = captured_statements(
        lambda: pages.append(
            cadre_list(actor=admin, filters=CadreFilters(unit=county), size=2).items
        )
    )
    # when the driver runs them
    rows = raw.replay(_raw_db(), statements)
    # then they read what the ORM read: the page's 2 rows and the next-page probe (the
    # tags' query finds none)
    assert (len(statements), len(pages[0]), rows) == (2, 2, 3)

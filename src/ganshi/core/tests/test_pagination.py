"""Keyset pagination and bounded counts."""

from __future__ import annotations

import base64
import json

import pytest

from ganshi.cadres.models import Cadre
from ganshi.cadres.tests.factories import CadreFactory
from ganshi.core.pagination import Page, bounded_count, keyset_page
from ganshi.core.year_month import YearMonth


@pytest.fixture
def cadres(county):
    """Eleven cadres with ties on name, birth and rank."""
    rows = [
        ("张三", YearMonth(1985, 3), 10),
        ("张三", YearMonth(1985, 3), 10),
        ("张三", YearMonth(1990, 1), 9),
        ("李四", YearMonth(1985, 3), 9),
        ("李四", YearMonth(1975, 12), 8),
        ("王五", YearMonth(1990, 1), 10),
        ("黄丽", YearMonth(1985, 3), 12),
        ("覃海", YearMonth(1968, 7), 7),
        ("覃海", YearMonth(1968, 7), 7),
        ("安然", YearMonth(2000, 1), 12),
        ("安然", YearMonth(1985, 3), 10),
    ]
    return [
        CadreFactory(name=name, birth=birth, rank=rank, unit=county["town1"])
        for name, birth, rank in rows
    ]


def walk(order: tuple[str, ...], size: int) -> tuple[list[int], int]:
    """Every id met by following next_cursor from the top, and the number of pages."""
    seen: list[int] = []
    page = keyset_page(Cadre.objects.all(), order=order, cursor=None, size=size)
    pages = 1
    seen += [cadre.pk for cadre in page.items]
    while page.next_cursor is not None:
        page = keyset_page(Cadre.objects.all(), order=order, cursor=page.next_cursor, size=size)
        pages += 1
        seen += [cadre.pk for cadre in page.items]
    return seen, pages


@pytest.mark.parametrize(
    "order",
    [
        ("name_pinyin", "id"),
        ("-name_pinyin", "-id"),
        ("birth", "id"),
        ("-birth", "-id"),
        ("rank", "id"),
        ("rank", "birth", "id"),
        ("-rank", "-birth", "-id"),
        ("id",),
        ("-id",),
    ],
)
@pytest.mark.parametrize("size", [1, 2, 3, 4, 10, 11, 50])
def test_walking_every_page_yields_every_row_once_in_order(cadres, order, size):
    # given the rows in the order the database gives for the whole table
    expected = list(Cadre.objects.order_by(*order).values_list("pk", flat=True))
    # when
    seen, pages = walk(order, size)
    # then
    assert seen == expected
    assert sorted(seen) == sorted(cadre.pk for cadre in cadres)
    assert pages == max(1, -(-len(cadres) // size))


def test_the_last_page_has_no_cursor(cadres):
    # given / when
    page = keyset_page(Cadre.objects.all(), order=("id",), cursor=None, size=11)
    # then
    assert page == Page(items=list(Cadre.objects.order_by("id")), next_cursor=None)


def test_an_empty_queryset_gives_an_empty_page(db):
    # given / when
    page = keyset_page(Cadre.objects.all(), order=("id",), cursor=None, size=5)
    # then
    assert page == Page(items=[], next_cursor=None)


def encoded(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "!!!not base64!!!",
        "bm90IGpzb24",  # "not json"
        encoded({"birth": 198503}),
        encoded([198503]),
        encoded([198503, 1, 2]),
        encoded(["junk", 1]),
        encoded([198503, "x"]),
        encoded([[1], {"a": 1}]),
        encoded([None, None]),
    ],
)
def test_a_bad_cursor_starts_from_the_top(cadres, cursor):
    # given the first page without a cursor
    first = keyset_page(Cadre.objects.all(), order=("birth", "id"), cursor=None, size=3)
    # when
    page = keyset_page(Cadre.objects.all(), order=("birth", "id"), cursor=cursor, size=3)
    # then
    assert page == first


def test_the_cursor_carries_the_stored_values(cadres):
    # given
    order = ("birth", "id")
    # when
    page = keyset_page(Cadre.objects.all(), order=order, cursor=None, size=2)
    # then
    last = page.items[-1]
    padded = page.next_cursor + "=" * (-len(page.next_cursor) % 4)
    assert json.loads(base64.urlsafe_b64decode(padded)) == [last.birth.to_int(), last.pk]


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(3, (3, False)), (10, (10, False)), (11, (11, True)), (12, (11, True)), (100, (11, True))],
)
def test_bounded_count(cadres, limit, expected):
    # given eleven rows
    # when
    result = bounded_count(Cadre.objects.order_by("name"), limit=limit)
    # then
    assert result == expected


def test_bounded_count_of_nothing(db):
    # given / when / then
    assert bounded_count(Cadre.objects.all()) == (0, True)

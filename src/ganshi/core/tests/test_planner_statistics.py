"""The planner's statistics: made once where missing (``ganshi serve``), always after a load."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from ganshi.core.planner_statistics import refresh_statistics, statistics_exist

SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.mark.skipif(not SQLITE, reason="PostgreSQL's autovacuum keeps its statistics")
def test_sqlite_statistics_are_made_when_missing_and_then_left_alone(db):
    # given a database never analyzed
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert statistics_exist() is False
    # when
    first = refresh_statistics(only_if_missing=True)
    second = refresh_statistics(only_if_missing=True)
    # then
    assert (first, second, statistics_exist()) == (True, False, True)


def test_a_refresh_analyzes_whatever_the_database(db):
    # when
    refreshed = refresh_statistics()
    # then
    assert (refreshed, statistics_exist()) == (True, True)

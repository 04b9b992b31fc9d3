"""The planner's statistics: made at every ``ganshi serve``, after a load or a big import."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from ganshi.core.planner_statistics import refresh_statistics, statistics_exist

SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.mark.skipif(not SQLITE, reason="PostgreSQL's autovacuum keeps its statistics")
def test_a_refresh_makes_the_sqlite_statistics(db):
    # given a database never analyzed
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert statistics_exist() is False
    # when
    refresh_statistics()
    # then
    assert statistics_exist() is True

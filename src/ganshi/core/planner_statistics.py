"""The query planner's table statistics (ANALYZE), refreshed after bulk writes.

Without them SQLite picks the cadre table's status index for a scoped list or dashboard
and reads all 500,000 cadres of a province to count one county's 5,000 (220 ms instead of
3 ms for each GROUP BY); with them it walks the unit subtree by path and the cadres by
unit. PostgreSQL's autovacuum analyzes eventually, but not soon enough after a bulk load.
"""

from __future__ import annotations

from django.db import connection


def statistics_exist() -> bool:
    if connection.vendor != "sqlite":
        return True  # autovacuum keeps PostgreSQL's up to date
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        return cursor.fetchone() is not None


def refresh_statistics(*, only_if_missing: bool = False) -> bool:
    """ANALYZE the database (outside any transaction); returns whether it ran."""
    if only_if_missing and statistics_exist():
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True

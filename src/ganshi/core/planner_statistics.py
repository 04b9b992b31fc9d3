"""The query planner's table statistics (ANALYZE), refreshed after bulk writes.

Without them SQLite picks the cadre table's status index for a scoped list or dashboard
and reads all 500,000 cadres of a province to count one county's 5,000 (220 ms instead of
3 ms for each GROUP BY); with them it walks the unit subtree by path and the cadres by
unit. PostgreSQL's autovacuum analyzes eventually, but not soon enough after a bulk load.
"""

from __future__ import annotations

from django.db import connection

# An import adding at least this many cadres refreshes the statistics when it commits.
STATISTICS_AFTER_ROWS = 1000


def statistics_exist() -> bool:
    if connection.vendor != "sqlite":
        return True  # autovacuum keeps PostgreSQL's up to date
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        return cursor.fetchone() is not None


def refresh_statistics() -> None:
    """ANALYZE the database: at every start of ``ganshi serve`` (half a second for a
    province on SQLite), after a demo load and after an import that added many rows."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

"""Query expressions the ORM lacks."""

from __future__ import annotations

from django.db.models import Func


class Unindexed(Func):
    """A column the SQLite planner must not read through its index: ``+rank``.

    Grouping a scoped count by ``rank`` made SQLite walk the whole rank index (every
    cadre of the province, 300 ms) to save a sort, instead of finding the county's
    units by path and their cadres by unit (3 ms). The unary plus is SQLite's documented
    way to take an index out of the planner's choices; other databases get the column.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)

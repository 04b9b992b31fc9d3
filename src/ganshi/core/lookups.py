"""``field__prefix="zs"``: a starts-with that the database can answer from an index.

PostgreSQL answers ``LIKE 'zs%'`` from a ``varchar_pattern_ops`` index. SQLite does not
(its LIKE ignores ASCII case, its indexes do not), so a name search there read every
cadre in scope: on SQLite the lookup is the range ``>= 'zs' AND < 'zt'``, which the
index answers. Text compares by code point (UTF-8 bytes) in SQLite, so the range holds
exactly the strings that start with the prefix, case included.
"""

from __future__ import annotations

from django.db.models import CharField, Lookup
from django.db.models.lookups import StartsWith


def prefix_upper_bound(prefix: str) -> str:
    """The least string greater than every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@CharField.register_lookup
class Prefix(Lookup):
    lookup_name = "prefix"

    def as_sql(self, compiler, connection):
        return StartsWith(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection):
        if not self.rhs or ord(self.rhs[-1]) >= 0x10FFFF:
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return (
            f"({lhs} >= %s AND {lhs} < %s)",
            [*lhs_params, self.rhs, *lhs_params, prefix_upper_bound(self.rhs)],
        )

"""Inserting many thousands of rows fast (a roster import and its audit events).

Django's ``bulk_create`` sends each value through the field's whole
``pre_save``/``get_db_prep_save`` chain; at 100,000 rows of 40 columns that costs far
more than the database's own work. ``insert_rows`` writes the same rows with one
multi-row ``INSERT … RETURNING`` per batch (SQLite 3.35+ and PostgreSQL), taking the
values of the plain field types (text, integers, booleans, foreign keys) as they are
and sending every other field (dates, JSON, encrypted text, custom types) through
``get_db_prep_save`` as ``bulk_create`` would: the database receives the same values.
On a database without ``RETURNING`` from a bulk insert it falls back to ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models
from django.utils import timezone

# Field types whose Python value is what the database takes (exact types: a subclass,
# such as an encrypted text field, may convert).
_PLAIN = frozenset(
    {
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.PositiveBigIntegerField,
        models.BooleanField,
        models.ForeignKey,
        models.OneToOneField,
    }
)

_BASIC = frozenset({str, int, bool})


def insert_rows(
    model: type[models.Model], instances: Sequence[models.Model], *, using: str = "default"
) -> None:
    """Insert unsaved ``instances`` of ``model`` and set their primary keys.

    Like ``bulk_create``: no ``save()`` and no signals; ``auto_now``/``auto_now_add``
    fields get the time of the call.
    """
    if not instances:
        return
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.db_manager(using).bulk_create(instances)
        return
    opts = model._meta
    pk = opts.pk
    fields = [field for field in opts.concrete_fields if field is not pk or not field.auto_created]
    fields = [field for field in fields if not isinstance(field, models.AutoField)]
    # auto_now and auto_now_add fields: one timestamp for the whole call.
    now = timezone.now()
    stamps = {}
    plans = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            stamps[field.attname] = field.get_db_prep_save(now, connection)
        plans.append((field, field.attname, type(field) in _PLAIN))
    quote = connection.ops.quote_name
    table, returning = quote(opts.db_table), quote(str(pk.column))
    columns = ", ".join(quote(str(field.column)) for field in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(500, connection.ops.bulk_batch_size(fields, instances)))

    def row(instance) -> list:
        values: list = []
        for field, attname, plain in plans:
            if attname in stamps:
                setattr(instance, attname, now)
                values.append(stamps[attname])
                continue
            value = getattr(instance, attname)
            if plain and (value is None or type(value) in _BASIC):
                values.append(value)
            else:
                values.append(field.get_db_prep_save(value, connection))
        return values

    with connection.cursor() as cursor:
        for start in range(0, len(instances), size):
            batch = instances[start : start + size]
            if connection.vendor == "postgresql":
                keys = _insert_many_postgresql(
                    cursor.cursor,
                    f"INSERT INTO {table} ({columns}) VALUES {row_marks} RETURNING {returning}",  # noqa: S608 - our quoted names
                    [row(instance) for instance in batch],
                )
            else:
                params = [value for instance in batch for value in row(instance)]
                values = ", ".join([row_marks] * len(batch))
                sql = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {returning}"  # noqa: S608 - our quoted names
                cursor.execute(sql, params)
                keys = [key for (key,) in cursor.fetchall()]
            for instance, pk_value in zip(batch, keys, strict=True):
                setattr(instance, pk.attname, pk_value)
                instance._state.adding = False
                instance._state.db = using


def _insert_many_postgresql(cursor, sql: str, rows: list[list]) -> list:
    """One single-row INSERT sent for every row in psycopg's pipeline (executemany): the
    statement is parsed once. A multi-row VALUES of 500 rows × 40 columns made psycopg
    split a 20,000-placeholder query each batch, a third of a roster import's time.
    ``cursor`` is the driver's own, under Django's wrapper: these statements do not show
    in ``connection.queries`` or to an execute wrapper."""
    cursor.executemany(sql, rows, returning=True)
    keys = []
    while True:
        keys.append(cursor.fetchone()[0])
        if not cursor.nextset():
            break
    return keys

"""Keyset (cursor) pagination and bounded counts: no deep OFFSET, no full COUNT(*).

A cursor is the last row's sort values as base64 JSON (dates as ISO text). A cursor that
came back edited or from another list is checked against the sort's fields before it
reaches the database, where a huge number, a NUL or a wrong date would fail:
``cursor_values`` gives None for it, the API answers 422 and a page starts from the top.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from ganshi.core.api_errors import MAX_ID

COUNT_LIMIT = 10_000
CURSOR_MAX_LENGTH = 1000


@dataclass
class Page:
    items: list
    next_cursor: str | None


def _encode(values: list[Any]) -> str:
    return (
        base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode())
        .decode()
        .rstrip("=")
    )


def _decode(cursor: str) -> list[Any] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return values if isinstance(values, list) else None


def cursor_values(model: type[models.Model], order: tuple[str, ...], cursor: str) -> list | None:
    """The cursor's values when each fits its sort field of ``model``; None otherwise."""
    if len(cursor) > CURSOR_MAX_LENGTH:
        return None
    values = _decode(cursor)
    names = [name.lstrip("-") for name in order]
    if values is None or len(values) != len(names):
        return None
    for name, value in zip(names, values, strict=True):
        if not _fits(model._meta.get_field(name), value):
            return None
    return values


def _fits(field, value) -> bool:
    if isinstance(field, models.DateField):
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True
    if isinstance(field, models.IntegerField | models.AutoField):
        return not isinstance(value, bool) and isinstance(value, int) and -MAX_ID <= value <= MAX_ID
    if isinstance(field, models.CharField):
        longest = field.max_length or CURSOR_MAX_LENGTH
        return isinstance(value, str) and "\x00" not in value and len(value) <= longest
    return False


def _cursor_value(field, instance) -> Any:
    value = field.get_prep_value(getattr(instance, field.attname))
    return value.isoformat() if isinstance(value, datetime.date) else value


def keyset_page(
    queryset: QuerySet, *, order: tuple[str, ...], cursor: str | None, size: int
) -> Page:
    """One page of ``queryset`` ordered by ``order`` (last field unique, e.g. "id").

    Fields share one direction ("-" on all or none). A bad cursor starts from the top.
    """
    descending = order[0].startswith("-")
    names = [name.lstrip("-") for name in order]
    model = queryset.model
    queryset = queryset.order_by(*order)
    values = cursor_values(model, order, cursor) if cursor else None
    if values is not None:
        queryset = queryset.filter(_after(names, values, descending))
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        fields = [model._meta.get_field(name) for name in names]
        next_cursor = _encode([_cursor_value(field, rows[-1]) for field in fields])
    return Page(items=rows, next_cursor=next_cursor)


def _after(names: list[str], values: list[Any], descending: bool) -> Q:
    """The rows after ``values`` in the order: (a > x) or (a = x and b > y) …, led by
    a >= x, the bound an index on the order can start from (PostgreSQL read a far page of
    the province by walking the index from its start without it: 480 ms instead of 0.4)."""
    lookup = "lt" if descending else "gt"
    condition = Q()
    for index in range(len(names) - 1, -1, -1):
        step = Q(**{f"{names[index]}__{lookup}": values[index]})
        equal = Q(
            **{name: value for name, value in zip(names[:index], values[:index], strict=True)}
        )
        condition = (equal & step) | condition if index < len(names) - 1 else equal & step
    if len(names) > 1:
        condition = Q(**{f"{names[0]}__{lookup}e": values[0]}) & condition
    return condition


def bounded_count(queryset: QuerySet, limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """The number of rows up to ``limit``; the flag says whether it is exact."""
    count = queryset.order_by()[: limit + 1].count()
    return (limit, False) if count > limit else (count, True)

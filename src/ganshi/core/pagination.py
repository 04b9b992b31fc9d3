"""Keyset (cursor) pagination and bounded counts: no deep OFFSET, no full COUNT(*)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

COUNT_LIMIT = 10_000


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


def keyset_page(
    queryset: QuerySet, *, order: tuple[str, ...], cursor: str | None, size: int
) -> Page:
    """One page of ``queryset`` ordered by ``order`` (last field unique, e.g. "id").

    Fields share one direction ("-" on all or none). A bad cursor starts from the top.
    """
    descending = order[0].startswith("-")
    names = [name.lstrip("-") for name in order]
    queryset = queryset.order_by(*order)
    values = _decode(cursor) if cursor else None
    if values is not None and len(values) == len(names):
        try:
            queryset = queryset.filter(_after(names, values, descending))
        except (TypeError, ValueError, ValidationError):
            pass  # a cursor edited into values the fields cannot hold: start from the top
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        model = queryset.model
        next_cursor = _encode(
            [model._meta.get_field(name).get_prep_value(getattr(last, name)) for name in names]
        )
    return Page(items=rows, next_cursor=next_cursor)


def _after(names: list[str], values: list[Any], descending: bool) -> Q:
    lookup = "lt" if descending else "gt"
    condition = Q()
    for index in range(len(names) - 1, -1, -1):
        step = Q(**{f"{names[index]}__{lookup}": values[index]})
        equal = Q(
            **{name: value for name, value in zip(names[:index], values[:index], strict=True)}
        )
        condition = (equal & step) | condition if index < len(names) - 1 else equal & step
    return condition


def bounded_count(queryset: QuerySet, limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """The number of rows up to ``limit``; the flag says whether it is exact."""
    count = queryset.order_by()[: limit + 1].count()
    return (limit, False) if count > limit else (count, True)

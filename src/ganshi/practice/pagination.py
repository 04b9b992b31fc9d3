"""Keyset pagination over the practice lists, whose sort keys include dates.

``core.pagination.keyset_page`` writes each sort value into the cursor as JSON, which a
date is not; here dates travel as ISO text. A cursor is checked against the sort's fields
before it reaches the database (an edited cursor holding a huge number or a wrong date
must not fail there): ``read_cursor`` gives None for a bad one.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import QuerySet

from ganshi.core.api_errors import MAX_ID
from ganshi.core.pagination import Page, _after, _decode, _encode

CURSOR_MAX_LENGTH = 200


def _field(model, name: str) -> models.Field:
    return model._meta.get_field(name)


def read_cursor(model, order: tuple[str, ...], cursor: str) -> list[Any] | None:
    """The cursor's values when each fits its field; None otherwise."""
    if len(cursor) > CURSOR_MAX_LENGTH:
        return None
    values = _decode(cursor)
    names = [name.lstrip("-") for name in order]
    if values is None or len(values) != len(names):
        return None
    for name, value in zip(names, values, strict=True):
        field = _field(model, name)
        if isinstance(field, models.DateField):
            try:
                datetime.date.fromisoformat(value)
            except (TypeError, ValueError):
                return None
        elif isinstance(field, models.IntegerField | models.AutoField):
            if isinstance(value, bool) or not isinstance(value, int):
                return None
            if not -MAX_ID <= value <= MAX_ID:
                return None
        else:
            return None
    return values


def _value(model, name: str, instance) -> Any:
    value = getattr(instance, _field(model, name).attname)
    return value.isoformat() if isinstance(value, datetime.date) else value


def page(queryset: QuerySet, *, order: tuple[str, ...], cursor: str | None, size: int) -> Page:
    """One page of ``queryset`` ordered by ``order`` (one direction, last field unique).
    A bad cursor starts from the top."""
    descending = order[0].startswith("-")
    names = [name.lstrip("-") for name in order]
    model = queryset.model
    queryset = queryset.order_by(*order)
    values = read_cursor(model, order, cursor) if cursor else None
    if values is not None:
        queryset = queryset.filter(_after(names, values, descending))
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = _encode([_value(model, name, rows[-1]) for name in names])
    return Page(items=rows, next_cursor=next_cursor)

"""Template helpers of the training pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def hours(value) -> str:
    """Credit hours with one decimal (4.0, 87.5) whatever the database returned."""
    try:
        return str(Decimal(value or 0).quantize(Decimal("0.1")))
    except (InvalidOperation, TypeError, ValueError):
        return ""


@register.filter
def whole_or_tenths(value) -> str:
    """A requirement: 90 rather than 90.0; 87.5 as it is."""
    from ganshi.training.rules import hours_label as text

    try:
        return text(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""

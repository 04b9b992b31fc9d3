"""Masked forms of sensitive values, for lists, exports and the audit log."""

from __future__ import annotations

from ganshi.core.id_numbers import mask_id_number


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    value = (value or "").strip()
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    """Keep the first six characters (the region), hide the rest."""
    value = (value or "").strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "****"


def mask_hidden(value: str) -> str:
    """Nothing shown but that there is a value."""
    return "****" if value else ""


MASKS = {"id_number": mask_id_number, "phone": mask_phone, "home_address": mask_address}


def mask_sensitive(field: str, value: str) -> str:
    """The mask for ``field``; a field without its own rule is hidden entirely."""
    return MASKS.get(field, mask_hidden)(value or "")

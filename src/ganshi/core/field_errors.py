"""Collecting a write's field errors, so that one answer names every bad field.

Services validate everything first, ``add`` what is wrong under the field's name, and
``raise_if_any`` before writing: one ``ValidationError`` dict, nothing written.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class Errors:
    """Field name → its messages (each message once)."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        messages = self.by_field.setdefault(field, [])
        if message not in messages:
            messages.append(message)

    def merge(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, items in error.message_dict.items():
                for message in items:
                    self.add(field, message)
        else:
            for message in error.messages:
                self.add("__all__", message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)

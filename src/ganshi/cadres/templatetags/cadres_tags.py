"""Template helpers of the cadre pages: the change history, ages, masked values."""

from __future__ import annotations

from django import forms, template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ganshi.cadres.models import (
    Cadre,
    FamilyMember,
    PostTenure,
    RankRecord,
    ResumeEntry,
    RewardPunishment,
)
from ganshi.cadres.selectors import age_of
from ganshi.core.year_month import YearMonth

register = template.Library()

# Where a history key's label and choices come from: the cadre first, then its records.
_HISTORY_MODELS = (Cadre, ResumeEntry, PostTenure, RankRecord, FamilyMember, RewardPunishment)
EMPTY = "—"


def _field(name: str):
    for model in _HISTORY_MODELS:
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _label(name: str) -> str:
    if name == "tags":
        return capfirst(str(Cadre._meta.get_field("tags").verbose_name))
    field = _field(name)
    return capfirst(str(field.verbose_name)) if field is not None else name


def _display(name: str, value, units: dict) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if name == "unit":
        return (
            units.get(int(value), _("unit #%(id)s") % {"id": value})
            if str(value).isdigit()
            else str(value)
        )
    if name == "post":
        return _("post #%(id)s") % {"id": value}
    field = _field(name)
    if field is not None and field.choices:
        choices = {str(key): label for key, label in field.flatchoices}
        return str(choices.get(str(value), value))
    return str(value)


@register.filter
def history_changes(event, units=None) -> list[dict]:
    """The fields an audit event changed: label, old and new, ready to show."""
    units = units or {}
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    rows = []
    for name in list(dict.fromkeys([*after, *before])):
        rows.append(
            {
                "label": _label(name),
                "old": _display(name, before.get(name), units) if before else "",
                "new": _display(name, after.get(name), units) if after else "",
            }
        )
    return rows


@register.filter
def field_labels(names) -> str:
    """["id_number", "phone"] → "ID number、phone" (labels in the active language)."""
    if not isinstance(names, list):
        return ""
    return "、".join(_label(str(name)) for name in names)


@register.filter
def age_at(birth: YearMonth | None, at: YearMonth | None = None):
    return age_of(birth, at)


@register.simple_tag
def bootstrap_widget(field, size: str = "") -> str:
    """A bound field's widget with Bootstrap's classes (and ``is-invalid`` on error)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select" + (" form-select-sm" if size == "sm" else "")
    else:
        css = "form-control" + (" form-control-sm" if size == "sm" else "")
    attrs = {"class": css}
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-describedby"] = f"{field.auto_id}-error"
    return field.as_widget(attrs=attrs)


@register.filter
def verbose_name_of(instance) -> str:
    return str(instance._meta.verbose_name)

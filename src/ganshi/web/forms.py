"""Form helpers shared by the pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: under the field it names when the
    form has that field, otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (small controls, for forms inside cards)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = (
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else "form-control form-control-sm"
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class FastSelect(forms.Select):
    """A select whose options are written in Python, not through Django's option
    template (an include and an attribute loop per option, ~50 µs each): the unit and
    ethnicity lists made the cadre list's filter form half of the page's 80 ms.

    The same context as Select (``get_context``): names, attributes, the selected option
    and optgroups come out as Django's own template would write them.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html

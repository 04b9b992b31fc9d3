"""Model and form fields for the core value types."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ganshi.core.year_month import YearMonth


class YearMonthField(models.IntegerField):
    """A YearMonth stored as the integer yyyymm."""

    description = _("Year and month")

    @cached_property
    def validators(self):
        # Not IntegerField's range validators: they would compare a YearMonth with an
        # int. YearMonth itself bounds the year.
        return [*self.default_validators, *self._validators]

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return YearMonth.from_int(value)

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, YearMonth):
            return value or None
        try:
            return YearMonth.parse(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def get_prep_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, YearMonth):
            return value.to_int()
        if isinstance(value, int):
            return value
        return YearMonth.parse(value).to_int()

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs):
        return super(models.IntegerField, self).formfield(
            **{"form_class": YearMonthFormField, **kwargs}
        )


class YearMonthFormField(forms.CharField):
    widget = forms.TextInput(attrs={"placeholder": "1985.03", "inputmode": "decimal"})

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        kwargs.pop("step_size", None)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, YearMonth):
            return str(value)
        if isinstance(value, int):
            return str(YearMonth.from_int(value))
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return YearMonth.parse(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

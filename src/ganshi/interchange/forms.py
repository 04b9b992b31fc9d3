"""Forms of the import and export pages. They parse what was sent; the services judge it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ganshi.cadres.choices import AgeBand, CadreCategory, CadreStatus, Gender, Rank
from ganshi.cadres.forms import UnitChoiceField
from ganshi.cadres.models import Tag
from ganshi.cadres.selectors import DEFAULT_SORT, MINORITY, SORTS, CadreFilters
from ganshi.core.code_tables import ETHNICITY_CHOICES, EducationBand, PoliticalStatus
from ganshi.interchange.models import ImportMode
from ganshi.interchange.selectors import import_units
from ganshi.orgs.models import LeadershipLevel, Unit
from ganshi.orgs.selectors import unit_queryset

ALL_STATUSES = "all"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_(".xlsx, .xls or .csv (UTF-8 or GBK); the first row naming 姓名 is the header."),
        error_messages={"required": _("Choose a file to upload.")},
    )
    unit = UnitChoiceField(
        queryset=Unit.objects.none(),
        label=_("Unit for every row"),
        required=False,
        help_text=_("Leave empty to read each row's unit from its 工作单位 column."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = import_units(actor=actor)
        self.fields["unit"].empty_label = _("From the 工作单位 column")
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.csv"


class RosterApplyForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How to import"),
        choices=ImportMode.choices,
        initial=ImportMode.VALID_ROWS,
        widget=forms.RadioSelect,
    )


def _blank(label) -> list[tuple[str, Any]]:
    return [("", label)]


class RosterExportForm(forms.Form):
    """The GET parameters of the cadre list (same names), bound to ``CadreFilters``."""

    q = forms.CharField(required=False, max_length=40)
    unit = UnitChoiceField(queryset=Unit.objects.none(), required=False)
    rank = forms.TypedChoiceField(choices=_blank("") + Rank.choices, coerce=int, required=False)
    leadership_level = forms.ChoiceField(
        choices=_blank("") + LeadershipLevel.choices, required=False
    )
    age_band = forms.ChoiceField(choices=_blank("") + AgeBand.choices, required=False)
    gender = forms.ChoiceField(choices=_blank("") + Gender.choices, required=False)
    ethnicity = forms.ChoiceField(
        choices=_blank("") + [(MINORITY, MINORITY)] + ETHNICITY_CHOICES, required=False
    )
    education = forms.ChoiceField(choices=_blank("") + EducationBand.choices, required=False)
    political_status = forms.ChoiceField(
        choices=_blank("") + PoliticalStatus.choices, required=False
    )
    category = forms.ChoiceField(choices=_blank("") + CadreCategory.choices, required=False)
    tag = forms.ModelChoiceField(queryset=Tag.objects.all(), required=False)
    status = forms.ChoiceField(
        choices=_blank("") + CadreStatus.choices + [(ALL_STATUSES, ALL_STATUSES)], required=False
    )
    sort = forms.ChoiceField(choices=_blank("") + [(key, key) for key in SORTS], required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_queryset(actor=actor)

    def filters(self) -> CadreFilters:
        data = self.cleaned_data
        status = data.get("status") or CadreStatus.ACTIVE
        return CadreFilters(
            q=data.get("q") or "",
            unit=data.get("unit"),
            rank=data.get("rank") if data.get("rank") not in (None, "") else None,
            leadership_level=data.get("leadership_level") or "",
            age_band=data.get("age_band") or "",
            gender=data.get("gender") or "",
            ethnicity=data.get("ethnicity") or "",
            education=data.get("education") or "",
            political_status=data.get("political_status") or "",
            category=data.get("category") or "",
            tag=data["tag"].pk if data.get("tag") else None,
            status="" if status == ALL_STATUSES else status,
            sort=data.get("sort") or DEFAULT_SORT,
        )

    def summary(self) -> dict[str, str]:
        """The filters applied, as plain strings (for the audit record of the export)."""
        return {
            name: str(value.pk if hasattr(value, "pk") else value)
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }

    def error_list(self) -> list[dict[str, str]]:
        return [
            {"field": name, "message": str(message)}
            for name, messages in self.errors.items()
            for message in messages
        ]

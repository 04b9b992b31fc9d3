"""Forms of the practice pages. They parse what was typed; the services judge it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ganshi.cadres.forms import CadreFilterForm, UnitChoiceField
from ganshi.cadres.selectors import CadreFilters
from ganshi.orgs.selectors import unit_choices
from ganshi.practice.choices import (
    AssignmentStatus,
    EvaluationGrade,
    EvaluationStage,
    Outcome,
    ProgrammeKind,
    Transition,
)
from ganshi.practice.selectors import (
    SENT,
    AssignmentFilters,
    CandidateFilters,
    FigureFilters,
    batch_choices,
    programme_list,
)

YEAR_MIN, YEAR_MAX = 1980, 2100


def _blank(label) -> list[tuple[str, Any]]:
    return [("", label)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d"],
        error_messages={"invalid": _("Enter a date such as 2026-03-01.")},
    )


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class BatchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.year} {obj.programme.name} {obj.name}"


# --- programmes and batches ---------------------------------------------------------------


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Latin letters, digits and underscores, e.g. ecology_front_line."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    sort_order = forms.IntegerField(
        label=_("Sort order"), min_value=0, max_value=32767, initial=100
    )


class BatchForm(forms.Form):
    programme = ProgrammeChoiceField(
        queryset=programme_list(active_only=True),
        label=_("Programme"),
        error_messages={"invalid_choice": _("This programme does not exist.")},
    )
    name = forms.CharField(label=_("Batch name"), max_length=60, help_text=_("e.g. 第八批"))
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    organiser = UnitChoiceField(queryset=None, label=_("Organiser"))
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programme_list(active_only=True)
        self.fields["organiser"].queryset = unit_choices(actor=actor)


# --- assignments --------------------------------------------------------------------------


class AssignmentFilterForm(forms.Form):
    """The GET parameters of the assignment list and its export."""

    programme = ProgrammeChoiceField(
        queryset=None,
        label=_("Programme"),
        required=False,
        empty_label=_("Any programme"),
        error_messages={"invalid_choice": _("This programme does not exist.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=_blank(_("Any kind")) + ProgrammeKind.choices, required=False
    )
    batch = BatchChoiceField(
        queryset=None,
        label=_("Batch"),
        required=False,
        empty_label=_("Any batch"),
        error_messages={"invalid_choice": _("This batch does not exist or is outside your scope.")},
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=_blank(_("Any status"))
        + [(SENT, _("Sent (serving, completed, recalled)"))]
        + AssignmentStatus.choices,
        required=False,
    )
    unit = UnitChoiceField(queryset=None, label=_("Cadre's unit"), required=False)
    ending_soon = forms.BooleanField(label=_("Ending in the next 30 days"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programme_list()
        self.fields["batch"].queryset = batch_choices(actor=actor)
        self.fields["unit"].queryset = unit_choices(actor=actor)
        self.fields["unit"].empty_label = _("All units in my scope")

    def filters(self) -> AssignmentFilters:
        """The valid filters; an invalid value is dropped (and shown as an error)."""
        if not self.is_bound:
            return AssignmentFilters()
        self.is_valid()
        data = self.cleaned_data
        return AssignmentFilters(
            programme=data.get("programme"),
            kind=data.get("kind") or "",
            batch=data.get("batch"),
            year=data.get("year"),
            status=data.get("status") or "",
            unit=data.get("unit"),
            ending_soon=bool(data.get("ending_soon")),
        )

    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields if name != "ending_soon")


class CandidateFilterForm(CadreFilterForm):
    """The cadre list's filters, and: only young cadres, only those never at the front line."""

    young = forms.BooleanField(label=_("Young cadres only (35 and under)"), required=False)
    never_served = forms.BooleanField(label=_("Never served at the front line"), required=False)

    def candidate_filters(self) -> CandidateFilters:
        cadre: CadreFilters = self.filters()
        data = getattr(self, "cleaned_data", {})
        return CandidateFilters(
            cadre=cadre,
            young_only=bool(data.get("young")),
            never_served_only=bool(data.get("never_served")),
        )


class AddCandidatesForm(forms.Form):
    """What the chosen cadres share: host, post, mentor, dates."""

    host_unit = UnitChoiceField(queryset=None, label=_("Host unit"), required=False)
    host_name = forms.CharField(
        label=_("Outside host"),
        max_length=120,
        required=False,
        help_text=_("A host outside the registry, e.g. 珠海市斗门区白蕉镇."),
    )
    post = forms.CharField(label=_("Post held"), max_length=120, required=False)
    mentor_name = forms.CharField(label=_("Mentor"), max_length=60, required=False)
    start = date_field(_("Start date"))
    planned_end = date_field(_("Planned end date"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = unit_choices(actor=actor)
        self.fields["host_unit"].empty_label = _("(an outside host)")

    def values(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items()}


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=Transition.choices)
    date = date_field(_("Date"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=_blank(_("(on completion)")) + Outcome.choices, required=False
    )
    outcome_note = forms.CharField(
        label=_("Outcome note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    comment = forms.CharField(label=_("Comment or reason"), max_length=300, required=False)


class EvaluationForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=EvaluationStage.choices)
    grade = forms.ChoiceField(label=_("Grade"), choices=EvaluationGrade.choices)
    evaluator = forms.CharField(label=_("Evaluator"), max_length=60)
    date = date_field(_("Evaluation date"))
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class FigureFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False
    )
    unit = UnitChoiceField(queryset=None, label=_("Cadre's unit"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor=actor)
        self.fields["unit"].empty_label = _("All units in my scope")

    def filters(self) -> FigureFilters:
        if not self.is_bound:
            return FigureFilters()
        self.is_valid()
        return FigureFilters(year=self.cleaned_data.get("year"), unit=self.cleaned_data.get("unit"))

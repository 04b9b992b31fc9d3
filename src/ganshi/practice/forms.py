"""Forms of the practice pages. They parse what was typed; the services judge it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
        error_messages={"invalid": pgettext_lazy("practice", "Enter a date such as 2026-03-01.")},
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
        help_text=pgettext_lazy(
            "practice", "Latin letters, digits and underscores, e.g. ecology_front_line."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    description = forms.CharField(
        label=pgettext_lazy("practice", "Programme description"), max_length=300, required=False
    )
    sort_order = forms.IntegerField(
        label=pgettext_lazy("practice", "Sort order"), min_value=0, max_value=32767, initial=100
    )


class BatchForm(forms.Form):
    programme = ProgrammeChoiceField(
        queryset=programme_list(active_only=True),
        label=pgettext_lazy("practice", "Programme"),
        error_messages={
            "invalid_choice": pgettext_lazy("practice", "This programme does not exist.")
        },
    )
    name = forms.CharField(
        label=pgettext_lazy("practice", "Batch name"),
        max_length=60,
        help_text=pgettext_lazy("practice", "e.g. 第八批"),
    )
    year = forms.IntegerField(
        label=pgettext_lazy("practice", "Year"), min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    organiser = UnitChoiceField(queryset=None, label=pgettext_lazy("practice", "Organiser"))
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
        label=pgettext_lazy("practice", "Programme"),
        required=False,
        empty_label=pgettext_lazy("practice", "Any programme"),
        error_messages={
            "invalid_choice": pgettext_lazy("practice", "This programme does not exist.")
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=_blank(pgettext_lazy("practice", "Any kind")) + ProgrammeKind.choices,
        required=False,
    )
    batch = BatchChoiceField(
        queryset=None,
        label=pgettext_lazy("practice", "Batch"),
        required=False,
        empty_label=pgettext_lazy("practice", "Any batch"),
        error_messages={
            "invalid_choice": pgettext_lazy(
                "practice", "This batch does not exist or is outside your scope."
            )
        },
    )
    year = forms.IntegerField(
        label=pgettext_lazy("practice", "Year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=_blank(pgettext_lazy("practice", "Any status"))
        + [(SENT, pgettext_lazy("practice", "Sent (serving, completed, recalled)"))]
        + AssignmentStatus.choices,
        required=False,
    )
    unit = UnitChoiceField(
        queryset=None, label=pgettext_lazy("practice", "Cadre's unit"), required=False
    )
    ending_soon = forms.BooleanField(
        label=pgettext_lazy("practice", "Ending in the next 30 days"), required=False
    )

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

    young = forms.BooleanField(
        label=pgettext_lazy("practice", "Young cadres only (35 and under)"), required=False
    )
    never_served = forms.BooleanField(
        label=pgettext_lazy("practice", "Never served at the front line"), required=False
    )

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

    host_unit = UnitChoiceField(
        queryset=None, label=pgettext_lazy("practice", "Host unit"), required=False
    )
    host_name = forms.CharField(
        label=pgettext_lazy("practice", "Outside host"),
        max_length=120,
        required=False,
        help_text=pgettext_lazy(
            "practice", "A host outside the registry, e.g. 珠海市斗门区白蕉镇."
        ),
    )
    post = forms.CharField(
        label=pgettext_lazy("practice", "Post held"), max_length=120, required=False
    )
    mentor_name = forms.CharField(
        label=pgettext_lazy("practice", "Mentor"), max_length=60, required=False
    )
    start = date_field(pgettext_lazy("practice", "Start date"))
    planned_end = date_field(pgettext_lazy("practice", "Planned end date"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = unit_choices(actor=actor)
        self.fields["host_unit"].empty_label = pgettext_lazy("practice", "(an outside host)")

    def values(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items()}


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=Transition.choices)
    date = date_field(pgettext_lazy("practice", "Date of the move"), required=False)
    outcome = forms.ChoiceField(
        label=pgettext_lazy("practice", "Outcome"),
        choices=_blank(pgettext_lazy("practice", "(on completion)")) + Outcome.choices,
        required=False,
    )
    outcome_note = forms.CharField(
        label=pgettext_lazy("practice", "Outcome note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    comment = forms.CharField(
        label=pgettext_lazy("practice", "Comment or reason"), max_length=300, required=False
    )


class EvaluationForm(forms.Form):
    stage = forms.ChoiceField(
        label=pgettext_lazy("practice", "Stage"), choices=EvaluationStage.choices
    )
    grade = forms.ChoiceField(
        label=pgettext_lazy("practice", "Grade"), choices=EvaluationGrade.choices
    )
    evaluator = forms.CharField(label=pgettext_lazy("practice", "Evaluator"), max_length=60)
    date = date_field(pgettext_lazy("practice", "Evaluation date"))
    comment = forms.CharField(
        label=pgettext_lazy("practice", "Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class FigureFilterForm(forms.Form):
    year = forms.IntegerField(
        label=pgettext_lazy("practice", "Year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        required=False,
    )
    unit = UnitChoiceField(
        queryset=None, label=pgettext_lazy("practice", "Cadre's unit"), required=False
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor=actor)
        self.fields["unit"].empty_label = _("All units in my scope")

    def filters(self) -> FigureFilters:
        if not self.is_bound:
            return FigureFilters()
        self.is_valid()
        return FigureFilters(year=self.cleaned_data.get("year"), unit=self.cleaned_data.get("unit"))

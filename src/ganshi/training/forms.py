"""Forms of the training pages. They parse what was typed; the services judge it."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganshi.cadres.forms import UnitChoiceField
from ganshi.cadres.models import Cadre
from ganshi.orgs.models import LeadershipLevel, Unit
from ganshi.orgs.selectors import unit_choices
from ganshi.training.choices import WithdrawalReason
from ganshi.training.models import Course, TrainingKind, TrainingPlan
from ganshi.training.selectors import (
    ClassFilters,
    ComplianceFilters,
    PersonTimeFilters,
    course_queryset,
    plan_queryset,
)

SEPARATORS = re.compile(r"[,，、;；\n]+")
YEARS = range(2000, 2101)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _blank(label) -> list[tuple[str, Any]]:
    return [("", label)]


def current_year() -> int:
    return timezone.localdate().year


class KindChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("Choose a kind of class from the list.")}
        )
        super().__init__(TrainingKind.objects.order_by("sort_order", "id"), **kwargs)


class YearField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[(year, year) for year in YEARS],
            coerce=int,
            error_messages={"invalid_choice": _("Enter a year between 2000 and 2100.")},
            **kwargs,
        )


# --- classes ------------------------------------------------------------------------------


class ClassFilterForm(forms.Form):
    q = forms.CharField(label=_("Class title"), required=False, max_length=60)
    kind = KindChoiceField(label=_("Class kind"), required=False, empty_label=_("Any kind"))
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Organiser"), required=False)
    year = YearField(label=_("Year"), required=False)
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=_blank(_("Any month")) + [(month, month) for month in range(1, 13)],
        coerce=int,
        required=False,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor=actor)
        self.fields["unit"].empty_label = _("All units in my scope")
        self.fields["year"].choices = _blank(_("Any year")) + [
            (year, year) for year in range(current_year() + 1, 2014, -1)
        ]

    def filters(self) -> ClassFilters:
        if not self.is_bound:
            return ClassFilters()
        self.is_valid()
        data = self.cleaned_data
        year = data.get("year") or None
        return ClassFilters(
            q=data.get("q") or "",
            kind=data.get("kind"),
            unit=data.get("unit"),
            year=year,
            month=(data.get("month") or None) if year else None,
        )


class ClassForm(forms.Form):
    title = forms.CharField(label=_("Class title"), max_length=120)
    kind = KindChoiceField(label=_("Class kind"))
    organiser = UnitChoiceField(queryset=Unit.objects.none(), label=_("Organiser"))
    plan = forms.ModelChoiceField(
        queryset=TrainingPlan.objects.none(),
        label=_("Plan"),
        required=False,
        error_messages={"invalid_choice": _("This plan does not exist or is outside your scope.")},
    )
    venue = forms.CharField(label=_("Venue"), max_length=120, required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    is_full_time = forms.BooleanField(label=_("Full-time (脱产) class"), required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"), required=False, min_value=1, help_text=_("Empty: no limit.")
    )
    sub_venues = forms.CharField(
        label=_("Live-stream sub-venues"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    description = forms.CharField(
        label=_("Class description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = unit_choices(actor=actor)
        self.fields["plan"].queryset = plan_queryset(actor=actor).order_by("-year", "id")
        self.fields["kind"].queryset = TrainingKind.objects.filter(is_active=True).order_by(
            "sort_order", "id"
        )

    def class_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("sub_venues", None)
        data["venue"] = data.get("venue") or ""
        data["description"] = data.get("description") or ""
        return data

    def sub_venue_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("sub_venues", "").splitlines()]


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Session title"), max_length=120)
    date = forms.DateField(label=_("Session date"), widget=DATE)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    end_time = forms.TimeField(label=_("End time"), widget=TIME)
    credit_hours = forms.DecimalField(
        label=_("Credit hours"), max_digits=5, decimal_places=1, min_value=0
    )
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(), label=_("Course from the library"), required=False
    )
    lecturer_cadre = forms.ModelChoiceField(
        queryset=Cadre.objects.none(),
        label=_("Lecturer from the registry (cadre number)"),
        required=False,
        widget=forms.NumberInput,
        error_messages={"invalid_choice": _("This cadre does not exist or is outside your scope.")},
    )
    lecturer_name = forms.CharField(label=_("Outside lecturer"), max_length=60, required=False)
    lecturer_affiliation = forms.CharField(
        label=_("Outside lecturer's affiliation"), max_length=120, required=False
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        from ganshi.accounts.scopes import cadre_scope_q

        self.fields["course"].queryset = course_queryset(actor=actor).order_by("title")
        self.fields["lecturer_cadre"].queryset = Cadre.objects.filter(cadre_scope_q(actor))

    def session_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["lecturer_name"] = data.get("lecturer_name") or ""
        data["lecturer_affiliation"] = data.get("lecturer_affiliation") or ""
        return data


class EnrolUploadForm(forms.Form):
    file = forms.FileField(
        label=_("List of cadres (.xlsx, .xls or .csv)"),
        help_text=_("A header row with the columns 姓名 and 身份证号, one cadre a row."),
    )
    waiting_list = forms.BooleanField(
        label=_("Put those beyond the capacity on the waiting list"), required=False, initial=True
    )


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for withdrawal"),
        choices=[
            (WithdrawalReason.REQUEST, WithdrawalReason.REQUEST.label),
            (WithdrawalReason.STAFF, WithdrawalReason.STAFF.label),
        ],
    )


SCORES = [(score, score) for score in range(5, 0, -1)]


class FeedbackForm(forms.Form):
    content_score = forms.TypedChoiceField(
        label=_("Content"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    teaching_score = forms.TypedChoiceField(
        label=_("Teaching"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    organisation_score = forms.TypedChoiceField(
        label=_("Organisation"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- plans and courses --------------------------------------------------------------------


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Plan title"), max_length=120)
    organiser = UnitChoiceField(queryset=Unit.objects.none(), label=_("Organiser"))
    planned_classes = forms.IntegerField(label=_("Planned classes"), min_value=0, initial=0)
    planned_person_times = forms.IntegerField(
        label=_("Planned person-times"), min_value=0, initial=0
    )
    description = forms.CharField(
        label=_("Plan description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = unit_choices(actor=actor)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Course title"), max_length=120)
    owner = UnitChoiceField(queryset=Unit.objects.none(), label=_("Owner unit"))
    lecturer_name = forms.CharField(label=_("Lecturer"), max_length=60, required=False)
    credit_hours = forms.DecimalField(
        label=_("Credit hours"), max_digits=5, decimal_places=1, min_value=0
    )
    is_featured = forms.BooleanField(label=_("Featured course (精品课程)"), required=False)
    topics = forms.CharField(
        label=_("Topics"), required=False, help_text=_("Separate topics with commas.")
    )
    description = forms.CharField(
        label=_("Course description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = unit_choices(actor=actor)

    def course_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("topics", None)
        data["lecturer_name"] = data.get("lecturer_name") or ""
        data["description"] = data.get("description") or ""
        return data

    def topic_names(self) -> list[str]:
        return [name.strip() for name in SEPARATORS.split(self.cleaned_data.get("topics") or "")]


# --- hours, compliance, figures -----------------------------------------------------------

LEVEL_CHOICES = [
    ("", _("Every level")),
    ("township", _("Section-level (乡科级) leaders")),
    ("senior", _("County level (县处级) and 四级调研员 and above")),
    *LeadershipLevel.choices,
]
YES_NO = [("", _("Either")), ("1", _("Yes")), ("0", _("No"))]


class ComplianceFilterForm(forms.Form):
    year = YearField(label=_("Year"), required=False)
    q = forms.CharField(label=_("Name"), required=False, max_length=40)
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Unit"), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES, required=False)
    behind = forms.BooleanField(label=_("Only those behind"), required=False)
    trained = forms.ChoiceField(
        label=_("Attended a class this year"), choices=YES_NO, required=False
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor=actor)
        self.fields["unit"].empty_label = _("All units in my scope")
        self.fields["year"].choices = [(y, y) for y in range(current_year(), 2014, -1)]

    def filters(self) -> ComplianceFilters:
        self.is_valid()
        data = self.cleaned_data if self.is_bound else {}
        trained = data.get("trained") or ""
        return ComplianceFilters(
            year=data.get("year") or current_year(),
            q=data.get("q") or "",
            unit=data.get("unit"),
            level=data.get("level") or "",
            behind=bool(data.get("behind")),
            trained=None if trained == "" else trained == "1",
        )


class FiguresForm(forms.Form):
    year = YearField(label=_("Year"), required=False)
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Unit"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor=actor)
        self.fields["unit"].empty_label = _("All units in my scope")
        self.fields["year"].choices = [(y, y) for y in range(current_year(), 2014, -1)]

    def values(self) -> tuple[int, Unit | None]:
        self.is_valid()
        data = self.cleaned_data if self.is_bound else {}
        return data.get("year") or current_year(), data.get("unit")


class PersonTimeFilterForm(forms.Form):
    kind = KindChoiceField(label=_("Class kind"), required=False, empty_label=_("Any kind"))
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Organiser"), required=False)
    year = YearField(label=_("Year"), required=False)
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=_blank(_("Any month")) + [(month, month) for month in range(1, 13)],
        coerce=int,
        required=False,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor=actor)
        self.fields["unit"].empty_label = _("All units in my scope")
        self.fields["year"].choices = [(y, y) for y in range(current_year() + 1, 2014, -1)]

    def filters(self) -> PersonTimeFilters:
        self.is_valid()
        data = self.cleaned_data if self.is_bound else {}
        year = data.get("year") or current_year()
        return PersonTimeFilters(
            kind=data.get("kind"), unit=data.get("unit"), year=year, month=data.get("month") or None
        )


class ParametersForm(forms.Form):
    annual_hours = forms.DecimalField(
        label=_("Credit hours a year (乡科级 and below)"), max_digits=6, decimal_places=1
    )
    five_year_hours = forms.DecimalField(
        label=_("Credit hours in five years (县处级, 四级调研员 and above)"),
        max_digits=6,
        decimal_places=1,
    )
    five_year_span = forms.IntegerField(label=_("Years counted"), min_value=1, max_value=10)
    senior_rank_floor = forms.IntegerField(
        label=_("Lowest rank counted as senior (rank code)"), min_value=1, max_value=12
    )
    leave_numerator = forms.IntegerField(label=_("Leave allowed (numerator)"), min_value=0)
    leave_denominator = forms.IntegerField(label=_("Leave allowed (denominator)"), min_value=1)
    minutes_per_credit_hour = forms.IntegerField(
        label=_("Minutes per credit hour"), min_value=1, max_value=120
    )
    signin_early_minutes = forms.IntegerField(
        label=_("QR sign-in opens this many minutes before the session"),
        min_value=0,
        max_value=240,
    )
    source = forms.CharField(label=_("Source"), max_length=200)


class KindForm(forms.Form):
    code = forms.SlugField(
        label=_("Kind code"), max_length=30, help_text=_("Letters, digits, - and _.")
    )
    name = forms.CharField(label=_("Kind name"), max_length=30)

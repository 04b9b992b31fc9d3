"""Forms of the cadre pages. They parse what was typed; the services judge it.

The model forms here build their fields from the model (labels, choices, year-month
fields typed as ``1985.03``) but skip the model validation Django's ``ModelForm`` runs
in ``_post_clean``: ``cadre_create``/``cadre_update`` and the record services check the
domain rules and answer with every bad field at once.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Count, Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from ganshi.cadres.choices import AgeBand, CadreCategory, CadreStatus, Gender, Rank
from ganshi.cadres.exports import mask_sensitive
from ganshi.cadres.models import (
    Cadre,
    FamilyMember,
    PostTenure,
    RankRecord,
    ResumeEntry,
    RewardPunishment,
)
from ganshi.cadres.selectors import DEFAULT_SORT, MINORITY, SORTS, CadreFilters, tag_list
from ganshi.cadres.services import CADRE_FIELDS
from ganshi.core.code_tables import ETHNICITY_CHOICES, EducationBand, PoliticalStatus
from ganshi.core.fields import YearMonthFormField
from ganshi.orgs.models import LeadershipLevel, Unit
from ganshi.orgs.selectors import post_list, unit_choices
from ganshi.web.forms import FastSelect

ALL_STATUSES = "all"
SENSITIVE_FIELDS = ("id_number", "phone", "home_address")
UNIT_INVALID = _("This unit does not exist or is outside your scope.")
TAG_SEPARATORS = re.compile(r"[,，、;；\n]+")


class BoundedUnitIterator(ModelChoiceIterator):
    """The options a unit field offers: the top levels of its tree, as deep as
    ``UnitChoiceField.max_options`` allows, plus the unit chosen now.

    A province administrator's scope holds some 20,000 units; a select of all of them
    made the cadre list a megabyte and a second and a half slower. Deeper units are
    still accepted (validation uses the whole queryset): the unit pages link to the
    list filtered by any of them, and the chosen one is always among the options.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit in self.field.offered_units():
            yield self.choice(unit)

    def __len__(self):
        return len(self.field.offered_units()) + (self.field.empty_label is not None)


class UnitChoiceField(forms.ModelChoiceField):
    """Units in tree order, indented by depth; see ``BoundedUnitIterator``."""

    iterator = BoundedUnitIterator
    widget = FastSelect
    max_options = 500

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": UNIT_INVALID})
        super().__init__(queryset, **kwargs)
        self.chosen = None

    def get_bound_field(self, form, field_name):
        bound = super().get_bound_field(form, field_name)
        value = bound.value()
        self.chosen = getattr(value, "pk", value)
        return bound

    def offered_units(self) -> list[Unit]:
        """Every unit when they fit (one query); else the levels that fit, plus the chosen."""
        queryset = self.queryset
        units = list(queryset[: self.max_options + 1])
        if len(units) <= self.max_options:
            return units
        levels = queryset.order_by("depth").values_list("depth").annotate(units=Count("pk"))
        depth, offered_count = 0, 0
        for level, count in levels:
            if depth and offered_count + count > self.max_options:
                break
            depth, offered_count = level, offered_count + count
        offered = Q(depth__lte=depth)
        if str(self.chosen or "").isdigit():
            offered |= Q(pk=int(self.chosen))
        return list(queryset.filter(offered))

    def label_from_instance(self, obj: Unit) -> str:
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


def _blank(label) -> list[tuple[str, Any]]:
    return [("", label)]


# --- the list filters -------------------------------------------------------------------


class CadreFilterForm(forms.Form):
    """The GET parameters of the list and the export, bound to ``CadreFilters``."""

    q = forms.CharField(label=_("Name"), required=False, max_length=40)
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Unit"), required=False)
    rank = forms.TypedChoiceField(
        label=_("Rank"), choices=_blank(_("Any rank")) + Rank.choices, coerce=int, required=False
    )
    leadership_level = forms.ChoiceField(
        label=_("Leadership level"),
        choices=_blank(_("Any leadership level")) + LeadershipLevel.choices,
        required=False,
    )
    age_band = forms.ChoiceField(
        label=_("Age"), choices=_blank(_("Any age")) + AgeBand.choices, required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=_blank(_("Any gender")) + Gender.choices, required=False
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"),
        choices=_blank(_("Any ethnicity"))
        + [(MINORITY, _("Ethnic minorities"))]
        + ETHNICITY_CHOICES,
        required=False,
        widget=FastSelect,
    )
    education = forms.ChoiceField(
        label=_("Education"),
        choices=_blank(_("Any education")) + EducationBand.choices,
        required=False,
    )
    political_status = forms.ChoiceField(
        label=_("Political status"),
        choices=_blank(_("Any political status")) + PoliticalStatus.choices,
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=_blank(_("Any category")) + CadreCategory.choices,
        required=False,
    )
    tag = forms.ModelChoiceField(
        queryset=tag_list(),
        label=_("Tag"),
        required=False,
        empty_label=_("Any tag"),
        error_messages={"invalid_choice": _("This tag does not exist.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=CadreStatus.choices + [(ALL_STATUSES, _("All statuses"))],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=[(key, key) for key in SORTS], required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(actor=actor)
        self.fields["unit"].empty_label = _("All units in my scope")
        self.fields["tag"].queryset = tag_list()

    def filters(self) -> CadreFilters:
        """The valid filters; an invalid value is dropped (and shown as an error)."""
        if not self.is_bound:
            return CadreFilters()
        self.is_valid()
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
        """The filters applied, as plain strings (for the audit log of an export)."""
        self.is_valid()
        result = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            result[name] = str(value.pk if hasattr(value, "pk") else value)
        return result

    @property
    def is_filtered(self) -> bool:
        return any(
            self.data.get(name) for name in self.fields if name not in {"q", "sort", "status"}
        )


# --- the cadre form ---------------------------------------------------------------------


class ParseOnlyModelForm(forms.ModelForm):
    """Fields from the model; no model validation (the service does it)."""

    def _post_clean(self) -> None:
        pass

    def values(self) -> dict[str, Any]:
        """The parsed values by model field name; an empty number takes the model default."""
        result = {}
        for name in self._meta.fields:
            value = self.cleaned_data.get(name)
            model_field = self._meta.model._meta.get_field(name)
            if value is None and not model_field.null and model_field.has_default():
                value = model_field.get_default()
            result[name] = value
        return result

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sort_order" in self.fields:
            self.fields["sort_order"].required = False


def _split_tags(text: str) -> list[str]:
    names = []
    for name in TAG_SEPARATORS.split(text or ""):
        name = name.strip()
        if name and name not in names:
            names.append(name)
    return names


class CadreForm(ParseOnlyModelForm):
    """Create or edit a cadre: the fields of the 干部任免审批表.

    The sensitive fields are never sent back to the browser: on edit they start empty
    (the masked value shown beside them), an empty box keeps the stored value and a
    "clear" box empties it.
    """

    GROUPS = (
        (
            _("Basic information"),
            ("name", "gender", "birth", "id_number", "ethnicity", "native_place", "birthplace"),
        ),
        (
            _("Party and work"),
            (
                "political_status",
                "party_entry",
                "work_start",
                "health",
                "professional_title",
                "specialties",
            ),
        ),
        (
            _("Education and degree"),
            (
                "fulltime_education",
                "fulltime_degree",
                "fulltime_school",
                "inservice_education",
                "inservice_degree",
                "inservice_school",
            ),
        ),
        (_("Post and rank"), ("unit", "current_post", "category", "rank", "status")),
        (_("Contact"), ("phone", "home_address")),
        (_("Other"), ("tags", "photo", "notes")),
    )

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas; new tags are created."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG or PNG; it is re-encoded and its metadata removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    clear_id_number = forms.BooleanField(label=_("Clear the stored ID number"), required=False)
    clear_phone = forms.BooleanField(label=_("Clear the stored phone"), required=False)
    clear_home_address = forms.BooleanField(
        label=_("Clear the stored home address"), required=False
    )

    class Meta:
        model = Cadre
        fields = CADRE_FIELDS
        widgets = {
            "specialties": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "home_address": forms.TextInput(),
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            queryset=unit_choices(actor=actor),
            label=Cadre._meta.get_field("unit").verbose_name,
        )
        # The service derives birth and gender from the ID number when they are empty.
        self.fields["birth"].required = False
        self.fields["gender"].required = False
        self.fields["gender"].choices = _blank("---------") + Gender.choices
        self.fields["id_number"].widget = forms.TextInput(attrs={"autocomplete": "off"})
        self.fields["phone"].widget = forms.TextInput(attrs={"autocomplete": "off"})
        editing = self.instance.pk is not None
        for name in SENSITIVE_FIELDS:
            stored = getattr(self.instance, name) if editing else ""
            self.initial[name] = ""
            if stored:
                self.fields[name].help_text = _("Leave empty to keep the stored value.")
                self.fields[name].widget.attrs["placeholder"] = mask_sensitive(name, stored)
            else:
                del self.fields[f"clear_{name}"]
        if editing:
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())

    def groups(self):
        """The form's sections: (title, [(bound field, its "clear" box or None)])."""
        return [
            (
                title,
                [
                    (self[name], self[f"clear_{name}"] if f"clear_{name}" in self.fields else None)
                    for name in names
                ],
            )
            for title, names in self.GROUPS
        ]

    def clean(self):
        data = super().clean()
        for name in SENSITIVE_FIELDS:
            if data.get(f"clear_{name}") and data.get(name):
                self.add_error(name, _("Either type a new value or clear it, not both."))
        return data

    def cadre_data(self) -> dict[str, Any]:
        """Model field values for ``cadre_create``/``cadre_update``."""
        data = self.values()
        for name in ("birth", "gender"):
            if data.get(name) in (None, "") and self.instance.pk is None:
                data.pop(name, None)
        for name in SENSITIVE_FIELDS:
            if self.cleaned_data.get(f"clear_{name}"):
                data[name] = ""
            elif not data.get(name):
                if self.instance.pk is None:
                    data[name] = ""
                else:
                    data.pop(name, None)
            else:
                data[name] = data[name].strip()
        return data

    def tag_names(self) -> list[str]:
        return _split_tags(self.cleaned_data.get("tags", ""))


# --- records under a cadre --------------------------------------------------------------


class ResumeEntryForm(ParseOnlyModelForm):
    class Meta:
        model = ResumeEntry
        fields = ("start", "end", "text", "is_sub_entry", "sort_order")
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"sort_order": _("Order")}
        help_texts = {"end": _("Leave empty for the current entry.")}


class FamilyMemberForm(ParseOnlyModelForm):
    class Meta:
        model = FamilyMember
        fields = (
            "relation",
            "name",
            "birth",
            "political_status",
            "workplace",
            "is_social_relation",
            "sort_order",
        )
        labels = {"sort_order": _("Order")}


class RewardPunishmentForm(ParseOnlyModelForm):
    class Meta:
        model = RewardPunishment
        fields = ("kind", "date", "description", "authority")


class RankRecordForm(ParseOnlyModelForm):
    class Meta:
        model = RankRecord
        fields = ("rank", "start", "document_number")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].choices = [
            (value, label) for value, label in Rank.choices if value != Rank.NONE
        ]


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.unit.name} · {obj.name}"


class PostTenureForm(ParseOnlyModelForm):
    """Seat a cadre in a post of a unit in the actor's scope."""

    class Meta:
        model = PostTenure
        fields = ("post", "start", "end", "document_number")
        help_texts = {"end": _("Leave empty while the cadre holds the post.")}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"] = PostChoiceField(
            queryset=post_list(actor=actor),
            label=PostTenure._meta.get_field("post").verbose_name,
            error_messages={
                "invalid_choice": _("This post does not exist or is outside your scope.")
            },
        )


class PostTenureEndForm(forms.Form):
    end = YearMonthFormField(label=_("To"))
    document_number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=80,
        help_text=_("Leave empty to keep the appointing document number."),
    )

"""Forms on the unit page: set a quota, add a post."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ganshi.orgs.models import LeadershipLevel
from ganshi.web.forms import StyledForm


class QuotaForm(StyledForm):
    leadership_level = forms.ChoiceField(
        label=_("Leadership level"),
        choices=[
            (value, label)
            for value, label in LeadershipLevel.choices
            if value != LeadershipLevel.NONE
        ],
    )
    approved = forms.IntegerField(label=_("Approved"), min_value=0, max_value=999)
    document_number = forms.CharField(label=_("Approving document"), max_length=80, required=False)

    prefix = "quota"


class PostForm(StyledForm):
    name = forms.CharField(label=_("Post name"), max_length=80)
    leadership_level = forms.ChoiceField(
        label=_("Leadership level"), choices=LeadershipLevel.choices
    )
    sort_order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, required=False, initial=0
    )

    prefix = "post"

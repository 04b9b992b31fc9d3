"""Forms of the supervision pages. They parse what was typed; the services judge it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganshi.accounts.models import User
from ganshi.accounts.roles import Role
from ganshi.accounts.scopes import cadre_scope_q, unit_scope_q
from ganshi.cadres.models import Cadre
from ganshi.orgs.models import Unit
from ganshi.supervision.choices import (
    OUTCOME_STATUSES,
    STAFF_CHANNELS,
    ApplicantKind,
    CaseStatus,
    Channel,
    DocumentKind,
    DocumentStatus,
    FamilyActivityKind,
    LeniencyDecision,
    PublicityScope,
    TalkKind,
    Transition,
)
from ganshi.supervision.models import FalseAccusationSituation, LeniencyCriterion


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
        error_messages={
            "invalid": pgettext_lazy("supervision", "Enter a date such as 2026-03-01.")
        },
    )


ANONYMITY_CHOICES = [
    ("1", pgettext_lazy("supervision", "Report anonymously")),
    ("0", pgettext_lazy("supervision", "Report in my own name")),
]


class ReportForm(forms.Form):
    """What the public page and staff registration ask. Attachments are read from
    ``request.FILES`` ("attachments", several allowed) and checked by the service."""

    content = forms.CharField(
        label=pgettext_lazy("supervision", "What happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=pgettext_lazy(
            "supervision", "When, where, who was involved, and what you know of it."
        ),
    )
    subject_name = forms.CharField(
        label=pgettext_lazy("supervision", "Name of the person reported"),
        max_length=200,
        required=False,
    )
    subject_unit = forms.CharField(
        label=pgettext_lazy("supervision", "Their unit and post"), max_length=200, required=False
    )
    anonymity = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Your identity"),
        choices=ANONYMITY_CHOICES,
        initial="1",
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(
        label=pgettext_lazy("supervision", "Your name"), max_length=200, required=False
    )
    reporter_contact = forms.CharField(
        label=pgettext_lazy("supervision", "How to reach you (phone or address)"),
        max_length=200,
        required=False,
    )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["is_anonymous"] = data.pop("anonymity") == "1"
        return data


class RegisterForm(ReportForm):
    # A plain field with a select: the service judges the value, with the other fields.
    channel = forms.CharField(
        label=pgettext_lazy("supervision", "Channel"),
        widget=forms.Select(
            choices=[("", "---------")] + [(c.value, c.label) for c in STAFF_CHANNELS]
        ),
        required=False,
    )
    received_on = date_field(pgettext_lazy("supervision", "Received on"), required=False)
    field_order = ["channel", "received_on"]


class FollowForm(forms.Form):
    code = forms.CharField(
        label=pgettext_lazy("supervision", "Receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=pgettext_lazy("supervision", "Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=pgettext_lazy("supervision", "Move"), choices=())
    comment = forms.CharField(
        label=pgettext_lazy("supervision", "Comment"), max_length=300, required=False
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, Transition(a).label) for a in actions]


class HandlerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class StartCheckForm(forms.Form):
    handlers = HandlerChoiceField(
        label=pgettext_lazy("supervision", "Handlers"),
        queryset=User.objects.filter(is_active=True, role=Role.DISCIPLINE_HANDLER).order_by(
            "username"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = date_field(pgettext_lazy("supervision", "Check deadline"), required=False)
    comment = forms.CharField(
        label=pgettext_lazy("supervision", "Comment"), max_length=300, required=False
    )


class IdentityRequestForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("supervision", "Why the identity is needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DecisionForm(forms.Form):
    approve = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Decision"),
        choices=[
            ("1", pgettext_lazy("supervision", "Approve")),
            ("0", pgettext_lazy("supervision", "Refuse")),
        ],
        widget=forms.RadioSelect,
    )
    decision_reason = forms.CharField(
        label=pgettext_lazy("supervision", "Reason"), max_length=1000, required=False
    )


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.unit.name}"


class MatchForm(forms.Form):
    cadre = CadreChoiceField(
        label=pgettext_lazy("supervision", "Cadre in the registry"),
        queryset=Cadre.objects.none(),
    )

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = (
            Cadre.objects.filter(name=name).select_related("unit").order_by("unit__code", "id")
        )


class ExonerationForm(forms.Form):
    decision = forms.CharField(
        label=pgettext_lazy("supervision", "Decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    publicity_scope = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Made public in"),
        choices=[("", "---------"), *PublicityScope.choices],
        required=False,
    )
    decided_on = date_field(pgettext_lazy("supervision", "Decided on"), required=False)


class FalseAccusationForm(forms.Form):
    situation = forms.ModelChoiceField(
        label=pgettext_lazy("supervision", "Situation"),
        queryset=FalseAccusationSituation.objects.filter(is_active=True),
        required=False,
    )
    facts = forms.CharField(
        label=pgettext_lazy("supervision", "Facts found"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    referred_to = forms.CharField(
        label=pgettext_lazy("supervision", "Referred to"), max_length=120, required=False
    )
    referred_on = date_field(pgettext_lazy("supervision", "Referred on"), required=False)


OUTCOME_CHOICES = [CaseStatus(status) for status in OUTCOME_STATUSES]


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "---------"), *CaseStatus.choices], required=False
    )
    channel = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Channel"),
        choices=[("", "---------"), *Channel.choices],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Outcome"),
        choices=[("", "---------")] + [(s.value, s.label) for s in OUTCOME_CHOICES],
        required=False,
    )
    age = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Open for (days)"),
        choices=[
            ("", "---------"),
            ("0-30", "0–30"),
            ("31-90", "31–90"),
            ("91-180", "91–180"),
            ("181-", "181+"),
        ],
        required=False,
    )
    overdue = forms.BooleanField(
        label=pgettext_lazy("supervision", "Overdue checks only"), required=False
    )


# --- registers ----------------------------------------------------------------------------


class ScopedCadreField(forms.CharField):
    """A cadre by name or registry number, looked up in the actor's scope (set by
    ``ActorForm``); the service checks the scope again and names the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", pgettext_lazy("supervision", "Cadre (name or registry number)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.actor = None

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        in_scope = Cadre.objects.filter(cadre_scope_q(self.actor)).select_related("unit")
        if text.isdigit():
            number = int(text)
            if number > 2**63 - 1:
                return Cadre(pk=0)
            return in_scope.filter(pk=number).first() or Cadre(pk=number)
        found = list(in_scope.filter(name=text)[:2])
        if len(found) > 1:
            raise forms.ValidationError(
                pgettext_lazy(
                    "supervision",
                    "Several cadres in your scope have this name; give the registry number.",
                )
            )
        return found[0] if found else Cadre(pk=0)


class ActorForm(forms.Form):
    """A form whose cadre fields look cadres up in the actor's scope."""

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, ScopedCadreField):
                field.actor = actor


class LeniencyApplyForm(ActorForm):
    cadre = ScopedCadreField()
    applicant_kind = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Applied by"),
        choices=[("", "---------"), *ApplicantKind.choices],
        required=False,
    )
    applied_on = date_field(pgettext_lazy("supervision", "Applied on"), required=False)
    matter = forms.CharField(
        label=pgettext_lazy("supervision", "Matter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class LeniencyDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Decision"),
        choices=[("", "---------"), *LeniencyDecision.choices],
        required=False,
    )
    criteria_met = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("supervision", "Criteria met"),
        queryset=LeniencyCriterion.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    findings = forms.CharField(
        label=pgettext_lazy("supervision", "Investigation findings"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reasons = forms.CharField(
        label=pgettext_lazy("supervision", "Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    decided_on = date_field(pgettext_lazy("supervision", "Decided on"), required=False)
    remains_eligible_for_promotion = forms.BooleanField(
        label=pgettext_lazy("supervision", "Remains eligible for promotion"), required=False
    )
    cleared_for_commendation = forms.BooleanField(
        label=pgettext_lazy("supervision", "Cleared for commendations"), required=False
    )


class TalkForm(ActorForm):
    kind = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Kind"),
        choices=[("", "---------"), *TalkKind.choices],
        required=False,
    )
    cadre = ScopedCadreField()
    held_by = forms.CharField(
        label=pgettext_lazy("supervision", "Held by"), max_length=200, required=False
    )
    held_on = date_field(pgettext_lazy("supervision", "Date"), required=False)
    reason = forms.CharField(
        label=pgettext_lazy("supervision", "Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    summary = forms.CharField(
        label=pgettext_lazy("supervision", "Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    follow_up = forms.CharField(
        label=pgettext_lazy("supervision", "Follow-up"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class TalkReplyForm(forms.Form):
    reply = forms.CharField(
        label=pgettext_lazy("supervision", "Reply to the letter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    replied_on = date_field(pgettext_lazy("supervision", "Replied on"), required=False)


class DocumentForm(ActorForm):
    cadre = ScopedCadreField()
    kind = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Kind"),
        choices=[("", "---------"), *DocumentKind.choices],
        required=False,
    )
    number = forms.CharField(
        label=pgettext_lazy("supervision", "Document number"), max_length=40, required=False
    )
    issued_on = date_field(pgettext_lazy("supervision", "Issued on"), required=False)
    expires_on = date_field(pgettext_lazy("supervision", "Expires on"), required=False)
    deposit = forms.BooleanField(
        label=pgettext_lazy("supervision", "Deposited now"), required=False, initial=True
    )


class LoanRequestForm(forms.Form):
    purpose = forms.CharField(
        label=pgettext_lazy("supervision", "Purpose and destination"),
        max_length=200,
        required=False,
    )
    due_on = date_field(pgettext_lazy("supervision", "Due back on"), required=False)


class DocumentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "---------"), *DocumentStatus.choices], required=False
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Kind"),
        choices=[("", "---------"), *DocumentKind.choices],
        required=False,
    )
    expiring = forms.BooleanField(
        label=pgettext_lazy("supervision", "Expiring within 180 days"), required=False
    )


class FamilySupervisorForm(ActorForm):
    cadre = ScopedCadreField()
    name = forms.CharField(
        label=pgettext_lazy("supervision", "Name"), max_length=80, required=False
    )
    relation = forms.CharField(
        label=pgettext_lazy("supervision", "Relation"), max_length=40, required=False
    )
    phone = forms.CharField(
        label=pgettext_lazy("supervision", "Phone"), max_length=60, required=False
    )
    appointed_on = date_field(pgettext_lazy("supervision", "Appointed on"), required=False)


class FamilyActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("supervision", "Kind"),
        choices=[("", "---------"), *FamilyActivityKind.choices],
        required=False,
    )
    title = forms.CharField(
        label=pgettext_lazy("supervision", "Title"), max_length=200, required=False
    )
    held_on = date_field(pgettext_lazy("supervision", "Date"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    notes = forms.CharField(
        label=pgettext_lazy("supervision", "Notes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(unit_scope_q(actor)).order_by("path")[
            :500
        ]

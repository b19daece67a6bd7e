"""Forms for the team and the referrer after submission: decisions, pathway, answers, withdrawal,
the queue's filters, API tokens and the triage search."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from rose.accounts.models import Organisation
from rose.core.forms import RoseForm
from rose.referrals.models import OmeBand, ReferralStatus, WaitlistPathway


class DecisionForm(RoseForm):
    ACTIONS = [
        ("in_review", "Start review"),
        ("accepted", "Accept and add to the waitlist"),
        ("more_info", "Ask the referrer for more information"),
        ("declined", "Decline"),
        ("withdrawn", "Withdraw"),
    ]
    action = forms.ChoiceField(label="Decision", choices=ACTIONS, widget=forms.RadioSelect,
                               error_messages={"required": "Select a decision"})
    reason = forms.CharField(label="Reason or question for the referrer", max_length=2000, required=False,
                             help_text="Needed to decline, withdraw or ask for more information. The referrer sees it",
                             widget=forms.Textarea(attrs={"rows": 3}))
    pathway = forms.ChoiceField(label="If you accept: what does the patient need?", required=False,
                                initial=WaitlistPathway.BOTH, widget=forms.RadioSelect,
                                choices=WaitlistPathway.choices,
                                help_text="The waitlist shows it, so group places and clinic appointments "
                                          "are offered to the right patients")

    def __init__(self, *args: Any, allowed: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = [c for c in self.ACTIONS if c[0] in allowed]
        if "accepted" not in allowed:
            del self.fields["pathway"]

    def clean_pathway(self) -> str:
        return self.cleaned_data.get("pathway") or WaitlistPathway.BOTH

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        if data.get("action") in ("declined", "more_info", "withdrawn") and not data.get("reason", "").strip():
            self.add_error("reason", "Enter a reason (or the question) for the referrer")
        return data


class PathwayForm(RoseForm):
    pathway = forms.ChoiceField(label="What does the patient need?", choices=WaitlistPathway.choices,
                                widget=forms.RadioSelect, error_messages={"required": "Select what the patient needs"})
    reason = forms.CharField(label="Why (optional)", max_length=300, required=False,
                             help_text="For example, prefers not to join a group")


class AnswerForm(RoseForm):
    answer = forms.CharField(label="Your answer", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": "Enter your answer"})


class WithdrawForm(RoseForm):
    reason = forms.CharField(label="Why are you withdrawing this referral?", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why you are withdrawing the referral"})


WAITING_CHOICES = [("", "Any"), ("7", "7 days or more"), ("14", "14 days or more"), ("28", "28 days or more"),
                   ("56", "56 days or more")]


class QueueFilterForm(RoseForm):
    """GET filters: ids and codes only, never personal data."""

    status = forms.ChoiceField(label="Status", required=False, choices=[
        ("open", "Open (submitted, in review, more information)"), ("", "All"),
        *[(s.value, s.label) for s in ReferralStatus if s != ReferralStatus.DRAFT]])
    practice = forms.ModelChoiceField(label="GP practice", queryset=Organisation.objects.none(), required=False,
                                      empty_label="Any")
    waiting = forms.TypedChoiceField(label="Waiting", required=False, choices=WAITING_CHOICES, coerce=int,
                                     empty_value=None)
    band = forms.TypedChoiceField(label="OME band", required=False, coerce=int, empty_value=None,
                                  choices=[("", "Any"), *[(str(b.value), b.label) for b in OmeBand]])
    flag = forms.ChoiceField(label="Flags", required=False, choices=[
        ("", "Any"), ("any", "Any flag"), ("risk", "Risk flags"), ("ineligible", "Eligibility to check"),
        ("duplicate", "Second active referral")])
    sort = forms.ChoiceField(label="Sort by", required=False, choices=[("oldest", "Waiting longest first"),
                                                                      ("newest", "Newest first")])

    def __init__(self, *args: Any, practices: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["practice"]).queryset = (
            practices if practices is not None else Organisation.objects.none())


class ApiTokenForm(RoseForm):
    organisation = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none(),
                                          empty_label="Choose an organisation",
                                          error_messages={"required": "Choose the organisation"})
    name = forms.CharField(label="Name of the token", max_length=100, help_text="For example, EMIS integration",
                           error_messages={"required": "Enter a name for the token"})

    def __init__(self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = (
            organisations if organisations is not None else Organisation.objects.none())


class TriageSearchForm(RoseForm):
    """Sent by POST so that an NHS number or a name never appears in a web address or a log."""

    q = forms.CharField(label="Search by NHS number or name", max_length=100,
                        help_text="For example, 999 123 4567 or Lovelace",
                        error_messages={"required": "Enter an NHS number or a name to search for"})

    def clean_q(self) -> str:
        value = self.cleaned_data["q"].strip()
        digits = value.replace(" ", "").replace("-", "")
        if digits.isdigit() and len(digits) != 10:
            raise forms.ValidationError("An NHS number has 10 digits, like 999 123 4567")
        return value

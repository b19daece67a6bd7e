"""The referral's other question pages: patient, pain, other medicines, eligibility, risks, reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from rose.core.forms import RoseForm
from rose.patients.forms import PatientIdentityForm
from rose.referrals.models import OTHER_MEDICINES, PAIN_DURATIONS, RISK_FLAGS

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(value)


ADULT_AGE = 18


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class PatientStepForm(PatientIdentityForm):
    """The referral's patient page: the shared identity questions, worded for a referrer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mobile"].help_text = "For text messages from the ROSE team. For example, 07700 900 982"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        born = data.get("date_of_birth")
        if born is not None and age_on(born, timezone.localdate()) < ADULT_AGE:
            self.add_error("date_of_birth", "ROSE is a service for adults: the patient must be 18 or over. "
                           "Refer children and young people to their paediatric pain service")
        return data


class PainStepForm(RoseForm):
    pain_condition = forms.CharField(label="What is the patient's pain condition?", max_length=300,
                                     help_text="For example, chronic low back pain, fibromyalgia",
                                     error_messages={"required": "Enter the patient's pain condition"})
    pain_duration = forms.ChoiceField(label="How long has the patient had this pain?", choices=PAIN_DURATIONS,
                                      widget=forms.RadioSelect,
                                      error_messages={"required": "Select how long the patient has had this pain"})
    pain_impact = forms.CharField(label="How does the pain affect the patient's daily life? (optional)",
                                  max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4}))


class OtherMedicinesStepForm(RoseForm):
    other_medicines = forms.MultipleChoiceField(
        label="Does the patient take any of these medicines?", choices=OTHER_MEDICINES, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply. Leave empty if none")
    other_medicines_detail = forms.CharField(label="Names and doses (optional)", max_length=1000, required=False,
                                             widget=forms.Textarea(attrs={"rows": 3}))


class EligibilityStepForm(RoseForm):
    def __init__(self, *args: Any, criteria: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[criterion["code"]] = forms.ChoiceField(
                label=criterion["question"], choices=YES_NO, widget=forms.RadioSelect,
                error_messages={"required": f"Select yes or no: {criterion['question']}",
                                "invalid_choice": f"Select yes or no: {criterion['question']}"})

    def answers(self) -> dict[str, bool | None]:
        return {c["code"]: _yes_no(self.cleaned_data.get(c["code"])) for c in self.criteria}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        if data.get("agrees_to_referral") == "no":
            self.add_error("agrees_to_referral", "The patient must agree to be referred and contacted before you "
                           "can refer them. Talk to the patient first")
        return data


class RiskStepForm(RoseForm):
    """The risks question is never answered for the referrer: nothing is ticked until they tick it.
    "None of these" is the NHS exclusive checkbox (its script unticks the others); without the
    script the server refuses "none" ticked with a risk."""

    risk_flags = forms.MultipleChoiceField(
        label="Does the patient have any of these risks?", choices=[*RISK_FLAGS, ("none", "None of these")],
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply",
        error_messages={"required": "Select the patient's risks, or select none of these"})

    def risk_items(self) -> list[dict[str, Any]]:
        """The NHS checkboxes' items: each risk, an "or" divider, then the exclusive "None of these"."""
        chosen = {str(v) for v in (self["risk_flags"].value() or [])}
        items: list[dict[str, Any]] = [{"value": code, "text": label, "checked": code in chosen}
                                       for code, label in RISK_FLAGS]
        return [*items, {"divider": "or"},
                {"value": "none", "text": "None of these", "checked": "none" in chosen, "behaviour": "exclusive"}]

    def clean_risk_flags(self) -> list[str]:
        flags = self.cleaned_data["risk_flags"]
        if "none" in flags and len(flags) > 1:
            raise ValidationError("Select risks, or select none of these, not both")
        return [flag for flag in flags if flag != "none"]


class ReasonStepForm(RoseForm):
    reason = forms.CharField(label="Why are you referring the patient?", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": "Enter the reason for referral"})
    hopes = forms.CharField(label="What does the patient hope for? (optional)", max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    consent_texts = forms.ChoiceField(label="Does the patient agree to get text messages from the ROSE team?",
                                      choices=YES_NO, widget=forms.RadioSelect,
                                      error_messages={"required": "Select whether the patient agrees to texts"})

    def clean_consent_texts(self) -> bool | None:
        return _yes_no(self.cleaned_data["consent_texts"])

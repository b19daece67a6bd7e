from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from rose.accounts.models import Organisation
from rose.core.forms import NHSDateField, RoseForm
from rose.patients.identifiers import normalise_mobile, normalise_nhs_number
from rose.patients.models import Consent, PatientStatus


class PatientIdentityForm(RoseForm):
    """The identity questions shared by the patient record and the referral form."""

    nhs_number = forms.CharField(label="NHS number", max_length=20, help_text="For example, 999 123 4567",
                                 error_messages={"required": "Enter the patient's NHS number"},
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    given_name = forms.CharField(label="First name", max_length=100,
                                 error_messages={"required": "Enter the patient's first name"})
    family_name = forms.CharField(label="Last name", max_length=100,
                                  error_messages={"required": "Enter the patient's last name"})
    date_of_birth = NHSDateField(label="Date of birth", past_only=True, described_as="the patient's date of birth",
                                 help_text="For example, 15 3 1984")
    mobile = forms.CharField(label="Mobile phone number (optional)", max_length=30, required=False,
                             help_text="For text messages. For example, 07700 900 982",
                             widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}))
    gp_practice = forms.ModelChoiceField(label="GP practice (optional)", queryset=Organisation.objects.none(),
                                         required=False, empty_label="Choose a practice")
    communication_needs = forms.CharField(label="Communication needs (optional)", max_length=1000, required=False,
                                          help_text="For example, large print, British Sign Language, an interpreter",
                                          widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, practices: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        practice = cast("forms.ModelChoiceField[Organisation]", self.fields["gp_practice"])
        practice.queryset = practices if practices is not None else Organisation.objects.none()
        self.fields["gp_practice"].error_messages["invalid_choice"] = "Choose a GP practice from the list"

    def clean_nhs_number(self) -> str:
        return normalise_nhs_number(self.cleaned_data["nhs_number"])

    def clean_mobile(self) -> str:
        raw = self.cleaned_data.get("mobile", "")
        return normalise_mobile(raw) if raw else ""


class PatientForm(PatientIdentityForm):
    preferred_name = forms.CharField(label="Preferred name (optional)", max_length=100, required=False)
    email = forms.EmailField(
        label="Email address (optional)", max_length=254, required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"})
    address = forms.CharField(label="Address (optional)", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    field_order = ["nhs_number", "given_name", "family_name", "preferred_name", "date_of_birth", "mobile", "email",
                   "address", "postcode", "gp_practice", "communication_needs"]

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data.get("postcode", "").upper().split())


class PatientSearchForm(RoseForm):
    q = forms.CharField(label="Search by NHS number, name or date of birth", max_length=100, required=False,
                        help_text="For example, 999 123 4567, Smith, or 15/03/1984")


class StatusForm(RoseForm):
    status = forms.ChoiceField(label="New status", choices=PatientStatus.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select the patient's new status"})
    reason = forms.CharField(label="Reason", max_length=300, error_messages={"required": "Enter a reason"},
                             help_text="For example, completed the programme, moved away, died on 3 March")


class ConsentForm(RoseForm):
    kind = forms.ChoiceField(label="Consent to", choices=Consent.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what the consent is for"})
    given = forms.TypedChoiceField(label="Answer",
                                   choices=[("yes", "Consent given"), ("no", "Consent withdrawn or refused")],
                                   coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                   error_messages={"required": "Select whether consent was given"})
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)


class TaskDoneForm(RoseForm):
    """Closing a task: what was done, required for an urgent task (as when an urgent text is handled)."""

    outcome = forms.CharField(
        label="What was done", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who was contacted and the outcome. Required for an urgent task; shown on the patient's timeline.")

    def __init__(self, *args: Any, urgent: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.urgent = urgent
        if not urgent:
            self.fields["outcome"].label = "What was done (optional)"

    def clean_outcome(self) -> str:
        outcome = (self.cleaned_data.get("outcome") or "").strip()
        if self.urgent and not outcome:
            raise forms.ValidationError("Enter what was done: this is an urgent task")
        return outcome

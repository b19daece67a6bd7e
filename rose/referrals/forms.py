"""One form per question page of the referral, plus the triage and token forms."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from rose.accounts.models import Organisation
from rose.core.forms import RoseForm
from rose.patients.forms import PatientIdentityForm
from rose.referrals.formulary import is_patch, product_choices
from rose.referrals.models import OTHER_MEDICINES, PAIN_DURATIONS, RISK_FLAGS, OmeBand, ReferralStatus, WaitlistPathway

YES_NO = [("yes", "Yes"), ("no", "No")]
OPIOID_ROWS = 4
DOSE_ROWS = 4
_TIME_TYPED = re.compile(r"^([01]?[0-9]|2[0-3])[:.]?([0-5][0-9])$")


def add_dose_time_fields(form: forms.Form, key: str, n: int) -> None:
    """Optional dosing times for one medicine row: up to four (time, amount) pairs, e.g. 08:00 1
    and 20:00 2 (MST 30 mg in the morning, 60 mg at night). Sent to the engine as `doses`."""
    for k in range(1, DOSE_ROWS + 1):
        form.fields[f"dose_time_{key}_{k}"] = forms.CharField(
            label=f"Time {k} (medicine {n})", max_length=5, required=False,
            widget=forms.TextInput(attrs={"inputmode": "numeric"}))
        form.fields[f"dose_units_{key}_{k}"] = forms.DecimalField(
            label=f"Amount at time {k} (medicine {n})", required=False, min_value=Decimal("0.01"),
            max_value=Decimal("100"), max_digits=6, decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            error_messages={"min_value": f"The amount at time {k} for medicine {n} must be more than zero",
                            "max_value": f"The amount at time {k} for medicine {n} is too high. Check the dose",
                            "max_digits": f"The amount at time {k} for medicine {n} is too long",
                            "max_decimal_places": f"The amount at time {k} for medicine {n} has too many "
                                                  "decimal places"})


def dose_time_rows(form: forms.Form, key: str) -> list[list[Any]]:
    return [[form[f"dose_time_{key}_{k}"], form[f"dose_units_{key}_{k}"]] for k in range(1, DOSE_ROWS + 1)]


def dose_times_open(form: forms.Form, key: str) -> bool:
    """Show the dosing times opened when any was typed or has an error (so the error can be seen)."""
    return any(bound.errors or bound.value() not in (None, "") for pair in dose_time_rows(form, key) for bound in pair)


def clean_dose_times(form: forms.Form, data: dict[str, Any], key: str, n: int) -> list[dict[str, Any]] | None:
    """The row's doses as [{"time": "08:00", "units": 1}, ...] sorted by time, [] when none were
    given, or None (with errors on the form) when they cannot be used."""
    doses, ok = [], True
    for k in range(1, DOSE_ROWS + 1):
        time_name, units_name = f"dose_time_{key}_{k}", f"dose_units_{key}_{k}"
        typed, units = (data.get(time_name) or "").strip(), data.get(units_name)
        if units_name in form.errors:
            ok = False
            continue
        if not typed and units is None:
            continue
        match = _TIME_TYPED.match(typed) if typed.isascii() else None
        if match is None:
            form.add_error(time_name, f"Enter time {k} for medicine {n} as hours and minutes, like 08:00")
            ok = False
            continue
        if units is None:
            form.add_error(units_name, f"Enter how many are taken at time {k} for medicine {n}")
            ok = False
            continue
        doses.append({"time": f"{int(match.group(1)):02d}:{match.group(2)}", "units": _number(units)})
    if ok and len({d["time"] for d in doses}) != len(doses):
        form.add_error(f"dose_time_{key}_1", f"Medicine {n} has the same time twice: add the amounts together")
        ok = False
    return sorted(doses, key=lambda d: d["time"]) if ok else None


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
        data = super().clean()
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


class OpioidsStepForm(RoseForm):
    """Up to four current opioids from the formulary. The dose engine checks the doses."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = product_choices()
        for i in range(OPIOID_ROWS):
            n = i + 1
            self.fields[f"product_{i}"] = forms.ChoiceField(label=f"Medicine {n}", choices=choices, required=False)
            self.fields[f"product_{i}"].error_messages["invalid_choice"] = (
                f"Medicine {n} is not in the formulary. Choose a medicine from the list")
            self.fields[f"units_{i}"] = forms.DecimalField(
                label=f"Tablets, capsules, ml or patches each time (medicine {n})", required=False,
                max_digits=6, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("100"),
                help_text="For a patch, the number of patches worn at once",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            self.fields[f"times_{i}"] = forms.DecimalField(
                label=f"Times a day (medicine {n})", required=False, max_digits=4, decimal_places=1,
                min_value=Decimal("0.1"), max_value=Decimal("24"), help_text="Leave empty for a patch",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            self.fields[f"as_needed_{i}"] = forms.BooleanField(label=f"Taken only when needed (medicine {n})",
                                                               required=False)
            add_dose_time_fields(self, str(i), n)
            for kind in ("units", "times"):
                field = self.fields[f"{kind}_{i}"]
                label = "Number each time" if kind == "units" else "Times a day"
                field.error_messages.update({
                    "invalid": f"{label} for medicine {n} must be a number",
                    "min_value": f"{label} for medicine {n} must be more than zero",
                    "max_value": f"{label} for medicine {n} is too high. Check the dose",
                    "max_digits": f"{label} for medicine {n} is too long",
                    "max_decimal_places": f"{label} for medicine {n} has too many decimal places",
                    "max_whole_digits": f"{label} for medicine {n} is too high. Check the dose",
                })

    def rows(self) -> list[dict[str, Any]]:
        return [{"n": i + 1, "product": self[f"product_{i}"], "units": self[f"units_{i}"],
                 "times": self[f"times_{i}"], "as_needed": self[f"as_needed_{i}"],
                 "doses": dose_time_rows(self, str(i)), "doses_open": dose_times_open(self, str(i))}
                for i in range(OPIOID_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        items = []
        for i in range(OPIOID_ROWS):
            product = data.get(f"product_{i}")
            units, times = data.get(f"units_{i}"), data.get(f"times_{i}")
            as_needed = data.get(f"as_needed_{i}")
            if f"product_{i}" in self.errors or f"units_{i}" in self.errors or f"times_{i}" in self.errors:
                continue
            doses = clean_dose_times(self, data, str(i), i + 1)
            if not product:
                if units or times or doses:
                    self.add_error(f"product_{i}", f"Choose medicine {i + 1}, or clear its dose")
                continue
            if doses is None:
                continue
            if doses:
                item = self._timed_item(i, product, doses, times, as_needed)
                if item is not None:
                    items.append(item)
                continue
            if not units:
                self.add_error(f"units_{i}", f"Enter how many are taken each time for medicine {i + 1}")
                continue
            item: dict[str, Any] = {"product": product, "units_per_dose": _number(units)}
            if is_patch(product):
                if times:
                    self.add_error(f"times_{i}", f"Medicine {i + 1} is a patch: leave times a day empty")
                    continue
            else:
                if not times:
                    self.add_error(f"times_{i}", f"Enter how many times a day medicine {i + 1} is taken")
                    continue
                if not as_needed and times != times.to_integral_value():
                    self.add_error(f"times_{i}", f"Times a day for medicine {i + 1} must be a whole number "
                                   "unless it is taken only when needed")
                    continue
                item["times_per_day"] = _number(times)
            if as_needed:
                item["as_needed"] = True
            items.append(item)
        if not items and not self.errors:
            raise ValidationError("Add at least one opioid the patient takes now")
        data["items"] = items
        return data

    def _timed_item(self, i: int, product: str, doses: list[dict[str, Any]], times: Any,
                    as_needed: bool) -> dict[str, Any] | None:
        n = i + 1
        if is_patch(product) or as_needed:
            self.add_error(f"dose_time_{i}_1", f"Dosing times are for regular doses: leave them empty for medicine {n}"
                           f" ({'a patch' if is_patch(product) else 'taken only when needed'})")
            return None
        if times and times != len(doses):
            self.add_error(f"times_{i}", f"Times a day for medicine {n} is {_number(times)} but {len(doses)} dosing "
                           "times are given: correct one of them")
            return None
        return {"product": product, "doses": doses}

    @staticmethod
    def initial_from(regimen: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for i, item in enumerate((regimen or {}).get("items", [])[:OPIOID_ROWS]):
            initial[f"product_{i}"] = item.get("product", "")
            initial[f"units_{i}"] = item.get("units_per_dose")
            initial[f"times_{i}"] = item.get("times_per_day") or (len(item["doses"]) if item.get("doses") else None)
            initial[f"as_needed_{i}"] = bool(item.get("as_needed"))
            for k, dose in enumerate((item.get("doses") or [])[:DOSE_ROWS], start=1):
                initial[f"dose_time_{i}_{k}"] = dose.get("time")
                initial[f"dose_units_{i}_{k}"] = dose.get("units")
        return initial


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


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
        data = super().clean()
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
        self.fields["action"].choices = [c for c in self.ACTIONS if c[0] in allowed]
        if "accepted" not in allowed:
            del self.fields["pathway"]

    def clean_pathway(self) -> str:
        return self.cleaned_data.get("pathway") or WaitlistPathway.BOTH

    def clean(self) -> dict[str, Any]:
        data = super().clean()
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

    def __init__(self, *args: Any, practices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices if practices is not None else Organisation.objects.none()


class ApiTokenForm(RoseForm):
    organisation = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none(),
                                          empty_label="Choose an organisation",
                                          error_messages={"required": "Choose the organisation"})
    name = forms.CharField(label="Name of the token", max_length=100, help_text="For example, EMIS integration",
                           error_messages={"required": "Enter a name for the token"})

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations if organisations is not None else \
            Organisation.objects.none()


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

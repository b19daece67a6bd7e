"""Forms for plan authoring: the strategy, editing a step, holds, slowing down, recorded doses and
approval."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from rose.core.forms import NHSDateField
from rose.plans.forms.base import RoseForm, _years_from_today, within
from rose.plans.steps import slot_of

STRATEGIES = [
    ("percent-of-original", "A percentage of the starting dose at each step (steady)"),
    ("percent-of-current", "A percentage of the current dose at each step (slows down near the end)"),
]


def _percent_field(label: str, initial: int, required: str, out_of_range: str) -> forms.IntegerField:
    # %% because Django formats these with the limit
    return forms.IntegerField(label=label, min_value=1, max_value=50, initial=initial,
                              error_messages={"required": required, "min_value": out_of_range,
                                              "max_value": out_of_range})


def _interval_field(initial: int, required: str) -> forms.IntegerField:
    return forms.IntegerField(label="Days at each step", min_value=1, max_value=365, initial=initial,
                              error_messages={"required": required, "min_value": "Enter from 1 to 365 days",
                                              "max_value": "Enter from 1 to 365 days"})


def _reason_field() -> forms.CharField:
    return forms.CharField(label="Reason", max_length=500, error_messages={"required": "Enter the reason"})


class PlanForm(RoseForm):
    strategy = forms.ChoiceField(label="How to reduce", choices=STRATEGIES, widget=forms.RadioSelect,
                                 error_messages={"required": "Select how to reduce"})
    percent = _percent_field("Reduction at each step (%)", 10, "Enter the reduction at each step, from 1 to 50",
                             "Enter a reduction from 1 to 50%%")
    interval_days = _interval_field(14, "Enter the number of days at each step")
    start_date = NHSDateField(label="Start date", help_text="For example, 4 1 2027")
    use_strengths = forms.CharField(
        label="Use only these strengths (optional)", max_length=100, required=False,
        help_text="For example, 10, 30 for only 10 mg and 30 mg tablets. mg a tablet, capsule or ml; micrograms an "
                  "hour for patches. Leave empty to use any strength")

    def clean_start_date(self) -> dt.date | None:
        return within(self.cleaned_data.get("start_date"), label="Start date",
                      earliest=_years_from_today(-1), latest=_years_from_today(2))

    def clean_use_strengths(self) -> list[int | float]:
        """`10, 30` -> [10, 30]: the only strengths the plan may use (mg a tablet, capsule or ml;
        micrograms an hour for patches). Empty: any strength in the formulary."""
        raw = self.cleaned_data.get("use_strengths", "")
        parts = [part.strip() for part in re.split(r"[,;\s]+(?:and\s+)?", raw.replace("mg", " ")) if part.strip()]
        strengths: list[int | float] = []
        for part in parts:
            if not part.isascii() or not re.fullmatch(r"\d{1,4}(\.\d{1,2})?", part):
                raise ValidationError("Enter strengths as numbers separated by commas, like 10, 30")
            value = Decimal(part)
            if value <= 0:
                raise ValidationError("Each strength must be more than 0")
            strengths.append(int(value) if value == value.to_integral_value() else float(value))
        if len(strengths) > 12:
            raise ValidationError("Enter 12 strengths or fewer")
        return sorted(set(strengths))

    def strategy_dict(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"type": data["strategy"], "percent": data["percent"], "interval_days": data["interval_days"]}


class StepForm(RoseForm):
    start_date = NHSDateField(label="Step starts")
    end_date = NHSDateField(label="Step ends")
    reason = forms.CharField(label="Reason for the change", max_length=500,
                             error_messages={"required": "Enter the reason for changing this step"})
    override = forms.BooleanField(label="I have checked this: allow a dose increase or a larger cut than the maximum",
                                  required=False)
    override_reason = forms.CharField(label="Reason for the override", max_length=500, required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, administrations: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_names = []
        for index, adm in enumerate(administrations):
            name = f"units_{index}"
            when = slot_of(adm).get("label") or adm["time"]
            amount = "amount in ml" if adm["unit"] == "ml" else f"number of {adm['unit']}s"
            self.fields[name] = forms.DecimalField(
                label=f"{adm['product']}, {when}: {amount} (0 to stop this dose)",
                min_value=0, max_value=100, max_digits=6, decimal_places=2,
                error_messages={"required": "Enter the number of units (0 to stop this dose)",
                                "min_value": "The number of units cannot be negative",
                                "max_value": "Enter 100 or fewer",
                                "max_decimal_places": "Enter whole or half units, like 1 or 0.5"})
            self.unit_names.append(name)

    def clean_start_date(self) -> dt.date | None:
        return within(self.cleaned_data.get("start_date"), label="Step starts", earliest=_years_from_today(-5),
                      latest=_years_from_today(20))

    def clean_end_date(self) -> dt.date | None:
        return within(self.cleaned_data.get("end_date"), label="Step ends", earliest=_years_from_today(-5),
                      latest=_years_from_today(20))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        if data.get("override") and not data.get("override_reason", "").strip():
            self.add_error("override_reason", "Enter the reason for the override")
        data["units"] = [data.get(name) for name in self.unit_names]
        return data


class HoldForm(RoseForm):
    after_step = forms.ChoiceField(label="Hold after step")
    days = forms.IntegerField(label="Extra days at the same dose", min_value=1, max_value=180,
                              error_messages={"required": "Enter how many extra days",
                                              "min_value": "Enter from 1 to 180 days",
                                              "max_value": "Enter from 1 to 180 days"})
    reason = _reason_field()
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, step_count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["after_step"]).choices = [
            (str(n), f"Step {n}") for n in range(1, step_count + 1)]


class SlowDownForm(RoseForm):
    percent = _percent_field("Reduction of the current dose at each step (%)", 5, "Enter the reduction, from 1 to 50",
                             "Enter from 1 to 50%%")
    interval_days = _interval_field(28, "Enter the days at each step")
    reason = _reason_field()


class ReasonForm(RoseForm):
    reason = _reason_field()


class DoseForm(RoseForm):
    taken_on = NHSDateField(label="Day", past_only=True)
    ome_mg_per_day = forms.DecimalField(label="Dose actually taken (mg oral morphine equivalent a day)", min_value=0,
                                        max_value=5000, max_digits=7, decimal_places=2,
                                        error_messages={"required": "Enter the dose taken",
                                                        "min_value": "The dose cannot be negative",
                                                        "max_value": "Enter 5000 or less"})
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)


class ApproveForm(RoseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(label="I have checked every step and approve this plan for use",
                                 error_messages={"required": "Confirm that you have checked every step"})

"""The consultation form: the regimen confirmed or corrected, PEG scores, the risk review and the
shared decision."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from rose.plans.forms.base import YES_NO, RoseForm
from rose.plans.models import Decision, RedFlag
from rose.referrals.forms.medicines import add_dose_time_fields, clean_dose_times, dose_time_rows, dose_times_open

ITEM_ROWS = 4


class ConsultationForm(RoseForm):
    """The regimen is confirmed as referred or corrected in up to four product rows."""

    regimen_confirmed = forms.ChoiceField(
        label="Is the patient taking the medicines exactly as referred?", widget=forms.RadioSelect,
        choices=[("yes", "Yes, as referred"), ("no", "No, I will enter what they take now")],
        error_messages={"required": "Select whether the referred medicines are right"})
    peg_pain = forms.IntegerField(label="Average pain in the past week (0 to 10)", min_value=0, max_value=10)
    peg_enjoyment = forms.IntegerField(label="How much pain has interfered with enjoyment of life (0 to 10)",
                                       min_value=0, max_value=10)
    peg_activity = forms.IntegerField(label="How much pain has interfered with general activity (0 to 10)",
                                      min_value=0, max_value=10)
    goals = forms.CharField(label="The patient's goals, in their own words", max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": "Enter the patient's goals, in their own words"})
    previous_attempts = forms.CharField(label="Previous attempts to reduce and withdrawal experience (optional)",
                                        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    red_flag_notes = forms.CharField(label="Notes on the risk review (optional)", max_length=2000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.ChoiceField(label="Shared decision", choices=Decision.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select the shared decision"})
    decision_notes = forms.CharField(label="What you agreed together", max_length=2000,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     error_messages={"required": "Enter what you agreed together"})

    def __init__(self, *args: Any, products: list[str], has_referral: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_referral = has_referral
        for flag in RedFlag:
            self.fields[f"flag_{flag.value}"] = forms.ChoiceField(
                label=f"{flag.label}?", choices=YES_NO, widget=forms.RadioSelect,
                error_messages={"required": f"Answer the question about {flag.label.lower()}"})
        for field_name in ("peg_pain", "peg_enjoyment", "peg_activity"):
            label = str(self.fields[field_name].label)  # declared above with a str label
            self.fields[field_name].error_messages.update({
                "required": f"Enter a score from 0 to 10 for {label[:1].lower() + label[1:]}",
                "min_value": "Enter a score from 0 to 10", "max_value": "Enter a score from 0 to 10"})
        choices = [("", "None")] + [(name, name) for name in products]
        for row in range(1, ITEM_ROWS + 1):
            self.fields[f"product_{row}"] = forms.ChoiceField(label=f"Medicine {row}", choices=choices, required=False)
            self.fields[f"units_{row}"] = forms.DecimalField(label=f"Tablets, capsules or patches a dose ({row})",
                                                             required=False, min_value=Decimal("0.5"),
                                                             max_value=100, max_digits=5, decimal_places=1)
            self.fields[f"times_{row}"] = forms.IntegerField(label=f"Times a day ({row}, not for patches)",
                                                             required=False, min_value=1, max_value=24)
            add_dose_time_fields(self, str(row), row)
        if not has_referral:
            self.fields["regimen_confirmed"].initial = "no"

    @property
    def flag_fields(self) -> list[Any]:
        return [self[f"flag_{flag.value}"] for flag in RedFlag]

    @property
    def item_rows(self) -> list[list[Any]]:
        return [[self[f"product_{r}"], self[f"units_{r}"], self[f"times_{r}"]] for r in range(1, ITEM_ROWS + 1)]

    @property
    def dose_rows(self) -> list[dict[str, Any]]:
        return [{"n": r, "pairs": dose_time_rows(self, str(r)), "open": dose_times_open(self, str(r))}
                for r in range(1, ITEM_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        corrected = data.get("regimen_confirmed") == "no" or not self.has_referral
        if data.get("regimen_confirmed") == "yes" and not self.has_referral:
            self.add_error("regimen_confirmed", "There is no referred regimen to confirm: enter the medicines")
        items = []
        for row in range(1, ITEM_ROWS + 1):
            product, units, times = data.get(f"product_{row}"), data.get(f"units_{row}"), data.get(f"times_{row}")
            doses = clean_dose_times(self, data, str(row), row)
            if not product:
                if doses:
                    self.add_error(f"product_{row}", f"Choose medicine {row}, or clear its dosing times")
                continue
            if doses is None:
                continue
            if doses:
                if "transdermal" in product.lower():
                    self.add_error(f"dose_time_{row}_1", f"Medicine {row} is a patch: leave its dosing times empty")
                elif times is not None and times != len(doses):
                    self.add_error(f"times_{row}", f"Times a day for medicine {row} is {times} but {len(doses)} dosing "
                                   "times are given: correct one of them")
                else:
                    items.append({"product": product, "doses": doses})
                continue
            if units is None:
                self.add_error(f"units_{row}", f"Enter how many of medicine {row} are taken at each dose")
                continue
            item: dict[str, Any] = {"product": product, "units_per_dose": float(units) if units % 1 else int(units)}
            if "transdermal" not in product.lower():
                if times is None:
                    self.add_error(f"times_{row}", f"Enter how many times a day medicine {row} is taken")
                    continue
                item["times_per_day"] = times
            items.append(item)
        if corrected and not items and not self.errors:
            self.add_error("product_1", "Enter at least one medicine the patient takes now")
        data["items"], data["corrected"] = items, corrected
        data["red_flags"] = {flag.value: data.get(f"flag_{flag.value}") == "yes" for flag in RedFlag
                             if data.get(f"flag_{flag.value}")}
        return data

"""The referral's medicines page: up to four current opioids from the formulary, each with optional
dosing times (also used by the consultation form in plans)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from rose.core.forms import RoseForm
from rose.referrals.formulary import is_patch, product_choices

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
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
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
                timed = self._timed_item(i, product, doses, times, as_needed)
                if timed is not None:
                    items.append(timed)
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

    def _timed_item(self, i: int, product: str, doses: list[dict[str, Any]], times: Decimal | None,
                    as_needed: bool | None) -> dict[str, Any] | None:
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

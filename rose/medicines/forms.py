"""The public OME calculator form: up to ITEMS medicines, the table, co-prescriptions."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from rose.core.forms import RoseForm

ITEMS = 6
PRODUCT, DRUG = "product", "drug"
FIELD_FOR_KEY = {"product": "medicine", "drug": "medicine", "route": "medicine", "units_per_dose": "amount",
                 "dose_mg": "amount", "mg_per_day": "amount", "times_per_day": "times_per_day",
                 "mcg_per_hour": "patch_mcg_per_hour", "as_needed": "as_needed"}
ITEM_FIELD = re.compile(r"^items\[(\d+)\](?:\.(\w+))?")
SEDATIVES = [("benzodiazepine", "A benzodiazepine (for example diazepam)"),
             ("gabapentinoid", "A gabapentinoid (gabapentin or pregabalin)")]


def medicine_choices(choices: dict[str, Any]) -> list[tuple[str, str]]:
    options = [("", "Choose a medicine")]
    for drug, route in choices["drug_routes"]:
        unit = "strength of patch" if route == "transdermal" else "mg each dose"
        options.append((f"{DRUG}:{drug}:{route}", f"{drug.capitalize()} ({route}), any product: give the {unit}"))
    options += [(f"{PRODUCT}:{name}", name) for name, _ in choices["products"]]
    return options


class CalculatorForm(RoseForm):
    """Fields item_1_medicine ... item_N_as_needed, built per row so every message names its row."""

    def __init__(self, *args: Any, choices: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.patch_products = {name for name, product in choices["products"] if product.is_patch}
        self.fields["table"] = forms.ChoiceField(
            label="Conversion table", choices=choices["tables"], initial=choices["default_table"],
            help_text="Sources disagree for some drugs; Opioids Aware is the UK default")
        self.fields["table"].error_messages["invalid_choice"] = "Select a conversion table from the list"
        self.fields["table"].error_messages["required"] = "Select a conversion table"
        options = medicine_choices(choices)
        for i in range(1, ITEMS + 1):
            self.fields[f"item_{i}_medicine"] = forms.ChoiceField(label=f"Medicine {i}", choices=options,
                                                                  required=False)
            self.fields[f"item_{i}_medicine"].error_messages["invalid_choice"] = f"Choose medicine {i} from the list"
            self.fields[f"item_{i}_amount"] = forms.DecimalField(
                label=f"Amount each time for medicine {i}", required=False, max_digits=10, decimal_places=3,
                help_text="Tablets, capsules, ml or patches for a product; mg for a drug",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            self.fields[f"item_{i}_times_per_day"] = forms.DecimalField(
                label=f"Times a day for medicine {i}", required=False, max_digits=5, decimal_places=2,
                help_text="For as-needed use, the average number of doses taken a day",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            self.fields[f"item_{i}_patch_mcg_per_hour"] = forms.DecimalField(
                label=f"Patch strength for medicine {i} (micrograms an hour)", required=False, max_digits=6,
                decimal_places=1, help_text="Only for a patch chosen by drug; for two patches give the total",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            self.fields[f"item_{i}_as_needed"] = forms.BooleanField(
                label=f"Medicine {i} is taken as needed", required=False)
            for name in ("amount", "times_per_day", "patch_mcg_per_hour"):
                field = self.fields[f"item_{i}_{name}"]
                label = str(field.label)
                field.error_messages.update({
                    "invalid": f"{label[0].upper()}{label[1:]} must be a number",
                    "max_digits": f"{label[0].upper()}{label[1:]} is too large",
                    "max_decimal_places": f"{label[0].upper()}{label[1:]} has too many decimal places",
                    "max_whole_digits": f"{label[0].upper()}{label[1:]} is too large"})
        self.fields["co_prescribed"] = forms.MultipleChoiceField(
            label="Also prescribed", choices=SEDATIVES, required=False, widget=forms.CheckboxSelectMultiple,
            help_text="These raise the risk of breathing problems with opioids")
        self.rows: list[int] = []

    def _item(self, i: int, data: dict[str, Any]) -> dict[str, Any] | None:
        def get(name: str) -> Any:
            return data.get(f"item_{i}_{name}")

        medicine = get("medicine")
        typed = [n for n in ("amount", "times_per_day", "patch_mcg_per_hour") if get(n) is not None]
        if not medicine:
            if typed or get("as_needed"):
                self.add_error(f"item_{i}_medicine", f"Select medicine {i}, or clear its dose")
            return None
        for name in ("amount", "times_per_day", "patch_mcg_per_hour"):
            value = get(name)
            if value is not None and value < 0:
                self.add_error(f"item_{i}_{name}", f"{self.fields[f'item_{i}_{name}'].label} must be 0 or more")
        kind, _, rest = medicine.partition(":")
        item: dict[str, Any] = {}
        if kind == PRODUCT:
            item["product"] = rest
            if get("amount") is None:
                self.add_error(f"item_{i}_amount", f"Enter how many are taken each time for medicine {i}")
            else:
                item["units_per_dose"] = _number(get("amount"))
            if rest not in self.patch_products:
                self._times(i, item, get("times_per_day"))
        else:
            drug, _, route = rest.partition(":")
            item.update(drug=drug, route=route)
            if route == "transdermal":
                if get("patch_mcg_per_hour") is None:
                    self.add_error(f"item_{i}_patch_mcg_per_hour", f"Enter the patch strength for medicine {i}")
                else:
                    item["mcg_per_hour"] = _number(get("patch_mcg_per_hour"))
            else:
                if get("amount") is None:
                    self.add_error(f"item_{i}_amount", f"Enter the dose in mg for medicine {i}")
                else:
                    item["dose_mg"] = _number(get("amount"))
                self._times(i, item, get("times_per_day"))
        if get("as_needed"):
            item["as_needed"] = True
        return item

    def _times(self, i: int, item: dict[str, Any], value: Decimal | None) -> None:
        if value is None:
            self.add_error(f"item_{i}_times_per_day", f"Enter how many times a day medicine {i} is taken")
        else:
            item["times_per_day"] = _number(value)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        items, self.rows = [], []
        for i in range(1, ITEMS + 1):
            item = self._item(i, data)
            if item is not None:
                items.append(item)
                self.rows.append(i)
        if not items and not self.errors:
            self.add_error("item_1_medicine", "Select at least one medicine")
        data["regimen"] = {"table": data.get("table"), "items": items,
                           "co_prescribed": list(data.get("co_prescribed") or [])}
        return data

    def add_contract_errors(self, errors: list[dict[str, str]]) -> None:
        """Put the engine's {"field", "message"} errors on the row and field they belong to."""
        for error in errors:
            match = ITEM_FIELD.match(error["field"])
            if match and int(match.group(1)) < len(self.rows):
                row = self.rows[int(match.group(1))]
                name = FIELD_FOR_KEY.get(match.group(2) or "", "medicine")
                self.add_error(f"item_{row}_{name}", f"Medicine {row}: {error['message']}")
            elif error["field"].startswith("table"):
                self.add_error("table", f"Conversion table {error['message']}")
            else:
                self.add_error(None, f"{error['field'] or 'Request'}: {error['message']}")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)

"""Form building blocks shared by every app: NHS-style dates and hardened text fields.

Every form in ROSE inherits `RoseForm` (or `RoseModelForm`): control characters are refused
with a specific message, over-long text says how long it may be, and unknown choices say so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DateWidget(forms.MultiWidget):
    """Three text boxes (day, month, year), as in the NHS date input pattern."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        super().__init__(
            widgets={"day": forms.TextInput(numeric), "month": forms.TextInput(numeric),
                     "year": forms.TextInput(numeric)},
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class NHSDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the NHS pattern's specific messages."""

    widget = DateWidget

    def __init__(self, *, past_only: bool = False, future_only: bool = False, described_as: str = "",
                 **kwargs: Any) -> None:
        """`described_as` says what the date is in the error messages ("the patient's date of birth"
        gives "Enter the patient's date of birth"); without it the label is used."""
        self.past_only = past_only
        self.future_only = future_only
        self.described_as = described_as
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        custom_required = "required" in (kwargs.get("error_messages") or {})
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        if not custom_required:  # Django's MultiValueField says "This field is required." before compress()
            self.error_messages["required"] = f"Enter {self.label_lower()}"

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            if self.required:
                raise ValidationError(f"Enter {self.label_lower()}", code="required")
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{self.label_sentence()} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"{self.label_sentence()} must be a real date, like 27 3 2007")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"{self.label_sentence()} must be a real date") from exc
        return self.check_range(value)

    def check_range(self, value: dt.date) -> dt.date:
        today = dt.date.today()
        if self.past_only and value > today:
            raise ValidationError(f"{self.label_sentence()} must be today or in the past")
        if self.future_only and value < today:
            raise ValidationError(f"{self.label_sentence()} must be today or in the future")
        if value.year < 1900:
            raise ValidationError(f"{self.label_sentence()} must be after 1900")
        return value

    def label_sentence(self) -> str:
        if self.described_as:
            return self.described_as[0].upper() + self.described_as[1:]
        return str(self.label or "Date")

    def label_lower(self) -> str:
        if self.described_as:
            return self.described_as
        label = self.label_sentence()
        return label[0].lower() + label[1:]


def add_service_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal on the form: messages keyed by a field the form has go by that
    field, everything else goes in the error summary. (Django's `add_error(None, exc)` raises
    for a key the form does not have, which would turn a clear refusal into a server error.)"""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def form_submit(request: Any, form: forms.BaseForm, action: Callable[[], Any]) -> tuple[bool, Any]:
    """The POST half of a form view: when the request is a POST and the form is valid, run the service
    `action`; a refusal (ValidationError) goes on the form by `add_service_error`. Returns (done, what
    the service returned); (False, None) means show the form again, with its errors and the input kept."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        return True, action()
    except ValidationError as exc:
        add_service_error(form, exc)
        return False, None


class RoseFormMixin:
    """Refuses control characters in any text and gives specific length messages."""

    def _clean_fields(self) -> None:  # Django hook: runs before field-specific clean_*()
        for name, bound in self._bound_items():  # type: ignore[attr-defined]
            value = bound.data
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, str) and _CONTROL_CHARS.search(v) for v in values):
                self.add_error(name, "Remove the special characters that cannot be saved")  # type: ignore[attr-defined]
        super()._clean_fields()  # type: ignore[misc]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            label = str(field.label or "This").rstrip("?")
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"{label} must be {field.max_length} characters or fewer"
                )
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = f"Select a valid option for {label.lower()}"
            if isinstance(field, forms.IntegerField | forms.DecimalField):
                field.error_messages["invalid"] = f"{label} must be a number"


class RoseForm(RoseFormMixin, forms.Form):
    pass


class RoseModelForm(RoseFormMixin, forms.ModelForm):
    pass

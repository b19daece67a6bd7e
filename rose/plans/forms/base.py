"""What every plans form shares: the RoseForm that refuses non-ASCII digits and the date windows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError

from rose.core.forms import NHSDateField
from rose.core.forms import RoseForm as CoreRoseForm
from rose.core.presenters import date as long_date

LONDON = ZoneInfo("Europe/London")
YES_NO = [("yes", "Yes"), ("no", "No")]


class RoseForm(CoreRoseForm):
    """Plans' forms also refuse numbers and dates typed with other digits ("²", "５"): Python would
    read some of them as numbers, and a clinician who typed them meant something else."""

    def _clean_fields(self) -> None:
        super()._clean_fields()
        for name, bound in self._bound_items():  # type: ignore[attr-defined]  # Django 4.0's; not in django-stubs
            if not isinstance(bound.field, forms.IntegerField | forms.DecimalField | NHSDateField):
                continue
            values = bound.data if isinstance(bound.data, list | tuple) else [bound.data]
            if any(isinstance(v, str) and not v.isascii() for v in values) and name not in self.errors:
                label = str(bound.field.label or "This").rstrip("?")
                self.add_error(name, f"{label} must be written with the digits 0 to 9")


def within(value: dt.date | None, *, label: str, earliest: dt.date, latest: dt.date) -> dt.date | None:
    """A date inside a window the plan calendar can use (year 9999 overflowed the engine's dates)."""
    if value is not None and not earliest <= value <= latest:
        raise ValidationError(f"{label} must be between {long_date(earliest)} and {long_date(latest)}")
    return value


def _years_from_today(years: int) -> dt.date:
    today = dt.date.today()
    return today.replace(year=today.year + years, day=28 if today.month == 2 and today.day == 29 else today.day)



def validation_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]

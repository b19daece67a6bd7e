"""Forms for clinics, consultations and plan authoring. All RoseForm: specific messages, no 500s."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError

from rose.core.formrender import personal
from rose.core.forms import NHSDateField
from rose.core.forms import RoseForm as CoreRoseForm
from rose.core.presenters import date as long_date
from rose.plans.models import BookingStatus, Decision, RedFlag, SlotMode
from rose.plans.steps import slot_of
from rose.referrals.forms import add_dose_time_fields, clean_dose_times, dose_time_rows, dose_times_open

LONDON = ZoneInfo("Europe/London")
YES_NO = [("yes", "Yes"), ("no", "No")]
STRATEGIES = [
    ("percent-of-original", "A percentage of the starting dose at each step (steady)"),
    ("percent-of-current", "A percentage of the current dose at each step (slows down near the end)"),
]


class RoseForm(CoreRoseForm):
    """Plans' forms also refuse numbers and dates typed with other digits ("²", "５"): Python would
    read some of them as numbers, and a clinician who typed them meant something else."""

    def _clean_fields(self) -> None:
        super()._clean_fields()
        for name, bound in self._bound_items():
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


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, input_formats=["%H:%M", "%H.%M", "%H%M"], help_text="For example, 14:30",
                           error_messages={"required": f"Enter the {label.lower()}",
                                           "invalid": f"Enter the {label.lower()} as hours and minutes, like 14:30"})


OUT_OF_HOURS_HINT = "Only needed for a slot before 8am, after 6pm, at a weekend or on a bank holiday"
OUT_OF_HOURS_LABEL = "Yes, this appointment is outside working hours on purpose"
MODE_ERRORS = {"required": "Select the type of appointment"}


class ClinicianChoiceMixin:
    """A `clinician` field listing the programme's prescribing clinicians. A prescriber publishing
    for themself need not choose (it defaults to them); a coordinator must choose."""

    def _set_clinicians(self, clinicians: list[Any], user: Any) -> None:
        field = self.fields["clinician"]  # type: ignore[attr-defined]
        field.choices = [("", "Choose a clinician")] + [(str(c.pk), c.full_name) for c in clinicians]
        self._clinicians = {str(c.pk): c for c in clinicians}
        self._user = user
        if any(str(c.pk) == str(getattr(user, "pk", "")) for c in clinicians):
            field.initial = str(user.pk)

    def clean_clinician(self) -> Any:
        chosen = self.cleaned_data.get("clinician") or ""  # type: ignore[attr-defined]
        if not chosen and str(getattr(self._user, "pk", "")) in self._clinicians:
            chosen = str(self._user.pk)
        if chosen not in self._clinicians:
            raise ValidationError("Select the clinician who will see the patients")
        return self._clinicians[chosen]


def _clinician_field() -> forms.ChoiceField:
    return forms.ChoiceField(label="Clinician", required=False)


def _location_field() -> forms.CharField:
    return forms.CharField(label="Location (for in-person appointments)", max_length=200, required=False)


class SlotForm(ClinicianChoiceMixin, RoseForm):
    clinician = _clinician_field()
    day = NHSDateField(label="Date", future_only=True, described_as="the date of the clinic",
                       help_text="For example, 4 1 2027")
    start = _time_field("Start time")
    duration_minutes = forms.TypedChoiceField(label="Length", coerce=int, initial=30,
                                              choices=[(15, "15 minutes"), (30, "30 minutes"), (45, "45 minutes"),
                                                       (60, "1 hour")], widget=forms.RadioSelect)
    mode = forms.ChoiceField(label="Type of appointment", choices=SlotMode.choices, widget=forms.RadioSelect,
                             error_messages=MODE_ERRORS)
    location = _location_field()
    out_of_hours = forms.BooleanField(label=OUT_OF_HOURS_LABEL, required=False, help_text=OUT_OF_HOURS_HINT)

    def __init__(self, *args: Any, clinicians: list[Any], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_clinicians(clinicians, user)

    def clean(self) -> dict[str, Any]:
        from rose.plans.clinic_calendar import within_working_hours

        data = super().clean()
        if data.get("mode") == SlotMode.IN_PERSON and not data.get("location", "").strip():
            self.add_error("location", "Enter where the appointment is, for an in-person slot")
        if data.get("day") and data["day"] > _years_from_today(2):
            self.add_error("day", f"Date must be on or before {long_date(_years_from_today(2))}")
        if data.get("day") and data.get("start") and not self.errors:
            data["starts_at"] = dt.datetime.combine(data["day"], data["start"], tzinfo=LONDON)
            if not within_working_hours(data["starts_at"], data.get("duration_minutes") or 30) \
                    and not data.get("out_of_hours"):
                self.add_error("out_of_hours", "This slot is outside working hours (8am to 6pm, Monday to Friday, "
                                               "not bank holidays): tick the box to confirm it")
        return data


WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"), (5, "Saturday"),
            (6, "Sunday")]
SERIES_LENGTHS = [(15, "15 minutes"), (20, "20 minutes"), (30, "30 minutes"), (45, "45 minutes"), (60, "1 hour")]


class SlotSeriesForm(ClinicianChoiceMixin, RoseForm):
    """A recurring clinic, for example every Tuesday 09:00 to 12:00 in 30-minute slots."""

    clinician = _clinician_field()
    weekday = forms.TypedChoiceField(label="Day of the week", coerce=int, choices=WEEKDAYS, widget=forms.RadioSelect,
                                     error_messages={"required": "Select the day of the week"})
    start = _time_field("Clinic start time")
    end = _time_field("Clinic end time")
    slot_minutes = forms.TypedChoiceField(label="Length of each appointment", coerce=int, initial=30,
                                          choices=SERIES_LENGTHS, widget=forms.RadioSelect,
                                          error_messages={"required": "Select the length of each appointment"})
    first = NHSDateField(label="First date", future_only=True, described_as="the first date of the clinic",
                         help_text="For example, 5 1 2027")
    last = NHSDateField(label="Last date", future_only=True, described_as="the last date of the clinic",
                        help_text="Up to 26 weeks after the first date. For example, 29 6 2027")
    mode = forms.ChoiceField(label="Type of appointment", choices=SlotMode.choices, widget=forms.RadioSelect,
                             error_messages=MODE_ERRORS)
    location = _location_field()
    out_of_hours = forms.BooleanField(label="Yes, this clinic is outside working hours on purpose", required=False,
                                      help_text="Only needed for a clinic before 8am, after 6pm or at a weekend")

    def __init__(self, *args: Any, clinicians: list[Any], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_clinicians(clinicians, user)

    def clean(self) -> dict[str, Any]:
        from rose.plans.clinic_calendar import SERIES_MAX_WEEKS, WORKING_DAY_ENDS, WORKING_DAY_STARTS

        data = super().clean()
        if data.get("mode") == SlotMode.IN_PERSON and not data.get("location", "").strip():
            self.add_error("location", "Enter where the appointments are, for in-person slots")
        start, end, minutes = data.get("start"), data.get("end"), data.get("slot_minutes")
        if start and end and minutes:
            length = (dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start))
            if length < dt.timedelta(minutes=minutes):
                self.add_error("end", "The clinic end time must be at least one appointment after the start time")
        first, last = data.get("first"), data.get("last")
        if first and last:
            if last < first:
                self.add_error("last", "The last date must be the same as or after the first date")
            elif last > first + dt.timedelta(weeks=SERIES_MAX_WEEKS):
                self.add_error("last", f"The last date must be within {SERIES_MAX_WEEKS} weeks of the first date "
                                       f"(by {long_date(first + dt.timedelta(weeks=SERIES_MAX_WEEKS))})")
        if not self.errors and start and end and data.get("weekday") is not None:
            outside = start < WORKING_DAY_STARTS or end > WORKING_DAY_ENDS or data["weekday"] >= 5
            if outside and not data.get("out_of_hours"):
                self.add_error("out_of_hours", "This clinic is outside working hours (8am to 6pm, Monday to "
                                               "Friday): tick the box to confirm it")
        return data


class ClinicFilterForm(RoseForm):
    """The clinics page's GET filters: one day, one clinician, or both."""

    day = NHSDateField(label="Date", required=False, described_as="the date of the clinics",
                       help_text="For example, 9 3 2027")
    clinician = forms.ChoiceField(label="Clinician", required=False,
                                  error_messages={"invalid_choice": "Select a clinician from the list"})

    def __init__(self, *args: Any, clinicians: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clinicians = {str(c.pk): c for c in clinicians}
        self.fields["clinician"].choices = [("", "All clinicians")] + [(str(c.pk), c.full_name) for c in clinicians]

    def clean_day(self) -> dt.date | None:
        today = dt.date.today()
        return within(self.cleaned_data.get("day"), label="The date of the clinics",
                      earliest=today - dt.timedelta(days=366 * 2), latest=_years_from_today(2))

    def clean_clinician(self) -> Any:
        return self._clinicians.get(self.cleaned_data.get("clinician") or "")


class BookingForm(RoseForm):
    entry = personal(forms.ChoiceField(label="Patient from the waiting list", widget=forms.RadioSelect,
                                       error_messages={"required": "Select a patient to book"}))

    def __init__(self, *args: Any, entries: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [
            (str(e.pk), f"{e.patient.full_name}, waiting since {long_date(e.added_at)}, needs "
                        f"{e.get_pathway_display().lower()}") for e in entries]


class OutcomeForm(RoseForm):
    status = forms.ChoiceField(label="What happened?", widget=forms.RadioSelect,
                               choices=[(s.value, s.label) for s in BookingStatus if s != BookingStatus.BOOKED],
                               error_messages={"required": "Select what happened"})
    new_slot = forms.ChoiceField(label="New appointment (if rebooked)", required=False)
    reason = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, slots: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_slot"].choices = [("", "Choose a slot")] + [
            (str(s.pk), f"{s.starts_at.astimezone(LONDON):%A %d %B %Y %H:%M}, {s.get_mode_display()}, "
                        f"{s.clinician.full_name}") for s in slots]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == BookingStatus.REBOOKED and not data.get("new_slot"):
            self.add_error("new_slot", "Choose the new appointment slot")
        return data


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
            label = self.fields[field_name].label
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
        data = super().clean()
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


class PlanForm(RoseForm):
    strategy = forms.ChoiceField(label="How to reduce", choices=STRATEGIES, widget=forms.RadioSelect,
                                 error_messages={"required": "Select how to reduce"})
    percent = forms.IntegerField(label="Reduction at each step (%)", min_value=1, max_value=50, initial=10,
                                 error_messages={"required": "Enter the reduction at each step, from 1 to 50",
                                                 # %% because Django formats these with the limit
                                                 "min_value": "Enter a reduction from 1 to 50%%",
                                                 "max_value": "Enter a reduction from 1 to 50%%"})
    interval_days = forms.IntegerField(label="Days at each step", min_value=1, max_value=365, initial=14,
                                       error_messages={"required": "Enter the number of days at each step",
                                                       "min_value": "Enter from 1 to 365 days",
                                                       "max_value": "Enter from 1 to 365 days"})
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
        data = super().clean()
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
    reason = forms.CharField(label="Reason", max_length=500, error_messages={"required": "Enter the reason"})
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, step_count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["after_step"].choices = [(str(n), f"Step {n}") for n in range(1, step_count + 1)]


class SlowDownForm(RoseForm):
    percent = forms.IntegerField(label="Reduction of the current dose at each step (%)", min_value=1, max_value=50,
                                 initial=5, error_messages={"required": "Enter the reduction, from 1 to 50",
                                                            "min_value": "Enter from 1 to 50%%",
                                                            "max_value": "Enter from 1 to 50%%"})
    interval_days = forms.IntegerField(label="Days at each step", min_value=1, max_value=365, initial=28,
                                       error_messages={"required": "Enter the days at each step",
                                                       "min_value": "Enter from 1 to 365 days",
                                                       "max_value": "Enter from 1 to 365 days"})
    reason = forms.CharField(label="Reason", max_length=500, error_messages={"required": "Enter the reason"})


class ReasonForm(RoseForm):
    reason = forms.CharField(label="Reason", max_length=500, error_messages={"required": "Enter the reason"})


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


def validation_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]

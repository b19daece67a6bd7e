"""Forms for clinics: publishing a slot or a weekly series, filtering the clinics page, booking a
patient from the waitlist and recording an appointment's outcome."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError

from rose.core.formrender import personal
from rose.core.forms import NHSDateField
from rose.core.presenters import date as long_date
from rose.plans.forms.base import LONDON, RoseForm, _years_from_today, within
from rose.plans.models import BookingStatus, SlotMode

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.plans.models import ClinicSlot
    from rose.referrals.models import WaitlistEntry


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

    def __init__(self, *args: Any, clinicians: list[User], user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clinician"]  # type: ignore[attr-defined]
        field.choices = [("", "Choose a clinician")] + [(str(c.pk), c.full_name) for c in clinicians]
        self._clinicians = {str(c.pk): c for c in clinicians}
        self._user = user
        if any(str(c.pk) == str(getattr(user, "pk", "")) for c in clinicians):
            field.initial = str(user.pk)

    def clean_clinician(self) -> User:
        chosen = self.cleaned_data.get("clinician") or ""  # type: ignore[attr-defined]
        if not chosen and str(getattr(self._user, "pk", "")) in self._clinicians:
            chosen = str(self._user.pk)
        if chosen not in self._clinicians:
            raise ValidationError("Select the clinician who will see the patients")
        return self._clinicians[chosen]

    def _require_location(self, data: dict[str, Any], message: str) -> None:
        """An in-person slot needs a place; a video or phone one need not."""
        if data.get("mode") == SlotMode.IN_PERSON and not data.get("location", "").strip():
            self.add_error("location", message)  # type: ignore[attr-defined]


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

    def clean(self) -> dict[str, Any]:
        from rose.plans.clinic_calendar import within_working_hours

        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        self._require_location(data, "Enter where the appointment is, for an in-person slot")
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

    def clean(self) -> dict[str, Any]:
        from rose.plans.clinic_calendar import SERIES_MAX_WEEKS, WORKING_DAY_ENDS, WORKING_DAY_STARTS

        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        self._require_location(data, "Enter where the appointments are, for in-person slots")
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

    def __init__(self, *args: Any, clinicians: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clinicians = {str(c.pk): c for c in clinicians}
        cast(forms.ChoiceField, self.fields["clinician"]).choices = [("", "All clinicians")] + [
            (str(c.pk), c.full_name) for c in clinicians]

    def clean_day(self) -> dt.date | None:
        today = dt.date.today()
        return within(self.cleaned_data.get("day"), label="The date of the clinics",
                      earliest=today - dt.timedelta(days=366 * 2), latest=_years_from_today(2))

    def clean_clinician(self) -> User | None:
        return self._clinicians.get(self.cleaned_data.get("clinician") or "")


class BookingForm(RoseForm):
    entry = personal(forms.ChoiceField(label="Patient from the waiting list", widget=forms.RadioSelect,
                                       error_messages={"required": "Select a patient to book"}))

    def __init__(self, *args: Any, entries: list[WaitlistEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["entry"]).choices = [
            (str(e.pk), f"{e.patient.full_name}, waiting since {long_date(e.added_at)}, needs "
                        f"{e.get_pathway_display().lower()}") for e in entries]


class OutcomeForm(RoseForm):
    status = forms.ChoiceField(label="What happened?", widget=forms.RadioSelect,
                               choices=[(s.value, s.label) for s in BookingStatus if s != BookingStatus.BOOKED],
                               error_messages={"required": "Select what happened"})
    new_slot = forms.ChoiceField(label="New appointment (if rebooked)", required=False)
    reason = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, slots: list[ClinicSlot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["new_slot"]).choices = [("", "Choose a slot")] + [
            (str(s.pk), f"{s.starts_at.astimezone(LONDON):%A %d %B %Y %H:%M}, {s.get_mode_display()}, "
                        f"{s.clinician.full_name}") for s in slots]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns (its stub says it may be None)
        if data.get("status") == BookingStatus.REBOOKED and not data.get("new_slot"):
            self.add_error("new_slot", "Choose the new appointment slot")
        return data

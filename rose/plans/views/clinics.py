"""Clinic slots, bookings from the waiting list and appointment outcomes."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_list, audit_view
from rose.core.forms import add_service_error, form_submit
from rose.core.presenters import date as format_date
from rose.plans import selectors, services
from rose.plans.clinic_calendar import LONDON
from rose.plans.forms.clinics import BookingForm, ClinicFilterForm, OutcomeForm, SlotForm, SlotSeriesForm
from rose.plans.services.clinics import slot_series_create as slot_series_create_service

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.referrals.models import WaitlistEntry

PAGE_SIZE = 30  # a full working day (8am to 6pm) of 20-minute appointments fits on one page
OUTCOME_LIMIT = 50
WAITLIST_LIMIT = 50


def _clinic_filters(request: SignedInRequest, clinicians: list[User]) -> ClinicFilterForm:
    """?date=YYYY-MM-DD (the links) or the day, month and year boxes (the form); ?clinician=<id>."""
    data = request.GET.copy()
    date = data.get("date", "")
    if date and not any(data.get(f"day_{part}") for part in ("day", "month", "year")):
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            data["day_day"], data["day_month"], data["day_year"] = date, "", ""
        else:
            data["day_day"], data["day_month"], data["day_year"] = str(day.day), str(day.month), str(day.year)
    return ClinicFilterForm(data, clinicians=clinicians)


def _query(**params: Any) -> str:
    return "?" + urlencode({key: value for key, value in params.items() if value not in (None, "")})


@shows_patient_data
@require_perm("plans.view_clinic")
def clinic_list(request: SignedInRequest) -> HttpResponse:
    """Upcoming clinics (from the start of today), one day's clinics (?date=) or one clinician's
    (?clinician=), paginated; appointments still needing an outcome; patients waiting for a clinic."""
    clinicians = selectors.clinicians_for_user(user=request.user)
    filters = _clinic_filters(request, clinicians)
    valid = filters.is_valid()
    day = filters.cleaned_data.get("day") if valid else None
    clinician = filters.cleaned_data.get("clinician") if valid else None
    today = timezone.localdate()
    slots = selectors.clinic_slots_for_user(user=request.user, day=day, from_day=None if day else today,
                                            clinician_id=getattr(clinician, "pk", None))
    page = Paginator(slots, PAGE_SIZE).get_page(request.GET.get("page"))
    page_slots = selectors.with_current(page.object_list)
    awaiting = list(selectors.bookings_awaiting_outcome_for_user(user=request.user)[:OUTCOME_LIMIT + 1])
    waiting = selectors.waiting_for_clinic(user=request.user)
    waitlist = list(waiting[:WAITLIST_LIMIT])
    waiting_count = len(waitlist) if len(waitlist) < WAITLIST_LIMIT else waiting.count()
    booking_for = None
    if request.GET.get("for"):
        try:
            booking_for = selectors.waitlist_entry_for_user(user=request.user, entry_id=request.GET["for"])
        except Http404:
            booking_for = None  # booked or removed meanwhile, or a mistyped link: show the page without it
    shown = ([slot.current.patient_id for slot in page_slots if slot.current]
             + [booking.patient_id for booking in awaiting[:OUTCOME_LIMIT]]
             + [entry.patient_id for entry in waitlist])
    audit_list(request, patient_ids=shown, detail={"page": "clinics", "slots": len(page_slots),
                                                   "awaiting_outcome": len(awaiting), "waiting": waiting_count})
    keep = {"date": day.isoformat() if day else "", "clinician": str(clinician.pk) if clinician else "",
            "for": str(booking_for.pk) if booking_for else ""}
    context = {
        "filters": filters, "slots": page_slots, "page": page, "day": day, "clinician": clinician,
        "today": today, "now": timezone.now(), "booking_for": booking_for,
        "previous_day_query": _query(**{**keep, "date": (day - dt.timedelta(days=1)).isoformat()}) if day else "",
        "next_day_query": _query(**{**keep, "date": (day + dt.timedelta(days=1)).isoformat()}) if day else "",
        "page_query": _query(**keep) + ("&" if any(keep.values()) else "") + "page=",
        "book_query": _query(entry=booking_for.pk) if booking_for else "",
        "awaiting": awaiting[:OUTCOME_LIMIT], "more_awaiting": len(awaiting) > OUTCOME_LIMIT,
        "waitlist": waitlist, "waiting_count": waiting_count, "page_title": "Clinics",
    }
    return render(request, "plans/clinics.jinja", context, status=200 if valid else 400)


@require_perm("plans.publish_slot")
def slot_create(request: SignedInRequest) -> HttpResponse:
    form = SlotForm(request.POST or None, clinicians=selectors.clinicians_for_user(user=request.user),
                    user=request.user)
    def publish() -> object:
        data = form.cleaned_data
        return services.slot_create(actor=request.user, starts_at=data["starts_at"], mode=data["mode"],
                                    duration_minutes=data["duration_minutes"], location=data["location"],
                                    clinician=data["clinician"])

    if form_submit(request, form, publish)[0]:
        messages.success(request, "Clinic slot published")
        return redirect("plans:clinics")
    return render(request, "plans/slot_form.jinja", {"form": form, "page_title": "Publish a clinic slot"})


@require_perm("plans.publish_slot")
def slot_series_create(request: SignedInRequest) -> HttpResponse:
    """A recurring clinic: one weekday, a run of slots, for up to 26 weeks, bank holidays skipped."""
    form = SlotSeriesForm(request.POST or None, clinicians=selectors.clinicians_for_user(user=request.user),
                          user=request.user)
    def publish() -> object:
        data = form.cleaned_data
        return slot_series_create_service(
            actor=request.user, clinician=data["clinician"], weekday=data["weekday"], start=data["start"],
            end=data["end"], slot_minutes=data["slot_minutes"], first=data["first"], last=data["last"],
            mode=data["mode"], location=data["location"])

    done, result = form_submit(request, form, publish)
    if done:
        clinician = form.cleaned_data["clinician"]
        days = len({slot.starts_at.astimezone(LONDON).date() for slot in result.slots})
        text = f"{len(result.slots)} clinic slots published on {days} days for {clinician.full_name}"
        if result.skipped:
            text += ". Bank holidays skipped: " + "; ".join(
                f"{format_date(day)} ({name})" for day, name in result.skipped)
        messages.success(request, text)
        return redirect(reverse("plans:clinics") + _query(clinician=clinician.pk))
    return render(request, "plans/slot_series_form.jinja", {"form": form,
                                                            "page_title": "Publish a series of clinic slots"})


@shows_patient_data
@require_perm("plans.book_slot")
def booking_create(request: SignedInRequest, slot_id: str) -> HttpResponse:
    slot = selectors.slot_get_for_user(user=request.user, slot_id=slot_id)
    entries, more = _bookable(request)
    audit_list(request, patient_ids=[entry.patient_id for entry in entries],
               detail={"page": "book", "slot": str(slot.pk), "waiting": len(entries)})
    form = BookingForm(request.POST or None, entries=entries, initial={"entry": request.GET.get("entry", "")})
    def book() -> WaitlistEntry:
        # The form's choices are `entries`, so the chosen one is among them (no second look-up).
        entry = next(e for e in entries if str(e.pk) == form.cleaned_data["entry"])
        services.booking_create(slot=slot, patient=entry.patient, actor=request.user, waitlist_entry=entry)
        return entry

    done, entry = form_submit(request, form, book)
    if done:
        messages.success(request, f"{entry.patient.full_name} booked")
        return redirect("plans:clinics")
    return render(request, "plans/booking_form.jinja", {"form": form, "slot": slot, "more_waiting": more,
                                                        "limit": WAITLIST_LIMIT, "page_title": "Book a patient"})


def _bookable(request: SignedInRequest) -> tuple[list[WaitlistEntry], bool]:
    """The first WAITLIST_LIMIT waiting patients (oldest first), and whether there are more; the patient
    chosen on the clinics page (?entry=) or posted is always among them, however far down the list."""
    entries = list(selectors.waiting_for_clinic(user=request.user)[:WAITLIST_LIMIT + 1])
    more = len(entries) > WAITLIST_LIMIT
    entries = entries[:WAITLIST_LIMIT]
    chosen = request.POST.get("entry") or request.GET.get("entry")
    if chosen and chosen not in {str(entry.pk) for entry in entries}:
        # Booked or removed meanwhile, or a mistyped link: not offered, and the form asks to select a patient.
        with contextlib.suppress(Http404):
            entries.insert(0, selectors.waitlist_entry_for_user(user=request.user, entry_id=chosen))
    return entries, more


@shows_patient_data
@require_perm("plans.record_outcome")
def booking_outcome(request: SignedInRequest, booking_id: str) -> HttpResponse:
    booking = selectors.booking_get_for_user(user=request.user, booking_id=booking_id)
    audit_view(request, obj=booking, patient=booking.patient)
    slots = list(selectors.open_slots_for_user(user=request.user)[:50])
    form = OutcomeForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_slot = selectors.slot_get_for_user(user=request.user, slot_id=data["new_slot"]) \
            if data["new_slot"] else None
        try:
            services.booking_set_outcome(booking=booking, status=data["status"], actor=request.user,
                                         reason=data["reason"], new_slot=new_slot)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Appointment outcome recorded")
            return redirect("plans:clinics")
    return render(request, "plans/outcome_form.jinja", {"form": form, "booking": booking,
                                                        "page_title": "Record the appointment outcome"})

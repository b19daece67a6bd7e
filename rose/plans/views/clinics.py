"""Clinic slots, bookings from the waiting list and appointment outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rose.accounts.permissions import require_perm
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_list, audit_view
from rose.core.forms import add_service_error
from rose.plans import selectors, services
from rose.plans.forms import BookingForm, OutcomeForm, SlotForm


@shows_patient_data
@require_perm("plans.view_clinic")
def clinic_list(request: HttpRequest) -> HttpResponse:
    slots = selectors.upcoming_slots_for_user(user=request.user)
    waitlist = selectors.waitlist_for_user(user=request.user)
    shown = [slot.current.patient_id for slot in slots if slot.current] + [entry.patient_id for entry in waitlist]
    audit_list(request, patient_ids=shown, detail={"page": "clinics", "slots": len(slots), "waiting": len(waitlist)})
    return render(request, "plans/clinics.jinja", {"slots": slots, "waitlist": waitlist, "page_title": "Clinics"})


@require_perm("plans.publish_slot")
def slot_create(request: HttpRequest) -> HttpResponse:
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_create(actor=request.user, starts_at=data["starts_at"], mode=data["mode"],
                                 duration_minutes=data["duration_minutes"], location=data["location"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Clinic slot published")
            return redirect("plans:clinics")
    return render(request, "plans/slot_form.jinja", {"form": form, "page_title": "Publish a clinic slot"})


@shows_patient_data
@require_perm("plans.book_slot")
def booking_create(request: HttpRequest, slot_id: str) -> HttpResponse:
    slot = selectors.slot_get_for_user(user=request.user, slot_id=slot_id)
    entries = selectors.waitlist_for_user(user=request.user)
    audit_list(request, patient_ids=[entry.patient_id for entry in entries],
               detail={"page": "book", "slot": str(slot.pk), "waiting": len(entries)})
    form = BookingForm(request.POST or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        entry = selectors.waitlist_entry_for_user(user=request.user, entry_id=form.cleaned_data["entry"])
        try:
            services.booking_create(slot=slot, patient=entry.patient, actor=request.user, waitlist_entry=entry)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{entry.patient.full_name} booked")
            return redirect("plans:clinics")
    return render(request, "plans/booking_form.jinja", {"form": form, "slot": slot, "page_title": "Book a patient"})


@shows_patient_data
@require_perm("plans.record_outcome")
def booking_outcome(request: HttpRequest, booking_id: str) -> HttpResponse:
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

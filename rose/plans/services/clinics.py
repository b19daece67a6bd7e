"""Clinic slots and bookings: prescribers publish slots, coordinators book waitlisted patients."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rose.accounts.roles import Role
from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.core.presenters import datetime as format_datetime
from rose.messaging.services import message_cancel_for, message_schedule
from rose.patients.services import timeline_add
from rose.plans.models import BOOKING_TRANSITIONS, Booking, BookingStatus, BookingStatusChange, ClinicSlot, SlotMode
from rose.referrals.services import waitlist_set_status

REMINDER_BEFORE = dt.timedelta(hours=24)


@transaction.atomic
def slot_create(*, actor: Any, starts_at: dt.datetime, duration_minutes: int, mode: str,
                location: str = "") -> ClinicSlot:
    if getattr(actor, "role", None) != Role.PRESCRIBER:
        raise ValidationError("Only a prescribing clinician can publish clinic slots")
    if mode == SlotMode.IN_PERSON and not location.strip():
        raise ValidationError({"location": "Enter where the appointment is, for an in-person slot"})
    slot = ClinicSlot.objects.create(programme_id=actor.programme_id, clinician=actor, starts_at=starts_at,
                                     duration_minutes=duration_minutes, mode=mode, location=location.strip())
    audit_log(action=AuditAction.CREATE, actor=actor, obj=slot)
    return slot


def _reminder_text(slot: ClinicSlot) -> str:
    # No drug names, no clinical detail: a text can be read by anyone holding the phone.
    where = f" at {slot.location}" if slot.mode == SlotMode.IN_PERSON else f" ({slot.get_mode_display().lower()})"
    return (f"Reminder: you have a ROSE appointment{where} on {format_datetime(slot.starts_at)}. "
            "If you cannot come, please call us.")


def _confirmation_text(slot: ClinicSlot) -> str:
    # Sent when the booking is made. No drug names, no clinical detail (as the reminder).
    where = f" at {slot.location}" if slot.mode == SlotMode.IN_PERSON else f" ({slot.get_mode_display().lower()})"
    return (f"ROSE: your appointment is booked{where} on {format_datetime(slot.starts_at)}. "
            "We will text a reminder the day before. If you cannot come, please call us.")


def booking_create(*, slot: ClinicSlot, patient: Any, actor: Any, waitlist_entry: Any = None) -> Booking:
    if slot.withdrawn:
        raise ValidationError("This slot has been withdrawn: choose another")
    if slot.starts_at <= timezone.now():
        raise ValidationError("This slot has already started: choose a later one")
    if patient.programme_id != slot.programme_id:
        raise ValidationError("The patient is not in this programme")
    try:
        with transaction.atomic():
            booking = Booking.objects.create(slot=slot, patient=patient, programme_id=slot.programme_id,
                                             booked_by=actor,
                                             waitlist_entry_id=getattr(waitlist_entry, "pk", None))
    except IntegrityError as exc:
        raise ValidationError("This slot has just been booked by someone else: choose another") from exc
    with transaction.atomic():
        _status_change(booking, "", BookingStatus.BOOKED, actor, "")
        audit_log(action=AuditAction.CREATE, actor=actor, obj=booking, patient=patient)
        timeline_add(patient=patient, kind="clinic_booked", actor=actor, source=booking,
                     summary=f"Booked for a one-to-one appointment on {format_datetime(slot.starts_at)}")
        if waitlist_entry is not None:
            waitlist_set_status(entry=waitlist_entry, status="offered", actor=actor,
                                             reason="Booked into a one-to-one clinic")
        message_schedule(patient=patient, purpose="appointment_confirmation", body=_confirmation_text(slot),
                         related=booking)
        message_schedule(patient=patient, purpose="appointment_reminder", body=_reminder_text(slot),
                                      due_at=slot.starts_at - REMINDER_BEFORE, related=booking)
    return booking


def _status_change(booking: Booking, from_status: str, to_status: str, actor: Any, reason: str) -> None:
    BookingStatusChange.objects.create(booking=booking, from_status=from_status, to_status=to_status,
                                       actor=actor, reason=reason, at=timezone.now())


@transaction.atomic
def booking_set_outcome(*, booking: Booking, status: str, actor: Any, reason: str = "",
                        new_slot: ClinicSlot | None = None) -> Booking:
    """Attended, did not attend, cancelled (by patient or service) or rebooked into `new_slot`."""
    booking = Booking.objects.select_for_update(of=("self",)).select_related("slot", "patient").get(pk=booking.pk)
    if status not in BOOKING_TRANSITIONS.get(booking.status, ()):
        raise ValidationError(f"This appointment is already {booking.get_status_display().lower()}")
    if status == BookingStatus.REBOOKED and new_slot is None:
        raise ValidationError({"new_slot": "Choose the new appointment slot"})
    previous = booking.status
    booking.status = status
    booking.save(update_fields=["status", "updated_at"])
    _status_change(booking, previous, status, actor, reason)
    if status != BookingStatus.ATTENDED:
        message_cancel_for(related=booking)
    if status == BookingStatus.REBOOKED:
        booking.rebooked_to = booking_create(slot=new_slot, patient=booking.patient, actor=actor)
        booking.save(update_fields=["rebooked_to", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=booking, patient=booking.patient,
              detail={"status": status})
    timeline_add(patient=booking.patient, kind="clinic_outcome", actor=actor, source=booking,
                 summary=f"One-to-one appointment: {BookingStatus(status).label.lower()}")
    return booking

"""Clinic slots and bookings: prescribers and coordinators publish slots (one or a weekly series),
coordinators book waitlisted patients."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.patients.models import Patient
    from rose.referrals.models import WaitlistEntry

REMINDER_BEFORE = dt.timedelta(hours=24)


PUBLISHERS = (Role.PRESCRIBER, Role.COORDINATOR)


def _check_publish(*, actor: User, clinician: User, mode: str, location: str) -> uuid.UUID:
    """Prescribing clinicians publish their own slots or a colleague's; coordinators (who run the
    clinic rota) publish slots for any prescribing clinician of their programme. Returns the programme."""
    if getattr(actor, "role", None) not in PUBLISHERS:
        raise ValidationError("Only a prescribing clinician or a care coordinator can publish clinic slots")
    if actor.programme_id is None:  # a slot belongs to a programme: without one the row could not be saved
        raise ValidationError("Your account has no programme: ask an administrator to add you to one")
    if (getattr(clinician, "role", None) != Role.PRESCRIBER or not clinician.is_active
            or clinician.programme_id != actor.programme_id):
        raise ValidationError({"clinician": "Choose a prescribing clinician of this programme"})
    if mode == SlotMode.IN_PERSON and not location.strip():
        raise ValidationError({"location": "Enter where the appointment is, for an in-person slot"})
    return actor.programme_id


def _lock_clinician(clinician: User) -> None:
    # Two people publishing for the same clinician at once take turns, so the overlap check holds.
    type(clinician).objects.select_for_update().filter(pk=clinician.pk).first()


def _overlaps(*, clinician: User, wanted: list[tuple[dt.datetime, int]]) -> list[ClinicSlot]:
    """The clinician's live slots that overlap any wanted (start, minutes). One query."""
    if not wanted:
        return []
    earliest = min(start for start, _ in wanted) - dt.timedelta(days=1)  # no slot is a day long
    latest = max(start + dt.timedelta(minutes=minutes) for start, minutes in wanted)
    existing = list(ClinicSlot.objects.filter(clinician=clinician, withdrawn=False, starts_at__gt=earliest,
                                              starts_at__lt=latest).only("starts_at", "duration_minutes"))
    clashes = []
    for slot in existing:
        slot_end = slot.starts_at + dt.timedelta(minutes=slot.duration_minutes)
        if any(start < slot_end and slot.starts_at < start + dt.timedelta(minutes=minutes)
               for start, minutes in wanted):
            clashes.append(slot)
    return clashes


def _clash_error(clashes: list[ClinicSlot], clinician: User) -> ValidationError:
    shown = ", ".join(format_datetime(slot.starts_at) for slot in clashes[:3])
    more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
    return ValidationError(f"{clinician.full_name} already has a clinic slot at that time ({shown}{more}): "
                           "change the times or withdraw the other slot first")


@transaction.atomic
def slot_create(*, actor: User, starts_at: dt.datetime, duration_minutes: int, mode: str,
                location: str = "", clinician: User | None = None) -> ClinicSlot:
    clinician = clinician or actor
    programme_id = _check_publish(actor=actor, clinician=clinician, mode=mode, location=location)
    _lock_clinician(clinician)
    clashes = _overlaps(clinician=clinician, wanted=[(starts_at, duration_minutes)])
    if clashes:
        raise _clash_error(clashes, clinician)
    slot = ClinicSlot.objects.create(programme_id=programme_id, clinician=clinician, starts_at=starts_at,
                                     duration_minutes=duration_minutes, mode=mode, location=location.strip())
    audit_log(action=AuditAction.CREATE, actor=actor, obj=slot)
    return slot


@dataclass(frozen=True)
class SeriesResult:
    slots: list[ClinicSlot]
    skipped: list[tuple[dt.date, str]]  # (day, bank holiday name)


@transaction.atomic
def slot_series_create(*, actor: User, clinician: User, weekday: int, start: dt.time, end: dt.time,
                       slot_minutes: int, first: dt.date, last: dt.date, mode: str,
                       location: str = "") -> SeriesResult:
    """A recurring clinic: every `weekday` from `first` to `last`, slots of `slot_minutes` from
    `start` to `end` (London time). England bank holidays are skipped and listed. All the slots
    are created or none: one that overlaps the clinician's other slots refuses the whole series."""
    from rose.core.working_time import bank_holiday_name, is_bank_holiday
    from rose.plans import clinic_calendar as cal

    programme_id = _check_publish(actor=actor, clinician=clinician, mode=mode, location=location)
    if not first <= last <= first + dt.timedelta(weeks=cal.SERIES_MAX_WEEKS):
        raise ValidationError({"last": f"The last date must be within {cal.SERIES_MAX_WEEKS} weeks of the first"})
    if first < timezone.localdate():
        raise ValidationError({"first": "The first date must be today or in the future"})
    days = cal.weekly_days(weekday=weekday, first=first, last=last)
    skipped = [(day, bank_holiday_name(day)) for day in days if is_bank_holiday(day)]
    times = [at for day in days if not is_bank_holiday(day)
             for at in cal.series_times(day=day, start=start, end=end, slot_minutes=slot_minutes)]
    times = [at for at in times if at > timezone.now()]
    if not times:
        raise ValidationError("These dates and times give no clinic slots: check the day of the week and the dates")
    if len(times) > cal.SERIES_MAX_SLOTS:
        raise ValidationError(f"This would publish {len(times)} slots, more than {cal.SERIES_MAX_SLOTS} at once: "
                              "choose a shorter period")
    _lock_clinician(clinician)
    clashes = _overlaps(clinician=clinician, wanted=[(at, slot_minutes) for at in times])
    if clashes:
        raise _clash_error(clashes, clinician)
    slots = ClinicSlot.objects.bulk_create([
        ClinicSlot(programme_id=programme_id, clinician=clinician, starts_at=at, duration_minutes=slot_minutes,
                   mode=mode, location=location.strip()) for at in times])
    # One audit row for the series (ids of the first and last slot and the count), not 400.
    audit_log(action=AuditAction.CREATE, actor=actor, obj=slots[0],
              detail={"series": len(slots), "last_slot": str(slots[-1].pk), "clinician": str(clinician.pk),
                      "skipped_bank_holidays": [day.isoformat() for day, _ in skipped]})
    return SeriesResult(slots=slots, skipped=skipped)


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


def booking_create(*, slot: ClinicSlot, patient: Patient, actor: User,
                   waitlist_entry: WaitlistEntry | None = None) -> Booking:
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
            waitlist_set_status(entry=waitlist_entry, status="booked", actor=actor,
                                             reason="Booked into a one-to-one clinic")
        message_schedule(patient=patient, purpose="appointment_confirmation", body=_confirmation_text(slot),
                         related=booking)
        message_schedule(patient=patient, purpose="appointment_reminder", body=_reminder_text(slot),
                                      due_at=slot.starts_at - REMINDER_BEFORE, related=booking)
    return booking


# A missed or cancelled appointment puts the patient back on the waitlist, so they are not lost; the team
# removes them there if their local policy discharges after missed appointments.
BACK_TO_WAITLIST = (BookingStatus.DNA, BookingStatus.CANCELLED_PATIENT, BookingStatus.CANCELLED_SERVICE)


def _booked_entry(booking: Booking) -> WaitlistEntry | None:
    """The waitlist entry this booking took the patient from, if it is still marked booked."""
    from rose.referrals.models import WaitlistEntry

    if booking.waitlist_entry_id is None:
        return None
    return WaitlistEntry.objects.filter(pk=booking.waitlist_entry_id, status="booked").first()


def _status_change(booking: Booking, from_status: str, to_status: str, actor: User, reason: str) -> None:
    BookingStatusChange.objects.create(booking=booking, from_status=from_status, to_status=to_status,
                                       actor=actor, reason=reason, at=timezone.now())


@transaction.atomic
def booking_set_outcome(*, booking: Booking, status: str, actor: User, reason: str = "",
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
    entry = _booked_entry(booking)
    if status == BookingStatus.REBOOKED and new_slot is not None:  # never None here (refused above)
        booking.rebooked_to = booking_create(slot=new_slot, patient=booking.patient, actor=actor, waitlist_entry=entry)
        booking.save(update_fields=["rebooked_to", "updated_at"])
    elif status in BACK_TO_WAITLIST and entry is not None:
        # The patient still needs an appointment: back on the waitlist in their old place (added_at kept).
        waitlist_set_status(entry=entry, status="waiting", actor=actor,
                            reason=f"Clinic appointment {BookingStatus(status).label.lower()}")
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=booking, patient=booking.patient,
              detail={"status": status})
    timeline_add(patient=booking.patient, kind="clinic_outcome", actor=actor, source=booking,
                 summary=f"One-to-one appointment: {BookingStatus(status).label.lower()}")
    return booking

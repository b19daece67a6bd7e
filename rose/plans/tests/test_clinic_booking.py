"""Clinic slots outside working hours need confirming; a booking sends a confirmation text."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import login_verified
from rose.accounts.roles import Role
from rose.messaging.models import OutboundMessage
from rose.messaging.tests.factories import texting_patient
from rose.plans import services
from rose.plans.clinic_calendar import LONDON
from rose.plans.models import ClinicSlot
from rose.plans.tests.factories import prescriber_for

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2027, 3, 8, 9, 0, tzinfo=LONDON)


def _slot_post(day: dt.date, start: str, **extra):
    return {"day_day": day.day, "day_month": day.month, "day_year": day.year, "start": start,
            "duration_minutes": "30", "mode": "telephone", "location": "", **extra}


@pytest.mark.parametrize(("day", "start"), [
    (dt.date(2027, 3, 10), "19:00"),  # Wednesday evening
    (dt.date(2027, 3, 13), "10:00"),  # Saturday
    (dt.date(2027, 3, 29), "10:00"),  # Easter Monday
])
def test_a_slot_outside_working_hours_needs_confirming(client_for, day, start):
    client = client_for(Role.PRESCRIBER, professional_register="GMC", registration_number="1234000")
    with time_machine.travel(MONDAY, tick=False):
        login_verified(client, client.user)  # sign in again: the session would expire on a clock jump
        response = client.post(reverse("plans:slot_create"), _slot_post(day, start))
        assert response.status_code == 200
        html = response.content.decode()
        assert "outside working hours" in html and f'value="{start}"' in html
        assert not ClinicSlot.objects.exists()
        response = client.post(reverse("plans:slot_create"), _slot_post(day, start, out_of_hours="on"))
    assert response.status_code == 302
    assert ClinicSlot.objects.count() == 1


def test_a_slot_in_working_hours_needs_no_confirmation(client_for):
    client = client_for(Role.PRESCRIBER, professional_register="GMC", registration_number="1234001")
    with time_machine.travel(MONDAY, tick=False):
        login_verified(client, client.user)
        response = client.post(reverse("plans:slot_create"), _slot_post(dt.date(2027, 3, 10), "09:30"))
    assert response.status_code == 302


def test_booking_a_slot_texts_a_confirmation_at_once_and_a_reminder_later(programme, make_user):
    prescriber = prescriber_for(programme)
    patient = texting_patient(programme)
    with time_machine.travel(MONDAY, tick=False):
        slot = services.slot_create(actor=prescriber, starts_at=MONDAY + dt.timedelta(days=2), duration_minutes=30,
                                    mode="telephone")
        booking = services.booking_create(slot=slot, patient=patient, actor=make_user(Role.COORDINATOR))
    confirmation = OutboundMessage.objects.get(patient=patient, purpose="appointment_confirmation")
    assert "your appointment is booked (telephone) on 10 March 2027 at 9am" in confirmation.body
    assert OutboundMessage.objects.filter(patient=patient, purpose="appointment_reminder").count() == 1
    assert confirmation.related_id == str(booking.pk)


def test_a_publisher_without_a_programme_is_refused_not_given_a_server_error():
    """Found while typing slot_create: a prescriber with no programme publishing their own slot passed the
    checks (their programme and the clinician's were both None, so equal), then the insert failed
    (ClinicSlot.programme is required), an IntegrityError (a 500)."""
    from django.core.exceptions import ValidationError

    from rose.accounts.tests.factories import OrganisationFactory, UserFactory

    prescriber = UserFactory(role=Role.PRESCRIBER, programme=None, organisation=OrganisationFactory(),
                             professional_register="GMC", registration_number="1234000")
    with time_machine.travel(MONDAY, tick=False), pytest.raises(ValidationError, match="no programme"):
        services.slot_create(actor=prescriber, starts_at=MONDAY + dt.timedelta(days=2), duration_minutes=30,
                             mode="telephone")
    assert not ClinicSlot.objects.exists()

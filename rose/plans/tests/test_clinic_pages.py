"""The clinics page: a day view and a per-clinician view with pagination, appointments still needing an
outcome, the waitlist with each patient's pathway; constant queries whatever the data size."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login_verified
from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans import services
from rose.plans.clinic_calendar import LONDON
from rose.plans.models import BookingStatus
from rose.plans.services.clinics import slot_series_create
from rose.plans.tests.factories import prescriber_for
from rose.referrals.models import WaitlistEntry
from rose.referrals.tests.factories import WaitlistEntryFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 3, 10, 10, 0, tzinfo=LONDON)  # Wednesday
THURSDAY = dt.date(2027, 3, 11)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def _slot(clinician, starts_at, created=NOW - dt.timedelta(days=30)):
    with time_machine.travel(created, tick=False):
        return services.slot_create(actor=clinician, starts_at=starts_at, duration_minutes=30, mode="telephone")


def _booked(clinician, starts_at, coordinator, name="Patient"):
    slot = _slot(clinician, starts_at)
    patient = PatientFactory(programme=clinician.programme, given_name=name)
    with time_machine.travel(starts_at - dt.timedelta(days=5), tick=False):
        return services.booking_create(slot=slot, patient=patient, actor=coordinator)


def _get(client, url):
    with time_machine.travel(NOW, tick=False):
        login_verified(client, client.user)
        return client.get(url)


def test_the_day_view_shows_one_day_with_previous_and_next_day_links(client_for, programme):
    prescriber = prescriber_for(programme)
    _slot(prescriber, _at(THURSDAY, 9))
    _slot(prescriber, _at(THURSDAY + dt.timedelta(days=1), 9))
    html = _get(client_for(Role.COORDINATOR), reverse("plans:clinics") + "?date=2027-03-11").content.decode()
    assert "Clinics on Thursday 11 March 2027" in html
    assert "11 March 2027 at 9am" in html and "12 March 2027 at 9am" not in html
    assert 'href="?date=2027-03-10"' in html and 'href="?date=2027-03-12"' in html


def test_the_day_view_is_paginated_and_keeps_the_day_and_clinician_on_each_page(client_for, programme):
    prescriber, colleague = prescriber_for(programme), prescriber_for(programme)
    with time_machine.travel(NOW - dt.timedelta(days=30), tick=False):
        slot_series_create(actor=prescriber, clinician=prescriber, weekday=3, start=dt.time(8, 0), end=dt.time(18, 0),
                           slot_minutes=15, first=THURSDAY, last=THURSDAY, mode="video")  # 40 slots
    _slot(colleague, _at(THURSDAY, 9))
    client = client_for(Role.NURSE)
    url = reverse("plans:clinics") + f"?date=2027-03-11&clinician={prescriber.pk}"
    first = _get(client, url).content.decode()
    assert first.count("Book a patient") == 30 and "Page 1 of 2" in first
    assert f"?date=2027-03-11&amp;clinician={prescriber.pk}&amp;page=2" in first
    second = _get(client, url + "&page=2").content.decode()
    assert second.count("Book a patient") == 10 and "11 March 2027 at 5:45pm" in second
    assert f'href="?clinician={prescriber.pk}"' in second and f'href="?clinician={colleague.pk}"' not in second


def test_the_clinician_view_shows_only_their_upcoming_slots(client_for, programme):
    prescriber, colleague = prescriber_for(programme), prescriber_for(programme)
    _slot(prescriber, _at(THURSDAY, 9))
    _slot(colleague, _at(THURSDAY, 10))
    html = _get(client_for(Role.COORDINATOR), reverse("plans:clinics") + f"?clinician={colleague.pk}").content.decode()
    table = html.split("Waiting for a one-to-one")[0]
    assert "11 March 2027 at 10am" in table and "11 March 2027 at 9am" not in table


def test_a_booking_that_has_started_stays_listed_until_its_outcome_is_recorded(client_for, programme, make_user):
    prescriber, coordinator = prescriber_for(programme), make_user(Role.COORDINATOR)
    recent = _booked(prescriber, NOW - dt.timedelta(days=3), coordinator, name="Recent")
    _booked(prescriber, NOW - dt.timedelta(days=20), coordinator, name="Longago")
    client = client_for(Role.NURSE)
    html = _get(client, reverse("plans:clinics")).content.decode()
    assert "Outcome to record" in html
    assert reverse("plans:outcome", kwargs={"booking_id": recent.pk}) in html
    assert "Recent" in html and "Longago" not in html  # older than 14 days: the patient record has it
    with time_machine.travel(NOW, tick=False):
        services.booking_set_outcome(booking=recent, status=BookingStatus.ATTENDED, actor=coordinator)
    html = _get(client, reverse("plans:clinics")).content.decode()
    assert "Outcome to record" not in html


def test_earlier_today_stays_on_the_upcoming_list(client_for, programme, make_user):
    prescriber = prescriber_for(programme)
    booking = _booked(prescriber, _at(NOW.date(), 8, 30), make_user(Role.COORDINATOR))
    html = _get(client_for(Role.NURSE), reverse("plans:clinics")).content.decode()
    assert html.count(reverse("plans:outcome", kwargs={"booking_id": booking.pk})) == 2  # both lists


@pytest.mark.parametrize("query", ["?date=2027-13-45", "?date=yesterday", "?date=1066-10-14",
                                   "?clinician=nobody", "?day_day=31&day_month=2&day_year=2027"])
def test_bad_filters_are_explained_not_a_server_error(client_for, query):
    page = _get(client_for(Role.COORDINATOR), reverse("plans:clinics") + query)
    assert page.status_code == 400
    assert "There is a problem" in page.content.decode()


@pytest.mark.parametrize("query", ["?page=abc", "?page=999", "?for=not-an-id",
                                   "?for=00000000-0000-0000-0000-000000000000"])
def test_odd_page_numbers_and_patients_are_ignored(client_for, query):
    assert _get(client_for(Role.COORDINATOR), reverse("plans:clinics") + query).status_code == 200


def _fill(programme, coordinator, prescriber, start, size):
    for i in range(start, start + size):
        _booked(prescriber, _at(THURSDAY, 8) + dt.timedelta(minutes=30 * i), coordinator)
        _booked(prescriber, NOW - dt.timedelta(days=1, minutes=30 * i), coordinator)
        WaitlistEntryFactory(patient=PatientFactory(programme=programme), pathway="both")


def test_the_clinics_page_makes_the_same_number_of_queries_for_3_and_20_rows(client_for, programme, make_user):
    client = client_for(Role.COORDINATOR)
    coordinator, prescriber = make_user(Role.COORDINATOR), prescriber_for(programme)
    counts = []
    with time_machine.travel(NOW, tick=False):
        login_verified(client, client.user)
        client.get(reverse("plans:clinics"))  # the first request of a session does a little more
        for start, size in ((0, 3), (3, 17)):  # 3 then 20 of each: booked slots, bookings awaiting an outcome,
            _fill(programme, coordinator, prescriber, start, size)  # waiting patients
            for query in ("", "?date=2027-03-11", f"?clinician={prescriber.pk}"):
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(reverse("plans:clinics") + query).status_code == 200
                counts.append((query, len(queries)))
    assert counts[:3] == [(query, n) for query, n in counts[3:]], counts


def test_the_waitlist_shows_the_pathway_and_only_clinic_patients_can_be_booked(client_for, programme, make_user):
    WaitlistEntryFactory(patient=PatientFactory(programme=programme, given_name="Grace"), pathway="group")
    clinic = WaitlistEntryFactory(patient=PatientFactory(programme=programme, given_name="Colin"),
                                  pathway="one_to_one")
    slot = _slot(prescriber_for(programme), _at(THURSDAY, 9))
    client = client_for(Role.COORDINATOR)
    clinics = _get(client, reverse("plans:clinics")).content.decode()
    assert "Colin" in clinics and "Grace" not in clinics
    assert "One-to-one clinic" in clinics and f'href="?for={clinic.pk}"' in clinics
    chosen = _get(client, reverse("plans:clinics") + f"?for={clinic.pk}").content.decode()
    assert f"Book {clinic.patient.full_name}" in chosen
    assert f"{reverse('plans:book', kwargs={'slot_id': slot.pk})}?entry={clinic.pk}" in chosen
    form = _get(client, reverse("plans:book", kwargs={"slot_id": slot.pk}) + f"?entry={clinic.pk}").content.decode()
    assert "needs one-to-one clinic" in form and "Grace" not in form and "checked" in form
    waitlist = _get(client, reverse("referrals:waitlist")).content.decode()
    assert "Group course" in waitlist and "One-to-one clinic" in waitlist
    assert waitlist.count("Book a clinic appointment") == 1 and waitlist.count("Offer a group place") == 1
    with time_machine.travel(NOW, tick=False):
        login_verified(client, client.user)
        client.post(reverse("plans:book", kwargs={"slot_id": slot.pk}), {"entry": str(clinic.pk)})
    clinic.refresh_from_db()
    assert clinic.status == "booked"
    waitlist = _get(client, reverse("referrals:waitlist")).content.decode()
    assert "Booked into a clinic" in waitlist and "Book a clinic appointment" not in waitlist


def test_triage_acceptance_records_the_pathway(client_for, programme):
    from rose.referrals.tests.factories import ReferralFactory

    referral = ReferralFactory(programme=programme)
    client = client_for(Role.NURSE)
    page = client.get(reverse("referrals:detail", kwargs={"referral_id": referral.pk})).content.decode()
    assert "If you accept: what does the patient need?" in page
    client.post(reverse("referrals:detail", kwargs={"referral_id": referral.pk}),
                {"action": "accepted", "pathway": "group"})
    assert WaitlistEntry.objects.get(referral=referral).pathway == "group"
    other = ReferralFactory(programme=programme)
    client.post(reverse("referrals:detail", kwargs={"referral_id": other.pk}), {"action": "accepted"})
    assert WaitlistEntry.objects.get(referral=other).pathway == "both"  # the default


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED_SERVICE, BookingStatus.CANCELLED_PATIENT,
                                    BookingStatus.DNA])
def test_a_cancelled_or_missed_appointment_puts_the_patient_back_on_the_waitlist(programme, make_user, status):
    prescriber, coordinator = prescriber_for(programme), make_user(Role.COORDINATOR)
    entry = WaitlistEntryFactory(patient=PatientFactory(programme=programme), pathway="one_to_one",
                                 added_at=NOW - dt.timedelta(days=40))
    slot = _slot(prescriber, _at(THURSDAY, 9))
    with time_machine.travel(NOW, tick=False):
        booking = services.booking_create(slot=slot, patient=entry.patient, actor=coordinator, waitlist_entry=entry)
        entry.refresh_from_db()
        assert entry.status == "booked"
        services.booking_set_outcome(booking=booking, status=status, actor=coordinator)
    entry.refresh_from_db()
    assert entry.status == "waiting" and entry.added_at == NOW - dt.timedelta(days=40)  # keeps their place


def test_a_rebooked_appointment_keeps_the_patient_booked(programme, make_user):
    prescriber, coordinator = prescriber_for(programme), make_user(Role.COORDINATOR)
    entry = WaitlistEntryFactory(patient=PatientFactory(programme=programme))
    first, second = _slot(prescriber, _at(THURSDAY, 9)), _slot(prescriber, _at(THURSDAY, 10))
    with time_machine.travel(NOW, tick=False):
        booking = services.booking_create(slot=first, patient=entry.patient, actor=coordinator, waitlist_entry=entry)
        booking = services.booking_set_outcome(booking=booking, status=BookingStatus.REBOOKED, actor=coordinator,
                                               new_slot=second)
    entry.refresh_from_db()
    assert entry.status == "booked" and booking.rebooked_to.waitlist_entry_id == entry.pk


def test_the_team_can_change_what_a_waiting_patient_needs(client_for, programme):
    from tests.roles import check_roles

    entry = WaitlistEntryFactory(patient=PatientFactory(programme=programme), pathway="both")
    url = reverse("referrals:waitlist_pathway", kwargs={"entry_id": entry.pk})
    check_roles(client_for, url, [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER])
    client = client_for(Role.NURSE)
    assert "Change what they need" in client.get(reverse("referrals:waitlist")).content.decode()
    page = client.post(url, {"pathway": "sideways", "reason": "Prefers one-to-one"})
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html and 'value="Prefers one-to-one"' in html
    assert client.post(url, {"pathway": "one_to_one", "reason": "Prefers one-to-one"}).status_code == 302
    entry.refresh_from_db()
    assert entry.pathway == "one_to_one"
    assert entry.patient.timeline.filter(summary__startswith="Waitlist: now needs one-to-one clinic").exists()
    other = WaitlistEntryFactory()  # another programme's patient
    assert client.get(reverse("referrals:waitlist_pathway", kwargs={"entry_id": other.pk})).status_code == 404


def test_the_programme_waitlist_makes_the_same_number_of_queries_for_3_and_20_patients(client_for, programme):
    client = client_for(Role.COORDINATOR)
    client.get(reverse("referrals:waitlist"))
    counts = []
    for pathways in (["group", "one_to_one", "both"], ["group", "one_to_one", "both"] * 5 + ["both", "group"]):
        for pathway in pathways:
            WaitlistEntryFactory(patient=PatientFactory(programme=programme), pathway=pathway)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("referrals:waitlist")).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert html.count("Offer a group place") == 14 and html.count("Book a clinic appointment") == 13


def test_the_booking_form_lists_a_bounded_number_and_always_the_chosen_patient(client_for, programme, monkeypatch):
    """However long the waiting list, the form offers the longest waiting (WAITLIST_LIMIT) and the patient
    chosen on the clinics page, even one further down; posting that patient books them."""
    from rose.plans.views import clinics as views

    monkeypatch.setattr(views, "WAITLIST_LIMIT", 3)
    entries = [WaitlistEntryFactory(patient=PatientFactory(programme=programme, given_name=f"Waiting{n}"),
                                    pathway="one_to_one") for n in range(5)]
    for n, entry in enumerate(entries):  # oldest first: Waiting0 has waited longest
        WaitlistEntry.objects.filter(pk=entry.pk).update(added_at=NOW - dt.timedelta(days=50 - n))
    slot = _slot(prescriber_for(programme), _at(THURSDAY, 9))
    client = client_for(Role.COORDINATOR)
    url = reverse("plans:book", kwargs={"slot_id": slot.pk})
    plain = _get(client, url).content.decode()
    assert [f"Waiting{n}" in plain for n in range(5)] == [True, True, True, False, False]
    assert "These are the 3 patients who have waited longest" in plain
    chosen = _get(client, url + f"?entry={entries[4].pk}").content.decode()
    assert "Waiting4" in chosen and "checked" in chosen
    with time_machine.travel(NOW, tick=False):
        login_verified(client, client.user)
        reply = client.post(url, {"entry": str(entries[4].pk)})
    assert reply.status_code == 302
    entries[4].refresh_from_db()
    assert entries[4].status == "booked"
    missing = _get(client, url + "?entry=00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 200 and missing.content.decode().count('type="radio"') == 3

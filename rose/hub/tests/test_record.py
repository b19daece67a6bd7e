"""The patient record as the team's hub, and the team's counts on the home page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import Role
from rose.hub.home_counts import team_counts
from rose.messaging.services import message_schedule
from rose.messaging.tests.factories import texting_patient
from rose.patients.services import task_create
from rose.plans.models import Booking, ClinicSlot
from rose.plans.tests.factories import prescriber_for
from rose.referrals.tests.factories import ReferralFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db


def _booking(patient, clinician, hours_from_now):
    slot = ClinicSlot.objects.create(programme=patient.programme, clinician=clinician, mode="telephone",
                                     starts_at=timezone.now() + dt.timedelta(hours=hours_from_now),
                                     duration_minutes=30)
    return Booking.objects.create(slot=slot, patient=patient, programme=patient.programme, booked_by=clinician)


def _record(client, patient):
    return client.get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).content.decode()


def test_the_record_shows_the_referrals_opioids_ome_with_its_source_risks_and_sedatives(client_for, programme):
    patient = texting_patient(programme)
    referral = ReferralFactory(programme=programme, patient=patient, status="accepted", risk_flags=["overdose"],
                               other_medicines=["benzodiazepine", "antidepressant"], ome_table="UK OME table v1")
    html = _record(client_for(Role.COORDINATOR), patient)
    assert html.index("Referral</h2>") < html.index("Consent</h2>")
    assert "60 mg oral morphine equivalent a day" in html and "UK OME table v1" in html
    assert "Previous overdose" in html and "Benzodiazepines" in html
    assert "Antidepressants" not in html.split("Co-prescribed sedatives")[1].split("</ul>")[0]
    assert reverse("referrals:detail", kwargs={"referral_id": referral.pk}) in html


def test_the_record_shows_upcoming_and_past_appointments_recent_texts_and_actions(client_for, programme):
    patient = texting_patient(programme)
    clinician = prescriber_for(programme)
    upcoming, past = _booking(patient, clinician, 48), _booking(patient, clinician, -3)
    message_schedule(patient=patient, purpose="manual", body="See you on Tuesday", respect_quiet_hours=False)
    html = _record(client_for(Role.COORDINATOR), patient)
    assert "One-to-one appointments" in html and "No appointments booked" not in html
    assert reverse("plans:outcome", kwargs={"booking_id": past.pk}) in html  # still findable after it started
    assert reverse("plans:outcome", kwargs={"booking_id": upcoming.pk}) not in html
    assert "See you on Tuesday" in html
    for action in ("Book a clinic appointment", "Offer a group place", "Send a text"):
        assert action in html


def test_book_a_clinic_appointment_keeps_a_waiting_patient_chosen(client_for, programme):
    from rose.referrals.tests.factories import WaitlistEntryFactory

    waiting, other = texting_patient(programme), texting_patient(programme)
    entry = WaitlistEntryFactory(patient=waiting, pathway="one_to_one")
    WaitlistEntryFactory(patient=other, pathway="group")  # waiting for a group course only: no clinic to keep
    client = client_for(Role.COORDINATOR)
    assert f'href="{reverse("plans:clinics")}?for={entry.pk}">Book a clinic appointment' in _record(client, waiting)
    assert f'href="{reverse("plans:clinics")}">Book a clinic appointment' in _record(client, other)


def test_a_prescriber_is_not_offered_actions_their_role_cannot_do(client_for, programme):
    html = _record(client_for(Role.PRESCRIBER), texting_patient(programme))
    assert "Book a clinic appointment" not in html and "Offer a group place" not in html
    assert "Send a text" in html


def test_the_record_runs_the_same_number_of_queries_for_a_short_and_a_long_history(client_for, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.COORDINATOR)
    clinician = prescriber_for(programme)
    counts = []
    for count in (1, 8):
        patient = texting_patient(programme)
        ReferralFactory(programme=programme, patient=patient, status="accepted", risk_flags=["overdose"])
        for index in range(count):
            _booking(patient, clinician, 24 * (index + 1))
            _booking(patient, clinician, -24 * (index + 1))
            message_schedule(patient=patient, purpose="manual", body=f"Text {index}", respect_quiet_hours=False)
        _record(client, patient)
        with CaptureQueriesContext(connection) as queries:
            _record(client, patient)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_record_reads_the_latest_referral_and_consultation_once(client_for, programme):
    """The referral panel and the plan panel share one read of the latest referral (rose.core.memo),
    and the latest consultation is not read a second time for its patient id."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rose.plans.tests.factories import approved_plan

    client = client_for(Role.COORDINATOR)
    patient = texting_patient(programme)
    ReferralFactory(programme=programme, patient=patient, status="accepted", risk_flags=["overdose"])
    approved_plan(patient)
    _record(client, patient)
    with CaptureQueriesContext(connection) as queries:
        html = _record(client, patient)
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert sum('FROM "referrals_referral"' in sql for sql in reads) == 1
    assert sum('FROM "plans_consultation"' in sql for sql in reads) == 1
    assert html.count("Previous overdose") == 2  # both panels still show the referral's risks


def test_home_counts_say_what_needs_doing_today_for_the_team(client_for, programme):
    client = client_for(Role.COORDINATOR)
    ReferralFactory(programme=programme)
    ReferralFactory(programme=programme, status="declined")
    ReferralFactory()  # another programme
    patient = texting_patient(programme)
    task_create(patient=patient, kind="red_flag", title="Call back", priority="urgent", source=patient)
    task_create(patient=patient, kind="note", title="Post the leaflet", source=patient)
    clinician = prescriber_for(programme)
    with time_machine.travel(dt.datetime(2027, 3, 9, 9, 0, tzinfo=dt.UTC), tick=False):
        _booking(patient, clinician, 2)  # 11:00 today
        _booking(patient, clinician, 26)  # tomorrow
        counts = {c["label"]: c["count"] for c in team_counts(client.user)}
    html = client.get("/").content.decode()  # (a signed-in session expires if the clock jumps a year)
    assert counts["Referrals to triage"] == 1
    assert counts["Urgent tasks"] == 1
    assert counts["Clinic appointments today"] == 1
    assert counts["Letters not delivered"] == 0
    assert "Referrals to triage" in html and "Submitted, in review or waiting for more information" in html


def test_home_counts_are_shown_only_to_roles_that_may_open_them(client_for):
    assert team_counts(client_for(Role.REFERRER).user) == []
    assert team_counts(client_for(Role.EVALUATOR).user) == []
    assert team_counts(client_for(Role.PEER).user) == []


@pytest.mark.parametrize("count", [1, 10])
def test_home_page_runs_a_constant_number_of_queries(client_for, programme, count, django_assert_max_num_queries):
    client = client_for(Role.COORDINATOR)
    for _ in range(count):
        ReferralFactory(programme=programme)
    # 7: session, user, device, 3 statements storing the idle clock (first page after sign-in) and the
    # four counts in one query (10 when each count was its own query; 16 allowed before).
    with django_assert_max_num_queries(7):
        assert client.get("/").status_code == 200


def test_the_home_counts_are_read_in_one_query_and_equal_each_querysets_count(client_for, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rose.hub.home_counts import count_together
    from rose.referrals.models import Referral

    client = client_for(Role.COORDINATOR)
    for status in ("submitted", "submitted", "declined"):
        ReferralFactory(programme=programme, status=status)
    ReferralFactory()  # another programme
    querysets = [Referral.objects.all(), Referral.objects.filter(programme=programme, status="submitted"),
                 Referral.objects.filter(status="accepted"), Booking.objects.filter(slot__mode="telephone")]
    assert count_together(querysets) == [queryset.count() for queryset in querysets] == [4, 2, 0, 0]
    assert count_together([]) == []
    with CaptureQueriesContext(connection) as queries:
        team_counts(client.user)
    assert len(queries.captured_queries) == 1


def test_the_patient_record_roles(client_for, programme):
    patient = texting_patient(programme)
    ReferralFactory(programme=programme, patient=patient, status="accepted")
    check_roles(client_for, reverse("patients:detail", kwargs={"patient_id": patient.pk}),
                [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER])


def test_caseload_roles(client_for):
    for show in ("mine", "plans", "awaiting"):
        check_roles(client_for, reverse("hub:caseload") + f"?show={show}",
                    [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER])


def test_caseload_lists_my_patients_plans_in_progress_and_those_awaiting_a_clinic(client_for, programme):
    from rose.plans.tests.factories import draft_plan
    from rose.referrals.tests.factories import WaitlistEntryFactory

    client = client_for(Role.PRESCRIBER, professional_register="GMC", registration_number="7654321")
    mine = texting_patient(programme, family_name="Mine")
    _booking(mine, client.user, -24)
    someone_elses = texting_patient(programme, family_name="Elses")
    _booking(someone_elses, prescriber_for(programme), -24)
    on_a_plan = draft_plan(programme=programme).patient
    on_a_plan.plans.update(status="active")
    waiting = texting_patient(programme, family_name="Waiting")
    WaitlistEntryFactory(patient=waiting)
    booked = texting_patient(programme, family_name="Booked")
    WaitlistEntryFactory(patient=booked)
    _booking(booked, client.user, 48)

    def names(show):
        html = client.get(reverse("hub:caseload"), {"show": show}).content.decode()
        return {p.family_name for p in (mine, someone_elses, on_a_plan, waiting, booked)
                if p.family_name.upper() in html}

    assert names("mine") == {"Mine", "Booked"}
    assert names("plans") == {on_a_plan.family_name}
    assert names("awaiting") == {"Waiting"}


def test_caseload_runs_a_constant_number_of_queries(client_for, programme, django_assert_max_num_queries):
    from rose.referrals.tests.factories import WaitlistEntryFactory

    client = client_for(Role.NURSE)
    url = reverse("hub:caseload") + "?show=awaiting"
    WaitlistEntryFactory(patient=texting_patient(programme))
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for _ in range(12):
        WaitlistEntryFactory(patient=texting_patient(programme))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).content.decode().count("nhsuk-table__row") == 14

"""A whole cohort can be moved to new dates or cancelled before it starts."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from rose.accounts.roles import Role
from rose.groups import services
from rose.groups.models import CohortStatus, EnrolmentStatus, SessionStatus
from rose.groups.scheduling import LONDON
from rose.groups.tests.factories import make_cohort, make_enrolled, make_waiting, next_monday
from rose.messaging.models import OutboundMessage
from rose.referrals.models import WaitlistEntry
from tests.roles import check_roles

pytestmark = pytest.mark.django_db


def test_rescheduling_a_cohort_moves_every_session_weekly_from_the_new_start_and_texts_once(programme):
    cohort = make_cohort(programme, start=next_monday(2))
    enrolment = make_enrolled(cohort, 1)[0]
    new_start = next_monday(6) + dt.timedelta(days=1)  # a Tuesday
    services.cohort_reschedule(cohort=cohort, actor=None, start_date=new_start, start_time=dt.time(10, 0))
    cohort.refresh_from_db()
    starts = [s.starts_at.astimezone(LONDON) for s in cohort.sessions.order_by("position")]
    assert starts[0].date() == new_start and starts[0].time() == dt.time(10, 0)
    assert all(later - earlier >= dt.timedelta(days=7) for earlier, later in itertools.pairwise(starts))
    assert cohort.start_date == new_start and cohort.last_session_date == starts[-1].date()
    texts = OutboundMessage.objects.filter(patient=enrolment.patient, purpose="group_cohort_moved")
    assert texts.count() == 1
    assert str(new_start.year) in texts.get().body


def test_a_cohort_cannot_be_rescheduled_after_its_first_session(programme):
    cohort = make_cohort(programme, start=next_monday(2))
    first = cohort.sessions.order_by("starts_at").first()
    with time_machine.travel(first.starts_at + dt.timedelta(hours=3)), pytest.raises(ValidationError) as error:
        services.cohort_reschedule(cohort=cohort, actor=None, start_date=next_monday(8), start_time=dt.time(10, 0))
    assert "before its first session" in str(error.value)


def test_cancelling_a_cohort_cancels_its_sessions_and_returns_patients_to_the_waitlist(programme):
    cohort = make_cohort(programme, start=next_monday(2))
    enrolled = make_enrolled(cohort, 2)
    offered = services.enrolment_offer(cohort=cohort, entry=make_waiting(programme))
    services.cohort_cancel(cohort=cohort, actor=None, reason="Venue closed")
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.CANCELLED
    assert set(cohort.sessions.values_list("status", flat=True)) == {SessionStatus.CANCELLED}
    for enrolment in [*enrolled, offered]:
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.WITHDRAWN
        assert WaitlistEntry.objects.get(pk=enrolment.waitlist_entry_id).status == "waiting"
        assert OutboundMessage.objects.filter(patient=enrolment.patient, purpose="group_cohort_cancelled").count() == 1
    with pytest.raises(ValidationError):
        services.cohort_reschedule(cohort=cohort, actor=None, start_date=next_monday(8), start_time=dt.time(10, 0))


def test_cancelling_needs_a_reason(programme):
    cohort = make_cohort(programme)
    with pytest.raises(ValidationError):
        services.cohort_cancel(cohort=cohort, actor=None, reason="  ")


def test_cohort_reschedule_and_cancel_pages_roles(client_for, programme):
    cohort = make_cohort(programme)
    allowed = [Role.ADMIN, Role.COORDINATOR, Role.NURSE]
    check_roles(client_for, reverse("groups:cohort_reschedule", kwargs={"cohort_id": cohort.pk}), allowed)
    check_roles(client_for, reverse("groups:cohort_cancel", kwargs={"cohort_id": cohort.pk}), allowed)


def test_coordinator_moves_a_cohort_and_a_past_date_gets_an_error_that_keeps_the_input(client_for, programme):
    cohort = make_cohort(programme)
    client = client_for(Role.COORDINATOR)
    url = reverse("groups:cohort_reschedule", kwargs={"cohort_id": cohort.pk})
    response = client.post(url, {"start_date_day": "1", "start_date_month": "1", "start_date_year": "2020",
                                 "start_time": "09:30"})
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert 'value="09:30"' in response.content.decode()
    new_start = next_monday(5)
    response = client.post(url, {"start_date_day": new_start.day, "start_date_month": new_start.month,
                                 "start_date_year": new_start.year, "start_time": "09:30"})
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.start_date == new_start


def test_coordinator_cancels_a_cohort_from_its_page(client_for, programme):
    cohort = make_cohort(programme)
    client = client_for(Role.COORDINATOR)
    detail = client.get(reverse("groups:cohort_detail", kwargs={"cohort_id": cohort.pk})).content.decode()
    assert "Cancel the cohort" in detail
    url = reverse("groups:cohort_cancel", kwargs={"cohort_id": cohort.pk})
    assert "Enter why the cohort is cancelled" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Facilitator off sick"}).status_code == 302
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.CANCELLED

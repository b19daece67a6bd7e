"""Builders for group tests: a cohort from the default course, waitlisted patients with text consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rose.accounts.roles import Role
from rose.accounts.tests.factories import UserFactory
from rose.groups import services
from rose.patients.services import consent_record
from rose.patients.tests.factories import PatientFactory


def next_monday(weeks: int = 2) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 * weeks - today.weekday())


def make_cohort(programme: Any, *, start: dt.date | None = None, capacity: int = 12, facilitators: bool = True,
                **kwargs: Any) -> Any:
    course = kwargs.pop("course", None) or services.course_default_for_programme(programme=programme)
    if facilitators:
        kwargs.setdefault("nurse", UserFactory(role=Role.NURSE, programme=programme))
        kwargs.setdefault("peer", UserFactory(role=Role.PEER, programme=programme))
    kwargs.setdefault("name", "Spring cohort")
    kwargs.setdefault("venue_address", "Community Room, 1 Example Street")
    return services.cohort_create(actor=None, programme=programme, course=course,
                                  start_date=start or next_monday(), start_time=dt.time(14, 0),
                                  capacity=capacity, **kwargs)


def make_waiting(programme: Any, *, days_ago: int = 30, texts: bool = True, **patient_kwargs: Any) -> Any:
    from rose.referrals.models import WaitlistEntry

    patient = PatientFactory(programme=programme, **patient_kwargs)
    if texts:
        consent_record(patient=patient, kind="texts", given=True, source="staff")
    return WaitlistEntry.objects.create(patient=patient, programme=programme, status="waiting",
                                        added_at=timezone.now() - dt.timedelta(days=days_ago))


def make_enrolled(cohort: Any, count: int, *, days_ago: int = 30) -> list[Any]:
    enrolments = []
    for index in range(count):
        entry = make_waiting(cohort.programme, days_ago=days_ago + index)
        enrolment = services.enrolment_offer(cohort=cohort, entry=entry)
        enrolments.append(services.enrolment_accept(enrolment=enrolment))
    return enrolments

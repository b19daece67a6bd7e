"""iCalendar files: a facilitator's feed and one session for a patient. No patient data in either."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from icalendar import Calendar, Event

from rose.groups.models import SessionStatus


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//ROSE//Group programme//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(session: Any) -> Event:
    cohort = session.cohort
    event = Event()
    event.add("uid", f"{session.pk}@rose-groups")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + dt.timedelta(minutes=session.duration_minutes))
    event.add("summary", f"ROSE group: {session.topic}")
    location = cohort.online_link or " ".join(cohort.venue_address.split())
    if location:
        event.add("location", location)
    description = [f"Session {session.position} of {cohort.name}."]
    if cohort.accessibility_notes:
        description.append(f"Access: {' '.join(cohort.accessibility_notes.split())}")
    event.add("description", " ".join(description))
    event.add("status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED")
    return event


def sessions_ics(sessions: Iterable[Any], *, name: str) -> bytes:
    calendar = _calendar(name)
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical()

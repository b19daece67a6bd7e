"""Made-up cohorts for `make run` (rose.core.hooks.demo_data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rose.groups import services
from rose.groups.models import Cohort


def add_demo_groups(programme: Any, staff: dict[str, Any], patients: list[Any], stdout: Any) -> None:
    if Cohort.objects.filter(programme=programme).exists():
        return
    course = services.course_default_for_programme(programme=programme)
    today = timezone.localdate()
    start = today + dt.timedelta(days=14 - today.weekday())
    services.cohort_create(
        actor=staff.get("coordinator"), programme=programme, course=course, name="Demo cohort: spring",
        start_date=start, start_time=dt.time(14, 0), venue_address="Community Room, 1 Example Street, Stockport",
        accessibility_notes="Step-free access and a hearing loop", capacity=12,
        nurse=staff.get("nurse"), peer=staff.get("peer"))
    stdout.write("Groups: one demo cohort with six sessions\n")

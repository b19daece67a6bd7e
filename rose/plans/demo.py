"""Made-up clinics and a plan for `make run` (rose.core.hooks.demo_data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone


def demo_slot_times(today: dt.date | None = None) -> list[tuple[dt.datetime, str]]:
    """Three clinic slots in working hours (Europe/London) on the second working day from today,
    never a weekend or an England bank holiday: 09:30 in person, 10:00 by telephone, 10:30 by video."""
    from rose.plans.clinic_calendar import LONDON, next_working_days
    from rose.plans.models import SlotMode

    day = next_working_days(today or timezone.localdate(), 2)[-1]
    times = [(dt.time(9, 30), SlotMode.IN_PERSON), (dt.time(10, 0), SlotMode.TELEPHONE),
             (dt.time(10, 30), SlotMode.VIDEO)]
    return [(dt.datetime.combine(day, at, tzinfo=LONDON), mode) for at, mode in times]


def add_demo_plans(programme: Any, staff: dict[str, Any], patients: list[Any], stdout: Any) -> None:
    from rose.plans import services
    from rose.plans.models import ClinicSlot, SlotMode

    prescriber = staff.get("prescriber")
    if prescriber is None or not patients or ClinicSlot.objects.filter(programme=programme).exists():
        return
    for starts_at, mode in demo_slot_times():
        services.slot_create(actor=prescriber, starts_at=starts_at, duration_minutes=30, mode=mode,
                             location="Stepping Hill Hospital, Pain Clinic" if mode == SlotMode.IN_PERSON else "")
    patient = patients[0]
    regimen = {"items": [{"drug": "morphine", "route": "oral", "dose_mg": 30, "times_per_day": 2,
                          "release": "modified"}]}
    consultation = services.consultation_record(
        patient=patient, actor=prescriber, regimen=regimen, regimen_corrected=False,
        red_flags={code: False for code in ("low_mood", "misuse", "sedation", "confusion", "pregnancy",
                                            "withdrawal")},
        peg_pain=6, peg_enjoyment=5, peg_activity=6, goals="To play with my grandchildren without feeling foggy",
        previous_attempts="", red_flag_notes="", decision="start_plan",
        decision_notes="Start slowly, review at 2 weeks")
    request = services.taper_request(regimen=regimen, start_date=timezone.localdate() + dt.timedelta(days=7),
                                     strategy={"type": "percent-of-original", "percent": 10, "interval_days": 14})
    services.plan_create(patient=patient, actor=prescriber, request=request, consultation=consultation)
    stdout.write("Plans: 3 clinic slots, 1 consultation, 1 draft plan\n")

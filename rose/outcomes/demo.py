"""Made-up outcome data for `make run`: a schedule, answered questionnaires and dose snapshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from rose.outcomes import services, summaries
from rose.outcomes.models import Response


def add_demo_outcomes(programme: Any, staff: dict[str, Any], patients: list[Any], stdout: Any) -> None:
    events = {e.code: e for e in services.schedule_ensure_defaults(programme=programme)}
    today = timezone.localdate()
    nurse = staff.get("nurse")
    for index, patient in enumerate(patients[:6]):
        anchor = today - dt.timedelta(days=120 + index)
        baseline = services.invitation_create(patient=patient, event=events["baseline"], anchor_date=anchor,
                                              send=False)
        follow = services.invitation_create(patient=patient, event=events["month_3"],
                                            anchor_date=anchor, send=False)
        for invitation, peg, phq in ((baseline, 7, 2), (follow, 7 - index % 4, 1)):
            for response in invitation.responses.select_related("instrument"):
                code = response.instrument.code
                if code == "peg":
                    answers = {"p": peg, "e": peg, "g": peg}
                elif code == "phq9":
                    answers = {f"q{i}": phq for i in range(1, 9)} | {"q9": 0}
                elif code == "gad7":
                    answers = {f"q{i}": 1 for i in range(1, 8)}
                elif code == "pgic":
                    answers = {"change": 5}
                elif code == "sci":
                    answers = {f"q{i}": 2 for i in range(1, 9)}
                else:
                    continue
                services.answers_save(response=response, answers=answers, mode=Response.Mode.PHONE, actor=nurse)
                services.response_complete(response=response, actor=nurse)
        services.dose_snapshot_record(patient=patient, event=events["baseline"], ome_mg=Decimal(120),
                                      source="Demo data (made up)")
        ome = Decimal(max(0, 120 - 30 * index))
        services.dose_snapshot_record(patient=patient, event=events["month_3"], ome_mg=ome, stopped=ome == 0,
                                      source="Demo data (made up)")
    summaries.summaries_refresh()
    stdout.write(f"  outcomes: {min(len(patients), 6)} patients with baseline and 3-month answers\n")

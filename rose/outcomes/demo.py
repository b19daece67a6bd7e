"""Made-up outcome data for `make run`: a schedule, answered questionnaires and dose snapshots."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from rose.outcomes import services, summaries
from rose.outcomes.models import Response

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.outcomes.models import Invitation

# The same made-up numbers every time (a fixed seed), but varied like a real service's: most
# patients improve a little, some not at all, a few get worse; doses fall by different amounts.
DEMO_SEED = 20270101


def _demo_answers(code: str, rng: random.Random, *, peg: int, phq: int, gad: int) -> dict[str, int] | None:
    if code == "peg":
        return {item: max(0, min(10, peg + rng.randint(-1, 1))) for item in ("p", "e", "g")}
    if code == "phq9":
        total = [min(3, max(0, phq // 8 + (1 if rng.random() < (phq % 8) / 8 else 0))) for _ in range(8)]
        return {f"q{i}": total[i - 1] for i in range(1, 9)} | {"q9": 0}
    if code == "gad7":
        return {f"q{i}": min(3, max(0, gad // 7 + (1 if rng.random() < (gad % 7) / 7 else 0))) for i in range(1, 8)}
    if code == "pgic":
        return {"change": rng.choice([2, 3, 4, 4, 5, 5, 5, 6, 6, 7])}
    if code == "sci":
        return {f"q{i}": rng.randint(0, 4) for i in range(1, 9)}
    return None


def _answer(invitation: Invitation, rng: random.Random, nurse: User | None, **scores: int) -> None:
    for response in invitation.responses.select_related("instrument"):
        answers = _demo_answers(response.instrument.code, rng, **scores)
        if answers is None:
            continue
        services.answers_save(response=response, answers=answers, mode=Response.Mode.PHONE, actor=nurse)
        services.response_complete(response=response, actor=nurse)


def add_demo_outcomes(programme: Any, staff: dict[str, Any], patients: list[Any], stdout: Any) -> None:
    events = {e.code: e for e in services.schedule_ensure_defaults(programme=programme)}
    today = timezone.localdate()
    nurse = staff.get("nurse")
    rng = random.Random(DEMO_SEED)
    chosen = patients[:12]
    for index, patient in enumerate(chosen):
        anchor = today - dt.timedelta(days=100 + 9 * index + rng.randint(0, 6))
        peg, phq, gad = rng.randint(5, 9), rng.randint(6, 20), rng.randint(4, 16)
        baseline = services.invitation_create(patient=patient, event=events["baseline"], anchor_date=anchor,
                                              send=False)
        _answer(baseline, rng, nurse, peg=peg, phq=phq, gad=gad)
        follow = services.invitation_create(patient=patient, event=events["month_3"], anchor_date=anchor, send=False)
        change = rng.choice([-3, -2, -2, -1, -1, -1, 0, 0, 1])  # lower is better on all three
        _answer(follow, rng, nurse, peg=max(0, peg + change), phq=max(0, phq + 2 * change),
                gad=max(0, gad + change))
        start = Decimal(rng.choice([40, 60, 90, 120, 120, 160, 200, 240]))
        services.dose_snapshot_record(patient=patient, event=events["baseline"], ome_mg=start,
                                      source="Demo data (made up)")
        reduced_by = rng.choice([Decimal("0"), Decimal("0.1"), Decimal("0.25"), Decimal("0.4"), Decimal("0.5"),
                                 Decimal("0.6"), Decimal("1")])
        ome = (start * (1 - reduced_by)).quantize(Decimal("1"))
        services.dose_snapshot_record(patient=patient, event=events["month_3"], ome_mg=ome, stopped=ome == 0,
                                      source="Demo data (made up)")
    summaries.summaries_refresh()
    stdout.write(f"  outcomes: {len(chosen)} patients with baseline and 3-month answers\n")

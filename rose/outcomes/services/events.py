"""The programme's outcome schedule: its default events and the window (opens, due, closes) of each."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rose.outcomes.models import Anchor, OutcomeEvent

if TYPE_CHECKING:
    from rose.accounts.models import Programme

# The default schedule (docs/outcomes.md); a programme changes its own rows in the admin.
DEFAULT_EVENTS: list[dict[str, Any]] = [
    {"code": "baseline", "label": "Baseline", "anchor": Anchor.FIRST_GROUP_SESSION, "offset_days": -7,
     "window_before_days": 14, "window_after_days": 7, "is_baseline": True,
     "instruments": ["peg", "phq9", "gad7", "sci"]},
    # The one-to-one pathway's baseline: opens when the plan is drafted (or 28 days before its start),
    # due the day before the plan starts and closed once it has started. A patient gets ONE baseline
    # whichever pathway comes first (`_baselines_pick`, `invitation_create`).
    {"code": "baseline_one_to_one", "label": "Baseline (one-to-one)", "anchor": Anchor.PLAN_DRAFTED_START,
     "offset_days": -1, "window_before_days": 27, "window_after_days": 1, "is_baseline": True,
     "instruments": ["peg", "phq9", "gad7", "sci"]},
    {"code": "end_of_course", "label": "End of course", "anchor": Anchor.COURSE_END, "offset_days": 0,
     "window_before_days": 3, "window_after_days": 21, "instruments": ["peg", "phq9", "gad7", "sci", "pgic", "fft"]},
    {"code": "month_3", "label": "3 months", "anchor": Anchor.PLAN_START, "offset_days": 91,
     "window_before_days": 14, "window_after_days": 28, "instruments": ["peg", "phq9", "gad7", "pgic"]},
    {"code": "month_6", "label": "6 months", "anchor": Anchor.PLAN_START, "offset_days": 182,
     "window_before_days": 14, "window_after_days": 28, "instruments": ["peg", "phq9", "gad7", "sci", "pgic"]},
    {"code": "month_12", "label": "12 months", "anchor": Anchor.PLAN_START, "offset_days": 365,
     "window_before_days": 14, "window_after_days": 42, "instruments": ["peg", "phq9", "gad7", "sci", "pgic", "fft"]},
]


@transaction.atomic
def schedule_ensure_defaults(*, programme: Programme) -> list[OutcomeEvent]:
    if not OutcomeEvent.objects.filter(programme=programme).exists():
        for order, event in enumerate(DEFAULT_EVENTS):
            OutcomeEvent.objects.create(programme=programme, order=order, **event)
    return list(OutcomeEvent.objects.filter(programme=programme, active=True).order_by("order"))


def event_window(*, event: OutcomeEvent, anchor_date: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(opens, due, closes) for an event given its anchor date."""
    due = anchor_date + dt.timedelta(days=event.offset_days)
    return due - dt.timedelta(days=event.window_before_days), due, due + dt.timedelta(days=event.window_after_days)

"""Display helpers for group pages and texts (Europe/London, NHS date style)."""

from __future__ import annotations

from typing import Any

from rose.core import presenters
from rose.groups.scheduling import LONDON


def session_when(session: Any) -> str:
    """`Tuesday 4 March 2027 at 2pm` in Europe/London."""
    local = session.starts_at.astimezone(LONDON)
    return f"{presenters.weekday_date(local.date())} {local.year} at {presenters.time(local.time())}"


def percent(part: int, whole: int) -> str:
    if not whole:
        return "Not calculable (none yet)"
    return f"{round(100 * part / whole)}%"

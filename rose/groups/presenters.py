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


# --- State rules for templates (issue #18): what a page offers follows each status. ---

def enrolment_actions(enrolment: Any) -> frozenset[str]:
    """From ENROLMENT_TRANSITIONS: "respond" (record the patient's answer) while the place can still
    be declined, i.e. it is an open offer; "withdraw" while the place can still be withdrawn."""
    from rose.groups.models import ENROLMENT_TRANSITIONS, EnrolmentStatus

    onward = ENROLMENT_TRANSITIONS.get(enrolment.status, ())
    actions: set[str] = set()
    if EnrolmentStatus.DECLINED in onward:
        actions.add("respond")
    if EnrolmentStatus.WITHDRAWN in onward:
        actions.add("withdraw")
    return frozenset(actions)


def enrolment_is_withdrawn(enrolment: Any) -> bool:
    from rose.groups.models import EnrolmentStatus

    return enrolment.status == EnrolmentStatus.WITHDRAWN


def cohort_can_change(cohort: Any) -> bool:
    """A planned cohort can be moved to new dates or cancelled; a cancelled one is finished."""
    from rose.groups.models import CohortStatus

    return cohort.status == CohortStatus.PLANNED


def cohort_is_cancelled(cohort: Any) -> bool:
    from rose.groups.models import CohortStatus

    return cohort.status == CohortStatus.CANCELLED


def session_can_change(session: Any) -> bool:
    """Only a scheduled session can be moved or cancelled (services.session_move refuses others)."""
    from rose.groups.models import SessionStatus

    return session.status == SessionStatus.SCHEDULED


JINJA_GLOBALS = {"enrolment_actions": enrolment_actions, "enrolment_is_withdrawn": enrolment_is_withdrawn,
                 "cohort_can_change": cohort_can_change, "cohort_is_cancelled": cohort_is_cancelled,
                 "session_can_change": session_can_change}

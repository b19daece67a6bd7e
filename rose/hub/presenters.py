"""State rules for hub pages (issue #18): what a page offers follows the state machine's table."""

from __future__ import annotations

from typing import Any

from rose.hub.models import ASSIGNMENT_TRANSITIONS, AssignmentStatus


def assignment_can_complete(assignment: Any) -> bool:
    """The patient can still mark a learning page as read to the end (completed)."""
    return AssignmentStatus.COMPLETED in ASSIGNMENT_TRANSITIONS.get(assignment.status, ())


JINJA_GLOBALS = {"assignment_can_complete": assignment_can_complete}

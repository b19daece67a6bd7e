"""Writes for outcome data: instruments, schedules, invitations, answers, scores, alerts and doses.

One module per concept; this package re-exports their public names, the interface other apps and the
views use (docs/app-interfaces.md):

- `instruments`: load and find questionnaire definitions;
- `events`: the default schedule and each event's window;
- `anchors`: the dates events are anchored on (one patient, or a batch);
- `transitions`: the invitation state machine;
- `invitations`: create, text, remind, expire and cancel invitations;
- `schedule`: the periodic job that works out which invitations are due;
- `answers`: answers, scores and alerts;
- `doses`: OME at each event and its change.

Patch a name where it is looked up (e.g. `rose.outcomes.services.invitations._message_schedule`), not here.
"""

from rose.outcomes.services.anchors import ANCHOR_PROVIDERS, LIVE_PLAN_STATUSES
from rose.outcomes.services.answers import (
    CRISIS_SIGNPOSTING,
    answer_values,
    answers_save,
    clean_answers,
    response_complete,
    response_score,
)
from rose.outcomes.services.doses import dose_change, dose_snapshot_from_plan, dose_snapshot_record
from rose.outcomes.services.events import DEFAULT_EVENTS, event_window, schedule_ensure_defaults
from rose.outcomes.services.instruments import instrument_load, instruments_current, instruments_sync_builtin
from rose.outcomes.services.invitations import (
    INVITE_TEXT,
    LINK_PURPOSE,
    LINK_VALID_FOR,
    REMINDER_DAYS,
    REMINDER_TEXT,
    invitation_cancel,
    invitation_create,
    invitation_link_text,
    invitations_expire,
    patient_status_changed,
    portal_url_for,
    reminders_send,
)
from rose.outcomes.services.schedule import invitations_due_many, invitations_schedule_due
from rose.outcomes.services.transitions import TRANSITIONS

__all__ = [
    "ANCHOR_PROVIDERS",
    "CRISIS_SIGNPOSTING",
    "DEFAULT_EVENTS",
    "INVITE_TEXT",
    "LINK_PURPOSE",
    "LINK_VALID_FOR",
    "LIVE_PLAN_STATUSES",
    "REMINDER_DAYS",
    "REMINDER_TEXT",
    "TRANSITIONS",
    "answer_values",
    "answers_save",
    "clean_answers",
    "dose_change",
    "dose_snapshot_from_plan",
    "dose_snapshot_record",
    "event_window",
    "instrument_load",
    "instruments_current",
    "instruments_sync_builtin",
    "invitation_cancel",
    "invitation_create",
    "invitation_link_text",
    "invitations_due_many",
    "invitations_expire",
    "invitations_schedule_due",
    "patient_status_changed",
    "portal_url_for",
    "reminders_send",
    "response_complete",
    "response_score",
    "schedule_ensure_defaults",
]

"""Writes for the group programme. Each one validates, saves in a transaction and is audited.

One module per concept; this package re-exports their public names for the views, other apps and the
periodic jobs:

- `courses`: course templates;
- `cohorts`: cohorts (create, change, move or cancel before they start);
- `sessions`: sessions (move, cancel), registers and reminders;
- `enrolments`: places, offers and their replies, lapses, the waitlist;
- `calendar_feeds`: facilitators' calendar feeds.

Patch a name where it is looked up (e.g. `rose.groups.services.enrolments._offer_expire`), not here.
"""

from rose.groups.services.calendar_feeds import calendar_feed_create, calendar_feed_revoke, token_hash
from rose.groups.services.cohorts import (
    COHORT_FIELDS,
    cohort_cancel,
    cohort_create,
    cohort_reschedule,
    cohort_update,
)
from rose.groups.services.courses import (
    DEFAULT_COURSE_NAME,
    DEFAULT_TOPICS,
    course_default_for_programme,
    course_save,
)
from rose.groups.services.enrolments import (
    NO_WORDS,
    YES_WORDS,
    cohort_fill_from_waitlist,
    enrolment_accept,
    enrolment_decline,
    enrolment_offer,
    enrolment_withdraw,
    handle_offer_reply,
    offer_reply_by,
    offers_expire,
    waitlist_promote_all,
)
from rose.groups.services.sessions import (
    attended_count,
    register_record,
    reminders_queue_due,
    session_cancel,
    session_move,
)

__all__ = [
    "COHORT_FIELDS",
    "DEFAULT_COURSE_NAME",
    "DEFAULT_TOPICS",
    "NO_WORDS",
    "YES_WORDS",
    "attended_count",
    "calendar_feed_create",
    "calendar_feed_revoke",
    "cohort_cancel",
    "cohort_create",
    "cohort_fill_from_waitlist",
    "cohort_reschedule",
    "cohort_update",
    "course_default_for_programme",
    "course_save",
    "enrolment_accept",
    "enrolment_decline",
    "enrolment_offer",
    "enrolment_withdraw",
    "handle_offer_reply",
    "offer_reply_by",
    "offers_expire",
    "register_record",
    "reminders_queue_due",
    "session_cancel",
    "session_move",
    "token_hash",
    "waitlist_promote_all",
]

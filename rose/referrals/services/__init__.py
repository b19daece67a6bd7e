"""Writes for referrals and the waitlist. Each function is transactional and audited; emails go
out after commit. Status changes only follow `TRANSITIONS` and each writes an immutable row.

One module per concept; this package re-exports their public names, the interface the views, the
demo and other apps use (docs/app-interfaces.md):

- `eligibility`: the checklist and the referral's OME;
- `drafts`: drafts, submission (reference, band, flags) and FHIR intake;
- `triage`: status changes, questions and answers, acceptance;
- `waitlist`: the programme waitlist (a contract for groups and plans);
- `notifications`: emails to the referrer;
- `api_tokens`: organisations' API tokens.
"""

from rose.referrals.services.api_tokens import api_token_create, api_token_revoke, api_token_touch, token_hash
from rose.referrals.services.drafts import (
    referral_draft_create,
    referral_draft_update,
    referral_intake,
    referral_missing,
    referral_submit,
)
from rose.referrals.services.eligibility import (
    eligibility_criteria,
    eligibility_problems,
    engine_regimen,
    referral_ome,
)
from rose.referrals.services.triage import referral_accept, referral_answer, referral_set_status
from rose.referrals.services.waitlist import (
    WAITLIST_TRANSITIONS,
    waitlist_set_pathway,
    waitlist_set_status,
)

__all__ = [
    "WAITLIST_TRANSITIONS",
    "api_token_create",
    "api_token_revoke",
    "api_token_touch",
    "eligibility_criteria",
    "eligibility_problems",
    "engine_regimen",
    "referral_accept",
    "referral_answer",
    "referral_draft_create",
    "referral_draft_update",
    "referral_intake",
    "referral_missing",
    "referral_ome",
    "referral_set_status",
    "referral_submit",
    "token_hash",
    "waitlist_set_pathway",
    "waitlist_set_status",
]

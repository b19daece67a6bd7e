"""Header navigation by role: each person sees links only to what they may use."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# (url name, label, permission) in display order.
NAVIGATION = [
    ("patients:list", "Patients", "patients.view_patient"),
    ("messaging:worklist", "Worklist", "patients.view_task"),
    ("patients:tasks", "Tasks", "patients.view_task"),
    ("referrals:queue", "Referrals", "referrals.triage"),
    ("referrals:mine", "My referrals", "referrals.create_referral"),
    ("plans:clinics", "Clinics", "plans.view_clinic"),
    ("groups:cohort_list", "Groups", "groups.view_cohort"),
    ("messaging:inbox", "Inbox", "messaging.view_inbox"),
    ("outcomes:dashboard", "Outcomes", "outcomes.view_dashboard"),
    ("accounts:admin_home", "Admin", "accounts.manage_users"),
]


@functools.lru_cache(maxsize=64)
def _href(name: str, prefix: str, urlconf: Any) -> str | None:
    """A navigation link's address: the same on every page, so reversed once per process."""
    try:
        return reverse(name)
    except NoReverseMatch:  # an app not installed in this deployment
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    items = []
    for name, label, perm in NAVIGATION:
        if not user.has_perm(perm):
            continue
        href = _href(name, prefix, urlconf)
        if href is not None:
            items.append({"href": href, "text": label})
    return {"nav_items": items}

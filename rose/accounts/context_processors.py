"""Header navigation by role: each person sees links only to what they may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

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


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for name, label, perm in NAVIGATION:
        if not user.has_perm(perm):
            continue
        try:
            items.append({"href": reverse(name), "text": label})
        except NoReverseMatch:  # an app not installed in this deployment
            continue
    return {"nav_items": items}

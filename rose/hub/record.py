"""The patient record as the team's hub: panels added to the patient page through
rose.patients.hooks.patient_panel (registered in HubConfig.ready, first on the page).

Each panel runs a fixed number of queries, whatever the patient's history, and is shown only to a
role that may open what it links to. The plan, group course, questionnaires and learning have
their own panels (plans, groups, outcomes, hub)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils import timezone

if TYPE_CHECKING:
    from rose.patients.models import Patient

RECENT = 5


def referral_panel(*, request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """The clinical content of the latest referral: opioids, OME with its source, risk flags and
    co-prescribed sedatives. One query, shared with the plan panel."""
    from rose.plans.presenters import referral_safety, regimen_lines
    from rose.plans.views.panel import patient_referral

    if not request.user.has_perm("patients.view_patient") or not request.user.has_perm("plans.view_plan"):
        return None
    referral = patient_referral(request=request, patient=patient)
    if referral is None:
        return {"title": "Referral", "template": "hub/record/_referral.jinja", "referral": None}
    return {"title": "Referral", "template": "hub/record/_referral.jinja", "referral": referral,
            "opioids": regimen_lines(referral.regimen, None), "safety": referral_safety(referral),
            "can_open": request.user.has_perm("referrals.triage")}


def appointments_panel(*, request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """Upcoming and past one-to-one appointments (group sessions are in the group course panel).
    Two queries."""
    from rose.plans.selectors import bookings_for_patient

    if not request.user.has_perm("plans.view_clinic"):
        return None
    now = timezone.now()
    # Only the columns the panel shows (the booking's, its slot's time and mode, the clinician's name):
    # the full rows of booking, slot and clinician are about 40 columns to build and read.
    bookings = bookings_for_patient(patient=patient).only(
        "id", "patient_id", "status", "slot__starts_at", "slot__mode", "slot__clinician__first_name",
        "slot__clinician__last_name")
    upcoming = list(bookings.filter(slot__starts_at__gte=now).order_by("slot__starts_at")[:RECENT])
    past = list(bookings.filter(slot__starts_at__lt=now)[:RECENT])
    return {"title": "One-to-one appointments", "template": "hub/record/_appointments.jinja",
            "upcoming": upcoming, "past": past, "can_record": request.user.has_perm("plans.record_outcome")}


def texts_panel(*, request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """The latest texts both ways. Two queries."""
    from rose.messaging.selectors import conversation_thread

    if not request.user.has_perm("messaging.view_inbox"):
        return None
    thread = conversation_thread(patient=patient, limit=RECENT)[-RECENT:]
    return {"title": "Recent texts", "template": "hub/record/_texts.jinja", "thread": list(reversed(thread))}


def actions_panel(*, request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """What the team can do next from the record, each shown only to a role that may do it."""
    user = request.user
    actions: list[tuple[str, str, dict[str, Any], str]] = []  # label, url name, url kwargs, query
    if user.has_perm("plans.book_slot"):
        # A patient waiting for a clinic is kept chosen while a free slot is picked (one query).
        from rose.plans.selectors import waiting_for_clinic

        entry = waiting_for_clinic(user=user).filter(  # type: ignore[arg-type]  # staff-only page
            patient=patient).values_list("pk", flat=True).first()
        actions.append(("Book a clinic appointment", "plans:clinics", {}, f"?for={entry}" if entry else ""))
    if user.has_perm("groups.manage_cohort"):
        actions.append(("Offer a group place", "groups:cohort_list", {}, ""))
    if user.has_perm("messaging.reply"):
        actions.append(("Send a text", "messaging:conversation", {"patient_id": patient.pk}, ""))
    if user.has_perm("hub.assign_learning"):
        actions.append(("Choose pages for the patient to read", "hub:learning", {"patient_id": patient.pk}, ""))
    can_send_link = user.has_perm("hub.send_portal_link")
    if not actions and not can_send_link:
        return None
    return {"title": "Actions", "template": "hub/record/_actions.jinja", "actions": actions,
            "can_send_link": can_send_link}


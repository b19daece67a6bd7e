"""The patient portal: reached from a text link (rose.patients.access_links), mobile-first.

Every view starts from `portal_patient(request)`; everything shown is looked up through that
patient, so a guessed identifier of another patient's record is a 404. Each page opened writes
an audit row (action "portal"). Nothing here is staff-only information.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from rose.groups.calendars import sessions_ics
from rose.groups.selectors import upcoming_sessions_for_patient
from rose.hub import selectors, services
from rose.hub.forms import CallBackForm, ProgressForm
from rose.outcomes.selectors import due_questionnaires_for_patient
from rose.patients.access_links import portal_end, portal_patient
from rose.plans.presenters import patient_weeks
from rose.plans.selectors import current_plan_for_patient, plan_current_step, upcoming_appointments_for_patient


def portal_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No patient session: explain how to get in (never a staff sign-in page)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        patient = portal_patient(request)
        if patient is None:
            return render(request, "hub/portal/signed_out.jinja", {"page_title": "Open your link again"},
                          status=403)
        request.portal_patient = patient  # type: ignore[attr-defined]
        return never_cache(view)(request, *args, **kwargs)

    return wrapped


@portal_required
def portal_home(request: HttpRequest) -> HttpResponse:
    patient = request.portal_patient  # type: ignore[attr-defined]
    services.portal_view_record(patient=patient, request=request, page="home")
    assignments = list(selectors.assignments_for_patient(patient=patient))
    context = {
        "patient": patient,
        "programme": patient.programme,
        "plan": plan_summary(patient),
        "questionnaires": list(due_questionnaires_for_patient(patient=patient)),
        "sessions": upcoming_sessions_for_patient(patient=patient, limit=5),
        "appointments": upcoming_appointments_for_patient(patient=patient, limit=5),
        "assignments": assignments,
        "done": sum(1 for a in assignments if a.status == "completed"),
        "page_title": "Your ROSE page",
    }
    return render(request, "hub/portal/home.jinja", context)


def plan_summary(patient: Any) -> dict[str, Any] | None:
    """The current step and the next change, from the APPROVED plan only (the plans contract)."""
    plan = current_plan_for_patient(patient=patient)
    if plan is None:
        return None
    current, upcoming = plan_current_step(plan=plan, on=timezone.localdate())
    paused = plan.status == "paused"
    return {
        "paused": paused,
        "current": patient_weeks([current])[0] if current else None,
        # While paused nothing changes until the team has talked to the patient.
        "next": patient_weeks([upcoming])[0] if upcoming and not paused else None,
    }


@require_POST
@portal_required
def portal_progress(request: HttpRequest, assignment_id: str) -> HttpResponse:
    patient = request.portal_patient  # type: ignore[attr-defined]
    assignment = selectors.assignment_get_for_patient(patient=patient, assignment_id=assignment_id)
    form = ProgressForm(request.POST)
    if form.is_valid():
        services.assignment_record_progress(assignment=assignment, status=form.cleaned_data["status"],
                                            request=request)
        messages.success(request, f"Saved: {assignment.page.title}")
    else:
        messages.info(request, "We could not save that. Try again.")
    return redirect("hub:portal_home")


@portal_required
def portal_session_calendar(request: HttpRequest, session_id: str) -> HttpResponse:
    """A calendar file for one of the patient's own upcoming group sessions."""
    patient = request.portal_patient  # type: ignore[attr-defined]
    sessions = upcoming_sessions_for_patient(patient=patient, limit=50)
    session = next((s for s in sessions if str(s.pk) == str(session_id)), None)
    if session is None:
        raise Http404("No such session")
    services.portal_view_record(patient=patient, request=request, page="session_calendar", obj=session)
    response = HttpResponse(sessions_ics([session], name="ROSE group session"),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rose-session.ics"'
    return response


@portal_required
def portal_appointment_calendar(request: HttpRequest, booking_id: str) -> HttpResponse:
    """A calendar file for one of the patient's own upcoming one-to-one appointments."""
    patient = request.portal_patient  # type: ignore[attr-defined]
    booking = next((b for b in upcoming_appointments_for_patient(patient=patient, limit=50)
                    if str(b.pk) == str(booking_id)), None)
    if booking is None:
        raise Http404("No such appointment")
    services.portal_view_record(patient=patient, request=request, page="appointment_calendar", obj=booking)
    slot = booking.slot
    calendar = Calendar()
    calendar.add("prodid", "-//ROSE//Patient portal//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{booking.pk}@rose")
    event.add("summary", f"ROSE appointment ({slot.get_mode_display().lower()})")
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.starts_at + dt.timedelta(minutes=slot.duration_minutes))
    event.add("dtstamp", timezone.now())
    if slot.location:
        event.add("location", slot.location)
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rose-appointment.ics"'
    return response


@portal_required
def portal_call_back(request: HttpRequest) -> HttpResponse:
    patient = request.portal_patient  # type: ignore[attr-defined]
    form = CallBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.call_back_request(patient=patient, reason=form.cleaned_data["reason"],
                                   best_time=form.cleaned_data["best_time"], request=request)
        return render(request, "hub/portal/call_back_done.jinja",
                      {"programme": patient.programme, "page_title": "We will call you back"})
    services.portal_view_record(patient=patient, request=request, page="call_back")
    return render(request, "hub/portal/call_back.jinja", {"form": form, "programme": patient.programme,
                                                           "page_title": "Ask for a call back"})


@require_POST
def portal_sign_out(request: HttpRequest) -> HttpResponse:
    portal_end(request)
    return render(request, "hub/portal/signed_out.jinja", {"page_title": "You have left your ROSE page",
                                                           "signed_out": True})

"""Reads for the hub and the portal. Patient data is always reached through a patient that
was itself looked up in scope (staff: the user's programme; portal: the link's patient)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.models import Page

from rose.hub.models import ArticlePage, AssignmentStatus, LearningAssignment

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.patients.models import Patient


def assignable_pages() -> QuerySet[ArticlePage]:
    """Live, public patient pages the team may assign, course sessions first."""
    return (ArticlePage.objects.live().public().filter(audience="patients")
            .select_related("coursesessionpage").order_by("coursesessionpage__session_number", "title"))


def assignable_page_get(*, page_id: int | str) -> ArticlePage:
    try:
        return assignable_pages().get(pk=int(page_id))
    except (ArticlePage.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such page") from exc


def assignments_for_patient(*, patient: Patient) -> QuerySet[LearningAssignment]:
    """The patient's current assignments (not withdrawn), oldest first, with their page."""
    return (LearningAssignment.objects.filter(patient_id=patient.pk, programme_id=patient.programme_id)
            .exclude(status=AssignmentStatus.WITHDRAWN).select_related("page").order_by("created_at"))


def assignment_get_for_patient(*, patient: Patient, assignment_id: uuid.UUID | str) -> LearningAssignment:
    """One of this patient's assignments; anybody else's (or a guessed id) is 404."""
    try:
        return assignments_for_patient(patient=patient).get(pk=assignment_id)
    except (LearningAssignment.DoesNotExist, ValueError) as exc:
        raise Http404("No such assignment") from exc


def assignment_get_any_for_patient(*, patient: Patient, assignment_id: uuid.UUID | str) -> LearningAssignment:
    """Like assignment_get_for_patient, including withdrawn assignments (for the team)."""
    try:
        return (LearningAssignment.objects.filter(patient_id=patient.pk, programme_id=patient.programme_id)
                .select_related("page").get(pk=assignment_id))
    except (LearningAssignment.DoesNotExist, ValueError) as exc:
        raise Http404("No such assignment") from exc


def assignment_any_for_patient(*, patient: Patient, page_id: int) -> LearningAssignment | None:
    return LearningAssignment.objects.filter(patient_id=patient.pk, page_id=page_id).first()


def pages_needing_review(*, today: dt.date) -> QuerySet[ArticlePage]:
    """Every article (draft or live) whose review is overdue, has no date, or is still demo content."""
    return (ArticlePage.objects.filter(Q(next_review_due__lt=today) | Q(next_review_due__isnull=True)
                                       | Q(needs_clinical_review=True))
            .order_by("next_review_due", "title"))


def hub_search(*, query: str) -> Any:
    return Page.objects.live().public().type(ArticlePage).specific().search(query, operator="and")


# ---------------------------------------------------------------- the team's caseload

CASELOAD_VIEWS = {
    "mine": "My patients",
    "plans": "Plans in progress",
    "awaiting": "Awaiting a clinic appointment",
}


def caseload(*, user: User, show: str) -> QuerySet[Patient]:
    """Patients of the user's programme, one list at a time, oldest first, with no per-row queries:
    mine (a one-to-one appointment with me, or a plan I wrote), plans in progress (active or
    paused), awaiting a clinic (waiting on the waitlist with no appointment booked from now on)."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from rose.patients.selectors import patients_for_user
    from rose.plans.models import Booking, BookingStatus, Plan, PlanStatus
    from rose.referrals.models import WaitlistEntry

    base = patients_for_user(user=user).filter(status="active").select_related("gp_practice")
    if show == "mine":
        seen_by_me = Booking.objects.filter(patient=OuterRef("pk"), slot__clinician=user)
        written_by_me = Plan.objects.filter(patient=OuterRef("pk"), created_by=user)
        return base.filter(Exists(seen_by_me) | Exists(written_by_me)).order_by("family_name", "given_name", "id")
    if show == "plans":
        in_progress = Plan.objects.filter(patient=OuterRef("pk"), status__in=[PlanStatus.ACTIVE, PlanStatus.PAUSED])
        return base.filter(Exists(in_progress)).order_by("family_name", "given_name", "id")
    if show == "awaiting":
        waiting = WaitlistEntry.objects.filter(patient=OuterRef("pk"), status="waiting")
        booked = Booking.objects.filter(patient=OuterRef("pk"), status=BookingStatus.BOOKED,
                                        slot__starts_at__gte=timezone.now())
        return base.filter(Exists(waiting), ~Exists(booked)).order_by("created_at", "id")
    return base.none()

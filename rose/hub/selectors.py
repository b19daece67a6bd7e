"""Reads for the hub and the portal. Patient data is always reached through a patient that
was itself looked up in scope (staff: the user's programme; portal: the link's patient)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.models import Page

from rose.hub.models import ArticlePage, AssignmentStatus, LearningAssignment


def assignable_pages() -> QuerySet[ArticlePage]:
    """Live, public patient pages the team may assign, course sessions first."""
    return (ArticlePage.objects.live().public().filter(audience="patients")
            .select_related("coursesessionpage").order_by("coursesessionpage__session_number", "title"))


def assignable_page_get(*, page_id: int | str) -> ArticlePage:
    try:
        return assignable_pages().get(pk=int(page_id))
    except (ArticlePage.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such page") from exc


def assignments_for_patient(*, patient: Any) -> QuerySet[LearningAssignment]:
    """The patient's current assignments (not withdrawn), oldest first, with their page."""
    return (LearningAssignment.objects.filter(patient_id=patient.pk, programme_id=patient.programme_id)
            .exclude(status=AssignmentStatus.WITHDRAWN).select_related("page").order_by("created_at"))


def assignment_get_for_patient(*, patient: Any, assignment_id: uuid.UUID | str) -> LearningAssignment:
    """One of this patient's assignments; anybody else's (or a guessed id) is 404."""
    try:
        return assignments_for_patient(patient=patient).get(pk=assignment_id)
    except (LearningAssignment.DoesNotExist, ValueError) as exc:
        raise Http404("No such assignment") from exc


def assignment_get_any_for_patient(*, patient: Any, assignment_id: uuid.UUID | str) -> LearningAssignment:
    """Like assignment_get_for_patient, including withdrawn assignments (for the team)."""
    try:
        return (LearningAssignment.objects.filter(patient_id=patient.pk, programme_id=patient.programme_id)
                .select_related("page").get(pk=assignment_id))
    except (LearningAssignment.DoesNotExist, ValueError) as exc:
        raise Http404("No such assignment") from exc


def assignment_any_for_patient(*, patient: Any, page_id: int) -> LearningAssignment | None:
    return LearningAssignment.objects.filter(patient_id=patient.pk, page_id=page_id).first()


def pages_needing_review(*, today: dt.date) -> QuerySet[ArticlePage]:
    """Every article (draft or live) whose review is overdue, has no date, or is still demo content."""
    return (ArticlePage.objects.filter(Q(next_review_due__lt=today) | Q(next_review_due__isnull=True)
                                       | Q(needs_clinical_review=True))
            .order_by("next_review_due", "title"))


def hub_search(*, query: str) -> Any:
    return Page.objects.live().public().type(ArticlePage).specific().search(query, operator="and")

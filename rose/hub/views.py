"""Staff pages (assign learning pages, overdue reviews) and the public hub search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_list, audit_view
from rose.core.pagination import BoundedPaginator
from rose.hub import selectors, services
from rose.hub.forms import AssignPageForm, HubSearchForm
from rose.patients.selectors import patient_get_for_user

if TYPE_CHECKING:
    from rose.patients.models import Patient


@shows_patient_data
@require_perm("hub.assign_learning")
def learning_for_patient(request: SignedInRequest, patient_id: str) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "learning"})
    assignments = list(selectors.assignments_for_patient(patient=patient))
    assigned_ids = {a.page_id for a in assignments}
    pages = [p for p in selectors.assignable_pages() if p.pk not in assigned_ids]
    form = AssignPageForm(request.POST or None, pages=pages)
    if request.method == "POST" and form.is_valid():
        page = selectors.assignable_page_get(page_id=form.cleaned_data["page"])
        try:
            services.assignment_create(patient=patient, page=page, actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error("page", exc)
        else:
            messages.success(request, f"Assigned: {page.title}")
            return redirect("hub:learning", patient_id=patient.pk)
    return render(request, "hub/staff/learning.jinja", {
        "patient": patient, "assignments": assignments, "form": form,
        "page_title": f"Learning pages for {patient.full_name}"})


@require_POST
@require_perm("hub.assign_learning")
def learning_withdraw(request: SignedInRequest, patient_id: str, assignment_id: str) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    assignment = selectors.assignment_get_any_for_patient(patient=patient, assignment_id=assignment_id)
    services.assignment_withdraw(assignment=assignment, actor=request.user, request=request)
    messages.success(request, f"Withdrawn: {assignment.page.title}")
    return redirect("hub:learning", patient_id=patient.pk)


def learning_panel(*, request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """The learning panel on the patient page (rose.patients.hooks.patient_panel)."""
    if not request.user.has_perm("hub.assign_learning"):
        return None
    # Only what the panel shows: each assignment's status and its page's title (not the whole page row).
    assignments = list(selectors.assignments_for_patient(patient=patient).only("id", "status", "page__title"))
    return {"title": "Learning pages", "template": "hub/staff/panel.jinja", "learning_assignments": assignments,
            "learning_patient": patient}


@require_perm("hub.view_review_report")
def review_report(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    pages = Paginator(selectors.pages_needing_review(today=today), 50).get_page(request.GET.get("page"))
    return render(request, "hub/staff/reviews.jinja", {"page_obj": pages, "today": today,
                                                       "page_title": "Hub pages due for clinical review"})


def hub_search(request: HttpRequest) -> HttpResponse:
    form = HubSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = list(selectors.hub_search(query=form.cleaned_data["q"].strip())[:30])
    return render(request, "hub/search.jinja", {"form": form, "results": results,
                                                "page_title": "Search the education hub"})


@shows_patient_data
@require_perm("patients.view_patient")
def caseload(request: SignedInRequest) -> HttpResponse:
    """The team's lists: my patients, plans in progress, awaiting a clinic appointment. 50 a page."""
    show = request.GET.get("show", "mine")
    if show not in selectors.CASELOAD_VIEWS:
        show = "mine"
    page = BoundedPaginator(selectors.caseload(user=request.user, show=show), 50).get_page(request.GET.get("page"))
    audit_list(request, patient_ids=[patient.pk for patient in page.object_list],
               detail={"page": "caseload", "show": show, "count": len(page.object_list)})
    tabs = [{"show": key, "label": label, "current": key == show} for key, label in selectors.CASELOAD_VIEWS.items()]
    return render(request, "hub/staff/caseload.jinja", {"page": page, "show": show, "tabs": tabs,
                                                         "page_title": selectors.CASELOAD_VIEWS[show]})


@require_POST
@require_perm("hub.send_portal_link")
def portal_link_send(request: SignedInRequest, patient_id: str) -> HttpResponse:
    """Text the patient a link to their own page, from the patient record (the text is audited by
    messaging and added to the patient's timeline)."""
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    refusal = services.portal_link_refusal(patient=patient)
    if refusal:
        messages.warning(request, refusal)
    elif services.portal_link_send(patient=patient, actor=request.user):
        messages.success(request, "A text with a link to their own page will be sent to the patient")
    else:
        messages.warning(request, "No link was sent: the patient has no mobile number, has not agreed to texts, "
                                  "or is not active. Give them the link another way, such as a letter.")
    return redirect("patients:detail", patient_id=patient.pk)


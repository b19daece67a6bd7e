"""Patient search, record, timeline and consent pages for the clinical team."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.accounts.selectors import practices_for_programme
from rose.audit.decorators import shows_patient_data
from rose.audit.models import AuditAction
from rose.audit.selectors import audit_events_for_patient
from rose.audit.services import audit_list, audit_view
from rose.core.forms import add_service_error, form_submit
from rose.patients import hooks, selectors, services
from rose.patients.forms import ConsentForm, PatientForm, PatientSearchForm, StatusForm, TaskDoneForm
from rose.patients.models import Patient, Task

PAGE_SIZE = 25
SEARCH_SESSION_KEY = "rose_patient_search"


@shows_patient_data
@require_perm("patients.view_patient")
def patient_list(request: SignedInRequest) -> HttpResponse:
    """Search is POSTed and kept in the session, so names and NHS numbers never appear in
    URLs or access logs; GET ?page=N pages through the last search."""
    if request.method == "POST":
        form = PatientSearchForm(request.POST)
        if form.is_valid():
            request.session[SEARCH_SESSION_KEY] = form.cleaned_data["q"]
            return redirect("patients:list")
    else:
        form = PatientSearchForm(initial={"q": request.session.get(SEARCH_SESSION_KEY, "")})
    query = request.session.get(SEARCH_SESSION_KEY, "") if request.method == "GET" else ""
    page = None
    if query:
        results = selectors.patient_search(user=request.user, query=query)
        page = Paginator(results.order_by("family_key", "given_key", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
        audit_list(request, action=AuditAction.SEARCH, patient_ids=[p.pk for p in page.object_list],
                   detail={"results": len(page.object_list), "page": page.number})
    return render(request, "patients/list.jinja",
                  {"form": form, "page": page, "query": query, "page_title": "Patients"})


@require_perm("patients.add_patient")
def patient_create(request: SignedInRequest) -> HttpResponse:
    form = PatientForm(request.POST if request.method == "POST" else None,
                       practices=practices_for_programme(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            patient = services.patient_create(actor=request.user, programme=request.user.programme,  # type: ignore[arg-type]
                                              request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{patient.full_name} added")
            return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "patients/form.jinja", {"form": form, "page_title": "Add a patient"})


@shows_patient_data
@require_perm("patients.view_patient")
def patient_detail(request: SignedInRequest, patient_id: str) -> HttpResponse:
    patient = selectors.patient_get_for_user(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient)
    context = {
        "patient": patient,
        "timeline": selectors.patient_timeline(patient=patient),
        "consents": selectors.patient_current_consents(patient=patient),
        "panels": patient_panels(request, patient),
        "page_title": patient.full_name,
    }
    return render(request, "patients/detail.jinja", context)


def patient_panels(request: SignedInRequest, patient: Patient) -> list[dict[str, object]]:
    """Panels other capabilities add to the patient page (plan in progress, groups, messages)."""
    return [panel for panel in hooks.patient_panel.collect(request=request, patient=patient) if panel]


@shows_patient_data
@require_perm("patients.change_patient")
def patient_edit(request: SignedInRequest, patient_id: str) -> HttpResponse:
    patient = selectors.patient_get_for_user(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "edit"})
    initial = {name: getattr(patient, name) for name in services.PATIENT_FIELDS}
    form = PatientForm(request.POST if request.method == "POST" else None, initial=initial,
                       practices=practices_for_programme(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_update(patient=patient, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Details saved")
            return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "patients/form.jinja", {"form": form, "patient": patient, "page_title": "Change details"})


@shows_patient_data
@require_perm("patients.change_patient")
def patient_status(request: SignedInRequest, patient_id: str) -> HttpResponse:
    """Discharge, readmit or record a death; future texts are cancelled by messaging's hook."""
    patient = selectors.patient_get_for_user(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "status"})
    form = StatusForm(request.POST if request.method == "POST" else None, initial={"status": patient.status})
    if request.method == "POST" and form.is_valid():
        services.patient_set_status(patient=patient, status=form.cleaned_data["status"], actor=request.user,
                                    reason=form.cleaned_data["reason"], request=request)
        messages.success(request, "Status changed")
        return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "patients/status.jinja", {"form": form, "patient": patient, "page_title": "Change status"})


@shows_patient_data
@require_perm("patients.record_consent")
def consent_add(request: SignedInRequest, patient_id: str) -> HttpResponse:
    patient = selectors.patient_get_for_user(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "consent"})
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.consent_record(patient=patient, kind=form.cleaned_data["kind"], given=form.cleaned_data["given"],
                                source="staff", actor=request.user, note=form.cleaned_data["note"])
        messages.success(request, "Consent recorded")
        return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "patients/consent.jinja", {"form": form, "patient": patient, "page_title": "Record consent"})


@shows_patient_data
@require_perm("patients.view_task")
def task_list(request: SignedInRequest) -> HttpResponse:
    tasks = Paginator(selectors.open_tasks_for_user(user=request.user), 50).get_page(request.GET.get("page"))
    audit_list(request, patient_ids=[task.patient_id for task in tasks.object_list],
               detail={"page": "tasks", "count": len(tasks.object_list)})
    return render(request, "patients/tasks.jinja", {"page": tasks, "page_title": "Tasks"})


@shows_patient_data
@require_perm("patients.complete_task")
def task_complete(request: SignedInRequest, task_id: str) -> HttpResponse:
    """Close a task. A routine task closes with one click from the lists (an empty note); an urgent
    one needs what was done, asked for on this page and kept on the patient's timeline."""
    task = selectors.task_get_for_user(user=request.user, task_id=task_id)
    audit_view(request, obj=task, patient=task.patient, detail={"page": "task_complete"})
    back = _task_back_url(request)
    if task.status == Task.Status.DONE:
        messages.info(request, "This task has already been closed")
        return redirect(back)
    form = TaskDoneForm(request.POST if request.method == "POST" else None,
                        urgent=task.priority == Task.Priority.URGENT)
    done, _ = form_submit(request, form, lambda: services.task_complete(
        task=task, actor=request.user, request=request, outcome=form.cleaned_data["outcome"]))
    if done:
        messages.success(request, "Task marked as done")
        return redirect(back)
    return render(request, "patients/task_done.jinja", {
        "task": task, "patient": task.patient, "form": form, "back": back,
        "back_key": "worklist" if back != reverse("patients:tasks") else "tasks",
        "from_text": task.kind == "red_flag_text", "page_title": "Close a task"},
        status=400 if request.method == "POST" else 200)


def _task_back_url(request: SignedInRequest) -> str:
    """Back to the list the task was opened from: the worklist or the task list (never a free URL)."""
    if (request.POST.get("back") or request.GET.get("back")) == "worklist":
        try:
            return reverse("messaging:worklist")
        except NoReverseMatch:  # messaging not installed in this deployment
            pass
    return reverse("patients:tasks")


@shows_patient_data
@require_perm("patients.view_patient_audit")
def patient_access_log(request: SignedInRequest, patient_id: str) -> HttpResponse:
    """Who looked at this patient: answers a trust's subject access and audit questions."""
    patient = selectors.patient_get_for_user(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "access_log"})
    events = audit_events_for_patient(patient_id=patient.pk, programme_id=patient.programme_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "patients/access_log.jinja", {"patient": patient, "page": page,
                                                         "page_title": f"Who looked at {patient.full_name}"})

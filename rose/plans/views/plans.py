"""Plan authoring, approval, the plan page and its actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.audit.decorators import shows_patient_data
from rose.audit.models import AuditAction
from rose.audit.services import audit_log, audit_view
from rose.core.forms import add_service_error
from rose.plans import presenters, selectors, services
from rose.plans.forms.plan import ApproveForm, DoseForm, HoldForm, PlanForm, ReasonForm, SlowDownForm, StepForm
from rose.plans.models import Plan, PlanStatus
from rose.plans.services import PlanChangeError

if TYPE_CHECKING:
    from rose.accounts.models import User


@shows_patient_data
@require_perm("plans.author_plan")
def plan_create(request: SignedInRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(user=request.user, consultation_id=consultation_id)
    patient = consultation.patient
    audit_view(request, obj=consultation, patient=patient, detail={"page": "plan_create"})
    form = PlanForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        taper = services.taper_request(regimen=consultation.regimen, start_date=form.cleaned_data["start_date"],
                                       strategy=form.strategy_dict(), use_strengths=form.cleaned_data["use_strengths"])
        try:
            if request.POST.get("action") == "save":
                plan = services.plan_create(patient=patient, actor=request.user, request=taper,
                                            consultation=consultation)
                messages.success(request, "Draft plan saved. It is not for use until a prescriber approves it")
                return redirect("plans:plan", plan_id=plan.pk)
            answer = services.plan_preview(programme=patient.programme, request=taper)
            preview = {"answer": answer, "rows": presenters.step_rows(answer["steps"])}
        except ValidationError as exc:
            add_service_error(form, exc)
    return render(request, "plans/plan_form.jinja", {"form": form, "consultation": consultation, "patient": patient,
                                                     "preview": preview, "page_title": "Draft a reduction plan"})


def _version_number(request: SignedInRequest) -> int | None:
    raw = request.GET.get("version", "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6:
        raise Http404("No such version")
    return int(raw)


@shows_patient_data
@require_perm("plans.view_plan")
def plan_detail(request: SignedInRequest, plan_id: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    version = selectors.plan_version(plan=plan, number=_version_number(request))
    audit_view(request, obj=plan, patient=plan.patient, detail={"version": version.number})
    current, upcoming = selectors.plan_current_step(plan=plan, on=timezone.localdate())
    approved = plan.approved_version
    context = {
        "plan": plan, "patient": plan.patient, "version": version, "rows": presenters.step_rows(version.steps),
        "versions": selectors.plan_versions(plan=plan), "history": selectors.plan_status_history(plan=plan),
        "documents": selectors.plan_documents(version=version) if hasattr(version, "approval") else [],
        "current": current, "upcoming": upcoming,
        "current_end": presenters.parse_date(current["end_date"]) if current else None,
        "next_start": presenters.parse_date(upcoming["start_date"]) if upcoming else None,
        "is_draft": not hasattr(version, "approval"),
        "chart": presenters.chart(approved.steps, selectors.actual_doses(plan=plan)) if approved else None,
        "reviews": presenters.review_text(version.steps), "page_title": "Reduction plan",
    }
    return render(request, "plans/plan.jinja", context)


def _change_error(form: BaseForm, exc: ValidationError) -> None:
    if isinstance(exc, PlanChangeError):
        for message in exc.refused:
            form.add_error(None, message)
        for message in exc.override:
            form.add_error("override", message)
    else:
        add_service_error(form, exc)


@shows_patient_data
@require_perm("plans.author_plan")
def plan_step(request: SignedInRequest, plan_id: str, number: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    version = plan.latest
    if not 1 <= number <= len(version.steps):
        raise Http404("No such step")
    step = version.steps[number - 1]
    audit_view(request, obj=plan, patient=plan.patient, detail={"page": "step", "step": number})
    initial = {"start_date": step["start_date"], "end_date": step["end_date"], "based_on": version.number,
               **{f"units_{i}": adm["units"] for i, adm in enumerate(step["administrations"])}}
    initial.update(start_date=presenters.parse_date(step["start_date"]),
                   end_date=presenters.parse_date(step["end_date"]))
    form = StepForm(request.POST or None, initial=initial, administrations=step["administrations"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_step_adjust(plan=plan, actor=request.user, step_number=number,
                                      start_date=data["start_date"], end_date=data["end_date"], units=data["units"],
                                      reason=data["reason"], override=data["override"],
                                      override_reason=data["override_reason"], based_on=data["based_on"])
        except ValidationError as exc:
            _change_error(form, exc)
        else:
            messages.success(request, f"Step {number} changed: a new draft version was saved")
            return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/step_form.jinja", {"form": form, "plan": plan, "patient": plan.patient,
                                                     "step": presenters.step_rows([step])[0], "version": version,
                                                     "page_title": f"Change step {number}"})


@shows_patient_data
@require_perm("plans.author_plan")
def plan_hold(request: SignedInRequest, plan_id: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    version = plan.latest
    audit_view(request, obj=plan, patient=plan.patient, detail={"page": "hold"})
    form = HoldForm(request.POST or None, step_count=len(version.steps), initial={"based_on": version.number})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_hold_insert(plan=plan, actor=request.user, after_step=int(data["after_step"]),
                                      days=data["days"], reason=data["reason"], based_on=data["based_on"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Hold added: a new draft version was saved")
            return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/hold_form.jinja", {"form": form, "plan": plan, "patient": plan.patient,
                                                     "version": version, "page_title": "Add a hold"})


@shows_patient_data
@require_perm("plans.author_plan")
def plan_slow_down(request: SignedInRequest, plan_id: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    audit_view(request, obj=plan, patient=plan.patient, detail={"page": "slow_down"})
    form = SlowDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_slow_down(plan=plan, actor=request.user, on=timezone.localdate(), percent=data["percent"],
                                    interval_days=data["interval_days"], reason=data["reason"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Remaining steps recalculated: a new draft version was saved")
            return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/slow_form.jinja", {"form": form, "plan": plan, "patient": plan.patient,
                                                     "page_title": "Slow down the plan"})


def _diff_numbers(request: SignedInRequest, latest: int) -> tuple[int, int]:
    def number(key: str, default: int) -> int:
        raw = request.GET.get(key, "")
        return int(raw) if raw.isdigit() and len(raw) <= 6 else default

    return number("a", max(latest - 1, 1)), number("b", latest)


@shows_patient_data
@require_perm("plans.view_plan")
def plan_diff(request: SignedInRequest, plan_id: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    first, second = _diff_numbers(request, plan.latest.number)
    old, new = selectors.plan_version(plan=plan, number=first), selectors.plan_version(plan=plan, number=second)
    audit_view(request, obj=plan, patient=plan.patient, detail={"page": "diff", "a": first, "b": second})
    rows = [{**row, "before": presenters.step_rows([row["before"]])[0] if row["before"] else None,
             "after": presenters.step_rows([row["after"]])[0] if row["after"] else None}
            for row in presenters.diff_rows(old.steps, new.steps)]
    return render(request, "plans/diff.jinja", {"plan": plan, "patient": plan.patient, "old": old, "new": new,
                                                "rows": rows, "versions": selectors.plan_versions(plan=plan),
                                                "page_title": "Compare plan versions"})


@shows_patient_data
@require_perm("plans.approve_plan")
def plan_approve(request: SignedInRequest, plan_id: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    version = plan.latest
    audit_view(request, obj=plan, patient=plan.patient, detail={"page": "approve", "version": version.number})
    form = ApproveForm(request.POST or None, initial={"version": version.number})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_approve(plan=plan, actor=request.user, version_number=form.cleaned_data["version"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Version {version.number} approved. The documents are being made")
            return redirect("plans:plan", plan_id=plan.pk)
    safety = presenters.referral_safety(selectors.referral_for_patient(patient=plan.patient))
    return render(request, "plans/approve.jinja", {"form": form, "plan": plan, "patient": plan.patient,
                                                   "version": version, "rows": presenters.step_rows(version.steps),
                                                   "safety": safety, "page_title": "Approve the plan"})


class _StatusChange(Protocol):
    def __call__(self, *, plan: Plan, actor: User, reason: str) -> Plan: ...


ACTIONS: dict[str, tuple[str, _StatusChange]] = {
    "pause": ("Pause the plan", services.plan_pause), "resume": ("Resume the plan", services.plan_resume),
    "stop": ("Stop the plan", services.plan_stop)}


@shows_patient_data
@require_perm("plans.manage_plan")
def plan_status(request: SignedInRequest, plan_id: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action")
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    title, service = ACTIONS[action]
    audit_view(request, obj=plan, patient=plan.patient, detail={"page": action})
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(plan=plan, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Plan {PlanStatus(plan.status).label.lower()}")
            return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/status_form.jinja", {"form": form, "plan": plan, "patient": plan.patient,
                                                       "title": title, "page_title": title})


@shows_patient_data
@require_perm("plans.record_dose")
def dose_add(request: SignedInRequest, plan_id: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id)
    audit_view(request, obj=plan, patient=plan.patient, detail={"page": "dose"})
    form = DoseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dose_record(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Dose recorded")
            return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/dose_form.jinja", {"form": form, "plan": plan, "patient": plan.patient,
                                                     "page_title": "Record the dose taken"})


@shows_patient_data
@require_perm("plans.view_plan")
def document_download(request: SignedInRequest, document_id: str) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, document_id=document_id)
    patient = document.version.plan.patient
    audit_log(action=AuditAction.EXPORT, actor=request.user, obj=document, patient=patient, request=request,
              detail={"kind": document.kind, "version": document.version.number})
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response

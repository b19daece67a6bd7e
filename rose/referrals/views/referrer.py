"""The referrer's pages: start, one question per page, check your answers, confirmation, status."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.accounts.selectors import practices_for_programme
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_list, audit_view
from rose.core.forms import add_service_error
from rose.referrals import forms as f
from rose.referrals import hooks, selectors, services
from rose.referrals.models import OTHER_MEDICINES, PAIN_DURATIONS, RISK_FLAGS, Referral, ReferralStatus

PAGE_SIZE = 25

# The question pages, in order: (slug, title)
STEPS: list[tuple[str, str]] = [
    ("patient", "Patient details"),
    ("pain", "Pain"),
    ("opioids", "Current opioids"),
    ("other-medicines", "Other medicines"),
    ("eligibility", "Eligibility"),
    ("risks", "Risks"),
    ("reason", "Reason for referral"),
]
STEP_SLUGS = [slug for slug, _ in STEPS]


@shows_patient_data
@require_perm("referrals.create_referral")
def referral_mine(request: SignedInRequest) -> HttpResponse:
    referrals = selectors.referrals_for_organisation(user=request.user).select_related("gp_practice")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_list(request, patient_ids=[r.patient_id for r in page.object_list],
               detail={"page": "referrals_mine", "count": len(page.object_list),
                       "referral_ids": [str(r.pk) for r in page.object_list]})
    return render(request, "referrals/mine.jinja", {"page": page, "page_title": "Your organisation's referrals"})


@require_http_methods(["GET", "POST"])
@require_perm("referrals.create_referral")
def referral_start(request: SignedInRequest) -> HttpResponse:
    """GET: the start page (what the form asks for); POST: make a draft and go to its first question."""
    if request.method == "GET":
        return render(request, "referrals/start.jinja", {"page_title": "Refer a patient to ROSE"})
    try:
        referral = services.referral_draft_create(actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("referrals:mine")
    return redirect("referrals:step", referral_id=referral.pk, step=STEP_SLUGS[0])


def _next_url(referral_id: uuid.UUID, step: str, request: HttpRequest) -> HttpResponse:
    if request.POST.get("return") == "check":
        return redirect("referrals:check", referral_id=referral_id)
    index = STEP_SLUGS.index(step)
    if index + 1 < len(STEP_SLUGS):
        return redirect("referrals:step", referral_id=referral_id, step=STEP_SLUGS[index + 1])
    return redirect("referrals:check", referral_id=referral_id)


_YES_NO: dict[bool | None, str] = {True: "yes", False: "no"}  # a question not yet answered (None) has no initial


def _step_form(step: str, request: SignedInRequest, referral: Referral) -> Any:
    data = request.POST if request.method == "POST" else None
    if step == "patient":
        initial = {name: getattr(referral, name) for name in ("nhs_number", "given_name", "family_name",
                                                              "date_of_birth", "mobile", "communication_needs")}
        initial["gp_practice"] = referral.gp_practice_id
        return f.PatientStepForm(data, initial=initial, practices=practices_for_programme(user=request.user))
    if step == "pain":
        return f.PainStepForm(data, initial={"pain_condition": referral.pain_condition,
                                             "pain_duration": referral.pain_duration,
                                             "pain_impact": referral.pain_impact})
    if step == "opioids":
        return f.OpioidsStepForm(data, initial=f.OpioidsStepForm.initial_from(referral.regimen))
    if step == "other-medicines":
        return f.OtherMedicinesStepForm(data, initial={"other_medicines": referral.other_medicines,
                                                       "other_medicines_detail": referral.other_medicines_detail})
    if step == "eligibility":
        criteria = services.eligibility_criteria(programme=referral.programme)
        initial = {code: _YES_NO.get(value) for code, value in (referral.eligibility or {}).items()}
        return f.EligibilityStepForm(data, initial=initial, criteria=criteria)
    if step == "risks":
        # Never pre-answered: only the risks the referrer ticked before are ticked again.
        return f.RiskStepForm(data, initial={"risk_flags": list(referral.risk_flags or [])})
    if step == "reason":
        return f.ReasonStepForm(data, initial={"reason": referral.reason, "hopes": referral.hopes,
                                               "consent_texts": _YES_NO.get(referral.consent_texts)})
    raise Http404("No such question page")


def _fields_from(step: str, form: Any) -> dict[str, Any]:
    data = form.cleaned_data
    if step == "opioids":
        return {"regimen": {"items": data["items"]}}
    if step == "eligibility":
        return {"eligibility": form.answers()}
    names = {"patient": ("nhs_number", "given_name", "family_name", "date_of_birth", "mobile", "gp_practice",
                         "communication_needs"),
             "pain": ("pain_condition", "pain_duration", "pain_impact"),
             "other-medicines": ("other_medicines", "other_medicines_detail"),
             "risks": ("risk_flags",),
             "reason": ("reason", "hopes", "consent_texts")}[step]
    return {name: data[name] for name in names}


_ENGINE_FIELD = {"product": "product", "units_per_dose": "units", "times_per_day": "times", "as_needed": "as_needed"}


def _engine_errors_to_form(form: BaseForm, errors: list[dict[str, str]]) -> None:
    """Map the dose engine's `items[0].units_per_dose` errors to the form's row fields."""
    import re

    for error in errors:
        match = re.match(r"items\[(\d+)\]\.?(\w*)", error.get("field", ""))
        target = None
        if match and int(match.group(1)) < f.OPIOID_ROWS:
            row, name = int(match.group(1)), match.group(2)
            target = f"{_ENGINE_FIELD.get(name, 'product')}_{row}"
            message = f"Medicine {row + 1}: {error['message']}"
        else:
            message = f"The doses cannot be calculated: {error['message']}"
        form.add_error(target, message)


@shows_patient_data
@require_perm("referrals.create_referral")
def referral_step(request: SignedInRequest, referral_id: str, step: str) -> HttpResponse:
    referral = selectors.referral_draft_get_for_user(user=request.user, referral_id=referral_id)
    if step not in STEP_SLUGS:
        raise Http404("No such question page")
    audit_view(request, obj=referral, detail={"page": f"referral_step_{step}"})
    form = _step_form(step, request, referral)
    if request.method == "POST" and form.is_valid():
        fields = _fields_from(step, form)
        if step == "opioids":
            candidate = services.engine_regimen(referral=_with(referral, regimen=fields["regimen"]))
            calc = services.referral_ome(referral=_with(referral, regimen=candidate))
            if calc["errors"]:
                _engine_errors_to_form(form, calc["errors"])
        if not form.errors:
            services.referral_draft_update(referral=referral, actor=request.user, request=request, **fields)
            if step == "opioids" and request.POST.get("action") == "calculate":
                return redirect("referrals:step", referral_id=referral.pk, step=step)
            return _next_url(referral.pk, step, request)
    index = STEP_SLUGS.index(step)
    context = {
        "referral": referral, "form": form, "step": step, "step_title": STEPS[index][1],
        "step_number": index + 1, "step_count": len(STEPS),
        "previous": STEP_SLUGS[index - 1] if index else None,
        "return_to_check": request.GET.get("return") == "check" or request.POST.get("return") == "check",
        "page_title": STEPS[index][1],
    }
    if step == "opioids":
        context["ome"] = services.referral_ome(referral=referral)
    return render(request, f"referrals/step_{step.replace('-', '_')}.jinja", context)


def _with(referral: Referral, **fields: object) -> Referral:
    """An unsaved copy of the draft with some fields changed (to check the OME before saving)."""
    from copy import copy

    clone = copy(referral)
    for name, value in fields.items():
        setattr(clone, name, value)
    return clone


def summary_context(referral: Referral) -> dict[str, Any]:
    """Labels for codes, the OME and the highlighted problems: shared by check, status and triage pages."""
    criteria = services.eligibility_criteria(programme=referral.programme)
    return {
        "ome": services.referral_ome(referral=referral),
        "criteria": criteria,
        "eligibility_problems": {c["code"] for c in services.eligibility_problems(
            answers=referral.eligibility or {}, criteria=criteria)},
        "risk_labels": dict(RISK_FLAGS),
        "other_medicines_text": "; ".join(dict(OTHER_MEDICINES).get(code, code)
                                          for code in referral.other_medicines or []),
        "duration_labels": dict(PAIN_DURATIONS),
    }


@shows_patient_data
@require_perm("referrals.create_referral")
def referral_check(request: SignedInRequest, referral_id: str) -> HttpResponse:
    referral = selectors.referral_draft_get_for_user(user=request.user, referral_id=referral_id)
    audit_view(request, obj=referral, detail={"page": "referral_check"})
    missing = services.referral_missing(referral=referral)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.referral_submit(referral=referral, actor=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect("referrals:done", referral_id=referral.pk)
    context = {"referral": referral, "missing": missing, "errors": errors, "steps": STEPS,
               "page_title": "Check your answers before sending the referral", **summary_context(referral)}
    return render(request, "referrals/check.jinja", context)


@shows_patient_data
@require_perm("referrals.create_referral")
def referral_done(request: SignedInRequest, referral_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    if referral.status == ReferralStatus.DRAFT:
        return redirect("referrals:check", referral_id=referral.pk)
    audit_view(request, obj=referral, detail={"page": "referral_done"})
    return render(request, "referrals/done.jinja", {"referral": referral, "page_title": "Referral sent"})


@shows_patient_data
@require_perm("referrals.create_referral")
def referral_status(request: SignedInRequest, referral_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    if referral.status == ReferralStatus.DRAFT:
        return redirect("referrals:step", referral_id=referral.pk, step=STEP_SLUGS[0])
    audit_view(request, obj=referral, detail={"page": "referral_status"})
    answer_form = f.AnswerForm(request.POST or None) if referral.status == ReferralStatus.MORE_INFO else None
    if request.method == "POST" and answer_form is not None and answer_form.is_valid():
        try:
            services.referral_answer(referral=referral, actor=request.user, answer=answer_form.cleaned_data["answer"])
        except ValidationError as exc:
            add_service_error(answer_form, exc)
        else:
            messages.success(request, "Answer sent to the ROSE team")
            return redirect("referrals:status", referral_id=referral.pk)
    context = {"referral": referral, "history": selectors.referral_status_history(referral=referral),
               "notes": selectors.referral_notes(referral=referral), "answer_form": answer_form,
               "page_title": f"Referral {referral.reference}", **summary_context(referral),
               "panels": [panel for panel in hooks.referral_status_panel.collect(request=request, referral=referral)
                          if panel]}
    return render(request, "referrals/status.jinja", context)

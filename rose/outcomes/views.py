"""Outcome pages: the patient's questionnaire (from a text link), staff views and phone entry,
dashboards, and de-identified exports for evaluators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.audit.decorators import shows_patient_data
from rose.audit.models import AuditAction
from rose.audit.services import audit_log, audit_view
from rose.core.forms import form_submit
from rose.outcomes import (
    charts,
    exports,
    exports_files,
    exports_stats,
    monthly,
    report,
    selectors,
    send_by_hand,
    services,
)
from rose.outcomes import instruments as defs
from rose.outcomes.forms import DashboardFilterForm, PhoneEntryForm, QuestionPageForm, SendLinkForm
from rose.outcomes.models import Invitation, Response
from rose.patients.access_links import portal_patient
from rose.patients.selectors import patient_get_for_user

# ---------------------------------------------------------------- patient pages (from a text link)


def _portal_invitation(request: HttpRequest, invitation_id: str) -> tuple[Any, Any]:
    """An invitation of the patient whose date-of-birth-checked link opened this browser session
    (a questionnaire link, or the portal listing due_questionnaires_for_patient); anything else is 404."""
    patient = portal_patient(request)
    if patient is None:
        raise Http404("Not found")
    return patient, selectors.invitation_for_patient(patient=patient, invitation_id=invitation_id)


def _next_step(invitation: Invitation, responses: list[Response]) -> str:
    """First page with an unanswered question in the first unfinished questionnaire, else done."""
    for response in responses:
        if response.completed_at is not None:
            continue
        answered = {a.item_code for a in response.answers.all()}
        pages = defs.pages(response.instrument.definition)
        for index, page in enumerate(pages, start=1):
            if not set(page) <= answered:
                return reverse("outcomes:portal_page", kwargs={"invitation_id": invitation.pk,
                                                               "response_id": response.pk, "page_no": index})
        return reverse("outcomes:portal_page", kwargs={"invitation_id": invitation.pk, "response_id": response.pk,
                                                       "page_no": len(pages)})
    return reverse("outcomes:portal_done", kwargs={"invitation_id": invitation.pk})


@never_cache
def portal_start(request: HttpRequest, invitation_id: str) -> HttpResponse:
    _, invitation = _portal_invitation(request, invitation_id)
    responses = selectors.responses_for_invitation(invitation=invitation)
    if not invitation.is_open:
        return render(request, "outcomes/portal_closed.jinja", {"invitation": invitation,
                                                                "page_title": "These questions are closed"})
    total = len(responses)
    finished = sum(1 for r in responses if r.completed_at)
    return render(request, "outcomes/portal_start.jinja", {
        "invitation": invitation, "responses": responses, "next_url": _next_step(invitation, responses),
        "started": invitation.status == invitation.Status.IN_PROGRESS, "total": total, "finished": finished,
        "page_title": "Questions about how you are"})


@never_cache
def portal_page(request: HttpRequest, invitation_id: str, response_id: str, page_no: int) -> HttpResponse:
    patient, invitation = _portal_invitation(request, invitation_id)
    response = selectors.response_get_for_patient(patient=patient, response_id=response_id)
    if response.invitation_id != invitation.pk:
        raise Http404("Not found")
    if not invitation.is_open or response.completed_at is not None:
        if invitation.is_open:
            return redirect(_next_step(invitation, selectors.responses_for_invitation(invitation=invitation)))
        return redirect("outcomes:portal_start", invitation_id=invitation.pk)
    definition = response.instrument.definition
    pages = defs.pages(definition)
    if not 1 <= page_no <= len(pages):
        raise Http404("Not found")
    item_codes = pages[page_no - 1]
    skipping = request.method == "POST" and request.POST.get("action") == "skip"
    saved = {a.item_code: (a.text or None) if a.value is None else str(a.value) for a in response.answers.all()}
    form = QuestionPageForm(request.POST or None, definition=definition, item_codes=item_codes, skipping=skipping,
                            initial={c: saved.get(c) for c in item_codes})
    if request.method == "POST" and form.is_valid():
        try:
            crisis = services.answers_save(response=response, answers=form.answers(), mode=Response.Mode.PATIENT,
                                           request=request)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if page_no == len(pages):
                services.response_complete(response=response, request=request)
            next_url = _next_step(invitation, selectors.responses_for_invitation(invitation=invitation))
            if crisis:
                request.session["outcomes_next"] = next_url
                return redirect("outcomes:portal_support", invitation_id=invitation.pk)
            return redirect(next_url)
    responses = selectors.responses_for_invitation(invitation=invitation)
    position = [r.pk for r in responses].index(response.pk) + 1
    back = (reverse("outcomes:portal_page", kwargs={"invitation_id": invitation.pk, "response_id": response.pk,
                                                    "page_no": page_no - 1}) if page_no > 1
            else reverse("outcomes:portal_start", kwargs={"invitation_id": invitation.pk}))
    return render(request, "outcomes/portal_page.jinja", {
        "form": form, "invitation": invitation, "response": response, "definition": definition,
        "page_no": page_no, "page_count": len(pages), "position": position, "count": len(responses),
        "item_codes": item_codes, "back_url": back, "show_preamble": page_no == 1 or len(pages) <= 3,
        "page_title": f"{definition['short_name']}: question page {page_no} of {len(pages)}"})


@never_cache
def portal_support(request: HttpRequest, invitation_id: str) -> HttpResponse:
    """Crisis signposting shown at once after PHQ-9 question 9 is answered above 0."""
    _portal_invitation(request, invitation_id)
    next_url = request.session.get("outcomes_next") or reverse("outcomes:portal_done",
                                                               kwargs={"invitation_id": invitation_id})
    return render(request, "outcomes/portal_support.jinja", {
        "next_url": next_url, "signposting": services.CRISIS_SIGNPOSTING, "page_title": "Help is available now"})


@never_cache
def portal_done(request: HttpRequest, invitation_id: str) -> HttpResponse:
    _, invitation = _portal_invitation(request, invitation_id)
    return render(request, "outcomes/portal_done.jinja", {"invitation": invitation,
                                                          "page_title": "Thank you for your answers"})


# ---------------------------------------------------------------- staff: a patient's outcomes

@shows_patient_data
@require_perm("outcomes.view_responses")
def patient_outcomes(request: SignedInRequest, patient_id: str) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "outcomes"})
    invitations = list(selectors.invitations_for_patient(patient=patient))
    doses = list(selectors.dose_snapshots_for_patient(patient=patient))
    baseline = next((d for d in doses if d.event.is_baseline), None)
    dose_rows = [{"snapshot": d, "reduction": services.dose_change(baseline.ome_mg if baseline else None, d.ome_mg)
                  if d is not baseline else None} for d in doses]
    return render(request, "outcomes/patient.jinja", {
        "patient": patient, "invitations": invitations, "dose_rows": dose_rows,
        "can_send_link": request.user.has_perm("outcomes.send_link"),
        "page_title": f"Outcomes: {patient.full_name}"})


@shows_patient_data
@require_perm("outcomes.enter_responses")
def phone_entry(request: SignedInRequest, patient_id: str, response_id: str) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    response = selectors.response_get_for_user(user=request.user, response_id=response_id)
    if response.patient_id != patient.pk:
        raise Http404("Not found")
    audit_view(request, obj=response, patient=patient, detail={"page": "phone_entry"})
    definition = response.instrument.definition
    saved = {a.item_code: a.value for a in response.answers.all()}
    form = PhoneEntryForm(request.POST or None, definition=definition, initial=saved)
    if request.method == "POST" and form.is_valid():
        try:
            services.answers_save(response=response, answers=form.answers(), mode=Response.Mode.PHONE,
                                  actor=request.user, request=request)
            services.response_complete(response=response, actor=request.user, request=request)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"{definition['short_name']} answers saved as given on a phone call")
            return redirect("outcomes:patient", patient_id=patient.pk)
    return render(request, "outcomes/phone_entry.jinja", {
        "form": form, "patient": patient, "response": response, "definition": definition,
        "page_title": f"Enter {definition['short_name']} answers from a phone call"})


@shows_patient_data
@require_perm("outcomes.send_link")
def send_link(request: SignedInRequest, patient_id: str) -> HttpResponse:
    """Text the patient a fresh link to questionnaires that are open now (send_by_hand)."""
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    form = SendLinkForm(request.POST or None, choices=send_by_hand.link_choices(patient=patient))
    done, invitation = form_submit(request, form, lambda: send_by_hand.questionnaire_link_send(
        patient=patient, event=form.chosen_event(), actor=request.user, request=request))
    if done:
        messages.success(request, f"A text with a link to the questionnaires for {invitation.event.label} "
                                  "will be sent to the patient")
        return redirect("outcomes:patient", patient_id=patient.pk)
    audit_view(request, obj=patient, patient=patient, detail={"page": "send_link"})
    return render(request, "outcomes/send_link.jinja", {
        "form": form, "patient": patient, "refusal": send_by_hand.link_refusal(patient=patient),
        "per_day": send_by_hand.BY_HAND_PER_DAY, "page_title": "Send a questionnaire link"})


@shows_patient_data
@require_perm("outcomes.view_fhir")
def response_fhir(request: SignedInRequest, response_id: str) -> HttpResponse:
    """FHIR R4 QuestionnaireResponse. Evaluators get the de-identified form (study id, month dates)."""
    response = selectors.response_get_for_user(user=request.user, response_id=response_id)
    deidentified = not request.user.has_perm("outcomes.view_responses")
    audit_log(action=AuditAction.EXPORT, actor=request.user, obj=response, patient=response.patient, request=request,
              detail={"format": "fhir", "deidentified": deidentified})
    body = exports.fhir_questionnaire_response(response=response, deidentified=deidentified)
    return JsonResponse(body, content_type="application/fhir+json", json_dumps_params={"indent": 1})


# ---------------------------------------------------------------- dashboards

@require_perm("outcomes.view_dashboard")
def dashboard(request: SignedInRequest) -> HttpResponse:
    periods = selectors.dashboard_periods(user=request.user)
    form = DashboardFilterForm(request.GET or None, periods=periods)
    dimension, period = "all", "all"
    if form.is_valid():
        dimension = form.cleaned_data["dimension"] or "all"
        period = form.cleaned_data["period"] or "all"
    cells = selectors.dashboard_cells(user=request.user, dimension=dimension, period=period)
    suppress = request.user.has_perm("outcomes.export")
    view = charts.dashboard_view(cells=cells, dimension=dimension, suppress_small=suppress)
    spc_charts = monthly.monthly_charts(cells=selectors.dashboard_monthly_cells(user=request.user),
                                        suppress_small=suppress)
    return render(request, "outcomes/dashboard.jinja", {
        "form": form, "view": view, "dimension": dimension, "period": period, "spc_charts": spc_charts,
        "period_label": charts.quarter_label(period), "can_export": suppress,
        "quarters": [p for p in periods if "-Q" in p], "page_title": "Outcomes"})


@require_perm("outcomes.view_dashboard")
def quarterly_report(request: SignedInRequest) -> HttpResponse:
    """The quarterly report for commissioners: a page listing the quarters, and the PDF of one
    (?quarter=2026-Q1), small numbers always suppressed, audited as an export."""
    quarter = request.GET.get("quarter", "")
    if not quarter:
        quarters = selectors.report_quarters(user=request.user)
        return render(request, "outcomes/report_index.jinja", {
            "quarters": [(q, charts.quarter_label(q)) for q in quarters],
            "page_title": "Quarterly reports for commissioners"})
    pdf = report.quarterly_report_pdf(user=request.user, quarter=quarter)  # 404 for an unknown quarter
    audit_log(action=AuditAction.EXPORT, actor=request.user, request=request,
              detail={"file": "quarterly_report", "quarter": quarter, "deidentified": True,
                      "small_numbers_suppressed": True})
    out = HttpResponse(pdf, content_type="application/pdf")
    out["Content-Disposition"] = f'attachment; filename="rose-quarterly-report-{quarter}.pdf"'
    out["Cache-Control"] = "no-store"
    return out


# ---------------------------------------------------------------- exports for evaluators

@require_perm("outcomes.export")
def export_index(request: SignedInRequest) -> HttpResponse:
    return _export_index(request)


def _export_index(request: SignedInRequest, too_large: str = "", status: int = 200) -> HttpResponse:
    return render(request, "outcomes/export_index.jinja", {
        "files": exports_files.FILES, "page_title": "Data for evaluators", "too_large": too_large,
        "max_rows": exports_stats.MAX_ROWS, "left_out": selectors.export_patients_left_out(user=request.user)},
        status=status)


@require_perm("outcomes.export")
def export_file(request: SignedInRequest, filename: str) -> HttpResponseBase:
    spec = exports_files.FILES.get(filename)
    if spec is None:
        raise Http404("No such file")
    left_out = selectors.export_patients_left_out(user=request.user)
    out: HttpResponseBase
    if spec["serve"] == "file":  # built whole before anything is sent (bounded by exports_stats.MAX_ROWS)
        try:
            out = FileResponse(spec["func"](user=request.user), content_type=spec["content_type"])
        except exports_stats.TooManyRows:
            return _export_index(request, too_large=filename, status=413)
    elif spec["serve"] == "stream":
        out = StreamingHttpResponse(spec["func"](user=request.user), content_type=spec["content_type"])
    else:
        out = HttpResponse(spec["func"](user=request.user), content_type=spec["content_type"])
    audit_log(action=AuditAction.EXPORT, actor=request.user, request=request,
              detail={"file": filename, "deidentified": True, "left_out_no_consent": left_out})
    out["Content-Disposition"] = f'attachment; filename="{filename}"'
    out["Cache-Control"] = "no-store"
    out["X-ROSE-Left-Out-No-Evaluation-Consent"] = str(left_out)
    return out

"""The structured consultation record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_view
from rose.core.forms import add_service_error
from rose.medicines.services import ContractError, ome_calculate
from rose.patients.selectors import patient_get_for_user
from rose.plans import presenters, selectors, services
from rose.plans.forms.consultation import ConsultationForm
from rose.plans.models import RedFlag
from rose.plans.product_list import product_names

if TYPE_CHECKING:
    from rose.accounts.models import Programme

FIELDS = ("peg_pain", "peg_enjoyment", "peg_activity", "goals", "previous_attempts", "red_flag_notes", "decision",
          "decision_notes")


def _ome(regimen: dict[str, Any] | None, programme: Programme) -> dict[str, Any] | None:
    if not regimen:
        return None
    try:
        return ome_calculate(regimen=regimen, programme=programme)
    except ContractError:
        return None


@shows_patient_data
@require_perm("plans.record_consultation")
def consultation_create(request: SignedInRequest, patient_id: str) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "consultation"})
    referral = selectors.referral_for_patient(patient=patient)
    referred = selectors.referral_regimen_for_patient(patient=patient, referral=referral)
    form = ConsultationForm(request.POST or None, products=product_names(), has_referral=referred is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The form has the regimen corrected whenever there is no referral to confirm (has_referral above).
        regimen = {"items": data["items"]} if data["corrected"] or referred is None else referred
        try:
            consultation = services.consultation_record(
                patient=patient, actor=request.user, regimen=regimen, regimen_corrected=data["corrected"],
                red_flags=data["red_flags"], **{name: data[name] for name in FIELDS})
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Consultation recorded")
            return redirect("plans:consultation", consultation_id=consultation.pk)
    referred_ome = _ome(referred, patient.programme)
    context = {"form": form, "patient": patient, "referred": referred, "page_title": "Record a consultation",
               "referred_ome": referred_ome, "referred_lines": presenters.regimen_lines(referred, referred_ome),
               "safety": presenters.referral_safety(referral)}
    return render(request, "plans/consultation_form.jinja", context)


@shows_patient_data
@require_perm("plans.view_plan")
def consultation_detail(request: SignedInRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get_for_user(user=request.user, consultation_id=consultation_id)
    audit_view(request, obj=consultation, patient=consultation.patient)
    flags = [{"label": flag.label, "answer": consultation.red_flags.get(flag.value)} for flag in RedFlag]
    safety = presenters.referral_safety(selectors.referral_for_patient(patient=consultation.patient))
    return render(request, "plans/consultation.jinja", {"consultation": consultation, "flags": flags,
                                                        "safety": safety,
                                                        "lines": presenters.regimen_lines(consultation.regimen,
                                                                                          consultation.ome),
                                                        "patient": consultation.patient,
                                                        "page_title": "Consultation"})

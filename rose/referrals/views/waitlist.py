"""Changing what a waiting patient needs (group course, one-to-one clinic or both)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_view
from rose.core.forms import form_submit
from rose.referrals import selectors, services
from rose.referrals.forms.triage import PathwayForm


@shows_patient_data
@require_perm("referrals.triage")
def waitlist_pathway(request: SignedInRequest, entry_id: str) -> HttpResponse:
    entry = selectors.waitlist_entry_get_for_user(user=request.user, entry_id=entry_id)
    audit_view(request, obj=entry, patient=entry.patient_id, detail={"page": "waitlist_pathway"})
    form = PathwayForm(request.POST or None, initial={"pathway": entry.pathway})
    done, _ = form_submit(request, form, lambda: services.waitlist_set_pathway(
        entry=entry, pathway=form.cleaned_data["pathway"], actor=request.user, reason=form.cleaned_data["reason"]))
    if done:
        messages.success(request, f"{entry.patient.full_name}: what they need is saved")
        return redirect("referrals:waitlist")
    return render(request, "referrals/waitlist_pathway.jinja", {"form": form, "entry": entry,
                                                                "page_title": "What does the patient need?"})

"""The ROSE team's pages: triage queue, referral page and decisions, waitlist, reports, API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.accounts.selectors import practices_for_programme
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_list, audit_view
from rose.core.forms import add_service_error
from rose.core.pagination import BoundedPaginator
from rose.referrals import forms as f
from rose.referrals import reports, selectors, services
from rose.referrals.models import TRANSITIONS, ReferralStatus
from rose.referrals.views.referrer import summary_context

PAGE_SIZE = 50


def days_waiting(referral: object, today: dt.date) -> str:
    """"12 days" since the referral was submitted (Europe/London dates)."""
    submitted = getattr(referral, "submitted_at", None)
    if submitted is None:
        return "Not submitted"
    days = (today - timezone.localtime(submitted).date()).days
    return "Today" if days <= 0 else ("1 day" if days == 1 else f"{days} days")


@shows_patient_data
@require_perm("referrals.triage")
def referral_queue(request: SignedInRequest) -> HttpResponse:
    practices = practices_for_programme(user=request.user)
    data = request.GET.copy()
    data.setdefault("status", "open")  # the default view is the open queue, whatever else is filtered
    form = f.QueueFilterForm(data, practices=practices)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {"status": "open"}
    search = f.TriageSearchForm(request.POST or None)
    searching = request.method == "POST"
    if searching:
        found = selectors.triage_search(user=request.user, query=search.cleaned_data["q"]) \
            if search.is_valid() else []
        page = BoundedPaginator(found, PAGE_SIZE).get_page(1)
    else:
        queue = selectors.triage_queue(
            user=request.user, status=filters.get("status", "open"),
            practice_id=getattr(filters.get("practice"), "pk", None), waiting_days=filters.get("waiting"),
            band=filters.get("band"), flag=filters.get("flag", ""), sort=filters.get("sort") or "oldest")
        page = BoundedPaginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    # The search words are never audited (they may be a name); the count is.
    audit_list(request, patient_ids=[r.patient_id for r in page.object_list],
               detail={"page": "referral_queue", "count": len(page.object_list), "search": searching,
                       "referral_ids": [str(r.pk) for r in page.object_list]})
    today = timezone.localdate()
    rows = [(referral, days_waiting(referral, today)) for referral in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "search": search, "searching": searching, "page": page, "rows": rows,
               "query": query.urlencode(), "page_title": "Referrals to triage"}
    return render(request, "referrals/queue.jinja", context, status=400 if searching and search.errors else 200)


def _allowed_actions(referral: object) -> tuple[str, ...]:
    return TRANSITIONS.get(referral.status, ())  # type: ignore[attr-defined]


@shows_patient_data
@require_perm("referrals.triage")
def referral_detail(request: SignedInRequest, referral_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    audit_view(request, obj=referral, patient=referral.patient_id, detail={"page": "referral_detail"})
    allowed = _allowed_actions(referral)
    form = f.DecisionForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == ReferralStatus.ACCEPTED:
                services.referral_accept(referral=referral, actor=request.user, reason=reason, request=request,
                                         pathway=form.cleaned_data["pathway"])
            else:
                services.referral_set_status(referral=referral, status=action, actor=request.user, reason=reason)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Referral {referral.reference}: {ReferralStatus(action).label.lower()}")
            return redirect("referrals:detail", referral_id=referral.pk)
    others = selectors.active_referrals_for_nhs_number(
        programme_id=referral.programme_id, nhs_number=referral.nhs_number, exclude_id=referral.pk
    ).only("id", "reference", "status")[:10] if referral.nhs_number else []
    context = {"referral": referral, "form": form if allowed else None,
               "history": selectors.referral_status_history(referral=referral),
               "notes": selectors.referral_notes(referral=referral), "others": list(others),
               "page_title": f"Referral {referral.reference}", **summary_context(referral)}
    return render(request, "referrals/detail.jinja", context)


@shows_patient_data
@require_perm("referrals.view_waitlist")
def waitlist(request: SignedInRequest) -> HttpResponse:
    entries = selectors.waitlist_for_user(user=request.user).filter(status__in=["waiting", "offered", "booked"])
    page = BoundedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_list(request, patient_ids=[entry.patient_id for entry in page.object_list],
               detail={"page": "waitlist", "count": len(page.object_list)})
    return render(request, "referrals/waitlist.jinja", {"page": page, "page_title": "Programme waitlist"})


@require_perm("referrals.view_reports")
def referral_reports(request: SignedInRequest) -> HttpResponse:
    return render(request, "referrals/reports.jinja", {"report": reports.referral_report(user=request.user),
                                                       "page_title": "Referral reports"})


@require_perm("referrals.manage_api_tokens")
def api_tokens(request: SignedInRequest) -> HttpResponse:
    organisations = selectors.organisations_for_user(user=request.user)
    form = f.ApiTokenForm(request.POST or None, organisations=organisations)
    secret = None
    if request.method == "POST" and form.is_valid():
        _, secret = services.api_token_create(organisation=form.cleaned_data["organisation"],
                                              name=form.cleaned_data["name"], actor=request.user)
        form = f.ApiTokenForm(organisations=organisations)
    return render(request, "referrals/tokens.jinja", {"form": form, "secret": secret,
                                                      "tokens": selectors.api_tokens_for_user(user=request.user),
                                                      "page_title": "FHIR API tokens"})


@require_POST
@require_perm("referrals.manage_api_tokens")
def api_token_revoke(request: SignedInRequest, token_id: str) -> HttpResponse:
    token = selectors.api_token_get_for_user(user=request.user, token_id=token_id)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, f"Token {token.name} revoked")
    return redirect("referrals:tokens")

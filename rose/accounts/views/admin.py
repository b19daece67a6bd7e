"""Administration: staff accounts, two-factor resets and what each user looked at."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rose.accounts.permissions import require_perm
from rose.accounts.selectors import staff_for_programme, staff_member_get
from rose.accounts.services import two_factor_reset
from rose.audit.selectors import audit_events_for_actor


@require_perm("accounts.manage_users")
def admin_home(request: HttpRequest) -> HttpResponse:
    staff = staff_for_programme(user=request.user)  # type: ignore[arg-type]
    return render(request, "accounts/admin_home.jinja", {"staff": staff, "page_title": "Administration"})


@require_POST
@require_perm("accounts.reset_two_factor")
def two_factor_reset_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    # The two-factor gate already refuses a password-only session; this check stands on its own
    # so the reset can never again depend on a list of public paths.
    if not (request.user.is_verified() or (settings.DEBUG and settings.ROSE_DEMO)):  # type: ignore[union-attr]
        raise PermissionDenied("two-factor verification needed")
    member = staff_member_get(user=request.user, staff_id=staff_id)  # type: ignore[arg-type]
    two_factor_reset(user=member, actor=request.user, request=request)  # type: ignore[arg-type]
    messages.success(request, f"Two-factor sign-in reset for {member.full_name}")
    return redirect("accounts:admin_home")


@require_perm("accounts.view_audit")
def user_activity_log(request: HttpRequest, staff_id: str) -> HttpResponse:
    member = staff_member_get(user=request.user, staff_id=staff_id)  # type: ignore[arg-type]
    events = audit_events_for_actor(actor_id=member.pk, programme_id=request.user.programme_id)  # type: ignore[union-attr]
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_activity.jinja",
        {"member": member, "page": page, "page_title": f"What {member.full_name} looked at"},
    )

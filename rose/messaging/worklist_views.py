"""The team's worklist page and its assign buttons (docs/worklist.md)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.accounts.roles import CLINICAL_TEAM
from rose.accounts.selectors import staff_for_programme
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_list
from rose.messaging import selectors
from rose.messaging.worklist import FILTERS, MAX_ROWS, PAGE_SIZE, Worklist, worklist_assign
from rose.patients.selectors import task_get_for_user


def _clinical_staff(request: SignedInRequest) -> list[Any]:
    return [user for user in staff_for_programme(user=request.user) if user.role in CLINICAL_TEAM and user.is_active]


def _show(value: str | None) -> str:
    return value if value in FILTERS else "all"


@shows_patient_data
@require_perm("patients.view_task")
def worklist(request: SignedInRequest) -> HttpResponse:
    show = _show(request.GET.get("show"))
    rows = Worklist(user=request.user, show=show)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type, var-annotated]
    audit_list(request, patient_ids=[row.patient.pk for row in page.object_list],
               detail={"page": "worklist", "show": show, "rows": len(page.object_list), "page_number": page.number})
    return render(request, "messaging/worklist.jinja", {
        "page": page, "show": show, "filters": FILTERS, "total": rows.total, "max_rows": MAX_ROWS,
        "staff": _clinical_staff(request), "page_title": "Worklist"})


def _assign(request: SignedInRequest, *, kind: str, obj: Any, label: str) -> HttpResponse:
    back = reverse("messaging:worklist") + f"?show={_show(request.POST.get('show'))}"
    if request.POST.get("me"):
        assignee = request.user if request.user.role in CLINICAL_TEAM else None
    else:
        assignee = {str(user.pk): user for user in _clinical_staff(request)}.get(request.POST.get("assignee", ""))
    if assignee is None:
        messages.error(request, "Choose a member of the team from the list")
        return redirect(back)
    worklist_assign(kind=kind, obj=obj, assignee=assignee, actor=request.user, request=request)
    messages.success(request, f"{label} assigned to {assignee.full_name or assignee.email}")
    return redirect(back)


@require_perm("patients.complete_task")
@require_POST
def worklist_task_assign(request: SignedInRequest, task_id: uuid.UUID) -> HttpResponse:
    task = task_get_for_user(user=request.user, task_id=task_id)  # 404 outside the user's programme
    return _assign(request, kind="task", obj=task, label="Task")


@require_perm("messaging.manage_conversation")
@require_POST
def worklist_conversation_assign(request: SignedInRequest, patient_id: uuid.UUID) -> HttpResponse:
    _, conversation = selectors.conversation_for_patient(user=request.user, patient_id=patient_id)
    if conversation is None:
        raise Http404("No conversation")
    return _assign(request, kind="conversation", obj=conversation, label="Conversation")

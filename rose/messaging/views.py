"""The nurse inbox, conversations, the unmatched and failed queues, and the simulator's phone."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.accounts.roles import CLINICAL_TEAM
from rose.accounts.selectors import staff_for_programme
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_list, audit_view
from rose.core.forms import add_service_error
from rose.core.pagination import BoundedPaginator
from rose.messaging import conversations, selectors, services
from rose.messaging.forms import AssignForm, HandledForm, InboxFilterForm, PhoneReplyForm, ReplyForm
from rose.messaging.inbound import inbound_receive
from rose.messaging.providers import provider_name
from rose.messaging.sms import text_size

PAGE_SIZE = 25


def _clinical_staff(request: SignedInRequest) -> list:
    return [user for user in staff_for_programme(user=request.user) if user.role in CLINICAL_TEAM and user.is_active]


@shows_patient_data
@require_perm("messaging.view_inbox")
def inbox(request: SignedInRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    show = form.cleaned_data.get("show") or "open" if form.is_valid() else "open"
    page = BoundedPaginator(selectors.conversations_for_user(user=request.user, show=show), PAGE_SIZE).get_page(
        request.GET.get("page"))
    audit_list(request, patient_ids=[conversation.patient_id for conversation in page.object_list],
               detail={"page": "inbox", "show": show, "rows": len(page.object_list)})
    return render(request, "messaging/inbox.jinja", {
        "form": form, "show": show, "page": page, "counts": selectors.inbox_counts(user=request.user),
        "simulator": provider_name() == "simulator", "page_title": "Inbox"})


def _conversation_context(request: SignedInRequest, patient_id: uuid.UUID, *, reply_form: ReplyForm | None = None,
                          preview: object = None, handled_form: HandledForm | None = None) -> dict:
    patient, conversation = selectors.conversation_for_patient(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "conversation"})
    templates = selectors.reply_templates_for_user(user=request.user)
    staff = _clinical_staff(request)
    items = selectors.conversation_open_items(conversation=conversation)
    return {
        "patient": patient, "conversation": conversation,
        "thread": selectors.conversation_thread(patient=patient),
        "items": items,
        "handled_form": handled_form or HandledForm(urgent=any(item.urgent for item in items)),
        "reply_form": reply_form or ReplyForm(templates=templates),
        "assign_form": AssignForm(staff=staff, initial={
            "assignee": str(conversation.assigned_to_id) if conversation and conversation.assigned_to_id else ""}),
        "can_text": services.message_can_text(patient=patient), "preview": preview,
        "page_title": f"Texts with {patient.full_name}",
    }


@shows_patient_data
@require_perm("messaging.view_inbox")
def conversation(request: SignedInRequest, patient_id: uuid.UUID) -> HttpResponse:
    return render(request, "messaging/conversation.jinja", _conversation_context(request, patient_id))


@require_perm("messaging.reply")
@require_POST
def conversation_reply(request: SignedInRequest, patient_id: uuid.UUID) -> HttpResponse:
    patient, _ = selectors.conversation_for_patient(user=request.user, patient_id=patient_id)
    form = ReplyForm(request.POST, templates=selectors.reply_templates_for_user(user=request.user))
    preview = None
    if form.is_valid():
        if request.POST.get("action") == "check":
            preview = text_size(form.cleaned_data["body"])
        else:
            sent = conversations.staff_reply_send(patient=patient, body=form.cleaned_data["body"], actor=request.user,
                                             template=form.cleaned_data["template_name"], request=request)
            if sent is None:
                form.add_error(None, "This patient cannot be sent texts: they have no mobile number, "
                                     "have not agreed to texts, have replied STOP, or are no longer active")
            else:
                messages.success(request, "Reply queued to send now")
                return redirect("messaging:conversation", patient_id=patient.pk)
    context = _conversation_context(request, patient_id, reply_form=form, preview=preview)
    return render(request, "messaging/conversation.jinja", context, status=200 if form.is_valid() else 400)


@require_perm("messaging.manage_conversation")
@require_POST
def conversation_assign(request: SignedInRequest, patient_id: uuid.UUID) -> HttpResponse:
    patient, conversation = selectors.conversation_for_patient(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "assign"})
    if conversation is None:
        raise Http404("No conversation")
    form = AssignForm(request.POST, staff=_clinical_staff(request))
    if form.is_valid():
        assignee = form.staff.get(form.cleaned_data["assignee"] or "")
        conversations.conversation_assign(conversation=conversation, assignee=assignee, actor=request.user,
                                     request=request)
        messages.success(request, "Conversation assigned" if assignee else "Conversation unassigned")
    else:
        messages.error(request, "Choose a member of the team from the list")
    return redirect("messaging:conversation", patient_id=patient.pk)


@require_perm("messaging.manage_conversation")
@require_POST
def conversation_handled(request: SignedInRequest, patient_id: uuid.UUID) -> HttpResponse:
    patient, conversation = selectors.conversation_for_patient(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "handled"})
    if conversation is None:
        raise Http404("No conversation")
    form = HandledForm(request.POST, urgent=conversations.conversation_needs_outcome(conversation))
    if form.is_valid():
        try:
            conversations.conversation_handle(conversation=conversation, actor=request.user, request=request,
                                         outcome=form.cleaned_data["outcome"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Marked as handled")
            return redirect("messaging:inbox")
    return render(request, "messaging/conversation.jinja",
                  _conversation_context(request, patient_id, handled_form=form), status=400)


@shows_patient_data
@require_perm("messaging.view_unmatched")
def unmatched(request: SignedInRequest) -> HttpResponse:
    page = BoundedPaginator(selectors.unmatched_for_user(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    audit_view(request, detail={"page": "unmatched", "rows": len(page.object_list)})
    return render(request, "messaging/unmatched.jinja", {"page": page, "page_title": "Texts from unknown numbers"})


@require_perm("messaging.view_unmatched")
@require_POST
def unmatched_handled(request: SignedInRequest, inbound_id: uuid.UUID) -> HttpResponse:
    inbound = selectors.unmatched_get_for_user(user=request.user, inbound_id=inbound_id)
    conversations.unmatched_handle(inbound=inbound, actor=request.user, request=request)
    messages.success(request, "Marked as handled")
    return redirect("messaging:unmatched")


@shows_patient_data
@require_perm("messaging.view_failed")
def failed(request: SignedInRequest) -> HttpResponse:
    page = BoundedPaginator(selectors.failed_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_list(request, patient_ids=[message.patient_id for message in page.object_list],
               detail={"page": "failed", "rows": len(page.object_list)})
    return render(request, "messaging/failed.jinja", {"page": page, "page_title": "Texts that could not be sent"})


def _simulator_only() -> None:
    if provider_name() != "simulator":
        raise Http404("The phone simulator is only available with the simulator provider")


@shows_patient_data
@require_perm("messaging.use_phone_simulator")
def phone(request: SignedInRequest) -> HttpResponse:
    _simulator_only()
    patients = selectors.phone_patients_for_user(user=request.user)
    audit_list(request, patient_ids=[patient.pk for patient in patients],
               detail={"page": "phone", "rows": len(patients)})
    return render(request, "messaging/phone.jinja", {"patients": patients, "page_title": "Phone simulator"})


@shows_patient_data
@require_perm("messaging.use_phone_simulator")
def phone_patient(request: SignedInRequest, patient_id: uuid.UUID) -> HttpResponse:
    _simulator_only()
    patient, _ = selectors.conversation_for_patient(user=request.user, patient_id=patient_id)
    audit_view(request, obj=patient, patient=patient, detail={"page": "phone"})
    form = PhoneReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not patient.mobile:
            form.add_error(None, "This patient has no mobile number")
        else:
            inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile,
                            body=form.cleaned_data["body"])
            messages.success(request, "Text sent as the patient")
            return redirect("messaging:phone_patient", patient_id=patient.pk)
    return render(request, "messaging/phone_patient.jinja", {
        "patient": patient, "thread": selectors.conversation_thread(patient=patient), "form": form,
        "page_title": f"Phone of {patient.full_name}"}, status=400 if form.errors else 200)

"""GP letter delivery: an outbox of LetterDelivery rows worked by the periodic job `letters.deliver`.

- `letters_enqueue_new`: each plan version approved in the last ROSE_LETTERS_ENQUEUE_DAYS days gets one
  delivery (unique per version, so two workers never queue it twice). A second approved version of
  the same plan is an updated letter: document version 2, 3... with what changed.
- `letters_send_due`: claims each due row with a compare-and-swap on `next_attempt_at` (no two
  workers send the same letter), takes the PDF that plans made for the version (plans'
  `plan_documents_generate`, called here if the background task has not run yet), and sends it by
  MESH or NHSmail. Failures are retried with backoff; after ROSE_LETTERS_MAX_ATTEMPTS, or a refusal
  that cannot succeed, the delivery fails and the team gets an urgent task.
- `letters_collect_acks`: reads the practices' GPCONNECT_SEND_DOCUMENT_ACK messages.
- `letters_check_overdue`: a task when no ACK came within ROSE_LETTERS_ACK_HOURS.
One bad row never stops a batch."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.letters import itk, transport
from rose.letters.models import (
    DeliveryChannel,
    DeliveryState,
    LetterDelivery,
    LetterDeliveryEvent,
    PracticeContact,
)

if TYPE_CHECKING:
    from rose.plans.models import PlanVersion

logger = logging.getLogger(__name__)
BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=15), dt.timedelta(hours=1),
           dt.timedelta(hours=4), dt.timedelta(hours=12))
CLAIM_LEASE = dt.timedelta(minutes=5)
BATCH = 50


_T = TypeVar("_T")


def _setting(name: str, default: _T) -> _T:
    return getattr(settings, name, default)


def _event(delivery: LetterDelivery, detail: str, now: dt.datetime) -> None:
    LetterDeliveryEvent.objects.create(delivery=delivery, state=delivery.state, detail=detail[:300], at=now)


# ---------------------------------------------------------------- queue


def letters_enqueue_new(*, now: dt.datetime | None = None) -> int:
    from rose.plans.models import PlanVersion

    now = now or timezone.now()
    since = now - dt.timedelta(days=_setting("ROSE_LETTERS_ENQUEUE_DAYS", 7))
    versions = (PlanVersion.objects.filter(approval__approved_at__gte=since, letter_delivery__isnull=True)
                .select_related("plan__patient").order_by("approval__approved_at")[:BATCH])
    made = 0
    for version in versions:
        try:
            with transaction.atomic():
                letter_queue(version=version, now=now)
                made += 1
        except IntegrityError:  # another worker queued it first
            continue
    return made


def letter_queue(*, version: PlanVersion, now: dt.datetime) -> LetterDelivery:
    """Queue the GP letter of an approved version; an earlier letter of the same plan makes it an update."""
    patient = version.plan.patient
    previous = (LetterDelivery.objects.filter(version__plan_id=version.plan_id).order_by("-document_version")
                .first())
    delivery = LetterDelivery.objects.create(
        version=version, patient=patient, programme_id=patient.programme_id, practice_id=patient.gp_practice_id,
        document_version=(previous.document_version + 1) if previous else 1, replaces=previous,
        change=(version.change or "")[:200] if previous else "", next_attempt_at=now)
    _event(delivery, f"Queued: letter version {delivery.document_version}", now)
    audit_log(action=AuditAction.CREATE, actor_label="system", obj=delivery, patient=patient,
              detail={"version": version.number, "document_version": delivery.document_version})
    return delivery


# ---------------------------------------------------------------- send


def _document(delivery: LetterDelivery) -> Any:
    """The GP letter plans made for this version (plans' own renderer makes it if it is missing)."""
    from rose.plans.models import DocumentKind, PlanDocument
    from rose.plans.services.documents import plan_documents_generate

    document = PlanDocument.objects.filter(version_id=delivery.version_id, kind=DocumentKind.GP_LETTER).first()
    if document is None:
        plan_documents_generate(version=delivery.version)
        document = PlanDocument.objects.get(version_id=delivery.version_id, kind=DocumentKind.GP_LETTER)
    return document


def _route(delivery: LetterDelivery) -> tuple[str, str, str]:
    """(channel, address to send to, recipient to record: never the personal routing address)."""
    practice = delivery.practice
    contact = PracticeContact.objects.filter(organisation=practice).first() if practice else None
    config = transport.MeshConfig.from_settings()
    if contact and contact.use_email and contact.email:
        return DeliveryChannel.EMAIL, contact.email, contact.email
    if config is not None:
        if _setting("ROSE_MESH_AUTOMATED_ROUTING", True):
            patient = delivery.patient
            return DeliveryChannel.MESH, transport.automated_routing_address(
                nhs_number=patient.nhs_number, date_of_birth=patient.date_of_birth,
                family_name=patient.family_name), "automated routing"
        mapping = transport.practice_mailboxes()
        mailbox = (contact.mesh_mailbox_id if contact else "") or (
            mapping.get(practice.ods_code.upper(), mapping.get("*", "")) if practice else "")
        if mailbox:
            return DeliveryChannel.MESH, mailbox, mailbox
    if contact and contact.email:
        return DeliveryChannel.EMAIL, contact.email, contact.email
    if config is None:
        raise transport.TransportError("MESH is not configured and the practice has no nhs.net address")
    raise transport.TransportError("No MESH mailbox or nhs.net address is known for the patient's practice",
                                   permanent=True)


def _sender() -> dict[str, str]:
    return {"ods": _setting("ROSE_LETTERS_SENDER_ODS", "") or "ROSE",
            "name": _setting("ROSE_LETTERS_SENDER_NAME", "") or "ROSE opioid reduction service",
            "telephone": _setting("ROSE_LETTERS_SENDER_TELEPHONE", "")}


def _transmit(delivery: LetterDelivery, channel: str, address: str, now: dt.datetime) -> str:
    document = _document(delivery)
    pdf = bytes(document.pdf)
    delivery.document = document
    if channel == DeliveryChannel.EMAIL:
        transport.email_send(to=address, pdf=pdf, filename=f"rose-gp-letter-v{delivery.document_version}.pdf")
        return ""
    patient = delivery.patient
    message = itk.send_document_message(
        tracking_id=str(delivery.tracking_id), pdf=pdf, sender=_sender(), now=now,
        patient={"nhs_number": patient.nhs_number, "family_name": patient.family_name,
                 "given_name": patient.given_name, "birth_date": patient.date_of_birth},
        document_version=delivery.document_version, change=delivery.change,
        title="ROSE opioid reduction plan: letter to the GP")
    config = transport.MeshConfig.from_settings()
    assert config is not None
    return transport.mesh_send(config=config, to=address, body=json.dumps(message).encode(),
                               tracking_id=str(delivery.tracking_id), subject="ROSE GP letter")


def delivery_attempt(*, delivery: LetterDelivery, now: dt.datetime | None = None) -> LetterDelivery:
    """One attempt to send a claimed delivery; records the outcome."""
    now = now or timezone.now()
    delivery.attempts += 1
    try:
        channel, address, recipient = _route(delivery)
        message_id = _transmit(delivery, channel, address, now)
    except transport.TransportError as exc:
        return _attempt_failed(delivery, str(exc), exc.permanent, now)
    delivery.channel, delivery.recipient, delivery.mesh_message_id = channel, recipient[:100], message_id
    delivery.state, delivery.sent_at, delivery.next_attempt_at, delivery.last_error = \
        DeliveryState.SENT, now, None, ""
    if channel == DeliveryChannel.MESH:
        delivery.ack_due_at = now + dt.timedelta(hours=_setting("ROSE_LETTERS_ACK_HOURS", 72))
    delivery.save()
    _event(delivery, f"Sent by {delivery.get_channel_display()} (attempt {delivery.attempts})"
                     + (f", MESH message {message_id}" if message_id else ""), now)
    audit_log(action=AuditAction.EXPORT, actor_label="system", obj=delivery, patient=delivery.patient_id,
              detail={"channel": channel, "document_version": delivery.document_version})
    return delivery


def _attempt_failed(delivery: LetterDelivery, error: str, permanent: bool, now: dt.datetime) -> LetterDelivery:
    from rose.patients.services import task_create

    delivery.last_error = error[:300]
    if permanent or delivery.attempts >= _setting("ROSE_LETTERS_MAX_ATTEMPTS", 6):
        delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
        delivery.save()
        _event(delivery, f"Failed after {delivery.attempts} attempt(s): {error}", now)
        task_create(patient=delivery.patient, kind="gp_letter_failed", priority="urgent", source=delivery,
                    title=f"The GP letter (version {delivery.document_version}) could not be delivered: send it "
                          "to the practice another way")
        return delivery
    delivery.next_attempt_at = now + BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
    delivery.save()
    _event(delivery, f"Attempt {delivery.attempts} failed, will retry: {error}", now)
    return delivery


def letters_send_due(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    due = list(LetterDelivery.objects.filter(state=DeliveryState.QUEUED, next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("pk", "next_attempt_at")[:BATCH])
    sent = 0
    for pk, when in due:
        claimed = LetterDelivery.objects.filter(pk=pk, state=DeliveryState.QUEUED, next_attempt_at=when).update(
            next_attempt_at=now + CLAIM_LEASE)
        if not claimed:
            continue  # another worker has it
        delivery = LetterDelivery.objects.select_related("patient", "practice", "version").get(pk=pk)
        try:
            with transaction.atomic():
                sent += delivery_attempt(delivery=delivery, now=now).state == DeliveryState.SENT
        except Exception:  # one bad row never stops the batch: it is retried when its lease ends
            logger.exception("GP letter delivery %s failed unexpectedly", pk)
    return sent


# ---------------------------------------------------------------- acknowledgements


def letter_acknowledge(*, tracking_id: str, code: str, now: dt.datetime | None = None) -> LetterDelivery | None:
    from rose.patients.services import task_create

    now = now or timezone.now()
    delivery = LetterDelivery.objects.select_related("patient").filter(tracking_id=tracking_id).first()
    if delivery is None or delivery.state not in (DeliveryState.SENT, DeliveryState.QUEUED):
        return delivery
    if code == "ok":
        delivery.state, delivery.acknowledged_at = DeliveryState.ACKNOWLEDGED, now
        delivery.save(update_fields=["state", "acknowledged_at", "updated_at"])
        _event(delivery, "The practice acknowledged the letter", now)
        return delivery
    delivery.state, delivery.last_error = DeliveryState.FAILED, f"The practice answered {code[:40]}"
    delivery.save(update_fields=["state", "last_error", "updated_at"])
    _event(delivery, f"The practice could not file the letter ({code[:40]})", now)
    task_create(patient=delivery.patient, kind="gp_letter_failed", priority="urgent", source=delivery,
                title=f"The GP practice could not file the letter (version {delivery.document_version}): "
                      "contact the practice")
    return delivery


def letters_collect_acks(*, now: dt.datetime | None = None) -> int:
    config = transport.MeshConfig.from_settings()
    if config is None:
        return 0
    done = 0
    with transport.mesh_client(config) as client:
        for message_id in client.list_messages(workflow_filter=itk.ACK_WORKFLOW):
            try:
                message = client.retrieve_message(message_id)
                answer = itk.read_ack(message.read())
                if answer:
                    with transaction.atomic():
                        letter_acknowledge(tracking_id=answer[0], code=answer[1], now=now)
                message.acknowledge()
                done += 1
            except Exception:  # an unreadable ACK stays in the inbox and is logged; others carry on
                logger.exception("MESH ACK %s could not be read", message_id)
    return done


def letters_check_overdue(*, now: dt.datetime | None = None) -> int:
    from rose.patients.services import task_create

    now = now or timezone.now()
    overdue = LetterDelivery.objects.filter(state=DeliveryState.SENT, ack_due_at__lt=now,
                                            overdue_task_raised=False).select_related("patient")[:BATCH]
    raised = 0
    for delivery in overdue:
        with transaction.atomic():
            if not LetterDelivery.objects.filter(pk=delivery.pk, overdue_task_raised=False).update(
                    overdue_task_raised=True):
                continue
            _event(delivery, "No acknowledgement from the practice in time", now)
            task_create(patient=delivery.patient, kind="gp_letter_no_ack", priority="normal", source=delivery,
                        title=f"No acknowledgement from the GP practice for the letter (version "
                              f"{delivery.document_version}): check the practice received it")
            raised += 1
    return raised


def letters_run() -> dict[str, int]:
    """The periodic job: queue, send, read ACKs, flag overdue ones. Each step survives the others' errors."""
    results = {}
    for name, step in (("queued", letters_enqueue_new), ("sent", letters_send_due),
                       ("acks", letters_collect_acks), ("overdue", letters_check_overdue)):
        try:
            results[name] = step()
        except Exception:
            logger.exception("Letters step %s failed", name)
            results[name] = -1
    return results

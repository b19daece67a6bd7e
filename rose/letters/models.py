"""Delivery of each approved plan version's GP letter to the patient's practice: an outbox row with
its state, MESH message id, attempts and next attempt, and an immutable event per change."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models

from rose.core.models import AppendOnly, BaseModel


def validate_nhs_mail(value: str) -> None:
    """Letters go by email only to NHSmail (secure for patient data), never another domain."""
    if not value.strip().lower().endswith("@nhs.net"):
        raise ValidationError("Use the practice's nhs.net address: letters are only emailed to NHSmail")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged by the practice"
    FAILED = "failed", "Failed"


class DeliveryChannel(models.TextChoices):
    MESH = "mesh", "MESH (GP Connect Send Document)"
    EMAIL = "email", "Email to NHSmail"


class PracticeContact(BaseModel):
    """How a GP practice receives letters when it is not through MESH automated routing."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE,
                                        related_name="letter_contact")
    mesh_mailbox_id = models.CharField(max_length=20, blank=True,
                                       help_text="The practice's MESH mailbox, when automated routing is not used")
    email = models.EmailField(blank=True, validators=[validate_nhs_mail],
                              help_text="An nhs.net address, for practices without a MESH mailbox")
    use_email = models.BooleanField(default=False, help_text="The practice has no MESH mailbox: email letters")

    def __str__(self) -> str:
        return "Practice letter contact"


class LetterDelivery(BaseModel):
    """One GP letter (one approved plan version) on its way to the practice."""

    version = models.OneToOneField("plans.PlanVersion", on_delete=models.PROTECT, related_name="letter_delivery")
    document = models.ForeignKey("plans.PlanDocument", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="letter_deliveries")
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    document_version = models.PositiveIntegerField(default=1, help_text="1, then 2 for the first updated letter...")
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    change = models.CharField(max_length=200, blank=True, help_text="What this version of the plan changed")
    channel = models.CharField(max_length=10, choices=DeliveryChannel.choices, blank=True)
    recipient = models.CharField(max_length=100, blank=True,
                                 help_text="Mailbox id, 'automated routing' or the practice's nhs.net address")
    state = models.CharField(max_length=15, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    tracking_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False,
                                   help_text="MessageHeader id and MESH local id; the ACK refers to it")
    mesh_message_id = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    ack_due_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    overdue_task_raised = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "letter deliveries"
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="letter_due"),
                   models.Index(fields=["state", "ack_due_at"], name="letter_ack_due"),
                   models.Index(fields=["patient", "-created_at"], name="letter_patient")]

    def __str__(self) -> str:
        return f"GP letter (version {self.document_version}, {self.get_state_display().lower()})"


class LetterDeliveryEvent(AppendOnly, BaseModel):
    """Immutable: each attempt, answer and state change of a delivery (no personal data)."""

    delivery = models.ForeignKey(LetterDelivery, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=15, choices=DeliveryState.choices)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "created_at"]

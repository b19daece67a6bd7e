"""The outbox of texts to patients, replies from them, the nurse inbox and check-in observations.

The message log is permanent: GOV.UK Notify deletes content after 7 days, we keep ours.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rose.core.models import AppendOnly, BaseModel


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent to provider"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class OutboundMessage(BaseModel):
    """One text in the transactional outbox. Its UUID is the provider `reference`.

    A worker claims a due row (status queued, `send_after` passed, or a sending row whose lease
    expired) atomically, then records every attempt as a MessageEvent row."""

    # Both empty only for a crisis reply to a red-flag text from a number that matches no patient
    # (and no programme when several programmes share the number the text arrived on).
    programme = models.ForeignKey("accounts.Programme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    patient = models.ForeignKey("patients.Patient", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="outbound_messages")
    to_number = models.CharField(max_length=16)
    purpose = models.CharField(max_length=40)
    template = models.CharField(max_length=60, blank=True, help_text="Saved template code, if any")
    body = models.TextField(max_length=918)
    expects = models.CharField(max_length=40, blank=True, help_text="Observation kind a reply answers")
    due_at = models.DateTimeField(help_text="When the caller asked for it to go")
    send_after = models.DateTimeField(help_text="Earliest send time after quiet hours, rate limits and backoff")
    status = models.CharField(max_length=12, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    uncertain = models.BooleanField(default=False, help_text="An attempt may have reached the provider")
    claim_token = models.CharField(max_length=36, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    provider_status = models.CharField(max_length=30, blank=True)
    failure_reason = models.CharField(max_length=300, blank=True)
    encoding = models.CharField(max_length=8, default="GSM-7")
    fragments = models.PositiveSmallIntegerField(default=1)
    cost_pence = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    related_type = models.CharField(max_length=100, blank=True)
    related_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["status", "send_after"], name="outbound_due"),
            models.Index(fields=["related_type", "related_id"], name="outbound_related"),
            models.Index(fields=["patient", "-created_at"], name="outbound_patient"),
            models.Index(fields=["to_number", "sent_at"], name="outbound_number_sent"),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.purpose} text"


class MessageEvent(AppendOnly, models.Model):
    """Immutable history of one outbound message: every status change and provider answer."""

    id = models.BigAutoField(primary_key=True)
    message = models.ForeignKey(OutboundMessage, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    attempt = models.PositiveSmallIntegerField(default=0)
    detail = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class InboundMessage(BaseModel):
    """A text from a patient (or an unknown number). Unique on the provider's own id, so
    callbacks retried by the provider and the polling fallback never store it twice."""

    class Outcome(models.TextChoices):
        NEW = "new", "Not processed"
        KEYWORD = "keyword", "Keyword"
        OBSERVATION = "observation", "Check-in answer"
        HANDLED = "handled", "Handled automatically"
        RED_FLAG = "red_flag", "Red flag"
        INBOX = "inbox", "Nurse inbox"
        UNMATCHED = "unmatched", "Unknown number"

    provider = models.CharField(max_length=20)
    provider_id = models.CharField(max_length=64)
    programme = models.ForeignKey("accounts.Programme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    patient = models.ForeignKey("patients.Patient", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="inbound_messages")
    from_number = models.CharField(max_length=32)
    to_number = models.CharField(max_length=32, blank=True)
    body = models.TextField(max_length=2000)
    received_at = models.DateTimeField(db_index=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.NEW)
    red_flag_rule = models.CharField(max_length=60, blank=True)
    in_reply_to = models.ForeignKey(OutboundMessage, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="replies")
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "provider_id"], name="inbound_unique_provider_id")]
        indexes = [models.Index(fields=["patient", "-received_at"], name="inbound_patient")]
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return "Text received"

    @property
    def red_flag_description(self) -> str:
        """Every red-flag category matched, in plain words ("possible overdose; breathing problem")."""
        from rose.messaging.redflags import describe_categories

        codes = [code for code in self.red_flag_rule.split(",") if code]
        return describe_categories(codes) if codes else ""


class Conversation(BaseModel):
    """The nurse inbox holds one conversation per patient."""

    class Status(models.TextChoices):
        OPEN = "open", "Needs attention"
        HANDLED = "handled", "Handled"

    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    patient = models.OneToOneField("patients.Patient", on_delete=models.CASCADE, related_name="conversation")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    urgent = models.BooleanField(default=False)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    last_activity_at = models.DateTimeField()
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["programme", "status", "-urgent", "-last_activity_at"], name="conv_queue")]

    def __str__(self) -> str:
        return "Conversation"


class InboxItem(BaseModel):
    """Something in a conversation that needs a person: a reply, a red flag, a call-back request."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="items")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    summary = models.CharField(max_length=300)
    urgent = models.BooleanField(default=False)
    inbound = models.ForeignKey(InboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return "Inbox item"


class ConversationEvent(AppendOnly, models.Model):
    """Immutable history of a conversation: assigned, handled, reopened (who, when, why)."""

    id = models.BigAutoField(primary_key=True)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    detail = models.CharField(max_length=200, blank=True)
    note = models.TextField(max_length=1000, blank=True,
                            help_text="What was done: required when a conversation with an urgent item is handled")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.kind


class ReplyTemplate(BaseModel):
    """A saved reply the team can send from the inbox."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    body = models.TextField(max_length=918)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Observation(BaseModel):
    """A numeric or yes/no check-in answer (`pain_score`, `dose_as_planned`, ...)."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="observations")
    kind = models.CharField(max_length=40)
    value_number = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    value_text = models.CharField(max_length=100, blank=True)
    observed_at = models.DateTimeField()
    source = models.CharField(max_length=40, default="text", help_text="text, portal, staff, ...")
    inbound = models.ForeignKey(InboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["patient", "kind", "-observed_at"], name="observation_patient_kind")]
        ordering = ["-observed_at"]

    def __str__(self) -> str:
        return self.kind

"""Outcome data: instruments, study-like events, invitations, responses, dose snapshots and the
pre-computed dashboard tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rose.core.models import AppendOnly, BaseModel


class Instrument(BaseModel):
    """One version of a questionnaire definition (built in, or loaded by a licensed service)."""

    code = models.CharField(max_length=40)
    version = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    definition = models.JSONField()
    builtin = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version")]
        ordering = ["code", "-created_at"]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class Anchor(models.TextChoices):
    FIRST_GROUP_SESSION = "first_group_session", "First group session"
    COURSE_END = "course_end", "End of the group course"
    PLAN_START = "plan_start", "Start of the reduction plan"
    # The one-to-one pathway's baseline (docs/outcomes.md): known from the day the plan is drafted.
    PLAN_DRAFTED_START = "plan_drafted_start", "Start date of the reduction plan, from its first draft"


class OutcomeEvent(BaseModel):
    """A timepoint of a programme's outcome schedule, like a research study's event."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.CASCADE, related_name="outcome_events")
    code = models.CharField(max_length=30)
    label = models.CharField(max_length=100)
    anchor = models.CharField(max_length=30, choices=Anchor.choices)
    offset_days = models.IntegerField(help_text="Days after the anchor date (negative: before)")
    window_before_days = models.PositiveIntegerField(default=7)
    window_after_days = models.PositiveIntegerField(default=14)
    instruments = models.JSONField(default=list, help_text="Instrument codes, in the order asked")
    is_baseline = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="outcome_event_code")]
        ordering = ["programme", "order"]

    def __str__(self) -> str:
        return self.label


class Invitation(BaseModel):
    """One patient asked to complete one event's questionnaires. Lifecycle: see services.TRANSITIONS."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        IN_PROGRESS = "in_progress", "Started"
        COMPLETED = "completed", "Completed"
        EXPIRED = "expired", "Window closed"
        CANCELLED = "cancelled", "Cancelled"

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="outcome_invitations")
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(OutcomeEvent, on_delete=models.PROTECT, related_name="invitations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    anchor_date = models.DateField()
    due_on = models.DateField()
    closes_on = models.DateField()
    invited_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "event"], name="invitation_patient_event")]
        indexes = [models.Index(fields=["programme", "status", "invited_at"], name="invitation_status"),
                   models.Index(fields=["patient", "status"], name="invitation_patient_status")]
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.event} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.INVITED, self.Status.IN_PROGRESS)


class InvitationTransition(AppendOnly, BaseModel):
    """Immutable record of each status change: who, when, why."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_label = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]


class Response(BaseModel):
    """The answers to one instrument within an invitation, scored with the instrument version."""

    class Mode(models.TextChoices):
        PATIENT = "patient", "Patient, online"
        PHONE = "phone", "Staff, from a phone call"

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="responses")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="outcome_responses")
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    order = models.PositiveSmallIntegerField(default=0)
    mode = models.CharField(max_length=10, choices=Mode.choices, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    score_band = models.CharField(max_length=60, blank=True)
    score_note = models.CharField(max_length=200, blank=True)
    subscores = models.JSONField(default=dict, blank=True)
    instrument_version = models.CharField(max_length=20, blank=True)
    alerts_raised = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["invitation", "instrument"], name="response_instrument")]
        indexes = [models.Index(fields=["programme", "completed_at"], name="response_prog_completed")]
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.instrument}"


class Answer(BaseModel):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item_code = models.CharField(max_length=40)
    value = models.IntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=1000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "item_code"], name="answer_item")]


class DoseSnapshot(BaseModel):
    """Daily oral morphine equivalent (OME) at an event, from the plan and the recorded actual doses."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="dose_snapshots")
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(OutcomeEvent, on_delete=models.PROTECT, related_name="+")
    ome_mg = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    stopped = models.BooleanField(default=False)
    source = models.CharField(max_length=200, help_text="Where the number came from (table, version, record)")
    note = models.CharField(max_length=200, blank=True, help_text="Why there is no number, when there is none")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "event"], name="dose_snapshot_event")]


class DashboardCell(models.Model):
    """One pre-computed number for the dashboards, refreshed by the `outcomes.summaries` job.

    `dimension` is "all", "practice" or "cohort"; `period` is "all" or a year ("2026"); `metric`
    names the number (see summaries.METRICS). Pages read these rows only: no group-by per request."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20)
    dimension_key = models.CharField(max_length=64, blank=True)
    dimension_label = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=10)
    section = models.CharField(max_length=20)
    metric = models.CharField(max_length=60)
    n = models.IntegerField(default=0)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    value2 = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    refreshed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["programme", "dimension", "period", "section"], name="dashcell_lookup")]

    def __str__(self) -> str:
        return f"{self.section}:{self.metric}"

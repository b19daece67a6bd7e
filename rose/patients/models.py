"""The patient record, consent and the timeline that every capability adds to."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rose.core.models import BaseModel


def search_key(text: str) -> str:
    """Upper-case letters only, so prefix search can use a plain b-tree range on any database."""
    return "".join(ch for ch in (text or "").upper() if ch.isalpha())


class PatientStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DISCHARGED = "discharged", "Discharged"
    DECEASED = "deceased", "Deceased"


class Patient(BaseModel):
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="patients")
    nhs_number = models.CharField(max_length=10)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    mobile = models.CharField(max_length=16, blank=True, help_text="E.164, for example +447700900123")
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True, max_length=500)
    postcode = models.CharField(max_length=10, blank=True)
    gp_practice = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="registered_patients")
    communication_needs = models.TextField(blank=True, max_length=1000)
    contact_from = models.TimeField(null=True, blank=True, help_text="Earliest time the patient wants texts or calls")
    contact_until = models.TimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=PatientStatus.choices, default=PatientStatus.ACTIVE)
    family_key = models.CharField(max_length=100, editable=False, db_index=True)
    given_key = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "nhs_number"], name="patient_unique_nhs_number"),
        ]
        indexes = [
            # Name search (selectors.patient_search): a surname prefix read in the list's order,
            # and a first-name prefix.
            models.Index(fields=["programme", "family_key", "given_key", "id"], name="patient_prog_family_given"),
            models.Index(fields=["programme", "given_key", "family_key", "id"], name="patient_prog_given_family"),
            models.Index(fields=["programme", "date_of_birth"], name="patient_prog_dob"),
        ]
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.given_name

    def set_search_keys(self) -> None:
        self.family_key = search_key(self.family_name)
        self.given_key = search_key(self.given_name)


class Consent(BaseModel):
    class Kind(models.TextChoices):
        TEXTS = "texts", "Text messages"
        EVALUATION = "evaluation", "Use of data for evaluation"
        CONTACT = "contact", "Being contacted by the ROSE team"

    class Source(models.TextChoices):
        REFERRAL = "referral", "Referral form"
        STAFF = "staff", "Recorded by staff"
        PATIENT = "patient", "Given by the patient"
        TEXT = "text", "Text message keyword"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    given = models.BooleanField()
    source = models.CharField(max_length=20, choices=Source.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "kind", "-created_at"], name="consent_latest")]
        ordering = ["-created_at"]


class TimelineEntry(BaseModel):
    """One line on the patient's timeline. Capabilities add entries through `timeline_add`."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "-at"], name="timeline_patient_at")]
        ordering = ["-at"]


class Task(BaseModel):
    """A job for the clinical team about one patient: urgent alerts, reviews, call-backs.

    Raised by services in any app (a red-flag text, a PHQ-9 item 9 answer, a paused plan)."""

    class Priority(models.TextChoices):
        URGENT = "urgent", "Urgent"
        NORMAL = "normal", "Normal"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="tasks")
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40, help_text="For example red_flag_text, phq9_item9, plan_review, callback")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    due_at = models.DateTimeField(null=True, blank=True,
                                  help_text="Urgent: the escalation time of working time; otherwise the end of the "
                                            "next working day (docs/worklist.md). Empty on tasks raised before.")
    outcome_note = models.TextField(max_length=1000, blank=True,
                                    help_text="What was done: required when an urgent task is closed")
    escalation_level = models.PositiveSmallIntegerField(
        default=0, help_text="0 not escalated, 1 a second person asked, 2 the programme lead asked")

    class Meta:
        indexes = [models.Index(fields=["programme", "status", "priority", "-created_at"], name="task_queue"),
                   models.Index(fields=["programme", "status", "priority", "due_at"], name="task_worklist")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AccessLink(BaseModel):
    """A single-use link sent to a patient by text. Only a hash of the token is stored.

    Opening it asks for the date of birth; after `max_attempts` wrong answers it locks.
    Used for questionnaires and the patient portal (purpose says which)."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="access_links")
    purpose = models.CharField(max_length=40, help_text="portal, questionnaire, ...")
    target = models.CharField(max_length=200, blank=True, help_text="Object the link opens, e.g. a response id")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} link"

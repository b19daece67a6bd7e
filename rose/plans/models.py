"""One-to-one clinics, consultation records and versioned personalised reduction plans.

A plan's doses live in `PlanVersion.steps` (the dose engine's step JSON, plus `kind` and
`reason` for hand-made changes). Versions are never edited: every change writes a new one.
Only the version named by `Plan.approved_version` is ever used for a patient.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from rose.core.models import AppendOnly, BaseModel


class Immutable(AppendOnly, BaseModel):
    """Rows that record history (transitions, approvals): written once, never changed."""

    class Meta:
        abstract = True


class SlotMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    TELEPHONE = "telephone", "Telephone"
    VIDEO = "video", "Video"


class ClinicSlot(BaseModel):
    """A one-to-one appointment time published by a prescribing clinician."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clinic_slots")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    mode = models.CharField(max_length=12, choices=SlotMode.choices)
    location = models.CharField(max_length=200, blank=True)
    withdrawn = models.BooleanField(default=False)
    current: Booking | None  # not stored: the booking holding the slot, set by rose.plans.selectors.with_current

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["programme", "starts_at"], name="slot_programme_start")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(mode="in_person") | ~models.Q(location=""),
                                   name="slot_in_person_has_location"),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} appointment"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    DNA = "dna", "Did not attend"
    CANCELLED_PATIENT = "cancelled_patient", "Cancelled by the patient"
    CANCELLED_SERVICE = "cancelled_service", "Cancelled by the service"
    REBOOKED = "rebooked", "Rebooked"


OCCUPYING = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.DNA)

BOOKING_TRANSITIONS: dict[str, tuple[str, ...]] = {
    BookingStatus.BOOKED: (BookingStatus.ATTENDED, BookingStatus.DNA, BookingStatus.CANCELLED_PATIENT,
                           BookingStatus.CANCELLED_SERVICE, BookingStatus.REBOOKED),
}


class Booking(BaseModel):
    """A patient booked into a slot. `waitlist_entry_id` names the referrals WaitlistEntry
    (kept as a plain id so plans' migrations do not depend on referrals')."""

    slot = models.ForeignKey(ClinicSlot, on_delete=models.PROTECT, related_name="bookings")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="clinic_bookings")
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    waitlist_entry_id = models.UUIDField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rebooked_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=models.Q(status__in=["booked", "attended", "dna"]),
                                    name="booking_one_per_slot"),
        ]

    def __str__(self) -> str:
        return f"Booking ({self.get_status_display()})"


class BookingStatusChange(Immutable):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=BookingStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "created_at"]


class RedFlag(models.TextChoices):
    """Flags that must pause a taper and bring a clinician in (clinical-facts.md section 2)."""

    LOW_MOOD = "low_mood", "Suicidal thoughts or severe low mood"
    MISUSE = "misuse", "Signs of opioid use disorder or illicit use"
    SEDATION = "sedation", "Sedation"
    CONFUSION = "confusion", "Confusion or slurred speech"
    PREGNANCY = "pregnancy", "Pregnancy"
    WITHDRAWAL = "withdrawal", "Severe withdrawal"


class Decision(models.TextChoices):
    START_PLAN = "start_plan", "Start a reduction plan"
    NOT_NOW = "not_now", "Not ready to reduce yet: review later"
    SPECIALIST = "specialist", "Refer for specialist advice"


class Consultation(BaseModel):
    """The structured record of a one-to-one consultation."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="consultations")
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    regimen = models.JSONField(help_text="The dose engine contract regimen, confirmed or corrected")
    regimen_corrected = models.BooleanField(default=False)
    ome = models.JSONField(help_text="The dose engine's OME answer for the regimen at the time")
    peg_pain = models.PositiveSmallIntegerField()
    peg_enjoyment = models.PositiveSmallIntegerField()
    peg_activity = models.PositiveSmallIntegerField()
    goals = models.TextField(max_length=2000)
    previous_attempts = models.TextField(max_length=2000, blank=True)
    red_flags = models.JSONField(help_text="{flag code: true/false}, every flag answered")
    red_flag_notes = models.TextField(max_length=2000, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decision_notes = models.TextField(max_length=2000)

    class Meta:
        ordering = ["-created_at"]

    @property
    def peg_score(self) -> Decimal:
        """PEG (Krebs 2009): the mean of the three 0-10 items, to one decimal place."""
        total = Decimal(self.peg_pain + self.peg_enjoyment + self.peg_activity)
        return (total / 3).quantize(Decimal("0.1"))

    @property
    def flags_raised(self) -> list[str]:
        return [code for code, answer in self.red_flags.items() if answer]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft: not for use"
    ACTIVE = "active", "In progress"
    PAUSED = "paused", "Paused"
    STOPPED = "stopped", "Stopped"


PLAN_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PlanStatus.DRAFT: (PlanStatus.ACTIVE, PlanStatus.STOPPED),
    PlanStatus.ACTIVE: (PlanStatus.PAUSED, PlanStatus.STOPPED, PlanStatus.ACTIVE),
    PlanStatus.PAUSED: (PlanStatus.ACTIVE, PlanStatus.STOPPED, PlanStatus.PAUSED),
    PlanStatus.STOPPED: (),
}

IN_PROGRESS = (PlanStatus.ACTIVE, PlanStatus.PAUSED)


class Plan(BaseModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="plans")
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="plans")
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_version = models.ForeignKey("PlanVersion", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    latest_version = models.ForeignKey("PlanVersion", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["patient", "status", "-created_at"], name="plan_patient_status")]

    def __str__(self) -> str:
        return "Reduction plan"

    @property
    def is_approved(self) -> bool:
        return self.approved_version_id is not None

    @property
    def latest(self) -> PlanVersion:
        """`latest_version`, typed as never None: plan_create saves a plan's first version in the same
        transaction, so only plan_create itself ever sees a plan without one."""
        if self.latest_version is None:
            raise PlanVersion.DoesNotExist(f"Plan {self.pk} has no version")
        return self.latest_version


class PlanVersion(Immutable):
    """One version of a plan's schedule. Immutable; approval is a separate row."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    request = models.JSONField(help_text="The taper request sent to the dose engine")
    steps = models.JSONField(help_text="Dated steps: the engine's step JSON plus kind and reason")
    warnings = models.JSONField(default=list)
    table = models.CharField(max_length=40)
    table_version = models.CharField(max_length=20)
    starting_ome_mg_per_day = models.DecimalField(max_digits=9, decimal_places=2)
    max_step_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(25))
    change = models.CharField(max_length=200, help_text="What this version changed, e.g. Step 3 adjusted")
    reason = models.TextField(max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number")]

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def start_date(self) -> str:
        return self.steps[0]["start_date"] if self.steps else self.request.get("start_date", "")


class PlanApproval(Immutable):
    """A prescribing clinician's approval of one version: name and register copied at the time."""

    version = models.OneToOneField(PlanVersion, on_delete=models.PROTECT, related_name="approval")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approver_name = models.CharField(max_length=200)
    professional_register = models.CharField(max_length=5)
    registration_number = models.CharField(max_length=20)
    approved_at = models.DateTimeField()


class PlanStatusChange(Immutable):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=10, choices=PlanStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "created_at"]


class DocumentKind(models.TextChoices):
    PATIENT_PLAN = "patient_plan", "Your reduction plan (for the patient)"
    EASY_READ = "easy_read", "Your reduction plan, easy read (for the patient)"
    GP_LETTER = "gp_letter", "Letter to the GP"


class PlanDocument(Immutable):
    """A PDF made from an approved version, stored with it (with the HTML it was made from)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    html = models.TextField()
    pdf = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "kind"], name="plan_document_kind")]

    @property
    def filename(self) -> str:
        return f"{self.kind.replace('_', '-')}-v{self.version.number}.pdf"


class DoseSource(models.TextChoices):
    STAFF = "staff", "Recorded by staff"
    TEXT = "text", "Text message check-in"


class DoseRecord(BaseModel):
    """What the patient actually took on a day (OME mg a day), for the planned-versus-actual chart."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="doses")
    taken_on = models.DateField()
    ome_mg_per_day = models.DecimalField(max_digits=9, decimal_places=2)
    source = models.CharField(max_length=10, choices=DoseSource.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["taken_on", "created_at"]
        indexes = [models.Index(fields=["plan", "taken_on"], name="dose_plan_day")]

"""Referrals from external clinicians, their immutable status history, the programme waitlist
and organisation API tokens for FHIR intake."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rose.core.models import AppendOnly, BaseModel


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    MORE_INFO = "more_info", "More information needed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses in which a referral is still "live": a second one for the same NHS number is flagged.
ACTIVE_STATUSES = (ReferralStatus.SUBMITTED, ReferralStatus.IN_REVIEW, ReferralStatus.MORE_INFO)

# Allowed transitions (the state machine). Every change writes a ReferralStatusChange row.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.DRAFT: (ReferralStatus.SUBMITTED,),
    ReferralStatus.SUBMITTED: (ReferralStatus.IN_REVIEW, ReferralStatus.ACCEPTED, ReferralStatus.DECLINED,
                               ReferralStatus.MORE_INFO, ReferralStatus.WITHDRAWN),
    ReferralStatus.IN_REVIEW: (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.MORE_INFO,
                               ReferralStatus.WITHDRAWN),
    ReferralStatus.MORE_INFO: (ReferralStatus.IN_REVIEW, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN),
    ReferralStatus.ACCEPTED: (),
    ReferralStatus.DECLINED: (),
    ReferralStatus.WITHDRAWN: (),
}


class ReferralSource(models.TextChoices):
    FORM = "form", "Online form"
    FHIR = "fhir", "FHIR API"


class OmeBand(models.IntegerChoices):
    """Stored at submit so the queue filters without recomputing the OME."""

    UNKNOWN = 0, "Not calculable"
    UNDER_50 = 1, "Under 50 mg"
    FROM_50 = 2, "50 to 119 mg"
    FROM_120 = 3, "120 to 299 mg"
    FROM_300 = 4, "300 mg or more"


def ome_band_for(total: object) -> int:
    if total is None:
        return OmeBand.UNKNOWN
    value = float(total)  # type: ignore[arg-type]
    if value < 50:
        return OmeBand.UNDER_50
    if value < 120:
        return OmeBand.FROM_50
    if value < 300:
        return OmeBand.FROM_120
    return OmeBand.FROM_300


class Referral(BaseModel):
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="referrals")
    referrer_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                              related_name="referrals_made")
    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="referrals_made")
    source = models.CharField(max_length=10, choices=ReferralSource.choices, default=ReferralSource.FORM)
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True,
                                 help_text="Given on submit, e.g. ROSE-7K4M-2Q9P. Random, not personal data")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT)
    patient = models.ForeignKey("patients.Patient", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="referrals")

    # Patient identity (copied to the patient record on acceptance)
    nhs_number = models.CharField(max_length=10, blank=True)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    mobile = models.CharField(max_length=16, blank=True)
    gp_practice = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="referrals_for_patients")
    gp_ods_code = models.CharField(max_length=10, blank=True,
                                   help_text="The patient's GP practice ODS code as a FHIR sender gave it")
    communication_needs = models.TextField(blank=True, max_length=1000)

    # Pain
    pain_condition = models.CharField(max_length=300, blank=True)
    pain_duration = models.CharField(max_length=20, blank=True)
    pain_impact = models.TextField(blank=True, max_length=2000)

    # Medicines: `regimen` is the dose engine contract regimen; other_medicines is a list of codes
    regimen = models.JSONField(default=dict, blank=True)
    other_medicines = models.JSONField(default=list, blank=True)
    other_medicines_detail = models.TextField(blank=True, max_length=1000)

    # Eligibility answers {code: bool} and risk flags [code]
    eligibility = models.JSONField(default=dict, blank=True)
    risk_flags = models.JSONField(default=list, blank=True)

    reason = models.TextField(blank=True, max_length=2000)
    hopes = models.TextField(blank=True, max_length=2000)
    consent_texts = models.BooleanField(null=True, blank=True)

    # Computed at submit for the queue (never recomputed on list pages)
    total_ome_mg = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    ome_band = models.PositiveSmallIntegerField(choices=OmeBand.choices, default=OmeBand.UNKNOWN)
    ome_table = models.CharField(max_length=40, blank=True)
    flag_ineligible = models.BooleanField(default=False)
    flag_risk = models.BooleanField(default=False)
    flag_duplicate = models.BooleanField(default=False)

    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=64, blank=True, help_text="Identifier sent by a FHIR client")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["programme", "status", "submitted_at"], name="referral_queue_status"),
            models.Index(fields=["programme", "submitted_at"], name="referral_queue_waiting"),
            models.Index(fields=["programme", "gp_practice", "submitted_at"], name="referral_queue_practice"),
            models.Index(fields=["programme", "ome_band", "submitted_at"], name="referral_queue_band"),
            models.Index(fields=["programme", "nhs_number"], name="referral_nhs_number"),
            models.Index(fields=["referrer_organisation", "-created_at"], name="referral_org"),
        ]

    def __str__(self) -> str:
        return self.reference or "Draft referral"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class ReferralStatusChange(AppendOnly, BaseModel):
    """Immutable: who changed a referral's status, when and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True, max_length=2000)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "created_at"]
        indexes = [models.Index(fields=["referral", "at"], name="referral_status_at")]


class ReferralNote(BaseModel):
    """A question from the ROSE team or the referrer's answer, kept with the referral."""

    class Kind(models.TextChoices):
        QUESTION = "question", "Question from the ROSE team"
        ANSWER = "answer", "Answer from the referrer"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    body = models.TextField(max_length=2000)

    class Meta:
        ordering = ["created_at"]


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    OFFERED = "offered", "Offered a group place"
    BOOKED = "booked", "Booked into a clinic"
    ENROLLED = "enrolled", "Enrolled"
    REMOVED = "removed", "Removed"


class WaitlistPathway(models.TextChoices):
    """What the triaging clinician decided the patient needs. "Both" is the default: it keeps a
    patient visible to group offers and clinic bookings alike until someone narrows it."""

    GROUP = "group", "Group course"
    ONE_TO_ONE = "one_to_one", "One-to-one clinic"
    BOTH = "both", "Group course and one-to-one clinic"


PATHWAY_NEEDS_CLINIC = (WaitlistPathway.ONE_TO_ONE, WaitlistPathway.BOTH)
PATHWAY_NEEDS_GROUP = (WaitlistPathway.GROUP, WaitlistPathway.BOTH)


class WaitlistEntry(BaseModel):
    """The programme's single waitlist, used by groups (course places) and plans (one-to-one)."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="waitlist_entries")
    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="waitlist")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="waitlist_entries")
    status = models.CharField(max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING)
    pathway = models.CharField(max_length=10, choices=WaitlistPathway.choices, default=WaitlistPathway.BOTH)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "waitlist entries"
        indexes = [models.Index(fields=["programme", "status", "added_at"], name="waitlist_queue")]

    def __str__(self) -> str:
        return f"Waitlist entry ({self.get_status_display()})"


class WaitlistStatusChange(AppendOnly, BaseModel):
    """Immutable: who changed a waitlist entry's status, when and why."""

    entry = models.ForeignKey(WaitlistEntry, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=WaitlistStatus.choices)
    to_status = models.CharField(max_length=10, choices=WaitlistStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "created_at"]


class ApiToken(BaseModel):
    """An organisation's FHIR API token. Only a SHA-256 hash is stored; revoked tokens stop working."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to tell tokens apart")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class EligibilityCriterion(BaseModel):
    """The service's eligibility checklist (edited in the admin). Without rows, DEFAULT_ELIGIBILITY applies.

    `expected` is the answer that makes the patient eligible; any other answer is highlighted in
    triage, never auto-declined."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.CASCADE, related_name="eligibility_criteria")
    code = models.SlugField(max_length=40)
    question = models.CharField(max_length=300)
    expected = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="eligibility_unique_code")]

    def __str__(self) -> str:
        return self.question


DEFAULT_ELIGIBILITY: tuple[tuple[str, str, bool], ...] = (
    ("chronic_pain_3_months", "Has chronic non-cancer pain lasted 3 months or more?", True),
    ("opioids_3_months", "Has the patient taken opioids for 3 months or more?", True),
    ("palliative_or_cancer", "Is the pain cancer pain, or is the patient receiving palliative care?", False),
    ("addiction_service_needed", "Does the patient have a dependence that needs a specialist addiction service?",
     False),
    ("agrees_to_referral", "Does the patient agree to be referred and contacted by the ROSE team?", True),
)

RISK_FLAGS: tuple[tuple[str, str], ...] = (
    ("overdose", "Previous overdose"),
    ("suicidal", "Suicidal thoughts or self-harm"),
    ("pregnancy", "Pregnant or planning pregnancy"),
    ("substance_misuse", "Substance or alcohol misuse"),
)

OTHER_MEDICINES: tuple[tuple[str, str], ...] = (
    ("benzodiazepine", "Benzodiazepines (for example diazepam)"),
    ("gabapentinoid", "Gabapentinoids (gabapentin, pregabalin)"),
    ("antidepressant", "Antidepressants"),
    ("z-drug", "Z-drugs (zopiclone, zolpidem)"),
)

PAIN_DURATIONS: tuple[tuple[str, str], ...] = (
    ("lt3m", "Less than 3 months"),
    ("3to12m", "3 to 12 months"),
    ("1to5y", "1 to 5 years"),
    ("gt5y", "More than 5 years"),
)


class FhirIdentifier(BaseModel):
    """An identifier a FHIR sender gave its ServiceRequest (or its If-None-Exist search).

    Unique per organisation, system and value, so sending the same request again (even at the same
    moment) finds the referral already made instead of making another."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="fhir_identifiers")
    system = models.CharField(max_length=200, blank=True)
    value = models.CharField(max_length=200)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["organisation", "system", "value"],
                                               name="fhir_identifier_unique_per_sender")]

    def __str__(self) -> str:
        return "FHIR identifier"

"""Courses (templates of sessions), cohorts (runs of a course), sessions, enrolments with their
immutable transitions, attendance registers and facilitators' calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rose.core.models import AppendOnly, BaseModel


class Course(BaseModel):
    """A named sequence of sessions, for example the six-week ROSE course."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="courses")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    completion_required = models.PositiveSmallIntegerField(
        default=4, help_text="Sessions attended (or attended late) needed to complete the course")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="course_unique_name")]

    def __str__(self) -> str:
        return self.name


class CourseSession(BaseModel):
    """One session of a course template: topic, duration and its learning material."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField()
    topic = models.CharField(max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(default=120)
    learning_url = models.CharField(max_length=300, blank=True,
                                    help_text="Education hub page, for example /learn/patients/pacing/")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["course", "position"], name="coursesession_unique_pos")]

    def __str__(self) -> str:
        return self.topic


class CohortStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    CANCELLED = "cancelled", "Cancelled"


class Cohort(BaseModel):
    """One run of a course with its own dates, venue, capacity and facilitators."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.PROTECT, related_name="cohorts")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200)
    start_date = models.DateField()
    start_time = models.TimeField()
    venue_address = models.TextField(blank=True, max_length=500)
    accessibility_notes = models.TextField(blank=True, max_length=1000)
    online_link = models.URLField(blank=True, max_length=300)
    capacity = models.PositiveSmallIntegerField(default=12)
    nurse = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="cohorts_as_nurse")
    peer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="cohorts_as_peer")
    status = models.CharField(max_length=10, choices=CohortStatus.choices, default=CohortStatus.PLANNED)
    last_session_date = models.DateField(null=True, blank=True, help_text="Kept in step with the sessions")

    class Meta:
        ordering = ["-start_date", "name"]
        indexes = [models.Index(fields=["programme", "start_date"], name="cohort_prog_start")]

    def __str__(self) -> str:
        return self.name


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    TOOK_PLACE = "took_place", "Took place"
    CANCELLED = "cancelled", "Cancelled"


class GroupSession(BaseModel):
    """A dated session of a cohort (not "Session": Django owns that name)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField()
    topic = models.CharField(max_length=200)
    learning_url = models.CharField(max_length=300, blank=True)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=120)
    status = models.CharField(max_length=12, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    facilitator_notes = models.TextField(blank=True, max_length=3000)
    reminders_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "position"]
        indexes = [models.Index(fields=["status", "starts_at"], name="groupsession_due")]

    def __str__(self) -> str:
        return f"Session {self.position}: {self.topic}"


class EnrolmentStatus(models.TextChoices):
    OFFERED = "offered", "Offered a place"
    ENROLLED = "enrolled", "Enrolled"
    DECLINED = "declined", "Declined the offer"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Offer lapsed (no answer)"


OPEN_STATUSES = (EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED)

ENROLMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "": (EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED),
    EnrolmentStatus.OFFERED: (EnrolmentStatus.ENROLLED, EnrolmentStatus.DECLINED, EnrolmentStatus.WITHDRAWN,
                              EnrolmentStatus.EXPIRED),
    EnrolmentStatus.ENROLLED: (EnrolmentStatus.WITHDRAWN,),
    EnrolmentStatus.DECLINED: (),
    EnrolmentStatus.WITHDRAWN: (),
    EnrolmentStatus.EXPIRED: (),
}


class Enrolment(BaseModel):
    """A patient's place (offered or taken) in a cohort. One row per patient per cohort."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="group_enrolments")
    waitlist_entry_id = models.UUIDField(null=True, blank=True,
                                         help_text="referrals.WaitlistEntry the place was offered from")
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)
    offered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["cohort", "patient"], name="enrolment_unique_patient")]
        indexes = [models.Index(fields=["patient", "status"], name="enrolment_patient_status"),
                   models.Index(fields=["status", "offered_at"], name="enrolment_status_offered")]

    def __str__(self) -> str:
        return f"Enrolment ({self.get_status_display()})"


class EnrolmentTransition(AppendOnly, BaseModel):
    """Immutable: who moved an enrolment between statuses, when, how and why."""

    class Via(models.TextChoices):
        STAFF = "staff", "Staff"
        TEXT = "text", "Patient's text reply"
        SYSTEM = "system", "Automatic"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.STAFF)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "created_at"]


class AttendanceStatus(models.TextChoices):
    NOT_RECORDED = "not_recorded", "Not recorded"
    ATTENDED = "attended", "Attended"
    LATE = "late", "Attended late"
    DID_NOT_ATTEND = "dna", "Did not attend"
    APOLOGIES = "apologies", "Sent apologies"


COUNTS_AS_ATTENDED = (AttendanceStatus.ATTENDED, AttendanceStatus.LATE)


class Attendance(BaseModel):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.NOT_RECORDED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_unique")]


class CalendarFeed(BaseModel):
    """A facilitator's secret iCalendar feed. Only a hash of the token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

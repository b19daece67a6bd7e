"""Course templates: the default six-week course and changes to a programme's courses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.groups.models import Course, CourseSession

if TYPE_CHECKING:
    from rose.accounts.models import Programme, User

DEFAULT_COURSE_NAME = "ROSE six-week course"
DEFAULT_TOPICS = (
    ("Understanding pain", "understanding-pain"),
    ("Opioids and withdrawal", "opioids-and-withdrawal"),
    ("Pacing", "pacing"),
    ("Mindfulness and relaxation", "mindfulness-and-relaxation"),
    ("Graded activity", "graded-activity"),
    ("Sleep and flare-up planning", "sleep-and-flare-ups"),
)


@transaction.atomic
def course_default_for_programme(*, programme: Programme) -> Course:
    """The default course (six weekly two-hour sessions), created the first time it is needed."""
    course, created = Course.objects.get_or_create(
        programme=programme, name=DEFAULT_COURSE_NAME,
        defaults={"description": "Six weekly two-hour group sessions", "completion_required": 4})
    if created:
        CourseSession.objects.bulk_create([
            CourseSession(course=course, position=index, topic=topic, duration_minutes=120,
                          learning_url=f"/learn/patients/{slug}/")
            for index, (topic, slug) in enumerate(DEFAULT_TOPICS, start=1)])
    return course


@transaction.atomic
def course_save(*, programme: Programme, actor: User, course: Course | None = None, name: str, description: str = "",
                completion_required: int, sessions: list[dict[str, Any]]) -> Course:
    """Create or change a course template. Its sessions are replaced in the order given. Cohorts
    already planned keep the sessions they were made with; only new cohorts use the change."""
    name = name.strip()
    if not sessions:
        raise ValidationError("A course needs at least one session")
    if not 1 <= completion_required <= len(sessions):
        raise ValidationError({"completion_required": f"A patient cannot need more sessions than the course has "
                                                      f"({len(sessions)})"})
    clash = Course.objects.filter(programme=programme, name__iexact=name)
    if course is not None:
        clash = clash.exclude(pk=course.pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already a course called {name}"})
    created = course is None
    if course is None:
        course = Course(programme=programme)
    elif course.programme_id != programme.pk:
        raise ValidationError("Choose a course from your programme")
    course.name, course.description, course.completion_required = name, description.strip(), completion_required
    course.save()
    course.sessions.all().delete()
    CourseSession.objects.bulk_create([
        CourseSession(course=course, position=index, topic=row["topic"], duration_minutes=row["duration_minutes"],
                      learning_url=row.get("learning_url", ""))
        for index, row in enumerate(sessions, start=1)])
    audit_log(action=AuditAction.CREATE if created else AuditAction.UPDATE, actor=actor, obj=course,
              detail={"sessions": len(sessions), "completion_required": completion_required})
    return course

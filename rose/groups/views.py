"""Group programme pages: cohorts, offers, registers, calendars and reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.accounts.roles import Role
from rose.accounts.selectors import staff_for_programme
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_list, audit_view
from rose.core.forms import form_submit
from rose.groups import calendars, reports, selectors, services
from rose.groups.forms import (
    SPARE_SESSION_ROWS,
    CohortCancelForm,
    CohortForm,
    CohortRescheduleForm,
    CourseForm,
    OfferForm,
    RegisterForm,
    RespondForm,
    SessionCancelForm,
    SessionMoveForm,
    WithdrawForm,
)
from rose.groups.models import AttendanceStatus

ATTENDANCE_LABELS = dict(AttendanceStatus.choices) | {AttendanceStatus.NOT_RECORDED: "Not recorded"}


def _posted(request: HttpRequest) -> object:
    """Bind on every POST, even an empty one, so a blank submission shows its errors."""
    return request.POST if request.method == "POST" else None


@require_perm("groups.view_cohort")
def cohort_list(request: SignedInRequest) -> HttpResponse:
    cohorts = selectors.cohort_list(user=request.user)
    return render(request, "groups/cohort_list.jinja", {"cohorts": cohorts, "page_title": "Group courses"})


@require_perm("groups.manage_course")
def course_list(request: SignedInRequest) -> HttpResponse:
    services.course_default_for_programme(programme=request.user.programme)  # type: ignore[arg-type]
    courses = selectors.course_list_for_user(user=request.user)
    return render(request, "groups/course_list.jinja", {"courses": courses, "page_title": "Course templates"})


def _course_form(request: SignedInRequest, course: object | None) -> HttpResponse:
    sessions = selectors.course_sessions(course=course) if course is not None else []  # type: ignore[arg-type]
    initial: dict[str, object] = {"completion_required": 4}
    if course is not None:
        initial = {"name": course.name, "description": course.description,  # type: ignore[attr-defined]
                   "completion_required": course.completion_required}  # type: ignore[attr-defined]
        for i, session in enumerate(sessions, start=1):
            initial |= {f"session_{i}_topic": session.topic, f"session_{i}_duration": session.duration_minutes,
                        f"session_{i}_learning_url": session.learning_url}
    form = CourseForm(_posted(request), initial=initial, rows=len(sessions) + SPARE_SESSION_ROWS)

    def save() -> object:
        data = form.cleaned_data
        return services.course_save(programme=request.user.programme, actor=request.user,  # type: ignore[arg-type]
                                    course=course, name=data["name"],  # type: ignore[arg-type]
                                    description=data["description"],
                                    completion_required=data["completion_required"], sessions=data["sessions"])

    done, saved = form_submit(request, form, save)
    if done:
        messages.success(request, f"{saved.name} saved with {len(form.cleaned_data['sessions'])} sessions")
        return redirect("groups:course_list")
    title = f"Change {course.name}" if course is not None else "Add a course"  # type: ignore[attr-defined]
    return render(request, "groups/course_form.jinja", {"form": form, "course": course, "page_title": title})


@require_perm("groups.manage_course")
def course_create(request: SignedInRequest) -> HttpResponse:
    return _course_form(request, None)


@require_perm("groups.manage_course")
def course_edit(request: SignedInRequest, course_id: str) -> HttpResponse:
    return _course_form(request, selectors.course_get_for_user(user=request.user, course_id=course_id))


@require_perm("groups.manage_cohort")
def cohort_create(request: SignedInRequest) -> HttpResponse:
    services.course_default_for_programme(programme=request.user.programme)  # type: ignore[arg-type]
    form = CohortForm(_posted(request), courses=selectors.courses_for_user(user=request.user),
                      staff=staff_for_programme(user=request.user), initial={"capacity": 12})
    done, cohort = form_submit(request, form, lambda: services.cohort_create(
        actor=request.user, programme=request.user.programme, **form.cleaned_data))  # type: ignore[arg-type]
    if done:
        messages.success(request, f"{cohort.name} created with {cohort.sessions.count()} sessions")
        return redirect("groups:cohort_detail", cohort_id=cohort.pk)
    return render(request, "groups/cohort_form.jinja", {"form": form, "page_title": "Plan a cohort"})


@require_perm("groups.manage_cohort")
def cohort_edit(request: SignedInRequest, cohort_id: str) -> HttpResponse:
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=cohort_id)
    initial = {name: getattr(cohort, name) for name in services.COHORT_FIELDS}
    form = CohortForm(_posted(request), courses=selectors.courses_for_user(user=request.user),
                      staff=staff_for_programme(user=request.user), initial=initial, editing=True)
    if form_submit(request, form, lambda: services.cohort_update(cohort=cohort, actor=request.user,
                                                                 **form.cleaned_data))[0]:
        messages.success(request, "Cohort details saved")
        return redirect("groups:cohort_detail", cohort_id=cohort.pk)
    return render(request, "groups/cohort_form.jinja", {"form": form, "cohort": cohort,
                                                        "page_title": f"Change {cohort.name}"})


@shows_patient_data
@require_perm("groups.view_cohort")
def cohort_detail(request: SignedInRequest, cohort_id: str) -> HttpResponse:
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=cohort_id)
    sessions = selectors.sessions_for_cohort(cohort=cohort)
    register = selectors.register_matrix(cohort=cohort, sessions=sessions)
    audit_list(request, obj=cohort, patient_ids=[row.enrolment.patient_id for row in register])
    context = {"cohort": cohort, "sessions": sessions, "page_title": cohort.name, "register": register,
               "warnings": selectors.cohort_warnings(cohort=cohort), "attendance_labels": ATTENDANCE_LABELS}
    if request.user.role == Role.PEER:
        return render(request, "groups/peer_cohort.jinja", context)
    context.update({
        "enrolments": selectors.enrolments_for_cohort(cohort=cohort),
        "free_places": selectors.free_places(cohort=cohort),
        "waiting": selectors.waiting_for_user(user=request.user, cohort=cohort, limit=10),
        "can_manage": request.user.has_perm("groups.manage_cohort"),
        "can_record": request.user.has_perm("groups.record_register"),
    })
    return render(request, "groups/cohort_detail.jinja", context)


@shows_patient_data
@require_perm("groups.record_register")
def cohort_print(request: SignedInRequest, cohort_id: str) -> HttpResponse:
    """A register to print and fill in by hand at the session."""
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=cohort_id)
    sessions = selectors.sessions_for_cohort(cohort=cohort)
    register = selectors.register_matrix(cohort=cohort, sessions=sessions)
    audit_list(request, obj=cohort, patient_ids=[row.enrolment.patient_id for row in register],
               detail={"page": "print_register"})
    return render(request, "groups/cohort_print.jinja", {
        "cohort": cohort, "sessions": sessions, "page_title": f"Register: {cohort.name}", "register": register,
        "attendance_labels": ATTENDANCE_LABELS})


@require_POST
@require_perm("groups.manage_cohort")
def cohort_offer(request: SignedInRequest, cohort_id: str) -> HttpResponse:
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=cohort_id)
    form = OfferForm(request.POST)
    try:
        if request.POST.get("fill"):
            offers = services.cohort_fill_from_waitlist(cohort=cohort, actor=request.user)
            messages.success(request, f"{len(offers)} places offered")
        elif form.is_valid():
            entry = selectors.waitlist_entry_for_user(user=request.user, entry_id=form.cleaned_data["entry"])
            services.enrolment_offer(cohort=cohort, entry=entry, actor=request.user)
            messages.success(request, "Place offered")
        else:
            messages.error(request, "Choose a patient from the waitlist")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("groups:cohort_detail", cohort_id=cohort.pk)


@shows_patient_data
@require_perm("groups.manage_cohort")
def enrolment_respond(request: SignedInRequest, enrolment_id: str) -> HttpResponse:
    enrolment = selectors.enrolment_get_for_user(user=request.user, enrolment_id=enrolment_id)
    audit_view(request, obj=enrolment, patient=enrolment.patient)
    form = RespondForm(_posted(request))
    def answer() -> object:
        if form.cleaned_data["answer"] == "accept":
            return services.enrolment_accept(enrolment=enrolment, actor=request.user)
        return services.enrolment_decline(enrolment=enrolment, actor=request.user, reason="Declined to staff")

    if form_submit(request, form, answer)[0]:
        messages.success(request, "Answer recorded")
        return redirect("groups:cohort_detail", cohort_id=enrolment.cohort_id)
    return render(request, "groups/enrolment_form.jinja", {
        "form": form, "enrolment": enrolment, "button_text": "Save answer",
        "page_title": f"Answer to the offer for {enrolment.patient.full_name}"})


@shows_patient_data
@require_perm("groups.manage_cohort")
def enrolment_withdraw(request: SignedInRequest, enrolment_id: str) -> HttpResponse:
    enrolment = selectors.enrolment_get_for_user(user=request.user, enrolment_id=enrolment_id)
    audit_view(request, obj=enrolment, patient=enrolment.patient, detail={"page": "withdraw"})
    form = WithdrawForm(_posted(request))
    if form_submit(request, form, lambda: services.enrolment_withdraw(
            enrolment=enrolment, actor=request.user, reason=form.cleaned_data["reason"]))[0]:
        messages.success(request, "Withdrawn and returned to the waitlist")
        return redirect("groups:cohort_detail", cohort_id=enrolment.cohort_id)
    return render(request, "groups/enrolment_form.jinja", {
        "form": form, "enrolment": enrolment, "button_text": "Withdraw from the course",
        "page_title": f"Withdraw {enrolment.patient.full_name}"})


@require_perm("groups.manage_cohort")
def session_move(request: SignedInRequest, session_id: str) -> HttpResponse:
    session = selectors.session_get_for_user(user=request.user, session_id=session_id)
    form = SessionMoveForm(_posted(request))
    if form_submit(request, form, lambda: services.session_move(
            session=session, actor=request.user, starts_at=form.starts_at(), reason=form.cleaned_data["reason"]))[0]:
        messages.success(request, "Session moved. Enrolled patients will get a text.")
        return redirect("groups:cohort_detail", cohort_id=session.cohort_id)
    return render(request, "groups/session_form.jinja", {
        "form": form, "session": session, "button_text": "Move session",
        "page_title": f"Move session {session.position}"})


@require_perm("groups.manage_cohort")
def cohort_reschedule(request: SignedInRequest, cohort_id: str) -> HttpResponse:
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=cohort_id)
    form = CohortRescheduleForm(_posted(request), initial={"start_time": cohort.start_time})
    if form_submit(request, form, lambda: services.cohort_reschedule(cohort=cohort, actor=request.user,
                                                                     **form.cleaned_data))[0]:
        messages.success(request, "Cohort moved. Patients with a place or an offer will get a text.")
        return redirect("groups:cohort_detail", cohort_id=cohort.pk)
    return render(request, "groups/cohort_change.jinja", {
        "form": form, "cohort": cohort, "button_text": "Move the cohort",
        "page_title": f"Move {cohort.name} to new dates"})


@require_perm("groups.manage_cohort")
def cohort_cancel(request: SignedInRequest, cohort_id: str) -> HttpResponse:
    cohort = selectors.cohort_get_for_user(user=request.user, cohort_id=cohort_id)
    form = CohortCancelForm(_posted(request))
    if form_submit(request, form, lambda: services.cohort_cancel(cohort=cohort, actor=request.user,
                                                                 reason=form.cleaned_data["reason"]))[0]:
        messages.success(request, "Cohort cancelled. Patients with a place or an offer are back on the "
                                  "waitlist and will get a text.")
        return redirect("groups:cohort_detail", cohort_id=cohort.pk)
    return render(request, "groups/cohort_change.jinja", {
        "form": form, "cohort": cohort, "button_text": "Cancel the cohort",
        "page_title": f"Cancel {cohort.name}"})


@require_perm("groups.manage_cohort")
def session_cancel(request: SignedInRequest, session_id: str) -> HttpResponse:
    session = selectors.session_get_for_user(user=request.user, session_id=session_id)
    form = SessionCancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.session_cancel(session=session, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Session cancelled. Enrolled patients will get a text.")
        return redirect("groups:cohort_detail", cohort_id=session.cohort_id)
    return render(request, "groups/session_form.jinja", {"form": form, "session": session,
                                                         "button_text": "Cancel session",
                                                         "page_title": f"Cancel session {session.position}"})


@shows_patient_data
@require_perm("groups.record_register")
def session_register(request: SignedInRequest, session_id: str) -> HttpResponse:
    session = selectors.session_get_for_user(user=request.user, session_id=session_id)
    attendance = selectors.session_attendance(session=session)
    audit_list(request, obj=session, patient_ids=[enrolment.patient_id for enrolment, _ in attendance],
               detail={"page": "register"})
    initial: dict[str, str | None] = {f"a_{enrolment.pk}": status for enrolment, status in attendance}
    initial.update({"notes": session.facilitator_notes,
                    "took_place": {"took_place": "yes", "cancelled": "no"}.get(session.status)})
    form = RegisterForm(_posted(request), initial=initial, enrolments=[e for e, _ in attendance])
    if form_submit(request, form, lambda: services.register_record(
            session=session, actor=request.user, took_place=form.cleaned_data["took_place"],
            statuses=form.statuses(), notes=form.cleaned_data["notes"]))[0]:
        messages.success(request, "Register saved")
        return redirect("groups:cohort_detail", cohort_id=session.cohort_id)
    return render(request, "groups/register_form.jinja", {
        "form": form, "session": session, "page_title": f"Register for session {session.position}"})


def session_ics(request: HttpRequest, session_id: str) -> HttpResponse:
    """Public: a patient's calendar file for one session (the link is in their texts)."""
    session = selectors.session_public(session_id=session_id)
    if session is None:
        raise Http404("No such session")
    response = HttpResponse(calendars.sessions_ics([session], name="ROSE group session"),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rose-session-{session.position}.ics"'
    return response


def facilitator_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public but secret: a facilitator's subscribed calendar. A revoked token is 404."""
    feed = selectors.calendar_feed_by_token_hash(token_hash=services.token_hash(token))
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    sessions = selectors.sessions_for_facilitator(user=feed.user)
    return HttpResponse(calendars.sessions_ics(sessions, name="ROSE group sessions"),
                        content_type="text/calendar; charset=utf-8")


@require_perm("groups.use_calendar_feed")
def calendar_feeds(request: SignedInRequest) -> HttpResponse:
    new_url = None
    if request.method == "POST":
        _, token = services.calendar_feed_create(user=request.user)
        new_url = request.build_absolute_uri(f"/groups/calendar/{token}.ics")
    return render(request, "groups/calendar_feeds.jinja", {
        "feeds": selectors.calendar_feeds_for_user(user=request.user), "new_url": new_url,
        "page_title": "Your group calendar"})


@require_POST
@require_perm("groups.use_calendar_feed")
def calendar_feed_revoke(request: SignedInRequest, feed_id: str) -> HttpResponse:
    feed = selectors.calendar_feed_get_for_user(user=request.user, feed_id=feed_id)
    services.calendar_feed_revoke(feed=feed, actor=request.user)
    messages.success(request, "Calendar link switched off")
    return redirect("groups:calendar_feeds")


@require_perm("groups.view_reports")
def group_reports(request: SignedInRequest) -> HttpResponse:
    return render(request, "groups/reports.jinja", {"report": reports.programme_report(user=request.user),
                                                    "page_title": "Group course reports"})



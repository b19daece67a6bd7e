"""Writes for outcome data: instruments, schedules, invitations, answers, scores, alerts and doses.

Invitation lifecycle (immutable InvitationTransition rows):

    invited -> in_progress -> completed
    invited | in_progress -> expired (window closed; partial answers kept and scored where possible)
    invited | in_progress -> cancelled (patient discharged or left the programme)
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.outcomes import instruments as defs
from rose.outcomes.models import (
    Anchor,
    Answer,
    DoseSnapshot,
    Instrument,
    Invitation,
    InvitationTransition,
    OutcomeEvent,
    Response,
)
from rose.patients.access_links import access_link_create, access_link_url
from rose.patients.models import Patient, PatientStatus
from rose.patients.services import task_create, timeline_add

logger = logging.getLogger(__name__)

LINK_PURPOSE = "questionnaire"
LINK_VALID_FOR = dt.timedelta(days=7)
REMINDER_DAYS = (3, 6)
S = Invitation.Status
TRANSITIONS: dict[str, set[str]] = {
    S.INVITED: {S.IN_PROGRESS, S.COMPLETED, S.EXPIRED, S.CANCELLED},
    S.IN_PROGRESS: {S.COMPLETED, S.EXPIRED, S.CANCELLED},
    S.COMPLETED: set(),
    S.EXPIRED: set(),
    S.CANCELLED: set(),
}

# The default schedule (docs/outcomes.md); a programme changes its own rows in the admin.
DEFAULT_EVENTS: list[dict[str, Any]] = [
    {"code": "baseline", "label": "Baseline", "anchor": Anchor.FIRST_GROUP_SESSION, "offset_days": -7,
     "window_before_days": 14, "window_after_days": 7, "is_baseline": True,
     "instruments": ["peg", "phq9", "gad7", "sci"]},
    # The one-to-one pathway's baseline: opens when the plan is drafted (or 28 days before its start),
    # due the day before the plan starts and closed once it has started. A patient gets ONE baseline
    # whichever pathway comes first (`_baselines_pick`, `invitation_create`).
    {"code": "baseline_one_to_one", "label": "Baseline (one-to-one)", "anchor": Anchor.PLAN_DRAFTED_START,
     "offset_days": -1, "window_before_days": 27, "window_after_days": 1, "is_baseline": True,
     "instruments": ["peg", "phq9", "gad7", "sci"]},
    {"code": "end_of_course", "label": "End of course", "anchor": Anchor.COURSE_END, "offset_days": 0,
     "window_before_days": 3, "window_after_days": 21, "instruments": ["peg", "phq9", "gad7", "sci", "pgic", "fft"]},
    {"code": "month_3", "label": "3 months", "anchor": Anchor.PLAN_START, "offset_days": 91,
     "window_before_days": 14, "window_after_days": 28, "instruments": ["peg", "phq9", "gad7", "pgic"]},
    {"code": "month_6", "label": "6 months", "anchor": Anchor.PLAN_START, "offset_days": 182,
     "window_before_days": 14, "window_after_days": 28, "instruments": ["peg", "phq9", "gad7", "sci", "pgic"]},
    {"code": "month_12", "label": "12 months", "anchor": Anchor.PLAN_START, "offset_days": 365,
     "window_before_days": 14, "window_after_days": 42, "instruments": ["peg", "phq9", "gad7", "sci", "pgic", "fft"]},
]

CRISIS_SIGNPOSTING = (
    "If you feel you might act on thoughts of harming yourself, or you are in danger now, call 999 or go to A&E. "
    "For urgent mental health help call NHS 111 and choose option 2. You can talk to Samaritans any time, "
    "day or night, free on 116 123."
)


# ---------------------------------------------------------------- instruments

@transaction.atomic
def instrument_load(*, definition: dict[str, Any], builtin: bool = False, actor: Any = None) -> Instrument:
    """Validate and store a definition. The same code and version twice must be identical."""
    defs.validate_definition(definition)
    existing = Instrument.objects.filter(code=definition["code"], version=str(definition["version"])).first()
    if existing is not None:
        if existing.definition != definition:
            raise defs.DefinitionError([f"{definition['code']} version {definition['version']} is already loaded "
                                        "with different content: give the changed file a new version"])
        return existing
    Instrument.objects.filter(code=definition["code"]).update(active=False)
    instrument = Instrument.objects.create(code=definition["code"], version=str(definition["version"]),
                                           name=definition["name"][:200], definition=definition, builtin=builtin)
    audit_log(action=AuditAction.CREATE, actor=actor, actor_label=None if actor else "system", obj=instrument,
              detail={"instrument": instrument.code, "version": instrument.version})
    return instrument


def instruments_sync_builtin() -> None:
    for definition in defs.builtin_definitions():
        if not Instrument.objects.filter(code=definition["code"], version=str(definition["version"])).exists():
            instrument_load(definition=definition, builtin=True)


def instruments_current(codes: list[str]) -> dict[str, Instrument]:
    """The active version of each code, loading the built-in files on first use."""
    found = {i.code: i for i in Instrument.objects.filter(code__in=codes, active=True)}
    if len(found) < len(set(codes)) and any(c in defs.BUILTIN_CODES for c in codes if c not in found):
        instruments_sync_builtin()
        found = {i.code: i for i in Instrument.objects.filter(code__in=codes, active=True)}
    return found


# ---------------------------------------------------------------- schedule

@transaction.atomic
def schedule_ensure_defaults(*, programme: Any) -> list[OutcomeEvent]:
    if not OutcomeEvent.objects.filter(programme=programme).exists():
        for order, event in enumerate(DEFAULT_EVENTS):
            OutcomeEvent.objects.create(programme=programme, order=order, **event)
    return list(OutcomeEvent.objects.filter(programme=programme, active=True).order_by("order"))


def _cohort_sessions(patient: Patient) -> list[dt.datetime]:
    """Start times of the sessions of the patient's group course (enrolled place, newest cohort)."""
    from rose.groups.models import Enrolment, EnrolmentStatus, GroupSession, SessionStatus

    enrolment = (Enrolment.objects.filter(patient=patient, status=EnrolmentStatus.ENROLLED,
                                          cohort__programme_id=patient.programme_id)
                 .order_by("-cohort__start_date").first())
    if enrolment is None:
        return []
    return list(GroupSession.objects.filter(cohort_id=enrolment.cohort_id).exclude(status=SessionStatus.CANCELLED)
                .order_by("starts_at").values_list("starts_at", flat=True))


def _first_group_session(patient: Patient) -> dt.date | None:
    sessions = _cohort_sessions(patient)
    return timezone.localdate(sessions[0]) if sessions else None


def _course_end(patient: Patient) -> dt.date | None:
    sessions = _cohort_sessions(patient)
    return timezone.localdate(sessions[-1]) if sessions else None


def _first_approved_plan(patient: Patient) -> Any:
    from rose.plans.models import Plan

    return (Plan.objects.filter(patient=patient, approved_version__isnull=False)
            .select_related("approved_version").order_by("created_at").first())


def _plan_start(patient: Patient) -> dt.date | None:
    plan = _first_approved_plan(patient)
    if plan is None or not plan.approved_version.start_date:
        return None
    return dt.date.fromisoformat(str(plan.approved_version.start_date)[:10])


LIVE_PLAN_STATUSES = ("draft", "active", "paused")  # plans.PlanStatus without "stopped"


def _current_plan(patient: Patient) -> Any:
    """The patient's first plan that has not been stopped, draft or approved (one-to-one pathway)."""
    from rose.plans.models import Plan

    return (Plan.objects.filter(patient=patient, programme_id=patient.programme_id, status__in=LIVE_PLAN_STATUSES,
                                latest_version__isnull=False)
            .select_related("approved_version", "latest_version").order_by("created_at").first())


def _plan_drafted_start(patient: Patient) -> dt.date | None:
    """The start date of that plan: its approved version's, else its latest draft's. Known from the
    day the plan is drafted, so the baseline can be asked before the first reduction."""
    plan = _current_plan(patient)
    if plan is None:
        return None
    start = (plan.approved_version or plan.latest_version).start_date
    return dt.date.fromisoformat(str(start)[:10]) if start else None


# Anchor -> callable(patient) -> date | None. Tests and other deployments may replace entries.
ANCHOR_PROVIDERS: dict[str, Any] = {
    Anchor.FIRST_GROUP_SESSION: _first_group_session,
    Anchor.COURSE_END: _course_end,
    Anchor.PLAN_START: _plan_start,
    Anchor.PLAN_DRAFTED_START: _plan_drafted_start,
}
_BUILT_IN_PROVIDERS = dict(ANCHOR_PROVIDERS)


def _id_range(patient_ids: list[Any]) -> Q:
    """Rows of the patients from the smallest to the largest id: a range on the patient index rather
    than a list of 5,000 ids the database must parse and plan (callers look up only their own ids)."""
    return Q(patient_id__gte=min(patient_ids), patient_id__lte=max(patient_ids))


def _course_dates_many(programme_id: Any, patient_ids: list[Any]) -> dict[Any, tuple[dt.date, dt.date]]:
    """(first session, last session) local dates of each patient's course, as _cohort_sessions
    finds it for one patient (enrolled place, newest cohort, sessions not cancelled): 2 queries."""
    from django.db.models import Max, Min

    from rose.groups.models import Enrolment, EnrolmentStatus, GroupSession, SessionStatus

    cohort_of: dict[Any, Any] = {}
    for patient_id, cohort_id in (Enrolment.objects.filter(
            _id_range(patient_ids), status=EnrolmentStatus.ENROLLED, cohort__programme_id=programme_id)
            .order_by("patient_id", "-cohort__start_date").values_list("patient_id", "cohort_id")):
        cohort_of.setdefault(patient_id, cohort_id)
    spans = {row["cohort_id"]: (timezone.localdate(row["first"]), timezone.localdate(row["last"])) for row in
             GroupSession.objects.filter(cohort_id__in=set(cohort_of.values()))
             .exclude(status=SessionStatus.CANCELLED).order_by().values("cohort_id")
             .annotate(first=Min("starts_at"), last=Max("starts_at"))}
    return {patient_id: spans[cohort_id] for patient_id, cohort_id in cohort_of.items() if cohort_id in spans}


def _plan_starts_many(programme_id: Any, patient_ids: list[Any]) -> dict[Any, dt.date]:
    """Each patient's first approved plan's start date, as _plan_start finds it: 1 query reading only
    the date out of the approved version's JSON."""
    from django.db.models.fields.json import KeyTextTransform, KeyTransform
    from django.db.models.functions import Coalesce

    from rose.plans.models import Plan

    starts: dict[Any, dt.date | None] = {}
    rows = (Plan.objects.filter(_id_range(patient_ids), programme_id=programme_id, approved_version__isnull=False)
            .order_by("patient_id", "created_at")
            .values_list("patient_id", Coalesce(
                KeyTextTransform("start_date", KeyTransform("0", "approved_version__steps")),
                KeyTextTransform("start_date", "approved_version__request"))))
    for patient_id, start in rows:
        if patient_id not in starts:
            starts[patient_id] = dt.date.fromisoformat(str(start)[:10]) if start else None
    return {patient_id: start for patient_id, start in starts.items() if start is not None}


def _plan_drafted_starts_many(programme_id: Any, patient_ids: list[Any]) -> dict[Any, dt.date]:
    """_plan_drafted_start for a batch of patients: 1 query reading only the dates out of the JSON."""
    from django.db.models.fields.json import KeyTextTransform, KeyTransform
    from django.db.models.functions import Coalesce

    from rose.plans.models import Plan

    def start(version: str) -> list[Any]:
        return [KeyTextTransform("start_date", KeyTransform("0", f"{version}__steps")),
                KeyTextTransform("start_date", f"{version}__request")]

    starts: dict[Any, dt.date | None] = {}
    rows = (Plan.objects.filter(_id_range(patient_ids), programme_id=programme_id, status__in=LIVE_PLAN_STATUSES,
                                latest_version__isnull=False)
            .order_by("patient_id", "created_at")
            .values_list("patient_id", Coalesce(*start("approved_version"), *start("latest_version"))))
    for patient_id, date in rows:
        if patient_id not in starts:
            starts[patient_id] = dt.date.fromisoformat(str(date)[:10]) if date else None
    return {patient_id: date for patient_id, date in starts.items() if date is not None}


def _anchors_many(programme_id: Any, patient_ids: list[Any], anchors: set[str]) -> dict[str, dict[Any, dt.date]]:
    """Anchor -> {patient id: date} for a batch of patients, in a handful of queries. An anchor whose
    per-patient provider has been replaced (a test, another deployment) asks that provider instead."""
    found: dict[str, dict[Any, dt.date]] = {}
    courses = None
    for anchor in anchors:
        provider = ANCHOR_PROVIDERS.get(anchor)
        if provider is None:
            found[anchor] = {}
        elif provider is not _BUILT_IN_PROVIDERS.get(anchor):
            patients = Patient.objects.filter(pk__in=patient_ids)
            found[anchor] = {p.pk: date for p in patients if (date := provider(p)) is not None}
        elif anchor == Anchor.PLAN_START:
            found[anchor] = _plan_starts_many(programme_id, patient_ids)
        elif anchor == Anchor.PLAN_DRAFTED_START:
            found[anchor] = _plan_drafted_starts_many(programme_id, patient_ids)
        else:
            courses = courses if courses is not None else _course_dates_many(programme_id, patient_ids)
            side = 0 if anchor == Anchor.FIRST_GROUP_SESSION else 1
            found[anchor] = {patient_id: span[side] for patient_id, span in courses.items()}
    return found


def event_window(*, event: OutcomeEvent, anchor_date: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(opens, due, closes) for an event given its anchor date."""
    due = anchor_date + dt.timedelta(days=event.offset_days)
    return due - dt.timedelta(days=event.window_before_days), due, due + dt.timedelta(days=event.window_after_days)


def _transition(invitation: Invitation, to: str, *, actor: Any = None, reason: str = "") -> None:
    if to not in TRANSITIONS[invitation.status]:
        raise ValidationError(f"An invitation that is {invitation.get_status_display().lower()} cannot become {to}")
    InvitationTransition.objects.create(
        invitation=invitation, from_status=invitation.status, to_status=to,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label="staff" if getattr(actor, "is_authenticated", False) else (actor or "system"), reason=reason[:200])
    invitation.status = to
    if to == S.COMPLETED:
        invitation.completed_at = timezone.now()
    invitation.save(update_fields=["status", "completed_at", "updated_at"])


def _message_schedule(**kwargs: Any) -> Any:
    """Send through messaging (returns None when the patient cannot be texted)."""
    try:
        from rose.messaging.services import message_schedule
    except ImportError:
        logger.warning("outcomes: messaging is not available; invitation not texted")
        return None
    return message_schedule(**kwargs)


def invitation_link_text(invitation: Invitation, *, purpose: str, body: str, actor: Any = None) -> Any:
    valid_for = max(dt.timedelta(days=1), min(LINK_VALID_FOR, dt.timedelta(
        days=(invitation.closes_on - timezone.localdate()).days + 1)))
    token = access_link_create(patient=invitation.patient, purpose=LINK_PURPOSE, target=str(invitation.pk),
                               valid_for=valid_for)
    return _message_schedule(patient=invitation.patient, purpose=purpose, body=body.format(url=access_link_url(token)),
                             related=invitation, actor=actor)


INVITE_TEXT = ("ROSE pain service: please answer a few short questions about how you are. It takes about "
               "5 minutes: {url} You will be asked your date of birth. The link works for 7 days.")
REMINDER_TEXT = ("ROSE pain service reminder: we would still like your answers to a few short questions: {url} "
                 "You will be asked your date of birth.")


def _other_baseline(*, patient: Patient, event: OutcomeEvent) -> Invitation | None:
    """The patient's invitation to another baseline event, read with the patient's row locked so two
    writers (the hourly job, a nurse sending a link by hand) cannot each create a different one."""
    Patient.objects.select_for_update().filter(pk=patient.pk).values_list("pk", flat=True).first()
    return (Invitation.objects.filter(patient=patient, event__is_baseline=True).exclude(event=event)
            .select_related("event").first())


@transaction.atomic
def invitation_create(*, patient: Patient, event: OutcomeEvent, anchor_date: dt.date, actor: Any = None,
                      send: bool = True) -> Invitation:
    """Create the invitation and one empty response per instrument, then text the link."""
    _, due, closes = event_window(event=event, anchor_date=anchor_date)
    if event.is_baseline:
        other = _other_baseline(patient=patient, event=event)
        if other is not None:  # never two baselines: the pathway that came first keeps its own
            return other
    invitation, created = Invitation.objects.get_or_create(
        patient=patient, event=event,
        defaults={"programme_id": patient.programme_id, "anchor_date": anchor_date, "due_on": due, "closes_on": closes})
    if not created:
        return invitation
    current = instruments_current(list(event.instruments))
    for order, code in enumerate(event.instruments):
        if code in current:
            Response.objects.create(invitation=invitation, patient=patient, programme_id=patient.programme_id,
                                    instrument=current[code], order=order)
        else:
            logger.warning("outcomes: event %s names unknown instrument %s", event.code, code)
    InvitationTransition.objects.create(invitation=invitation, from_status="", to_status=S.INVITED,
                                        actor=actor if getattr(actor, "is_authenticated", False) else None,
                                        actor_label="staff" if actor else "system", reason="created")
    audit_log(action=AuditAction.CREATE, actor=actor, actor_label=None if actor else "system", obj=invitation,
              patient=patient, detail={"event": event.code})
    try:
        with transaction.atomic():
            dose_snapshot_from_plan(patient=patient, event=event, on=min(due, timezone.localdate()))
    except Exception:
        logger.exception("outcomes: dose snapshot failed for invitation %s", invitation.pk)
    timeline_add(patient=patient, kind="questionnaire", summary=f"Questionnaires for {event.label} sent",
                 actor=actor, source=invitation)
    if send:
        invitation.invited_at = timezone.now()
        invitation.save(update_fields=["invited_at", "updated_at"])
        invitation_link_text(invitation, purpose="questionnaire_invite", body=INVITE_TEXT)
    return invitation


def invitations_schedule_due(*, today: dt.date | None = None, batch: int = 5000) -> int:
    """Periodic: invite active patients whose event window is open and who have no invitation yet.

    Set-based: patients are read in keyset batches of ids; each batch costs one query for the
    invitations it has, one or two per anchor kind, and work only for the patients now due (each
    due invitation is created and texted as before). Queries per batch do not grow with the data."""
    from rose.accounts.models import Programme

    today = today or timezone.localdate()
    created = 0
    for programme in Programme.objects.all():
        events = schedule_ensure_defaults(programme=programme)
        if not events:
            continue
        patients = Patient.objects.filter(programme=programme, status=PatientStatus.ACTIVE).order_by("pk")
        last = None
        while True:
            page = patients.filter(pk__gt=last) if last is not None else patients
            ids = list(page.values_list("pk", flat=True)[:batch])
            if not ids:
                break
            last = ids[-1]
            created += _schedule_batch(programme.pk, ids, events, today)
    return created


def _schedule_batch(programme_id: Any, ids: list[Any], events: list[OutcomeEvent], today: dt.date) -> int:
    due = invitations_due_many(programme_id, ids, events, today)
    if not due:
        return 0
    patients = Patient.objects.in_bulk({patient_id for patient_id, _, _ in due})
    for patient_id, event, anchor in due:
        invitation_create(patient=patients[patient_id], event=event, anchor_date=anchor)
    return len(due)


def invitations_due_many(programme_id: Any, ids: list[Any], events: list[OutcomeEvent],
              today: dt.date) -> list[tuple[Any, OutcomeEvent, dt.date]]:
    """(patient id, event, anchor date) for each invitation now due in a batch: one query for the
    invitations the patients have (any baseline counts, even of an event since switched off) and
    one or two per kind of anchor, whatever the number of patients."""
    rows = (Invitation.objects.filter(_id_range(ids), programme_id=programme_id)
            .filter(Q(event__in=events) | Q(event__is_baseline=True))
            .values_list("patient_id", "event_id", "event__is_baseline"))
    done, has_baseline = set(), set()
    for patient_id, event_id, is_baseline in rows:
        done.add((patient_id, event_id))
        if is_baseline:
            has_baseline.add(patient_id)
    anchors = _anchors_many(programme_id, ids, {event.anchor for event in events})
    due: list[tuple[Any, OutcomeEvent, dt.date]] = []
    for patient_id in ids:
        open_now = []
        for event in events:
            anchor = anchors[event.anchor].get(patient_id)
            if anchor is None or (patient_id, event.pk) in done:
                continue
            opens, _, closes = event_window(event=event, anchor_date=anchor)
            if opens <= today <= closes:
                open_now.append((patient_id, event, anchor))
        due.extend(_baselines_pick(open_now, has_baseline=patient_id in has_baseline))
    return due


def _baselines_pick(open_now: list[tuple[Any, OutcomeEvent, dt.date]], *,
                    has_baseline: bool) -> list[tuple[Any, OutcomeEvent, dt.date]]:
    """One baseline per patient, whichever pathway comes first: none when the patient already has
    one, else the open baseline event due soonest (the group course's on a tie: it comes first in
    the schedule). Other events pass through."""
    baselines = [row for row in open_now if row[1].is_baseline]
    others = [row for row in open_now if not row[1].is_baseline]
    if has_baseline or not baselines:
        return others
    first = min(baselines, key=lambda row: (event_window(event=row[1], anchor_date=row[2])[1], row[1].order))
    return [first, *others]


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Periodic: a reminder on day 3 and day 6 after the invitation to those who have not finished."""
    now = now or timezone.now()
    sent = 0
    for number, day in enumerate(REMINDER_DAYS, start=1):
        due = Invitation.objects.filter(status__in=[S.INVITED, S.IN_PROGRESS], reminders_sent=number - 1,
                                        invited_at__lte=now - dt.timedelta(days=day),
                                        closes_on__gte=timezone.localdate(now)).select_related("patient")
        for invitation in due.iterator(chunk_size=500):
            with transaction.atomic():
                locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
                if locked.reminders_sent != number - 1 or not locked.is_open:
                    continue
                locked.reminders_sent = number
                locked.last_reminder_at = now
                locked.save(update_fields=["reminders_sent", "last_reminder_at", "updated_at"])
                locked.patient = invitation.patient
                invitation_link_text(locked, purpose="questionnaire_reminder", body=REMINDER_TEXT)
                sent += 1
    return sent


def invitations_expire(*, today: dt.date | None = None) -> int:
    """Periodic: close invitations whose window has passed; score what was answered."""
    today = today or timezone.localdate()
    count = 0
    for invitation in Invitation.objects.filter(status__in=[S.INVITED, S.IN_PROGRESS], closes_on__lt=today):
        with transaction.atomic():
            for response in invitation.responses.filter(completed_at__isnull=True, started_at__isnull=False):
                response_score(response=response)
            _transition(invitation, S.EXPIRED, reason="window closed")
            count += 1
    return count


# ---------------------------------------------------------------- answers, scores, alerts

def clean_answers(*, response: Response, answers: dict[str, Any]) -> dict[str, Any]:
    """Keep only items of this instrument with allowed values; raise for anything else."""
    items = defs.item_map(response.instrument.definition)
    errors = {}
    clean: dict[str, Any] = {}
    for code, value in answers.items():
        item = items.get(code)
        if item is None:
            errors[code] = "This question is not part of the questionnaire"
        elif defs.is_text_item(item):
            text = str(value or "")
            if len(text) > int(item.get("max_length", 1000)):
                errors[code] = f"Your answer must be {item.get('max_length', 1000)} characters or fewer"
            else:
                clean[code] = text
        elif value is None:
            clean[code] = None
        elif not isinstance(value, int) or value not in defs.option_values(item):
            errors[code] = "Select one of the answers shown"
        else:
            clean[code] = value
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def answers_save(*, response: Response, answers: dict[str, Any], mode: str, actor: Any = None,
                 request: Any = None) -> list[dict[str, Any]]:
    """Save one page of answers (each page saves). Returns the crisis alerts that fired now."""
    response = Response.objects.select_for_update().select_related("invitation", "instrument", "patient").get(
        pk=response.pk)
    invitation = response.invitation
    if mode == Response.Mode.PATIENT and (not invitation.is_open or response.completed_at is not None):
        raise ValidationError("These questions are closed and can no longer be answered")
    if invitation.status == S.CANCELLED:
        raise ValidationError("This invitation was cancelled; answers can no longer be recorded")
    clean = clean_answers(response=response, answers=answers)
    items = defs.item_map(response.instrument.definition)
    for code, value in clean.items():
        fields = {"text": value, "value": None} if defs.is_text_item(items[code]) else {"value": value, "text": ""}
        Answer.objects.update_or_create(response=response, item_code=code, defaults=fields)
    now = timezone.now()
    response.started_at = response.started_at or now
    response.mode = mode
    if getattr(actor, "is_authenticated", False):
        response.entered_by = actor
    response.save(update_fields=["started_at", "mode", "entered_by", "updated_at"])
    if invitation.status == S.INVITED:
        _transition(invitation, S.IN_PROGRESS, actor=actor or "patient", reason=f"answered ({mode})")
    audit_log(action=AuditAction.UPDATE, actor=actor, actor_label=None if actor else "patient", obj=response,
              patient=response.patient, request=request,
              detail={"instrument": response.instrument.code, "items": sorted(clean), "mode": mode})
    item_alerts = [a for a in defs.alerts_for(response.instrument.definition, answer_values(response=response), None)
                   if "item" in a["when"]]
    fired = [a for a in item_alerts if _alert_raise(response=response, alert=a)]
    return [a for a in fired if a.get("crisis")]


def answer_values(*, response: Response) -> dict[str, Any]:
    return {a.item_code: (a.text if a.value is None and a.text else a.value) for a in response.answers.all()}


def _alert_raise(*, response: Response, alert: dict[str, Any]) -> bool:
    """Raise an alert once per response: a task for the team, and a plan pause if the alert asks."""
    if alert["code"] in response.alerts_raised:
        return False
    response.alerts_raised = [*response.alerts_raised, alert["code"]]
    response.save(update_fields=["alerts_raised", "updated_at"])
    task_create(patient=response.patient, kind=f"outcome_alert_{alert['code']}"[:40], title=alert["title"],
                priority=alert.get("priority", "normal"), source=response)
    if alert.get("pause_plan"):
        _plan_pause(patient=response.patient, reason=alert["title"], source=response)
    audit_log(action=AuditAction.CREATE, actor_label="system", obj=response, patient=response.patient,
              detail={"alert": alert["code"]})
    return True


def _plan_pause(*, patient: Patient, reason: str, source: Any) -> bool:
    try:
        from rose.plans.services import plan_pause_for_red_flag
    except ImportError:
        logger.warning("outcomes: plans not available; no plan paused")
        return False
    return bool(plan_pause_for_red_flag(patient=patient, reason=reason, source=source))


@transaction.atomic
def response_score(*, response: Response) -> Response:
    result = defs.score(response.instrument.definition, answer_values(response=response))
    response.score = result.total.value
    response.score_band = result.total.band[:60]
    prorated = "Prorated for missing questions" if result.total.prorated else ""
    response.score_note = result.total.reason[:200] or prorated
    response.subscores = result.as_json()
    response.instrument_version = result.version
    response.save(update_fields=["score", "score_band", "score_note", "subscores", "instrument_version",
                                 "updated_at"])
    for alert in result.alerts:
        if "score" in alert["when"]:
            _alert_raise(response=response, alert=alert)
    return response


@transaction.atomic
def response_complete(*, response: Response, actor: Any = None, request: Any = None) -> Response:
    response = Response.objects.select_for_update().select_related("invitation", "instrument", "patient").get(
        pk=response.pk)
    if response.completed_at is None:
        response.completed_at = timezone.now()
        response.started_at = response.started_at or response.completed_at
        response.save(update_fields=["completed_at", "started_at", "updated_at"])
    response_score(response=response)
    invitation = Invitation.objects.select_for_update().get(pk=response.invitation_id)
    if invitation.is_open and not invitation.responses.filter(completed_at__isnull=True).exists():
        _transition(invitation, S.COMPLETED, actor=actor or "patient", reason="all questionnaires answered")
        timeline_add(patient=response.patient, kind="questionnaire",
                     summary=f"Questionnaires for {invitation.event.label} completed", actor=actor, source=invitation)
    audit_log(action=AuditAction.UPDATE, actor=actor, actor_label=None if actor else "patient", obj=response,
              patient=response.patient, request=request, detail={"event": "completed",
                                                                 "instrument": response.instrument.code})
    return response


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor: Any = None, reason: str = "") -> Invitation:
    _transition(invitation, S.CANCELLED, actor=actor, reason=reason)
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=invitation, patient=invitation.patient_id,
              detail={"status": "cancelled"})
    return invitation


def patient_status_changed(*, patient_id: Any, status: str) -> None:
    """STATUS_CHANGE_HOOKS: a discharged or deceased patient gets no more questionnaires."""
    if status == PatientStatus.ACTIVE:
        return
    for invitation in Invitation.objects.filter(patient_id=patient_id, status__in=[S.INVITED, S.IN_PROGRESS]):
        invitation_cancel(invitation=invitation, reason=f"patient {status}")


# ---------------------------------------------------------------- dose outcomes

@transaction.atomic
def dose_snapshot_record(*, patient: Patient, event: OutcomeEvent, ome_mg: Decimal | None, source: str,
                         stopped: bool = False, note: str = "", actor: Any = None) -> DoseSnapshot:
    snapshot, _ = DoseSnapshot.objects.update_or_create(
        patient=patient, event=event,
        defaults={"programme_id": patient.programme_id, "ome_mg": ome_mg, "stopped": stopped, "source": source[:200],
                  "note": note[:200], "recorded_by": actor if getattr(actor, "is_authenticated", False) else None})
    audit_log(action=AuditAction.UPDATE, actor=actor, actor_label=None if actor else "system", obj=snapshot,
              patient=patient, detail={"event": event.code})
    return snapshot


def dose_snapshot_from_plan(*, patient: Patient, event: OutcomeEvent, on: dt.date | None = None,
                            actor: Any = None) -> DoseSnapshot:
    """OME at an event: the approved plan's starting OME at baseline; at a follow-up the latest recorded
    actual dose in the 28 days before (else the planned dose that day, said so in the source)."""
    from rose.plans.presenters import planned_ome_on
    from rose.plans.selectors import actual_doses

    if event.is_baseline:
        return _baseline_dose(patient=patient, event=event, actor=actor)
    plan = _first_approved_plan(patient)
    if plan is None:
        return dose_snapshot_record(patient=patient, event=event, ome_mg=None, source="", actor=actor,
                                    note="No approved reduction plan, so no dose to compare")
    version = plan.approved_version
    table = f"{version.table} {version.table_version}".strip()
    on = on or timezone.localdate()
    recent = [(day, ome) for day, ome in actual_doses(plan=plan) if on - dt.timedelta(days=28) <= day <= on]
    if recent:
        day, ome = recent[-1]
        ome = Decimal(str(ome))
        return dose_snapshot_record(patient=patient, event=event, ome_mg=ome, stopped=ome == 0, actor=actor,
                                    source=f"Recorded dose on {day.isoformat()}; OME table {table}")
    planned = planned_ome_on(version.steps, on)
    if planned is None:
        return dose_snapshot_record(patient=patient, event=event, ome_mg=None, source="", actor=actor,
                                    note="No recorded dose in the last 28 days and no planned step on this date")
    ome = Decimal(str(planned))
    return dose_snapshot_record(patient=patient, event=event, ome_mg=ome, stopped=ome == 0, actor=actor,
                                source=f"Planned dose (no recorded dose in 28 days); OME table {table}")


def _baseline_dose(*, patient: Patient, event: OutcomeEvent, actor: Any = None) -> DoseSnapshot:
    """Baseline OME: the approved plan's starting dose; before approval (a one-to-one baseline is
    asked from the first draft) the draft's starting dose, worked out from the regimen confirmed at
    the consultation; before any plan (a group patient) the OME on the accepted referral."""
    from rose.referrals.selectors import latest_referral_for_patient

    plan = _first_approved_plan(patient)
    version = plan.approved_version if plan is not None else getattr(_current_plan(patient), "latest_version", None)
    if version is not None:
        table = f"{version.table} {version.table_version}".strip()
        kind = "Plan" if plan is not None else "Draft plan"
        return dose_snapshot_record(patient=patient, event=event, ome_mg=version.starting_ome_mg_per_day,
                                    source=f"{kind} starting dose; OME table {table}", actor=actor)
    referral = latest_referral_for_patient(patient=patient)
    if referral is not None and referral.total_ome_mg is not None:
        table = f"; OME table {referral.ome_table}" if referral.ome_table else ""
        return dose_snapshot_record(patient=patient, event=event, ome_mg=referral.total_ome_mg,
                                    source=f"Referral total OME{table}", actor=actor)
    return dose_snapshot_record(patient=patient, event=event, ome_mg=None, source="", actor=actor,
                                note="No reduction plan and no OME on the referral, so no dose to compare")


def dose_change(baseline: Decimal | None, follow_up: Decimal | None) -> Decimal | None:
    """Percentage reduction in OME from baseline (positive is a reduction). None when not calculable."""
    if baseline is None or follow_up is None or baseline <= 0:
        return None
    return ((baseline - follow_up) * 100 / baseline).quantize(Decimal("0.1"))


def portal_url_for(invitation_id: Any) -> str:
    return reverse("outcomes:portal_start", kwargs={"invitation_id": invitation_id})

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from rose.accounts.roles import Role
from rose.accounts.tests.factories import UserFactory
from rose.groups import selectors, services
from rose.groups.models import AttendanceStatus, EnrolmentStatus, EnrolmentTransition, SessionStatus
from rose.groups.scheduling import LONDON
from rose.groups.tests.factories import make_cohort, make_enrolled, make_waiting, next_monday
from rose.messaging.models import InboundMessage, OutboundMessage
from rose.patients.models import TimelineEntry

pytestmark = pytest.mark.django_db


def _reply(patient, body):
    return InboundMessage(patient=patient, programme=patient.programme, provider="fake", provider_id="x",
                          from_number=patient.mobile, body=body, received_at=timezone.now())


def test_default_course_has_six_weekly_two_hour_sessions_with_learning_links(programme):
    course = services.course_default_for_programme(programme=programme)
    sessions = list(course.sessions.all())
    assert [s.topic for s in sessions] == ["Understanding pain", "Opioids and withdrawal", "Pacing",
                                           "Mindfulness and relaxation", "Graded activity",
                                           "Sleep and flare-up planning"]
    assert {s.duration_minutes for s in sessions} == {120}
    assert sessions[2].learning_url == "/learn/patients/pacing/"
    assert course.completion_required == 4
    assert services.course_default_for_programme(programme=programme) == course


def test_sessions_are_weekly_and_skip_england_bank_holidays(programme):
    # Easter Monday 2027 is 29 March; the May Day bank holiday is 3 May.
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, tzinfo=LONDON)):
        cohort = make_cohort(programme, start=dt.date(2027, 3, 22))
    days = [s.starts_at.astimezone(LONDON).date() for s in cohort.sessions.order_by("starts_at")]
    assert days == [dt.date(2027, 3, 22), dt.date(2027, 4, 5), dt.date(2027, 4, 12), dt.date(2027, 4, 19),
                    dt.date(2027, 4, 26), dt.date(2027, 5, 10)]
    assert {s.starts_at.astimezone(LONDON).time() for s in cohort.sessions.all()} == {dt.time(14, 0)}
    assert cohort.last_session_date == dt.date(2027, 5, 10)


def test_facilitator_without_the_right_role_is_refused(programme):
    coordinator = UserFactory(role=Role.COORDINATOR, programme=programme)
    with pytest.raises(ValidationError) as error:
        make_cohort(programme, nurse=coordinator)
    assert "specialist nurse role" in str(error.value)
    nurse = UserFactory(role=Role.NURSE, programme=programme)
    with pytest.raises(ValidationError) as error:
        make_cohort(programme, peer=nurse)
    assert "expert service user role" in str(error.value)


def test_missing_facilitators_are_warned_about(programme):
    cohort = make_cohort(programme, facilitators=False)
    warnings = selectors.cohort_warnings(cohort=cohort)
    assert "No specialist nurse is facilitating this cohort yet" in warnings
    assert "No expert service user is facilitating this cohort yet" in warnings


def test_capacity_below_current_enrolment_is_refused(programme):
    cohort = make_cohort(programme, capacity=3)
    make_enrolled(cohort, 3)
    with pytest.raises(ValidationError) as error:
        services.cohort_update(cohort=cohort, actor=None, capacity=2)
    assert "less than the 3 patients already enrolled" in str(error.value)
    services.cohort_update(cohort=cohort, actor=None, capacity=3)


def test_a_session_cannot_move_before_the_cohort_starts(programme):
    cohort = make_cohort(programme)
    session = cohort.sessions.order_by("starts_at")[1]
    too_early = dt.datetime.combine(cohort.start_date - dt.timedelta(days=1), dt.time(14), tzinfo=LONDON)
    with pytest.raises(ValidationError) as error:
        services.session_move(session=session, actor=None, starts_at=too_early)
    assert "cannot be before the cohort starts" in str(error.value)


def test_moving_a_session_texts_enrolled_patients_and_cancels_queued_reminders(programme):
    cohort = make_cohort(programme)
    enrolment = make_enrolled(cohort, 1)[0]
    session = cohort.sessions.order_by("starts_at").first()
    with time_machine.travel(session.starts_at - dt.timedelta(hours=20)):
        assert services.reminders_queue_due() == 1
        new_time = session.starts_at + dt.timedelta(days=1)
        services.session_move(session=session, actor=None, starts_at=new_time)
    reminder = OutboundMessage.objects.get(patient=enrolment.patient, purpose="group_reminder")
    assert reminder.status == "cancelled"
    moved = OutboundMessage.objects.get(patient=enrolment.patient, purpose="group_session_moved")
    assert "has moved to" in moved.body
    session.refresh_from_db()
    assert session.reminders_queued_at is None


def test_cancelling_a_session_texts_enrolled_patients(programme):
    cohort = make_cohort(programme)
    enrolment = make_enrolled(cohort, 1)[0]
    session = cohort.sessions.order_by("starts_at").last()
    services.session_cancel(session=session, actor=None, reason="Venue closed")
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert OutboundMessage.objects.filter(patient=enrolment.patient, purpose="group_session_cancelled").count() == 1


def test_reminders_are_queued_once_24_hours_before_each_session(programme):
    cohort = make_cohort(programme)
    make_enrolled(cohort, 2)
    session = cohort.sessions.order_by("starts_at").first()
    with time_machine.travel(session.starts_at - dt.timedelta(hours=48)):
        assert services.reminders_queue_due() == 0
    with time_machine.travel(session.starts_at - dt.timedelta(hours=24, minutes=30)):
        assert services.reminders_queue_due() == 2
        assert services.reminders_queue_due() == 0
    due = {m.due_at for m in OutboundMessage.objects.filter(purpose="group_reminder")}
    assert due == {session.starts_at - dt.timedelta(hours=24)}


def test_offer_texts_the_patient_and_marks_the_waitlist_entry_offered(programme):
    cohort = make_cohort(programme)
    entry = make_waiting(programme)
    enrolment = services.enrolment_offer(cohort=cohort, entry=entry)
    entry.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.OFFERED
    assert entry.status == "offered"
    text = OutboundMessage.objects.get(patient=entry.patient, purpose="group_offer")
    assert "Reply YES" in text.body


def test_yes_by_text_accepts_the_offer_and_enrols(programme):
    cohort = make_cohort(programme)
    entry = make_waiting(programme)
    enrolment = services.enrolment_offer(cohort=cohort, entry=entry)
    assert services.handle_offer_reply(_reply(entry.patient, " yes ")) is True
    enrolment.refresh_from_db()
    entry.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert entry.status == "enrolled"
    assert enrolment.transitions.last().via == "text"


def test_no_by_text_declines_and_offers_the_place_to_the_next_person(programme):
    cohort = make_cohort(programme, capacity=1)
    first = make_waiting(programme, days_ago=40)
    second = make_waiting(programme, days_ago=20)
    services.cohort_fill_from_waitlist(cohort=cohort)
    assert services.handle_offer_reply(_reply(first.patient, "No")) is True
    first.refresh_from_db()
    assert first.status == "waiting"
    assert cohort.enrolments.get(patient=second.patient).status == EnrolmentStatus.OFFERED


def test_other_replies_are_left_for_the_inbox(programme):
    cohort = make_cohort(programme)
    entry = make_waiting(programme)
    services.enrolment_offer(cohort=cohort, entry=entry)
    assert services.handle_offer_reply(_reply(entry.patient, "Can I bring my husband?")) is False
    other = make_waiting(programme)
    assert services.handle_offer_reply(_reply(other.patient, "YES")) is False


def test_withdrawal_returns_the_patient_to_the_waitlist_and_offers_the_place_on(programme, make_user):
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(programme, capacity=1)
    enrolment = make_enrolled(cohort, 1)[0]
    waiting = make_waiting(programme, days_ago=5)
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(enrolment=enrolment, actor=coordinator, reason="  ")
    services.enrolment_withdraw(enrolment=enrolment, actor=coordinator, reason="Starting a new job")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    entry = selectors.waitlist_entry(entry_id=enrolment.waitlist_entry_id, programme_id=programme.pk)
    assert entry.status == "waiting"
    assert cohort.enrolments.get(patient=waiting.patient).status == EnrolmentStatus.OFFERED
    last = enrolment.transitions.last()
    assert (last.actor, last.reason, last.to_status) == (coordinator, "Starting a new job", "withdrawn")


def test_a_full_cohort_refuses_another_offer(programme):
    cohort = make_cohort(programme, capacity=1)
    make_enrolled(cohort, 1)
    with pytest.raises(ValidationError, match="This cohort is full"):
        services.enrolment_offer(cohort=cohort, entry=make_waiting(programme))


def test_a_patient_cannot_be_booked_on_two_active_cohorts(programme):
    first = make_cohort(programme, name="First")
    second = make_cohort(programme, name="Second")
    enrolment = make_enrolled(first, 1)[0]
    entry = selectors.waitlist_entry(entry_id=enrolment.waitlist_entry_id, programme_id=programme.pk)
    entry.status = "waiting"
    entry.save()
    with pytest.raises(ValidationError, match="already has a place on another active cohort"):
        services.enrolment_offer(cohort=second, entry=entry)
    assert selectors.eligible_waitlist(cohort=second, limit=10) == []


def test_places_are_not_offered_once_the_course_has_started(programme):
    cohort = make_cohort(programme)
    entry = make_waiting(programme)
    with (time_machine.travel(dt.datetime.combine(cohort.start_date, dt.time(9), tzinfo=LONDON)),
          pytest.raises(ValidationError, match="before the course starts")):
        services.enrolment_offer(cohort=cohort, entry=entry)


def test_nightly_promotion_fills_free_places_oldest_first(programme):
    cohort = make_cohort(programme, capacity=2)
    newest = make_waiting(programme, days_ago=1)
    oldest = make_waiting(programme, days_ago=90)
    middle = make_waiting(programme, days_ago=30)
    assert services.waitlist_promote_all() == 2
    offered = set(cohort.enrolments.values_list("patient_id", flat=True))
    assert offered == {oldest.patient_id, middle.patient_id}
    assert services.waitlist_promote_all() == 0
    assert newest.patient_id not in offered


def test_register_records_attendance_on_the_timeline_and_completion(programme, make_user):
    nurse = make_user(Role.NURSE)
    cohort = make_cohort(programme)
    alice, bob = make_enrolled(cohort, 2)
    sessions = list(cohort.sessions.order_by("starts_at"))
    with time_machine.travel(sessions[-1].starts_at + dt.timedelta(days=1)):
        for index, session in enumerate(sessions):
            bob_status = AttendanceStatus.ATTENDED if index < 3 else AttendanceStatus.DID_NOT_ATTEND
            services.register_record(session=session, actor=nurse, took_place=True, notes="Good discussion",
                                     statuses={str(alice.pk): AttendanceStatus.LATE if index == 0
                                               else AttendanceStatus.ATTENDED, str(bob.pk): bob_status})
    rows = {row.enrolment.pk: row for row in selectors.register_matrix(cohort=cohort, sessions=sessions)}
    assert rows[alice.pk].attended == 6 and rows[alice.pk].completed
    assert rows[bob.pk].attended == 3 and not rows[bob.pk].completed
    entries = TimelineEntry.objects.filter(patient=alice.patient, kind="group_attendance")
    assert entries.count() == 6
    assert "Group session 1 (Understanding pain): attended late" in set(entries.values_list("summary", flat=True))


def test_register_cannot_be_recorded_before_the_session_day(programme, make_user):
    cohort = make_cohort(programme)
    with pytest.raises(ValidationError, match="on or after the day"):
        services.register_record(session=cohort.sessions.first(), actor=make_user(Role.NURSE), took_place=True,
                                 statuses={})


def test_upcoming_sessions_for_patient_lists_enrolled_cohort_sessions_soonest_first(programme):
    cohort = make_cohort(programme)
    enrolment = make_enrolled(cohort, 1)[0]
    sessions = selectors.upcoming_sessions_for_patient(patient=enrolment.patient, limit=3)
    assert [s.position for s in sessions] == [1, 2, 3]
    offered = services.enrolment_offer(cohort=make_cohort(programme, name="Later", start=next_monday(12)),
                                       entry=make_waiting(programme))
    assert selectors.upcoming_sessions_for_patient(patient=offered.patient) == []


def test_enrolment_transitions_are_immutable(programme):
    cohort = make_cohort(programme)
    enrolment = make_enrolled(cohort, 1)[0]
    transition = EnrolmentTransition.objects.filter(enrolment=enrolment).first()
    with pytest.raises(ValueError):
        transition.save()
    with pytest.raises(ValueError):
        transition.delete()


def test_calendar_feed_token_is_stored_hashed_and_can_be_revoked(programme, make_user):
    nurse = make_user(Role.NURSE)
    feed, token = services.calendar_feed_create(user=nurse)
    assert token not in feed.token_hash
    assert selectors.calendar_feed_by_token_hash(token_hash=services.token_hash(token)) == feed
    services.calendar_feed_revoke(feed=feed, actor=nurse)
    assert selectors.calendar_feed_by_token_hash(token_hash=services.token_hash(token)) is None


# ---------------------------------------------------------------- offers that get no answer


def test_an_offer_with_no_answer_lapses_and_the_place_goes_to_the_next_person(programme, settings):
    from rose.messaging.models import MessageStatus
    from rose.patients.models import Task

    settings.ROSE_GROUP_OFFER_DAYS = 7
    cohort = make_cohort(programme, capacity=1, start=next_monday(weeks=4))
    first = make_waiting(programme, days_ago=40)
    second = make_waiting(programme, days_ago=20)
    offered_at = timezone.now()
    (offer,) = services.cohort_fill_from_waitlist(cohort=cohort)
    reply_by = services.offer_reply_by(offer)
    assert reply_by == timezone.localdate(offered_at) + dt.timedelta(days=7)
    text = OutboundMessage.objects.get(patient=first.patient, purpose="group_offer")
    assert f"Please reply by {reply_by.day} {reply_by:%B %Y}." in text.body

    with time_machine.travel(dt.datetime.combine(reply_by, dt.time(22, 0), tzinfo=LONDON)):
        assert services.offers_expire() == 0  # the whole reply-by day counts
    with time_machine.travel(dt.datetime.combine(reply_by + dt.timedelta(days=1), dt.time(1, 0), tzinfo=LONDON)):
        assert services.offers_expire() == 1
        assert services.offers_expire() == 0  # once only

    offer.refresh_from_db()
    first.refresh_from_db()
    assert offer.status == EnrolmentStatus.EXPIRED
    transition = offer.transitions.last()
    assert (transition.via, transition.actor) == ("system", None)
    assert first.status == "waiting"  # back on the waitlist, keeping their original date
    assert Task.objects.filter(patient=first.patient, kind="group_offer_lapsed").count() == 1
    assert TimelineEntry.objects.filter(patient=first.patient, kind="group_offer_lapsed").exists()
    text.refresh_from_db()
    assert text.status == MessageStatus.CANCELLED
    assert cohort.enrolments.get(patient=second.patient).status == EnrolmentStatus.OFFERED
    # a YES that arrives after the offer lapsed is not taken as accepting: it goes to the inbox
    assert services.handle_offer_reply(_reply(first.patient, "YES")) is False


def test_an_offer_lapses_the_day_before_the_course_if_that_comes_first(programme, settings):
    settings.ROSE_GROUP_OFFER_DAYS = 14
    start = next_monday(weeks=1)
    cohort = make_cohort(programme, start=start)
    offer = services.enrolment_offer(cohort=cohort, entry=make_waiting(programme))
    assert services.offer_reply_by(offer) == start - dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(start, dt.time(8, 0), tzinfo=LONDON)):
        assert services.offers_expire() == 1
    offer.refresh_from_db()
    assert offer.status == EnrolmentStatus.EXPIRED


def test_an_answered_offer_never_lapses(programme, settings):
    settings.ROSE_GROUP_OFFER_DAYS = 7
    cohort = make_cohort(programme, start=next_monday(weeks=4))
    entry = make_waiting(programme)
    offer = services.enrolment_offer(cohort=cohort, entry=entry)
    services.enrolment_accept(enrolment=offer)
    with time_machine.travel(timezone.now() + dt.timedelta(days=10)):
        assert services.offers_expire() == 0
    offer.refresh_from_db()
    assert offer.status == EnrolmentStatus.ENROLLED


def test_one_offer_that_cannot_lapse_never_stops_the_others(programme, settings, monkeypatch):
    settings.ROSE_GROUP_OFFER_DAYS = 7
    cohort = make_cohort(programme, start=next_monday(weeks=4))
    offers = [services.enrolment_offer(cohort=cohort, entry=make_waiting(programme)) for _ in range(3)]
    real = services.enrolments._offer_expire

    def flaky(*, enrolment_id, today):
        if enrolment_id == offers[0].pk:
            raise RuntimeError("database went away")
        return real(enrolment_id=enrolment_id, today=today)

    monkeypatch.setattr(services.enrolments, "_offer_expire", flaky)
    with time_machine.travel(timezone.now() + dt.timedelta(days=9)):
        assert services.offers_expire() == 2
    statuses = sorted(type(o).objects.get(pk=o.pk).status for o in offers)
    assert statuses == [EnrolmentStatus.EXPIRED, EnrolmentStatus.EXPIRED, EnrolmentStatus.OFFERED]

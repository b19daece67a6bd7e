"""Texts under faults (issue 16): each test reproduces one defect the independent harness found.

Runs on SQLite and PostgreSQL; the concurrent cases are in test_reliability_pg.py."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.utils import timezone

from rose.audit.models import AuditEvent
from rose.core import periodic
from rose.messaging import hooks
from rose.messaging.dispatch import claim_batch, dispatch_due, receipt_apply, send_one
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import InboundMessage, InboxItem, MessageStatus, OutboundMessage
from rose.messaging.providers.base import RETRY, SendResult
from rose.messaging.services import _message_create, message_schedule
from rose.messaging.sms import text_size
from rose.messaging.tests.factories import make_all_due, texting_patient
from rose.messaging.tests.fakes import RecordingProvider
from rose.patients.selectors import patient_has_consent
from rose.patients.services import consent_record, patient_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _not_stopping():
    yield
    periodic.STOPPING.clear()


def _checkin(patient, body="Weekly check-in", **kwargs):
    return message_schedule(patient=patient, purpose="checkin", body=body, respect_quiet_hours=False, **kwargs)


def _receive(number, body, to_number=""):
    inbound, _ = inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=number,
                                 body=body, to_number=to_number)
    return inbound


# 1. A repeated technical-failure receipt never sends the text again.

def test_a_repeated_technical_failure_receipt_sends_the_text_once_more_only(programme, recording):
    message = _checkin(texting_patient(programme))
    dispatch_due()
    message.refresh_from_db()
    first_id = message.provider_id
    for _ in range(3):  # Notify retries the callback; each repeat must change nothing
        receipt_apply(provider_id=first_id, reference=str(message.pk), status="retry", detail="technical-failure")
        make_all_due()
        dispatch_due()
    message.refresh_from_db()
    assert recording.sends[str(message.pk)] == 2
    assert message.status == MessageStatus.SENT and message.provider_id != first_id
    assert message.events.filter(detail__contains="earlier attempt ignored").count() == 2


# 2. STOP, discharge, death, plan status and consent withdrawn by staff win over a claimed text.

def test_stop_after_a_worker_claimed_the_text_stops_it(programme, recording):
    patient = texting_patient(programme)
    texts = [_checkin(patient, f"Text {i}") for i in range(3)]
    token, rows = claim_batch(size=10)
    assert len(rows) == 3
    _receive(patient.mobile, "STOP")
    provider = RecordingProvider()
    from rose.messaging.dispatch import DispatchStats

    stats = DispatchStats()
    for row in rows:
        send_one(row, token, provider, stats)
    assert not any(recording.sends[str(t.pk)] for t in texts)
    assert set(OutboundMessage.objects.filter(purpose="checkin").values_list("status", flat=True)) == {"cancelled"}
    dispatch_due()  # the STOP confirmation still goes
    assert list(recording.sends) == [str(OutboundMessage.objects.get(purpose="keyword_reply").pk)]


def test_consent_withdrawn_by_staff_cancels_queued_texts_in_the_same_transaction(programme, recording):
    from django.db import transaction

    patient = texting_patient(programme)
    text = _checkin(patient, due_at=timezone.now() + dt.timedelta(days=3))
    with transaction.atomic():
        consent_record(patient=patient, kind="texts", given=False, source="staff", note="Asked by phone")
        text.refresh_from_db()
        assert text.status == MessageStatus.CANCELLED  # before the consent's transaction commits


def test_consent_withdrawn_after_the_claim_is_checked_before_the_provider_call(programme, recording):
    patient = texting_patient(programme)
    _checkin(patient)
    token, rows = claim_batch(size=10)
    # Withdrawn in a way that bypasses the cancel (as if it committed between claim and call).
    from rose.patients.models import Consent

    Consent.objects.create(patient=patient, kind="texts", given=False, source="staff")
    from rose.messaging.dispatch import DispatchStats

    stats = DispatchStats()
    send_one(rows[0], token, RecordingProvider(), stats)
    assert stats.cancelled == 1 and not recording.sends
    assert OutboundMessage.objects.get().failure_reason == "Cancelled before sending: no consent to texts"


@pytest.mark.parametrize("status", ["discharged", "deceased"])
def test_discharge_or_death_cancels_claimed_texts_at_once(programme, recording, status, make_user):
    from rose.accounts.roles import Role

    patient = texting_patient(programme)
    _checkin(patient)
    claim_batch(size=10)
    patient_set_status(patient=patient, status=status, actor=make_user(Role.NURSE))
    assert OutboundMessage.objects.get().status == MessageStatus.CANCELLED
    OutboundMessage.objects.update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    dispatch_due()
    assert not recording.sends


def test_a_send_check_hook_refuses_a_claimed_text(programme, recording):
    patient = texting_patient(programme)
    _checkin(patient)
    with hooks.send_check.added(lambda message: "the reduction plan is paused"):
        stats = dispatch_due()
    assert stats.cancelled == 1 and not recording.sends
    assert "plan is paused" in OutboundMessage.objects.get().failure_reason


def test_a_text_in_flight_is_not_cancelled_but_one_merely_claimed_is(programme, recording):
    patient = texting_patient(programme)
    in_flight, claimed = _checkin(patient, "one"), _checkin(patient, "two")
    claim_batch(size=10)
    OutboundMessage.objects.filter(pk=in_flight.pk).update(uncertain=True, attempts=1)
    _receive(patient.mobile, "STOP")
    in_flight.refresh_from_db()
    claimed.refresh_from_db()
    assert in_flight.status == MessageStatus.SENDING  # the provider call may have happened: never hidden
    assert claimed.status == MessageStatus.CANCELLED


# 3. Quiet hours are checked when a text is claimed, not only when it is scheduled.

@pytest.mark.parametrize("how", ["backlog", "cap_deferred", "lease_taken_over"])
def test_routine_texts_found_due_at_night_wait_for_the_morning(programme, recording, settings, how):
    settings.ROSE_SMS_QUIET_START, settings.ROSE_SMS_QUIET_END = "20:00", "09:00"
    patient = texting_patient(programme)
    with time_machine.travel(dt.datetime(2026, 12, 2, 14, 0, tzinfo=dt.UTC), tick=False):
        text = _checkin(patient)
        if how == "lease_taken_over":
            claim_batch(size=10)  # a worker claimed it by day and died
    with time_machine.travel(dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC), tick=False):
        if how == "lease_taken_over":
            pass  # its lease (5 minutes) expired hours ago
        elif how == "cap_deferred":
            OutboundMessage.objects.filter(pk=text.pk).update(send_after=timezone.now())
        _message_create(patient=patient, purpose="red_flag_reply", body="Call 999", respect_quiet_hours=False)
        stats = dispatch_due()
        text.refresh_from_db()
        assert stats.sent == 1  # the crisis reply goes at night
        assert text.status == MessageStatus.QUEUED and not recording.sends[str(text.pk)]
        assert text.send_after == dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


# 4. Replies to the patient's own text are exempt from the per-number cap.

def test_crisis_reply_and_stop_confirmation_are_not_held_by_the_hourly_cap(programme, recording, settings):
    settings.ROSE_SMS_PER_NUMBER_PER_HOUR = 5
    patient = texting_patient(programme)
    for i in range(5):
        _checkin(patient, f"Text {i}")
    assert dispatch_due().sent == 5
    routine = _checkin(patient, "one too many")
    _receive(patient.mobile, "I want to end my life")
    _receive(patient.mobile, "STOP")
    dispatch_due()
    sent = set(OutboundMessage.objects.filter(status=MessageStatus.SENT).values_list("purpose", flat=True))
    assert {"red_flag_reply", "keyword_reply"} <= sent
    routine.refresh_from_db()
    assert routine.status == MessageStatus.CANCELLED  # STOP cancelled it; it never went


# 5. A shared phone: STOP stops everyone with the number; other replies go to staff, not a guess.

def test_stop_from_a_shared_phone_opts_out_every_patient_with_that_number(programme, recording):
    first = texting_patient(programme, mobile="+447700900321")
    second = texting_patient(programme, mobile="+447700900321")
    texts = [_checkin(first), _checkin(second)]
    _receive("07700 900321", "STOP")
    assert not patient_has_consent(patient=first, kind="texts")
    assert not patient_has_consent(patient=second, kind="texts")
    assert {OutboundMessage.objects.get(pk=t.pk).status for t in texts} == {MessageStatus.CANCELLED}
    assert OutboundMessage.objects.filter(purpose="keyword_reply").count() == 1


def test_a_reply_from_a_shared_phone_goes_to_staff_to_choose(programme, recording):
    first = texting_patient(programme, mobile="+447700900322")
    second = texting_patient(programme, mobile="+447700900322")
    message_schedule(patient=second, purpose="checkin_pain", body="Pain?", respect_quiet_hours=False)
    dispatch_due()
    inbound = _receive(first.mobile, "7")
    assert inbound.patient is None and inbound.programme_id == programme.pk
    assert inbound.outcome == InboundMessage.Outcome.UNMATCHED
    assert set(InboxItem.objects.values_list("patient_id", flat=True)) == {first.pk, second.pk}
    from rose.messaging.models import Observation

    assert not Observation.objects.exists()  # not filed as either patient's pain score


def test_a_red_flag_from_a_shared_phone_gets_the_crisis_reply_and_urgent_items(programme, recording):
    first = texting_patient(programme, mobile="+447700900323")
    second = texting_patient(programme, mobile="+447700900323")
    inbound = _receive(first.mobile, "I want to end my life")
    assert inbound.outcome == InboundMessage.Outcome.RED_FLAG and inbound.patient is None
    assert OutboundMessage.objects.filter(purpose="red_flag_reply").count() == 1
    assert set(InboxItem.objects.filter(urgent=True).values_list("patient_id", flat=True)) == {first.pk, second.pk}


def test_replies_are_matched_within_the_programme_the_number_belongs_to(programme, recording, settings):
    from rose.accounts.models import Programme

    other = Programme.objects.create(name="Other service", slug="other")
    ours = texting_patient(programme, mobile="+447700900324")
    theirs = texting_patient(other, mobile="+447700900324")
    settings.ROSE_SMS_PROGRAMME_NUMBERS = {"+447900000001": programme.slug, "07900 000002": other.slug}
    assert _receive(ours.mobile, "Hello", to_number="+447900000002").patient == theirs
    assert _receive(ours.mobile, "Hello", to_number="+447900000001").patient == ours
    unknown_line = _receive(ours.mobile, "Hello", to_number="+447900000009")
    assert unknown_line.patient is None and unknown_line.outcome == InboundMessage.Outcome.UNMATCHED


def test_a_discharged_record_with_the_same_number_does_not_make_it_ambiguous(programme, recording, make_user):
    from rose.accounts.roles import Role

    old = texting_patient(programme, mobile="+447700900325")
    patient_set_status(patient=old, status="discharged", actor=make_user(Role.NURSE))
    current = texting_patient(programme, mobile="+447700900325")
    assert _receive(current.mobile, "Hello").patient == current


# 7. Receipts racing the sender; Twilio callbacks only touch Twilio messages.

class EarlyReceiptProvider(RecordingProvider):
    """Notify's receipt reaches our callback before the sender has recorded Notify's answer."""

    name = "notify"
    early_status = "delivered"

    def send(self, message):
        result = self._accept(message)
        assert receipt_apply(provider_id=result.provider_id, reference=str(message.pk), status=self.early_status,
                             detail="early", provider="notify")
        return result


@pytest.mark.parametrize("early", ["delivered", "retry"])
def test_a_receipt_before_the_sender_records_the_answer_is_kept_and_applied(programme, recording, settings, early):
    settings.ROSE_SMS_PROVIDER = "rose.messaging.tests.test_faults.EarlyReceiptProvider"
    EarlyReceiptProvider.early_status = early
    message = _checkin(texting_patient(programme))
    dispatch_due()
    message.refresh_from_db()
    if early == "delivered":
        assert message.status == MessageStatus.DELIVERED and message.sent_at and message.delivered_at
        assert message.provider_id
    else:  # a technical failure: safe to resend, and it is
        assert message.status == MessageStatus.QUEUED and message.provider_id == ""
        EarlyReceiptProvider.early_status = "delivered"
        make_all_due()
        dispatch_due()
        message.refresh_from_db()
        assert message.status == MessageStatus.DELIVERED and recording.sends[str(message.pk)] == 2


def test_a_receipt_for_an_unanswered_attempt_records_the_send_and_it_is_not_resent(programme, recording):
    message = _checkin(texting_patient(programme))
    OutboundMessage.objects.filter(pk=message.pk).update(uncertain=True, attempts=1)  # timed out after accepting
    assert receipt_apply(provider_id="notify-id-1", reference=str(message.pk), status="delivered",
                         detail="delivered", provider="notify")
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED and message.sent_at and message.provider_id == "notify-id-1"
    dispatch_due()
    assert not recording.sends


def test_a_twilio_status_callback_never_touches_a_notify_message(programme, recording):
    message = _checkin(texting_patient(programme))
    dispatch_due()
    OutboundMessage.objects.filter(pk=message.pk).update(provider="notify")
    message.refresh_from_db()
    assert not receipt_apply(provider_id=message.provider_id, status="failed", detail="undelivered",
                             provider="twilio")
    assert not receipt_apply(provider_id=message.provider_id, reference=str(message.pk), status="failed",
                             detail="undelivered", provider="twilio")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


# 8. SIGTERM: the call in flight finishes, the rest of the claimed batch is released at once.

class StopAfterFirst(RecordingProvider):
    def send(self, message):
        periodic.STOPPING.set()  # SIGTERM arrives during the first call
        return super().send(message)


def test_a_stopping_worker_finishes_the_call_in_flight_and_releases_the_rest(programme, recording, settings):
    settings.ROSE_SMS_PROVIDER = "rose.messaging.tests.test_faults.StopAfterFirst"
    patient = texting_patient(programme)
    for i in range(5):
        _checkin(patient, f"Text {i}")
    try:
        stats = dispatch_due()
    finally:
        periodic.STOPPING.clear()
    settings.ROSE_SMS_PROVIDER = "rose.messaging.tests.fakes.RecordingProvider"
    assert stats.sent == 1 and stats.released == 4
    waiting = OutboundMessage.objects.filter(status=MessageStatus.QUEUED)
    assert waiting.count() == 4 and not waiting.exclude(lease_until=None).exists()
    assert dispatch_due().sent == 4  # another worker takes them at once, not after the lease


# 9. Smaller.

def test_a_text_from_an_unknown_number_is_audited(programme):
    inbound = _receive("+447700900999", "Who is this?")
    assert AuditEvent.objects.filter(object_type="messaging.InboundMessage", object_id=str(inbound.pk)).exists()


def test_a_reply_longer_than_2000_characters_is_kept_whole(programme):
    patient = texting_patient(programme)
    body = "I have been thinking about my plan. " * 80
    assert len(body) > 2000
    assert _receive(patient.mobile, body).body == body


def test_a_nul_character_is_removed_and_the_rest_of_the_text_kept(programme):
    patient = texting_patient(programme)
    inbound = _receive(patient.mobile, "Pain is\x00 bad today")
    inbound.refresh_from_db()
    assert inbound.body == "Pain is bad today"


class RateLimited(RecordingProvider):
    def send(self, message):
        with self.lock:
            self.sends[str(message.pk)] += 1
        return SendResult(outcome=RETRY, reason="Notify 429: RateLimitError", rate_limited=True)


def test_a_429_stops_the_run_and_gives_the_rest_back(programme, recording, settings):
    settings.ROSE_SMS_PROVIDER = "rose.messaging.tests.test_faults.RateLimited"
    patient = texting_patient(programme)
    for i in range(4):
        _checkin(patient, f"Text {i}")
    stats = dispatch_due()
    assert sum(recording.sends.values()) == 1 and stats.released == 3
    assert not OutboundMessage.objects.filter(status=MessageStatus.SENDING).exists()


@pytest.mark.parametrize(("body", "fragments"), [
    ("Don\u2019t forget your check-in \u2013 reply with a number from 0 to 10. " * 2, 1),
    ("\u201cThanks\u201d \u2014 the ROSE team\u2026 see you soon", 1),
    ("Pain score? \U0001F600", 1),
])
def test_fragments_follow_notify_normalisation(body, fragments):
    size = text_size(body)
    assert size.fragments == fragments, size


def test_an_accepted_result_is_never_recorded_on_two_rows(programme, recording):
    patient = texting_patient(programme)
    first, second = _checkin(patient, "same"), _checkin(patient, "same")
    dispatch_due()
    first.refresh_from_db()

    class FindsTheOtherRow(RecordingProvider):
        def find_by_reference(self, message):
            return first.provider_id  # a lookup by body would find the first row's message

    OutboundMessage.objects.filter(pk=second.pk).update(status=MessageStatus.QUEUED, uncertain=True,
                                                        provider_id="", sent_at=None)
    token, rows = claim_batch(size=10)
    from rose.messaging.dispatch import DispatchStats

    stats = DispatchStats()
    send_one(rows[0], token, FindsTheOtherRow(), stats)
    second.refresh_from_db()
    assert stats.found_by_reference == 0 and stats.sent == 1
    assert second.provider_id != first.provider_id

"""Reliability on PostgreSQL: concurrent workers, a flaky provider, timeouts after acceptance and
a worker killed mid-batch never lose or repeat a text. Skipped on SQLite.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_messaging .venv/bin/python -m pytest \
     rose/messaging/tests/test_reliability_pg.py -n 0
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from rose.messaging.dispatch import dispatch_due, receipt_apply
from rose.messaging.models import MessageStatus, OutboundMessage
from rose.messaging.sms import text_size
from rose.messaging.tests.factories import texting_patient
from rose.messaging.tests.fakes import FlakyProvider, RecordingProvider

pytestmark = [
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="reliability tests need PostgreSQL (SKIP LOCKED, real concurrency)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def unlimited(settings):
    settings.ROSE_SMS_PER_NUMBER_PER_HOUR = 10**9
    settings.ROSE_SMS_RATE_PER_MINUTE = 10**9
    settings.ROSE_SMS_QUIET_START = "00:00"
    settings.ROSE_SMS_QUIET_END = "00:00"  # no quiet hours, whatever time the suite runs
    settings.ROSE_SMS_RETRY_BASE_SECONDS = 0
    settings.ROSE_SMS_MAX_ATTEMPTS = 1000


def _bulk_messages(programme, count, patients=10):
    people = [texting_patient(programme) for _ in range(patients)]
    now = timezone.now()
    size = text_size("Weekly check-in from ROSE")
    OutboundMessage.objects.bulk_create([
        OutboundMessage(programme=programme, patient=people[i % patients], to_number=people[i % patients].mobile,
                        purpose="checkin", body="Weekly check-in from ROSE", due_at=now, send_after=now,
                        encoding=size.encoding, fragments=size.fragments, cost_pence=size.cost_pence)
        for i in range(count)], batch_size=2000)
    return count


def _run_workers(count, *, threads_each=4, batch_size=200):
    errors = []

    def worker(n):
        try:
            for _ in range(10_000):
                stats = dispatch_due(worker_id=f"w{n}", batch_size=batch_size, threads=threads_each, max_seconds=30)
                if stats.claimed == 0 and not OutboundMessage.objects.filter(
                        status__in=[MessageStatus.QUEUED, MessageStatus.SENDING]).exists():
                    return
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert not errors


def test_two_workers_send_10000_due_messages_each_exactly_once(programme, settings, unlimited):
    RecordingProvider.reset()
    settings.ROSE_SMS_PROVIDER = "rose.messaging.tests.fakes.RecordingProvider"
    total = _bulk_messages(programme, 10_000)
    _run_workers(3, threads_each=4, batch_size=500)
    assert OutboundMessage.objects.filter(status=MessageStatus.SENT).count() == total
    assert len(RecordingProvider.sends) == total
    assert set(RecordingProvider.sends.values()) == {1}


def test_provider_failing_30_percent_still_sends_each_once(programme, settings, unlimited):
    FlakyProvider.reset()
    settings.ROSE_SMS_PROVIDER = "rose.messaging.tests.fakes.FlakyProvider"
    total = _bulk_messages(programme, 2_000)
    _run_workers(2, threads_each=4, batch_size=200)
    assert OutboundMessage.objects.filter(status=MessageStatus.SENT).count() == total
    assert len(FlakyProvider.sends) == total
    assert set(FlakyProvider.sends.values()) == {1}
    assert OutboundMessage.objects.filter(attempts__gt=1).exists()  # failures really happened


def test_notify_timing_out_after_accepting_causes_no_duplicate(programme, fake_notify, settings, unlimited):
    settings.ROSE_SMS_TIMEOUT_SECONDS = 0.3
    fake_notify.hang_seconds = 0.6
    calls = Counter()
    lock = threading.Lock()

    def behaviour(payload):
        with lock:
            calls[payload["reference"]] += 1
            first = calls[payload["reference"]] == 1
        return "accept_then_hang" if first and hash(payload["reference"]) % 5 == 0 else "ok"

    fake_notify.behaviour = behaviour
    total = _bulk_messages(programme, 300)
    _run_workers(2, threads_each=4, batch_size=100)
    references = Counter(fake_notify.sent_references())
    assert len(references) == total and set(references.values()) == {1}
    assert OutboundMessage.objects.filter(status=MessageStatus.SENT).count() == total
    assert OutboundMessage.objects.filter(events__detail__contains="by reference").distinct().count() > 0


WORKER_SCRIPT = """
import django, sys
django.setup()
from django.conf import settings
settings.ROSE_SMS_PROVIDER = "notify"
settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL, settings.NOTIFY_SMS_TEMPLATE_ID = sys.argv[1:4]
settings.ROSE_SMS_PER_NUMBER_PER_HOUR = settings.ROSE_SMS_RATE_PER_MINUTE = 10**9
settings.ROSE_SMS_QUIET_START = settings.ROSE_SMS_QUIET_END = "00:00"  # whatever time the suite runs
from rose.messaging.dispatch import dispatch_due
print("started", flush=True)
dispatch_due(batch_size=400, threads=4, max_seconds=120)
"""


def test_killed_worker_mid_batch_loses_nothing_and_repeats_nothing(programme, fake_notify, unlimited):
    from rose.messaging.tests.notify_server import API_KEY, TEMPLATE_ID

    fake_notify.latency = 0.02
    total = _bulk_messages(programme, 400)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rose.config.settings.test",
           "DATABASE_URL": _database_url()}
    worker = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT, API_KEY, fake_notify.url, TEMPLATE_ID],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              cwd=str(django_settings.BASE_DIR))
    fake_notify.wait_for_sends(60, timeout=120, alive=lambda: worker.poll() is None)
    worker.kill()  # SIGKILL mid-batch: no chance to tidy up
    worker.wait()
    assert fake_notify.send_calls >= 60, worker.stderr.read().decode()[-2000:]
    assert OutboundMessage.objects.filter(status=MessageStatus.SENDING).exists()
    # Time passes: the dead worker's leases expire and another worker takes over.
    OutboundMessage.objects.filter(status=MessageStatus.SENDING).update(lease_until=timezone.now())
    fake_notify.latency = 0
    _run_workers(2, threads_each=4)
    references = Counter(fake_notify.sent_references())
    assert len(references) == total and set(references.values()) == {1}
    assert OutboundMessage.objects.filter(status=MessageStatus.SENT).count() == total


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


# --- issue 16: texts under faults (a local fake Notify, real senders and workers) ------------------

def _texting_people(programme, count):
    people = [texting_patient(programme) for _ in range(count)]
    assert len({p.mobile for p in people}) == count
    return people


def _queue_each(people, per_person, body="Weekly check-in from ROSE"):
    now = timezone.now()
    size = text_size(body)
    OutboundMessage.objects.bulk_create([
        OutboundMessage(programme=p.programme, patient=p, to_number=p.mobile, purpose="checkin", body=body,
                        due_at=now, send_after=now, encoding=size.encoding, fragments=size.fragments,
                        cost_pence=size.cost_pence)
        for p in people for _ in range(per_person)])


def test_stop_racing_three_workers_no_text_after_stop(programme, fake_notify, unlimited, settings):
    """The STOP arrives while three workers (4 sender threads each) are sending the patient's texts:
    it is processed inside Notify's handling of that patient's first text. After the STOP commits,
    the only texts of that patient Notify may still receive are the ones whose call had already
    started then (marked `uncertain` before the call: in flight, or timed out and not yet resolved)."""
    from rose.messaging.inbound import inbound_receive

    settings.ROSE_SMS_TIMEOUT_SECONDS = 10
    fake_notify.latency = 0.01
    people = _texting_people(programme, 12)
    stoppers = {p.mobile: p for p in people[:6]}
    _queue_each(people, 6)
    lock = threading.Lock()
    allowed: dict[str, set[str]] = {}  # number -> references in flight when the STOP committed
    late: list[str] = []

    def behaviour(payload):
        number, reference = payload["phone_number"], payload["reference"]
        if number not in stoppers:
            return "ok"
        with lock:
            if number not in allowed:
                try:
                    inbound_receive(provider="notify", provider_id=f"stop-{number}", from_number=number, body="STOP")
                    allowed[number] = {str(pk) for pk in OutboundMessage.objects.filter(
                        to_number=number, uncertain=True).values_list("pk", flat=True)}
                finally:
                    connection.close()
            elif reference not in allowed[number] and OutboundMessage.objects.filter(
                    pk=reference, purpose="checkin").exists():
                late.append(reference)
            connection.close()
        return "ok"

    fake_notify.behaviour = behaviour
    _run_workers(3, threads_each=4, batch_size=20)
    assert set(allowed) == set(stoppers)
    assert late == []  # zero texts after STOP
    references = Counter(fake_notify.sent_references())
    assert set(references.values()) == {1}  # zero duplicates
    for person in people:
        rows = OutboundMessage.objects.filter(patient=person, purpose="checkin")
        if person.mobile in stoppers:
            assert set(rows.values_list("status", flat=True)) <= {MessageStatus.SENT, MessageStatus.CANCELLED}
            assert rows.filter(status=MessageStatus.CANCELLED).exists()
            assert OutboundMessage.objects.filter(patient=person, purpose="keyword_reply",
                                                  status=MessageStatus.SENT).count() == 1
        else:  # zero losses
            assert rows.filter(status=MessageStatus.SENT).count() == 6


def test_backlog_at_night_sends_only_the_crisis_reply(programme, fake_notify, unlimited, settings):
    """After an outage, 300 routine texts are due at 23:30 London time and a red-flag text arrives:
    one cycle of two workers sends the crisis reply and nothing else; the backlog waits for 09:00."""
    import time_machine

    from rose.messaging.inbound import inbound_receive

    settings.ROSE_SMS_QUIET_START, settings.ROSE_SMS_QUIET_END = "20:00", "09:00"
    people = _texting_people(programme, 10)
    with time_machine.travel(dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC)):
        _queue_each(people, 30)
        OutboundMessage.objects.update(send_after=timezone.now() - dt.timedelta(hours=6))
        inbound_receive(provider="notify", provider_id="crisis-1", from_number=people[3].mobile,
                        body="I want to end my life")
        pool = [threading.Thread(target=lambda n=n: (dispatch_due(worker_id=f"w{n}", threads=4, batch_size=100),
                                                     connection.close())) for n in range(2)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
    crisis = OutboundMessage.objects.get(purpose="red_flag_reply")
    assert crisis.status == MessageStatus.SENT  # within one worker cycle
    assert fake_notify.sent_references() == [str(crisis.pk)]  # zero routine texts in quiet hours
    routine = OutboundMessage.objects.filter(purpose="checkin")
    assert routine.count() == 300 and set(routine.values_list("status", flat=True)) == {MessageStatus.QUEUED}
    assert set(routine.values_list("send_after", flat=True)) == {dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)}


def test_replayed_and_reordered_receipts_change_nothing(programme, fake_notify, unlimited):
    """Receipts arrive before the sender records Notify's answer, then are replayed three times in
    a shuffled order together with repeats of technical failures already handled: every text is
    delivered, only the technically failed ones are sent a second time, and only once."""
    import random

    fake_notify.latency = 0.005
    people = _texting_people(programme, 10)
    _queue_each(people, 15)
    total = 150
    failed_once = set()

    lock = threading.Lock()

    def early_receipt(record):  # Notify's callback racing the sender, from Notify's own thread
        try:
            with lock:
                first_time = record["reference"] not in failed_once and len(failed_once) < 15
                if first_time:
                    failed_once.add(record["reference"])
            status = "retry" if first_time else "delivered"
            receipt_apply(provider_id=record["id"], reference=record["reference"], status=status,
                          detail="technical-failure" if first_time else "delivered", provider="notify")
        finally:
            connection.close()

    fake_notify.before_reply = early_receipt
    _run_workers(2, threads_each=4, batch_size=50)
    fake_notify.before_reply = None
    references = Counter(fake_notify.sent_references())
    assert len(references) == total and len(failed_once) == 15
    assert {ref: n for ref, n in references.items() if n > 1} == dict.fromkeys(failed_once, 2)
    assert OutboundMessage.objects.filter(status=MessageStatus.DELIVERED).count() == total
    with fake_notify.lock:
        receipts = [(n["id"], n["reference"], "technical-failure" if n["reference"] in failed_once
                     and n is fake_notify.notifications[fake_notify.by_reference[n["reference"]][0]] else "delivered")
                    for n in fake_notify.notifications.values()]
    replay = receipts * 3
    random.Random(16).shuffle(replay)
    for provider_id, reference, raw in replay:
        receipt_apply(provider_id=provider_id, reference=reference, provider="notify", detail=raw,
                      status="retry" if raw == "technical-failure" else "delivered")
    _run_workers(2, threads_each=4, batch_size=50)
    assert Counter(fake_notify.sent_references()) == references  # nothing sent again
    assert OutboundMessage.objects.filter(status=MessageStatus.DELIVERED).count() == total
    assert not OutboundMessage.objects.exclude(sent_at__isnull=False).exists()


def test_rate_limited_notify_loses_nothing_and_repeats_nothing(programme, fake_notify, unlimited):
    """Notify answers 429 to every tenth call: each 429 ends the run and gives the rest of the batch
    back; when the pause has passed, everything is sent exactly once."""
    lock = threading.Lock()
    seen = Counter()

    def behaviour(payload):
        with lock:
            seen["calls"] += 1
            return 429 if seen["calls"] % 10 == 0 else "ok"

    fake_notify.behaviour = behaviour
    total = _bulk_messages(programme, 100)
    runs = 0
    while OutboundMessage.objects.filter(status=MessageStatus.QUEUED).exists() and runs < 100:
        runs += 1
        stats = dispatch_due(threads=4, batch_size=40)
        assert stats.claimed
        # The minute's pause after a 429 passes.
        OutboundMessage.objects.filter(status=MessageStatus.QUEUED).update(send_after=timezone.now())
    references = Counter(fake_notify.sent_references())
    assert len(references) == total and set(references.values()) == {1}
    assert OutboundMessage.objects.filter(status=MessageStatus.SENT).count() == total
    assert seen["calls"] >= total + 10  # the 429s really happened
    assert OutboundMessage.objects.filter(events__detail="Released: the provider asked us to slow down").exists()


def test_sigterm_mid_batch_releases_the_rest_at_once(programme, fake_notify, unlimited, tmp_path):
    """The real `rose_worker` command: SIGTERM while its sender is mid-batch. The worker finishes
    the calls in flight, gives the rest back at once (no lease left) and exits; another worker then
    sends them, each exactly once."""
    import signal

    from rose.messaging.tests.notify_server import API_KEY, TEMPLATE_ID

    fake_notify.latency = 0.1  # 40 texts a second: SIGTERM lands well inside the batch
    total = _bulk_messages(programme, 600)
    # The test settings run tasks at once; the worker command needs the database task backend.
    (tmp_path / "sigterm_settings.py").write_text(
        "from rose.config.settings.test import *  # noqa: F403\n"
        'TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}\n')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sigterm_settings", "DATABASE_URL": _database_url(),
           "PYTHONPATH": os.pathsep.join([str(tmp_path), str(django_settings.BASE_DIR)]),
           "ROSE_SMS_PROVIDER": "notify", "NOTIFY_API_KEY": API_KEY, "NOTIFY_BASE_URL": fake_notify.url,
           "NOTIFY_SMS_TEMPLATE_ID": TEMPLATE_ID, "ROSE_SMS_PER_NUMBER_PER_HOUR": "1000000000",
           "ROSE_SMS_RATE_PER_MINUTE": "1000000000", "ROSE_SMS_QUIET_START": "00:00",
           "ROSE_SMS_QUIET_END": "00:00", "ROSE_SMS_SEND_THREADS": "4"}
    worker = subprocess.Popen([sys.executable, "manage.py", "rose_worker", "--no-reload", "--no-startup-delay",
                               "--worker-id", "sigterm-test"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=str(django_settings.BASE_DIR))
    try:
        fake_notify.wait_for_sends(40, timeout=120, alive=lambda: worker.poll() is None)
        assert fake_notify.send_calls >= 40, worker.stderr.read().decode()[-2000:]
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=90)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert not OutboundMessage.objects.filter(status=MessageStatus.SENDING).exists()  # nothing left leased
    released = OutboundMessage.objects.filter(events__detail="Released: the worker is stopping").distinct()
    assert released.exists()
    assert OutboundMessage.objects.filter(status=MessageStatus.QUEUED).count() == total - len(
        set(fake_notify.sent_references()))
    fake_notify.latency = 0
    _run_workers(2, threads_each=4)  # at once: no lease to wait for
    references = Counter(fake_notify.sent_references())
    assert len(references) == total and set(references.values()) == {1}
    assert OutboundMessage.objects.filter(status=MessageStatus.SENT).count() == total

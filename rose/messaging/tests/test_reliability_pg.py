"""Reliability on PostgreSQL: concurrent workers, a flaky provider, timeouts after acceptance and
a worker killed mid-batch never lose or repeat a text. Skipped on SQLite.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_messaging .venv/bin/python -m pytest \
     rose/messaging/tests/test_reliability_pg.py -n 0
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from rose.messaging.dispatch import dispatch_due
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
    deadline = time.monotonic() + 120
    while fake_notify.send_calls < 60 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.02)
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

"""Messaging benchmarks.

1. Sustained send rate through the real notifications-python-client against the local Notify
   server (rose/messaging/tests/notify_server.py) answering after 50 ms per call.
2. Time to schedule the texts for N plans (default 10,000): per plan one nudge before each of 2
   step changes and a weekly check-in for 4 weeks (6 texts), each through message_schedule in
   the plan's own transaction (consent check, quiet hours, outbox row, status row, audit row).

Run against a throwaway PostgreSQL database (created and dropped by the script):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_messaging \
        .venv/bin/python bench/bench_messaging.py --messages 6000 --plans 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rose.config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

_NUMBERS = None


def make_patients(programme, count):
    global _NUMBERS
    from rose.core.fake_people import test_range_nhs_numbers
    from rose.patients.models import Consent, Patient

    if _NUMBERS is None:
        _NUMBERS = test_range_nhs_numbers(start=700_000)
    numbers = _NUMBERS
    patients = Patient.objects.bulk_create([
        Patient(programme=programme, nhs_number=next(numbers), given_name="Bench", family_name=f"Patient{i}",
                date_of_birth=dt.date(1960, 1, 1), mobile=f"+4477009{i % 100000:05d}", family_key="PATIENT",
                given_key="BENCH") for i in range(count)], batch_size=2000)
    Consent.objects.bulk_create([Consent(patient=p, kind="texts", given=True, source="staff") for p in patients],
                                batch_size=2000)
    return patients


def bench_send(programme, count, threads):
    from rose.messaging.dispatch import dispatch_due
    from rose.messaging.models import MessageStatus, OutboundMessage
    from rose.messaging.sms import text_size
    from rose.messaging.tests.notify_server import API_KEY, TEMPLATE_ID, FakeNotify

    patients = make_patients(programme, 200)
    now = timezone.now()
    size = text_size("Your ROSE weekly check-in: reply with any questions about your plan.")
    OutboundMessage.objects.bulk_create([
        OutboundMessage(programme=programme, patient=patients[i % 200], to_number=patients[i % 200].mobile,
                        purpose="checkin", body="Your ROSE weekly check-in: reply with any questions about your plan.",
                        due_at=now, send_after=now, encoding=size.encoding, fragments=size.fragments,
                        cost_pence=size.cost_pence) for i in range(count)], batch_size=2000)
    with FakeNotify(latency=0.05) as server:
        settings.ROSE_SMS_PROVIDER = "notify"
        settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL, settings.NOTIFY_SMS_TEMPLATE_ID = API_KEY, server.url, \
            TEMPLATE_ID
        settings.ROSE_SMS_RATE_PER_MINUTE = 10**9  # measure capacity, not the limit
        settings.ROSE_SMS_PER_NUMBER_PER_HOUR = 10**9
        started = time.perf_counter()
        while OutboundMessage.objects.filter(status=MessageStatus.QUEUED).exists():
            dispatch_due(threads=threads, batch_size=400, max_seconds=600)
        elapsed = time.perf_counter() - started
        sent = OutboundMessage.objects.filter(status=MessageStatus.SENT).count()
        assert sent == count and len(set(server.sent_references())) == count
    return elapsed, sent


def bench_schedule(programme, plans):
    from rose.messaging.services import message_schedule

    patients = make_patients(programme, plans)
    start = timezone.now()
    started = time.perf_counter()
    texts = 0
    for index, patient in enumerate(patients, 1):
        if index % 2000 == 0:
            print(f"  scheduled for {index} plans in {time.perf_counter() - started:.1f} s", flush=True)
        with transaction.atomic():
            for step in (7, 14):
                texts += bool(message_schedule(
                    patient=patient, purpose="plan_step_nudge", due_at=start + dt.timedelta(days=step - 1),
                    body="Your ROSE plan changes tomorrow. Open your plan to see what to do."))
            for week in range(1, 5):
                texts += bool(message_schedule(
                    patient=patient, purpose="checkin", due_at=start + dt.timedelta(weeks=week),
                    body="ROSE weekly check-in: how has your pain been? Reply 0 to 10."))
    return time.perf_counter() - started, texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=6000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--plans", type=int, default=10_000)
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from rose.accounts.models import Programme

        programme = Programme.objects.create(name="Bench", slug="bench")
        elapsed, sent = bench_send(programme, args.messages, args.threads)
        print(f"machine: nproc={os.cpu_count()} python={platform.python_version()} db={connection.vendor} "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        print(f"send: {sent} texts in {elapsed:.1f} s = {sent / elapsed * 60:,.0f} a minute "
              f"({args.threads} sender threads, 50 ms per Notify call)")
        elapsed, texts = bench_schedule(programme, args.plans)
        print(f"schedule: {args.plans} plans, {texts} texts in {elapsed:.1f} s "
              f"({texts / elapsed:,.0f} texts/s, {elapsed / args.plans * 1000:.2f} ms a plan)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

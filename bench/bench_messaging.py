"""Messaging benchmarks.

1. Sustained send rate through the real notifications-python-client against the local Notify
   server (rose/messaging/tests/notify_server.py) answering after 50 ms per call.
2. Time to schedule the texts for N approved plans (default 10,000): a nudge the day before each
   step change and a weekly check-in, through the real `nudges_schedule` in each plan's own
   transaction (`--batch 1`, as an approval does) and through `nudges_schedule_many` for a batch
   of plans a transaction (`--batch 500`): one consent query, quiet hours per text, the outbox rows
   and their status rows by COPY, one audit row per plan. `--profile FILE` profiles the timed loop.

Run against a throwaway PostgreSQL database (created and dropped by the script):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_messaging \
        .venv/bin/python bench/bench_messaging.py --messages 6000 --plans 10000 --batch 500 1
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

from bench.synthetic import django_setup

django_setup(migrate=False)  # the benchmark makes and drops its own test database

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


def make_plans(programme, count):
    """`count` approved, active plans, each a copy of one plan made through the services (consultation,
    dose-engine taper, approval), written in bulk (not timed). Returns their ids and the steps."""
    from rose.plans.models import Plan, PlanStatus, PlanVersion
    from rose.plans.tests.factories import approved_plan

    patients = make_patients(programme, count + 1)
    template = approved_plan(patients[0], start=timezone.localdate() + dt.timedelta(days=1))
    version = template.approved_version
    rows = Plan.objects.bulk_create([
        Plan(patient=patient, programme=programme, status=PlanStatus.ACTIVE, created_by=template.created_by)
        for patient in patients[1:]], batch_size=2000)
    versions = PlanVersion.objects.bulk_create([
        PlanVersion(plan=plan, number=1, request=version.request, steps=version.steps, warnings=version.warnings,
                    table=version.table, table_version=version.table_version,
                    starting_ome_mg_per_day=version.starting_ome_mg_per_day, change="Bench copy",
                    created_by=template.created_by) for plan in rows], batch_size=2000)
    for plan, plan_version in zip(rows, versions, strict=True):
        plan.approved_version = plan.latest_version = plan_version
    Plan.objects.bulk_update(rows, ["approved_version", "latest_version"], batch_size=2000)
    return [plan.pk for plan in rows], version.steps


def _plans(ids):
    from rose.plans.models import Plan

    return list(Plan.objects.select_related("approved_version", "patient__programme").filter(pk__in=ids))


def _schedule(ids, batch):
    from rose.plans.services.lifecycle import nudges_schedule, nudges_schedule_many

    with transaction.atomic():
        plans = _plans(ids)
        return nudges_schedule(plan=plans[0]) if batch == 1 else nudges_schedule_many(plans=plans)


def bench_schedule(programme, plans, *, batch, profile=""):
    """The scheduling path for N approved, active plans (set-up not timed).

    batch == 1: each plan in its own transaction through `nudges_schedule`, exactly as an approval
    runs it: load the plan, cancel earlier texts, then a nudge the day before each step change and
    a weekly check-in (one consent check, quiet hours per text, outbox and status rows in bulk, one
    audit row naming every text).
    batch > 1: `nudges_schedule_many` for `batch` plans a transaction, loaded with one query: the
    same checks and rows, set-based (one cancel, one consent query, the rows by COPY, one audit row
    a plan)."""
    from django.test.utils import CaptureQueriesContext

    from rose.audit.models import AuditEvent
    from rose.messaging.models import MessageEvent, MessageStatus, OutboundMessage

    ids, steps = make_plans(programme, plans)
    print(f"  each plan: {len(steps)} steps over {steps[0]['start_date']} to {steps[-1]['end_date']}", flush=True)
    audits_before = AuditEvent.objects.filter(object_type="plans.Plan", action="create").count()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        texts = _schedule(ids[:batch], batch)
    print(f"  first transaction ({batch} plans): {len(queries.captured_queries)} database round trips, "
          "BEGIN and COMMIT included", flush=True)
    for index in range(batch, len(ids), batch):
        if index % 1000 == 0:
            print(f"  scheduled for {index} plans in {time.perf_counter() - started:.1f} s", flush=True)
        texts += _schedule(ids[index:index + batch], batch)
    cpu = time.process_time() - cpu
    elapsed = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    print(f"  Python CPU time of this process: {cpu:.1f} s (the rest is the database and waiting for a core)",
          flush=True)
    queued = OutboundMessage.objects.filter(status=MessageStatus.QUEUED, related_id__in=[str(pk) for pk in ids])
    assert queued.count() == texts == MessageEvent.objects.filter(message__in=queued).count()
    audits = AuditEvent.objects.filter(object_type="plans.Plan", action="create").count() - audits_before
    assert audits == plans, (audits, plans)
    return elapsed, texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=6000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--skip-send", action="store_true", help="only the scheduling benchmark")
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 500],
                        help="plans a transaction: 1 = one approval at a time; each size is timed on its own plans")
    parser.add_argument("--profile", default="", help="write a cProfile of the timed scheduling loop to this file")
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from rose.accounts.models import Programme

        programme = Programme.objects.create(name="Bench", slug="bench")
        print(f"machine: nproc={os.cpu_count()} python={platform.python_version()} db={connection.vendor} "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        if not args.skip_send:
            elapsed, sent = bench_send(programme, args.messages, args.threads)
            print(f"send: {sent} texts in {elapsed:.1f} s = {sent / elapsed * 60:,.0f} a minute "
                  f"({args.threads} sender threads, 50 ms per Notify call)")
        for batch in args.batch:
            print(f"schedule, {batch} plan(s) a transaction:", flush=True)
            elapsed, texts = bench_schedule(programme, args.plans, batch=batch, profile=args.profile)
            print(f"load average {os.getloadavg()[0]:.1f}; schedule ({batch} a transaction): {args.plans} plans, "
                  f"{texts} texts in {elapsed:.1f} s ({texts / elapsed:,.0f} texts/s, "
                  f"{elapsed / args.plans * 1000:.2f} ms a plan)", flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

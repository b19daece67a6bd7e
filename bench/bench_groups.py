#!/usr/bin/env python
"""Groups benchmark: the nightly waitlist promotion over N waitlisted patients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_groups \
        .venv/bin/python bench/bench_groups.py --waiting 100000

Migrates the database named by DATABASE_URL, bulk-creates N patients and N waiting waitlist
entries (once), plus C cohorts starting in two weeks with free places, then times
`rose.groups.services.waitlist_promote_all()` (offers, waitlist transitions, timeline rows, audit
rows and queued texts included) and a second, idle run when every place is already offered.
Printed as Markdown for `docs/benchmarks.md`. Nothing here is asserted.
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


def _seed(programme, n: int) -> None:
    from django.utils import timezone

    from rose.patients.models import Consent, Patient
    from rose.referrals.models import WaitlistEntry

    have = WaitlistEntry.objects.filter(programme=programme).count()
    if have >= n:
        return
    started = time.perf_counter()
    now = timezone.now()
    batch = 5000
    for offset in range(have, n, batch):
        size = min(batch, n - offset)
        patients = [Patient(programme=programme, nhs_number=f"{9_000_000_000 + offset + i}",
                            given_name=f"Bench{offset + i}", family_name="Waiting", given_key="BENCH",
                            family_key="WAITING", date_of_birth=dt.date(1970, 1, 1),
                            mobile=f"+4477009{(offset + i) % 100000:05d}") for i in range(size)]
        Patient.objects.bulk_create(patients)
        Consent.objects.bulk_create([Consent(patient=p, kind="texts", given=True, source="staff") for p in patients])
        WaitlistEntry.objects.bulk_create([
            WaitlistEntry(patient=p, programme=programme, status="waiting",
                          added_at=now - dt.timedelta(minutes=offset + i)) for i, p in enumerate(patients)])
    print(f"seeded {n - have:,} waitlisted patients in {time.perf_counter() - started:.1f}s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--waiting", type=int, default=100_000)
    parser.add_argument("--cohorts", type=int, default=10)
    args = parser.parse_args()

    from bench.synthetic import bench_programme, django_setup

    django_setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from rose.groups import services
    from rose.groups.models import Cohort

    programme = bench_programme("bench-groups", "Bench groups")
    _seed(programme, args.waiting)
    course = services.course_default_for_programme(programme=programme)
    start = timezone.localdate() + dt.timedelta(days=14)
    with transaction.atomic():
        Cohort.objects.filter(programme=programme).delete()  # cascade: enrolments, sessions
    from rose.referrals.models import WaitlistEntry

    WaitlistEntry.objects.filter(programme=programme).update(status="waiting")
    for index in range(args.cohorts):
        services.cohort_create(actor=None, programme=programme, course=course, name=f"Bench {index}",
                               start_date=start, start_time=dt.time(14), venue_address="Hall", capacity=12)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        offered = services.waitlist_promote_all()
        busy = time.perf_counter() - started
    started = time.perf_counter()
    services.waitlist_promote_all()
    idle = time.perf_counter() - started
    print("\n| Measure | Value |\n|---|---|")
    print(f"| Waitlisted patients | {args.waiting:,} |")
    print(f"| Cohorts with free places | {args.cohorts} (12 places each) |")
    print(f"| Offers made | {offered} |")
    print(f"| Promotion run (offers, texts, audit) | {busy:.2f} s ({len(queries)} queries, "
          f"{1000 * busy / max(offered, 1):.1f} ms per offer) |")
    print(f"| Idle run (every place already offered) | {idle * 1000:.0f} ms |")
    print(f"| Machine | {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{connection.vendor} |")


if __name__ == "__main__":
    main()

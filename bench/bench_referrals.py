#!/usr/bin/env python
"""Referrals benchmark: the triage queue page with N referrals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_referrals_bench \
        .venv/bin/python bench/bench_referrals.py --referrals 100000

Migrates the database named by DATABASE_URL, bulk-creates N submitted referrals once (the
generator is `rose.referrals.demo.synth_referrals`), signs in a coordinator and times the whole
request (view, queries, Jinja rendering) of the queue for several filter combinations, first and
last page. Printed as Markdown for `docs/benchmarks.md`. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from bench.synthetic import bench_programme, django_setup

    django_setup(test_client=True)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conftest import login_verified
    from rose.accounts.models import User
    from rose.referrals.demo import synth_referrals
    from rose.referrals.models import Referral

    programme = bench_programme("bench-referrals", "Bench referrals")
    have = Referral.objects.filter(programme=programme).count()
    if have < args.referrals:
        started = time.perf_counter()
        synth_referrals(programme, random.Random(4), sys.stdout, count=args.referrals - have)
        print(f"seeded in {time.perf_counter() - started:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE referrals_referral")
    user, _ = User.objects.get_or_create(email="bench-coordinator@rose.example", defaults={
        "first_name": "Bench", "last_name": "Coordinator", "role": "coordinator", "programme": programme})
    client = login_verified(Client(), user)
    practice = Referral.objects.filter(programme=programme).values_list("gp_practice_id", flat=True).first()
    cases = [
        ("Open, waiting longest first (default)", {}),
        ("All statuses, newest first", {"status": "", "sort": "newest"}),
        ("One practice", {"practice": str(practice)}),
        ("OME band 120-299, waiting 28 days+", {"band": "3", "waiting": "28"}),
        ("Any flag", {"flag": "any"}),
        ("Open, page 100", {"page": "100"}),
    ]
    print("\n| Queue page | Median | Best | Queries | Matching |\n|---|---|---|---|---|")
    for label, params in cases:
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/referrals/", params)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        body = response.content.decode()
        count = body.split("<h2>")[1].split("<")[0].strip() if "<h2>" in body else "?"
        print(f"| {label} | {1000 * statistics.median(times):.0f} ms | {1000 * min(times):.0f} ms | "
              f"{len(queries)} | {count} |")
    print(f"\nMachine: {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}, "
          f"{Referral.objects.filter(programme=programme).count():,} referrals in the programme.")


if __name__ == "__main__":
    main()

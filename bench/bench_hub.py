#!/usr/bin/env python
"""Hub benchmark: server time for a hub article, a course session page and the portal home page.

    .venv/bin/python bench/bench_hub.py --requests 200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_hub .venv/bin/python bench/bench_hub.py

Migrates the database named by DATABASE_URL (default: a throwaway SQLite file in /tmp), which
builds the hub and its starter content, then makes a patient with an approved plan, a group
place, a questionnaire due and A learning assignments, and times R requests to each page through
Django's test client (the full middleware stack, no network). Prints Markdown for
`docs/benchmarks.md`, with queries per request. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _patient(assignments: int):
    from django.utils import timezone

    from rose.accounts.tests.factories import ProgrammeFactory
    from rose.groups.tests.factories import make_cohort, make_enrolled
    from rose.hub import selectors
    from rose.hub.services import assignment_create
    from rose.outcomes.tests.factories import invite
    from rose.plans.tests.factories import approved_plan

    programme = ProgrammeFactory()
    patient = make_enrolled(make_cohort(programme), 1)[0].patient
    approved_plan(patient, start=timezone.localdate() - dt.timedelta(days=1))
    invite(patient, anchor=timezone.localdate())
    for page in list(selectors.assignable_pages())[:assignments]:
        assignment_create(patient=patient, page=page, actor=None)
    return patient


def _time(client, path: str, n: int) -> tuple[float, float, int]:
    from django.db import connection

    client.get(path)  # warm caches
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # survives the reconnect each request makes
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(path).status_code == 200, path
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--assignments", type=int, default=10)
    args = parser.parse_args()

    from bench.synthetic import django_setup

    django_setup(database_url="sqlite:////tmp/rose_bench_hub.sqlite3")
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from rose.hub.tests.portal_helpers import portal_client

    setup_test_environment()
    patient = _patient(args.assignments)
    portal = portal_client(patient)
    public = Client()
    rows = [
        ("Hub article /learn/patients/how-opioids-work/", public, "/learn/patients/how-opioids-work/"),
        ("Course session /learn/patients/pacing/", public, "/learn/patients/pacing/"),
        ("Hub search /hub-search/?q=sleep", public, "/hub-search/?q=sleep"),
        (f"Portal home /portal/ ({args.assignments} assignments)", portal, "/portal/"),
    ]
    print(f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{connection.vendor}, {args.requests} requests each, Django test client (no network)\n")
    print("| Page | Median ms | p95 ms | Queries |")
    print("| --- | ---: | ---: | ---: |")
    for label, client, path in rows:
        median, p95, queries = _time(client, path, args.requests)
        print(f"| {label} | {median:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()

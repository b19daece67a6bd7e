#!/usr/bin/env python
"""Plans benchmark: a 52-step reduction plan from the dose engine, approved, with its two PDFs.

    .venv/bin/python bench/bench_plans.py [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_plans .venv/bin/python bench/bench_plans.py

Migrates the database named by DATABASE_URL (default: a SQLite file in /tmp), then for each run:
drafts a plan (morphine MR 120 mg twice a day, 2% of the original every 7 days: 48 engine steps)
and adds 4 holds (52 steps, 5 versions), approves it, and generates the patient's plan and the GP
letter with WeasyPrint. Prints Markdown for `docs/benchmarks.md`. Nothing here is asserted.
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

REGIMEN = {"items": [{"drug": "morphine", "route": "oral", "dose_mg": 120, "times_per_day": 2, "release": "modified"}]}
STRATEGY = {"type": "percent-of-original", "percent": 2, "interval_days": 7}


def one_run(programme, prescriber) -> dict[str, float]:
    from rose.patients.tests.factories import PatientFactory
    from rose.plans import services
    from rose.plans.models import PlanDocument
    from rose.plans.services.documents import TEMPLATES, document_html, html_to_pdf
    from rose.plans.tests.factories import consultation_for

    patient = PatientFactory(programme=programme)
    consultation = consultation_for(patient, clinician=prescriber, regimen=REGIMEN)
    request = services.taper_request(regimen=REGIMEN, start_date=dt.date(2027, 1, 4), strategy=STRATEGY)
    timings = {}
    started = time.perf_counter()
    plan = services.plan_create(patient=patient, actor=prescriber, request=request, consultation=consultation)
    for after in (10, 20, 30, 40):
        services.plan_hold_insert(plan=plan, actor=prescriber, after_step=after, days=7, reason="Bench hold")
    timings["draft 48 steps + 4 holds (52 steps, 5 versions)"] = time.perf_counter() - started
    plan.refresh_from_db()
    assert len(plan.latest_version.steps) == 52, len(plan.latest_version.steps)
    started = time.perf_counter()
    services.plan_approve(plan=plan, actor=prescriber, version_number=5)  # test settings run the PDF task at once
    timings[f"approve, including the task making and storing its {len(TEMPLATES)} PDFs"] = time.perf_counter() - started
    version = plan.latest_version
    started = time.perf_counter()
    html = [document_html(version, kind) for kind in ("patient_plan", "gp_letter")]
    timings["render both HTML documents"] = time.perf_counter() - started
    started = time.perf_counter()
    pdfs = [html_to_pdf(text) for text in html]
    timings["WeasyPrint: both PDFs"] = time.perf_counter() - started
    timings["PDF bytes (both)"] = sum(len(pdf) for pdf in pdfs)
    assert PlanDocument.objects.filter(version=version).count() == len(TEMPLATES)  # patient plan, easy read, GP letter
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from bench.synthetic import bench_programme, django_setup

    django_setup(database_url=f"sqlite:////tmp/rose_bench_plans_{os.getpid()}.sqlite3")  # fresh each run
    from rose.accounts.roles import Role
    from rose.accounts.tests.factories import UserFactory

    programme = bench_programme("bench-plans", "Bench plans")
    prescriber = UserFactory(role=Role.PRESCRIBER, programme=programme)
    one_run(programme, prescriber)  # warm-up: imports WeasyPrint, loads fonts and the formulary
    runs = [one_run(programme, prescriber) for _ in range(args.runs)]
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"database {os.environ['DATABASE_URL'].split(':')[0]}; median of {args.runs} runs after a warm-up\n")
    print("| Stage | Median | Min | Max |\n|---|---|---|---|")
    for key in runs[0]:
        values = [run[key] for run in runs]
        if key.startswith("PDF bytes"):
            print(f"| {key} | {statistics.median(values):,.0f} | {min(values):,.0f} | {max(values):,.0f} |")
        else:
            print(f"| {key} | {statistics.median(values) * 1000:.0f} ms | {min(values) * 1000:.0f} ms | "
                  f"{max(values) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()

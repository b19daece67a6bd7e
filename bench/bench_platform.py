#!/usr/bin/env python
"""Platform benchmarks: `synth` speed and the patient search page over N synthetic patients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_bench \
        .venv/bin/python bench/bench_platform.py --patients 100000

Migrates the database named by DATABASE_URL, creates the synthetic patients (unless already
there), then times the patient search page in-process (Django test client, no network) for
name, NHS number and date-of-birth searches, reporting the median of repeated requests and the
number of SQL queries per page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from bench.synthetic import django_setup, ensure_patients, machine_line

    django_setup(test_client=True)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conftest import login_verified
    from rose.accounts.models import User
    from rose.accounts.roles import Role
    from rose.patients.models import Patient

    programme = ensure_patients(args.patients)
    user, _ = User.objects.get_or_create(email="bench@rose.example", defaults={
        "first_name": "Bench", "last_name": "User", "role": Role.NURSE, "programme": programme})
    client = login_verified(Client(), user)
    sample = Patient.objects.filter(programme=programme).order_by("nhs_number")[args.patients // 2]
    queries = {"surname prefix": "smi", "full name": "Olivia Smith", "NHS number": sample.nhs_number,
               "date of birth": sample.date_of_birth.strftime("%d/%m/%Y")}
    print(machine_line(Patient.objects.filter(programme=programme).count()))
    for label, query in queries.items():
        client.post("/patients/", {"q": query})
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get("/patients/")
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(f"search by {label:<15} median {statistics.median(timings):6.1f} ms, "
              f"p90 {sorted(timings)[int(len(timings) * 0.9)]:6.1f} ms, {len(ctx.captured_queries)} queries")


if __name__ == "__main__":
    main()

"""Shared by the benchmarks: make sure the database holds N synthetic patients (`manage.py synth`).

Run after `django.setup()`. Migrates, tops the "synthetic" programme up to `patients` (only the
missing ones are generated, so a second run reuses the data), refreshes PostgreSQL's planner
statistics as autovacuum would after a bulk load, and prints the machine line every benchmark
reports. Returns the programme.
"""

from __future__ import annotations

import io
import os
import platform
import time
from typing import Any


def ensure_patients(patients: int, *, patients_only: bool = False, quiet: bool = False) -> Any:
    from django.core.management import call_command
    from django.db import connection

    from rose.accounts.models import Programme
    from rose.patients.models import Patient

    call_command("migrate", verbosity=0)
    programme = Programme.objects.filter(slug="synthetic").first()
    have = Patient.objects.filter(programme=programme).count() if programme else 0
    if have < patients:
        started = time.perf_counter()
        options: dict[str, Any] = {"patients_only": True} if patients_only else {}
        call_command("synth", patients=patients - have, stdout=io.StringIO(), **options)
        elapsed = time.perf_counter() - started
        if not quiet:
            made = patients - have
            print(f"synth: {made:,} patients in {elapsed:.1f} s ({made / elapsed:,.0f} a second)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    return Programme.objects.get(slug="synthetic")


def machine_line(total_patients: int) -> str:
    from django.db import connection

    return (f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}, "
            f"{total_patients:,} patients, load average {os.getloadavg()[0]:.1f}")

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

PER_PROGRAMME = 800_000  # the 999 test range holds about 900,000 valid NHS numbers; synth starts at 100,000


def ensure_patients(patients: int, *, patients_only: bool = False, quiet: bool = False,
                    programme: str = "synthetic") -> Any:
    from django.core.management import call_command
    from django.db import connection

    from rose.accounts.models import Programme
    from rose.patients.models import Patient

    call_command("migrate", verbosity=0)
    slug = programme
    found = Programme.objects.filter(slug=slug).first()
    have = Patient.objects.filter(programme=found).count() if found else 0
    if have < patients:
        started = time.perf_counter()
        options: dict[str, Any] = {"patients_only": True, "programme": slug} if patients_only else {"programme": slug}
        call_command("synth", patients=patients - have, stdout=io.StringIO(), **options)
        elapsed = time.perf_counter() - started
        if not quiet:
            made = patients - have
            print(f"synth: {made:,} patients in {elapsed:.1f} s ({made / elapsed:,.0f} a second)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    return Programme.objects.get(slug=slug)


def ensure_many(patients: int, **kwargs: Any) -> list[Any]:
    """`patients` synthetic patients over as many programmes as the test NHS number range needs
    ("synthetic", "synthetic-2", ...), as a national service would hold them."""
    programmes, left, index = [], patients, 1
    while left > 0:
        size = min(left, PER_PROGRAMME)
        slug = "synthetic" if index == 1 else f"synthetic-{index}"
        programmes.append(ensure_patients(size, programme=slug, **kwargs))
        left, index = left - size, index + 1
    return programmes


def machine_line(total_patients: int) -> str:
    from django.db import connection

    return (f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}, "
            f"{total_patients:,} patients, load average {os.getloadavg()[0]:.1f}")

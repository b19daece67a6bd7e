"""Shared by the benchmarks: Django set-up, a bench programme, and N synthetic patients (`manage.py synth`).

`django_setup()` is what each benchmark does first (settings module and database defaults, the
environment winning; `django.setup()`; the test client's host when asked; migrate once).
`bench_programme()` gets or makes a benchmark's own programme. `ensure_patients()` tops the
"synthetic" programme up to `patients` (only the missing ones are generated, so a second run reuses
the data) and refreshes PostgreSQL's planner statistics as autovacuum would after a bulk load.
`machine_line()` is the machine line every benchmark reports.
"""

from __future__ import annotations

import io
import os
import platform
import time
from typing import Any

PER_PROGRAMME = 800_000  # the 999 test range holds about 900,000 valid NHS numbers; synth starts at 100,000
_migrated = False


def django_setup(*, database_url: str = "", settings: str = "rose.config.settings.test", test_client: bool = False,
                 migrate: bool = True) -> None:
    """Default DJANGO_SETTINGS_MODULE and DATABASE_URL (either set in the environment wins), set Django up,
    let the test client's "testserver" host in when `test_client`, and migrate (once a process)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    if database_url:
        os.environ.setdefault("DATABASE_URL", database_url)
    import django

    django.setup()
    if test_client:
        from django.conf import settings as django_settings

        django_settings.ALLOWED_HOSTS = [*django_settings.ALLOWED_HOSTS, "testserver"]
    if migrate:
        migrate_once()


def migrate_once() -> None:
    global _migrated
    if not _migrated:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        _migrated = True


def bench_programme(slug: str, name: str) -> Any:
    """The benchmark's own programme, made on the first run and reused after."""
    from rose.accounts.models import Programme

    return Programme.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def ensure_patients(patients: int, *, patients_only: bool = False, quiet: bool = False,
                    programme: str = "synthetic") -> Any:
    from django.core.management import call_command
    from django.db import connection

    from rose.accounts.models import Programme
    from rose.patients.models import Patient

    migrate_once()
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

#!/usr/bin/env python
"""Hourly questionnaire scheduling (`outcomes.schedule`): set-based batches against the old per-patient loop.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_schedule .venv/bin/python bench/bench_schedule.py \
        --patients 100000 --old-sample 2000

Migrates the database named by DATABASE_URL and adds N synthetic active patients (`manage.py synth
--patients-only`, once; none has a group place or an approved plan, so nobody is due and the figure is
the cost of looking). Times `invitations_schedule_due` over all N, and the loop it replaced (one
invitation query and one query per anchor kind for each patient, copied here) over the first S
patients, per patient. Prints Markdown for docs/benchmarks.md. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _old_loop(programme, today, limit: int) -> int:
    """The per-patient loop as it was before the set-based rewrite (for comparison only)."""
    from rose.outcomes import services
    from rose.outcomes.models import Invitation
    from rose.patients.models import Patient, PatientStatus

    events = services.schedule_ensure_defaults(programme=programme)
    due = 0
    patients = Patient.objects.filter(programme=programme, status=PatientStatus.ACTIVE).order_by("pk")[:limit]
    for patient in patients.iterator(chunk_size=2000):
        done = set(Invitation.objects.filter(patient=patient).values_list("event_id", flat=True))
        anchors = {}
        for event in events:
            if event.pk in done:
                continue
            if event.anchor not in anchors:
                provider = services.ANCHOR_PROVIDERS.get(event.anchor)
                anchors[event.anchor] = provider(patient) if provider else None
            anchor = anchors[event.anchor]
            if anchor is not None:
                opens, _, closes = services.event_window(event=event, anchor_date=anchor)
                due += opens <= today <= closes
    return due


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--old-sample", type=int, default=2000)
    args = parser.parse_args()

    from bench.synthetic import django_setup, ensure_many, machine_line

    django_setup(database_url="postgres://postgres@127.0.0.1:5432/rose_schedule")
    from django.utils import timezone

    from rose.outcomes import services
    from rose.patients.models import Patient

    programmes = ensure_many(args.patients, patients_only=True)
    programme = programmes[0]
    today = timezone.localdate()
    total = Patient.objects.filter(programme__in=programmes).count()
    print(machine_line(total))
    services.invitations_schedule_due(today=today)  # warm: schedule rows, instruments
    tracemalloc.start()
    started = time.perf_counter()
    created = services.invitations_schedule_due(today=today)
    new = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    started = time.perf_counter()
    _old_loop(programme, today, args.old_sample)
    old = time.perf_counter() - started
    print("\n| Scheduling | Patients | Seconds | ms a patient | Invitations made |")
    print("|---|---|---|---|---|")
    print(f"| set-based batches (now), Python peak {peak:.1f} MB | {total:,} | {new:.1f} | {new * 1000 / total:.3f} "
          f"| {created} |")
    print(f"| per-patient loop (before) | {args.old_sample:,} | {old:.1f} | {old * 1000 / args.old_sample:.3f} | - |")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""SPSS and Stata export benchmark: time and memory of responses.sav / responses.dta over N patients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_outcomes_bench \
        .venv/bin/python bench/bench_export_stats.py --patients 20000

Seeds the same data as bench_outcomes.py (10 responses per patient, about 90% with evaluation consent).
pyreadstat writes a whole DataFrame, so the frame is held in memory: this prints the frame's size, the
peak Python memory while building and writing it (tracemalloc, a separate run) and bytes per row.
Printed as Markdown for docs/benchmarks.md. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=20_000)
    args = parser.parse_args()

    from bench.synthetic import bench_programme, django_setup

    django_setup()
    from bench_outcomes import _seed

    from rose.accounts.models import Organisation
    from rose.accounts.tests.factories import UserFactory
    from rose.outcomes import exports_stats

    programme = bench_programme("bench-outcomes", "Bench outcomes")
    _seed(programme, args.patients)
    organisation = Organisation.objects.filter(programme=programme).first()
    evaluator = UserFactory(role="evaluator", programme=programme, organisation=organisation,
                            email=f"bench-stats-{time.time_ns()}@rose.example")
    exports_stats.MAX_ROWS = 10**9  # measure past the limit the service uses

    print(f"\n### SPSS and Stata files ({args.patients:,} patients)\n")
    for fmt in ("sav", "dta"):
        started = time.perf_counter()
        frame, variables = exports_stats.responses_dataset(user=evaluator)
        built = time.perf_counter() - started
        frame_bytes = int(frame.memory_usage(deep=True).sum())
        with exports_stats.write(frame, variables, fmt=fmt, file_label="bench") as out:
            size = len(out.read())
        total = time.perf_counter() - started
        rows = len(frame)
        del frame
        tracemalloc.start()
        frame, variables = exports_stats.responses_dataset(user=evaluator)
        exports_stats.write(frame, variables, fmt=fmt, file_label="bench").close()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        del frame
        print(f"- responses.{fmt}: {rows:,} rows x {len(variables)} variables, built in {built:.1f} s, "
              f"written in {total - built:.1f} s ({size / 1e6:.1f} MB file); frame {frame_bytes / 1e6:.1f} MB "
              f"({frame_bytes / max(rows, 1):.0f} bytes a row); peak Python memory {peak / 1e6:.1f} MB "
              f"({peak / max(rows, 1):.0f} bytes a row, tracemalloc)")


if __name__ == "__main__":
    main()

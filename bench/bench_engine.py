"""Dose engine benchmarks: OME and taper latency, CSV batch throughput and memory.

Usage:  python bench/bench_engine.py [N_ROWS]   (default 1,000,000)

Figures are printed as Markdown for `docs/benchmarks.md`. Nothing here is
asserted: tests never depend on wall-clock time.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import resource
import sys
import tempfile
import time
import timeit
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rose.medicines.engine import (
    calculate_ome,
    default_tables,
    ome_csv_stream,
    ome_response,
    parse_ome_request,
    parse_taper_request,
    plan_taper,
)

TEN_ITEMS: dict[str, Any] = {
    "co_prescribed": ["gabapentinoid"],
    "items": [
        {
            "product": "Morphine 30mg modified-release tablets",
            "units_per_dose": 2,
            "times_per_day": 2,
        },
        {
            "product": "Morphine sulfate 10mg tablets",
            "units_per_dose": 1,
            "times_per_day": 2,
            "as_needed": True,
        },
        {"product": "Co-codamol 30mg/500mg tablets", "units_per_dose": 2, "times_per_day": 4},
        {"drug": "oxycodone", "route": "oral", "dose_mg": 10, "times_per_day": 2},
        {"drug": "tramadol", "route": "oral", "mg_per_day": 200},
        {"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 37},
        {"product": "Buprenorphine 10micrograms/hour seven day transdermal patches"},
        {
            "product": "Tapentadol 50mg modified-release tablets",
            "units_per_dose": 1,
            "times_per_day": 2,
        },
        {"drug": "dihydrocodeine", "route": "oral", "dose_mg": 30, "times_per_day": 3},
        {"product": "Hydromorphone 1.3mg capsules", "units_per_dose": 1, "times_per_day": 2},
    ],
}
TAPER_52: dict[str, Any] = {
    "regimen": {
        "items": [
            {
                "product": "Morphine 100mg modified-release tablets",
                "units_per_dose": 1,
                "times_per_day": 2,
                "times": ["08:00", "20:00"],
            },
            {
                "product": "Morphine 30mg modified-release tablets",
                "units_per_dose": 1,
                "times_per_day": 2,
            },
        ]
    },
    "start_date": "2026-01-05",
    "strategy": {
        "type": "custom",
        "interval_days": 7,
        "targets_mg_per_day": list(range(255, 0, -5)),
    },
}
SYNTHETIC_ROWS = [
    ("Co-codamol 30mg/500mg tablets", "2", "4", "", "", "", "", ""),
    ("Co-codamol 8mg/500mg tablets", "2", "4", "", "", "", "", ""),
    ("Morphine 30mg modified-release tablets", "1", "2", "", "", "", "", ""),
    ("Oxycodone 5mg capsules", "1", "4", "", "", "", "", ""),
    ("Fentanyl 25micrograms/hour transdermal patches", "1", "", "", "", "", "", ""),
    ("", "", "2", "tramadol", "oral", "100", "", ""),
    ("", "", "", "codeine", "oral", "", "240", ""),
    ("", "", "", "buprenorphine", "transdermal", "", "", "10"),
    ("", "", "", "methadone", "oral", "", "40", ""),
    ("Morphine 31mg tablets", "1", "2", "", "", "", "", ""),
]
HEADER = [
    "practice",
    "patient_ref",
    "product",
    "units_per_dose",
    "times_per_day",
    "drug",
    "route",
    "dose_mg",
    "mg_per_day",
    "mcg_per_hour",
]


def write_synthetic_csv(path: Path, rows: int, *, unique: bool, seed: int = 1) -> None:
    """A prescribing-extract-like CSV. ``unique`` randomises doses so few rows repeat."""
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            row = list(rng.choice(SYNTHETIC_ROWS))
            if unique:
                row = ["", "", "", "morphine", "oral", f"{rng.randint(1, 4000) / 20:g}", "", ""]
                row[2] = str(rng.randint(1, 4))
            writer.writerow([f"P{n % 7000:05d}", f"R{n:09d}", *row])


def micro(label: str, func: Any, number: int) -> str:
    seconds = min(timeit.repeat(func, number=number, repeat=5)) / number
    return f"| {label} | {seconds * 1e6:,.1f} |"


def latency() -> list[str]:
    table = default_tables().get("opioids-aware-2020")
    assert table is not None
    regimen = parse_ome_request(TEN_ITEMS)
    taper = parse_taper_request(TAPER_52)
    steps = len(plan_taper(taper).steps)
    return [
        "| Operation | Microseconds per call (best of 5) |",
        "|---|---|",
        micro("OME, 10-item regimen, calculate only", lambda: calculate_ome(regimen, table), 2000),
        micro(
            "OME, 10-item regimen, parse + calculate + JSON response",
            lambda: ome_response(calculate_ome(parse_ome_request(TEN_ITEMS), table)),
            500,
        ),
        micro(f"Taper plan, {steps} steps, plan only", lambda: plan_taper(taper), 20),
        micro(
            f"Taper plan, {steps} steps, parse + plan",
            lambda: plan_taper(parse_taper_request(TAPER_52)),
            20,
        ),
    ]


def batch(rows: int, unique: bool) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.csv"
        write_synthetic_csv(source, rows, unique=unique)
        with (
            open(source, newline="", encoding="utf-8") as src,
            open(os.devnull, "w", newline="", encoding="utf-8") as dst,
        ):
            started = time.perf_counter()
            stats = ome_csv_stream(src, dst)
            elapsed = time.perf_counter() - started
        peak_mb = traced_peak_mb(source, min(rows, 100_000))
    kind = "randomised doses (few repeats)" if unique else "10 repeating prescriptions"
    return (
        f"| {rows:,} | {kind} | {elapsed:,.1f} | {rows / elapsed:,.0f} | {peak_mb:.2f} | "
        f"{stats.calculated:,} / {stats.not_calculable:,} / {stats.errors:,} |"
    )


def traced_peak_mb(source: Path, rows: int) -> float:
    """Python heap peak while streaming the first ``rows`` rows (tracemalloc)."""
    with (
        open(source, newline="", encoding="utf-8") as src,
        open(os.devnull, "w", newline="", encoding="utf-8") as dst,
    ):
        head = io.StringIO("".join(next(src) for _ in range(rows + 1)))
        tracemalloc.start()  # after the input is in memory, so only the engine is measured
        ome_csv_stream(head, dst)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    args = parser.parse_args()
    print(
        f"Machine: nproc {os.cpu_count()}, Python {platform.python_version()}, "
        f"{platform.machine()} {platform.system()}\n"
    )
    print("\n".join(latency()))
    print(
        "\n| Rows | Input | Seconds | Rows/second | Heap peak MB (tracemalloc, "
        "first 100k rows) | Calculated / not calculable / errors |"
    )
    print("|---|---|---|---|---|---|")
    for unique in (False, True):
        print(batch(args.rows, unique))
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nProcess peak RSS (getrusage, whole run): {peak_rss:,.0f} MB")


if __name__ == "__main__":
    main()

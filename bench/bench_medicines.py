"""Django-side dose engine benchmarks: the facade and staff API per OME request, and
`manage.py ome --csv` on a large extract (rows/second and the command's peak RSS).

Usage:  python bench/bench_medicines.py [N_ROWS]   (default 1,000,000)
        python bench/bench_medicines.py --compare [N_ROWS]   (the batch against a naive reference)

Uses a throwaway SQLite database in a temporary directory (migrated first, so the formulary
comes from the database exactly as in production). Prints Markdown for `docs/benchmarks.md`.
Nothing here is asserted: tests never depend on wall-clock time.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import timeit
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TMP = Path(tempfile.mkdtemp(prefix="rose-bench-medicines-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rose.config.settings.test")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"

from bench_engine import TEN_ITEMS, write_synthetic_csv  # noqa: E402

OXY = {"items": [{"drug": "oxycodone", "route": "oral", "dose_mg": 40, "times_per_day": 2}]}


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the API is served where rose/config/urls.py mounts it, "api/v1/"
    call_command("migrate", verbosity=0)


def best_us(func, number: int) -> float:
    return min(timeit.repeat(func, number=number, repeat=5)) / number * 1e6


def latency() -> list[str]:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from rose.accounts.models import Programme, User
    from rose.medicines.services import ome_calculate

    programme = Programme.objects.create(name="Bench", slug="bench")
    user = User.objects.create_user(email="bench@example.nhs.uk", password="x" * 20, role="nurse",
                                    programme=programme)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    rows = []
    for label, regimen in (("1 item", OXY), ("10 items", TEN_ITEMS)):
        body = json.dumps(regimen)
        facade = best_us(lambda regimen=regimen: ome_calculate(regimen=regimen), 200)
        api = best_us(lambda body=body: client.post("/api/v1/calculations/ome", data=body,
                                                    content_type="application/json"), 100)
        assert client.post("/api/v1/calculations/ome", data=body, content_type="application/json").status_code == 200
        rows.append(f"| OME, {label} | {facade:,.0f} | {api:,.0f} |")
    return rows


def batch(rows: int, unique: bool) -> str:
    source, output = TMP / "extract.csv", TMP / "out.csv"
    write_synthetic_csv(source, rows, unique=unique)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "ome", "--csv", str(source), "--output",
                           str(output)], capture_output=True, text=True, check=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    kind = "randomised doses (worst case)" if unique else "10 repeating prescriptions"
    stats = done.stderr.strip().splitlines()[-1]
    return (f"| {rows:,} | {kind} | {elapsed:,.1f} | {rows / elapsed:,.0f} | {max(peak, before) / 1024:,.0f} | "
            f"{stats} |")


def write_distinct_csv(path: Path, rows: int, seed: int = 1) -> None:
    """Every row a different prescription (morphine by mouth, a dose to 0.0001 mg and 1 to 4
    times a day): the batch's cache never hits, so each row goes through the whole contract."""
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["practice", "patient_ref", "product", "units_per_dose", "times_per_day", "drug",
                         "route", "dose_mg", "mg_per_day", "mcg_per_hour"])
        for n in range(rows):
            writer.writerow([f"P{n % 7000:05d}", f"R{n:09d}", "", "", rng.randint(1, 4), "morphine", "oral",
                             f"{1 + n / 10000:.4f}", "", ""])


def naive_reference(src, dst, factors: dict) -> None:
    """What the batch is measured against: read each row with csv, look the drug and route up in
    a dict, multiply and write the row. No validation, products, patches, warnings or sources."""
    reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
    header = next(reader)
    writer.writerow([*header, "ome_mg_per_day", "ome_error"])
    at = {name: i for i, name in enumerate(header)}
    drug, route, dose, times, daily = at["drug"], at["route"], at["dose_mg"], at["times_per_day"], at["mg_per_day"]
    for row in reader:
        factor = factors.get((row[drug], row[route]))
        if factor is None:
            writer.writerow([*row, "", "not calculable"])
            continue
        mg = Decimal(row[daily]) if row[daily] else Decimal(row[dose] or 0) * Decimal(row[times] or 1)
        writer.writerow([*row, str(mg * factor), ""])


def compare(rows: int, repeats: int = 3) -> None:
    """CPU seconds in this process, best of ``repeats`` (alternating), of the batch as
    `manage.py ome --csv` runs it (`ome_csv_calculate`, the formulary in force) and the naive
    reference, over the same input."""
    from rose.medicines.formulary_db import formulary_in_force
    from rose.medicines.services import ome_csv_calculate

    _, tables = formulary_in_force()
    table = tables.get(None)
    factors = {(r.drug, r.route): r.factor for r in table.rows if r.factor is not None}
    inputs = (("10 repeating prescriptions", lambda path: write_synthetic_csv(path, rows, unique=False)),
              ("randomised doses (about 16,000 distinct)", lambda path: write_synthetic_csv(path, rows, unique=True)),
              ("every row distinct", lambda path: write_distinct_csv(path, rows)))
    print(f"Load average before: {os.getloadavg()[0]:.1f}\n")
    print(f"| Input | Rows | Batch (CPU s, best of {repeats}) | Naive reference (CPU s, best of {repeats}) | "
          "Ratio |")
    print("|---|---|---|---|---|")
    for label, write in inputs:
        source = TMP / "compare.csv"
        write(source)
        timings: dict[str, list[float]] = {"batch": [], "naive": []}
        for _ in range(repeats):
            for kind in ("batch", "naive"):
                with open(source, newline="", encoding="utf-8") as src, open(os.devnull, "w") as dst:
                    started = time.process_time()
                    if kind == "batch":
                        ome_csv_calculate(src=src, dst=dst)
                    else:
                        naive_reference(src, dst, factors)
                    timings[kind].append(time.process_time() - started)
        ours, naive = min(timings["batch"]), min(timings["naive"])
        print(f"| {label} | {rows:,} | {ours:.2f} | {naive:.2f} | {ours / naive:.1f} |")
    print(f"\nLoad average after: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--compare", action="store_true", help="the batch against the naive reference only")
    args = parser.parse_args()
    setup_django()
    if args.compare:
        compare(args.rows)
        return
    print(f"Machine: nproc {os.cpu_count()}, Python {platform.python_version()}, {platform.machine()} "
          f"{platform.system()}\n")
    print("| Request | Facade `ome_calculate` (µs, best of 5) | `POST /api/v1/calculations/ome` (µs, best of 5) |")
    print("|---|---|---|")
    print("\n".join(latency()))
    print("\n| Rows | Input | Seconds (whole command, incl. Django start-up) | Rows/second | "
          "Peak RSS of the command (MB) | Command summary |")
    print("|---|---|---|---|---|---|")
    for unique in (False, True):
        print(batch(args.rows, unique))


if __name__ == "__main__":
    main()

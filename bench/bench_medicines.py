"""Django-side dose engine benchmarks: the facade and staff API per OME request, and
`manage.py ome --csv` on a large extract (rows/second and the command's peak RSS).

Usage:  python bench/bench_medicines.py [N_ROWS]   (default 1,000,000)

Uses a throwaway SQLite database in a temporary directory (migrated first, so the formulary
comes from the database exactly as in production). Prints Markdown for `docs/benchmarks.md`.
Nothing here is asserted: tests never depend on wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import timeit
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    args = parser.parse_args()
    setup_django()
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

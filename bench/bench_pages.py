#!/usr/bin/env python
"""Page benchmark: ROSE's pages against a bare Django 25-row list page, served by gunicorn, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_pages .venv/bin/python bench/bench_pages.py \
        --patients 1000 --seconds 10

Migrates the database named by DATABASE_URL, adds N synthetic patients (`manage.py synth`, once) in
the "synthetic" programme, a care coordinator (signed in, two-factor verified) and one patient with an
approved plan, and inbox conversations (two texts each) for a tenth of the patients (`--inbox-share`). Then,
for each page:
- CPU milliseconds per request and queries per request, in this process through Django's test client
  (the full middleware stack, no network): CPU time counts only this process, so it is the steadiest
  figure on a shared machine;
- requests a second with `wrk` (1 thread, 4 connections) against `gunicorn` (2 sync workers, DEBUG off,
  settings `bench.pages_settings`), and that throughput as a share of the bare page's measured just
  before it (the bare page is measured again between pages, so drifting load shows).
Prints Markdown for docs/benchmarks.md. Nothing here is asserted. Needs `wrk` (apt-get install wrk).

`--cpu-only` skips gunicorn and wrk (for a shared, loaded machine): each page's CPU per request in
this process is measured in rounds alternating with the bare page (`--rounds` rounds of `--requests`
requests each), and the median of each is reported with the page's CPU as a multiple of the bare
page's. The issue's throughput targets translate to at most 4 x the bare page's CPU for staff pages
(25% of its throughput) and 2 x for the public calculator and hub (50%). `--only WORD` limits the run
to pages whose label contains WORD; `--profile DIR` writes a cProfile of each page's requests there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.pages_settings"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rose_pages")


def _seed(patients: int, inbox_share: float):
    from django.utils import timezone

    from bench.synthetic import ensure_conversations, ensure_patients
    from rose.accounts.roles import Role
    from rose.accounts.tests.factories import UserFactory
    from rose.patients.models import Patient
    from rose.plans.models import Plan
    from rose.plans.tests.factories import approved_plan

    programme = ensure_patients(patients, quiet=True)
    ensure_conversations(programme, share=inbox_share, quiet=True)  # the inbox shows 25 of them
    plan = Plan.objects.filter(programme=programme, approved_version__isnull=False).first()
    if plan is None:
        patient = Patient.objects.filter(programme=programme).order_by("nhs_number").first()
        plan = approved_plan(patient, start=timezone.localdate() - dt.timedelta(days=14))
    from rose.accounts.models import User

    # One coordinator, kept between runs (a second run's factory sequences would repeat the first's).
    user = (User.objects.filter(email="bench-pages@rose.example").first()
            or UserFactory(role=Role.COORDINATOR, programme=programme, email="bench-pages@rose.example",
                           organisation__ods_code="BENCHP"))
    return programme, plan, user


def _pages(plan) -> dict[str, str]:
    return {
        "bare Django list (25 rows)": "/bench/bare/",
        "public calculator": "/medicines/calculator/",
        "public landing page": "/",
        "staff home": "/",
        "patient search": "/patients/",  # the search "smi" is POSTed into the session first (_cookie)
        "patient detail": f"/patients/{plan.patient_id}/",
        "plan page": f"/plans/{plan.pk}/",
        "inbox": "/messaging/",
        "referral queue": "/referrals/",
        "outcomes dashboard": "/outcomes/",
        "hub home": "/learn/",
    }


PUBLIC = {"bare Django list (25 rows)", "public calculator", "public landing page", "hub home"}


def _cookie(user) -> str:
    from django.test import Client

    from conftest import login_verified

    client = login_verified(Client(), user)
    # Patient search is POSTed and kept in the session (names never in URLs); GET /patients/ shows it.
    client.post("/patients/", {"q": "smi"})
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def _in_process(path: str, cookie: str | None, n: int) -> tuple[float, int, int]:
    """(CPU ms a request in this process, queries a request, status)."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_COOKIE=cookie) if cookie else Client()
    status = client.get(path).status_code  # warm caches
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # survives the reconnect each request makes
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    started = time.process_time()
    for _ in range(n):
        client.get(path)
    return (time.process_time() - started) * 1000 / n, len(queries), status


def _cpu_ms(client, path: str, n: int) -> float:
    started = time.process_time()
    for _ in range(n):
        client.get(path)
    return (time.process_time() - started) * 1000 / n


def _cpu_only(pages: dict[str, str], cookie: str, rounds: int, n: int, profile_dir: str | None) -> None:
    """Each page alternating with the bare page in the same process: medians of `rounds` rounds."""
    from django.test import Client

    bare_path = pages["bare Django list (25 rows)"]
    bare_client = Client()
    print("\n| Page | CPU ms a request (median) | Bare page CPU ms (same rounds) | Page / bare | Target | Queries |")
    print("|---|---|---|---|---|---|")
    for label, path in pages.items():
        if path == bare_path:
            continue
        _, queries, status = _in_process(path, None if label in PUBLIC else cookie, 1)
        if status != 200:
            print(f"| {label} | answered {status}: skipped | | | | |")
            continue
        client = Client(HTTP_COOKIE=cookie) if label not in PUBLIC else Client()
        _cpu_ms(bare_client, bare_path, 2)
        page_ms, bare_ms = [], []
        for _ in range(rounds):
            bare_ms.append(_cpu_ms(bare_client, bare_path, n))
            page_ms.append(_cpu_ms(client, path, n))
        page, bare = statistics.median(page_ms), statistics.median(bare_ms)
        target = 2 if label in {"public calculator", "public landing page", "hub home"} else 4
        print(f"| {label} | {page:.1f} | {bare:.2f} | {page / bare:.1f} x | {target} x | {queries} |", flush=True)
        if profile_dir:
            import cProfile

            profiler = cProfile.Profile(time.process_time)  # CPU, not the wait for the database
            profiler.runcall(_cpu_ms, client, path, n * 4)
            name = re.sub(r"\W+", "_", label)
            profiler.dump_stats(str(Path(profile_dir) / f"{name}.prof"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.pages_settings", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "rose.config.wsgi:application", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(ROOT)],
        env=env, start_new_session=True)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _wrk(url: str, cookie: str | None, seconds: int) -> float:
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url} answered with errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per page")
    parser.add_argument("--requests", type=int, default=30, help="in-process requests per page (a round)")
    parser.add_argument("--cpu-only", action="store_true", help="in-process CPU only, no gunicorn or wrk")
    parser.add_argument("--rounds", type=int, default=9, help="--cpu-only: rounds alternating with the bare page")
    parser.add_argument("--only", help="only pages whose label contains this")
    parser.add_argument("--profile", metavar="DIR", help="--cpu-only: write a cProfile of each page here")
    parser.add_argument("--inbox-share", type=float, default=0.1, help="share of patients with texts in the inbox")
    args = parser.parse_args()
    if not args.cpu_only and not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    import django

    django.setup()
    from django.db import connection

    from rose.patients.models import Patient

    programme, plan, user = _seed(args.patients, args.inbox_share)
    cookie = _cookie(user)
    pages = _pages(plan)
    if args.only:
        pages = {label: path for label, path in pages.items()
                 if args.only in label or label.startswith("bare")}
    public = PUBLIC
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}, "
          f"{Patient.objects.filter(programme=programme).count():,} patients, load average {load:.1f} at start")
    if args.cpu_only:
        if args.profile:
            os.makedirs(args.profile, exist_ok=True)
        _cpu_only(pages, cookie, args.rounds, args.requests, args.profile)
        print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
        return
    rows = {}
    for label, path in pages.items():
        rows[label] = _in_process(path, None if label in public else cookie, args.requests)
    connection.close()
    port = _free_port()
    server = _gunicorn(port)
    try:
        print("\n| Page | CPU ms a request (in process) | Queries | Requests/s (gunicorn, wrk) "
              "| Bare page requests/s just before | Share of bare |")
        print("|---|---|---|---|---|---|")
        for label, path in pages.items():
            cpu, queries, status = rows[label]
            if status != 200:
                print(f"| {label} | answered {status}: skipped | | | | |")
                continue
            bare = _wrk(f"http://127.0.0.1:{port}/bench/bare/", None, args.seconds)
            rate = _wrk(f"http://127.0.0.1:{port}{path}", None if label in public else cookie, args.seconds)
            print(f"| {label} | {cpu:.1f} | {queries} | {rate:.0f} | {bare:.0f} | {rate / bare:.0%} |")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()

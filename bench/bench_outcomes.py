#!/usr/bin/env python
"""Outcomes benchmark: dashboards over N patients and M responses, and the streaming export.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rose_outcomes_bench \
        .venv/bin/python bench/bench_outcomes.py --patients 100000

Migrates the database named by DATABASE_URL and bulk-creates (once) N patients, each with a
baseline and a 3-month invitation of 5 scored questionnaires (10 responses per patient, so
100,000 patients give 1,000,000 responses) and two dose snapshots. Then times:
- the periodic summary refresh (`outcomes.summaries`);
- the dashboard page as the clinical team and as an evaluator, per breakdown (server time, queries);
- streaming responses.csv (all rows), with Python's peak traced memory (tracemalloc).
Printed as Markdown for `docs/benchmarks.md`. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CODES = ("peg", "phq9", "gad7", "sci", "pgic")


def _seed(programme, n: int) -> None:
    """Bulk-create with INSERT ... SELECT generate_series on PostgreSQL (minutes, not hours)."""
    from django.db import connection

    from rose.accounts.models import Organisation
    from rose.outcomes import services
    from rose.patients.models import Patient

    have = Patient.objects.filter(programme=programme).count()
    if have >= n:
        return
    events = {e.code: e for e in services.schedule_ensure_defaults(programme=programme)}
    instruments = services.instruments_current(list(CODES))
    practices = [str(Organisation.objects.get_or_create(ods_code=f"B{i:05d}", defaults={
        "name": f"Bench practice {i}", "kind": "gp_practice", "programme": programme})[0].pk) for i in range(40)]
    started = time.perf_counter()
    prog = str(programme.pk)
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO patients_patient (id, created_at, updated_at, nhs_number, given_name, family_name,
                   preferred_name, date_of_birth, mobile, email, address, postcode, communication_needs, status,
                   family_key, given_key, gp_practice_id, programme_id)
               SELECT gen_random_uuid(), now(), now(), (8000000000 + g)::text, 'Bench' || g, 'Outcome', '',
                   DATE '1960-01-01', '', '', '', '', '', 'active', 'OUTCOME', 'BENCH',
                   (%s::uuid[])[1 + g %% 40], %s FROM generate_series(%s, %s) g""",
            [practices, prog, have + 1, n])
        cur.execute(
            """INSERT INTO outcomes_invitation (id, created_at, updated_at, patient_id, programme_id, event_id, status,
                   anchor_date, due_on, closes_on, invited_at, reminders_sent, last_reminder_at, completed_at)
               SELECT gen_random_uuid(), now(), now(), p.id, p.programme_id, e.event_id, 'completed', d.anchor,
                   d.anchor, d.anchor + 28, now(), 0, NULL, now()
               FROM patients_patient p
               CROSS JOIN (VALUES (%s::uuid), (%s::uuid)) e(event_id)
               CROSS JOIN LATERAL (SELECT current_date - (100 + abs(hashtext(p.id::text)) %% 700) AS anchor) d
               WHERE p.programme_id = %s
                 AND NOT EXISTS (SELECT 1 FROM outcomes_invitation i WHERE i.patient_id = p.id)""",
            [str(events["baseline"].pk), str(events["month_3"].pk), prog])
        values = ", ".join(f"('{instruments[c].pk}'::uuid, {i}, {10 if c == 'peg' else 20})"
                           for i, c in enumerate(CODES))
        cur.execute(
            f"""INSERT INTO outcomes_response (id, created_at, updated_at, invitation_id, patient_id, programme_id,
                   instrument_id, "order", mode, entered_by_id, started_at, completed_at, score, score_band,
                   score_note, subscores, instrument_version, alerts_raised)
               SELECT gen_random_uuid(), now(), now(), i.id, i.patient_id, i.programme_id, ins.id, ins.ord,
                   'patient', NULL, now(), now(), round((random() * ins.top)::numeric, 2), '', '', '{{}}', '1', '[]'
               FROM outcomes_invitation i CROSS JOIN (VALUES {values}) ins(id, ord, top)
               WHERE i.programme_id = %s
                 AND NOT EXISTS (SELECT 1 FROM outcomes_response r WHERE r.invitation_id = i.id)""",
            [prog])
        cur.execute(
            """INSERT INTO outcomes_dosesnapshot (id, created_at, updated_at, patient_id, programme_id, event_id,
                   ome_mg, stopped, source, note, recorded_by_id)
               SELECT gen_random_uuid(), now(), now(), i.patient_id, i.programme_id, i.event_id,
                   floor(random() * 200), false, 'bench', '', NULL
               FROM outcomes_invitation i WHERE i.programme_id = %s
               ON CONFLICT DO NOTHING""", [prog])
        # Exports and dashboards count only patients who consented to evaluation (issue 12): 9 in 10 here.
        cur.execute(
            """INSERT INTO patients_consent (id, created_at, updated_at, patient_id, kind, given, source, note)
               SELECT gen_random_uuid(), now(), now(), p.id, 'evaluation', abs(hashtext(p.id::text)) %% 10 <> 0,
                   'referral', ''
               FROM patients_patient p
               WHERE p.programme_id = %s
                 AND NOT EXISTS (SELECT 1 FROM patients_consent c
                                 WHERE c.patient_id = p.id AND c.kind = 'evaluation')""",
            [prog])
        cur.execute("VACUUM ANALYZE")
    print(f"seeded {n - have:,} patients in {time.perf_counter() - started:.0f}s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from bench.synthetic import bench_programme, django_setup

    django_setup(test_client=True)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conftest import login_verified
    from rose.accounts.tests.factories import UserFactory
    from rose.outcomes import exports, summaries
    from rose.outcomes.models import DashboardCell, Response

    programme = bench_programme("bench-outcomes", "Bench outcomes")
    _seed(programme, args.patients)
    responses = Response.objects.filter(programme=programme).count()

    started = time.perf_counter()
    summaries.refresh_programme(programme.pk)
    refresh = time.perf_counter() - started
    tracemalloc.start()
    summaries.refresh_programme(programme.pk)
    refresh_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    cells = DashboardCell.objects.filter(programme=programme).count()
    print(f"summary refresh {refresh:.1f}s, {cells} cells, {responses:,} responses", flush=True)

    from rose.accounts.models import Organisation

    organisation = Organisation.objects.filter(programme=programme).first()
    rows = []
    for role in ("nurse", "evaluator"):
        user = UserFactory(role=role, programme=programme, organisation=organisation,
                           email=f"bench-{role}-{time.time_ns()}@rose.example")
        client = login_verified(Client(), user)
        for query in ("", "?dimension=practice&period=all", "?dimension=cohort&period=all"):
            client.get(f"/outcomes/{query}")  # warm
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.perf_counter()
                    reply = client.get(f"/outcomes/{query}")
                    times.append(time.perf_counter() - t0)
                assert reply.status_code == 200
            rows.append((role, query or "(whole service)", statistics.median(times) * 1000, len(ctx.captured_queries)))

    evaluator = UserFactory(role="evaluator", programme=programme, organisation=organisation,
                            email=f"bench-export-{time.time_ns()}@rose.example")
    exports_timed = {}
    for label, copy in (("portable (csv.writer)", False), ("COPY", True)):
        started = time.perf_counter()
        size = lines = 0
        for chunk in exports.responses_csv(user=evaluator, copy=copy):
            size += len(chunk)
            lines += 1
        exports_timed[label] = (time.perf_counter() - started, lines - 1, size)
    tracemalloc.start()
    for _chunk in exports.responses_csv(user=evaluator):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # PostgreSQL's own COPY of the same rows and columns (no study id, no formatting): the yardstick.
    raw = (exports.selectors.responses_for_export(user=evaluator)
           .values_list("patient_id", "invitation__event__code", "instrument__code", "instrument_version", "mode",
                        "completed_at", "started_at", "score", "score_band", "score_note"))
    sql, params = raw.query.sql_with_params()
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as out:
        copied = sum(1 for _ in out)
    raw_copy = time.perf_counter() - started

    print(f"\n## Outcomes benchmark ({dt.date.today().isoformat()})\n")
    print(f"Machine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, "
          f"{connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}\n")
    print(f"Data: {args.patients:,} patients, {responses:,} responses, {cells:,} dashboard cells\n")
    print(f"- Summary refresh (periodic job, whole programme): {refresh:.1f} s; peak Python memory "
          f"{refresh_peak / 1e6:.1f} MB (tracemalloc, a second run)")
    print(f"- PostgreSQL COPY of the same {copied:,} rows: {raw_copy:.1f} s")
    for label, (seconds, rows_out, size) in exports_timed.items():
        print(f"- responses.csv, {label}: {rows_out:,} rows, {size / 1e6:.1f} MB in {seconds:.1f} s "
              f"({seconds / raw_copy:.1f} x COPY)")
    print(f"- responses.csv peak Python memory (tracemalloc, default path): {peak / 1e6:.1f} MB\n")
    print(f"| Role | Dashboard view | Server time (median of {args.repeat}) | Queries |")
    print("| --- | --- | --- | --- |")
    for role, view, ms, queries in rows:
        print(f"| {role} | {view} | {ms:.0f} ms | {queries} |")


if __name__ == "__main__":
    main()

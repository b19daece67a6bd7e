"""Bulk synthetic data for benchmarks: `manage.py synth --patients 100000`.

Uses bulk inserts (no per-row services, no audit rows: this is not patient activity) into a
separate programme, "Synthetic", so demo and benchmark data never mix. Apps add their own
synthetic rows through rose.core.hooks.synth_data.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rose.accounts.models import Organisation, Programme
from rose.core import hooks
from rose.core.fake_people import FAMILY, GIVEN, test_mobile, test_range_nhs_numbers
from rose.patients.models import Patient, search_key

BATCH = 5000


class Command(BaseCommand):
    help = "Create N synthetic patients (and any app-specific synthetic data) with bulk inserts"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--patients", type=int, default=1000)
        parser.add_argument("--practices", type=int, default=50)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--patients-only", action="store_true", help="Skip the apps' synthetic-data hooks")
        parser.add_argument("--programme", default="synthetic",
                            help="Slug of the synthetic programme to fill (the test NHS number range holds about "
                                 "800,000 patients a programme: use a second programme for more)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        slug = options.get("programme") or "synthetic"
        programme, _ = Programme.objects.get_or_create(
            slug=slug, defaults={"name": "Synthetic" if slug == "synthetic" else f"Synthetic ({slug})"})
        practices = self.practices(programme, options["practices"])
        existing = Patient.objects.filter(programme=programme).count()
        count = self.patients(programme, practices, options["patients"], existing, rng)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Created {count} patients in {elapsed:.1f}s ({count / max(elapsed, 1e-9):,.0f}/s)")
        if not options["patients_only"]:
            hooks.synth_data.run(programme=programme, rng=rng, stdout=self.stdout)
            self.stdout.write(f"Apps' synthetic data done after {time.perf_counter() - started:.1f}s in all")

    def practices(self, programme: Programme, n: int) -> list[Organisation]:
        orgs = []
        for i in range(n):
            org, _ = Organisation.objects.get_or_create(
                ods_code=f"S{i:05d}", defaults={"name": f"Synthetic practice {i}", "programme": programme,
                                                "kind": Organisation.Kind.GP_PRACTICE})
            orgs.append(org)
        return orgs

    def patients(self, programme: Programme, practices: list[Organisation], n: int, existing: int,
                 rng: random.Random) -> int:
        numbers = test_range_nhs_numbers(start=100_000 + existing * 2)
        made = 0
        while made < n:
            rows = []
            for _ in range(min(BATCH, n - made)):
                given, family = rng.choice(GIVEN), rng.choice(FAMILY) + rng.choice(["", "-Hill", "son", "ley"])
                number = next(numbers, None)
                if number is None:
                    raise CommandError(f"The test NHS number range ran out after {existing + made:,} patients in "
                                       f"programme {programme.slug}: fill another with --programme")
                rows.append(Patient(
                    programme=programme, nhs_number=number, given_name=given, family_name=family,
                    date_of_birth=dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(22000)),
                    mobile=test_mobile(made), gp_practice=rng.choice(practices),
                    family_key=search_key(family), given_key=search_key(given)))
                made += 1
            with transaction.atomic():
                Patient.objects.bulk_create(rows, batch_size=BATCH)
        return made

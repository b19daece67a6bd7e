"""Made-up referrals for `make run`, and a bulk generator for the benchmark (rose.core.hooks.synth_data)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import TYPE_CHECKING, Any

from rose.referrals.tests_support import MORPHINE_REGIMEN

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from rose.accounts.models import Programme

GIVEN = ["Olivia", "Noah", "Aisha", "George", "Priya", "Tomasz", "Margaret", "Chidi"]
FAMILY = ["Smith", "Jones", "Patel", "Okafor", "Kowalski", "Hughes", "Walker", "Khan"]


def test_range_nhs_numbers(start: int = 0):
    """Valid NHS numbers from the 999 test range (never allocated to real patients)."""
    import nhs_number

    base = 999_000_000 + start
    while base <= 999_999_999:
        check = nhs_number.calculate_checksum(str(base))
        if check != 10:
            yield f"{base}{check}"
        base += 1


def add_demo_referrals(programme: Any, staff: dict[str, Any], patients: list[Any], stdout: Any) -> None:
    from rose.referrals import services

    referrer = staff.get("referrer")
    coordinator = staff.get("coordinator")
    if referrer is None or not referrer.organisation_id:
        return
    numbers = test_range_nhs_numbers(start=900_000)
    made = []
    for n in range(4):
        referral = services.referral_draft_create(actor=referrer)
        services.referral_draft_update(
            referral=referral, actor=referrer, nhs_number=next(numbers), given_name=GIVEN[n], family_name=FAMILY[n],
            date_of_birth=dt.date(1950 + n * 5, 3, 1 + n), mobile=f"+4477009005{n:02d}",
            pain_condition="Chronic low back pain", pain_duration="1to5y", regimen=MORPHINE_REGIMEN,
            other_medicines=["gabapentinoid"] if n == 1 else [],
            eligibility={"chronic_pain_3_months": True, "opioids_3_months": True, "palliative_or_cancer": False,
                         "addiction_service_needed": False, "agrees_to_referral": True},
            risk_flags=["overdose"] if n == 2 else [], reason="Would like to reduce opioids", consent_texts=True)
        made.append(services.referral_submit(referral=referral, actor=referrer))
    if coordinator is not None:
        services.referral_accept(referral=made[0], actor=coordinator)
        services.referral_set_status(referral=made[1], status="in_review", actor=coordinator)
    stdout.write(f"Referrals: {len(made)} demo referrals\n")


def synth_referrals(programme: Programme, rng: random.Random, stdout: SupportsWrite[str], count: int = 100_000) -> int:
    """Bulk-insert submitted referrals straight into the table (no services: this is load data)."""
    from django.utils import timezone

    from rose.accounts.models import Organisation
    from rose.referrals.models import Referral, ome_band_for

    practices = list(Organisation.objects.filter(programme=programme, kind="gp_practice")[:50])
    if not practices:
        practices = [Organisation.objects.create(programme=programme, ods_code=f"S{i:05d}", name=f"Synth {i}",
                                                 kind="gp_practice") for i in range(20)]
    numbers = test_range_nhs_numbers(start=100_000)
    now = timezone.now()
    statuses = ["submitted"] * 5 + ["in_review", "more_info", "accepted", "accepted", "declined", "withdrawn"]
    batch = []
    for _ in range(count):
        total = rng.choice([None, 20, 45, 60, 90, 120, 180, 240, 360])
        practice = rng.choice(practices)
        batch.append(Referral(
            programme=programme, referrer_organisation=practice, gp_practice=practice, status=rng.choice(statuses),
            reference=f"SYN-{uuid.uuid4().hex[:12].upper()}", nhs_number=next(numbers), given_name=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY), date_of_birth=dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(22000)),
            pain_condition="Synthetic", regimen=MORPHINE_REGIMEN, total_ome_mg=total, ome_band=ome_band_for(total),
            flag_risk=rng.random() < 0.1, flag_ineligible=rng.random() < 0.15, flag_duplicate=rng.random() < 0.02,
            submitted_at=now - dt.timedelta(minutes=rng.randrange(60 * 24 * 365)), source=rng.choice(["form", "fhir"])))
        if len(batch) == 5000:
            Referral.objects.bulk_create(batch)
            batch = []
    if batch:
        Referral.objects.bulk_create(batch)
    stdout.write(f"Referrals: {count} synthetic referrals\n")
    return count

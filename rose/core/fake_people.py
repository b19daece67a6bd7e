"""Made-up people and NHS numbers from the 999 test range (never allocated to real patients)."""

from __future__ import annotations

import datetime as dt
import random

import nhs_number

GIVEN = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Noah", "George", "Oliver", "Arthur", "Leo",
         "Muhammad", "Harry", "Oscar", "Jack", "Sophie", "Aisha", "Priya", "Tomasz", "Chidi", "Fatima",
         "Margaret", "Brian", "Susan", "Derek", "Janet", "Kevin", "Linda", "Colin", "Pauline"]
FAMILY = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
          "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Khan", "Kowalski",
          "Okafor", "Hughes", "Clarke", "Lewis", "Jackson", "Wood", "Harris", "Martin", "Cooper", "Ward"]


def test_range_nhs_numbers(start: int = 0):
    """Yield valid NHS numbers 999 000 000x upwards (the 999 range is for testing)."""
    base = 999_000_000 + start
    while base <= 999_999_999:
        stem = str(base)
        check = nhs_number.calculate_checksum(stem)
        if check != 10:
            yield stem + str(check)
        base += 1


def test_mobile(index: int) -> str:
    """Ofcom's drama range 07700 900000 to 900999 is reserved for fiction."""
    return f"+447700900{index % 1000:03d}"


def date_of_birth(rng: random.Random) -> dt.date:
    return dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 62))

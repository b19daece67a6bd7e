"""Shared sample data (used by demo data, the benchmark and the tests)."""

MORPHINE_REGIMEN = {"items": [{"product": "Morphine 10mg modified-release tablets", "units_per_dose": 3,
                               "times_per_day": 2}]}

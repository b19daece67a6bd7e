"""The data files: every conversion table row against the reference, and the formulary."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rose.medicines.engine import calculate_ome, default_formulary, default_tables
from rose.medicines.engine.types import Regimen, RegimenItem

D = Decimal

# Independent transcription of docs/clinical reference section 1 (factor per mg/day).
EXPECTED_FACTORS = {
    "opioids-aware-2020": {
        ("morphine", "oral"): "1",
        ("codeine", "oral"): "0.1",
        ("dihydrocodeine", "oral"): "0.1",
        ("tramadol", "oral"): "0.1",
        ("tapentadol", "oral"): "0.4",
        ("oxycodone", "oral"): "1.5",
        ("hydromorphone", "oral"): "5",
        ("pethidine", "oral"): "0.1",
        ("buprenorphine", "sublingual"): "40",
    },
    "cdc-2022": {
        ("morphine", "oral"): "1",
        ("codeine", "oral"): "0.15",
        ("tramadol", "oral"): "0.2",
        ("tapentadol", "oral"): "0.4",
        ("oxycodone", "oral"): "1.5",
        ("hydromorphone", "oral"): "5",
        ("hydrocodone", "oral"): "1",
        ("oxymorphone", "oral"): "3",
        ("methadone", "oral"): "4.7",
    },
    "anzca-2021": {
        ("morphine", "oral"): "1",
        ("codeine", "oral"): "0.13",
        ("tramadol", "oral"): "0.2",
        ("tapentadol", "oral"): "0.3",
        ("oxycodone", "oral"): "1.5",
        ("hydromorphone", "oral"): "5",
        ("buprenorphine", "sublingual"): "40",
    },
}
EXPECTED_PER_MCG_HOUR = {
    "cdc-2022": {"fentanyl": "2.4"},
    "anzca-2021": {"fentanyl": "3", "buprenorphine": "2"},
}
EXPECTED_LOOKUPS = {
    "fentanyl": {"12": "30", "25": "60", "50": "120", "75": "180", "100": "240"},
    "buprenorphine": {
        "5": "12",
        "10": "24",
        "15": "36",
        "20": "48",
        "35": "84",
        "52.5": "126",
        "70": "168",
    },
}
SPECIALIST = {
    ("diamorphine", "subcutaneous"),
    ("diamorphine", "intravenous"),
    ("diamorphine", "intramuscular"),
    ("fentanyl", "buccal"),
    ("fentanyl", "nasal"),
}


def _table(table_id: str):  # type: ignore[no-untyped-def]
    table = default_tables().get(table_id)
    assert table is not None
    return table


def _factor_cases() -> list[tuple[str, str, str, str]]:
    return [
        (t, drug, route, f)
        for t, rows in EXPECTED_FACTORS.items()
        for (drug, route), f in rows.items()
    ]


@pytest.mark.parametrize(("table_id", "drug", "route", "factor"), _factor_cases())
def test_each_factor_row_matches_the_reference_and_converts_100_mg(
    table_id: str, drug: str, route: str, factor: str
) -> None:
    table = _table(table_id)
    row = table.row(drug, route)
    assert row is not None and row.method == "factor" and row.factor == D(factor)
    item = RegimenItem(drug=drug, route=route, mg_per_day=D(100))
    result = calculate_ome(Regimen((item,), table_id), table)
    assert result.total_ome_mg_per_day == D(100) * D(factor)


@pytest.mark.parametrize("drug", sorted(EXPECTED_LOOKUPS))
def test_opioids_aware_patch_lookup_rows_match_the_reference(drug: str) -> None:
    row = _table("opioids-aware-2020").row(drug, "transdermal")
    assert row is not None and row.method == "patch-lookup"
    expected = {D(k): D(v) for k, v in EXPECTED_LOOKUPS[drug].items()}
    assert dict(row.lookup_mg_per_day) == expected


@pytest.mark.parametrize(
    ("table_id", "drug", "factor"),
    [(t, d, f) for t, rows in EXPECTED_PER_MCG_HOUR.items() for d, f in rows.items()],
)
def test_per_mcg_hour_patch_rows_match_the_reference(table_id: str, drug: str, factor: str) -> None:
    row = _table(table_id).row(drug, "transdermal")
    assert row is not None and row.method == "per-mcg-hour" and row.factor == D(factor)


@pytest.mark.parametrize("table_id", sorted(EXPECTED_FACTORS))
def test_every_table_row_is_covered_by_an_expectation(table_id: str) -> None:
    table = _table(table_id)
    covered = set(EXPECTED_FACTORS[table_id]) | SPECIALIST | {("meptazinol", "oral")}
    covered |= {(d, "transdermal") for d in EXPECTED_PER_MCG_HOUR.get(table_id, {})}
    if table_id == "opioids-aware-2020":
        covered |= {(d, "transdermal") for d in EXPECTED_LOOKUPS}
    if table_id != "cdc-2022":
        covered.add(("methadone", "oral"))
    assert {(r.drug, r.route) for r in table.rows} == covered


@pytest.mark.parametrize("table_id", sorted(EXPECTED_FACTORS))
def test_specialist_conversions_have_no_number_in_any_table(table_id: str) -> None:
    table = _table(table_id)
    for drug, route in SPECIALIST:
        row = table.row(drug, route)
        assert row is not None and row.method == "specialist" and row.factor is None


@pytest.mark.parametrize("table_id", ["opioids-aware-2020", "anzca-2021"])
def test_methadone_is_specialist_only_under_opioids_aware_and_anzca(table_id: str) -> None:
    row = _table(table_id).row("methadone", "oral")
    assert row is not None and row.method == "specialist"


def test_cdc_methadone_row_carries_a_warning() -> None:
    row = _table("cdc-2022").row("methadone", "oral")
    assert row is not None and row.warning and "never" in row.warning


def test_meptazinol_has_no_agreed_conversion_in_any_table() -> None:
    for table in default_tables().tables:
        row = table.row("meptazinol", "oral")
        assert row is not None and row.method == "no-agreed-conversion"


def test_every_table_and_row_cites_a_source_and_verification_date() -> None:
    tables = default_tables()
    assert tables.ids() == ("opioids-aware-2020", "cdc-2022", "anzca-2021")
    assert tables.default_id == "opioids-aware-2020"
    for table in tables.tables:
        assert table.source and table.verified_on and table.version and table.title
        assert all(row.source and row.verified_on for row in table.rows)


def test_every_product_cites_a_source_and_verification_date() -> None:
    for product in default_formulary().products:
        assert product.source and product.verified_on
        assert (product.strength_mg is None) != (product.strength_mcg_per_hour is None)


REQUIRED_PRODUCTS = [
    "Morphine 5mg modified-release tablets",
    "Morphine 15mg modified-release tablets",
    "Morphine 200mg modified-release tablets",
    "Morphine sulfate 10mg/5ml oral solution",
    "Co-codamol 8mg/500mg tablets",
    "Co-codamol 15mg/500mg tablets",
    "Co-codamol 30mg/500mg tablets",
    "Co-dydramol 10mg/500mg tablets",
    "Fentanyl 12micrograms/hour transdermal patches",
    "Fentanyl 25micrograms/hour transdermal patches",
    "Buprenorphine 10micrograms/hour seven day transdermal patches",
    "Buprenorphine 52.5micrograms/hour transdermal patches",
    "Methadone 1mg/ml oral solution",
    "Meptazinol 200mg tablets",
    "Pethidine 50mg tablets",
    "Tapentadol 50mg modified-release tablets",
    "Hydromorphone 1.3mg capsules",
    "Dihydrocodeine 60mg modified-release tablets",
    "Tramadol 50mg capsules",
    "Oxycodone 5mg capsules",
    "Buprenorphine 2mg sublingual tablets",
]


@pytest.mark.parametrize("name", REQUIRED_PRODUCTS)
def test_formulary_contains_common_uk_products_by_dmd_name(name: str) -> None:
    assert default_formulary().by_name(name) is not None


def test_product_lookup_ignores_case_and_extra_spaces() -> None:
    product = default_formulary().by_name("  co-codamol 30MG/500mg   tablets ")
    assert product is not None and product.strength_mg == D(30)
    assert product.partner is not None and product.partner.mg == D(500)


def test_patch_wear_times_are_recorded_per_product() -> None:
    formulary = default_formulary()
    wear = {p.name: p.patch_wear_hours for p in formulary.products if p.is_patch}
    assert wear["Fentanyl 50micrograms/hour transdermal patches"] == 72
    assert wear["Buprenorphine 5micrograms/hour seven day transdermal patches"] == 168
    assert wear["Buprenorphine 35micrograms/hour transdermal patches"] == 96

"""The formulary in force comes from the database: the data migration's rows, plus products
administrators add, rebuilt whenever a row changes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rose.medicines.engine import default_formulary, default_tables
from rose.medicines.formulary_db import clear_cache, formulary_in_force
from rose.medicines.models import ConversionRow, ConversionTable, Product
from rose.medicines.selectors import formulary_health, programmes_with_unknown_table
from rose.medicines.services import ContractError, formulary_load, ome_calculate, taper_calculate
from rose.medicines.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

OXY = {"items": [{"drug": "oxycodone", "route": "oral", "dose_mg": 40, "times_per_day": 2}]}


def test_migration_loaded_every_product_and_table_row():
    assert Product.objects.filter(origin="data-file", active=True).count() == len(default_formulary().products)
    assert ConversionTable.objects.count() == len(default_tables().tables)
    assert ConversionRow.objects.count() == sum(len(t.rows) for t in default_tables().tables)
    assert ConversionTable.objects.get(is_default=True).table_id == "opioids-aware-2020"


def test_database_formulary_is_the_data_file_exactly():
    clear_cache()
    formulary, tables = formulary_in_force()
    assert sorted(formulary.products, key=lambda p: p.name) == sorted(default_formulary().products,
                                                                      key=lambda p: p.name)
    assert formulary.version == default_formulary().version
    packaged = {t.id: t for t in default_tables().tables}
    for table in tables.tables:
        expected = packaged[table.id]
        assert (table.title, table.version, table.source, table.verified_on) == (
            expected.title, expected.version, expected.source, expected.verified_on)
        assert sorted(table.rows, key=lambda r: (r.drug, r.route)) == sorted(
            (replace(r, lookup_mg_per_day=tuple(sorted(r.lookup_mg_per_day))) for r in expected.rows),
            key=lambda r: (r.drug, r.route))
    assert tables.default_id == default_tables().default_id


def test_load_formulary_is_idempotent_and_keeps_admin_products():
    added = ProductFactory()
    before = (Product.objects.count(), ConversionRow.objects.count())
    counts = formulary_load()
    formulary_load()
    assert (Product.objects.count(), ConversionRow.objects.count()) == before
    assert counts["products"] == len(default_formulary().products)
    added.refresh_from_db()
    assert added.origin == "admin" and added.active


def test_load_formulary_restores_an_edited_data_file_row():
    row = ConversionRow.objects.get(table__table_id="opioids-aware-2020", drug="oxycodone", route="oral")
    row.factor = 99
    row.save()
    formulary_load()
    row.refresh_from_db()
    assert row.factor == 1.5


def test_admin_added_product_is_used_by_the_facade():
    with pytest.raises(ContractError):
        ome_calculate(regimen={"items": [{"product": "Oxycodone 7mg test tablets", "units_per_dose": 1,
                                          "times_per_day": 2}]})
    ProductFactory(name="Oxycodone 7mg test tablets")
    answer = ome_calculate(regimen={"items": [{"product": "Oxycodone 7mg test tablets", "units_per_dose": 1,
                                               "times_per_day": 2}]})
    assert answer["total_ome_mg_per_day"] == 21  # 14 mg oxycodone x 1.5
    assert answer["formulary_version"] == "2026.1+1 local"


def test_inactive_product_is_refused_at_once():
    product = Product.objects.get(name="Morphine 30mg modified-release tablets")
    regimen = {"items": [{"product": product.name, "units_per_dose": 1, "times_per_day": 2}]}
    assert ome_calculate(regimen=regimen)["total_ome_mg_per_day"] == 60
    product.active = False
    product.save()
    with pytest.raises(ContractError) as error:
        ome_calculate(regimen=regimen)
    assert error.value.errors[0]["field"] == "items[0].product"


def test_changed_conversion_row_is_used_by_the_next_calculation():
    assert ome_calculate(regimen=OXY)["total_ome_mg_per_day"] == 120
    row = ConversionRow.objects.get(table__table_id="opioids-aware-2020", drug="oxycodone", route="oral")
    row.factor = 2
    row.save()
    assert ome_calculate(regimen=OXY)["total_ome_mg_per_day"] == 160


def test_cache_is_reused_when_nothing_changed(django_assert_max_num_queries):
    ome_calculate(regimen=OXY)
    with django_assert_max_num_queries(1):  # the fingerprint only; no rebuild
        ome_calculate(regimen=OXY)


def test_empty_database_falls_back_to_the_packaged_files():
    ConversionTable.objects.all().delete()
    Product.objects.all().delete()
    assert ome_calculate(regimen=OXY)["total_ome_mg_per_day"] == 120


def test_programme_table_is_used(programme):
    programme.conversion_table = "cdc-2022"
    programme.high_dose_threshold_mg = 90
    regimen = {"items": [{"drug": "codeine", "route": "oral", "mg_per_day": 240}]}
    answer = ome_calculate(regimen=regimen, programme=programme)
    assert answer["table"] == "cdc-2022" and answer["total_ome_mg_per_day"] == 36
    assert ome_calculate(regimen={**regimen, "table": "opioids-aware-2020"}, programme=programme)[
        "total_ome_mg_per_day"] == 24


def test_programme_with_unknown_table_is_refused_never_defaulted(programme):
    programme.conversion_table = "opioids-aware-2002"
    with pytest.raises(ContractError) as error:
        ome_calculate(regimen=OXY, programme=programme)
    assert error.value.errors[0]["field"] == "table"
    assert "opioids-aware-2002" in error.value.errors[0]["message"]
    with pytest.raises(ContractError):
        taper_calculate(request={"regimen": OXY, "start_date": "2027-01-04",
                                 "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14}},
                        programme=programme)


def test_health_reports_programmes_with_unknown_tables(programme):
    assert programmes_with_unknown_table() == []
    programme.conversion_table = "nonsense"
    programme.save()
    assert programmes_with_unknown_table() == [programme.slug]
    assert formulary_health()["medicines_programmes_with_unknown_table"] == 1


@pytest.mark.parametrize("changes, field", [
    ({"strength_mg_per_unit": None}, "strength_mg_per_unit"),
    ({"strength_mg_per_unit": -5}, "strength_mg_per_unit"),
    ({"strength_mcg_per_hour": 25}, "strength_mg_per_unit"),
    ({"partner_drug": "paracetamol"}, "partner_mg"),
    ({"drug": "Oxycodone"}, "drug"),
    ({"name": "morphine 30mg  MODIFIED-release tablets"}, "name"),
])
def test_product_validation_refuses_unsafe_rows(changes, field):
    from django.core.exceptions import ValidationError

    product = ProductFactory.build(**changes)
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert field in error.value.message_dict

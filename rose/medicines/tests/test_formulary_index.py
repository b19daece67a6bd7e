"""The formulary's lookups read indexes built once; they must give exactly what a scan of every
product gives (same products, same order), for every product, drug and route in the packaged file."""

from __future__ import annotations

from rose.medicines.engine.formulary import default_formulary, load_formulary


def test_indexed_lookups_match_a_scan_of_every_product():
    formulary = load_formulary()  # a fresh object: its indexes are built here, not shared with the cache
    products = formulary.products
    assert formulary.drugs() == frozenset(p.drug for p in products)
    for product in products:
        assert formulary.by_name(f"  {product.name.upper()} ") is product
        assert formulary.family(product) == tuple(p for p in products if p.family == product.family)
        assert formulary.for_drug(product.drug, product.route) == tuple(
            p for p in products if p.drug == product.drug and p.route == product.route)
        assert formulary.patches(product.drug) == tuple(p for p in products if p.drug == product.drug and p.is_patch)
    assert formulary.by_name("no such product") is None
    assert formulary.for_drug("morphine", "no such route") == ()
    assert formulary.patches("no such drug") == ()


def test_the_cached_formulary_keeps_its_indexes_between_calls():
    formulary = default_formulary()
    assert formulary.drugs() is formulary.drugs()

"""Read-only queries of the formulary in force (no patient data in this app)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rose.accounts.models import Programme
from rose.medicines.formulary_db import formulary_in_force
from rose.medicines.models import ConversionTable, Product


def products_active() -> QuerySet[Product]:
    return Product.objects.filter(active=True).order_by("drug", "name")


def conversion_tables() -> QuerySet[ConversionTable]:
    return ConversionTable.objects.order_by("-is_default", "table_id")


def calculator_choices() -> dict[str, Any]:
    """What the public calculator offers: products and drug/route pairs of the formulary in
    force, and the conversion tables (id, title, version). Built from the cached engine data."""
    formulary, tables = formulary_in_force()
    products = sorted(formulary.products, key=lambda p: (p.drug, p.name))
    drug_routes = sorted({(p.drug, p.route) for p in formulary.products})
    return {
        "products": [(p.name, p) for p in products],
        "drug_routes": drug_routes,
        "tables": [(t.id, f"{t.title} (version {t.version})") for t in tables.tables],
        "default_table": tables.default_id,
        "formulary_version": formulary.version,
    }


def programmes_with_unknown_table() -> list[str]:
    """Slugs of programmes whose conversion_table is not a table in force (health check)."""
    ids = formulary_in_force()[1].ids()
    return list(Programme.objects.exclude(conversion_table__in=ids).values_list("slug", flat=True))


def formulary_health() -> dict[str, Any]:
    formulary, tables = formulary_in_force()
    return {"medicines_formulary_version": formulary.version, "medicines_tables": list(tables.ids()),
            "medicines_programmes_with_unknown_table": len(programmes_with_unknown_table())}

"""The formulary and tables in force, built from database rows for the dose engine.

Built once and cached per process; every call checks a cheap fingerprint (row counts and the
latest change time of products, tables and rows: one query) so a change made by an
administrator, in this process or another, is used by the very next calculation (hazard
H-MED-03, stale cache).
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

from django.db import connection

from rose.medicines.engine import Formulary, TableSet, default_formulary, default_tables
from rose.medicines.engine.types import ConversionRow as EngineRow
from rose.medicines.engine.types import ConversionTable as EngineTable
from rose.medicines.engine.types import Partner
from rose.medicines.engine.types import Product as EngineProduct
from rose.medicines.models import ConversionRow, ConversionTable, Product

_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "value": None}


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).normalize()


def engine_product(p: Product) -> EngineProduct:
    return EngineProduct(
        name=p.name, drug=p.drug, form=p.form, route=p.route, release=p.release, unit=p.unit,
        dose_increment=Decimal(p.dose_increment).normalize(), max_units_per_dose=int(p.max_units_per_dose),
        may_be_halved=p.may_be_halved, source=p.source, verified_on=p.verified_on.isoformat(),
        strength_mg=_dec(p.strength_mg_per_unit), strength_mcg_per_hour=_dec(p.strength_mcg_per_hour),
        delivers_mcg_per_hour=_dec(p.delivers_mcg_per_hour if p.delivers_mcg_per_hour is not None
                                   else p.strength_mcg_per_hour),
        patch_wear_hours=p.patch_wear_hours,
        partner=Partner(p.partner_drug, Decimal(p.partner_mg).normalize())
        if p.partner_drug and p.partner_mg is not None else None,
    )


def _engine_row(r: ConversionRow) -> EngineRow:
    # Sorted by strength: PostgreSQL's jsonb does not keep the file's key order.
    lookup = r.lookup_mg_per_day or {}
    return EngineRow(
        drug=r.drug, route=r.route, method=r.method, source=r.source, verified_on=r.verified_on.isoformat(),
        factor=_dec(r.factor),
        lookup_mg_per_day=tuple(sorted((Decimal(str(k)), Decimal(str(v))) for k, v in lookup.items())),
        reason=r.reason or None, warning=r.warning or None,
    )


def _fingerprint_sql() -> str:
    p, t, r = (m._meta.db_table for m in (Product, ConversionTable, ConversionRow))
    return (f"SELECT (SELECT COUNT(*) FROM {p}), (SELECT COUNT(*) FROM {p} WHERE active = %s), "  # noqa: S608
            f"(SELECT MAX(updated_at) FROM {p}), (SELECT COUNT(*) FROM {t}), (SELECT MAX(updated_at) FROM {t}), "
            f"(SELECT COUNT(*) FROM {r}), (SELECT MAX(updated_at) FROM {r})")


def _fingerprint() -> tuple[Any, ...]:
    """One query: row counts and latest change of every table the engine reads. Plain SQL, as the
    ORM's aggregate machinery costs more than the whole calculation. Table names are our own."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(), [True])
        return tuple(cursor.fetchone())


def _build() -> tuple[Formulary, TableSet]:
    products = list(Product.objects.filter(active=True).order_by("drug", "name"))
    tables = list(ConversionTable.objects.prefetch_related("rows").order_by("-is_default", "table_id"))
    if not products or not tables:
        # An empty database (a flushed test database) falls back to the packaged data files,
        # which are the same rows the data migration loads.
        return default_formulary(), default_tables()
    versions = sorted({p.data_version for p in products if p.data_version})
    admin_added = sum(1 for p in products if p.origin == "admin")
    version = "+".join(versions) or "local"
    if admin_added:
        version = f"{version}+{admin_added} local"
    formulary = Formulary(version=version, products=tuple(engine_product(p) for p in products))
    default_id = next((t.table_id for t in tables if t.is_default), tables[0].table_id)
    engine_tables = tuple(
        EngineTable(id=t.table_id, title=t.title, version=t.version, source=t.source,
                    verified_on=t.verified_on.isoformat(),
                    rows=tuple(_engine_row(r) for r in sorted(t.rows.all(), key=lambda r: (r.drug, r.route))))
        for t in tables)
    table_version = "+".join(sorted({t.data_version for t in tables if t.data_version})) or "local"
    return formulary, TableSet(table_version, default_id, engine_tables)


def formulary_in_force() -> tuple[Formulary, TableSet]:
    """The engine's Formulary and TableSet from the rows in force (cached, checked every call)."""
    key = _fingerprint()
    with _lock:
        if _cache["key"] == key and _cache["value"] is not None:
            return _cache["value"]
    value = _build()
    with _lock:
        _cache["key"], _cache["value"] = key, value
    return value


def clear_cache() -> None:
    with _lock:
        _cache["key"] = _cache["value"] = None

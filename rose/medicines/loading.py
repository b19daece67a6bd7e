"""Load the versioned data files into the database (idempotent).

Used by the data migration ``0002_load_formulary`` (with historical models) and by
``manage.py load_formulary``. The data file is the source of truth for its own rows: running it
again updates them to the file's values; products added by administrators are never touched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rose.medicines.engine.formulary import DEFAULT_FORMULARY
from rose.medicines.engine.tables import DEFAULT_TABLES


def _read(path: Path | str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def _product_fields(row: dict[str, Any], version: str) -> dict[str, Any]:
    partner = row.get("combination_partner") or {}
    return {
        "drug": row["drug"],
        "form": row["form"],
        "route": row["route"],
        "release": row["release"],
        "unit": row["unit"],
        "strength_mg_per_unit": row.get("strength_mg_per_unit"),
        "strength_mcg_per_hour": row.get("strength_mcg_per_hour"),
        "delivers_mcg_per_hour": row.get("delivers_mcg_per_hour"),
        "patch_wear_hours": row.get("patch_wear_hours"),
        "dose_increment": row["dose_increment"],
        "max_units_per_dose": row["max_units_per_dose"],
        "may_be_halved": bool(row["may_be_halved"]),
        "partner_drug": partner.get("drug", ""),
        "partner_mg": partner.get("mg"),
        "source": row["source"],
        "verified_on": row["verified_on"],
        "origin": "data-file",
        "data_version": version,
        "active": True,
    }


def load_data_files(product_model: Any, table_model: Any, row_model: Any, *,
                    formulary_path: Path | str | None = None,
                    tables_path: Path | str | None = None) -> dict[str, int]:
    """Create or update every product, table and row from the data files. Returns counts.

    Rows of a table that the file no longer lists are deleted (a table is replaced whole);
    data-file products the file no longer lists are made inactive (never deleted: old
    calculations may name them)."""
    formulary = _read(formulary_path or DEFAULT_FORMULARY)
    version = str(formulary["version"])
    names = []
    for row in formulary["products"]:
        product_model.objects.update_or_create(name=row["name"], defaults=_product_fields(row, version))
        names.append(row["name"])
    retired = (product_model.objects.filter(origin="data-file").exclude(name__in=names)
               .exclude(active=False).update(active=False))
    document = _read(tables_path or DEFAULT_TABLES)
    table_count = row_count = 0
    for spec in document["tables"]:
        table, _ = table_model.objects.update_or_create(table_id=spec["id"], defaults={
            "title": spec["title"], "version": spec["version"], "source": spec["source"],
            "verified_on": spec["verified_on"], "verification": spec.get("verification", ""),
            "is_default": spec["id"] == document["default_table"], "data_version": str(document["version"]),
        })
        table_count += 1
        keys = []
        for row in spec["rows"]:
            row_model.objects.update_or_create(table=table, drug=row["drug"], route=row["route"], defaults={
                "method": row["method"], "factor": row.get("factor"),
                "lookup_mg_per_day": row.get("lookup_mg_per_day", {}), "reason": row.get("reason") or "",
                "warning": row.get("warning") or "", "source": row["source"], "verified_on": row["verified_on"],
            })
            keys.append((row["drug"], row["route"]))
            row_count += 1
        for stale in row_model.objects.filter(table=table):
            if (stale.drug, stale.route) not in keys:
                stale.delete()
    table_model.objects.exclude(table_id=document["default_table"]).filter(is_default=True).update(
        is_default=False)
    return {"products": len(names), "retired": retired, "tables": table_count, "rows": row_count}

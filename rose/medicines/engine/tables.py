"""Opioid conversion tables as data: Opioids Aware (UK default), CDC 2022, ANZCA 2021.

Sources disagree (codeine 0.1, 0.15 or 0.13), so the table is always chosen
explicitly or defaults visibly to Opioids Aware, and every answer names it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from .formulary import DATA_DIR
from .types import ConversionRow, ConversionTable

DEFAULT_TABLES = DATA_DIR / "conversion-tables-2026.1.json"
DEFAULT_TABLE_ID = "opioids-aware-2020"


@dataclass(frozen=True)
class TableSet:
    version: str
    default_id: str
    tables: tuple[ConversionTable, ...]

    def get(self, table_id: str | None) -> ConversionTable | None:
        wanted = table_id or self.default_id
        for table in self.tables:
            if table.id == wanted:
                return table
        return None

    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tables)


def _row(row: dict[str, Any]) -> ConversionRow:
    lookup = row.get("lookup_mg_per_day", {})
    return ConversionRow(
        drug=row["drug"],
        route=row["route"],
        method=row["method"],
        source=row["source"],
        verified_on=row["verified_on"],
        factor=Decimal(row["factor"]) if "factor" in row else None,
        lookup_mg_per_day=tuple((Decimal(k), Decimal(v)) for k, v in lookup.items()),
        reason=row.get("reason"),
        warning=row.get("warning"),
    )


def _table(table: dict[str, Any]) -> ConversionTable:
    return ConversionTable(
        id=table["id"],
        title=table["title"],
        version=table["version"],
        source=table["source"],
        verified_on=table["verified_on"],
        rows=tuple(_row(r) for r in table["rows"]),
    )


def load_tables(path: Path | str | None = None) -> TableSet:
    """Load the conversion tables file (the packaged default when ``path`` is None)."""
    with open(path or DEFAULT_TABLES, encoding="utf-8") as handle:
        document = json.load(handle)
    tables = tuple(_table(t) for t in document["tables"])
    return TableSet(str(document["version"]), document["default_table"], tables)


@lru_cache(maxsize=1)
def default_tables() -> TableSet:
    """The packaged conversion tables, loaded once per process."""
    return load_tables()

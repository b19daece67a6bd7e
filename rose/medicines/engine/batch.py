"""Batch mode: OME for every row of a prescribing extract, streamed row by row.

Input: a CSV with a header row. Recognised columns (any others pass through
unchanged): ``product, units_per_dose, times_per_day, drug, route, dose_mg,
mg_per_day, mcg_per_hour, as_needed, release``. Each row is one regimen item,
in the same shapes as the JSON contract. Output: the same rows with
``ome_mg_per_day`` and ``ome_error`` appended. A bad row gets an error message
and the batch carries on. Memory stays constant: one row at a time, plus a
bounded cache of recently seen prescriptions.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, TextIO

from .contract import ContractError, ItemParser, number
from .formulary import Formulary
from .ome import calculate_ome
from .tables import TableSet

ITEM_COLUMNS = (
    "product",
    "units_per_dose",
    "times_per_day",
    "drug",
    "route",
    "dose_mg",
    "mg_per_day",
    "mcg_per_hour",
    "as_needed",
    "release",
)
NUMERIC_COLUMNS = frozenset(
    {"units_per_dose", "times_per_day", "dose_mg", "mg_per_day", "mcg_per_hour"}
)
TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", ""})
CACHE_SIZE = 4096


@dataclass
class BatchStats:
    rows: int = 0
    calculated: int = 0
    not_calculable: int = 0
    errors: int = 0


def _cell(column: str, text: str) -> Any:
    """A CSV cell as the JSON value the contract expects; unparseable text is passed on
    as text so the contract reports it with its usual message."""
    if column == "as_needed":
        lowered = text.strip().lower()
        return True if lowered in TRUE_WORDS else False if lowered in FALSE_WORDS else text
    if column in NUMERIC_COLUMNS:
        try:
            value = float(text)
        except ValueError:
            return text
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return text


class _RowCalculator:
    def __init__(self, table_id: str | None, formulary: Formulary | None, tables: TableSet | None):
        self.parser = ItemParser(formulary, tables)
        self.table_id = table_id
        self.calculate = lru_cache(maxsize=CACHE_SIZE)(self._calculate)

    def _calculate(self, key: tuple[tuple[str, str], ...]) -> tuple[Decimal | None, str, str]:
        """(OME, error text, outcome) where outcome is calculated, not-calculable or error."""
        item = {column: _cell(column, text) for column, text in key}
        try:
            regimen = self.parser.parse(item, self.table_id)
        except ContractError as error:
            return (
                None,
                "; ".join(f"{_column(e['field'])}: {e['message']}" for e in error.errors),
                "error",
            )
        table = self.parser.tables.get(regimen.table_id)
        assert table is not None
        result = calculate_ome(regimen, table).items[0]
        outcome = "calculated" if result.ome_mg_per_day is not None else "not-calculable"
        return result.ome_mg_per_day, result.message or "", outcome


def _column(field: str) -> str:
    return field.removeprefix("items[0]").lstrip(".") or "row"


def ome_csv_stream(
    src: TextIO,
    dst: TextIO,
    *,
    table_id: str | None = None,
    formulary: Formulary | None = None,
    tables: TableSet | None = None,
) -> BatchStats:
    """Stream ``src`` to ``dst`` adding ``ome_mg_per_day`` and ``ome_error``; never stops
    on a bad row. A not-calculable row has an empty OME and the reason in ``ome_error``."""
    reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
    stats = BatchStats()
    header = next(reader, None)
    if header is None:
        return stats
    writer.writerow([*header, "ome_mg_per_day", "ome_error"])
    columns = [(i, name.strip()) for i, name in enumerate(header) if name.strip() in ITEM_COLUMNS]
    calculator = _RowCalculator(table_id, formulary, tables)
    for row in reader:
        stats.rows += 1
        ome, error, outcome = _row_result(row, len(header), columns, calculator)
        stats.calculated += outcome == "calculated"
        stats.not_calculable += outcome == "not-calculable"
        stats.errors += outcome == "error"
        padded = row + [""] * (len(header) - len(row))  # keep appended columns aligned
        writer.writerow([*padded, "" if ome is None else _text(ome), error])
    return stats


def _row_result(
    row: list[str], width: int, columns: list[tuple[int, str]], calculator: _RowCalculator
) -> tuple[Decimal | None, str, str]:
    if len(row) > width:
        return None, f"row: has {len(row)} fields but the header has {width}", "error"
    key = tuple((name, row[i].strip()) for i, name in columns if i < len(row) and row[i].strip())
    return calculator.calculate(key)


def _text(value: Decimal) -> str:
    return str(number(value))

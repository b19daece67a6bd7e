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
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any, TextIO

from .contract import ContractError, ItemParser, number
from .formulary import Formulary
from .ome import item_ome
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
CACHE_SIZE = 32768


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
    """Each distinct row's answer, worked out once: the contract's parse of the row as a
    one-item regimen (with the parse context built once for the stream) and the item's OME,
    kept as the two text cells appended to the row. The cache is keyed on the row's own cells
    in the recognised columns (rows that differ only in spaces around a value get the same
    answer, worked out separately), and it is bounded."""

    def __init__(
        self,
        table_id: str | None,
        formulary: Formulary | None,
        tables: TableSet | None,
        names: tuple[str, ...],
    ):
        self.parser = ItemParser(formulary, tables)
        self.table_id = table_id
        self.names = names
        self.calculate = lru_cache(maxsize=CACHE_SIZE)(self._calculate)

    def _calculate(self, cells: tuple[str, ...]) -> tuple[tuple[str, str], str]:
        """((OME text, error text), outcome) where outcome is calculated, not-calculable or
        error; ``cells`` are the recognised columns' cells, "" where a short row has none."""
        stripped = ((name, text.strip()) for name, text in zip(self.names, cells, strict=True))
        item = {name: _cell(name, text) for name, text in stripped if text}
        try:
            regimen = self.parser.parse(item, self.table_id)
        except ContractError as error:
            message = "; ".join(f"{_column(e['field'])}: {e['message']}" for e in error.errors)
            return ("", message), "error"
        table = self.parser.tables.get(regimen.table_id)
        assert table is not None
        # The batch reports only the item's own figure and message, which is what
        # calculate_ome gives as its first item: the regimen-level warnings are not built.
        result = item_ome(regimen.items[0], table)
        if result.ome_mg_per_day is None:
            return ("", result.message or ""), "not-calculable"
        return (_text(result.ome_mg_per_day), result.message or ""), "calculated"


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
    header = next(reader, None)
    if header is None:
        return BatchStats()
    writer.writerow([*header, "ome_mg_per_day", "ome_error"])
    width = len(header)
    columns = [(i, name.strip()) for i, name in enumerate(header) if name.strip() in ITEM_COLUMNS]
    indexes = tuple(i for i, _ in columns)
    calculator = _RowCalculator(table_id, formulary, tables, tuple(name for _, name in columns))
    cells = _cells_getter(indexes)
    calculate, writerow = calculator.calculate, writer.writerow
    counts = {"calculated": 0, "not-calculable": 0, "error": 0}
    for row in reader:
        if len(row) == width:
            appended, outcome = calculate(cells(row))
        elif len(row) > width:
            appended = ("", f"row: has {len(row)} fields but the header has {width}")
            outcome = "error"
        else:  # a short row: its missing cells are empty
            appended, outcome = calculate(tuple(row[i] if i < len(row) else "" for i in indexes))
            row += [""] * (width - len(row))  # keep appended columns aligned
        counts[outcome] += 1
        row += appended
        writerow(row)
    return BatchStats(
        sum(counts.values()), counts["calculated"], counts["not-calculable"], counts["error"]
    )


def _cells_getter(indexes: tuple[int, ...]) -> Callable[[list[str]], tuple[str, ...]]:
    """A full row's cells in the recognised columns, as a tuple (itemgetter gives a bare value
    for one index and needs at least one)."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    if len(indexes) == 1:
        index = indexes[0]
        return lambda row: (row[index],)
    return lambda row: ()


def _text(value: Decimal) -> str:
    return str(number(value))

"""Contract parsing for regimens (the OME request): the table, the items (each parsed by
``contract_items``), co-prescriptions and the checks on implausible totals."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .contract_items import ParseContext, _item
from .formulary import Formulary
from .limits import default_limits
from .ome import item_ome
from .tables import TableSet
from .types import Regimen, RegimenItem
from .validation import ContractError, Errors, join_path, require_dict, unknown_keys

CO_PRESCRIPTIONS = (
    "benzodiazepine",
    "gabapentinoid",
    "z-drug",
    "antipsychotic",
    "sedating-antihistamine",
    "alcohol",
)
STRATEGIES = ("percent-of-original", "percent-of-current", "two-phase", "custom")
MAX_OME_MG_PER_DAY = Decimal(5000)
MAX_ITEMS = 50
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_regimen(value: Any, path: str, ctx: ParseContext, errors: Errors) -> Regimen | None:
    obj = require_dict(value, path, errors)
    if obj is None:
        return None
    unknown_keys(obj, frozenset({"table", "items", "co_prescribed"}), path, errors)
    table_id = obj.get("table", ctx.tables.default_id)
    table = ctx.tables.get(table_id) if isinstance(table_id, str) else None
    if table is None:
        errors.add(
            join_path(path, "table"),
            f"unknown conversion table {table_id!r} (choose one of: {', '.join(ctx.tables.ids())})",
        )
    items = _items(obj, path, ctx, errors)
    co_prescribed = _co_prescribed(obj, path, errors)
    if table is None or items is None:
        return None
    regimen = Regimen(items=items, table_id=table.id, co_prescribed=co_prescribed)
    _check_absurd_totals(regimen, path, ctx, errors)
    return regimen


def _items(
    obj: dict[str, Any], path: str, ctx: ParseContext, errors: Errors
) -> tuple[RegimenItem, ...] | None:
    field = join_path(path, "items")
    value = obj.get("items")
    if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
        errors.add(field, f"must be a list of 1 to {MAX_ITEMS} items")
        return None
    parsed = [_item(v, f"{field}[{i}]", ctx, errors) for i, v in enumerate(value)]
    items = tuple(p for p in parsed if p is not None)
    return items if len(items) == len(parsed) else None


def _co_prescribed(obj: dict[str, Any], path: str, errors: Errors) -> tuple[str, ...]:
    value = obj.get("co_prescribed", [])
    if (
        not isinstance(value, list)
        or not all(v in CO_PRESCRIPTIONS for v in value if isinstance(v, str))
        or not all(isinstance(v, str) for v in value)
    ):
        errors.add(
            join_path(path, "co_prescribed"),
            f"must be a list drawn from: {', '.join(CO_PRESCRIPTIONS)}",
        )
        return ()
    return tuple(value)


def _check_absurd_totals(regimen: Regimen, path: str, ctx: ParseContext, errors: Errors) -> None:
    for reason in default_limits().implausible(regimen):
        errors.add(join_path(path, "items"), reason)
    table = ctx.tables.get(regimen.table_id)
    if table is None:
        return
    for index, item in enumerate(regimen.items):
        ome = item_ome(item, table).ome_mg_per_day
        if ome is not None and ome > MAX_OME_MG_PER_DAY:
            errors.add(
                f"{join_path(path, 'items')}[{index}]",
                f"{ome.normalize():f} mg oral morphine "
                f"equivalent a day is implausible (over {MAX_OME_MG_PER_DAY:f}); check the dose",
            )


class ItemParser:
    """Parses single regimen items against one formulary and table set (used by batch mode)."""

    def __init__(self, formulary: Formulary | None = None, tables: TableSet | None = None):
        self._ctx = ParseContext(formulary, tables)
        self.tables = self._ctx.tables

    def parse(self, obj: Any, table_id: str | None = None) -> Regimen:
        """A one-item regimen from an item object, or ContractError (the context is built once
        per parser, not per item)."""
        return _parse_ome(
            {"table": table_id or self._ctx.tables.default_id, "items": [obj]}, self._ctx
        )


def parse_ome_request(
    obj: Any, *, formulary: Formulary | None = None, tables: TableSet | None = None
) -> Regimen:
    """Validate an OME request (a regimen) or raise ContractError."""
    return _parse_ome(obj, ParseContext(formulary, tables))


def _parse_ome(obj: Any, ctx: ParseContext) -> Regimen:
    errors = Errors()
    regimen = parse_regimen(obj, "", ctx, errors)
    errors.raise_if_any()
    if regimen is None:  # pragma: no cover - an error is always recorded first
        raise ContractError([{"field": "request", "message": "is not a valid regimen"}])
    return regimen

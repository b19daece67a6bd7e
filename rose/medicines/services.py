"""The one door from Django into the dose engine. Every app calls these, never the engine's
internals, so the table, threshold and formulary in force are chosen in one place.

    ome_calculate(regimen={...}, programme=p)   -> the OME answer dict (JSON contract)
    taper_calculate(request={...}, programme=p) -> the taper answer dict (JSON contract)

Both raise `ContractError` (with `.errors`, a list of {"field", "message"}) on bad input.
A regimen without "table" uses the programme's table (default opioids-aware-2020).
The formulary in force is the data-file products plus products administrators added
(`rose.medicines.formulary_db`), rebuilt whenever a row changes.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from django.db import transaction

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.medicines.engine import (
    BatchStats,
    ContractError,
    calculate_ome,
    ome_csv_stream,
    ome_response,
    parse_ome_request,
    parse_taper_request,
    plan_taper,
    taper_response,
)
from rose.medicines.engine.wording import amount_text, dose_text_from
from rose.medicines.formulary_db import formulary_in_force
from rose.medicines.loading import load_data_files
from rose.medicines.models import ConversionRow, ConversionTable, Product

if TYPE_CHECKING:
    from rose.accounts.models import Programme, User

__all__ = ["ContractError", "conversion_table_ids", "dose_words", "formulary_load", "ome_calculate",
           "ome_csv_calculate", "product_save", "taper_calculate"]


def _programme_table(programme: Programme, table_ids: tuple[str, ...]) -> str:
    table_id = str(getattr(programme, "conversion_table", "") or "")
    if table_id not in table_ids:
        # A mistyped programme setting must never silently fall back to another table.
        raise ContractError([{"field": "table", "message": (
            f"this service's conversion table {table_id!r} is not known (choose one of: "
            f"{', '.join(table_ids)}); ask an administrator to correct the programme setting")}])
    return table_id


def _with_programme_table(regimen: object, programme: Programme | None, table_ids: tuple[str, ...]) -> object:
    if isinstance(regimen, dict) and "table" not in regimen and programme is not None:
        regimen = {**regimen, "table": _programme_table(programme, table_ids)}
    return regimen


def _threshold(programme: Programme | None) -> Decimal:
    return Decimal(getattr(programme, "high_dose_threshold_mg", None) or 120)


def ome_calculate(*, regimen: object, programme: Programme | None = None) -> dict[str, Any]:
    formulary, tables = formulary_in_force()
    regimen = _with_programme_table(regimen, programme, tables.ids())
    parsed = parse_ome_request(regimen, formulary=formulary, tables=tables)
    table = tables.get(parsed.table_id)
    if table is None:  # pragma: no cover - the parser checks table ids
        raise ContractError([{"field": "table", "message": "is not a known conversion table"}])
    answer = ome_response(calculate_ome(parsed, table, high_dose_threshold=_threshold(programme)))
    answer["table_source"] = table.source
    answer["formulary_version"] = formulary.version
    return answer


def taper_calculate(*, request: object, programme: Programme | None = None) -> dict[str, Any]:
    formulary, tables = formulary_in_force()
    if isinstance(request, dict) and programme is not None:
        request = copy.copy(request)
        request["regimen"] = _with_programme_table(request.get("regimen"), programme, tables.ids())
    parsed = parse_taper_request(request, formulary=formulary, tables=tables)
    return taper_response(plan_taper(parsed, formulary=formulary, tables=tables))


def dose_words(*, product: str, units: Decimal | float | str, unit: str, with_product: bool = True) -> str:
    """One administration of a taper step in words, the same on every screen, text and document:
    "5 ml (10 mg) of morphine sulfate 10 mg/5 ml oral solution", "1 tablet (30 mg) of morphine
    30 mg modified-release tablets". Takes the step JSON's own fields, so steps saved before the
    answer carried `dose_text` read the same. A product no longer in the formulary gets no mg.
    `with_product=False` gives the amount alone ("5 ml (10 mg)") for a column naming the product."""
    formulary, _ = formulary_in_force()
    found = formulary.by_name(product)
    strength = found.strength_mg if found is not None else None
    drug = found.drug if found is not None and found.partner is not None else None
    if not with_product:
        return amount_text(Decimal(str(units)), unit, strength, drug)
    return dose_text_from(product, Decimal(str(units)), unit, strength, drug)


def ome_csv_calculate(*, src: TextIO, dst: TextIO, table_id: str | None = None) -> BatchStats:
    """The engine's streaming batch mode with the formulary in force. Raises ContractError for
    an unknown table (before reading a row)."""
    formulary, tables = formulary_in_force()
    if table_id is not None and tables.get(table_id) is None:
        raise ContractError([{"field": "table", "message": (
            f"unknown conversion table {table_id!r} (choose one of: {', '.join(tables.ids())})")}])
    return ome_csv_stream(src, dst, table_id=table_id, formulary=formulary, tables=tables)


def conversion_table_ids() -> tuple[str, ...]:
    """Ids of the conversion tables in force (for validating a programme's choice)."""
    return formulary_in_force()[1].ids()


@transaction.atomic
def formulary_load(*, actor: User | None = None, formulary_path: Path | str | None = None,
                   tables_path: Path | str | None = None) -> dict[str, int]:
    """Load (or reload) the versioned data files; idempotent. Audited."""
    counts = load_data_files(Product, ConversionTable, ConversionRow, formulary_path=formulary_path,
                             tables_path=tables_path)
    audit_log(action=AuditAction.UPDATE, actor=actor, actor_label=None if actor else "load_formulary",
              detail={"formulary": "load", **counts})
    return counts


@transaction.atomic
def product_save(*, product: Product, actor: User, created: bool) -> Product:
    """Save a product an administrator added or changed (admin pages). Audited."""
    product.full_clean()
    product.save()
    audit_log(action=AuditAction.CREATE if created else AuditAction.UPDATE, actor=actor, obj=product,
              detail={"product": str(product.pk), "origin": product.origin})
    return product

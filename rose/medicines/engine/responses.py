"""JSON-ready responses: Decimals become ints (when whole) or floats, dates ISO strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .types import Administration, OmeResult, Slot, TaperPlan, TaperStep
from .wording import dose_text


def number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when whole, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _optional(value: Decimal | None) -> int | float | None:
    return None if value is None else number(value)


def _warnings(warnings: tuple[Any, ...]) -> list[dict[str, str]]:
    return [{"code": w.code, "message": w.message} for w in warnings]


def ome_response(result: OmeResult) -> dict[str, Any]:
    """The OME answer as a JSON-serialisable dict (field names are fixed)."""
    items = [
        {
            "description": r.item.description,
            "drug": r.item.drug,
            "route": r.item.route,
            "as_needed": r.item.as_needed,
            "drug_mg_per_day": _optional(r.item.mg_per_day),
            "ome_mg_per_day": _optional(r.ome_mg_per_day),
            "factor": _optional(r.factor),
            "method": r.method,
            "source": r.source,
            "message": r.message,
        }
        for r in result.items
    ]
    return {
        "table": result.table.id,
        "table_version": result.table.version,
        "table_title": result.table.title,
        "calculable": result.calculable,
        "total_ome_mg_per_day": _optional(result.total_ome_mg_per_day),
        "items": items,
        "warnings": _warnings(result.warnings),
    }


def _step(step: TaperStep) -> dict[str, Any]:
    return {
        "step": step.number,
        "start_date": step.start_date.isoformat(),
        "end_date": step.end_date.isoformat(),
        "days": step.days,
        "target_ome_mg_per_day": number(step.target_ome_mg_per_day),
        "ome_mg_per_day": number(step.ome_mg_per_day),
        "administrations": [_administration(a) for a in step.administrations],
        "supply": [
            {"product": s.product.name, "quantity": number(s.quantity), "unit": s.product.unit}
            for s in step.supply
        ],
        "note": step.note,
    }


def slot_response(slot: Slot) -> dict[str, Any]:
    """A dose's slot: ``time`` "HH:MM" or null, ``kind`` (clock, as-needed, untimed, patch),
    a plain-English ``label``, its ``number`` of ``count`` a day and a patch's ``wear_hours``."""
    return {
        "time": slot.time,
        "kind": slot.kind,
        "label": slot.label,
        "number": slot.number,
        "count": slot.count,
        "wear_hours": slot.wear_hours,
    }


def _administration(a: Administration) -> dict[str, Any]:
    return {
        "time": a.time,
        "product": a.product.name,
        "units": number(a.units),
        "unit": a.product.unit,
        "slot": slot_response(a.slot),
        "as_needed": a.slot.kind == "as-needed",
        "dose_mg": _optional(a.dose_mg),
        "dose_text": dose_text(a.product, a.units),
    }


def taper_response(plan: TaperPlan) -> dict[str, Any]:
    """The taper answer as a JSON-serialisable dict (field names are fixed)."""
    return {
        "table": plan.table.id,
        "table_version": plan.table.version,
        "starting_ome_mg_per_day": _optional(plan.starting_ome_mg_per_day),
        "steps": [_step(s) for s in plan.steps],
        "warnings": _warnings(plan.warnings),
    }

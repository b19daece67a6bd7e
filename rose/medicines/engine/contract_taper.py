"""Contract parsing for taper requests (strategy, holds, consolidation)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from .contract_items import ParseContext
from .contract_regimen import (
    DATE_PATTERN,
    MAX_OME_MG_PER_DAY,
    STRATEGIES,
    parse_regimen,
)
from .formulary import Formulary
from .tables import TableSet
from .types import Consolidation, Hold, Product, Strategy, TaperRequest
from .validation import (
    ContractError,
    Errors,
    bool_field,
    join_path,
    number_field,
    require_dict,
    unknown_keys,
    whole_field,
)

TAPER_KEYS = frozenset(
    {"regimen", "start_date", "strategy", "holds", "consolidate", "use_products", "use_strengths"}
)
STRATEGY_KEYS = frozenset(
    {
        "type",
        "percent",
        "interval_days",
        "slow_below_fraction",
        "slow_percent",
        "slow_interval_days",
        "targets_mg_per_day",
        "max_step_percent",
        "allow_larger_steps",
    }
)
MAX_INTERVAL_DAYS = 365
MAX_TARGETS = 200


def _date(obj: dict[str, Any], key: str, errors: Errors) -> dt.date | None:
    value = obj.get(key)
    if not isinstance(value, str) or not DATE_PATTERN.match(value):
        errors.add(key, "must be a date written YYYY-MM-DD")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.add(key, f"{value} is not a real calendar date")
        return None


def _percent(
    obj: dict[str, Any], key: str, path: str, errors: Errors, maximum: int
) -> Decimal | None:
    """A required percentage (or fraction, with maximum 1). Percentages below 1 are refused:
    guidance starts at 2% a step, and tiny steps would make plans of absurd length."""
    if key not in obj:
        errors.add(join_path(path, key), "is required for this strategy")
        return None
    value = number_field(obj, key, path, errors, maximum=Decimal(maximum))
    if value is not None and maximum > 1 and value < 1:
        errors.add(join_path(path, key), "must be at least 1 (percent per step)")
        return None
    return value


def _interval(obj: dict[str, Any], key: str, path: str, errors: Errors) -> int | None:
    if key not in obj:
        errors.add(join_path(path, key), "is required (days between reductions)")
        return None
    return whole_field(obj, key, path, errors, MAX_INTERVAL_DAYS)


def _targets(obj: dict[str, Any], path: str, errors: Errors) -> tuple[Decimal, ...]:
    field, value = join_path(path, "targets_mg_per_day"), obj.get("targets_mg_per_day")
    if not isinstance(value, list) or not value or len(value) > MAX_TARGETS:
        errors.add(field, f"must be a list of 1 to {MAX_TARGETS} daily OME targets in mg")
        return ()
    holder = {str(i): v for i, v in enumerate(value)}
    targets = [
        number_field(holder, str(i), field, errors, maximum=MAX_OME_MG_PER_DAY, allow_zero=True)
        for i in range(len(value))
    ]
    if any(t is None for t in targets):
        return ()
    clean = tuple(t for t in targets if t is not None)
    if any(later > earlier for earlier, later in itertools.pairwise(clean)):
        errors.add(field, "targets must never increase (a taper never goes backwards)")
        return ()
    return clean


def _strategy(value: Any, errors: Errors) -> Strategy | None:
    obj = require_dict(value, "strategy", errors)
    if obj is None:
        return None
    unknown_keys(obj, STRATEGY_KEYS, "strategy", errors)
    kind = obj.get("type")
    if kind not in STRATEGIES:
        errors.add(
            "strategy.type", f"unknown strategy {kind!r} (choose one of: {', '.join(STRATEGIES)})"
        )
        return None
    interval = _interval(obj, "interval_days", "strategy", errors)
    max_step = Decimal(25)
    if "max_step_percent" in obj:
        max_step = (
            number_field(obj, "max_step_percent", "strategy", errors, maximum=Decimal(100))
            or max_step
        )
    allow = bool_field(obj, "allow_larger_steps", "strategy", errors)
    extra = _strategy_fields(str(kind), obj, errors)
    if interval is None or extra is None:
        return None
    return Strategy(
        type=str(kind),
        interval_days=interval,
        max_step_percent=max_step,
        allow_larger_steps=allow,
        **extra,
    )


def _strategy_fields(kind: str, obj: dict[str, Any], errors: Errors) -> dict[str, Any] | None:
    if kind == "custom":
        targets = _targets(obj, "strategy", errors)
        return {"targets_mg_per_day": targets} if targets else None
    percent = _percent(obj, "percent", "strategy", errors, 50)
    if kind != "two-phase":
        return None if percent is None else {"percent": percent}
    fraction = _percent(obj, "slow_below_fraction", "strategy", errors, 1)
    slow = _percent(obj, "slow_percent", "strategy", errors, 50)
    slow_days = _interval(obj, "slow_interval_days", "strategy", errors)
    if fraction is not None and fraction >= 1:
        errors.add("strategy.slow_below_fraction", "must be a fraction below 1, e.g. 0.34")
        return None
    if None in (percent, fraction, slow, slow_days):
        return None
    return {
        "percent": percent,
        "slow_below_fraction": fraction,
        "slow_percent": slow,
        "slow_interval_days": slow_days,
    }


def _holds(value: Any, errors: Errors) -> tuple[Hold, ...]:
    if not isinstance(value, list) or len(value) > MAX_TARGETS:
        errors.add("holds", 'must be a list like [{"after_step": 3, "days": 14}]')
        return ()
    holds = []
    for index, entry in enumerate(value):
        path = f"holds[{index}]"
        obj = require_dict(entry, path, errors)
        if obj is None:
            continue
        unknown_keys(obj, frozenset({"after_step", "days"}), path, errors)
        if "after_step" not in obj or "days" not in obj:
            errors.add(path, 'needs "after_step" and "days"')
            continue
        step = whole_field(obj, "after_step", path, errors, 1000)
        days = whole_field(obj, "days", path, errors, MAX_INTERVAL_DAYS)
        if step is not None and days is not None:
            holds.append(Hold(after_step=step, days=days))
    return tuple(holds)


def _named_product(value: Any, field: str, ctx: ParseContext, errors: Errors) -> Product | None:
    if not isinstance(value, str):
        errors.add(field, "must be a dm+d product name")
        return None
    product = ctx.formulary.by_name(value)
    if product is None:
        errors.add(field, f'"{value}" is not in the formulary (version {ctx.formulary.version})')
    return product


def _consolidate(value: Any, ctx: ParseContext, errors: Errors) -> Consolidation | None:
    obj = require_dict(value, "consolidate", errors)
    if obj is None:
        return None
    unknown_keys(
        obj, frozenset({"product", "cross_tolerance_reduction_percent"}), "consolidate", errors
    )
    product = _named_product(obj.get("product"), "consolidate.product", ctx, errors)
    reduction = Decimal(25)
    if "cross_tolerance_reduction_percent" in obj:
        reduction = number_field(
            obj,
            "cross_tolerance_reduction_percent",
            "consolidate",
            errors,
            maximum=Decimal(75),
            allow_zero=True,
        ) or Decimal(0)
    return None if product is None else Consolidation(product, reduction)


def _use_products(value: Any, ctx: ParseContext, errors: Errors) -> tuple[Product, ...]:
    if not isinstance(value, list) or not value:
        errors.add("use_products", "must be a non-empty list of dm+d product names")
        return ()
    found = [_named_product(v, f"use_products[{i}]", ctx, errors) for i, v in enumerate(value)]
    return tuple(p for p in found if p is not None)


def _use_strengths(value: Any, errors: Errors) -> tuple[Decimal, ...]:
    """Strengths the prescriber allows: mg per tablet, capsule or ml, or micrograms/hour for
    patches (e.g. [10, 30] for "only 10 mg and 30 mg tablets")."""
    if not isinstance(value, list) or not value or len(value) > 20:
        errors.add("use_strengths", "must be a list of 1 to 20 strengths, e.g. [10, 30]")
        return ()
    holder = {str(i): v for i, v in enumerate(value)}
    found = [
        number_field(holder, str(i), "use_strengths", errors, maximum=Decimal(1000))
        for i in range(len(value))
    ]
    return tuple(s for s in found if s is not None)


def parse_taper_request(
    obj: Any, *, formulary: Formulary | None = None, tables: TableSet | None = None
) -> TaperRequest:
    """Validate a taper request or raise ContractError."""
    errors, ctx = Errors(), ParseContext(formulary, tables)
    request = require_dict(obj, "request", errors)
    errors.raise_if_any()
    assert request is not None
    unknown_keys(request, TAPER_KEYS, "", errors)
    regimen = parse_regimen(request.get("regimen"), "regimen", ctx, errors)
    start = _date(request, "start_date", errors)
    strategy = _strategy(request.get("strategy"), errors)
    holds = _holds(request["holds"], errors) if "holds" in request else ()
    consolidate = (
        _consolidate(request["consolidate"], ctx, errors) if "consolidate" in request else None
    )
    use = _use_products(request["use_products"], ctx, errors) if "use_products" in request else ()
    strengths = (
        _use_strengths(request["use_strengths"], errors) if "use_strengths" in request else ()
    )
    errors.raise_if_any()
    if regimen is None or start is None or strategy is None:  # pragma: no cover
        raise ContractError([{"field": "request", "message": "is not a valid taper request"}])
    return TaperRequest(
        regimen=regimen,
        start_date=start,
        strategy=strategy,
        holds=holds,
        consolidate=consolidate,
        use_products=use,
        use_strengths=strengths,
    )

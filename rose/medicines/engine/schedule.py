"""Dating, holds and supply: turning planned doses into a calendar a GP can prescribe from."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from .types import Administration, EngineWarning, Product, SupplyLine, TaperRequest, TaperStep

if TYPE_CHECKING:
    from .taper import Draft


def apply_holds(drafts: list[Draft], request: TaperRequest, warnings: list[EngineWarning]) -> None:
    for hold in request.holds:
        if 1 <= hold.after_step < len(drafts):
            draft = drafts[hold.after_step - 1]
            note = (draft.note + " " if draft.note else "") + f"Includes a {hold.days}-day hold."
            drafts[hold.after_step - 1] = replace(draft, days=draft.days + hold.days, note=note)
        else:
            warnings.append(
                EngineWarning(
                    "hold-not-applied",
                    (
                        f"A hold after step {hold.after_step} was not applied: the plan's reducing "
                        f"steps are 1 to {len(drafts) - 1}."
                    ),
                )
            )


def step_supply(administrations: tuple[Administration, ...], days: int) -> tuple[SupplyLine, ...]:
    """What a GP prescription must cover for the step: tablets and capsules rounded up to
    whole units, liquids in ml, patches by the number of changes their wear time needs."""
    per_day: dict[Product, Decimal] = {}
    for adm in administrations:
        per_day[adm.product] = per_day.get(adm.product, Decimal(0)) + adm.units
    lines = []
    for product, units in per_day.items():
        if product.is_patch:
            changes = math.ceil(Decimal(days * 24) / Decimal(product.patch_wear_hours or 24))
            quantity = units * changes
        elif product.unit == "ml":
            quantity = units * days
        else:
            quantity = Decimal(math.ceil(units * days))
        lines.append(SupplyLine(product, quantity))
    return tuple(lines)


def dated_steps(drafts: list[Draft], start: dt.date) -> tuple[TaperStep, ...]:
    steps, day = [], start
    for number, draft in enumerate(drafts, start=1):
        end = day + dt.timedelta(days=draft.days - 1)
        administrations = tuple(
            sorted(
                (a for t in draft.tracks for a in t.current.administrations), key=lambda a: a.time
            )
        )
        steps.append(
            TaperStep(
                number,
                day,
                end,
                draft.target,
                draft.ome,
                administrations,
                step_supply(administrations, draft.days),
                draft.note,
            )
        )
        day = end + dt.timedelta(days=1)
    return tuple(steps)

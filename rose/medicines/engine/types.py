"""Value types shared by the dose engine.

Every type is a frozen dataclass so a result can never be changed after it is
calculated, and every quantity is a ``Decimal`` so that, for example, 0.1 x 30
is exactly 3 and never 3.0000000000000004.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Partner:
    """The non-opioid part of a combination product (never counted in OME)."""

    drug: str
    mg: Decimal


@dataclass(frozen=True)
class Product:
    """One dm+d virtual medicinal product (VMP) that the engine can prescribe.

    ``strength_mg`` is mg of the opioid per unit (tablet, capsule, ml or dose).
    ``dose_increment`` is the smallest measurable amount in units: 1 tablet,
    0.5 for a scored tablet that may be halved, 2.5 ml for an oral solution.
    Patches carry ``strength_mcg_per_hour`` (the labelled strength) and
    ``delivers_mcg_per_hour`` (the real rate, 12.5 for the "12" fentanyl patch).
    """

    name: str
    drug: str
    form: str
    route: str
    release: str
    unit: str
    dose_increment: Decimal
    max_units_per_dose: int
    may_be_halved: bool
    source: str
    verified_on: str
    strength_mg: Decimal | None = None
    strength_mcg_per_hour: Decimal | None = None
    delivers_mcg_per_hour: Decimal | None = None
    patch_wear_hours: int | None = None
    partner: Partner | None = None

    @property
    def is_patch(self) -> bool:
        return self.strength_mcg_per_hour is not None

    @property
    def family(self) -> tuple[str, str, str, str, str, int | None]:
        """Products that may replace each other when a dose is rounded.

        Same drug, form, route and release, same combination partner (so
        co-codamol never becomes plain codeine) and same patch wear time.
        """
        partner = f"{self.partner.drug} {self.partner.mg}" if self.partner else ""
        return (self.drug, self.form, self.route, self.release, partner, self.patch_wear_hours)


@dataclass(frozen=True)
class ConversionRow:
    """How one drug by one route converts to oral morphine under one table."""

    drug: str
    route: str
    method: str  # factor | per-mcg-hour | patch-lookup | specialist | no-agreed-conversion
    source: str
    verified_on: str
    factor: Decimal | None = None
    lookup_mg_per_day: tuple[tuple[Decimal, Decimal], ...] = ()
    reason: str | None = None
    warning: str | None = None


@dataclass(frozen=True)
class ConversionTable:
    id: str
    title: str
    version: str
    source: str
    verified_on: str
    rows: tuple[ConversionRow, ...]

    def row(self, drug: str, route: str) -> ConversionRow | None:
        for candidate in self.rows:
            if candidate.drug == drug and candidate.route == route:
                return candidate
        return None


@dataclass(frozen=True)
class Dose:
    """One scheduled dose of a regimen item: when (a 24-hour "HH:MM") and how much.

    ``mg`` is mg of the opioid; ``units`` is set when the item names a product
    (tablets, capsules, ml or doses of that product).
    """

    time: str
    mg: Decimal
    units: Decimal | None = None


@dataclass(frozen=True)
class RegimenItem:
    """One line of a patient's opioid regimen after validation.

    Oral-type items carry ``mg_per_day`` (of the opioid) and, where known,
    ``dose_mg`` and ``times``. Patch items carry ``patches`` (each patch worn).
    ``product`` is set when the prescriber named a dm+d product.
    """

    drug: str
    route: str
    mg_per_day: Decimal | None = None
    dose_mg: Decimal | None = None
    times_per_day: Decimal | None = None
    times: tuple[str, ...] = ()
    patches: tuple[Product, ...] = ()
    product: Product | None = None
    units_per_dose: Decimal | None = None
    as_needed: bool = False
    release: str | None = None
    doses: tuple[Dose, ...] = ()
    times_assumed: bool = False

    @property
    def description(self) -> str:
        if self.product is not None:
            return self.product.name
        if self.patches:
            return " + ".join(p.name for p in self.patches)
        return f"{self.drug} ({self.route})"


@dataclass(frozen=True)
class Regimen:
    items: tuple[RegimenItem, ...]
    table_id: str = "opioids-aware-2020"
    co_prescribed: tuple[str, ...] = ()


@dataclass(frozen=True)
class EngineWarning:
    """A safety message: a stable ``code`` for software and plain English for people."""

    code: str
    message: str


@dataclass(frozen=True)
class ItemResult:
    item: RegimenItem
    ome_mg_per_day: Decimal | None
    method: str
    factor: Decimal | None
    source: str
    message: str | None = None


@dataclass(frozen=True)
class OmeResult:
    table: ConversionTable
    items: tuple[ItemResult, ...]
    total_ome_mg_per_day: Decimal | None
    warnings: tuple[EngineWarning, ...]

    @property
    def calculable(self) -> bool:
        return self.total_ome_mg_per_day is not None


@dataclass(frozen=True)
class Strategy:
    type: str  # percent-of-original | percent-of-current | two-phase | custom
    interval_days: int
    percent: Decimal = Decimal(0)
    slow_below_fraction: Decimal | None = None
    slow_percent: Decimal | None = None
    slow_interval_days: int | None = None
    targets_mg_per_day: tuple[Decimal, ...] = ()
    max_step_percent: Decimal = Decimal(25)
    allow_larger_steps: bool = False


@dataclass(frozen=True)
class Hold:
    after_step: int
    days: int


@dataclass(frozen=True)
class Consolidation:
    product: Product
    cross_tolerance_reduction_percent: Decimal


@dataclass(frozen=True)
class TaperRequest:
    regimen: Regimen
    start_date: dt.date
    strategy: Strategy
    holds: tuple[Hold, ...] = ()
    consolidate: Consolidation | None = None
    use_products: tuple[Product, ...] = ()
    use_strengths: tuple[Decimal, ...] = ()


SLOT_KINDS = ("clock", "as-needed", "untimed", "patch")


@dataclass(frozen=True)
class Slot:
    """When a dose is taken, typed so that presenters never parse text.

    ``time`` is a 24-hour "HH:MM" for a clock time and ``None`` otherwise;
    ``kind`` is one of ``SLOT_KINDS``: "clock" (a dosing time), "as-needed"
    (taken only when needed, up to ``count`` a day), "untimed" (one of
    ``count`` doses a day with no time given, e.g. five or more a day) or
    "patch" (worn, changed every ``wear_hours``). ``label`` is plain English.
    """

    time: str | None
    kind: str
    label: str
    number: int = 1
    count: int = 1
    wear_hours: int | None = None

    @property
    def legacy(self) -> str:
        """The contract's original ``time`` text: "08:00", "as needed, dose 1 of 3",
        "dose 1 of 5" or "change every 72 hours" (kept so existing readers still work)."""
        if self.time is not None:
            return self.time
        if self.kind == "as-needed":
            return f"as needed, dose {self.number} of {self.count}"
        if self.kind == "patch":
            return f"change every {self.wear_hours} hours"
        return f"dose {self.number} of {self.count}"


def clock_slot(time: str) -> Slot:
    return Slot(time=time, kind="clock", label=time)


def patch_slot(wear_hours: int | None) -> Slot:
    return Slot(None, "patch", f"change every {wear_hours} hours", wear_hours=wear_hours)


@dataclass(frozen=True)
class Administration:
    slot: Slot
    product: Product
    units: Decimal

    @property
    def time(self) -> str:
        """The original text form of the slot (see ``Slot.legacy``)."""
        return self.slot.legacy

    @property
    def dose_mg(self) -> Decimal | None:
        """mg of the opioid in this administration (None for a patch)."""
        if self.product.strength_mg is None:
            return None
        return self.units * self.product.strength_mg


@dataclass(frozen=True)
class SupplyLine:
    product: Product
    quantity: Decimal


@dataclass(frozen=True)
class TaperStep:
    number: int
    start_date: dt.date
    end_date: dt.date
    target_ome_mg_per_day: Decimal
    ome_mg_per_day: Decimal
    administrations: tuple[Administration, ...]
    supply: tuple[SupplyLine, ...]
    note: str = ""

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


@dataclass(frozen=True)
class TaperPlan:
    table: ConversionTable
    starting_ome_mg_per_day: Decimal | None
    steps: tuple[TaperStep, ...]
    warnings: tuple[EngineWarning, ...] = field(default=())

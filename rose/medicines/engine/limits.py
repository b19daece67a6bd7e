"""Licensed daily maxima and plausibility ceilings as data (``data/dose-limits-<version>.json``).

Above a drug's licensed adult maximum a regimen gets an ``above-licensed-maximum`` warning that
cites the source; above its plausibility ceiling (a dose no adult is prescribed for pain, for
example mg typed for micrograms) the request is refused. Amounts add up over every item of the
drug, so co-codamol and codeine tablets count together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from .formulary import DATA_DIR
from .types import EngineWarning, Regimen, RegimenItem

DEFAULT_LIMITS = DATA_DIR / "dose-limits-2026.1.json"


@dataclass(frozen=True)
class DrugLimit:
    drug: str
    route: str
    release: str | None
    licensed_max_mg_per_day: Decimal
    plausibility_ceiling_mg_per_day: Decimal
    source: str
    verified_on: str

    def matches(self, item: RegimenItem) -> bool:
        if item.drug != self.drug or item.route != self.route:
            return False
        return self.release is None or item.release == self.release

    @property
    def what(self) -> str:
        release = f" {self.release}-release" if self.release else ""
        return f"{self.drug}{release} ({self.route})"


@dataclass(frozen=True)
class PartnerLimit:
    drug: str
    licensed_max_mg_per_day: Decimal
    licensed_max_mg_per_dose: Decimal
    source: str
    verified_on: str


@dataclass(frozen=True)
class DoseLimits:
    version: str
    drugs: tuple[DrugLimit, ...]
    partners: tuple[PartnerLimit, ...]

    def daily_mg(self, limit: DrugLimit, regimen: Regimen) -> Decimal:
        return sum(
            (i.mg_per_day or Decimal(0) for i in regimen.items if limit.matches(i)), Decimal(0)
        )

    def _relevant(self, regimen: Regimen) -> list[DrugLimit]:
        """The limits for drugs in the regimen (in table order): the others sum to nothing."""
        present = {item.drug for item in regimen.items}
        return [limit for limit in self.drugs if limit.drug in present]

    def implausible(self, regimen: Regimen) -> list[str]:
        """Plain-English reasons the regimen cannot be right (each drug over its ceiling)."""
        reasons = []
        for limit in self._relevant(regimen):
            daily = self.daily_mg(limit, regimen)
            if daily > limit.plausibility_ceiling_mg_per_day:
                reasons.append(
                    f"{_mg(daily)} mg of {limit.what} a day is implausible (over "
                    f"{_mg(limit.plausibility_ceiling_mg_per_day)} mg); check the dose was not "
                    "typed in mg instead of micrograms"
                )
        return reasons

    def warnings(self, regimen: Regimen) -> list[EngineWarning]:
        """An ``above-licensed-maximum`` warning for each drug (or partner) over its maximum."""
        found = []
        for limit in self._relevant(regimen):
            daily = self.daily_mg(limit, regimen)
            if limit.licensed_max_mg_per_day < daily <= limit.plausibility_ceiling_mg_per_day:
                found.append(_above(limit.what, daily, limit.licensed_max_mg_per_day, limit.source))
        for partner in self.partners:
            found += self._partner_warnings(partner, regimen)
        return found

    def _partner_warnings(self, partner: PartnerLimit, regimen: Regimen) -> list[EngineWarning]:
        daily, largest = Decimal(0), Decimal(0)
        for item in regimen.items:
            product = item.product
            if product is None or product.partner is None or product.partner.drug != partner.drug:
                continue
            per_unit = product.partner.mg
            daily += per_unit * (item.mg_per_day or Decimal(0)) / (product.strength_mg or 1)
            doses = [d.mg for d in item.doses] or ([item.dose_mg] if item.dose_mg else [])
            for dose in doses:
                largest = max(largest, per_unit * dose / (product.strength_mg or 1))
        found = []
        if daily > partner.licensed_max_mg_per_day:
            found.append(
                _above(partner.drug, daily, partner.licensed_max_mg_per_day, partner.source)
            )
        if largest > partner.licensed_max_mg_per_dose:
            found.append(
                EngineWarning(
                    "above-licensed-maximum",
                    f"A single dose gives {_mg(largest)} mg of {partner.drug}, above the licensed "
                    f"maximum of {_mg(partner.licensed_max_mg_per_dose)} mg a dose "
                    f"(source: {partner.source}).",
                )
            )
        return found


def _above(what: str, daily: Decimal, maximum: Decimal, source: str) -> EngineWarning:
    return EngineWarning(
        "above-licensed-maximum",
        f"The regimen gives {_mg(daily)} mg of {what} a day, above the licensed adult maximum "
        f"of {_mg(maximum)} mg a day (source: {source}). Check the dose before planning.",
    )


def _mg(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _drug(row: dict[str, Any]) -> DrugLimit:
    return DrugLimit(
        drug=row["drug"],
        route=row["route"],
        release=row.get("release"),
        licensed_max_mg_per_day=Decimal(row["licensed_max_mg_per_day"]),
        plausibility_ceiling_mg_per_day=Decimal(row["plausibility_ceiling_mg_per_day"]),
        source=row["source"],
        verified_on=row["verified_on"],
    )


def _partner(row: dict[str, Any]) -> PartnerLimit:
    return PartnerLimit(
        drug=row["drug"],
        licensed_max_mg_per_day=Decimal(row["licensed_max_mg_per_day"]),
        licensed_max_mg_per_dose=Decimal(row["licensed_max_mg_per_dose"]),
        source=row["source"],
        verified_on=row["verified_on"],
    )


def load_limits(path: Path | str | None = None) -> DoseLimits:
    """Load the dose-limits file (the packaged default when ``path`` is None)."""
    with open(path or DEFAULT_LIMITS, encoding="utf-8") as handle:
        document = json.load(handle)
    return DoseLimits(
        version=str(document["version"]),
        drugs=tuple(_drug(r) for r in document["limits"]),
        partners=tuple(_partner(r) for r in document["partners"]),
    )


@lru_cache(maxsize=1)
def default_limits() -> DoseLimits:
    """The packaged dose limits, loaded once per process."""
    return load_limits()

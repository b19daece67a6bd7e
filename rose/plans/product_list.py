"""Product names the consultation form offers (the formulary in force, by its public names)."""

from __future__ import annotations

from functools import lru_cache

from rose.medicines.engine import default_formulary


@lru_cache(maxsize=1)
def product_names() -> list[str]:
    return sorted(product.name for product in default_formulary().products)

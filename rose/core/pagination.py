"""A paginator whose count stops at a bound, so a list page costs the same at 1,000 or 1,000,000 rows.

Django's Paginator counts every matching row (`SELECT COUNT(*)`) on each page, which grows with the
data. A team list never needs to say more than "over 1,000": past that the user filters. The count
reads at most `limit + 1` primary keys; pages past the bound are not offered (their OFFSET would
grow too), and `count_text` says "more than 1,000".
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property

DEFAULT_LIMIT = 1000


class BoundedPaginator(Paginator):
    def __init__(self, object_list: Any, per_page: int, *, limit: int = DEFAULT_LIMIT, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def more(self) -> bool:
        """True when more rows match than the bound: the count shown is then the bound."""
        return self._bounded_count > self.limit

    @cached_property
    def _bounded_count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "values_list"):
            return len(rows.values_list("pk", flat=True)[: self.limit + 1])
        return min(len(rows), self.limit + 1)

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.limit)

    @property
    def count_text(self) -> str:
        return f"More than {self.limit:,}" if self.more else f"{self.count:,}"

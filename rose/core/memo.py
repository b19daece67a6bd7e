"""Work shared within one request, never across requests.

Several panels on one page may need the same rows (the patient page's referral panel and plan panel
both show the latest referral). `per_request(request, key, load)` runs `load()` the first time a key
is asked for during a request and hands the same answer to every later caller in that request. The
memo lives on the request object, so it ends with the request: nothing is kept between requests or
users, and a page that changes data and then reads it again must not use it (the panels only read).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.http import HttpRequest

T = TypeVar("T")

_ATTRIBUTE = "_rose_memo"


def per_request(request: HttpRequest, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s answer for `key`, computed at most once during this request."""
    memo: dict[Hashable, Any] | None = getattr(request, _ATTRIBUTE, None)
    if memo is None:
        memo = {}
        setattr(request, _ATTRIBUTE, memo)
    if key not in memo:
        memo[key] = load()
    answer: T = memo[key]
    return answer

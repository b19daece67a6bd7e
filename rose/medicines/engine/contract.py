"""The JSON contract: strict request parsing and JSON-ready responses.

Parsing turns untrusted JSON-like objects into engine types or raises
``ContractError`` listing every problem with the field path and a
plain-English message. No other exception may escape ``parse_*`` (this is
fuzz-tested). Field names are fixed: extend, never rename.

This module is the public face; the work is split by concept:
``validation`` (error collection), ``contract_regimen`` (regimens), ``contract_items`` (items),
``contract_taper`` (taper requests) and ``responses`` (serialisation).
"""

from __future__ import annotations

from .contract_items import DEFAULT_TIMES, patches_for_rate
from .contract_regimen import ItemParser, parse_ome_request
from .contract_taper import parse_taper_request
from .responses import number, ome_response, taper_response
from .validation import ContractError

__all__ = [
    "DEFAULT_TIMES",
    "ContractError",
    "ItemParser",
    "number",
    "ome_response",
    "parse_ome_request",
    "parse_taper_request",
    "patches_for_rate",
    "taper_response",
]

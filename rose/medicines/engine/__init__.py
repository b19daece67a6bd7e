"""ROSE dose engine: pure-Python, exact (Decimal) opioid calculations.

No Django imports here: the engine is data in, data out, so it can be tested
exhaustively and reviewed by a pharmacist without the web application.

Public API:
    load_formulary, Formulary           - products as data (formulary.py)
    load_tables, TableSet               - conversion tables as data (tables.py)
    calculate_ome                       - OME per item and total, with warnings (ome.py)
    plan_taper                          - dated, rounded taper plans (taper.py)
    parse_ome_request, parse_taper_request, ome_response, taper_response,
    ContractError                       - the JSON contract (contract.py)
    ome_csv_stream, BatchStats          - streaming CSV batch mode (batch.py)
"""

from .batch import BatchStats, ome_csv_stream
from .contract import (
    ContractError,
    ome_response,
    parse_ome_request,
    parse_taper_request,
    taper_response,
)
from .formulary import Formulary, default_formulary, load_formulary
from .ome import calculate_ome
from .tables import TableSet, default_tables, load_tables
from .taper import plan_taper

__all__ = [
    "BatchStats",
    "ContractError",
    "Formulary",
    "TableSet",
    "calculate_ome",
    "default_formulary",
    "default_tables",
    "load_formulary",
    "load_tables",
    "ome_csv_stream",
    "ome_response",
    "parse_ome_request",
    "parse_taper_request",
    "plan_taper",
    "taper_response",
]

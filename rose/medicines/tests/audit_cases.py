"""Audit walk cases: the medicines app has no view that shows patient data (the calculator and
the API take no patient identifiers), so there is nothing to walk."""

CASES: dict = {}

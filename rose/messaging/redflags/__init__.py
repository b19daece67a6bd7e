"""Red-flag texts: the detector (rules with negation scope and fuzzy spelling), its corpus and figures."""

from rose.messaging.redflags.detector import (
    CATEGORY_LABELS,
    RedFlag,
    RedFlagResult,
    normalise,
    red_flag_check,
    red_flag_scan,
)


def describe_categories(categories: list[str]) -> str:
    """Plain words for the nurse: "possible overdose; breathing problem"."""
    return "; ".join(CATEGORY_LABELS.get(code, code.replace("_", " ")) for code in categories) or "red flag"


__all__ = ["CATEGORY_LABELS", "RedFlag", "RedFlagResult", "describe_categories", "normalise", "red_flag_check",
           "red_flag_scan"]

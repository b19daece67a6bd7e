"""Red-flag texts: the detector (rules with negation scope and fuzzy spelling), its corpus and figures."""

from rose.messaging.redflags.detector import RedFlag, normalise, red_flag_check

__all__ = ["RedFlag", "normalise", "red_flag_check"]

"""Red-flag texts: the rules (negation scope, fuzzy spelling) and, beside them, a small text classifier.

`red_flag_scan` is what the service uses (inbound texts, `manage.py redflags`): the rules' flags, and when the
rules find nothing, one flag from the text classifier if its probability reaches `model.THRESHOLD` (issue 14:
the method was chosen on sets nobody had tuned on; the figures are in docs/messaging.md). `rules_scan` and
`red_flag_check` are the rules alone (the rules' own tests and benches use them).
"""

import logging
import re
import threading

from rose.messaging.redflags.detector import (
    CATEGORY_LABELS,
    RedFlag,
    RedFlagResult,
    normalise,
    red_flag_check,
)
from rose.messaging.redflags.detector import red_flag_scan as rules_scan
from rose.messaging.redflags.model import CLASSIFIER_MATCHED, combined_scan

logger = logging.getLogger(__name__)

# The classifier reads only texts of at least two words (of two or more letters): a bare number ("42", an
# out-of-range check-in answer), "ok" or an emoji has nothing it can judge, and numbers are what many
# overdose texts share, so alone they read as urgent. The rules still read every text.
CLASSIFIER_MIN_WORDS = 2
_WORD = re.compile(r"[^\W\d_]{2,}")


def red_flag_scan(text: str) -> RedFlagResult:
    """Every red flag the rules find; when they find none, the classifier's flag if it reaches its threshold."""
    if len(_WORD.findall(text or "")) < CLASSIFIER_MIN_WORDS:
        return rules_scan(text)
    try:
        return combined_scan(text)
    except Exception as error:  # noqa: BLE001 - the classifier failing must never lose the text or the rules' answer
        # The error's type only: a message or traceback could quote the patient's words.
        logger.error("Red-flag text classifier failed (%s); the rules' answer stands", type(error).__name__)
        return rules_scan(text)


def describe_categories(categories: list[str]) -> str:
    """Plain words for the nurse: "possible overdose; breathing problem"."""
    return "; ".join(CATEGORY_LABELS.get(code, code.replace("_", " ")) for code in categories) or "red flag"


def from_classifier(result: RedFlagResult) -> bool:
    """True when the flag came from the text classifier (the rules found nothing)."""
    return bool(result.flags) and all(flag.matched.startswith(CLASSIFIER_MATCHED) for flag in result.flags)


def warm_in_background() -> threading.Thread:
    """Train the classifier now, in a daemon thread, so the first text a process reads is not kept waiting
    (training takes about 5 s of CPU; gunicorn's post_worker_init calls this)."""
    from rose.messaging.redflags.model import scorer

    thread = threading.Thread(target=scorer, name="redflag-classifier-warm", daemon=True)
    thread.start()
    return thread


__all__ = [
    "CATEGORY_LABELS",
    "CLASSIFIER_MIN_WORDS",
    "RedFlag",
    "RedFlagResult",
    "describe_categories",
    "from_classifier",
    "normalise",
    "red_flag_check",
    "red_flag_scan",
    "rules_scan",
    "warm_in_background",
]

"""Red-flag replies: the maintained list of phrases and patterns (with common misspellings) that
make a text urgent, and the negation rule that stops "no chest pain" raising an alarm.

Rules are regular expressions over a normalised text (lower case, letters repeated 3 or more
times cut to 2, "can't"/"cant"/"cannot" made one form). A match is ignored when a negating word
stands in the 3 words before it within the same clause ("no", "not", "never", "without", ...),
unless the rule itself already contains the negation ("don't want to live").
Misses and false alarms on the test set are in docs/messaging.md; the hazard log (HAZ-MSG-01)
says what controls the misses. Add a phrase: add a pattern here and phrasings to
rose/messaging/tests/redflag_cases.py, run the tests, update the figures in docs/messaging.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ME = r"(?:my ?self|me)"
RULES: dict[str, list[str]] = {
    "suicide": [
        r"\bsu[iu]?[cs]{1,2}[iy]?d(?:e|al|ing|es)?\b",  # suicide, suicidal, sucide, suiside, suicdal
        r"\bsuicid\w*", r"\bsucid\w*",
        r"\b(?:kill|kil|killing|end|ending|top|topping|off) ?my ?self\b", r"\bkms\b",
        r"\b(?:end|ending) (?:it all|my life|things|it)\b", r"\btake my (?:own )?life\b",
        r"\b(?:want|wanna|wish|going|gonna) (?:to )?(?:die|be dead)\b", r"\bwish i (?:was|were) dead\b",
        r"\bbetter off dead\b", r"\bbetter off without me\b",
        r"\b(?:dont|do not|no longer|dont really) want to (?:live|be alive|be here|go on|wake up)\b",
        r"\b(?:no|not any) (?:point|reason) (?:in |to )?(?:living|going on|carrying on|carry on|go on|being alive)\b",
        r"\bnot worth living\b", r"\bcant go on\b", r"\bcant (?:do|take) (?:this|it) any ?more\b",
        rf"\b(?:hang|hanging) {_ME}\b", r"\bjump (?:off|in front)\b", r"\blife (?:isnt|is not) worth\b",
    ],
    "self_harm": [
        r"\bself[ -]?harm\w*", r"\bselfharm\w*",
        rf"\b(?:cut|cutting|cuting|hurt|hurting|harm|harming|burn|burning|burnt) {_ME}\b",
        rf"\b(?:cut|hurt|harmed|burnt) {_ME}\b",
    ],
    "overdose": [
        r"\bover ?dos(?:e|ed|ing|es)?\b", r"\boverdoze\w*", r"\bod(?:d|ed|'d)?\b(?! ?team)",
        r"\b(?:took|taken|take|taking|swallowed|had) (?:all|the whole|a whole|a full|whole) "
        r"(?:my |of my |the )?(?:pills|tablets|tabs|meds|medication|packet|box|bottle|patches)\b",
        r"\btoo many (?:pills|tablets|tabs|meds|patches|painkillers)\b",
        r"\b(?:took|taken|take|taking|had) (?:loads|lots|a load|a lot) (?:of )?(?:pills|tablets|tabs|meds)\b",
        r"\b(?:took|taken|had|swallowed) (?:[1-9]\d|\d{3,}) (?:\w+ )?(?:pills|tablets|tabs|capsules)\b",
        r"\bnecked (?:the lot|all|them all|the packet|the box)\b",
    ],
    "extra_doses": [
        r"\b(?:took|taken|take|taking|had|have had) (?:an? )?(?:extra|double|doubled|more|another) "
        r"(?:dose|doses|tablets?|pills?|tabs?|patch|patches|morphine|oxy\w*|codeine|tramadol|fentanyl)\b",
        r"\bdoubled? (?:up|my dose|the dose)\b", r"\btook (?:\w+ )?(?:doses|lots) (?:at once|together)\b",
        r"\bmore than (?:i should|prescribed|my dose|the dose|i was told|im meant)\b",
        r"\b(?:extra|double) doses?\b",
    ],
    "breathing": [
        r"\b(?:cant|struggling to|struggle to|trouble|difficulty|hard to|problems?|finding it hard to) ?"
        r"(?:breath|breathe|breathing|breth|brethe)\b",
        r"\bbreath(?:ing)? (?:is )?(?:difficult|slow|shallow|weird|funny|bad)\b",
        r"\b(?:short|shortness) of breath\b", r"\bbreathless\w*", r"\bout of breath\b",
        r"\b(?:stopped|not|isnt|wasnt) breathing\b", r"\bblue lips\b", r"\blips (?:are |went |gone )?blue\b",
        r"\bgasping\b", r"\bcant get (?:my )?breath\b",
    ],
    "chest_pain": [
        r"\bche?st (?:pain|pains|hurts|hurting|is tight|tight\w*|ache)\b", r"\bpains? in (?:my |the )?chest\b",
        r"\btight(?:ness)? (?:in )?(?:my |the )?chest\b", r"\bheart attack\b", r"\bcrushing\b",
        r"\bchest (?:feels )?(?:heavy|tight|crushed)\b",
    ],
    "severe_withdrawal": [
        r"\b(?:severe|bad|awful|terrible|horrendous|horrible|really bad|unbearable|extreme) "
        r"(?:withdrawal|withdrawals|withdrawl|withdrawls|withdrawel|rattle|rattling|clucking)\b",
        r"\b(?:withdrawal|withdrawals|withdrawl|withdrawls)s? (?:is |are )?"
        r"(?:unbearable|awful|terrible|so bad|killing)",
        r"\brattling\b", r"\bclucking\b",
        r"\bcant stop (?:shaking|vomiting|being sick|throwing up|sweating|diarrh\w*)\b",
        r"\b(?:seizure|seizures|fitting|convulsing|convulsions)\b", r"\bhad a fit\b",
        r"\bhallucinat\w*", r"\bseeing things\b",
    ],
    "collapse": [
        r"\bcollaps\w*", r"\bpassed out\b", r"\bpassing out\b", r"\bunconscious\b", r"\bunresponsive\b",
        r"\bcant (?:wake|stay awake|keep my eyes open)\b", r"\bwont wake\b", r"\bfainted\b", r"\bblacked out\b",
    ],
}

NEGATORS = {"no", "not", "never", "without", "nor", "none", "dont", "didnt", "doesnt", "isnt", "arent", "wasnt",
            "havent", "hasnt", "hadnt", "wont", "wouldnt", "denies", "neither", "nothing", "stopped"}
_CLAUSE_BREAK = re.compile(r"[.,;!?\n]|\bbut\b|\bthough\b|\bhowever\b|\balthough\b")
_COMPILED = {name: [re.compile(p) for p in patterns] for name, patterns in RULES.items()}
_NEGATED_RULE = re.compile(r"\b(?:dont|do not|no|not|cant|isnt|wasnt|stopped)\b")


@dataclass(frozen=True)
class RedFlag:
    rule: str
    matched: str


def normalise(text: str) -> str:
    text = (text or "").lower().replace("’", "'").replace("`", "'")
    text = re.sub(r"\b(can ?not|can't|cant|carnt|cnt|cnt')(?=\W|$)", "cant", text)
    text = re.sub(r"n't\b", "nt", text)
    text = text.replace("'", "")
    text = re.sub(r"(\w)\1{2,}", r"\1\1", text)  # "sooooo" -> "soo"
    text = re.sub(r"[^\w\s.,;!?]", " ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _negated(text: str, start: int, matched: str) -> bool:
    if _NEGATED_RULE.search(matched):
        return False  # the rule itself carries the negation ("dont want to live", "not breathing")
    before = text[:start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = clause.split()[-3:]
    return any(word in NEGATORS for word in words)


def red_flag_check(text: str) -> RedFlag | None:
    """The first red flag in a text, or None."""
    norm = normalise(text)
    for rule, patterns in _COMPILED.items():
        for pattern in patterns:
            for match in pattern.finditer(norm):
                if not _negated(norm, match.start(), match.group(0)):
                    return RedFlag(rule=rule, matched=match.group(0))
    return None

"""Figures for the red-flag detector on the labelled corpus, per split and per kind of text.

Sensitivity: urgent texts flagged (any category) / urgent texts. False alarms: benign texts
flagged / benign texts. "Explicit" counts only urgent texts whose meaning is in plain words.
Used by bench/bench_redflags.py (the tables in docs/messaging.md) and by the tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rose.messaging.redflags.detector import red_flag_scan

CORPUS = Path(__file__).with_name("corpus") / "corpus.jsonl"
SPLITS = ("dev", "test", "test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9", "test10",
          "test11", "test12", "test13",
          "test14", "test15", "test16")

# The newest held-out set, written after the last rule change. Its two misses ("doubled my tramadol",
# "took more than the prescribed dose") later led to two general rules (a patient doubling their own
# medicine; more than the prescribed or usual dose), so it is no longer strictly untuned: the newest
# unseen estimate is the lead's spot check below (SPOT_CHECK), scored once before any change.
UNTUNED = "test16"

# The lead's spot checks, tab-separated: urgent (1/0), category, explicit (1/0), text. Each was written
# after the last rule change of its time and scored once before anything was changed for it; the
# figures are (flagged, total) for urgent, explicit and benign texts. The first (106 texts) was then
# tuned on (a way of dying named, affairs arranged "after I've gone", "N of my X instead of 1", loud
# snoring alone, asthma, "die laughing"); the second (96 texts) never has been: it is the unseen estimate.
#
# Issue 14's next round (s21) added three more, in the same format, each scored once before any change for it:
# - spotcheck_s21_classes.tsv (91 texts): the classes the round set out to fix (doses counted over time,
#   self-injury other than cutting, ways of dying, seizure words, number words, indirect farewells, past
#   self-harm that is over) and their look-alikes, written before any rule changed; then tuned on.
# - spotcheck_s21_dev.tsv (320 texts): written by another helper without seeing the detector. Its first
#   score here is against the detector at commit 2b3b501 (before this round): 129/200, explicit 103/140,
#   6/120 benign. (The writer's own first score, 145/200, explicit 114/140, 6/120, was taken while the
#   first counted-dose rules of this round were already in the shared working tree.) Then tuned on.
# - spotcheck_s21_fresh.tsv (100 texts): written after the class rules, scored once (53/60, explicit 4/4,
#   0/40), then its five open classes were fixed.
# - spotcheck_s21_fresh2.tsv (100 texts, 40 of them adversarial look-alikes): written after that, scored once
#   (54/60, explicit 3/3, 6/40 false alarms, all six from older rules), then its classes were fixed.
# - spotcheck_s21_fresh3.tsv (100 texts, half adversarial look-alikes; explicit wording not marked): written
#   after that, scored once (43/50, 8/50 false alarms, seven of them from older rules), then its classes fixed.
# - spotcheck_s21_fresh4.tsv (99 texts, explicit wording not marked): written after that, scored once (43/50,
#   6/49 false alarms), then its classes fixed.
# - spotcheck_s21_fresh5.tsv (100 texts in carers', elderly and teenage voices, explicit wording not marked):
#   written after that, scored once (39/50, 7/50 false alarms), then its classes fixed.
# - spotcheck_s21_final.tsv (99 texts, 49 of them adversarial look-alikes): written after every other change of
#   the round, scored once (46/50, explicit 3/3, 7/49 false alarms), then its classes fixed as well.
# - spotcheck_s21_explicit.tsv (60 texts): plain wording and negated look-alikes, scored once (44/45, 0/15),
#   then "slit my wrists" was added.
# - spotcheck_s21_fresh6.tsv (70 texts: text speak, misspellings, long messages): scored once (35/40, 1/30).
# - heldout_s21_B.tsv (320 texts) and heldout_s21_D.tsv (300 texts): the lead's held-out sets, by two writers who
#   never saw the detector, written before the round's rule changes and scored once on its final detector
#   (commit 03b2749): B 181/201 (90.0%), explicit 95/95, 4/119 false alarms; D 152/187 (81.3%), explicit
#   119/138, 4/113; pooled 333/388 (85.8%), explicit 214/233 (91.8%), false alarms 8/232 (3.4%). That is the
#   round's unseen estimate. Their open classes (breathing counted or effortful, vomiting blood or without end,
#   new confusion, falls with a head-injury sign, not rousable, indirect suicide, self-harm relapse, a dose
#   given again, allergic swelling) and false-alarm classes (a past event plainly over, a question about a thing
#   not done, everyday hyperbole, "my dose has been cut", "took the right dose") were then fixed as rules.
# None of the s21 sets is unseen any more, and no set written after the last rule change exists yet.
#
# Session 22 added two more, each by a writer who never saw the detector, in the same format:
# - spotcheck_s22_H1.tsv (320 texts): first scored with the rules at commit 0c33abf (151/200, explicit 106/110, 7/120
#   false alarms), then its open classes (indirect wording: images of weight for chest pain, breathing described,
#   self-harm habits, withdrawal hallucinations, falls in slang, ...) and false-alarm classes were fixed as rules.
# - spotcheck_s22_D5.tsv (300 texts): scored once before any change (at 0c33abf: 159/250, explicit 93/96, 3/50), then
#   with H1's classes in (172/250, 94/96, 3/50: H1's fixes generalised weakly), then its classes were fixed too.
# - spotcheck_s22_H2.tsv, _D6.tsv, _D7.tsv and _D8.tsv (320, 300, 300 and 300 texts), by four more writers who never
#   saw the detector; nobody working on the rules or the classifier opened them. Scored with the session's final
#   rules (45d4a13) and, to choose the method, the rules OR the text classifier (docs/messaging.md, "Decision
#   (session 22)"); committed untuned, so their figures now are their first figures (rules alone below).
# Across the seven sets
# written after rule changes (fresh to fresh6 and final), first scores were 78.0% to 92.0% sensitivity
# (313/360 pooled, 86.9%) with 0% to 16% false alarms on deliberately adversarial look-alikes (35/308, 11.4%).
SPOT_CHECKS = {
    "spotcheck_lead.tsv": ((67, 70), (18, 18), (4, 36)),
    "spotcheck_lead2.tsv": ((56, 60), (13, 13), (0, 36)),
    "spotcheck_s21_classes.tsv": ((29, 59), (5, 5), (2, 32)),
    "spotcheck_s21_dev.tsv": ((129, 200), (103, 140), (6, 120)),
    "spotcheck_s21_fresh.tsv": ((53, 60), (4, 4), (0, 40)),
    "spotcheck_s21_fresh2.tsv": ((54, 60), (3, 3), (6, 40)),
    "spotcheck_s21_fresh3.tsv": ((43, 50), (0, 0), (8, 50)),
    "spotcheck_s21_fresh4.tsv": ((43, 50), (0, 0), (6, 49)),
    "spotcheck_s21_fresh5.tsv": ((39, 50), (0, 0), (7, 50)),
    "spotcheck_s21_final.tsv": ((46, 50), (3, 3), (7, 49)),
    "spotcheck_s21_explicit.tsv": ((44, 45), (44, 45), (0, 15)),
    "spotcheck_s21_fresh6.tsv": ((35, 40), (0, 0), (1, 30)),
    "heldout_s21_B.tsv": ((181, 201), (95, 95), (4, 119)),
    "heldout_s21_D.tsv": ((152, 187), (119, 138), (4, 113)),
    "spotcheck_s22_H1.tsv": ((151, 200), (106, 110), (7, 120)),
    "spotcheck_s22_D5.tsv": ((159, 250), (93, 96), (3, 50)),
    "spotcheck_s22_H2.tsv": ((163, 200), (97, 102), (4, 120)),
    "spotcheck_s22_D6.tsv": ((156, 200), (96, 104), (7, 100)),
    "spotcheck_s22_D7.tsv": ((175, 240), (69, 72), (5, 60)),
    "spotcheck_s22_D8.tsv": ((185, 220), (106, 110), (5, 80)),
}
# The same sets as the rules stand now (after the s21 round; the s22 sets after s22's classes); a change that loses
# any of these fails the tests.
SPOT_CHECKS_NOW = {
    "spotcheck_lead.tsv": ((70, 70), (18, 18), (0, 36)),
    "spotcheck_lead2.tsv": ((60, 60), (13, 13), (0, 36)),
    "spotcheck_s21_classes.tsv": ((58, 59), (5, 5), (0, 32)),
    "spotcheck_s21_dev.tsv": ((200, 200), (140, 140), (0, 120)),
    "spotcheck_s21_fresh.tsv": ((60, 60), (4, 4), (0, 40)),
    "spotcheck_s21_fresh2.tsv": ((60, 60), (3, 3), (0, 40)),
    "spotcheck_s21_fresh3.tsv": ((50, 50), (0, 0), (0, 50)),
    "spotcheck_s21_fresh4.tsv": ((50, 50), (0, 0), (0, 49)),
    "spotcheck_s21_fresh5.tsv": ((50, 50), (0, 0), (0, 50)),
    "spotcheck_s21_final.tsv": ((50, 50), (3, 3), (0, 49)),
    "spotcheck_s21_explicit.tsv": ((45, 45), (45, 45), (0, 15)),
    "spotcheck_s21_fresh6.tsv": ((40, 40), (0, 0), (0, 30)),
    "heldout_s21_B.tsv": ((201, 201), (95, 95), (0, 119)),
    "heldout_s21_D.tsv": ((187, 187), (138, 138), (0, 113)),
    "spotcheck_s22_H1.tsv": ((200, 200), (110, 110), (0, 120)),
    "spotcheck_s22_D5.tsv": ((249, 250), (96, 96), (0, 50)),
    "spotcheck_s22_H2.tsv": ((163, 200), (97, 102), (4, 120)),
    "spotcheck_s22_D6.tsv": ((156, 200), (96, 104), (7, 100)),
    "spotcheck_s22_D7.tsv": ((175, 240), (69, 72), (5, 60)),
    "spotcheck_s22_D8.tsv": ((185, 220), (106, 110), (5, 80)),
}
SPOT_CHECK_DIR = Path(__file__).with_name("corpus")

# Held-out sets written before the rules were tuned on them; their figures are pooled in the tables.
EARLIER_HELD_OUT = ("test", "test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9")

# First figures of each new held-out set, recorded before any rule was changed for it (texts as written;
# the corpus drops a text already in an earlier set). (flagged, total) for urgent, explicit, benign.
# "before" is the detector as it stood at the start of issue 14's last round (commit a025495).
FIRST_MEASURED: dict[str, dict[str, tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]] = {
    "test10": {"before": ((209, 237), (103, 112), (8, 118)), "first": ((209, 237), (103, 112), (8, 118))},
    "test11": {"before": ((115, 125), (63, 70), (3, 49)), "first": ((120, 125), (68, 70), (2, 49))},
    "test12": {"before": ((116, 134), (62, 74), (7, 52)), "first": ((126, 134), (71, 74), (1, 52))},
    "test13": {"before": ((112, 130), (62, 72), (6, 51)), "first": ((120, 130), (69, 72), (1, 51))},
    "test14": {"before": ((117, 131), (61, 71), (5, 51)), "first": ((127, 131), (70, 71), (0, 51))},
    "test15": {"before": ((114, 129), (62, 72), (6, 51)), "first": ((122, 129), (70, 72), (1, 51))},
    "test16": {"before": ((118, 129), (61, 71), (6, 51)), "first": ((127, 129), (69, 71), (0, 51))},
}


def load_spot_check(name: str) -> list[tuple[bool, str, bool, str]]:
    """A spot check's rows: (urgent, category, explicit, text)."""
    lines = (SPOT_CHECK_DIR / name).read_text(encoding="utf-8").splitlines()
    return [(flag == "1", category, explicit == "1", text)
            for flag, category, explicit, text in (line.split("\t") for line in lines if line)]


def score_spot_check(name: str, flag: Callable[[str], bool] = lambda text: red_flag_scan(text).urgent,
                     ) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """(flagged, total) for urgent, explicit and benign texts, as in SPOT_CHECKS."""
    rows = load_spot_check(name)
    urgent = [(flag(text), explicit) for is_urgent, _, explicit, text in rows if is_urgent]
    benign = [flag(text) for is_urgent, _, _, text in rows if not is_urgent]
    return ((sum(hit for hit, _ in urgent), len(urgent)),
            (sum(hit for hit, explicit in urgent if explicit), sum(explicit for _, explicit in urgent)),
            (sum(benign), len(benign)))


def load_corpus(path: Path = CORPUS) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Tally:
    total: int = 0
    flagged: int = 0

    @property
    def rate(self) -> float:
        return self.flagged / self.total if self.total else 0.0


@dataclass
class SplitFigures:
    urgent: Tally = field(default_factory=Tally)
    explicit: Tally = field(default_factory=Tally)
    benign: Tally = field(default_factory=Tally)
    groups: dict[str, Tally] = field(default_factory=dict)
    benign_groups: dict[str, Tally] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)


def evaluate(rows: Iterable[dict[str, object]],
             flag: Callable[[str], bool] = lambda text: red_flag_scan(text).urgent) -> dict[str, SplitFigures]:
    figures: dict[str, SplitFigures] = {}
    for row in rows:
        split = figures.setdefault(str(row["split"]), SplitFigures())
        text, group = str(row["text"]), str(row["group"])
        flagged = flag(text)
        if row["urgent"]:
            tallies = [split.urgent, split.groups.setdefault(group, Tally())]
            if row["explicit"]:
                tallies.append(split.explicit)
            if not flagged:
                split.misses.append(text)
        else:
            tallies = [split.benign, split.benign_groups.setdefault(group, Tally())]
            if flagged:
                split.false_alarms.append(text)
        for tally in tallies:
            tally.total += 1
            tally.flagged += int(flagged)
    return figures

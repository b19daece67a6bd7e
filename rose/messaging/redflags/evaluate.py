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
          "test14")


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

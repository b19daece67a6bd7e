"""Red-flag detector: sensitivity and false alarms per split and per kind of text, and speed.

The corpus (rose/messaging/redflags/corpus/corpus.jsonl) holds a development set the rules were
written against and sixteen held-out sets, each measured once before being looked at (see
docs/messaging.md for the history). Prints Markdown tables for docs/messaging.md: the recorded
first figures of the newest sets, then every set as the rules stand now, per kind of text (the
older held-out sets test to test9 pooled in one column).

    .venv/bin/python bench/bench_redflags.py            # tables
    .venv/bin/python bench/bench_redflags.py --misses   # also list every miss and false alarm
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rose.messaging.redflags.detector import red_flag_scan
from rose.messaging.redflags.evaluate import (
    EARLIER_HELD_OUT,
    FIRST_MEASURED,
    SPLITS,
    SplitFigures,
    Tally,
    evaluate,
    load_corpus,
)


def pct(tally) -> str:
    return f"{100 * tally.rate:.1f}% ({tally.flagged}/{tally.total})" if tally.total else "-"


def ratio(pair: tuple[int, int]) -> str:
    return f"{100 * pair[0] / pair[1]:.1f}% ({pair[0]}/{pair[1]})"


def pooled(figures: dict[str, SplitFigures], names: tuple[str, ...]) -> SplitFigures:
    out = SplitFigures()
    for name in names:
        f = figures.get(name)
        if f is None:
            continue
        for mine, theirs in ((out.urgent, f.urgent), (out.explicit, f.explicit), (out.benign, f.benign)):
            mine.total += theirs.total
            mine.flagged += theirs.flagged
        for mine_groups, their_groups in ((out.groups, f.groups), (out.benign_groups, f.benign_groups)):
            for group, tally in their_groups.items():
                into = mine_groups.setdefault(group, Tally())
                into.total += tally.total
                into.flagged += tally.flagged
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    rows = load_corpus()
    figures = evaluate(rows)
    splits = [name for name in SPLITS if name in figures]
    print(f"Corpus: {len(rows)} texts; Python {platform.python_version()}\n")
    print("First figures of the newest held-out sets (recorded before any rule changed for them)\n")
    print("| Set | Detector | Sensitivity | Explicit wording | False alarms |")
    print("| --- | --- | --- | --- | --- |")
    for name, stages in FIRST_MEASURED.items():
        for stage, label in (("before", "before this round"), ("first", "when the set was written")):
            urgent, explicit, benign = stages[stage]
            print(f"| {name} | {label} | {ratio(urgent)} | {ratio(explicit)} | {ratio(benign)} |")
    print("\nEvery set now\n")
    print("| Set | Sensitivity | Explicit wording | False alarms |")
    print("| --- | --- | --- | --- |")
    for name in splits:
        f = figures[name]
        print(f"| {name} | {pct(f.urgent)} | {pct(f.explicit)} | {pct(f.benign)} |")
    columns = {"dev": figures.get("dev", SplitFigures()), "test-test9": pooled(figures, EARLIER_HELD_OUT)}
    columns.update({name: figures[name] for name in splits if name != "dev" and name not in EARLIER_HELD_OUT})
    groups = sorted({g for f in columns.values() for g in f.groups})
    print("\nSensitivity by kind of urgent text (now)\n")
    print("| Kind | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for group in groups:
        cells = [pct(f.groups[group]) if group in f.groups else "-" for f in columns.values()]
        print(f"| {group} | " + " | ".join(cells) + " |")
    benign = sorted({g for f in columns.values() for g in f.benign_groups})
    print("\nFalse alarms by kind of benign text (now)\n")
    print("| Kind | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for group in benign:
        cells = [pct(f.benign_groups[group]) if group in f.benign_groups else "-" for f in columns.values()]
        print(f"| {group} | " + " | ".join(cells) + " |")
    texts = [str(row["text"]) for row in rows]
    started = time.perf_counter()
    for text in texts:
        red_flag_scan(text)
    elapsed = time.perf_counter() - started
    print(f"\nSpeed: {len(texts)} texts in {elapsed:.2f} s "
          f"({1000 * elapsed / len(texts):.2f} ms a text, first run, spelling cache cold)")
    if args.misses:
        for name in splits:
            for text in figures[name].misses:
                print(f"MISS [{name}] {text}")
            for text in figures[name].false_alarms:
                print(f"FALSE ALARM [{name}] {text}")


if __name__ == "__main__":
    main()

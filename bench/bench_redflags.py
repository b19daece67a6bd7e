"""Red-flag detector: sensitivity and false alarms per split and per kind of text, and speed.

The corpus (rose/messaging/redflags/corpus/corpus.jsonl) holds a development set the rules were
written against and sixteen held-out sets, each measured once before being looked at (see
docs/messaging.md for the history). Prints Markdown tables for docs/messaging.md: the recorded
first figures of the newest sets, then every set as the rules stand now, per kind of text (the
older held-out sets test to test9 pooled in one column).

    .venv/bin/python bench/bench_redflags.py            # tables
    .venv/bin/python bench/bench_redflags.py --misses   # also list every miss and false alarm (spot checks too)
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
    SPOT_CHECKS,
    SplitFigures,
    Tally,
    evaluate,
    load_corpus,
    load_spot_check,
    score_spot_check,
)


def pct(tally) -> str:
    return f"{100 * tally.rate:.1f}% ({tally.flagged}/{tally.total})" if tally.total else "-"


def ratio(pair: tuple[int, int]) -> str:
    return f"{100 * pair[0] / pair[1]:.1f}% ({pair[0]}/{pair[1]})" if pair[1] else "-"


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
    print("\nSpot checks (tab-separated sets beside the corpus): first score, recorded before any change for the set, "
          "and now\n")
    print("| Set | Texts | First: sensitivity | explicit | false alarms | Now: sensitivity | explicit | false alarms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    spot_misses: list[str] = []
    for name, first in SPOT_CHECKS.items():
        now = score_spot_check(name)
        cells = [ratio(pair) for pair in (*first, *now)]
        print(f"| {name} | {now[0][1] + now[2][1]} | " + " | ".join(cells) + " |")
        for urgent, category, _, text in load_spot_check(name):
            if red_flag_scan(text).urgent != urgent:
                spot_misses.append(f"{'MISS' if urgent else 'FALSE ALARM'} [{name}] ({category}) {text}")
    categories = sorted({category for name in SPOT_CHECKS for _, category, _, _ in load_spot_check(name)})
    print("\nSpot checks now, by category (flagged / texts)\n")
    print("| Category | " + " | ".join(SPOT_CHECKS) + " |")
    print("| --- |" + " --- |" * len(SPOT_CHECKS))
    for category in categories:
        cells = []
        for name in SPOT_CHECKS:
            rows_of = [text for _, c, _, text in load_spot_check(name) if c == category]
            hits = sum(red_flag_scan(text).urgent for text in rows_of)
            cells.append(f"{hits}/{len(rows_of)}" if rows_of else "-")
        print(f"| {category} | " + " | ".join(cells) + " |")
    texts = [str(row["text"]) for row in rows]
    started = time.perf_counter()
    for text in texts:
        red_flag_scan(text)
    elapsed = time.perf_counter() - started
    print(f"\nSpeed: {len(texts)} texts in {elapsed:.2f} s "
          f"({1000 * elapsed / len(texts):.2f} ms a text, first run, spelling cache cold)")
    texts_warm = texts[::3]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for text in texts_warm:
            red_flag_scan(text)
        best = min(best, time.perf_counter() - started)
    print(f"Speed warm (spelling cache filled, best of 3 over {len(texts_warm)} texts): "
          f"{1e6 * best / len(texts_warm):.0f} microseconds a text")
    if args.misses:
        for line in spot_misses:
            print(line)
        for name in splits:
            for text in figures[name].misses:
                print(f"MISS [{name}] {text}")
            for text in figures[name].false_alarms:
                print(f"FALSE ALARM [{name}] {text}")


if __name__ == "__main__":
    main()

"""Red-flag detector: sensitivity and false alarms per split and per kind of text, and speed.

The corpus (rose/messaging/redflags/corpus/corpus.jsonl) holds a development set the rules were
written against and three held-out sets, each measured once before being looked at (see
docs/messaging.md for the history). Prints Markdown tables for docs/messaging.md.

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
from rose.messaging.redflags.evaluate import SPLITS, evaluate, load_corpus


def pct(tally) -> str:
    return f"{100 * tally.rate:.1f}% ({tally.flagged}/{tally.total})" if tally.total else "-"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    rows = load_corpus()
    figures = evaluate(rows)
    splits = [name for name in SPLITS if name in figures]
    print(f"Corpus: {len(rows)} texts; Python {platform.python_version()}\n")
    print("| Set | Sensitivity | Explicit wording | False alarms |")
    print("| --- | --- | --- | --- |")
    for name in splits:
        f = figures[name]
        print(f"| {name} | {pct(f.urgent)} | {pct(f.explicit)} | {pct(f.benign)} |")
    groups = sorted({g for f in figures.values() for g in f.groups})
    print("\nSensitivity by kind of urgent text\n")
    print("| Kind | " + " | ".join(splits) + " |")
    print("| --- |" + " --- |" * len(splits))
    for group in groups:
        cells = [pct(figures[s].groups[group]) if group in figures[s].groups else "-" for s in splits]
        print(f"| {group} | " + " | ".join(cells) + " |")
    benign = sorted({g for f in figures.values() for g in f.benign_groups})
    print("\nFalse alarms by kind of benign text\n")
    print("| Kind | " + " | ".join(splits) + " |")
    print("| --- |" + " --- |" * len(splits))
    for group in benign:
        cells = [pct(figures[s].benign_groups[group]) if group in figures[s].benign_groups else "-" for s in splits]
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

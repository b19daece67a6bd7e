"""Score a labelled TSV with (a) the rules alone and (b) the rules OR the text classifier at model.THRESHOLD.

    .venv/bin/python bench/score_redflag_sets.py new_set.tsv [more.tsv ...]

Use it on a new set written by someone who never saw the detector, once, before any change for it (issue 14).

TSV rows: urgent (1/0) <TAB> category <TAB> explicit (1/0) <TAB> text (a header or malformed row is skipped and
counted). Prints, for each of (a) and (b): urgent sensitivity, explicit sensitivity, false-alarm rate and the
sensitivity per labelled category (a text counts as caught when anything is flagged). Writes next to the TSV:
  <stem>.misses.a.txt, <stem>.false_alarms.a.txt   (rules alone)
  <stem>.misses.b.txt, <stem>.false_alarms.b.txt   (rules OR classifier)
each line: the classifier's probability, the labelled category, what was flagged (if anything), the text.
The classifier is trained here on the committed corpus minus any copy of a scored text (and minus a committed set
that is mostly the scored texts), so a set already in corpus/ is still scored as unseen by the classifier (not by
the rules, if they were tuned on it). THRESHOLD stays the committed one.
With several TSVs it also prints the pooled figures. Nothing in the repository is changed.
Options: --threshold T (score (b) at T instead of model.THRESHOLD), --main DIR (the checkout; default the one this
script is in).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path


def read_rows(path: Path) -> tuple[list[tuple[bool, str, bool, str]], int]:
    rows, skipped = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[0].strip() not in ("0", "1"):
            skipped += 1
            continue
        urgent, category, explicit, text = parts
        rows.append((urgent.strip() == "1", category.strip(), explicit.strip() == "1", text))
    return rows, skipped


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}% ({a}/{b})" if b else "- (0/0)"


def figures(rows, flagged) -> dict[str, object]:
    urgent = [f for (u, _, _, _), f in zip(rows, flagged, strict=True) if u]
    explicit = [f for (u, _, e, _), f in zip(rows, flagged, strict=True) if u and e]
    benign = [f for (u, _, _, _), f in zip(rows, flagged, strict=True) if not u]
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (u, category, _, _), f in zip(rows, flagged, strict=True):
        if u:
            per_category[category][0] += int(f)
            per_category[category][1] += 1
    return {"urgent": (sum(urgent), len(urgent)), "explicit": (sum(explicit), len(explicit)),
            "benign": (sum(benign), len(benign)), "per_category": dict(per_category)}


def report(name: str, label: str, fig: dict[str, object]) -> None:
    (u, nu), (e, ne), (b, nb) = fig["urgent"], fig["explicit"], fig["benign"]
    print(f"  {label}")
    print(f"    urgent sensitivity   {pct(u, nu)}")
    print(f"    explicit sensitivity {pct(e, ne)}")
    print(f"    false alarms         {pct(b, nb)}")
    cats = fig["per_category"]
    print("    per category: " + "; ".join(f"{c} {pct(*cats[c])}" for c in sorted(cats)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tsv", nargs="+", type=Path)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--main", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    sys.path.insert(0, str(args.main))

    from rose.messaging.redflags import model
    from rose.messaging.redflags.detector import red_flag_scan

    if args.threshold is not None:
        model.THRESHOLD = args.threshold
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.main, capture_output=True,
                            text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "rose/messaging/redflags"], cwd=args.main,
                           capture_output=True, text=True, check=False).stdout.strip()
    # The classifier trains at first use on the committed corpus. A scored text (or its whole set, when the set was
    # committed into the corpus) must not be in its training data: drop exact copies of every scored text, and any
    # corpus set that shares over a fifth of its texts with the files scored.
    import re as _re

    def key(text: str) -> str:
        return _re.sub(r"[^a-z0-9]", "", text.lower())

    scored = {key(text) for path in args.tsv for _, _, _, text in read_rows(path)[0]}
    examples = model.load_examples()
    by_set: dict[str, list[bool]] = defaultdict(list)
    for e in examples:
        by_set[e.set_name].append(key(e.text) in scored)
    dropped_sets = sorted(name for name, hits in by_set.items() if sum(hits) > 0.2 * len(hits))
    kept = [e for e in examples if e.set_name not in dropped_sets and key(e.text) not in scored]
    started = time.perf_counter()
    model._SCORER = model._Scorer(model.fit(kept))
    trained = time.perf_counter() - started
    print(f"classifier training data: {len(kept)} of {len(examples)} texts; left out {len(examples) - len(kept)} "
          f"(exact copies of scored texts{', and the sets ' + ', '.join(dropped_sets) if dropped_sets else ''})")
    modified = f" (redflags files modified: {dirty.replace(chr(10), ', ')})" if dirty else ""
    print(f"checkout {args.main} at {commit}{modified}; "
          f"classifier trained in {trained:.0f} s; THRESHOLD {model.THRESHOLD}; C {model.C_URGENT}; "
          f"everyday weight {model.EVERYDAY_WEIGHT}")

    pooled_rows: list[tuple[bool, str, bool, str]] = []
    pooled: dict[str, list[bool]] = {"a": [], "b": []}
    for path in args.tsv:
        rows, skipped = read_rows(path)
        results = {"a": [], "b": []}
        probabilities = []
        for _, _, _, text in rows:
            rules = red_flag_scan(text)
            combined = model.combined_scan(text)
            probabilities.append(model.scorer().scan(text)[0])
            results["a"].append(rules)
            results["b"].append(combined)
        print(f"\n{path} ({len(rows)} rows: {sum(r[0] for r in rows)} urgent, "
              f"{sum(r[0] and r[2] for r in rows)} explicit, {sum(not r[0] for r in rows)} benign; "
              f"{skipped} lines skipped)")
        for key, label in (("a", "(a) rules alone (detector.red_flag_scan)"),
                           ("b", f"(b) rules OR classifier (model.combined_scan, THRESHOLD {model.THRESHOLD})")):
            flagged = [r.urgent for r in results[key]]
            report(path.name, label, figures(rows, flagged))
            misses, alarms = [], []
            for (urgent, category, explicit, text), result, p in zip(rows, results[key], probabilities, strict=True):
                shown = "; ".join(f"{f.rule}: {f.matched}" for f in result.flags)
                line = f"{p:.2f}\t{category}{' (explicit)' if explicit else ''}\t{shown or '-'}\t{text}"
                if urgent and not result.urgent:
                    misses.append(line)
                if not urgent and result.urgent:
                    alarms.append(line)
            stem = path.with_suffix("")
            for kind, lines in (("misses", misses), ("false_alarms", alarms)):
                out = Path(f"{stem}.{kind}.{key}.txt")
                out.write_text("".join(f"{x}\n" for x in lines), encoding="utf-8")
                print(f"    {kind}: {len(lines)} -> {out}")
            pooled[key].extend(flagged)
        added = sum(b.urgent and not a.urgent for a, b in zip(results["a"], results["b"], strict=True))
        on_urgent = sum(b.urgent and not a.urgent and r[0]
                        for a, b, r in zip(results["a"], results["b"], rows, strict=True))
        print(f"  the classifier added {added} flags to the rules' ({on_urgent} on urgent texts)")
        pooled_rows.extend(rows)
    if len(args.tsv) > 1:
        print(f"\npooled over {len(args.tsv)} files ({len(pooled_rows)} rows)")
        report("pooled", "(a) rules alone", figures(pooled_rows, pooled["a"]))
        report("pooled", f"(b) rules OR classifier, THRESHOLD {model.THRESHOLD}", figures(pooled_rows, pooled["b"]))


if __name__ == "__main__":
    main()

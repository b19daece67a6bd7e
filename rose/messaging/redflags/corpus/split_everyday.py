"""Split the ordinary everyday replies (all benign) into a training part and a held-back test part.

    .venv/bin/python rose/messaging/redflags/corpus/split_everyday.py E.tsv

Deterministic: a text goes to the test part when the SHA-256 of its key (lower case, letters and digits only)
falls in 2 of 7 buckets; near copies (character 3-5-gram TF-IDF cosine >= 0.9, as in
bench/bench_redflags_model.py) are grouped first and follow the group's first key, so no text in the test part
has a near copy in the training part. Writes everyday_train.tsv and everyday_test.tsv next to this file.
everyday_test.tsv is never trained on and never used to choose the classifier's threshold (model.HELD_BACK).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
TEST_BUCKETS, BUCKETS = 2, 7
NEAR_COPY = 0.9


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def in_test(text: str) -> bool:
    return int(hashlib.sha256(key(text).encode()).hexdigest()[:8], 16) % BUCKETS < TEST_BUCKETS


def groups(texts: list[str]) -> list[int]:
    """Each text's group: the lowest index of the near copies it is joined to (union-find)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform([key(t) or t for t in texts])
    similar = (matrix @ matrix.T).tocoo()
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, value in zip(similar.row, similar.col, similar.data, strict=True):
        if i != j and value >= NEAR_COPY:
            a, b = root(int(i)), root(int(j))
            parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(len(texts))]


def main() -> None:
    lines = [line for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [line.split("\t") for line in lines]
    assert all(len(r) == 4 and r[0] == "0" for r in rows), "benign rows only: 0<TAB>benign<TAB>0<TAB>text"
    seen: set[str] = set()
    unique = []
    for row in rows:
        if key(row[3]) not in seen:
            seen.add(key(row[3]))
            unique.append(row)
    texts = [r[3] for r in unique]
    group = groups(texts)
    train: list[str] = []
    test: list[str] = []
    for row, g in zip(unique, group, strict=True):
        (test if in_test(texts[g]) else train).append("\t".join(row))
    (HERE / "everyday_train.tsv").write_text("".join(f"{x}\n" for x in train), encoding="utf-8")
    (HERE / "everyday_test.tsv").write_text("".join(f"{x}\n" for x in test), encoding="utf-8")
    joined = sum(1 for i, g in enumerate(group) if g != i)
    print(f"{len(rows)} rows, {len(unique)} distinct, {joined} joined to a near copy: "  # noqa: T201
          f"train {len(train)}, test {len(test)}")


if __name__ == "__main__":
    main()

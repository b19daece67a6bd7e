#!/usr/bin/env python
"""Rewrite the generated table in docs/permissions.md from the `rules` permissions."""

from pathlib import Path

from permission_matrix import matrix

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"
START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"

text = DOC.read_text(encoding="utf-8")
head, rest = text.split(START, 1)
tail = rest.split(END, 1)[1]
DOC.write_text(f"{head}{START}\n{matrix()}{END}{tail}", encoding="utf-8")
print(f"updated {DOC}")

#!/usr/bin/env python
"""Rewrite the generated table in docs/permissions.md from the `rules` permissions."""

from pathlib import Path

from permission_matrix import matrix, pages

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"
START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"

text = DOC.read_text(encoding="utf-8")
head, rest = text.split(START, 1)
tail = rest.split(END, 1)[1]
text = f"{head}{START}\n{matrix()}{END}{tail}"
PAGES_START, PAGES_END = "<!-- pages:start -->", "<!-- pages:end -->"
if PAGES_START not in text:
    text += f"\n## Every page\n\n{PAGES_START}\n{PAGES_END}\n"
head, rest = text.split(PAGES_START, 1)
tail = rest.split(PAGES_END, 1)[1]
DOC.write_text(f"{head}{PAGES_START}\n{pages()}{PAGES_END}{tail}", encoding="utf-8")
print(f"updated {DOC}")

#!/usr/bin/env python
"""Rewrite the generated tables in docs/permissions.md from the `rules` permissions and the URL patterns."""

from pathlib import Path

from doc_blocks import write_block
from permission_matrix import matrix, pages

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"

write_block(DOC, "matrix", matrix(), "Permissions")
write_block(DOC, "pages", pages(), "Every page")
print(f"updated {DOC}")

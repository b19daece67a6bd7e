"""docs/permissions.md must show exactly what the `rules` permissions enforce."""

from pathlib import Path

from scripts.doc_blocks import assert_block_current
from scripts.permission_matrix import matrix

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"


def test_the_permission_document_matches_the_rules():
    assert_block_current(DOC, "matrix", matrix(), "scripts/update_permissions_doc.py")

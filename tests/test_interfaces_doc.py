"""docs/app-interfaces.md lists every hook as the code declares and registers it (rose.core.hooks):
a hook added, a registration moved or a signature changed without regenerating the table fails here
(run `.venv/bin/python scripts/update_interfaces_doc.py`)."""

from __future__ import annotations

from scripts.doc_blocks import assert_block_current
from scripts.update_interfaces_doc import DOC, hooks_table


def test_the_hooks_table_in_app_interfaces_matches_the_code():
    assert_block_current(DOC, "hooks", hooks_table(), "scripts/update_interfaces_doc.py")

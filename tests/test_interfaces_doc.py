"""docs/app-interfaces.md lists every hook as the code declares and registers it (rose.core.hooks):
a hook added, a registration moved or a signature changed without regenerating the table fails here
(run `.venv/bin/python scripts/update_interfaces_doc.py`)."""

from __future__ import annotations

from scripts.update_interfaces_doc import DOC, END, START, hooks_table


def test_the_hooks_table_in_app_interfaces_matches_the_code():
    text = DOC.read_text(encoding="utf-8")
    assert START in text, "docs/app-interfaces.md has no hooks table: run scripts/update_interfaces_doc.py"
    documented = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert documented == hooks_table().strip(), (
        "docs/app-interfaces.md does not list the hooks as the code has them: run "
        "`.venv/bin/python scripts/update_interfaces_doc.py` and review the change")

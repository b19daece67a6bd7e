#!/usr/bin/env python
"""Rewrite the generated hooks table in docs/app-interfaces.md from the hook registry.

Every hook declared with `rose.core.hooks.hook` (in `rose/<app>/hooks.py`), with the functions
actually registered once Django has started (every app's ready() has run). tests/test_interfaces_doc.py
fails when the document and the code disagree. Run: .venv/bin/python scripts/update_interfaces_doc.py
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rose.config.settings.test")

from scripts.doc_blocks import write_block

DOC = Path(__file__).resolve().parents[1] / "docs" / "app-interfaces.md"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def hooks_table() -> str:
    import django

    django.setup()
    from django.apps import apps

    from rose.core.hooks import HOOKS

    for config in apps.get_app_configs():  # a hook nobody registers yet is listed too
        if config.name.startswith("rose.") and importlib.util.find_spec(f"{config.name}.hooks"):
            importlib.import_module(f"{config.name}.hooks")
    lines = ["| Hook | Offered by | Who may register | Registered (in order) | Arguments | Failure policy | Purpose |",
             "|---|---|---|---|---|---|---|"]
    for name in sorted(HOOKS):
        hook = HOOKS[name]
        registered = "<br>".join(f"`{label}`" for label in hook.registered_names()) or "none"
        purpose = hook.purpose.split("\n\n", 1)[0]
        lines.append(f"| `{name}` | `{hook.module}` | {_cell(hook.registered_by)} | {registered} | "
                     f"`{_cell(hook.signature)}` | {_cell(hook.policy.value)} | {_cell(purpose)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    write_block(DOC, "hooks", hooks_table(), "Hooks")
    print(f"updated {DOC}")

if __name__ == "__main__":
    main()

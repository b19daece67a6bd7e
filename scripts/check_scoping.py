#!/usr/bin/env python
"""Lint rule: views never query models directly; patient data is reached through selectors.

Any `<Name>.objects` in a views module (rose/*/views.py or rose/*/views/*.py) fails the check,
so every read is forced through a selector that scopes it to the user's programme.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "rose"


def view_modules() -> list[Path]:
    files = list(ROOT.glob("*/views.py")) + list(ROOT.glob("*/views/*.py")) + list(ROOT.glob("*/*/views.py"))
    return sorted(set(files))


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
            found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: views must use a selector, "
                         f"not {ast.unparse(node)}")
    return found


def main() -> int:
    problems = [line for path in view_modules() for line in offences(path)]
    for line in problems:
        print(line)
    print(f"check_scoping: {len(view_modules())} view modules, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

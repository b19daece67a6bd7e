"""Production code does not import another module's private names (issue 18 part 3).

A leading underscore says "this module's own business": `from rose.messaging.services import _message_create` in
rose/messaging/conversations.py ties two modules together through a name neither promises to keep. The check reads
every module under rose/ (with ast, nothing is imported) and fails on a `from rose.x import _name` or
`from .x import _name` whose target is a rose module other than the importing one. Dunder names (`__version__`)
are not private. Tests are exempt (anything under a tests/ directory, test_*.py and conftest.py): a test may pin a
private helper down.

Not caught: `import rose.x` followed by `rose.x._name`, and `from rose import x` followed by `x._name`.

scripts/check_private_imports_allowed.txt lists today's cases, one "importing.module: target.module._name" a line.
The list only shrinks: a new case fails, and so does an entry that no longer occurs (delete its line). To clear an
entry, make the name public (drop the underscore, it is now a promise) or move the helper to where it is used.
Run from the repository root (`make lint` does)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_FILE = ROOT / "scripts" / "check_private_imports_allowed.txt"


def read_allowed(path: Path = ALLOWED_FILE) -> frozenset[str]:
    return frozenset(
        line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")
    )


def is_test(rel: Path) -> bool:
    return "tests" in rel.parts[:-1] or rel.name.startswith("test_") or rel.name == "conftest.py"


def module_name(rel: Path) -> str:
    """rose/a/b.py -> rose.a.b; rose/a/__init__.py -> rose.a."""
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _target(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The absolute module an ImportFrom reads from."""
    if not node.level:
        return node.module or ""
    package = importer.split(".") if is_package else importer.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def cases(path: Path, root: Path = ROOT) -> list[tuple[str, int]]:
    """("importer: target._name", line) for each private name this module imports from another rose module."""
    rel = path.relative_to(root)
    importer = module_name(rel)
    is_package = rel.name == "__init__.py"
    out: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=rel.as_posix())):
        if not isinstance(node, ast.ImportFrom):
            continue
        target = _target(node, importer, is_package)
        if (target != "rose" and not target.startswith("rose.")) or target == importer:
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                out.append((f"{importer}: {target}.{alias.name}", node.lineno))
    return out


def problems(root: Path = ROOT, allowed: frozenset[str] | None = None, allowed_name: str = "") -> list[str]:
    allowed = read_allowed() if allowed is None else allowed
    allowed_name = allowed_name or ALLOWED_FILE.relative_to(ROOT).as_posix()
    found: list[str] = []
    seen: set[str] = set()
    for path in sorted((root / "rose").rglob("*.py")):
        if is_test(path.relative_to(root)):
            continue
        for key, line in cases(path, root):
            seen.add(key)
            if key not in allowed:
                name = key.split(": ")[1]
                found.append(f"{path.relative_to(root).as_posix()}:{line}: imports the private name {name} "
                             "from another module: make it public or move it")
    found += [f"{allowed_name}: {key!r} no longer occurs: delete the line" for key in sorted(allowed - seen)]
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} problem(s): production modules do not import another module's private names")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

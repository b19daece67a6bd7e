"""Service and selector parameters carry real types (issue 18 part 3.2).

Every function (and method) in rose/<app>/services.py, rose/<app>/services*.py, rose/<app>/services/**/*.py,
rose/<app>/selectors*.py and the same names one package down (rose/<app>/<sub>/services*.py, such as
rose/referrals/fhir/services.py, rose/<app>/<sub>/selectors*.py and their packages) must annotate every
parameter (self and cls aside), and no parameter may be annotated `Any` (alone or as a member of a union such
as `Any | None`). Containers of Any (`dict[str, Any]` for a JSON payload) are allowed: the rule is about models
and services, which have real types.

scripts/check_no_any_allowed.txt lists the parameters that break the rule today, as
"rose/<app>:function:parameter" (the app, not the file, so splitting a module keeps its entries). The list can
only shrink: a new breach fails, and so does an entry that no longer breaches (delete its line). Run from the
repository root (`make lint` does)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = (
    "rose/*/services.py",
    "rose/*/services_*.py",
    "rose/*/services/**/*.py",
    "rose/*/selectors*.py",
    "rose/*/selectors/**/*.py",
    # nested modules of an app's sub-package, such as rose/referrals/fhir/services.py
    "rose/*/*/services*.py",
    "rose/*/*/selectors*.py",
    "rose/*/*/services/**/*.py",
    "rose/*/*/selectors/**/*.py",
)

# Parameters still unannotated or typed Any, one "rose/<app>:function:parameter" a line. Only ever remove lines.
ALLOWED_FILE = ROOT / "scripts" / "check_no_any_allowed.txt"
ALLOWED: frozenset[str] = frozenset(
    line.strip() for line in ALLOWED_FILE.read_text().splitlines() if line.strip() and not line.startswith("#")
)


def _files() -> list[Path]:
    found: set[Path] = set()
    for pattern in PATTERNS:
        found.update(p for p in ROOT.glob(pattern) if "/tests/" not in p.as_posix())
    return sorted(found)


def _is_any(node: ast.expr | None) -> bool:
    """True for `Any`, `typing.Any`, `"Any"`, `Any | X`, `Optional[Any]` and `Union[..., Any, ...]`."""
    if node is None:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return _is_any(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return False
    if isinstance(node, ast.Name):
        return node.id == "Any"
    if isinstance(node, ast.Attribute):
        return node.attr == "Any"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _is_any(node.left) or _is_any(node.right)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name | ast.Attribute):
        name = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
        if name in ("Optional", "Union"):
            members = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return any(_is_any(m) for m in members)
    return False


def _breaches(path: Path) -> list[tuple[str, int, str]]:
    """(key, line, reason) for each bad parameter in one file."""
    rel = path.relative_to(ROOT).as_posix()
    app = "/".join(rel.split("/")[:2])  # keys name the app, not the file, so splitting a module keeps them
    tree = ast.parse(path.read_text(), filename=rel)
    out: list[tuple[str, int, str]] = []

    def visit(node: ast.AST, qual: str, in_class: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{qual}{child.name}.", True)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{qual}{child.name}"
                args = child.args
                params = [*args.posonlyargs, *args.args]
                is_static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in child.decorator_list)
                if in_class and params and not is_static and params[0].arg in ("self", "cls"):
                    params = params[1:]
                params += [a for a in (args.vararg, args.kwarg) if a is not None]
                params += args.kwonlyargs
                for arg in params:
                    key = f"{app}:{name}:{arg.arg}"
                    if arg.annotation is None:
                        out.append((key, arg.lineno, "has no annotation"))
                    elif _is_any(arg.annotation):
                        out.append((key, arg.lineno, "is annotated Any"))
                visit(child, f"{name}.", False)
            else:
                visit(child, qual, in_class)

    visit(tree, "", False)
    return out


def main() -> int:
    problems: list[str] = []
    seen: set[str] = set()
    for path in _files():
        for key, line, reason in _breaches(path):
            seen.add(key)
            if key not in ALLOWED:
                func, param = key.split(":")[1:]
                problems.append(f"{path.relative_to(ROOT)}:{line}: parameter {param!r} of {func} {reason}")
    for key in sorted(ALLOWED - seen):
        problems.append(f"{ALLOWED_FILE.relative_to(ROOT)}: {key!r} no longer breaches the rule: delete the line")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s): annotate service and selector parameters with real types (not Any)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every test the hazard log names as a control must exist, so the log cannot cite a test that
was renamed or deleted."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"


def defined_tests() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("rose/**/test_*.py"), *ROOT.glob("tests/**/test_*.py")]:
        names.add(path.stem)  # a test module may be cited as a whole
        names.update(re.findall(r"^\s*(?:async\s+)?def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
    return names


def test_every_test_cited_in_the_hazard_log_exists():
    cited = set(re.findall(r"\b(test_\w+)\b", LOG.read_text(encoding="utf-8")))
    missing = sorted(cited - defined_tests())
    assert cited, "the hazard log cites no tests"
    assert not missing, f"hazard log cites tests that do not exist: {missing}"


def test_every_hazard_row_names_a_control_and_a_test():
    rows = [line for line in LOG.read_text(encoding="utf-8").splitlines() if re.match(r"^\| H-[A-Z]+-\d+", line)]
    assert len(rows) >= 20
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) >= 5, row
        assert cells[3] and cells[3] != "-", f"no control: {row[:60]}"
        assert "test" in cells[4].lower(), f"no test: {row[:60]}"

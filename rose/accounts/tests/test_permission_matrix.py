"""docs/permissions.md must show exactly what the `rules` permissions enforce."""

from pathlib import Path

from scripts.permission_matrix import matrix

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"
START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"


def test_the_permission_document_matches_the_rules():
    text = DOC.read_text(encoding="utf-8")
    documented = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert documented == matrix().strip(), (
        "docs/permissions.md is out of date: run `.venv/bin/python scripts/permission_matrix.py` "
        "and paste the table between the matrix markers")

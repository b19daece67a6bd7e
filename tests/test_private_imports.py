"""scripts/check_private_imports.py: production modules do not import another rose module's private names."""

from pathlib import Path

from scripts.check_private_imports import problems, read_allowed


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_the_codebase_passes_and_the_allow_list_is_current():
    assert problems() == []
    assert len(read_allowed()) <= 24  # today's cases; the list only shrinks


def test_a_new_private_import_fails(tmp_path):
    root = _tree(tmp_path, {
        "rose/app/helpers.py": "def _hidden(): pass\n",
        "rose/app/views.py": "from rose.app.helpers import _hidden\n",
        "rose/app/pkg/__init__.py": "from ..helpers import _hidden\n",
        "rose/app/pkg/sub.py": "from .other import _relative\n",
    })
    assert problems(root, frozenset()) == [
        "rose/app/pkg/__init__.py:1: imports the private name rose.app.helpers._hidden from another module: "
        "make it public or move it",
        "rose/app/pkg/sub.py:1: imports the private name rose.app.pkg.other._relative from another module: "
        "make it public or move it",
        "rose/app/views.py:1: imports the private name rose.app.helpers._hidden from another module: "
        "make it public or move it",
    ]
    assert problems(root, frozenset({
        "rose.app.views: rose.app.helpers._hidden", "rose.app.pkg: rose.app.helpers._hidden",
        "rose.app.pkg.sub: rose.app.pkg.other._relative",
    })) == []


def test_tests_dunders_public_names_and_other_libraries_pass(tmp_path):
    root = _tree(tmp_path, {
        "rose/app/tests/test_helpers.py": "from rose.app.helpers import _hidden\n",
        "rose/app/conftest.py": "from rose.app.helpers import _hidden\n",
        "rose/app/version.py": "from rose import __version__\nfrom rose.app.helpers import visible\n",
        "rose/app/compat.py": "from django.utils.functional import _lazy_proxy\n",
    })
    assert problems(root, frozenset()) == []


def test_an_allow_list_entry_that_no_longer_occurs_fails(tmp_path):
    root = _tree(tmp_path, {"rose/app/views.py": "from rose.app.helpers import visible\n"})
    assert problems(root, frozenset({"rose.app.views: rose.app.helpers._hidden"}), "allowed.txt") == [
        "allowed.txt: 'rose.app.views: rose.app.helpers._hidden' no longer occurs: delete the line",
    ]

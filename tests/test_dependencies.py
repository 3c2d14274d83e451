"""Every third-party module the handbook package imports is pinned for both engines.

`make properdocs-compare` installs requirements-properdocs.lock into a fresh venv; a module the
package imports but that lock lacks fails only there (it did: ada_url, defusedxml, jsonschema).
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: ProperDocs answers `import mkdocs` itself (its alias), so the ProperDocs lock has no mkdocs.
ENGINE_MODULES = {"mkdocs"}


def imported_modules(package: Path) -> dict[str, str]:
    """Top-level modules imported anywhere in `package` (also inside functions) -> first file."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(package.parent)))
    return found


def third_party(modules: dict[str, str]) -> dict[str, str]:
    return {m: f for m, f in modules.items() if m not in sys.stdlib_module_names and m != "handbook"}


def pinned(requirements: Path) -> set[str]:
    names = re.findall(r"^([A-Za-z0-9_.-]+)==", requirements.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[-_.]+", "-", n).lower() for n in names}


def missing(requirements: Path, skip: set[str] = frozenset(), package: Path = ROOT / "handbook") -> list[str]:
    dists = packages_distributions()
    have = pinned(requirements)
    problems = []
    for module, where in sorted(third_party(imported_modules(package)).items()):
        if module in skip:
            continue
        names = {re.sub(r"[-_.]+", "-", d).lower() for d in dists.get(module, [module])}
        if not names & have:
            problems.append(f"{where} imports {module!r} but {requirements.name} pins none of {sorted(names)}: "
                            f"add it there and run `make lock`")
    return problems


def test_the_scan_finds_imports_inside_functions(tmp_path):
    (tmp_path / "m.py").write_text("import os\n\ndef f():\n    import ada_url\n    from yaml import safe_load\n")
    assert set(third_party(imported_modules(tmp_path))) == {"ada_url", "yaml"}


def test_a_missing_pin_is_reported(tmp_path):
    lock = tmp_path / "requirements-properdocs.txt"
    lock.write_text("PyYAML==6.0.3\n")
    problems = missing(lock, skip=ENGINE_MODULES)
    assert any("'ada_url'" in p and "add it there" in p for p in problems), problems


def test_every_import_is_pinned_for_mkdocs():
    assert missing(ROOT / "requirements.txt") == []
    assert missing(ROOT / "requirements.lock") == []


def test_every_import_is_pinned_for_properdocs():
    assert missing(ROOT / "requirements-properdocs.txt", skip=ENGINE_MODULES) == []
    assert missing(ROOT / "requirements-properdocs.lock", skip=ENGINE_MODULES) == []


#: Modules the scripts and tests import from one another (pytest.ini puts scripts/ on the path).
LOCAL = {path.stem for folder in ("scripts", "tests", "tools/nu") for path in (ROOT / folder).glob("*.py")}


def test_a_package_dropped_from_the_lock_but_still_imported_is_reported(tmp_path):
    scripts, lock = tmp_path / "scripts", tmp_path / "requirements.lock"
    scripts.mkdir()
    (scripts / "leaflet.py").write_text("from bs4 import BeautifulSoup\nimport pypdf\n")
    lock.write_text("pypdf==7.1.0 \\\n    --hash=sha256:00\n")
    problems = missing(lock, package=scripts)
    assert len(problems) == 1 and "imports 'bs4'" in problems[0], problems


def test_scripts_and_tests_import_only_locked_packages():
    """make pdf, the leaflet and the tests run on requirements.lock too: a package dropped
    from it (beautifulsoup4 was) must not still be imported there."""
    for folder in ("scripts", "tests", "tools"):
        assert missing(ROOT / "requirements.lock", skip=LOCAL, package=ROOT / folder) == []

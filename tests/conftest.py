"""Shared test helpers: build a small fixture project (or the real handbook) in a temp dir."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from handbook import chromium as chromium_rule
from handbook.sitehttp import serve

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# One date for every test, so the suite gives the same answer next year. Only
# tests/test_review_dates.py::test_the_handbook_is_not_overdue_today (and the real build,
# `make build`) use the real date.
TODAY = "2026-12-01"
os.environ["HANDBOOK_TODAY"] = TODAY

# What every fixture project gets from the real handbook: its build configuration (which
# each fixture's mkdocs.yml INHERITs, so it runs the real pipeline in the real order), theme
# overrides, includes, data files and docs/assets. A fixture's own file of the same name wins.
SHARED = ("mkdocs.base.yml", "overrides", "includes", "data", "docs/assets")
#: Review front matter for a page a test writes whole (every page needs it: step review_dates).
FRONT_MATTER = (
    "---\ntitle: A fixture page\ndescription: A page a test wrote.\nlast_reviewed: 2026-11-27\n"
    "next_review: 2027-11-27\nregulatory: false\nreviewer: Consultant psychiatrist\n---\n\n"
)
FRONT_MATTER_LINES = FRONT_MATTER.count("\n")
#: A fixture cites nothing unless it brings its own data/references.yml.
EMPTY_BIBLIOGRAPHY = "# A fixture's bibliography: empty unless the fixture brings its own.\n{}\n"
#: Decision-support data (step decision_data): it cites the handbook's bibliography, so a
#: fixture gets it only together with that bibliography (see HANDBOOK_DATA_FIXTURES).
DECISION_DATA = ("data/options.yml", "data/outcomes.yml", "data/values.yml", "data/knowledge.yml")
#: Fixtures built on the handbook's own data: they keep data/references.yml, and get a page
#: docs/sources.md citing every source (the build fails on a source no page cites).
HANDBOOK_DATA_FIXTURES = ("decision",)
#: Some sources are about suicidal thoughts: a page that names them carries the crisis box.
SOURCES_INTRO = (
    "Some of these sources are about suicidal thoughts. If you are struggling right now, you can get help today.\n\n"
    '--8<-- "crisis-inline.md"\n\n'
)


@dataclass
class BuildResult:
    ok: bool
    warnings: list[str]
    site: Path
    error: str = ""

    def warned(self, *fragments: str) -> bool:
        """True if one warning contains every fragment."""
        return any(all(f in w for f in fragments) for w in self.warnings)


def copy_project(name: str, dest: Path) -> Path:
    """Copy fixture `name` into `dest`, with the handbook's hooks, overrides and includes."""
    shutil.copytree(FIXTURES / name, dest, dirs_exist_ok=True)
    bibliography = dest / "data" / "references.yml"
    own_bibliography = bibliography.exists()
    for part in SHARED:
        source, target = ROOT / part, dest / part
        if source.is_file():
            if not target.exists():
                shutil.copy2(source, target)
        else:
            for path in source.rglob("*"):
                copy = target / path.relative_to(source)
                if path.is_file() and "__pycache__" not in path.parts and not copy.exists():
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, copy)
    if name in HANDBOOK_DATA_FIXTURES and not own_bibliography:
        keys = yaml.safe_load(bibliography.read_text(encoding="utf-8")) or {}
        cites = "\n".join(f"- A source [@{key}]." for key in keys)
        (dest / "docs" / "sources.md").write_text(
            FRONT_MATTER.replace("A fixture page", "Sources") + "# Sources\n\n" + SOURCES_INTRO + cites + "\n", encoding="utf-8")
    elif not own_bibliography:
        bibliography.write_text(EMPTY_BIBLIOGRAPHY, encoding="utf-8")
        for rel in DECISION_DATA:
            if not (FIXTURES / name / rel).exists():
                (dest / rel).unlink(missing_ok=True)
    else:
        for rel in DECISION_DATA:
            if not (FIXTURES / name / rel).exists():
                (dest / rel).unlink(missing_ok=True)
    return dest


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_project(project: Path, site: Path | None = None, **overrides) -> BuildResult:
    """Build `project` strictly, in-process, and return its warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    site = site or project / "site"
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        overrides.setdefault("strict", True)
        cfg = load_config(str(project / "mkdocs.yml"), site_dir=str(site), **overrides)
        try:
            build(cfg)
            ok, error = True, ""
        except Abort as exc:
            ok, error = False, str(exc)
    finally:
        logger.removeHandler(capture)
    return BuildResult(ok=ok, warnings=capture.messages, site=site, error=error)


@pytest.fixture
def project(tmp_path):
    """Factory: project("minisite") copies a fixture into a temp dir and returns its path."""

    def make(name: str) -> Path:
        return copy_project(name, tmp_path / name)

    return make


@pytest.fixture(scope="session")
def handbook_site(tmp_path_factory) -> BuildResult:
    """The real handbook, built once per test session into a temp dir."""
    site = tmp_path_factory.mktemp("handbook") / "site"
    return build_project(ROOT, site)


# ---- Browser tests: serve a built site on 127.0.0.1, drive Debian's Chromium ----


# trylast, and the group written into the node id here: pytest-xdist 3.8 groups tests by an
# "@group" suffix it writes to `item._nodeid`, which pytest 9 no longer reads (node ids live in
# `item._id`), so `--dist loadgroup` silently spread every group over both workers (each
# printed the handbook's PDFs). tests/test_helpers.py checks the suffix is applied.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """With pytest-xdist (`make test`: -n 2 --dist loadgroup) the browser tests of one page
    run on the same worker, so that page's cached audit (one visit: light, dark, privacy,
    skip link, targets) serves all of them; pages spread over both workers."""
    for item in items:
        params = getattr(item, "callspec", None)
        if item.get_closest_marker("browser") and params is not None and "path" in params.params:
            item.add_marker(pytest.mark.xdist_group(f"page:{params.params['path']}"))
        # Every test that reads a printed PDF on one worker: each PDF is printed once.
        if "printed_pdfs" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("pdf"))
    if getattr(config.option, "loadgroup", False):
        for item in items:
            with_group(item)


def xdist_groups(item) -> list[str]:
    """The xdist_group names of a test, as pytest-xdist reads them."""
    return sorted({str(m.args[0]) if m.args else str(m.kwargs.get("name", "default"))
                   for m in item.iter_markers("xdist_group")})


def with_group(item) -> None:
    """Add "@group" to the test's node id, which is what `--dist loadgroup` schedules by."""
    names = xdist_groups(item)
    if not names or "@" in item.nodeid:
        return
    item._id = type(item._id).parse(f"{item.nodeid}@{'_'.join(names)}")  # pytest 9 keeps node ids in _id

CHROMIUM_ARGS = chromium_rule.ARGS


@pytest.fixture(scope="session")
def printed_pdfs(chromium, tmp_path_factory):
    """The PDFs of a built site, printed by scripts/make_pdf.py once per session for each
    (site, paper): printed_pdfs(name, project dir, site dir, paper) -> {key: make_pdf.Result}.
    A print of the handbook takes minutes, so every test that reads a PDF shares these."""
    import make_pdf  # scripts/ (pytest.ini pythonpath)

    made: dict[tuple[str, str], dict] = {}

    def make(name: str, project: Path, site: Path, paper: str = "a4") -> dict:
        if (name, paper) not in made:
            out = tmp_path_factory.mktemp(f"pdf-{name}-{paper}")
            results = make_pdf.make_pdfs(site, paper, project / "mkdocs.yml", out_dir=out, browser=chromium)
            made[name, paper] = {r.job.key: r for r in results}
        return made[name, paper]

    return make


@pytest.fixture(scope="session")
def served_site(handbook_site):
    """The real handbook, served at the path of its site_url (as on GitHub Pages); yields its URL."""
    from mkdocs.config import load_config

    if not (handbook_site.site / "index.html").exists():
        pytest.fail(f"the handbook did not build: {handbook_site.error}")
    site_url = load_config(str(ROOT / "mkdocs.yml")).site_url or "/"
    with serve(handbook_site.site, urlsplit(site_url).path) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session (Debian's, or $CHROMIUM). Never Playwright's download."""
    from playwright.sync_api import sync_playwright

    executable = chromium_rule.find()
    if executable is None:
        message = f"no Chromium found. {chromium_rule.HOW_TO_INSTALL}"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()

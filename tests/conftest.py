"""Shared test helpers: build a small fixture project (or the real handbook) in a temp dir."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Hooks are plain modules; let tests import their pure functions directly.
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))
from sitehttp import serve  # noqa: E402
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# What every fixture project gets from the real handbook, so it uses the real hooks and theme.
SHARED = ("hooks", "overrides", "includes", "data")


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
    for part in SHARED:
        if (ROOT / part).exists() and not (dest / part).exists():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
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
        cfg = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True, **overrides)
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

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        message = f"no Chromium at {executable}: run `make browser` or set CHROMIUM"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()

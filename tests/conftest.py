"""Shared test helpers: build a small fixture project (or the real handbook) in a temp dir."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Hooks are plain modules; let tests import their pure functions directly.
sys.path.insert(0, str(ROOT / "hooks"))
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


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix` (the path of site_url), with 404.html for misses."""

    prefix = "/"

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path, prefix: str = "/"):
    """Serve `site` at http://127.0.0.1:<free port><prefix> in a thread; yields that URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


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

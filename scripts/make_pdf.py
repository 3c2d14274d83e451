#!/usr/bin/env python3
"""Print the built handbook to PDF: the whole packet and the consent checklist.

    make pdf                 # A4: builds the site, then writes site/pdf/*.pdf
    make pdf PAPER=letter    # US Letter
    python scripts/make_pdf.py --site-dir /tmp/site --paper letter [--build]

How: the built site is served on 127.0.0.1 (a free port, stdlib http.server in a thread)
and printed by headless Chromium driven by Playwright for Python. The browser is
$CHROMIUM if set, else /usr/bin/chromium (Debian's package), else chromium,
chromium-browser or google-chrome on PATH, else a Playwright-managed Chromium if one is
installed (this script never downloads one). Every request that does
not go to the local server is blocked: the PDF never depends on the network.

For each PDF: print media is emulated before the page loads; print-site's table of
contents is waited for (its script builds it from the sidebar on DOMContentLoaded); every
<details> is opened; the document title becomes the PDF title; Chromium writes a tagged
PDF with bookmarks (outline) and a footer with the edition and "Page N of M".

Outputs are the paths in mkdocs.yml `extra.generated_outputs` (the one list that
hooks/check_links.py also reads, so the site may link to them before they exist).
The pure helpers (paper_format, find_browser, jobs_for, footer_template, pdf_options, ...)
are what tests/test_pdf.py calls.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitehttp import serve

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "mkdocs.yml"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAPER = {"a4": "A4", "letter": "Letter"}
# Same margins as assets/stylesheets/print.css (@page); the footer sits in the bottom one.
MARGIN = {"top": "16mm", "right": "15mm", "bottom": "18mm", "left": "15mm"}
CHECKLIST_MAX_PAGES = 3  # 2 sheets printed on both sides; issue 13 added answer lines and consent questions
LOAD_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class Job:
    """One PDF: which built page to print, where to write it, and its PDF title."""

    key: str  # name in extra.generated_outputs
    page: str  # URL path of the built page, relative to the site root
    output: str  # path of the PDF, relative to the site root
    title: str  # PDF title (document metadata)
    ready: str  # CSS selector that exists once the page's own scripts have run


@dataclass(frozen=True)
class Result:
    job: Job
    path: Path
    pages: int
    size: int
    seconds: float


# ---- Pure helpers ----


def paper_format(name: str | None) -> str:
    """Playwright's paper format for `a4` (default) or `letter` (case-insensitive)."""
    key = (name or "a4").strip().lower()
    key = {"us-letter": "letter", "us": "letter"}.get(key, key)
    if key not in PAPER:
        raise ValueError(f"unknown paper {name!r}: use one of {', '.join(PAPER)}")
    return PAPER[key]


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_browser(environ, is_executable=_is_executable, which=shutil.which) -> str | None:
    """Path of the Chromium to drive: $CHROMIUM, else Debian's /usr/bin/chromium, else a
    Chromium or Chrome on PATH (GitHub's runners have google-chrome); None = Playwright's own."""
    chosen = (environ.get("CHROMIUM") or "").strip()
    if chosen:
        if not is_executable(chosen):
            raise FileNotFoundError(f"CHROMIUM={chosen} is not an executable file")
        return chosen
    if is_executable(DEBIAN_CHROMIUM):
        return DEBIAN_CHROMIUM
    for name in ON_PATH:
        found = which(name, path=environ.get("PATH"))
        if found:
            return found
    return None


def jobs_for(extra: dict, site_name: str) -> list[Job]:
    """The PDFs to make, from mkdocs.yml `extra` (edition and generated_outputs)."""
    outputs = dict(extra.get("generated_outputs") or {})
    edition = str(extra.get("edition") or "").strip()
    suffix = f", edition {edition}" if edition else ""
    known = {
        "packet_pdf": ("print_page/", f"{site_name}: the handbook{suffix}", "#print-page-toc nav ul"),
        "checklist_pdf": ("checklist/", f"Consent-preparation checklist: {site_name}{suffix}", "[data-hb-checklist]"),
        # Optional (issue 12): the blank "My decision summary" form, if the site lists it.
        "decision_summary_pdf": ("my-decision-summary/", f"My decision summary: {site_name}{suffix}", "[data-hb-summary]"),
    }
    missing = [key for key in known if key not in outputs and key != "decision_summary_pdf"]
    if missing:
        raise KeyError(f"mkdocs.yml extra.generated_outputs lacks {', '.join(missing)}")
    unknown = [key for key in outputs if key not in known]
    if unknown:
        raise KeyError(f"make_pdf.py does not know how to make {', '.join(unknown)}")
    return [Job(key, page, str(outputs[key]).strip("/"), title, ready) for key, (page, title, ready) in known.items() if key in outputs]


def footer_template(left: str) -> str:
    """Chromium footer: `left` text and 'Page N of M', small, inside the bottom margin."""
    return (
        '<div style="width:100%;margin:0 15mm;font-family:sans-serif;font-size:8pt;color:#444;'
        'display:flex;justify-content:space-between;gap:6mm;">'
        f"<span>{html.escape(left)}</span>"
        '<span style="white-space:nowrap">Page <span class="pageNumber"></span> of '
        '<span class="totalPages"></span></span></div>'
    )


def pdf_options(paper: str, footer_text: str) -> dict:
    """Keyword arguments for Playwright's page.pdf()."""
    return {
        "format": paper_format(paper),
        "print_background": True,
        "prefer_css_page_size": False,
        "margin": dict(MARGIN),
        "display_header_footer": True,
        "header_template": "<span></span>",
        "footer_template": footer_template(footer_text),
        "tagged": True,
        "outline": True,
    }


def is_local(url: str, origin: str) -> bool:
    """True for requests to the local server (everything else is blocked)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or f"{parts.scheme}://{parts.netloc}" == origin


def load_settings(config_file: Path) -> dict:
    """site_name, site_dir and extra from mkdocs.yml (MkDocs' own YAML loader)."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    loader = get_yaml_loader()
    # Tags such as `!relative` only mean something inside a build; they are not needed here.
    loader.add_multi_constructor("!", lambda _loader, _suffix, _node: None)
    with open(config_file, encoding="utf-8") as handle:
        data = yaml_load(handle, loader) or {}
    return {
        "site_name": str(data.get("site_name") or "Handbook"),
        "site_dir": str(data.get("site_dir") or "site"),
        "extra": dict(data.get("extra") or {}),
    }


def pdf_page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


# ---- Serving and printing ----


def launch(playwright, executable: str | None):
    try:
        return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # Playwright raises its own Error types
        where = executable or "Playwright's own Chromium"
        raise SystemExit(
            f"make_pdf: could not start {where}: {str(exc).splitlines()[0]}\n"
            "Install Debian's chromium (`make browser`) or set CHROMIUM=/path/to/chromium."
        ) from None


def print_one(browser, base_url: str, out_dir: Path, job: Job, paper: str) -> Result:
    """Load one built page in print mode and write its PDF under `out_dir`."""
    started = time.monotonic()
    origin = base_url.rstrip("/")
    context = browser.new_context(locale="en-US", color_scheme="light", service_workers="block")
    context.route("**/*", lambda route: route.continue_() if is_local(route.request.url, origin) else route.abort())
    try:
        page = context.new_page()
        page.emulate_media(media="print", color_scheme="light")  # before load: scripts see print
        page.goto(base_url + job.page, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_selector(job.ready, state="attached", timeout=LOAD_TIMEOUT_MS)
        page.evaluate("document.fonts.ready.then(() => true)")
        footer = page.evaluate(
            """(title) => {
                document.querySelectorAll('details').forEach((d) => { d.open = true; });
                document.title = title;
                const edition = document.querySelector('.hb-edition');
                return edition ? edition.textContent.replace(/\\s+/g, ' ').trim() : '';
            }""",
            job.title,
        )
        footer = footer.removeprefix("Handbook ") or job.title
        out = Path(out_dir) / job.output
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), **pdf_options(paper, footer))
    finally:
        context.close()
    return Result(job, out, pdf_page_count(out), out.stat().st_size, time.monotonic() - started)


def make_pdfs(
    site_dir: Path,
    paper: str = "a4",
    config_file: Path = DEFAULT_CONFIG,
    *,
    out_dir: Path | None = None,
    keys: list[str] | None = None,
    browser=None,
    executable: str | None = None,
    environ=os.environ,
) -> list[Result]:
    """Print the PDFs of `config_file` from the built `site_dir`; returns what was written.

    out_dir: where the outputs' paths start (default: the site itself, as deployed);
    keys: only these outputs (default: all); browser: a Playwright browser to reuse
    (tests); otherwise one is launched from `executable` or find_browser(environ)."""
    site_dir = Path(site_dir)
    if not (site_dir / "print_page" / "index.html").exists():
        raise SystemExit(f"make_pdf: {site_dir} has no built print page; run `make build` first.")
    settings = load_settings(Path(config_file))
    jobs = [job for job in jobs_for(settings["extra"], settings["site_name"]) if keys is None or job.key in keys]
    out_dir = Path(out_dir or site_dir)
    with serve(site_dir) as base_url:
        if browser is not None:
            return [print_one(browser, base_url, out_dir, job, paper) for job in jobs]
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = launch(playwright, executable or find_browser(environ))
            try:
                return [print_one(own, base_url, out_dir, job, paper) for job in jobs]
            finally:
                own.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="mkdocs.yml (default: the handbook's)")
    parser.add_argument("--site-dir", help="built site to print (default: site_dir of mkdocs.yml, i.e. site/)")
    parser.add_argument("--paper", default=os.environ.get("PAPER") or "a4", help="a4 (default) or letter")
    parser.add_argument("--build", action="store_true", help="build the site strictly first")
    args = parser.parse_args(argv)
    config_file = Path(args.config).resolve()
    try:
        paper_format(args.paper)
    except ValueError as exc:
        parser.error(str(exc))
    site_dir = Path(args.site_dir or config_file.parent / load_settings(config_file)["site_dir"]).resolve()
    if args.build:
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)]
        subprocess.run(build, check=True)
    started = time.monotonic()
    results = make_pdfs(site_dir, args.paper, config_file)
    for r in results:
        print(f"make_pdf: {r.path.relative_to(site_dir.parent) if site_dir.parent in r.path.parents else r.path}: "
              f"{r.pages} pages, {r.size / 1024:.0f} KiB, {r.seconds:.1f} s ({paper_format(args.paper)})")
    print(f"make_pdf: done in {time.monotonic() - started:.1f} s")
    checklist = [r for r in results if r.job.key == "checklist_pdf"]
    if checklist and checklist[0].pages > CHECKLIST_MAX_PAGES:
        print(f"make_pdf: WARNING: the checklist takes {checklist[0].pages} pages; it must fit on "
              f"{CHECKLIST_MAX_PAGES}. Shorten it or tighten assets/stylesheets/checklist.css.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

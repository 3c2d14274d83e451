"""Every link and #anchor in the built site resolves, and no link is unsafe.

MkDocs validates links written in Markdown, but not those in raw HTML inside Markdown,
in theme templates (overrides/), in HTML that hooks add, or on the print page that
print-site writes after every other page. This hook runs last, after print-site's
on_post_build, and reads the finished HTML of every page, the 404 page and the print page.

Guarantees, for every href/src in the built HTML:
- a relative link points to a file that exists in the built site, or to one of the files
  that `make pdf` writes after the build, listed once in mkdocs.yml
  `extra.generated_outputs` (the only exception; read by handbook.config.generated_outputs());
- a `#fragment` names an id that exists on the target page;
- an external link uses https:// (not http:// or a protocol-relative //host);
- no `javascript:` or `data:` URL is used;
- the site never needs the network to be checked (external URLs are checked only by the
  opt-in `make linkcheck-external`).
Links to `*.md` files are left to MkDocs' own validation, which already reports them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook import urls as weburl
from handbook.config import generated_outputs
from handbook.htmlscan import Link, Scan, scan_html
from handbook.logs import step_logger

log = step_logger(__name__)
RUNS_AFTER = {
    "inject_cover_notice": "the links in the notice it adds to the print cover are checked",
    "csp": "it reads the finished HTML, after the last step that rewrites it",
    "checklist": "the PDF links the checklist adds are checked",
    "pdf_link": "the PDF link it adds is checked",
}

SAFE_SCHEMES = {"mailto", "tel", "sms"}
BANNED_SCHEMES = {"javascript", "data", "vbscript"}

_sources: dict[str, str] = {}  # built file (posix, relative to site) -> page source path

# ---- Hooks ----


def on_pre_build(config, **kwargs) -> None:
    _sources.clear()


def on_post_page(output: str, *, page, config) -> str:
    _sources[page.file.dest_uri] = page.file.src_uri
    return output


def on_post_build(config, **kwargs) -> None:
    site = Path(config.site_dir)
    generated = {path.strip("/") for path in generated_outputs(config).values()}
    for problem in check_site(site, config.site_url or "/", generated):
        log.warning(describe(problem, site, Path(config.docs_dir)))


def judge_site(site) -> list[str]:
    """The same check on any built site (messages name the built page and line)."""
    return [describe(problem, site.root, None, sources={}) for problem in check_site(site.root, site.site_url, set(site.generated))]


# ---- Helper functions ----


@dataclass(frozen=True)
class Problem:
    page: str  # built file, posix path relative to the site
    link: Link
    message: str


def check_site(site: Path, site_url: str = "/", generated: set[str] = frozenset()) -> list[Problem]:
    """Check every HTML file under `site`, served at `site_url`; return the problems.

    `generated`: files a later step writes into the site (they count as existing)."""
    scans: dict[str, Scan] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        scans[rel] = scan_html(path.read_text(encoding="utf-8", errors="replace"))
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} | set(generated)
    problems = []
    for page, scan in scans.items():
        for link in scan.links:
            message = check_link(page, link.url, scans, files, site_url)
            if message:
                problems.append(Problem(page, link, message))
    return problems


def check_link(
    page: str, url: str, scans: dict[str, Scan], files: set[str], site_url: str = "/"
) -> str | None:
    """Why `url`, found on built page `page`, is broken or unsafe; None if it is fine.

    `site_url` is where the site is served (a full URL, or just its path). Links to the
    site's own full URL (the theme's canonical links; under `mkdocs serve` that is
    http://127.0.0.1:8000/...) are checked as links inside the site."""
    if not url:
        return "an empty link"
    own = urlsplit(site_url)
    base = own.path or "/"
    if own.scheme and own.netloc:
        origin = f"{own.scheme}://{own.netloc}"
        if url == origin or url.startswith(origin + "/"):
            url = url[len(origin) :] or "/"
    # Scheme, host and path as the browser parses them (WHATWG URL; handbook/steps/weburl.py): tabs,
    # newlines, backslashes, `@` and dot segments cannot disguise where a link goes.
    scheme = weburl.scheme(url) if weburl.parse(url).ok else ""
    if not weburl.parse(url).ok:
        return f"a link a browser cannot parse ({url[:60]})"
    raw_scheme = urlsplit(url.strip()).scheme.lower()
    if scheme in BANNED_SCHEMES:
        return f"a `{scheme}:` URL ({url[:60]}); use a normal https:// link or a page link instead"
    if scheme == "tel":
        return weburl.tel_problem(url)
    if scheme in SAFE_SCHEMES:
        return None
    if scheme == "http":
        return f"an insecure http:// link ({url}); use https://"
    if scheme == "https" and raw_scheme == "https" and weburl.is_absolute(url):
        return None
    if scheme != "https":
        return f"a link with an unknown scheme ({url})"
    if weburl.is_absolute(url):
        return f"a protocol-relative link ({url}) to {weburl.host(url)}; write it with https://"
    parts = urlsplit(url)
    target_path = unquote(parts.path)
    if url.startswith("/"):
        # The theme writes 404.html with links from site_url's path, so it works at any depth.
        if not target_path.startswith(base.rstrip("/") + "/"):
            return f"a root-absolute link ({url}) outside the site's path {base}. Use a relative link"
        page, url = "index.html", url[len(base.rstrip("/")) + 1 :] or "./"
    resolved = weburl.parse(url, base=f"https://{weburl.BASE_HOST}/__site__/{page}")
    if not resolved.path.startswith("/__site__/"):
        return f"a link to {url}, which leads outside the site"
    target_path = unquote(resolved.path[len("/__site__/"):]) if urlsplit(url).path else ""
    if target_path.endswith(".md"):
        return None  # MkDocs' own link validation reports these, with the page
    if target_path or urlsplit(url).path:
        target = target_path
        if target_path.endswith("/") or target == "" or posixpath.join(target, "index.html") in files:
            target = posixpath.join(target, "index.html")
        if target not in files:
            return f"a link to {url}, but the built site has no {target}"
    else:
        target = page
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html"):
        scan = scans.get(target)
        if scan is not None and fragment not in scan.ids:
            where = "this page" if target == page else target
            return f"a link to #{fragment}, but {where} has no element with that id"
    return None


def describe(problem: Problem, site: Path, docs_dir: Path | None, sources: dict[str, str] | None = None) -> str:
    """One log line: the page (source file and line where possible), the link, the fix.

    `sources` maps built pages to their Markdown (known during a build, not afterwards)."""
    link = problem.link
    source = (_sources if sources is None else sources).get(problem.page)
    if source:
        where = source
        line = _line_in_source(docs_dir / source, link.url)
        where += f" line {line}" if line else f" (built {problem.page} line {link.line}; from a template or hook)"
    elif problem.page.startswith("print_page/"):
        section = f", in the section `{link.section}`" if link.section else ""
        where = f"print page ({problem.page} line {link.line}{section})"
    else:
        where = f"{problem.page} line {link.line}"
    return f"{where}: <{link.tag} {link.attr}> is {problem.message}. Fix the link or its target."


def _line_in_source(path: Path, url: str) -> int | None:
    """The line of the page's Markdown that holds `url` (or its #fragment), if any."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    fragment = url.split("#", 1)[1] if "#" in url else None
    needles = [url] + ([f"#{fragment}"] if fragment else [])
    for needle in needles:
        for number, text in enumerate(lines, start=1):
            if re.search(re.escape(needle) + r"(?![\w-])", text):
                return number
    return None

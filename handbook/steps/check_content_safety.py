"""Content-safety gate: a pull request to docs/ cannot make the handbook run code, load files
from other sites or link to untrusted sites unnoticed.

Anyone can propose a page. Reviewers read the words; this hook reads the markup. It checks
what each page's Markdown renders to (raw HTML and snippets included; code blocks show text, so
they are safe) and every .html, .htm, .svg and .css file under docs/.

Guarantees:
- The build fails, even without --strict, naming the file and line, if content holds
  - a <script>, <iframe>, <frame>, <object>, <embed>, <applet>, <portal>, <form>, <base>,
    <meta>, <link> or <style> element;
  - an inline event handler (any `on...=` attribute);
  - a `javascript:` or `vbscript:` URL in any attribute;
  - CSS (style attributes, .css files) whose url() or @import points to another host;
  - an image or media file (img, picture/source, video, audio, track, poster, srcset, SVG
    image/use) from another host: readers' browsers must never contact third parties;
  - a .js file outside docs/assets/.
- A link to a site outside data/trusted-domains.yml gives a warning naming the page, line and
  link (so strict builds fail on it too until a reviewer adds the source to the list).
- Theme code under docs/assets/ (the checklist script, stylesheets) may use scripts and style
  blocks; its files are still checked for files loaded from other hosts. .js is never read.
Pages are checked before other hooks add their own HTML: hook output is engineers' code,
reviewed as code (and handbook/steps/check_links.py still checks every URL in the built site).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.exceptions import PluginError

from handbook import html as parser
from handbook import urls as weburl
from handbook.logs import step_logger
from handbook.markdown_source import snippet_lines
from handbook.selectors import CONTENT_AREA, PRINT_SECTION, PROJECT_FIELDS

log = step_logger(__name__)

RUNS_AFTER = {"check_content_closed": "it judges the content as written too, and the unclosed-element error names the fault better"}

ALLOWLIST = Path("data") / "trusted-domains.yml"
THEME_CODE = "assets/"  # under docs/: theme code, not content
STATIC_SUFFIXES = (".html", ".htm", ".svg", ".css")
SCRIPT_SUFFIXES = (".js", ".mjs")

_RUNS_CODE = "pages may not run code"
_EMBEDS = "pages may not embed other pages, plug-ins or objects (they can run code and track readers)"
_REDIRECTS = "pages may not change where links go or load other files"
BANNED_TAGS = {
    "script": (_RUNS_CODE, "remove it; to show code, put it in a code block"),
    "iframe": (_EMBEDS, "link to the page instead"),
    "frame": (_EMBEDS, "link to the page instead"),
    "frameset": (_EMBEDS, "link to the page instead"),
    "portal": (_EMBEDS, "link to the page instead"),
    "object": (_EMBEDS, "link to the file instead"),
    "embed": (_EMBEDS, "link to the file instead"),
    "applet": (_EMBEDS, "remove it"),
    "form": ("pages may not hold forms (they can send readers' answers elsewhere)",
             "remove it; for tick boxes use a task list (`- [ ] item`)"),
    "base": (_REDIRECTS, "remove it"),
    "meta": (_REDIRECTS, "remove it; page settings go in the front matter"),
    "link": (_REDIRECTS, "remove it; to link, use [text](url)"),
    "style": ("a page may not restyle the site (it could hide the safety notice)",
              "ask an engineer to add the style to docs/assets/stylesheets/handbook.css"),
    # Elements that hide or swallow what follows them, or that no page needs.
    "template": ("a page may not hold inert or hidden markup (it can swallow the safety notice)", "remove it"),
    "noscript": ("a page may not hold markup shown only without JavaScript (it can swallow the safety notice)", "remove it"),
    "xmp": ("obsolete element that swallows what follows it", "use a code block"),
    "plaintext": ("obsolete element that swallows the rest of the page", "use a code block"),
    "noembed": (_EMBEDS, "remove it"),
    "noframes": (_EMBEDS, "remove it"),
    "textarea": ("pages may not hold form fields (they can swallow the safety notice)", "remove it"),
    "select": ("pages may not hold form fields", "remove it; for tick boxes use a task list (`- [ ] item`)"),
    "dialog": ("a page may not open dialogs over the safety notice", "remove it"),
    "svg:script": (_RUNS_CODE, "remove it"),
}
THEME_TAGS = {"script", "style", "link", "meta"}  # allowed in theme code under docs/assets/
SCRIPT_SCHEMES = ("javascript:", "vbscript:")
LOADING_ATTRS = ("src", "srcset", "poster", "background", "data", "imagesrcset")
SVG_LOADING_TAGS = {"image", "use", "feimage", "script"}
LINK_TAGS = {"a", "area"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]*)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]*)\3""", re.I)
_CONTROL = re.compile(r"[\x00-\x20]+")

_allowlist: list[str] = []
_unsafe: list[str] = []

# ---- Hooks ----


def on_config(config, **kwargs):
    global _allowlist
    path = Path(config.config_file_path).parent / ALLOWLIST
    try:
        _allowlist = load_allowlist(path.read_text(encoding="utf-8")) + own_site(config.site_url)
    except (OSError, ValueError) as exc:
        raise PluginError(f"{ALLOWLIST}: {exc}. Fix the file: see the comments at its top.") from exc
    return config


def on_pre_build(config, **kwargs) -> None:
    _unsafe.clear()


def on_files(files, *, config):
    docs = os.path.realpath(config.docs_dir)
    for file in files:
        if file.is_documentation_page() or not file.abs_src_path:
            continue
        if not os.path.realpath(file.abs_src_path).startswith(docs + os.sep):
            continue  # theme and plugin files
        label = _display(file.abs_src_path, config)
        for finding in static_file_findings(file.src_uri, Path(file.abs_src_path), _allowlist, _own_host(config)):
            _report(finding, f"{label}:{finding.line}")
    return files


def on_page_content(html: str, *, page, config, files) -> str:
    findings = html_findings(html, _allowlist, _own_host(config))
    if findings:
        sources, used = page_sources(page, config), Counter()
        for finding in findings:
            _report(finding, locate(finding, sources, used))
    return html


def on_env(env, *, config, files):
    if _unsafe:
        raise PluginError(
            f"Content-safety gate: {len(_unsafe)} unsafe construct(s) under docs/, each listed above "
            "with its file and line. The build stops so they are never published."
        )
    return env


# ---- Helper functions ----


@dataclass(frozen=True)
class Finding:
    unsafe: bool        # True: the build fails; False: a warning (untrusted link)
    message: str        # what it is, why it matters, how to fix it
    needles: tuple[str, ...] = ()  # regexes that find it in the source, best first
    line: int | None = None        # line in the scanned text, when that text is the file itself


def load_allowlist(text: str) -> list[str]:
    """The trusted domains (and domain/path prefixes) listed in data/trusted-domains.yml."""
    data = yaml.safe_load(text) or {}
    entries = data.get("trusted") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValueError("needs a non-empty list under `trusted:`")
    cleaned = []
    for entry in entries:
        if not isinstance(entry, str) or not entry.strip() or "://" in entry or entry.strip().endswith("/"):
            raise ValueError(f"`{entry}` is not a domain like `doi.org` or `github.com/trd-handbook`")
        cleaned.append(entry.strip().lower())
    return cleaned


def own_site(site_url: str | None) -> list[str]:
    """The handbook's own address, as an allowlist entry (links to itself are trusted)."""
    parts = urlsplit(site_url or "")
    if not parts.hostname:
        return []
    return [(parts.hostname + parts.path).rstrip("/").lower()]


def is_trusted(url: str, allowlist: Iterable[str]) -> bool:
    """True if `url` is on the allowlist, as the browser parses it (handbook/steps/weburl.py)."""
    return weburl.is_trusted(url, allowlist)


def from_other_host(url: str, own_host: str | None = None) -> bool:
    """True if loading `url` would contact a host other than the handbook's own (browser rules)."""
    return weburl.from_other_host(url, own_host)


def _own_host(config) -> str | None:
    return urlsplit(config.site_url or "").hostname


def _srcset_urls(value: str) -> list[str]:
    return [c.strip().split()[0] for c in value.split(",") if c.strip()]


def css_findings(css: str, own_host: str | None = None, first_line: int = 1) -> list[Finding]:
    """url() and @import in `css` that load from another host."""
    found = []
    for match in _CSS_URL.finditer(css):
        url = (match.group("url") or match.group("imp") or "").strip()
        if from_other_host(url, own_host):
            found.append(Finding(
                True,
                f"CSS that loads {url} from another host: readers' browsers would contact that host. "
                "Fix: save the file under docs/assets/ and use a relative path, or remove it.",
                (re.escape(url),),
                first_line + css.count("\n", 0, match.start()),
            ))
    return found


class _Scanner:
    """Reads the elements the browser would build (handbook/html.py, Lexbor), in order."""

    def __init__(self, allowlist: Iterable[str], own_host: str | None, theme_code: bool) -> None:
        self.allowlist, self.own_host, self.theme_code = list(allowlist), own_host, theme_code
        self.findings: list[Finding] = []
        self._line = 1

    def getpos(self) -> tuple[int, int]:
        return self._line, 0

    def _add(self, unsafe: bool, message: str, needles: tuple[str, ...]) -> None:
        self.findings.append(Finding(unsafe, message, needles, self._line))

    def feed_elements(self, elements) -> None:
        for element in elements:
            self._line = element.line
            self.handle_starttag(element.tag, element.attrs)
            if element.tag == "style" and element.text:
                for finding in css_findings(element.text, self.own_host, element.line):
                    self.findings.append(finding)

    def handle_starttag(self, tag, attrs):
        if tag in BANNED_TAGS and not (self.theme_code and tag in THEME_TAGS):
            why, fix = BANNED_TAGS[tag]
            self._add(True, f"a <{tag}> element: {why}. Fix: {fix}.", (rf"<{re.escape(tag)}\b", rf"<{re.escape(tag.split(':')[-1])}\b"))
        for name, value in attrs:
            self._attribute(tag, name.lower(), value or "")

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self._add(True, f"an inline event handler (`{name}=` on <{tag}>): {_RUNS_CODE}. "
                      "Fix: remove the attribute.", (rf"\b{name}\s*=",))
        stripped = _CONTROL.sub("", value).lower()
        if stripped.startswith(SCRIPT_SCHEMES) or (
            name in ("values", "to", "from", "by") and any(s in stripped for s in SCRIPT_SCHEMES)
        ):  # SVG animations can set a link to a javascript: URL from a list of values
            scheme = next((x for x in SCRIPT_SCHEMES if x in stripped), "javascript:").rstrip(":")
            self._add(True, f"a `{scheme}:` URL (in {name}= on <{tag}>): {_RUNS_CODE}. "
                      "Fix: use an https:// link or a link to a page.", (re.escape(value.strip()), rf"{scheme}\s*:"))
            return
        if name == "style":
            if not self.theme_code:
                self._add(True, f"a style attribute (on <{tag}>): a page may not restyle the site (it could "
                          "hide or cover the safety notice; the CSP blocks it anyway). Fix: remove it, or ask an "
                          "engineer to add a class to docs/assets/stylesheets/handbook.css.", (r"\bstyle\s*=",))
            for finding in css_findings(value, self.own_host):
                self._add(True, finding.message, finding.needles)
            return
        loads = (name in LOADING_ATTRS or (tag in SVG_LOADING_TAGS and name in ("href", "xlink:href"))
                 or (tag == "link" and name == "href"))
        if loads and tag not in LINK_TAGS:
            urls = _srcset_urls(value) if name.endswith("srcset") else [value]
            for url in (u for u in urls if from_other_host(u, self.own_host)):
                self._add(True, f"<{tag} {name}> loads {url} from another host: readers' browsers would "
                          "contact that host, and the file can change without review. Fix: save a copy "
                          "under docs/assets/images/ (if its licence allows) and use a relative path.",
                          (re.escape(url),))
        elif tag in LINK_TAGS and name in ("href", "xlink:href"):
            url = value.strip()
            if url.lower().startswith("tel:"):
                problem = weburl.tel_problem(url)
                if problem:
                    self._add(True, problem, (re.escape(url),))
            elif weburl.is_absolute(url) and not is_trusted(url, self.allowlist):
                host = weburl.host(url) or url
                self._add(False, f"a link to {url}: {host} is not in {ALLOWLIST.as_posix()}. Fix: cite a "
                          "trusted source (journal, doi.org, PubMed, FDA, NICE, NHS...), or, if this site is "
                          f"a trustworthy primary source, add its domain to {ALLOWLIST.as_posix()} in the same "
                          "pull request so reviewers can approve it.", (re.escape(url),))


def judge_site(site) -> list[str]:
    """On any built site: what each page's content (the article; on the print page, each
    chapter's section) holds that contributors may not write. The theme's own code outside the
    content is not judged here (it is reviewed as code)."""
    try:
        allowlist = load_allowlist((site.project / ALLOWLIST).read_text(encoding="utf-8")) + own_site(site.site_url)
    except (OSError, ValueError) as exc:
        return [f"{ALLOWLIST}: {exc}. Fix the file: see the comments at its top."]
    own_host = urlsplit(site.site_url or "").hostname
    messages = []
    for page in site.pages:
        tree = site.tree(page)
        areas = tree.css(PRINT_SECTION) if site.is_print_page(page) else tree.css(CONTENT_AREA)
        for area in areas:
            for field in area.css(PROJECT_FIELDS):  # the project's own fields, not content
                field.decompose()
            for finding in html_findings(area.html, allowlist, own_host):
                messages.append(f"{page}: {finding.message}")
    return messages


def html_findings(html: str, allowlist: Iterable[str], own_host: str | None = None,
                  theme_code: bool = False) -> list[Finding]:
    """Everything unsafe or untrusted in `html`, in document order."""
    scanner = _Scanner(allowlist, own_host, theme_code)
    scanner.feed_elements(parser.elements(html))
    return scanner.findings


def static_file_findings(src_uri: str, path: Path, allowlist: Iterable[str],
                         own_host: str | None = None) -> list[Finding]:
    """Findings for a non-Markdown file under docs/ (`src_uri` is its path inside docs/)."""
    theme_code = src_uri.startswith(THEME_CODE)
    lower = src_uri.lower()
    if lower.endswith(SCRIPT_SUFFIXES):
        if theme_code:
            return []
        return [Finding(True, f"a script file outside docs/{THEME_CODE}: {_RUNS_CODE}. Fix: remove it; "
                        "theme scripts live in docs/assets/javascripts/ and are reviewed as code.", line=1)]
    if not lower.endswith(STATIC_SUFFIXES):
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    if lower.endswith(".css"):
        return css_findings(text, own_host)
    return html_findings(text, allowlist, own_host, theme_code)


def snippet_paths(markdown: str) -> list[str]:
    """Files a page includes with pymdownx.snippets (`--8<-- "file"` and block form)."""
    return [path for _line, path in snippet_lines(markdown)]


def page_sources(page, config) -> list[tuple[str, str, list[str]]]:
    """(file, note, lines) for the page file, then for the files it includes, in search order."""
    options = config.mdx_configs.get("pymdownx.snippets", {}) if "pymdownx.snippets" in config.markdown_extensions else None
    bases = options.get("base_path", ["."]) if options is not None else []
    bases = [os.fspath(b) for b in (bases if isinstance(bases, (list, tuple)) else [bases])]
    root = Path(config.config_file_path).parent
    page_label = _display(page.file.abs_src_path, config) if page.file.abs_src_path else f"docs/{page.file.src_uri}"
    sources = [(page_label, "", (page.file.content_string or "").splitlines())]
    queue = snippet_paths(page.file.content_string or "") + list((options or {}).get("auto_append", []))
    seen: set[Path] = set()
    while queue and len(seen) < 50:
        name = queue.pop(0)
        for base in bases:
            path = (root / base / name).resolve()
            if path.is_file() and path not in seen:
                seen.add(path)
                text = path.read_text(encoding="utf-8", errors="replace")
                sources.append((_display(str(path), config), f" (included in {page_label})", text.splitlines()))
                queue.extend(snippet_paths(text))
                break
    return sources


def locate(finding: Finding, sources: list[tuple[str, str, list[str]]], used: Counter) -> str:
    """`docs/risks.md:12`: where `finding` is written. The n-th finding with the same needle
    is matched to the n-th line holding it, so repeated constructs get their own lines."""
    for needle in finding.needles:
        pattern = re.compile(needle, re.I)
        for name, note, lines in sources:
            hits = [n for n, text in enumerate(lines, start=1) if pattern.search(text)]
            if hits:
                index = used[(name, needle)]
                used[(name, needle)] += 1
                return f"{name}:{hits[min(index, len(hits) - 1)]}{note}"
    return f"{sources[0][0]} (line not found: the HTML may come from a snippet or a hook)"


def _display(abs_path: str, config) -> str:
    root = os.path.dirname(config.config_file_path)
    return os.path.relpath(abs_path, root).replace(os.sep, "/")


def _report(finding: Finding, where: str) -> None:
    if finding.unsafe:
        _unsafe.append(where)
        log.error("%s: %s", where, finding.message)
    else:
        log.warning("%s: %s", where, finding.message)

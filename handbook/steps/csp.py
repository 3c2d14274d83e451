"""Turn on the Content-Security-Policy of every built page, with hashes of its inline code.

overrides/main.html writes the policy into each page's <head> (block `extrahead`) as an
inert `<meta name="hb-csp" content="...">`. After every other hook and plugin has written
its HTML (print-site writes the print page last, in on_post_build), this hook reads each
built HTML file, computes the SHA-256 hash of every inline <script> the browser would run
and of every inline <style> and style="" attribute, puts the hashes where the policy says
`{script-hashes}` / `{style-hashes}`, and renames the tag to
`<meta http-equiv="Content-Security-Policy" ...>`, which switches the policy on.

Why hashes and not 'unsafe-inline': the theme needs a few small inline scripts (palette,
tabs, search config) and print-site adds one inline <script> and one <style> to the print
page. Hashing exactly those keeps the policy strict: code the build did not write (say,
injected through a crafted URL) cannot run, and nothing loads from another host.

Guarantees, for every built HTML file:
- it carries exactly one active CSP <meta>, and no `{...-hashes}` placeholder is left;
- every inline script and style in it matches a hash in its policy;
- the policy allows no host but the site itself ('self'), never 'unsafe-inline' or
  'unsafe-eval';
- no inline event handler attribute (onclick=...) is used: the policy would block it.
A fixture site without this hook keeps the meta inert (name="hb-csp"), so it still works.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from handbook import html as parser
from handbook.logs import step_logger
from handbook.selectors import CSP_ACTIVE, CSP_INERT

log = step_logger(__name__)

INERT = re.compile(r'<meta name="hb-csp" content="([^"]*)">')
SCRIPT_SLOT = "{script-hashes}"
STYLE_SLOT = "{style-hashes}"
# <script type=...> values a browser runs; anything else (application/json, ...) is data.
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
FORBIDDEN = ("'unsafe-inline'", "'unsafe-eval'", "http:", "https:", "*")

_serving = False
RUNS_AFTER = {
    "inject_cover_notice": "the notice it adds to the print page is part of what is hashed",
    "tab_titles": "hashes are computed on the finished HTML",
    "checklist": "hashes are computed on the finished HTML",
}

# ---- Hooks ----


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_post_build(config, **kwargs) -> None:
    if _serving:
        # `mkdocs serve` adds its own inline live-reload script to every page as it serves
        # it; an enforced policy would block it. `make build`, `make pdf` and the tests
        # build without serving, so the published site and the gates always have the CSP.
        log.info("Content-Security-Policy left inactive while serving (live reload).")
        return
    site = Path(config.site_dir)
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        new_html, problems = apply_csp(html)
        for problem in problems:
            log.warning("%s: %s", path.relative_to(site).as_posix(), problem)
        if new_html != html:
            path.write_text(new_html, encoding="utf-8")


def judge_site(site) -> list[str]:
    """On any built site: every page has one active, strict policy that allows exactly its
    inline code (by hash) and nothing from another host."""
    messages = []
    for page, html in site.pages.items():
        tree = site.tree(page)
        active = tree.css(CSP_ACTIVE)
        if tree.css(CSP_INERT) or len(active) != 1:
            messages.append(
                f"{page}: {len(active)} active Content-Security-Policy <meta> (one is needed), "
                f"{len(tree.css(CSP_INERT))} left inert. Fix: build with the handbook plugin (step csp), "
                "from a template that extends main.html."
            )
            continue
        policy = active[0].attributes.get("content") or ""
        messages += [f"{page}: {problem}" for problem in policy_problems(policy)]
        found = inline_code(html)
        wanted = {sha256(text) for text in found.scripts + found.styles + found.style_attrs}
        allowed = set(policy.replace(";", " ").split())
        missing = sorted(h for h in wanted if h not in allowed)
        if missing:
            messages.append(
                f"{page}: {len(missing)} inline script(s) or style(s) not allowed by the page's CSP "
                f"(first: {missing[0]}), so browsers block them. Fix: rebuild; do not edit built HTML."
            )
        messages += [f"{page}: has an inline event handler ({h}), which the CSP blocks. Fix: move it into a .js file"
                     for h in found.handlers]
    return messages


# ---- Helper functions ----


def sha256(text: str) -> str:
    """A CSP hash source for exactly this text (UTF-8)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@dataclass
class Inline:
    """A page's inline scripts and styles, style attributes and event-handler attributes."""

    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    style_attrs: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)


def inline_code(html: str) -> Inline:
    """What a browser would run or apply inline in this page, parsed as the browser does."""
    found = Inline()
    tree = parser.document(html)
    for node in tree.root.traverse(include_text=False):
        attrs = node.attributes
        for name, value in attrs.items():
            if name == "style" and value:
                found.style_attrs.append(value)
            elif name.startswith("on") and value:
                found.handlers.append(f"<{node.tag} {name}=...>")
        if node.tag == "script" and "src" not in attrs:
            if (attrs.get("type") or "").strip().lower() in JS_TYPES:
                found.scripts.append(node.text(deep=True))
        elif node.tag == "style":
            found.styles.append(node.text(deep=True))
    return found


def fill_policy(policy: str, found: Inline) -> str:
    """The policy with its hash slots filled for the inline code in `found`."""
    scripts = sorted({sha256(s) for s in found.scripts})
    styles = sorted({sha256(s) for s in found.styles})
    if found.style_attrs:  # style="" attributes can only be allowed by hash with 'unsafe-hashes'
        styles += ["'unsafe-hashes'"] + sorted({sha256(s) for s in found.style_attrs})
    policy = policy.replace(SCRIPT_SLOT, " ".join(scripts)).replace(STYLE_SLOT, " ".join(styles))
    return re.sub(r" +", " ", policy).replace(" ;", ";").strip()


def policy_problems(policy: str) -> list[str]:
    """Why a filled policy is not strict enough; empty if it is fine."""
    problems = []
    for directive in filter(None, (d.strip() for d in policy.split(";"))):
        name, *sources = directive.split()
        for source in sources:
            if source in FORBIDDEN or source.startswith(("http", "//", "*.")) or (
                "." in source and not source.startswith("'")
            ):
                problems.append(f"the CSP allows `{source}` in {name}; only 'self', 'none', data: and hashes are allowed")
    if "{" in policy:
        problems.append("the CSP still has an unfilled {...} placeholder")
    return problems


def apply_csp(html: str) -> tuple[str, list[str]]:
    """Activate the page's CSP meta with hashes of its inline code. Returns (html, problems)."""
    metas = INERT.findall(html)
    if len(metas) != 1:
        return html, [
            f"expected one <meta name=\"hb-csp\"> (the CSP from overrides/main.html, block extrahead), found {len(metas)}. "
            "Fix: render the page with a template that extends main.html and keeps {{ super() }} in extrahead."
        ]
    found = inline_code(html)
    policy = fill_policy(metas[0].replace("&#39;", "'"), found)
    problems = policy_problems(policy)
    problems += [
        f"has an inline event handler ({h}), which the CSP blocks. Fix: move it into a .js file"
        for h in found.handlers
    ]
    active = '<meta http-equiv="Content-Security-Policy" content="' + policy + '">'
    return INERT.sub(lambda _m: active, html, count=1), problems

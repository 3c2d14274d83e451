"""The Content-Security-Policy trusts only inline code the project wrote.

Not a hook; handbook/steps/csp.py is its adapter (runs last, on every built HTML file).

- The policy is written by overrides/main.html as the FIRST element of <head> (block
  `site_meta`), as an inert `<meta name="hb-csp">`; this module fills its hash slots and
  switches it on. A CSP <meta> only applies to what follows it, and only in <head>.
- Hashes come from an allowlist, never from the page: an inline <script> is allowed only if
  its text is one of the theme's trusted inline scripts (TRUSTED_TEMPLATES, read from the
  theme's own template files; `{{ ... }}` slots may hold only URL-path characters) or the
  print-site plugin's (PLUGIN_SCRIPTS). Inline <style> likewise (print-site's numbering CSS).
  Anything else inline is a build error naming the file and line -- it is not hashed.
- No `'unsafe-hashes'`: style="" attributes are never allowed (content may not use them;
  the step check_content_safety says so at the source); event-handler attributes neither.
- The filled policy must keep `default-src 'none'`, `base-uri 'none'`, `form-action 'none'`,
  `object-src 'none'`, and allow no host, 'unsafe-inline' or 'unsafe-eval'. A page whose
  policy is missing, empty, not first in <head>, or duplicated is a build error.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from handbook import html as parser

SCRIPT_SLOT = "{script-hashes}"
STYLE_SLOT = "{style-hashes}"
INERT_NAME = "hb-csp"
DATA_TYPES = {"application/json"}  # <script type=...> a browser never runs
FORBIDDEN = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "http:", "https:", "*",
             "blob:", "filesystem:")
REQUIRED = {"default-src": "'none'", "base-uri": "'none'", "form-action": "'none'", "object-src": "'none'"}
#: Theme templates whose inline scripts the handbook trusts (first found in the theme's dirs).
TRUSTED_TEMPLATES = (
    "partials/javascripts/base.html",
    "partials/javascripts/palette.html",
    "partials/javascripts/content.html",
    "partials/javascripts/announce.html",
    "partials/javascripts/outdated.html",
)
#: What a Jinja `{{ ... }}` slot in a trusted inline script may render to: a URL path.
SLOT_VALUE = r"[A-Za-z0-9._~/%:-]*"
#: The print-site plugin's inline code on the print page (mkdocs_print_site_plugin 2.9).
PLUGIN_SCRIPTS = (
    re.compile(r"\s*document\.addEventListener\('DOMContentLoaded', function \(\) \{\s*"
               r"(?:(?:remove_material_navigation|remove_mkdocs_theme_navigation|generate_toc)\(\);)*\s*\}\)\s*"),
)
_NUMBERING_RULE = (r"\s*\.print-site-enumerate-headings #[A-Za-z0-9_-]+ (?:> )?h[1-6](?::before)? "
                   r"\{[ A-Za-z0-9_.:;'-]*(?:counter\([A-Za-z0-9_-]+\)[ '.]*)*[ A-Za-z0-9_.:;'-]*\}\s*")
PLUGIN_STYLES = (re.compile(rf"(?:{_NUMBERING_RULE})*"),)


def sha256(text: str) -> str:
    """A CSP hash source for exactly this text (UTF-8)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@dataclass
class Allowlist:
    scripts: list[re.Pattern] = field(default_factory=list)
    styles: list[re.Pattern] = field(default_factory=lambda: list(PLUGIN_STYLES))

    def allows_script(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.scripts)

    def allows_style(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.styles)


def template_pattern(text: str) -> re.Pattern | None:
    """A pattern for what this inline code from a template renders to, or None if it has
    control tags ({% %}), which could render anything."""
    if "{%" in text:
        return None
    parts = re.split(r"\{\{.*?\}\}", text, flags=re.S)
    return re.compile(SLOT_VALUE.join(re.escape(part) for part in parts), re.S)


def allowlist_from_templates(theme_dirs: list[Path], names=TRUSTED_TEMPLATES) -> Allowlist:
    """The trusted inline scripts: those in the named theme templates, plus print-site's."""
    allowed = Allowlist(scripts=list(PLUGIN_SCRIPTS))
    for name in names:
        for folder in theme_dirs:
            path = Path(folder) / name
            if path.is_file():
                source = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
                for element in parser.elements(source):
                    if element.tag == "script" and element.get("src") is None and not _is_data(element):
                        pattern = template_pattern(element.text)
                        if pattern is not None:
                            allowed.scripts.append(pattern)
                break
    return allowed


def _is_data(element: parser.Element) -> bool:
    return (element.get("type") or "").strip().lower() in DATA_TYPES


@dataclass
class Inline:
    scripts: list[tuple[int, str]] = field(default_factory=list)   # (line, code) a browser would run
    styles: list[tuple[int, str]] = field(default_factory=list)
    style_attrs: list[tuple[int, str]] = field(default_factory=list)
    handlers: list[tuple[int, str]] = field(default_factory=list)
    csp_metas: list[parser.Element] = field(default_factory=list)  # active or inert policy tags
    first_in_head: parser.Element | None = None


def inline_code(html: str) -> Inline:
    found = Inline()
    head_seen = False
    for element in parser.elements(html):
        if element.in_template:
            continue
        if element.tag == "head":
            head_seen = True
            continue
        if head_seen and found.first_in_head is None and element.tag not in ("html", "head"):
            parent = element.node.parent if element.node is not None else None
            if parent is not None and (parent.tag or "").lower() == "head":
                found.first_in_head = element
        if element.tag == "meta" and (element.get("name") == INERT_NAME or
                                      (element.get("http-equiv") or "").strip().lower() == "content-security-policy"):
            found.csp_metas.append(element)
        for name, value in element.attrs:
            if name == "style":
                found.style_attrs.append((element.line, value))
            elif name.startswith("on"):
                found.handlers.append((element.line, f"<{element.tag} {name}=...>"))
        if element.tag == "script" and element.get("src") is None and not _is_data(element):
            found.scripts.append((element.line, element.text))
        elif element.tag == "style":
            found.styles.append((element.line, element.text))
    return found


def policy_problems(policy: str) -> list[str]:
    """Why a filled policy is not strict enough; empty if it is fine."""
    problems = []
    directives = {}
    for directive in filter(None, (d.strip() for d in policy.split(";"))):
        name, *sources = directive.split()
        directives[name.lower()] = sources
        for source in sources:
            if source in FORBIDDEN or source.startswith(("http", "//", "*.")) or (
                "." in source and not source.startswith("'")
            ):
                problems.append(f"the CSP allows `{source}` in {name}; only 'self', 'none', data: and hashes are allowed")
    if not directives:
        problems.append("the CSP is empty")
    for name, value in REQUIRED.items():
        if directives.get(name) != [value]:
            problems.append(f"the CSP must say `{name} {value}`")
    if "{" in policy:
        problems.append("the CSP still has an unfilled {...} placeholder")
    return problems


def apply_csp(html: str, allowed: Allowlist) -> tuple[str, list[str]]:
    """Switch on the page's CSP with hashes of its allowed inline code. Returns (html, problems)."""
    found = inline_code(html)
    inert = [m for m in found.csp_metas if m.get("name") == INERT_NAME]
    problems: list[str] = []
    if len(found.csp_metas) != 1 or len(inert) != 1:
        return html, [
            f"expected exactly one policy <meta name=\"hb-csp\"> and no other CSP <meta>, found {len(found.csp_metas)}. "
            "Fix: render the page with a template that extends main.html (block site_meta writes the policy)."
        ]
    if found.first_in_head is not inert[0]:
        return html, ["the policy <meta name=\"hb-csp\"> is not the first element of <head> (a CSP <meta> only "
                      "applies to what follows it, and is ignored in <body>). Fix: keep it first in block "
                      "site_meta of overrides/main.html, and check the values printed before it."]
    policy = (inert[0].get("content") or "").strip()
    if not policy:
        return html, ["the policy <meta name=\"hb-csp\"> is empty. Fix: restore it in overrides/main.html."]
    scripts, styles = set(), set()
    for line, code in found.scripts:
        if allowed.allows_script(code):
            scripts.add(sha256(code))
        else:
            problems.append(f"line {line}: an inline <script> the project did not write (not in the CSP allowlist "
                            f"of handbook/csp_policy.py), starting {code.strip()[:60]!r}. It would not run; remove it.")
    for line, code in found.styles:
        if allowed.allows_style(code):
            styles.add(sha256(code))
        else:
            problems.append(f"line {line}: an inline <style> the project did not write (not in the CSP allowlist). "
                            "Fix: move it to docs/assets/stylesheets/.")
    problems += [f"line {line}: a style attribute (style=\"{value[:40]}\"), which the CSP blocks. Fix: use a class "
                 "in docs/assets/stylesheets/" for line, value in found.style_attrs]
    problems += [f"line {line}: an inline event handler ({h}), which the CSP blocks. Fix: move it into a .js file"
                 for line, h in found.handlers]
    filled = policy.replace(SCRIPT_SLOT, " ".join(sorted(scripts))).replace(STYLE_SLOT, " ".join(sorted(styles)))
    filled = re.sub(r" +", " ", filled).replace(" ;", ";").strip()
    problems += policy_problems(filled)
    start = html.find(f'<meta name="{INERT_NAME}"')
    end = html.find(">", start) + 1 if start != -1 else -1
    if start == -1 or end <= 0:
        return html, problems + ["the policy <meta> is not written as `<meta name=\"hb-csp\" content=\"...\">`"]
    active = '<meta http-equiv="Content-Security-Policy" content="' + filled.replace('"', "&quot;") + '">'
    out = html[:start] + active + html[end:]
    check = inline_code(out)
    if (len(check.csp_metas) != 1 or check.first_in_head is None
            or (check.first_in_head.get("http-equiv") or "").lower() != "content-security-policy"
            or check.first_in_head.get("content") != filled):
        problems.append("after switching it on, the policy is not the one active first element of <head>")
    charset = out.lower().find("<meta charset")
    if charset > 1024 - 30:
        problems.append("the policy pushes <meta charset> past the first 1024 bytes. Fix: shorten the policy")
    return out, problems

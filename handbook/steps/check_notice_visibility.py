"""The safety notices are there as a reader sees them, not just as text in the file.

The disclaimer and crisis box are written by the theme after each page's content, so a page
that leaves an element open -- `<div hidden>`, `<details>`, `<div style="display:none">`,
`<template>`, `<textarea>`, a comment -- hides or swallows them while a text search still
finds them. One unclosed element in a chapter also swallows every later chapter of the print
page (and so of the PDF). This step, with the build's one HTML parser (handbook/html.py):

- (the step check_content_closed checks each page's content as written, before other steps
  re-serialise it, closes every element it opens);
- checks each built page: #disclaimer and #crisis-help (and the inline crisis boxes) have no
  ancestor that hides them (hidden, inert, aria-hidden, style, <template>, <noscript>,
  closed <details>, <dialog>);
- checks the print page: one visible section per page in the nav (but those print-site's
  `exclude` leaves out), none inside another.

The browser gate (tests/test_security_cases.py) checks the same in Chromium: visible and
uncovered in light, dark, 320 px and print media.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from handbook import html as parser
from handbook.config import in_print_page, print_page_path
from handbook.logs import step_logger

log = step_logger(__name__)

NOTICE_IDS = ("disclaimer", "crisis-help")
HIDING_TAGS = {"template", "noscript", "dialog", "select", "textarea", "title", "head", "object", "iframe"}
_errors: list[str] = []
_nav_keys: list[str] = []
RUNS_AFTER = {"inject_cover_notice": "it checks the notices on the print cover that step adds"}

# ---- Hooks ----


def on_pre_build(config, **kwargs) -> None:
    _errors.clear()


def on_nav(nav, *, config, files):
    _nav_keys[:] = [print_key(page.url) for page in nav.pages if in_print_page(config, page.file.src_path)]
    return nav


def on_post_page(output, *, page, config):
    for problem in hidden_notice_problems(output):
        _fail(f"docs/{page.file.src_uri}: {problem}")
    return output


def on_post_build(config, **kwargs) -> None:
    path = print_page_path(config)
    if path is not None:
        if path.exists():
            html = path.read_text(encoding="utf-8")
            for problem in print_page_problems(html, _nav_keys) + hidden_notice_problems(html):
                _fail(f"print page ({path.name}): {problem}")
    if _errors:
        raise PluginError(f"Safety notices: {len(_errors)} problem(s), each listed above with its file.")


def judge_site(site) -> list[str]:
    """On any built site: no page's disclaimer, crisis box or inline crisis box sits inside an
    element that hides it from readers."""
    return [f"{page}: {problem}" for page, html in site.pages.items() for problem in hidden_notice_problems(html)]


# ---- Helper functions ----


def _fail(message: str) -> None:
    _errors.append(message)
    log.error(message)


def print_key(url: str) -> str:
    try:
        from mkdocs_print_site_plugin.urls import get_page_key

        return get_page_key(url)
    except Exception:
        return url.strip("/").replace("/", "-") or "index"


def _hiding(element) -> str | None:
    tag = (element.tag or "").lower()
    attrs = element.attributes or {}
    if tag in HIDING_TAGS:
        return f"<{tag}>"
    if tag == "details" and "open" not in attrs:
        return "a closed <details>"
    for name in ("hidden", "inert"):
        if name in attrs:
            return f"<{tag} {name}>"
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return f'<{tag} aria-hidden="true">'
    if attrs.get("style"):
        return f'<{tag} style="{attrs["style"][:40]}">'
    return None


def hidden_notice_problems(html: str) -> list[str]:
    """What hides the disclaimer, the crisis box or an inline crisis box in this built page."""
    tree = parser.document(html)
    problems = []
    targets = [(f"#{i}", tree.css_first(f"#{i}")) for i in NOTICE_IDS]
    targets += [(".hb-crisis-inline", n) for n in tree.css(".hb-crisis-inline")]
    for name, node in targets:
        if node is None:
            continue  # handbook/steps/check_disclaimer.py reports a missing notice
        current = node
        while current is not None and (current.tag or "").lower() not in ("body", "html", "-document"):
            reason = _hiding(current)
            if reason:
                problems.append(f"the {name} notice is inside {reason}, so readers do not see it. Fix: close "
                                "the element before it ends, or remove the attribute.")
                break
            current = current.parent
    return problems


def print_page_problems(html: str, nav_keys: list[str]) -> list[str]:
    """Every page of the nav has its own visible section on the print page, not nested."""
    tree = parser.document(html)
    found = {}
    for node in tree.css("section.print-page[id]"):
        found[node.attributes.get("id")] = node
    problems = []
    for key in nav_keys:
        node = found.get(key)
        if node is None:
            problems.append(f"the section for `{key}` is missing (swallowed by an element an earlier chapter "
                            "left open?). Fix: close every element in the chapters before it.")
            continue
        parent = node.parent
        while parent is not None and (parent.tag or "").lower() not in ("body", "html"):
            if (parent.tag or "").lower() == "section" and "print-page" in (parent.attributes.get("class") or "").split():
                problems.append(f"the section for `{key}` is inside another chapter's section (an element was "
                                "left open). Fix: close every element in the chapter before it.")
                break
            reason = _hiding(parent)
            if reason:
                problems.append(f"the section for `{key}` is inside {reason}, so it is not printed.")
                break
            parent = parent.parent
    return problems

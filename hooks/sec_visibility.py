"""The safety notices are there as a reader sees them, not just as text in the file.

The disclaimer and crisis box are written by the theme after each page's content, so a page
that leaves an element open -- `<div hidden>`, `<details>`, `<div style="display:none">`,
`<template>`, `<textarea>`, a comment -- hides or swallows them while a text search still
finds them. One unclosed element in a chapter also swallows every later chapter of the print
page (and so of the PDF). This hook, with the build's one HTML parser (hooks/sec_html.py):

- checks each page's content as written (after Markdown and snippets, before other hooks):
  it must close every element it opens (a marker placed after it must land as the last
  child of <body>, as a browser would build it). Error naming the page and line;
- checks each built page: #disclaimer and #crisis-help (and the inline crisis boxes) have no
  ancestor that hides them (hidden, inert, aria-hidden, style, <template>, <noscript>,
  closed <details>, <dialog>);
- checks the print page: one visible section per page in the nav, none inside another.

The browser gate (tests/test_security_cases.py) checks the same in Chromium: visible and
uncovered in light, dark, 320 px and print media.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

import sec_html

log = get_plugin_logger(__name__)

NOTICE_IDS = ("disclaimer", "crisis-help")
HIDING_TAGS = {"template", "noscript", "dialog", "select", "textarea", "title", "head", "object", "iframe"}
_errors: list[str] = []
_nav_keys: list[str] = []

# ---- Hooks ----


def on_pre_build(config, **kwargs) -> None:
    _errors.clear()


def on_nav(nav, *, config, files):
    _nav_keys[:] = [print_key(page.url) for page in nav.pages]
    return nav


@event_priority(100)  # what contributors wrote, before hooks add their own HTML
def on_page_content(html, *, page, config, files):
    problem = sec_html.unclosed_problem(html)
    if problem:
        line = source_line(page.file.content_string or "", problem)
        _fail(f"docs/{page.file.src_uri}:{line}: the page {problem}, which would hide or swallow the "
              "disclaimer and crisis box after it (and later chapters on the print page). Fix: close "
              "every element you open (</div>, </details>, ...), or write it in Markdown.")
    return html


def on_post_page(output, *, page, config):
    for problem in hidden_notice_problems(output):
        _fail(f"docs/{page.file.src_uri}: {problem}")
    return output


@event_priority(-90)  # after print-site wrote the print page (before csp.py)
def on_post_build(config, **kwargs) -> None:
    plugin = config.plugins.get("print-site")
    if plugin is not None and getattr(plugin, "print_page", None) is not None:
        from pathlib import Path

        path = Path(plugin.print_page.file.abs_dest_path)
        if path.exists():
            html = path.read_text(encoding="utf-8")
            for problem in print_page_problems(html, _nav_keys) + hidden_notice_problems(html):
                _fail(f"print page ({path.name}): {problem}")
    if _errors:
        raise PluginError(f"Safety notices: {len(_errors)} problem(s), each listed above with its file.")


# ---- Helper functions ----


def _fail(message: str) -> None:
    _errors.append(message)
    log.error(message)


def print_key(url: str) -> str:
    try:
        from mkdocs_print_site_plugin.urls import get_page_key

        return get_page_key(url)
    except Exception:  # noqa: BLE001
        return url.strip("/").replace("/", "-") or "index"


def source_line(source: str, problem: str) -> int:
    """The last line of the source that opens the element the problem names (1 if none)."""
    tags = re.findall(r"<([a-z][a-z0-9:-]*)", problem)
    lines = source.split("\n")
    for tag in tags or ["div"]:
        pattern = re.compile(rf"<{re.escape(tag)}\b|<!--", re.I)
        for number in range(len(lines), 0, -1):
            if pattern.search(lines[number - 1]):
                return number
    return 1


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
    tree = sec_html.parse(html)
    problems = []
    targets = [(f"#{i}", tree.css_first(f"#{i}")) for i in NOTICE_IDS]
    targets += [(".hb-crisis-inline", n) for n in tree.css(".hb-crisis-inline")]
    for name, node in targets:
        if node is None:
            continue  # hooks/check_disclaimer.py reports a missing notice
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
    tree = sec_html.parse(html)
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

"""Each page's content closes every element it opens, so the safety notices after it stay visible.

The disclaimer and crisis box are written by the theme after each page's content, so a page
that leaves an element open -- `<div hidden>`, `<details>`, `<template>`, `<textarea>`, a
comment -- hides or swallows them (and, on the print page, every later chapter) while a text
search still finds them. This step reads the content as written (after Markdown and snippets)
with the one HTML parser (handbook/html.py `unclosed_problem`: a marker placed after it must
land as the last child of <body>, as a browser builds it). It runs before any step re-parses
and re-serialises the HTML, which would close the element and hide the fault. Error naming
the page and line. check_notice_visibility then checks the notices in the built pages.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from handbook import html as parser
from handbook.logs import step_logger

log = step_logger(__name__)

RUNS_AFTER = {"check_front_matter": "rejected front matter never reaches a template"}

_errors: list[str] = []

# ---- Hooks ----


def on_pre_build(config, **kwargs) -> None:
    _errors.clear()


def on_page_content(html, *, page, config, files):
    problem = parser.unclosed_problem(html)
    if problem:
        line = source_line(page.file.content_string or "", problem)
        message = (f"docs/{page.file.src_uri}:{line}: the page {problem}, which would hide or swallow the "
                   "disclaimer and crisis box after it (and later chapters on the print page). Fix: close "
                   "every element you open (</div>, </details>, ...), or write it in Markdown.")
        _errors.append(message)
        log.error(message)
    return html


def on_post_build(config, **kwargs) -> None:
    if _errors:
        raise PluginError(f"Unclosed elements: {len(_errors)} page(s), each listed above with its file and line.")


# ---- Helper functions ----


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

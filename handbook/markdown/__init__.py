"""Transforms as Python-Markdown extensions: they run inside any engine that renders pages
with Python-Markdown (MkDocs, ProperDocs, Zensical), with or without the handbook plugin.

mkdocs.base.yml lists them under `markdown_extensions:` by import path; each module has a
`makeExtension(**kwargs)`, so `markdown.markdown(text, extensions=["handbook.markdown.citations"])`
works without MkDocs too. These modules never import MkDocs.

- citations     `[@key]` -> numbered links; `<!-- references -->` -> the reference list (preprocessor)
- glossary      `<!-- glossary -->` -> the glossary from the abbreviations file (preprocessor)
- tab_titles    each tab's name as a heading in its panel, for paper (postprocessor)
- print_urls    links whose text is their address marked, so paper prints it once (postprocessor)
- table_regions Markdown tables in scrollable, labelled regions (postprocessor)

Preprocessors run at PRE_PRIORITY, before every other one (snippets, HTML blocks), so they
see the page's Markdown exactly as the plugin's `on_page_markdown` steps left it; citations
run at AFTER_SNIPPETS_PRIORITY, right after pymdownx.snippets has put the included files in,
so a shared include (includes/trade-offs.md) can cite its sources. The HTML
transforms run at the end of the postprocessors, on the same HTML `on_page_content` gets, and
never re-serialise content that leaves an element open (that would close it and hide the
fault from the check_content_closed step, which runs after them).
The checks stay steps (handbook/steps/); where a step and an extension share work (the
bibliography, the glossary source), the pure functions live here and the step imports them.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable
from pathlib import Path

from markdown.postprocessors import Postprocessor

from handbook import html as parser
from handbook.fences import lines_outside_code

#: Before pymdownx.snippets (32), the meta extension (27) and the HTML-block stash (20).
PRE_PRIORITY = 40
#: Citations only: just after pymdownx.snippets (32), so `[@key]` in an included file renders
#: too; still before the meta extension (27) and the HTML-block stash (20).
AFTER_SNIPPETS_PRIORITY = 31


def logger(module_name: str) -> logging.LoggerAdapter:
    """The logger of an extension, under `mkdocs.` (so `--strict` counts its warnings),
    its messages prefixed with the extension's name like the steps' (handbook/logs.py)."""
    short = module_name.rsplit(".", 1)[-1]

    class _Prefixed(logging.LoggerAdapter):
        def process(self, msg, kwargs):
            return f"{short}: {msg}", kwargs

    return _Prefixed(logging.getLogger(f"mkdocs.plugins.handbook.{short}"), {})


def _rewriter(md):
    """MkDocs' and ProperDocs' link rewriter (the `relpath` treeprocessor): it knows the page
    being rendered and the configuration. Other engines have none; then these helpers fall back."""
    return md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None


def page_uri(md) -> str | None:
    """The page being rendered (`risks.md`), where the engine says so."""
    return getattr(getattr(_rewriter(md), "file", None), "src_uri", None)


def project_path(md, path) -> Path:
    """A file named in an extension's settings: an absolute path as given; a relative one from
    the folder of the engine's config file where the engine says (so `data/references.yml`
    needs no `!relative` tag, which Zensical rejects), else from the current directory."""
    path = Path(os.fspath(path))
    config_file = getattr(getattr(_rewriter(md), "config", None), "config_file_path", None)
    return Path(config_file).parent / path if config_file and not path.is_absolute() else path


def relative_link(md, target: str) -> str:
    """`target` (a path under docs/) as a link relative to the page being rendered."""
    page = page_uri(md)
    return posixpath.relpath(target, posixpath.dirname(page) or ".") if page else target


def replace_marker(markdown: str, marker: str, replacement: str) -> tuple[str, bool]:
    """Replace the first line that is exactly `marker` (outside code) with `replacement`."""
    lines = markdown.split("\n")
    for index, line in lines_outside_code(markdown):
        if line.strip() == marker:
            lines[index] = "\n" + replacement + "\n"
            return "\n".join(lines), True
    return markdown, False


class HtmlTransform(Postprocessor):
    """Runs `transform(html) -> html` on a page's finished HTML, unless the content leaves an
    element open: then the page is left as written, for check_content_closed to report."""

    def __init__(self, md, transform: Callable[[str], str]) -> None:
        super().__init__(md)
        self.transform = transform

    def run(self, text: str) -> str:
        new = self.transform(text)
        if new != text and parser.unclosed_problem(text):
            return text
        return new

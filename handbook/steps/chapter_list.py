"""Start here's list of chapters, generated from the nav so it always matches the book.

A writer puts `<!-- chapter-list -->` on a line of its own. This hook replaces it with a
numbered list of every page in mkdocs.yml `nav` after the page itself, each numbered as
the printed packet numbers its chapter headings (print-site's `enumerate_headings`
counts the nav from 1, Start here included), with the page's front-matter `description`.
On paper each entry also gets its page number (scripts/make_pdf.py: "(page N)").
"""

from __future__ import annotations

from html import escape

from mkdocs.utils import get_relative_url

from handbook import frontmatter
from handbook.logs import step_logger
from handbook.markdown_source import replace_marker

log = step_logger(__name__)

RUNS_AFTER = {"check_content_safety": "content safety must judge what contributors wrote first"}

MARKER = "<!-- chapter-list -->"

# ---- Hooks ----


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    if MARKER not in markdown:
        return markdown
    chapters = nav_pages(config.nav or [])
    descriptions, urls = {}, {}
    for _title, src in chapters:
        file = files.get_file_from_path(src)
        if file is not None:
            descriptions[src] = str((frontmatter.meta(file.content_string) or {}).get("description") or "")
            urls[src] = get_relative_url(file.url, page.url or ".")
    listing = chapter_list(chapters, page.file.src_uri, descriptions, urls)
    markdown, done = replace_marker(markdown, MARKER, listing)
    if not done:
        log.warning("%s: `%s` must be on a line of its own (not in code). Fix: move it.", page.file.src_uri, MARKER)
    return markdown


# ---- Helper functions ----


def nav_pages(nav) -> list[tuple[str, str]]:
    """[(title, docs path)] of every page in the nav, in order (sections flattened)."""
    out = []
    for entry in nav:
        if isinstance(entry, str):
            out.append((entry, entry))
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    if "://" not in value:
                        out.append((str(title), value))
                elif isinstance(value, list):
                    out.extend(nav_pages(value))
    return out


def chapter_list(chapters: list[tuple[str, str]], current: str, descriptions: dict[str, str],
                 urls: dict[str, str]) -> str:
    """An HTML ordered list of the chapters after `current`, each numbered by its nav
    position (`value`: Markdown lists always restart at 1)."""
    items = []
    after = False
    for number, (title, src) in enumerate(chapters, start=1):
        if src == current:
            after = True
            continue
        if not after or src not in urls:
            continue
        text = escape(descriptions.get(src, "").strip())
        items.append(f'<li value="{number}"><a href="{escape(urls[src])}">{escape(title)}</a>. {text}</li>')
    first = items and items[0].split('"')[1]
    return f'<ol class="hb-chapter-list" start="{first or 1}">\n' + "\n".join(items) + "\n</ol>"

"""Shared helpers for steps that check a page's Markdown source line by line.

Not a step itself (it has no MkDocs events); the steps citations, glossary, review_dates and
safe_messaging use it. Front matter comes from handbook.frontmatter and code fences from
handbook.fences (one way each). It guarantees that:

- line numbers in messages are the line numbers of the file on disk (front matter included),
  even when an earlier hook has already changed `page.markdown`;
- fenced code blocks and inline code are never checked (they show text, not claims);
- every message names the page and line the same way as the other hooks: `risks.md line 42`.
"""

from __future__ import annotations

from handbook import frontmatter
from handbook.fences import lines_outside_code, mask_inline_code

__all__ = ["lines_outside_code", "location", "mask_inline_code", "page_source", "replace_marker", "split_front_matter"]


def split_front_matter(source: str) -> tuple[str, int]:
    """The Markdown body of `source` and the number of lines before it (handbook.frontmatter)."""
    _meta, body, offset = frontmatter.split(source)
    return body, offset


def page_source(page) -> tuple[str, int]:
    """The page's body as written on disk, and the number of front-matter lines before it."""
    source = page.file.content_string
    return split_front_matter(source)


def location(page, config, line: int | None = None) -> str:
    """`risks.md line 42`: the page as MkDocs names it (its path under docs/), and the line.

    Same form as the other steps' messages (steps/check_headings.py).
    """
    return f"{page.file.src_uri} line {line}" if line else page.file.src_uri


def replace_marker(markdown: str, marker: str, replacement: str) -> tuple[str, bool]:
    """Replace the first line that is exactly `marker` (outside code) with `replacement`."""
    lines = markdown.split("\n")
    for index, line in lines_outside_code(markdown):
        if line.strip() == marker:
            lines[index] = "\n" + replacement + "\n"
            return "\n".join(lines), True
    return markdown, False

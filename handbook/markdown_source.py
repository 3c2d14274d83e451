"""Shared helpers for hooks that check a page's Markdown source line by line.

Not a hook itself (it has no MkDocs events); hooks/citations.py, hooks/safe_messaging.py and
hooks/review_dates.py import it. It guarantees that:

- line numbers in messages are the line numbers of the file on disk (front matter included),
  even when an earlier hook has already changed `page.markdown`;
- fenced code blocks and inline code are never checked (they show text, not claims);
- every message names the page and line the same way as the other hooks: `risks.md line 42`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mkdocs.utils.meta import get_data

_FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)\1")


def split_front_matter(source: str) -> tuple[str, int]:
    """Return the Markdown body of `source` and the number of lines before it.

    Mirrors how MkDocs strips YAML front matter, so body line `i` (0-based) is line
    `i + offset + 1` of the file.
    """
    body, _meta = get_data(source)
    if body and source.endswith(body):
        return body, source[: len(source) - len(body)].count("\n")
    return source, 0


def lines_outside_code(text: str) -> Iterator[tuple[int, str]]:
    """Yield `(index, line)` for lines that are not inside a fenced code block.

    Inline code spans in the yielded lines are blanked out (same length), so a pattern
    written as an example (`[@key]`) is not taken for the real thing.
    """
    fence: str | None = None
    for index, line in enumerate(text.split("\n")):
        match = _FENCE_RE.match(line)
        if fence is None:
            if match:
                fence = match.group("fence")
                continue
            yield index, mask_inline_code(line)
        elif match and match.group("fence")[0] == fence[0] and len(match.group("fence")) >= len(fence):
            if not line.strip()[len(match.group("fence")):].strip():
                fence = None


def mask_inline_code(line: str) -> str:
    """Replace every inline code span with spaces of the same length."""
    return _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)


def page_source(page) -> tuple[str, int]:
    """The page's body as written on disk, and the number of front-matter lines before it."""
    source = page.file.content_string
    return split_front_matter(source)


def location(page, config, line: int | None = None) -> str:
    """`risks.md line 42`: the page as MkDocs names it (its path under docs/), and the line.

    Same form as the other hooks' messages (hooks/check_headings.py).
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

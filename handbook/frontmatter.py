"""Front matter: one way to split it from a page and to find a key's line.

Mirrors MkDocs (`mkdocs.utils.meta.get_data`), so a check reads exactly what the build reads,
and gives the number of lines above the body, so messages name lines of the file on disk.
"""

from __future__ import annotations

import re

from mkdocs.utils.meta import get_data


def split(source: str) -> tuple[dict, str, int]:
    """(meta, body, lines before the body): body line `i` (0-based) is file line `i + offset + 1`."""
    body, meta = get_data(source)
    if body and source.endswith(body):
        return meta, body, source[: len(source) - len(body)].count("\n")
    return meta, source, 0


def meta(source: str) -> dict:
    """The front matter as MkDocs reads it ({} if none or unreadable)."""
    return get_data(source)[1]


def key_line(source: str, key: str | None) -> int:
    """Line number of `key:` in the front matter (1 if absent: the top of the file)."""
    lines = source.split("\n")
    if key and lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=2):
            if line.strip() in ("---", "..."):
                break
            if re.match(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:", line):
                return number
    return 1

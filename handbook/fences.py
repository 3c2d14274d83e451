"""Fenced code blocks: one way to tell Markdown lines that are text from lines that show code.

A fence opens with three or more backticks or tildes and closes only with the same character,
at least as many of them, and nothing else on the line (CommonMark; pymdownx.superfences
follows it). So a ```` fence may show ``` inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)\1")


def lines_outside_code(text: str) -> Iterator[tuple[int, str]]:
    """Yield `(index, line)` for lines that are not inside a fenced code block (nor a fence).

    Inline code spans in the yielded lines are blanked out (same length), so a pattern
    written as an example (`[@key]`) is not taken for the real thing."""
    for index, line, in_code in classify(text):
        if not in_code:
            yield index, mask_inline_code(line)


def classify(text: str) -> Iterator[tuple[int, str, bool]]:
    """Yield `(index, line, is_code)` for every line; fence lines count as code."""
    fence: str | None = None
    for index, line in enumerate(text.split("\n")):
        match = _FENCE_RE.match(line)
        if fence is None:
            if match:
                fence = match.group("fence")
                yield index, line, True
                continue
            yield index, line, False
        else:
            if (match and match.group("fence")[0] == fence[0] and len(match.group("fence")) >= len(fence)
                    and not line.strip()[len(match.group("fence")):].strip()):
                fence = None
            yield index, line, True


def mask_inline_code(line: str) -> str:
    """Replace every inline code span with spaces of the same length."""
    return _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)

"""Every page starts with one H1 and has no other.

Guarantee: after its front matter, a page's first line of content is a `# Title`
heading, and no second `# ` heading follows (fenced code is ignored). Readers, screen
readers and the print page's numbering all rely on that.
"""

from __future__ import annotations

import re
from pathlib import Path

from handbook import frontmatter
from handbook.fences import classify
from handbook.logs import step_logger
from handbook.selectors import CONTENT_AREA

log = step_logger(__name__)

_H1 = re.compile(r"^#(?!#)\s*\S")

# ---- Hooks ----


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    offset = body_offset(page.file.abs_src_path, markdown)
    for line, problem in heading_problems(markdown):
        log.warning("%s line %d: %s", page.file.src_uri, line + offset, problem)
    return markdown


def judge_site(site) -> list[str]:
    """On a built site: each page's content area holds exactly one H1."""
    messages = []
    for page in site.content_pages():
        area = site.tree(page).css_first(CONTENT_AREA)
        count = len(area.css("h1")) if area is not None else 0
        if count != 1:
            messages.append(
                f"{page}: {count} H1 headings in the content. Fix: one `# Title` first in the page's "
                "Markdown, `##` for sections."
            )
    return messages


# ---- Helper functions ----


def body_offset(src_path: str | None, markdown: str) -> int:
    """Lines of front matter above the Markdown body, so messages give file lines."""
    if not src_path:
        return 0
    return frontmatter.split(Path(src_path).read_text(encoding="utf-8-sig"))[2]


def heading_problems(markdown: str) -> list[tuple[int, str]]:
    """(1-based line, message) for each heading problem in a page body."""
    problems: list[tuple[int, str]] = []
    seen_h1 = False
    first_content = True
    for index, line, in_code in classify(markdown):
        number = index + 1
        if in_code:
            first_content = False
            continue
        if not line.strip():
            continue
        is_h1 = bool(_H1.match(line))
        if first_content and not is_h1:
            problems.append((number, "the page must start with a `# Title` heading (H1). Fix: add one as the first line after the front matter."))
        if is_h1 and seen_h1:
            problems.append((number, "a second H1. Fix: use `##` for sections; a page has one `#` title."))
        seen_h1 = seen_h1 or is_h1
        first_content = False
    if not seen_h1 and not problems:
        problems.append((1, "no H1 title. Fix: add `# Title` after the front matter."))
    return problems

"""One main message at the top of every chapter (CDC Clear Communication Index items 1-3).

Writers put the one thing a reader must remember, with the one action that matters, right
under the H1 and before the Key points box:

    # Risks and side effects

    <p class="hb-main-message" markdown>Most side effects pass the same day. ...</p>

    !!! abstract "Key points"

This hook checks the rendered page content. For every page not listed in
`extra.literacy.exempt` it warns (page and line) when:

- there is no element with the class `hb-main-message`, or more than one;
- it is not the first thing after the H1 (so it is seen first, above the fold); the
  review-dates line (handbook/steps/review_dates.py) may sit between them;
- it comes after the Key points box, or sits inside another box;
- it is longer than 3 sentences or 60 words (CDC: "1-3 short sentences").

What it cannot tell: whether the message is the right one, is in the active voice, or
names an action (the literacy report lists each page's message for a human to judge).
While the check is listed in `extra.literacy.pending`, problems are logged at INFO.
"""

from __future__ import annotations

import re

from handbook import html as parser
from handbook.literacy_text import literacy_settings, report, split_sentences
from handbook.logs import step_logger
from handbook.markdown_source import location
from handbook.selectors import MAIN_MESSAGE_CLASS

log = step_logger(__name__)

RUNS_AFTER = {"check_content_safety": "content safety must judge what contributors wrote first"}

CHECK = "main_message"
CLASS = MAIN_MESSAGE_CLASS
MAX_SENTENCES = 3
MAX_WORDS = 60
#: Page furniture other hooks put under the H1 (handbook/steps/review_dates.py); not content.
FURNITURE = {"hb-review"}

# ---- Hooks ----


def on_page_content(html, *, page, config, files):
    if page.file.src_uri in literacy_settings(config)["exempt"]:
        return html
    source = page.file.content_string
    for problem in main_message_problems(html):
        where = location(page, config, source_line(source))
        report(log, CHECK, config, f"{where}: {problem}")
    return html


# ---- Helper functions ----


def source_line(source: str) -> int | None:
    """1-based line of the first `hb-main-message` in the file, else of the H1."""
    lines = source.split("\n")
    for marker in (CLASS, None):
        for number, line in enumerate(lines, start=1):
            if (marker and marker in line) or (marker is None and re.match(r"^#\s", line)):
                return number
    return None


def _is_key_points(node: parser.Node) -> bool:
    if "admonition" not in parser.classes(node):
        return False
    title = node.css_first(".admonition-title")
    return parser.text(title).casefold().startswith("key points")


def main_message_text(html: str) -> list[str]:
    """The text of each main-message block on a page."""
    return [parser.text(node) for node in parser.fragment(html).css(f".{CLASS}")]


def main_message_problems(html: str) -> list[str]:
    """What is wrong with a page's main message, as messages that say how to fix it."""
    tree = parser.fragment(html)
    blocks = tree.css(f".{CLASS}")
    how = (
        f'Put one <p class="{CLASS}" markdown>…</p> right under the H1, before Key points: '
        "1 to 3 short sentences in the active voice with the one action that matters."
    )
    if not blocks:
        return [f"no main message. {how}"]
    if len(blocks) > 1:
        return [f"{len(blocks)} main messages; a chapter has exactly one. {how}"]
    block = blocks[0]
    problems = []
    # The page's top-level elements (in a fragment they have no parent).
    top = list(tree.root.iter(include_text=False)) if tree.root is not None else []
    ids = [node.mem_id for node in top]
    body = [node for node in top if node.tag != "h1" and not FURNITURE & set(parser.classes(node))]
    if block.parent is not None:
        problems.append(f"the main message is inside another element ({block.parent.tag}); {how}")
    elif not body or body[0].mem_id != block.mem_id:
        problems.append(f"the main message is not the first thing under the H1. {how}")
    key_points = next((node for node in top if _is_key_points(node)), None)
    if key_points is not None and block.mem_id in ids and ids.index(block.mem_id) > ids.index(key_points.mem_id):
        problems.append(f"the main message comes after the Key points box. {how}")
    text = parser.text(block)
    words, count = len(text.split()), len(split_sentences(text))
    if count > MAX_SENTENCES or words > MAX_WORDS:
        problems.append(
            f"the main message has {count} sentences and {words} words; keep it to "
            f"{MAX_SENTENCES} short sentences and {MAX_WORDS} words at most."
        )
    return problems

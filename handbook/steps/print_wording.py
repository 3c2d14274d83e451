"""Paper says nothing only a screen understands: a lint for screen words in printed text.

Clinics print the handbook. "Tap the word", "click", "hover", "the tabs above", "the button
below", "zoom to 200%", "print it" (the reader holds the print already), "your answers show up
on ..." and "each number links to its source" mean nothing on paper ("zoom in on a screen" names the screen, so it
may stay). Writers put such wording inside the screen-only class, and, if paper needs its
own wording, add it in the print-only class (the one mechanism, in
assets/stylesheets/print.css):

    <span class="hb-screen-only">Tap a word to see what it means.</span>
    <span class="hb-print-only">The Glossary explains each word.</span>

or, for a whole paragraph, `{ .hb-screen-only }` on the line after it (attr_list).

This hook reads each page's HTML (what print-site copies into the printed packet) and
warns (strict mode fails the build) for every screen word outside `.hb-screen-only`,
naming the page and the line of its Markdown source.
"""

from __future__ import annotations

import re

from handbook import html as parser
from handbook.config import in_print_page
from handbook.logs import step_logger
from handbook.markdown_source import lines_outside_code, location, page_source
from handbook.selectors import SCREEN_ONLY

log = step_logger(__name__)

RUNS_AFTER = {"tools": "the words every step adds to a page are judged too", "pdf_link": "its link text is on the page", "checklist": "its form is on the page"}

# Never printed whatever the CSS: no words to check.
NOT_PRINTED = f".{SCREEN_ONLY}, script, style, textarea, template, [hidden], .headerlink"
#: Words before "print" that make it a statement, not an instruction to the reader.
NOT_AN_INSTRUCTION = ("to", "can", "may", "might", "could", "would", "will", "also", "not", "we", "you",
                      "they", "who", "clinic", "clinics")
SCREEN_WORDS = re.compile(
    r"\b(?:tap|taps|tapped|tapping|click\w*|hover\w*|mouse|scroll\w*|swip\w*|tabs?\s+(?:below|above)|"
    r"(?:buttons?|links?)\s+(?:below|above)|zoom\w*(?!\s+in\s+on\s+(?:a|your|the)\s+screen)|"
    # On paper the reader already holds the print: an instruction to print ("Print it", "please
    # print the checklist", "so print this page") misleads. A statement about printing, with its
    # subject or after "to"/"can" ("clinics print this handbook", "ask your clinic to print it
    # larger", "you can print it"), is fine on paper.
    + "".join(rf"(?<!\b{word}\s)" for word in NOT_AN_INSTRUCTION) +
    r"\bprint\s+(?:it|this|them|out|a\s+copy|(?:the|your|this)\s+[\w-]+)|"
    # Words that only happen on a screen: answers that "show up", a number that "links to" its source.
    r"shows?\s+up\s+on|links?\s+to\s+(?:its|their|the)\s+sources?)\b",
    re.I,
)

# ---- Hooks ----


def on_page_content(html: str, *, page, config, files) -> str:
    if config.plugins.get("print-site") and not in_print_page(config, page.file.src_uri):
        return html  # on the web only (print-site `exclude`): never on paper
    source, offset = page_source(page)
    for word, line in screen_words(html, source):
        where = location(page, config, line + offset if line else None)
        log.warning(
            "%s: %r means nothing on paper, and this text is printed. Fix: reword it for both "
            "screen and paper, or put it inside <span class=\"%s\">…</span> (and, if paper needs "
            "it, say it for paper in <span class=\"hb-print-only\">…</span>).",
            where, word, SCREEN_ONLY,
        )
    return html


# ---- Helper functions ----


def printed_text(html: str) -> str:
    """The text of `html` that reaches paper: without screen-only and never-printed parts."""
    tree = parser.fragment(html)
    for node in tree.css(NOT_PRINTED):
        node.decompose()
    return tree.root.text(deep=True, separator=" ") if tree.root else ""  # comments are not text


def source_line(word: str, source: str) -> int | None:
    """1-based line (of `source`) holding `word` outside code and screen-only spans."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
    for index, line in lines_outside_code(source):
        visible = re.sub(rf'<span class="{SCREEN_ONLY}">.*?</span>', " ", line)
        if pattern.search(visible):
            return index + 1
    return None


def screen_words(html: str, source: str = "") -> list[tuple[str, int | None]]:
    """[(word as written, 1-based body line or None)] for each screen word on paper."""
    found = []
    seen = set()
    for match in SCREEN_WORDS.finditer(printed_text(html)):
        word = re.sub(r"\s+", " ", match.group(0))
        line = source_line(word, source) if source else None
        if (word.lower(), line) in seen:
            continue
        seen.add((word.lower(), line))
        found.append((word, line))
    return found

"""A block that several chapters share prints once in the packet.

Some lists belong on more than one web page, because a reader may open any page first: "What
each choice may give and what it may cost" (includes/trade-offs.md) is on Treatment-resistant
depression and on What matters to you. The printed packet is read as one book, and there the
same long list twice is repetition (rater BC, PEMAT-P item 2). So a shared include wraps
itself in

    <div data-hb-shared="trade-offs" data-hb-shared-title="What each choice may give ..." markdown>

and on the print page every later copy becomes one line that points to the first ("... see
chapter 2, Treatment-resistant depression", and scripts/make_pdf.py adds "(page N)"). Web
pages keep every copy.

Nothing is lost from the packet: a later copy is replaced only when its text is the same as
the first's. Two different blocks under one name are a warning, and both stay in print. Crisis
help and the disclaimer are never shared away: a block that holds a crisis box, the safety
notice or a crisis number prints in full in every chapter, with a warning (the content rules
put crisis help next to every mention of suicide, on paper too).
"""

from __future__ import annotations

import html as htmllib
import re

from handbook import html as parser
from handbook.config import print_page_path
from handbook.logs import step_logger
from handbook.selectors import CRISIS_ID, CRISIS_INLINE_CLASS, CRISIS_NUMBERS, DISCLAIMER_ID, PRINT_SECTION

log = step_logger(__name__)

SHARED_ATTR = "data-hb-shared"
TITLE_ATTR = "data-hb-shared-title"
POINTER_CLASS = "hb-shared-ref"
_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: What a shared block may not hold, since its later copies leave paper.
SAFETY = f"#{CRISIS_ID}, #{DISCLAIMER_ID}, .{CRISIS_INLINE_CLASS}"
#: A crisis number standing alone ("988", "116 123"), not part of another number ("1999").
_CRISIS_NUMBER_RE = re.compile("|".join(rf"(?<!\d){re.escape(n)}(?!\d)" for n in CRISIS_NUMBERS))

# ---- Hooks ----


def on_post_build(config, **kwargs) -> None:
    path = print_page_path(config)
    if path is None or not path.exists():
        return
    html, problems = print_once(path.read_text(encoding="utf-8"))
    for problem in problems:
        log.warning(f"print page: {problem}")
    path.write_text(html, encoding="utf-8")


# ---- Helper functions ----


def print_once(html: str) -> tuple[str, list[str]]:
    """The print page with each shared block's later copies replaced by a pointer to the
    first, and the problems found (a bad name, two different blocks under one name)."""
    tree = parser.document(html)
    first: dict[str, object] = {}
    problems: list[str] = []
    changed = False
    for node in tree.css(f"[{SHARED_ATTR}]"):
        key = node.attributes.get(SHARED_ATTR) or ""
        where = chapter_of(node)
        if not _KEY_RE.match(key):
            problems.append(f'in "{where[1]}", {SHARED_ATTR}="{key}" is not a name of lower-case letters, digits '
                            "and hyphens, so the block prints in full. Fix: name it like the include file "
                            '(e.g. data-hb-shared="trade-offs").')
            continue
        if node.css_first(SAFETY) is not None or _CRISIS_NUMBER_RE.search(parser.text(node)):
            problems.append(f'in "{where[1]}", the block {SHARED_ATTR}="{key}" holds crisis help or the disclaimer, '
                            "so it prints in full in every chapter. Fix: keep crisis help and the disclaimer "
                            "out of shared blocks.")
            continue
        if key not in first:
            first[key] = node
            continue
        original = first[key]
        if parser.text(original) != parser.text(node):
            problems.append(f'two different blocks are marked {SHARED_ATTR}="{key}" (in "{chapter_of(original)[1]}" '
                            f'and in "{where[1]}"), so both print in full. Fix: use one include file for the '
                            "shared block, or give the other block a name of its own.")
            continue
        anchor = original.attributes.get("id") or f"hb-shared-{key}"  # links to its own id keep working
        original.attrs["id"] = anchor
        node.insert_before(parser.parse_node(pointer_html(original, anchor)))
        node.decompose()
        changed = True
    return (tree.html if changed else html), problems


def chapter_of(node) -> tuple[str, str]:
    """(chapter number, chapter title) of the print-page section that holds `node`."""
    section = parser.closest(node, PRINT_SECTION)
    if section is None:
        return "", "the print page"
    heading = section.css_first("h1")
    title = parser.text(heading).rstrip("¶").strip() if heading is not None else section.attributes.get("id") or ""
    return section.attributes.get("heading-number") or "", title


def pointer_html(original, anchor: str) -> str:
    """One line in place of a later copy: what the block is, and the chapter that prints it."""
    number, title = chapter_of(original)
    what = original.attributes.get(TITLE_ATTR) or "This part"
    chapter = f"chapter {number}, " if number else ""
    return (f'<p class="{POINTER_CLASS}">{htmllib.escape(what)}: see {chapter}'
            f'<a href="#{anchor}">{htmllib.escape(title)}</a>.</p>')

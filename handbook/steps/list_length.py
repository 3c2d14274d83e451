"""No list of more than 7 items on a chapter (CDC Clear Communication Index item 8).

CDC item 8 asks that "the material uses bulleted or numbered lists" and that each list has
no more than 7 items: a reader holds about that many things at once. A longer list is
grouped under short headings ("Weeks 1-4 ... Weeks 5-8 ..."), or cut to what matters.

This hook reads each chapter's rendered content, after every step that writes lists into it
(the options grid, the decision tools, the checklist), and warns (page, line where it can be
found, the list's first item, and the fix) for every `<ul>` or `<ol>` with more than
`MAX_ITEMS` items of its own (items of a list nested in an item are that list's, not its
parent's), and every definition list (`<dl>`) with more than `MAX_ITEMS` terms. Pages in `extra.literacy.exempt` (the glossary and the reference list, which are
look-up lists, not reading) are skipped, except those also in `extra.literacy.lists_checked`:
they have no chapter message and are not judged for reading, but their lists are printed in
the packet and held to the same 7 (the reference list comes in parts of 7 or fewer, each under
its letters: handbook/lists.py, handbook/markdown/citations.py; the glossary likewise,
handbook/markdown/glossary.py).

A rating scale is not written as a list (the 0-10 mood scale is a row of boxes in one
`<span class="hb-scale__steps">`), so a rater does not read its 11 points as 11 items; one
written as a list is counted like any other. What it cannot tell: a list written as sentences
or table rows; a human reviews those.
"""

from __future__ import annotations

from handbook import html as parser
from handbook import lists
from handbook.literacy_text import literacy_settings, report_on_page
from handbook.logs import step_logger

log = step_logger(__name__)

RUNS_AFTER = {
    "decision_tools": "it judges the lists the decision tools write in",
    "checklist": "it judges the consent form's lists",
    "options_grid": "it judges the lists in the grid's cells",
}

CHECK = "list_length"
MAX_ITEMS = lists.MAX_ITEMS  # CDC index item 8 (one limit for the whole handbook)

# ---- Hooks ----


def on_page_content(html, *, page, config, files):
    if not judged(page.file.src_uri, literacy_settings(config)):
        return html
    found = [(first_item, long_list_message(first_item, count)) for first_item, count in long_lists(html)]
    report_on_page(log, CHECK, page, config, found)
    return html


# ---- Helper functions ----


def judged(src_uri: str, settings: dict) -> bool:
    """Whether this check reads the page: every page not exempt, and the exempt pages whose
    lists are still judged (`lists_checked`)."""
    return src_uri not in settings["exempt"] or src_uri in settings["lists_checked"]


def long_lists(html: str) -> list[tuple[str, int]]:
    """`(first item's text, number of items)` for each list over `MAX_ITEMS` (a definition list's
    items are its terms), in page order."""
    tree = parser.fragment(html)
    found = []
    for node in tree.css("ul, ol, dl"):
        items = parser.children(node, "dt" if node.tag == "dl" else "li")
        if len(items) > MAX_ITEMS:
            found.append((first_words(parser.text(items[0])), len(items)))
    return found


def first_words(text: str, words: int = 8) -> str:
    """The first few words of an item, enough to find the list."""
    return " ".join(text.split()[:words])


def long_list_message(first_item: str, count: int) -> str:
    return (
        f'a list of {count} items (it starts "{first_item}") is longer than {MAX_ITEMS}, and a reader '
        f"cannot hold that many at once (CDC Clear Communication Index item 8). Fix: group the items "
        "under two or three short headings, each with its own list, or keep the "
        f"{MAX_ITEMS} that matter most and point to the rest."
    )

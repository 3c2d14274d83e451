"""A small bar after every "N in 100" in a table cell, and a striped one after every worked
difference (CDC Clear Communication Index item 20).

Where: a group's number ("41 in 100") gets a bar only in tables' data cells (`td`). Edition
2026.3's first try put a bar after every "N in 100" in the running text too; two raters (N and
O) then failed the pages for it (PEMAT-P items 17-18): bars split number pairs across lines, a
paragraph carried up to 9 of them, and a dark bar after "17 more in 100" pictured a gap as if it
were a group. In a table the numbers stand in a column, so the bars line up and read at a
glance; in running text a group's number keeps its word. A worked difference ("32 more in 100")
gets a striped bar wherever it is, in running text too: one per comparison, drawn unlike a
group's, after the gap, which the text gives after both groups, so it splits no pair. Raters BB, BE and BF (rounds
26 to 28) failed CDC item 20 on gaps in running text with neither a word nor a picture; a word
on a gap read wrong to raters AD and AE. A page whose running text has one says what it is
once, under the page's top (`RUNNING_KEY_TEXT`, with an example bar).

CDC item 20 asks that numeric probabilities are "also explained in words or with a visual",
and a page scores only if every number does. Harms carry a word from the frequency scale
(handbook/steps/plain_numbers.py) and the main results have their icon arrays
(handbook/steps/icon_arrays.py). This step puts a small inline picture right after each
number in a table cell of the rendered page content:

    | Dizziness | 29 in 100 [###-------] | 8 in 100 [#---------] | 21 more in 100 |

an outlined box (3.5em by 0.7em, docs/assets/stylesheets/decision.css) filled from the left
N/100 of the way, so a reader sees "about two-thirds" at a glance. It is inline SVG
(`svg.hb-howmany`, no file to load), `aria-hidden="true"` and `focusable="false"` (the number
is in the text already), with no `<title>` or text inside, so the words every text check,
the readability gate and the search index read stay the same. Fill and outline are
`currentColor`: the text colour in dark mode and black on paper.

What gets a bar (`PHRASE_RE`, read on the text only, never on HTML), in a table cell: a whole
number N from 1 to 100 followed by "in 100", "out of 100" or "in every 100", with "people",
"adults" or "patients" allowed before "in" (a worked difference, "17 more in 100", is
`GAP_RE`'s, and gets the striped bar, in a cell or in running text);
"about N in 100" gets its bar after "100" as the others. A phrase written across inline tags
("<strong>69</strong> in 100") gets its bar after the text node where the phrase ends. The
bar and the word "100" before it share a `span.hb-howmany-keep` that does not wrap, so a line
never starts with a bar cut off from its number (the words read are the same). Only "100":
a whole phrase kept on one line ("32 more in 100" and its bar, 11em) overflowed narrow table
columns on paper, and Chromium then shrank every page of the packet (12 pt to 10.6 pt).

What does not (`SKIP`): headings, figures and their captions (the icon arrays and bar charts
already picture the number), code, link text, the tools' form controls and labels, SVG, and
the change log and the reference list (`EXEMPT_PAGES`: old numbers and others' words; a bar
would make history look like a result). Attributes (`aria-label`, `title`) are never text
nodes, so they are never touched. No bar after "fewer than 1 in 100" or "less than N in 100"
(an upper bound, nothing to draw) nor after a range ("1 to 9 in 100": one bar would show one
end of it as the result); N = 0 draws nothing either.

A worked difference in a table cell ("32 more in 100", "14 fewer in 100") gets a bar of its
own kind: the gap drawn as a striped stretch of the same box (`gap_svg`), not a dark fill, so
it does not read as a group (raters N and O's worry), and the table's key says what a striped
bar is. Raters AS, AU and AV (rounds 21 to 23) failed CDC item 20 on the side-effects table:
its "More with the spray" column was the only column of numbers with no picture.

It runs on page_content after every step that writes numbers into a page (the options grid,
the decision tools, the reader tools), before the checks that read rendered text, and before
print-site copies pages, so the print page, the PDF packet and the leaflet cut from it carry
the bars too. Running it twice adds nothing: a phrase already followed by its bar is left.
"""

from __future__ import annotations

import re
from html import escape

from handbook import html as parser
from handbook.selectors import REVIEW_LINE_CLASS, SOURCE_NOTE_CLASS

RUNS_AFTER = {
    "check_content_safety": "content safety must judge what contributors wrote, before this step adds markup",
    "main_message": "the chapter's message is judged as written, before any step adds markup",
    "options_grid": "the grid's cells hold numbers",
    "icon_arrays": "the pictures' figures are where no bar goes",
    "checklist": "the consent form is on the page",
    "decision_tools": "the decision tools write numbers from data/values.yml into the page",
    "tools": "the reader tools are on the page",
}

CLASS = "hb-howmany"
#: The phrase's last word ("100") and its bar, kept on one line (decision.css).
KEEP = f"{CLASS}-keep"
#: The key under every table that has bars: a visual needs its caption (PEMAT-P item 17; raters
#: Z and AA found about 40 bars explained only once, at the top of the chapter).
KEY_CLASS = f"{CLASS}-key"
KEY_TEXT = "Key to the small bars: the dark part of each bar shows how many out of 100 the number next to it counts."
#: Added to the key under a table that has a gap's bar.
GAP_KEY_TEXT = "A striped part shows a gap between two groups: how many more, or fewer, out of 100."
GAP_CLASS = f"{CLASS}--gap"
#: Pages that get no bars: the change log quotes old numbers, the reference list others' titles.
EXEMPT_PAGES = frozenset({"what-changed.md", "references.md"})
#: Elements whose text gets no bar: headings, pictures (they already draw the number), code,
#: link text, form controls and their labels, and what is not text at all.
SKIP = frozenset(
    "h1 h2 h3 h4 h5 h6 figure figcaption code pre kbd samp a svg math button label legend select "
    "option textarea input script style template noscript title".split()
)
#: "69 in 100", "about 59 in 100", "3 out of 100",
#: "10 people in every 100". Not part of a bigger number ("2.5 in 100", "in 100,000").
PHRASE_RE = re.compile(
    r"(?<![\d.,])(?P<n>\d{1,3})\s+(?:(?:people|adults|patients)\s+)?"
    r"(?:in|out\s+of)\s+(?:every\s+)?100(?![\d])(?![.,]\d)",
    re.I,
)
#: A worked difference: "32 more in 100", "about 14 fewer in every 100".
GAP_RE = re.compile(
    r"(?<![\d.,])(?P<n>\d{1,3})\s+(?:more|fewer)\s+(?:(?:people|adults|patients)\s+)?"
    r"(?:in|out\s+of)\s+(?:every\s+)?100(?![\d])(?![.,]\d)",
    re.I,
)
#: Group numbers get bars only in tables' data cells, where numbers stand in columns and a bar
#: never splits a sentence (raters N and O: bars in running text broke number pairs across lines
#: and cluttered paragraphs with up to 9 bars). A worked difference gets its striped bar in
#: running text too: one per comparison, after the gap itself (raters BB, BE and
#: BF failed CDC item 20 on "32 more in 100" with neither a word nor a picture).
CELL = "td"
#: The key to the striped bar on a page whose running text has one, under the page's top (the
#: review line, and on screen the note on sources). `{bar}` is an example bar.
RUNNING_KEY_CLASS = f"{CLASS}-gapkey"
RUNNING_KEY_TEXT = ("A striped bar after a gap, like 32 more in 100 {bar}, shows how many more, or fewer, out of "
                    "100 had something in one group than in the other.")
#: Where the key goes: after the last of these at the top of the page (else at the top).
KEY_AFTER = (f"p.{SOURCE_NOTE_CLASS}", f"p.{REVIEW_LINE_CLASS}")
#: Just before N: an upper bound ("fewer than 1 in 100") or the first end of a range ("1 to 9").
_NOT_DRAWN_BEFORE = re.compile(
    r"(?:\b(?:fewer|less)\s+than\s+(?:about\s+)?|\d\s*(?:to|-|–|or)\s*)$", re.I
)
VIEW_WIDTH, VIEW_HEIGHT = 100, 20

# ---- Hooks ----


def on_page_content(html, *, page, config, files):
    if page.file.src_uri in EXEMPT_PAGES:
        return html
    return add_bars(html)


# ---- Helper functions ----


def filled_width(n: int) -> float:
    """How far the bar is filled, in its viewBox (0 to 100 wide): N/100 of the way."""
    return float(min(max(n, 0), 100)) * VIEW_WIDTH / 100


def bar_svg(n: int) -> str:
    """The bar for "N in 100": an outlined box filled from the left N/100 of the way."""
    width = filled_width(n)
    return (
        f'<svg class="{CLASS}" viewBox="0 0 {VIEW_WIDTH} {VIEW_HEIGHT}" width="3.5em" height="0.7em" '
        'preserveAspectRatio="none" overflow="visible" aria-hidden="true" focusable="false">'
        f'<rect width="{width:g}" height="{VIEW_HEIGHT}" fill="currentColor"></rect>'
        f'<rect width="{VIEW_WIDTH}" height="{VIEW_HEIGHT}" fill="none" stroke="currentColor" '
        'stroke-width="1.25" vector-effect="non-scaling-stroke"></rect></svg>'
    )


#: The stripes of a gap's bar: one every STRIPE_STEP units of the 100-unit box.
STRIPE_STEP = 8


def gap_svg(n: int) -> str:
    """The bar for a gap, "N more in 100": the same outlined box, its first N/100 outlined and
    striped instead of filled, so a gap never looks like a group's share."""
    width = filled_width(n)
    stripes = [x for x in range(2, int(width) + 1, STRIPE_STEP)] or [width / 2]
    path = "".join(f"M{x:g} 0V{VIEW_HEIGHT}" for x in stripes)
    return (
        f'<svg class="{CLASS} {GAP_CLASS}" viewBox="0 0 {VIEW_WIDTH} {VIEW_HEIGHT}" width="3.5em" height="0.7em" '
        'preserveAspectRatio="none" overflow="visible" aria-hidden="true" focusable="false">'
        f'<rect width="{width:g}" height="{VIEW_HEIGHT}" fill="none" stroke="currentColor" stroke-width="1.25" '
        'vector-effect="non-scaling-stroke"></rect>'
        f'<path d="{path}" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke"></path>'
        f'<rect width="{VIEW_WIDTH}" height="{VIEW_HEIGHT}" fill="none" stroke="currentColor" '
        'stroke-width="1.25" vector-effect="non-scaling-stroke"></rect></svg>'
    )


def drawn(text: str, match: re.Match) -> int | None:
    """N when the phrase `match` (in `text`) gets a bar; None for 0, an upper bound or a range.
    (A worked difference, "17 more in 100", is not a PHRASE_RE phrase: "more" stands between N
    and "in". GAP_RE finds it, and it gets gap_svg.)"""
    n = int(match.group("n"))
    if not 1 <= n <= 100 or _NOT_DRAWN_BEFORE.search(text[: match.start()]):
        return None
    return n


def _is_bar(node) -> bool:
    return node is not None and node.tag == "svg" and CLASS in parser.classes(node)


def _runs(root) -> list[list]:
    """The page's text nodes in order, in runs a phrase can span: a block, a skipped element
    or a `<br>` ends a run; inline tags (strong, em, span, abbr ...) do not."""
    runs: list[list] = [[]]

    def cut() -> None:
        if runs[-1]:
            runs.append([])

    def walk(node) -> None:
        for child in node.iter(include_text=True):
            if child.is_text_node:
                runs[-1].append(child)
                continue
            tag = (child.tag or "").lower()
            if not child.is_element_node or tag in SKIP:
                cut()
                continue
            block = tag in parser.BLOCKS
            if block:
                cut()
            walk(child)
            if block:
                cut()

    walk(root)
    return [run for run in runs if run]


def bar_places(html: str):
    """The parsed page and, for each phrase that gets a bar, `(text node, offset, N)`: the
    bar goes in that text node at that offset, right after the phrase's last character."""
    tree = parser.fragment(html)
    places = []
    for run in _runs(tree.root) if tree.root is not None else []:
        in_cell = parser.closest(run[0], CELL) is not None  # group numbers: in table cells only
        if not in_cell and parser.closest(run[0], f"p.{RUNNING_KEY_CLASS}") is not None:
            continue  # the key's own example
        texts = [node.text(deep=False) or "" for node in run]
        joined = "".join(texts)
        ends, total = [], 0
        for value in texts:
            total += len(value)
            ends.append(total)
        found = [(match, False) for match in PHRASE_RE.finditer(joined)] if in_cell else []
        found += [(match, True) for match in GAP_RE.finditer(joined)]
        for match, gap in sorted(found, key=lambda item: item[0].end()):
            n = drawn(joined, match)
            if n is None:
                continue
            index = next(i for i, end in enumerate(ends) if end >= match.end())
            offset = match.end() - (ends[index] - len(texts[index]))
            node = run[index]
            if offset == len(texts[index]) and _is_bar(node.next):
                continue  # already has its bar
            places.append((node, offset, n, gap))
    return tree, places


def add_bars(html: str) -> str:
    """`html` (page content) with a bar after every "N in 100" outside the skipped contexts."""
    tree, places = bar_places(html)
    if not places:
        return html
    by_node: dict[int, tuple] = {}
    tables: dict[int, list] = {}
    running = False
    for node, offset, n, gap in places:
        by_node.setdefault(node.mem_id, (node, []))[1].append((offset, n, gap))
        table = parser.closest(node, "table")
        if table is not None:
            tables.setdefault(table.mem_id, [table, False])[1] |= gap
        running |= parser.closest(node, CELL) is None
    for node, cuts in by_node.values():
        value, start = node.text(deep=False) or "", 0
        for offset, n, gap in cuts:
            # "100" and its bar in one span that does not wrap: a line never starts with a bar.
            word = max(start, offset - len("100"))
            if value[start:word]:
                node.insert_before(value[start:word])
            bar = gap_svg(n) if gap else bar_svg(n)
            node.insert_before(parser.new_element("span", {"class": KEEP}, escape(value[word:offset]) + bar))
            start = offset
        if value[start:]:
            node.insert_before(value[start:])
        node.decompose()
    for table, has_gap in tables.values():  # every table with bars says what they are (PEMAT-P item 17)
        after = table.next
        while after is not None and after.tag == "-text" and not (after.text_content or "").strip():
            after = after.next
        if after is None or KEY_CLASS not in parser.classes(after):
            table.insert_after(parser.new_element("p", {"class": KEY_CLASS}, key_text(has_gap)))
    if running and tree.css_first(f"p.{RUNNING_KEY_CLASS}") is None:
        where = next((found for found in map(tree.css_first, KEY_AFTER) if found is not None), None)
        if where is None:
            return running_key_html() + tree.html  # first on the page
        where.insert_after(parser.parse_node(running_key_html()))
    return tree.html


def running_key_html() -> str:
    """The key to the striped bar in running text, with an example bar (PEMAT-P item 17)."""
    example = f'<span class="{KEEP}">100{gap_svg(32)}</span>'
    text = escape(RUNNING_KEY_TEXT).replace(escape("100 {bar}"), example)
    return f'<p class="{RUNNING_KEY_CLASS}">{text}</p>'


def key_text(has_gap: bool) -> str:
    """The key under a table with bars: what the dark part is, and the striped part if any."""
    return f"{KEY_TEXT} {GAP_KEY_TEXT}" if has_gap else KEY_TEXT

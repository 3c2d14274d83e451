"""Put every Markdown table in a labelled region that keyboard users can scroll.

A table with several columns is wider than a 320 px phone screen. WCAG 1.4.10 lets a data
table scroll sideways, but only if a keyboard user can scroll it too (axe:
scrollable-region-focusable). So each plain `<table>` (Markdown tables; Material styles
`table:not([class])`) becomes

    <div class="hb-table" role="region" tabindex="0" aria-label="Table: Side effect, ...">
      <table>...</table>
    </div>

The region is the scroll container (docs/assets/stylesheets/handbook.css); its name is the
table's caption, or else its column headings. It works with and without JavaScript, and runs
before print-site copies the page, so the printed page has the same markup.
"""

from __future__ import annotations

import html as htmllib
import re

from mkdocs.plugins import event_priority

TABLE = re.compile(r"<table>(.*?)</table>", re.S)
CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
TAG = re.compile(r"<[^>]+>")
MAX_LABEL = 120

# ---- Hooks ----


@event_priority(40)  # before print-site (priority 0) saves the page for the print page
def on_page_content(html: str, *, page, config, files) -> str:
    return wrap_tables(html)


# ---- Helper functions ----


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(TAG.sub("", fragment))).strip()


def table_label(inner: str) -> str:
    """An accessible name for a table: its caption, else its column headings."""
    caption = CAPTION.search(inner)
    if caption and _text(caption.group(1)):
        label = _text(caption.group(1))
    else:
        head = inner.split("</thead>", 1)[0] if "</thead>" in inner else inner
        cells = [c for c in (_text(m) for m in HEAD_CELL.findall(head)) if c]
        label = "Table: " + ", ".join(cells) if cells else "Table"
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1].rsplit(" ", 1)[0] + "…"
    return label


def wrap_tables(html: str) -> str:
    """Wrap each attribute-less <table> in a focusable, labelled scroll region."""

    def wrap(match: re.Match) -> str:
        label = htmllib.escape(table_label(match.group(1)), quote=True)
        return f'<div class="hb-table" role="region" tabindex="0" aria-label="{label}">{match.group(0)}</div>'

    return TABLE.sub(wrap, html)

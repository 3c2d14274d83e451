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
(inside Markdown rendering) before print-site copies the page, so the printed page has the same markup.
"""

from __future__ import annotations

import html as htmllib

from markdown import Extension

from handbook import html as parser
from handbook.markdown import HtmlTransform
from handbook.selectors import TABLE_REGION_CLASS

MAX_LABEL = 120
OPTIONS_GRID_SOURCE = "hb-grid-src"  # handbook/steps/options_grid.py SOURCE_CLASS (tested equal)
PRIORITY = 1  # postprocessors: last of the three HTML transforms, as the step ran

# ---- The extension (`handbook.markdown.table_regions` in mkdocs.base.yml) ----


class TableRegionsExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(HtmlTransform(md, wrap_tables), "hb_table_regions", PRIORITY)


def makeExtension(**kwargs):
    return TableRegionsExtension(**kwargs)


# ---- Helper functions ----


def _children(node, tag: str):
    child = node.child
    while child is not None:
        if child.tag == tag:
            yield child
        child = child.next


def _label(table) -> str:
    """An accessible name for a parsed table: its own caption, else its own column headings
    (never those of a table nested in one of its cells)."""
    caption = next(_children(table, "caption"), None)
    if caption is not None and parser.text(caption):
        label = parser.text(caption)
    else:
        head = next(_children(table, "thead"), None)
        rows = list(_children(head, "tr")) if head is not None else []
        if not rows:  # no <thead>: the first row, as Markdown writes one
            body = next(_children(table, "tbody"), table)
            rows = list(_children(body, "tr"))[:1]
        cells = [parser.text(cell) for row in rows for cell in _children(row, "th")]
        cells = [cell for cell in cells if cell]
        label = "Table: " + ", ".join(cells) if cells else "Table"
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1].rsplit(" ", 1)[0] + "…"
    return label


def _in_options_grid(table) -> bool:
    """A table of the options grid's source: the options_grid step makes it a
    `table.hb-options-grid` with its own layout (it ran before this transform when this was a step)."""
    node = table.parent
    while node is not None:
        if node.tag == "div" and OPTIONS_GRID_SOURCE in parser.classes(node):
            return True
        node = node.parent
    return False


def table_label(inner: str) -> str:
    """An accessible name for a table, given the HTML inside its <table> tags."""
    return _label(parser.fragment(f"<table>{inner}</table>").css_first("table"))


def wrap_tables(html: str) -> str:
    """Wrap each attribute-less <table> (Markdown's) in a focusable, labelled scroll region.

    Innermost tables first, so a table nested in a cell is wrapped inside that cell."""
    if "<table" not in html:
        return html
    tree = parser.fragment(html)
    tables = [t for t in tree.css("table") if not t.attributes and not _in_options_grid(t)]
    if not tables:
        return html
    for table in reversed(tables):
        label = htmllib.escape(_label(table), quote=True)
        region = parser.parse_node(
            f'<div class="{TABLE_REGION_CLASS}" role="region" tabindex="0" aria-label="{label}">{table.html}</div>'
        )
        table.replace_with(region)
    return tree.html

"""Reader tools on any page: mood record, medicines list, "my questions", write-in tables,
and phone-friendly wide tables.

Writers place a tool with one line in Markdown (a blank line before and after):

    <!-- tool: mood-record -->      weekly 0-10 mood record (12 weeks)
    <!-- tool: medicines-list -->   medicines, alcohol and drugs list
    <!-- tool: my-questions -->     a "my questions" box
    <!-- tool: compare-clinics -->  the same 7 questions for two clinics, side by side
    <!-- tool: my-shortlist -->     the same 7 questions for two choices, side by side, with
                                    what the reader likes and fears about each

Each marker becomes `overrides/partials/tool-<name>.html`. A table whose last column
heading is "My answer" (or "My answers") gets a write-in box in every row of that column.
All fields are saved only in this browser (docs/assets/javascripts/tools.js: localStorage,
nothing is sent) and each tool has a "Clear my answers" button. On paper, what was typed
prints, followed by ruled lines to write on.

Tables with 4 or more columns, and write-in tables, get `data-hb-stack` and a `data-label`
on each cell, so on a phone (320-390 px) each row is shown as a stacked card instead of
scrolling sideways (docs/assets/stylesheets/tools.css). Such a table whose cells are sentences
rather than figures (`wordy`: a median body cell of more than `PRINT_STACK_WORDS` words) also gets
`data-hb-stack-print`, and stacks the same way on paper: four columns of sentences in the
printed column leave a word or two a line (print.css).

An unknown tool name is a warning naming the page and line. Fields carry no ids (the print
page renames ids); each is named with aria-label. Runs after the table_regions extension
(handbook/markdown/table_regions.py, which puts each Markdown table in a keyboard-scrollable
region) and before print-site, so the printed packet gets the same markup.
"""

from __future__ import annotations

import re
import unicodedata

from handbook import html as parser
from handbook.logs import step_logger
from handbook.markdown_source import location

log = step_logger(__name__)


TOOLS = ("mood-record", "medicines-list", "my-questions", "compare-clinics", "my-shortlist")
WRITE_IN_HEADINGS = ("my answer", "my answers")
STACK_MIN_COLUMNS = 4
#: A reading table whose median body cell is longer than this stacks on paper too.
PRINT_STACK_WORDS = 6
_MARKER_RE = re.compile(r"^\s*tool:\s*(?P<name>[\w-]+)\s*$")

# ---- Hooks ----


def on_page_content(html, *, page, config, files):
    if "tool:" not in html and "<table" not in html:
        return html
    env = config.theme.get_env()
    source = page.file.content_string

    def render(name: str) -> str | None:
        if name not in TOOLS:
            line = marker_line(source, name)
            log.warning(
                f"{location(page, config, line)}: unknown tool '{name}'. Use one of: {', '.join(TOOLS)}."
            )
            return None
        return env.get_template(f"partials/tool-{name}.html").render(config=config, page=page)

    return add_tools(html, render, page_key(page.file.src_uri))


# ---- Helper functions ----


def slug(text: str, limit: int = 32) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))[:limit].rstrip("-") or "row"


def page_key(src_uri: str) -> str:
    return slug(src_uri.removesuffix(".md"), 40)


def marker_line(source: str, name: str) -> int | None:
    for number, line in enumerate(source.split("\n"), start=1):
        if re.search(rf"<!--\s*tool:\s*{re.escape(name)}\s*-->", line):
            return number
    return None


def add_tools(html: str, render, key: str) -> str:
    """Replace tool markers, add write-in boxes and stacking attributes. `render(name)` gives
    a tool's HTML (or None for an unknown name, which leaves the marker)."""
    tree = parser.fragment(html)
    changed = False
    for comment in parser.comments(tree):
        match = _MARKER_RE.match(comment.comment_content or "")
        if not match:
            continue
        rendered = render(match.group("name"))
        if rendered is not None:
            for node in parser.nodes(rendered):
                comment.insert_before(node)
            comment.decompose()
            changed = True
    prefixes: set[str] = set()
    for table in tree.css("table"):
        headings = [parser.text(th) for th in table.css("thead th")]
        write_in = bool(headings) and headings[-1].casefold() in WRITE_IN_HEADINGS
        if write_in:
            # Keyed by page and first column heading, so answers survive edits elsewhere.
            prefix = f"{key}-{slug(headings[0], 24)}"
            while prefix in prefixes:
                prefix += "-2"
            prefixes.add(prefix)
            add_write_in(table, prefix)
            changed = True
        if headings and (write_in or len(headings) >= STACK_MIN_COLUMNS) and not parser.classes(table):
            stack(table, headings)
            if not write_in and wordy(table):
                table.attrs["data-hb-stack-print"] = ""
            changed = True
    return tree.html if changed else html


def add_write_in(table, prefix: str) -> None:
    """Put a saved text box (and ruled lines for paper) in each row's last cell."""
    table.attrs["data-hb-tool"] = prefix
    taken: set[str] = set()
    for row in table.css("tbody tr"):
        cells = parser.children(row, "td", "th")
        if not cells:
            continue
        topic = parser.text(cells[0])
        field = f"{prefix}.{slug(topic)}"
        while field in taken:
            field += "-2"
        taken.add(field)
        box = parser.new_element(
            "textarea",
            {
                "rows": "2",
                "class": "hb-tool-input",
                "data-hb-tool-field": field,
                "aria-label": f"My answer: {topic}",
                "autocomplete": "off",
            },
        )
        mirror = parser.new_element("div", {"class": "hb-typed", "data-hb-tool-mirror": field})
        lines = parser.new_element("div", {"class": "hb-lines", "aria-hidden": "true"}, "<span></span>" * 2)
        target = cells[-1]
        parser.clear(target)
        for node in (box, mirror, lines):
            target.insert_child(node)
    note = parser.parse_node(
        f'<p class="hb-js-only hb-buttons hb-tool-buttons" data-hb-tool-for="{prefix}" hidden>'
        '<button type="button" class="md-button" data-hb-tool-clear>Clear my answers</button>'
        '<span class="hb-status" role="status" data-hb-tool-status></span></p>'
    )
    table.insert_after(note)
    table.insert_after("\n")


def wordy(table) -> bool:
    """Whether the table's body cells are mostly sentences (median over `PRINT_STACK_WORDS` words)."""
    counts = sorted(len(parser.text(cell).split()) for cell in table.css("tbody td"))
    return bool(counts) and counts[len(counts) // 2] > PRINT_STACK_WORDS


def stack(table, headings: list[str]) -> None:
    """Label each body cell with its column heading so CSS can stack rows on phones."""
    table.attrs["data-hb-stack"] = ""
    for row in table.css("tbody tr"):
        for cell, heading in zip(parser.children(row, "td", "th"), headings, strict=False):
            if heading:
                cell.attrs["data-label"] = heading

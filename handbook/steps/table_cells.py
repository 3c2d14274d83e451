"""Tables a reader takes in at a glance: one short idea or question per cell (PEMAT-P item 19).

PEMAT-P item 19 asks for "simple tables with short and clear row and column headings"; the
AHRQ guide fails a table a reader has to study. This hook reads each chapter's rendered
content, after every step that writes tables into it (the options grid, the decision tools,
the reader tools), and warns (page, line where it can be found, the cell's first words, and
the fix) for every table cell (`<td>` or `<th>`) that

- has more than `MAX_WORDS` words (citation numbers, `<sup class="hb-cite">`, not counted; in a
  cell that holds a list, each item is counted on its own, since a reader takes in one at a
  time), or
- asks more than one question (more than one "?"), since a reader answers one at a time.

Pages in `extra.literacy.exempt` (the glossary and the reference list) are skipped, and so
are blank write-in cells. The options grid has its own, stricter rule per point
(handbook/steps/decision_data.py). What it cannot tell: whether a short cell is clear, or
whether the headings are; a human reviews those.
"""

from __future__ import annotations

from handbook import html as parser
from handbook.literacy_text import literacy_settings, report_on_page
from handbook.logs import step_logger

log = step_logger(__name__)

RUNS_AFTER = {
    "options_grid": "it judges the grid's cells",
    "decision_tools": "it judges the tables the decision tools write in",
    "tools": "it judges the reader tools' tables",
}

CHECK = "table_cells"
MAX_WORDS = 30
#: Not words a reader reads: the citation numbers after each claim.
NOT_COUNTED = "sup.hb-cite"

# ---- Hooks ----


def on_page_content(html, *, page, config, files):
    if page.file.src_uri in literacy_settings(config)["exempt"]:
        return html
    report_on_page(log, CHECK, page, config, cell_problems(html))
    return html


# ---- Helper functions ----


def cell_words(cell) -> list[str]:
    """The words of a cell a reader reads (citation numbers left out)."""
    copy = parser.copy(cell)
    for sup in copy.css(NOT_COUNTED):
        sup.decompose()
    return parser.text(copy).split()


def cell_problems(html: str) -> list[tuple[str, str]]:
    """`(first words of the cell, message)` for each cell too long or with two questions."""
    problems = []
    for cell in parser.fragment(html).css("td, th"):
        words = cell_words(cell)
        if not words:
            continue
        items = cell.css("li")
        if items:  # a short list in a cell (the options grid's points): each point is one idea
            words = max((cell_words(item) for item in items), key=len)
        start = " ".join(words[:5])
        questions = " ".join(words).count("?")
        if len(words) > MAX_WORDS:
            problems.append((start, (
                f'a table cell of {len(words)} words (it starts "{start}") is longer than {MAX_WORDS}; '
                "a reader should take a cell in at a glance (PEMAT-P item 19). Fix: keep one short idea "
                "in the cell and put the details in the text under the table."
            )))
        elif questions > 1:
            problems.append((start, (
                f'a table cell asks {questions} questions (it starts "{start}"); a reader answers one at '
                "a time (PEMAT-P item 19). Fix: one short question per cell; split the row, or put the "
                "other questions in the text."
            )))
    return problems

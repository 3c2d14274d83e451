"""The options grid: one narrow table per question, every option a row, from data/options.yml.

A writer puts `<!-- options-grid -->` (every question) or `<!-- options-grid: visits -->`
(one question) on a line of its own. This hook:

- on_page_markdown: replaces the marker with one Markdown table per question (options as
  rows in the fixed order of `order`, least to most intensive), inside
  `<div class="hb-grid-src" markdown>`. An answer of several points (one idea each) is a
  short list in its cell, `<ul class="hb-points">`. Cell text is HTML-escaped; its `[@key]` citations are
  then numbered by handbook/steps/citations.py like any other, so the same source has the same
  number everywhere and counts as cited. For the `how_many` question, the icon arrays of the
  outcomes the options name follow the table (handbook/steps/icon_arrays.py renders them).
- on_page_content: turns each such table into `<table class="hb-options-grid">` with a
  caption (the question), column headers (scope="col") and row headers (scope="row"), so a
  screen reader announces the option with every cell; stylesheets/decision.css keeps it
  readable at 320 px and on A4. Runs before print-site copies the page.

Data checks (missing field, unknown option, uncited field, unknown outcome id, equal detail,
one idea per point)
are in handbook/steps/decision_data.py, which fails the build first.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from handbook import html as parser
from handbook.logs import step_logger
from handbook.steps import decision_data

log = step_logger(__name__)

RUNS_AFTER = {"decision_data": "it reads data/options.yml, which decision_data checks first (a fault stops the build there, naming file and key)"}

MARKER = re.compile(r"^<!-- options-grid(?::\s*(?P<field>[a-z_]+))? -->\s*$", re.M)
SOURCE_CLASS = "hb-grid-src"
TABLE_CLASS = "hb-options-grid"
OUTCOMES_FIELD = "how_many"
POINTS_CLASS = "hb-points"  # an answer of several ideas: a short list in its cell

_state: dict = {"options": {}}


# ---- Hooks ----


def on_config(config, **kwargs):
    root = Path(config.config_file_path).parent
    path = root / decision_data.OPTIONS_FILE
    _state["options"] = decision_data.read_yaml(path) if path.exists() else {}
    return config


def on_page_markdown(markdown, *, page, config, files):
    if "<!-- options-grid" not in markdown:
        return markdown
    options = _state["options"]

    def replace(match):
        field = match.group("field")
        if field and field not in decision_data.questions(options):
            log.warning(
                "%s: <!-- options-grid: %s --> names no question of %s. Use one of: %s.",
                page.file.src_uri, field, decision_data.OPTIONS_FILE, ", ".join(decision_data.questions(options)),
            )
            return ""
        return grid_markdown(options, [field] if field else None)

    return MARKER.sub(replace, markdown)


def on_page_content(html_text, *, page, config, files):
    if SOURCE_CLASS not in html_text:
        return html_text
    return finish_tables(html_text, decision_data.questions(_state["options"]))


# ---- Helper functions ----


def cell(text: str) -> str:
    """One table cell's Markdown: escaped, on one line, pipes escaped, citations kept."""
    text = " ".join(str(text).split())
    return html.escape(text, quote=False).replace("|", "\\|")


def citations(keys) -> str:
    keys = keys if isinstance(keys, list) else [keys]
    return "[" + "; ".join(f"@{key}" for key in keys) + "]"


def answer_cell(value) -> str:
    """One answer's cell: its one idea with its citations, or its points as a short list
    (`<ul class="hb-points">`), each point with its own citations."""
    points = [f"{cell(p['text'])} {citations(p['cite'])}" for p in decision_data.answer_points(value)]
    if isinstance(value, dict) and "points" in value and len(points) > 1:
        return f'<ul class="{POINTS_CLASS}">' + "".join(f"<li>{p}</li>" for p in points) + "</ul>"
    return " ".join(points)


def grid_markdown(options: dict, fields: list[str] | None = None) -> str:
    """Markdown for the grid: one table per question, options as rows in the fixed order."""
    qs = decision_data.questions(options)
    entries = options.get("options") or {}
    blocks = []
    for field in fields or list(qs):
        rows = [f"| Option | {cell(qs[field])} |", "|---|---|"]
        for option in decision_data.option_order(options):
            rows.append(f"| {cell(entries[option]['name'])} | {answer_cell(entries[option][field])} |")
        block = f'<div class="{SOURCE_CLASS}" data-hb-question="{field}" markdown>\n\n' + "\n".join(rows) + "\n\n</div>"
        if field == OUTCOMES_FIELD:
            ids = list(dict.fromkeys(o for opt in decision_data.option_order(options)
                                     for o in (entries[opt][field].get("outcomes") or [])))
            block += "".join(f"\n\n<!-- icon-array: {oid} -->" for oid in ids)
        blocks.append(block)
    return "\n\n".join(blocks) + "\n"


def finish_tables(html_text: str, qs: dict) -> str:
    """Class, caption and header scopes for each grid table; drop the wrapper."""
    tree = parser.fragment(html_text)
    wrappers = tree.css(f"div.{SOURCE_CLASS}")
    if not wrappers:
        return html_text
    for wrapper in wrappers:
        table = wrapper.css_first("table")
        if table is None:
            wrapper.unwrap()
            continue
        field = wrapper.attributes.get("data-hb-question") or ""
        table.attrs["class"] = TABLE_CLASS
        table.attrs["data-hb-question"] = field
        caption = parser.new_element("caption", inner_html=html.escape(qs.get(field, field), quote=False))
        if table.first_child is not None:
            table.first_child.insert_before(caption)
        else:
            table.insert_child(caption)
        for th in table.css("thead th"):
            th.attrs["scope"] = "col"
            _drop_style(th)
        for row in table.css("tbody tr"):
            first = row.css_first("td")
            if first is not None:
                parser.rename(first, "th", scope="row")
            for cell in row.css("td, th"):
                _drop_style(cell)
        wrapper.unwrap()
    return tree.html


def _drop_style(node) -> None:
    if "style" in node.attributes:
        del node.attrs["style"]

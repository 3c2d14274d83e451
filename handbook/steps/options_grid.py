"""The options grid: compact tables of the choices, every option a row, from data/options.yml.

A writer puts one marker on a line of its own:

- `<!-- options-grid: what_it_is, visits, driving -->` (2 to MAX_FIELDS questions): ONE table
  by topic, `Option | What it is | Visits in 8 weeks | Driving and daily life`. Each column
  header is the question's short `headers:` entry in data/options.yml; the caption is the
  topic: the heading the marker sits under (raters: "one compact grid per topic, short
  headers", PEMAT-P items 2 and 19, CDC item 16), so decision.css shows it to screen readers
  only, not a second time under the heading.
- `<!-- options-grid: visits -->` (one question): one two-column table, `Option | <short
  header>`, captioned with the question.
- `<!-- options-grid -->`: one such table per question.

A marker that names an unknown question, a question twice, or more than MAX_FIELDS questions
is a warning (strict fails) naming the page, the line and the fix. This hook:

- on_page_markdown: replaces the marker with a Markdown table (options as rows in the fixed
  order of `order`, least to most intensive), inside `<div class="hb-grid-src" markdown>`. An
  answer of several points (one idea each) is a short list in its cell, `<ul class="hb-points">`.
  Cite once per cell: when every point of a cell cites the same keys, the citation follows the
  cell's last point only; otherwise each point keeps its own. Cell text is HTML-escaped; its
  `[@key]` citations are then numbered by handbook/steps/citations.py like any other, so the
  same source has the same number everywhere and counts as cited. After the table that holds
  `how_many`, the icon arrays of the outcomes the options name follow (handbook/steps/icon_arrays.py).
- on_page_content: turns each such table into `<table class="hb-options-grid">` with a
  caption, column headers (scope="col") and row headers (scope="row"), so a screen reader
  announces the option with every cell. A table of several questions also gets
  `data-hb-stack`, `data-hb-stack-print` and a `data-label` (the short header) on each answer,
  as handbook/steps/tools.py gives wide tables: stylesheets/decision.css shows it as one card
  per option, each answer under its label, on phones and narrow screens and on paper, and as
  a real table on wider screens. Runs before print-site copies the page.

Data checks (missing field, unknown option, uncited field, unknown outcome id, equal detail,
one idea per point)
are in handbook/steps/decision_data.py, which fails the build first.
"""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

from handbook import html as parser
from handbook.fences import lines_outside_code
from handbook.logs import step_logger
from handbook.markdown_source import location, page_source
from handbook.steps import decision_data

log = step_logger(__name__)

RUNS_AFTER = {"decision_data": "it reads data/options.yml, which decision_data checks first (a fault stops the build there, naming file and key)"}

MARKER = re.compile(r"^<!-- options-grid(?::(?P<fields>[^>\n]*?))?\s*-->\s*$", re.M)
SOURCE_CLASS = "hb-grid-src"
TABLE_CLASS = "hb-options-grid"
OUTCOMES_FIELD = "how_many"
POINTS_CLASS = "hb-points"  # an answer of several ideas: a short list in its cell
#: Questions in one grid: 3 answer columns beside the option still fit a wide screen, and
#: stack as labelled cards on a phone and on paper.
MAX_FIELDS = 3
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*(?:\{[^}]*\})?\s*#*\s*$")

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
    source, offset = page_source(page)
    lines = [number + offset for number in marker_lines(source)]
    seen = itertools.count()

    def replace(match):
        index = next(seen)
        fields, problem = parse_fields(match.group("fields"), decision_data.questions(options))
        if problem:
            line = lines[index] if index < len(lines) else None
            log.warning("%s: %s", location(page, config, line), problem)
            return ""
        caption = heading_before(markdown, match.start()) if fields and len(fields) > 1 else None
        return grid_markdown(options, fields, caption)

    return MARKER.sub(replace, markdown)


def on_page_content(html_text, *, page, config, files):
    if SOURCE_CLASS not in html_text:
        return html_text
    return finish_tables(html_text, decision_data.questions(_state["options"]))


# ---- Helper functions ----


def parse_fields(raw: str | None, qs: dict) -> tuple[list[str] | None, str | None]:
    """(the questions a marker names, or None for every question; a problem with its fix)."""
    if raw is None:
        return None, None
    fields = [part.strip() for part in raw.split(",")]
    written = f"<!-- options-grid:{raw} -->"
    if not any(fields) or not all(fields):
        return None, (f"{written} has an empty question. Write the questions' ids with a comma between them, "
                      "e.g. <!-- options-grid: what_it_is, visits -->.")
    unknown = [f for f in fields if f not in qs]
    if unknown:
        return None, (f"{written} names no question '{unknown[0]}' of {decision_data.OPTIONS_FILE}. "
                      f"Use one of: {', '.join(qs)}.")
    twice = sorted({f for f in fields if fields.count(f) > 1})
    if twice:
        return None, f"{written} names '{twice[0]}' twice. Name each question once."
    if len(fields) > MAX_FIELDS:
        first, rest = ", ".join(fields[:MAX_FIELDS]), ", ".join(fields[MAX_FIELDS:])
        return None, (f"{written} names {len(fields)} questions; a grid holds at most {MAX_FIELDS}, so a reader "
                      f"takes a row in at a glance on a phone and on paper. Split it into two grids, e.g. "
                      f"<!-- options-grid: {first} --> and <!-- options-grid: {rest} -->, each under its own heading.")
    return fields, None


def marker_lines(source: str) -> list[int]:
    """1-based line numbers of the grid markers in `source`, in order."""
    return [source.count("\n", 0, match.start()) + 1 for match in MARKER.finditer(source)]


def heading_before(markdown: str, position: int) -> str | None:
    """The text of the last heading before `position` (outside code): a grid's topic."""
    found = None
    for _index, line in lines_outside_code(markdown[:position]):
        match = _HEADING_RE.match(line)
        if match:
            found = match.group("text").strip()
    return found


def grid_captions(markdown: str, options: dict) -> dict[str, str]:
    """Each question's table caption on a page: the topic heading of the grid that holds it,
    or, alone in its table, the question itself (handbook/steps/decision_tools.py names it)."""
    qs = decision_data.questions(options)
    found: dict[str, str] = {}
    for match in MARKER.finditer(markdown):
        fields, problem = parse_fields(match.group("fields"), qs)
        if problem:
            continue
        fields = fields or list(qs)
        topic = heading_before(markdown, match.start()) if len(fields) > 1 else None
        for field in fields:
            found.setdefault(field, topic or qs[field])
    return found


def cell(text: str) -> str:
    """One table cell's Markdown: escaped, on one line, pipes escaped, citations kept."""
    text = " ".join(str(text).split())
    return html.escape(text, quote=False).replace("|", "\\|")


def citations(keys) -> str:
    keys = keys if isinstance(keys, list) else [keys]
    return "[" + "; ".join(f"@{key}" for key in keys) + "]"


def answer_cell(value) -> str:
    """One answer's cell: its one idea with its citations, or its points as a short list
    (`<ul class="hb-points">`). Cite once per cell: when every point cites the same keys, the
    citation follows the last point only; otherwise each point carries its own."""
    found = decision_data.answer_points(value)
    once = len(found) > 1 and all(set(p["cite"]) == set(found[0]["cite"]) for p in found)
    points = [cell(p["text"]) if once else f"{cell(p['text'])} {citations(p['cite'])}" for p in found]
    if once:
        points[-1] += f" {citations(found[0]['cite'])}"
    if isinstance(value, dict) and "points" in value and len(points) > 1:
        return f'<ul class="{POINTS_CLASS}">' + "".join(f"<li>{p}</li>" for p in points) + "</ul>"
    return " ".join(points)


def grid_markdown(options: dict, fields: list[str] | None = None, caption: str | None = None) -> str:
    """Markdown for the grid, options as rows in the fixed order: one table of the `fields`
    (2 or more: short headers, captioned `caption`), or one table per question."""
    qs = decision_data.questions(options)
    heads = decision_data.headers(options)
    entries = options.get("options") or {}
    order = decision_data.option_order(options)
    groups = [fields] if fields and len(fields) > 1 else [[field] for field in fields or list(qs)]
    blocks = []
    for group in groups:
        if len(group) > 1:
            titles = [heads.get(field) or qs[field] for field in group]
            topic = caption or ", ".join(titles)
            attrs = (f'data-hb-questions="{" ".join(group)}" '
                     f'data-hb-caption="{html.escape(" ".join(topic.split()), quote=True)}"')
        else:  # captioned with the question (finish_tables); the column header is short
            titles = [heads.get(group[0]) or qs[group[0]]]
            attrs = f'data-hb-question="{group[0]}"'
        rows = ["| Option | " + " | ".join(cell(t) for t in titles) + " |", "|---" * (len(group) + 1) + "|"]
        for option in order:
            answers = " | ".join(answer_cell(entries[option][field]) for field in group)
            rows.append(f"| {cell(entries[option]['name'])} | {answers} |")
        block = f'<div class="{SOURCE_CLASS}" {attrs} markdown>\n\n' + "\n".join(rows) + "\n\n</div>"
        if OUTCOMES_FIELD in group:
            # The pictures under headings, each picture once, grouped by the choices it shows (a
            # picture of the drip against ECT is under "Ketamine drip and ECT"): ten pages of
            # pictures under one heading read as one chunk (CDC index item 9, rater AF).
            ids = list(dict.fromkeys(o for opt in order
                                     for o in (entries[opt][OUTCOMES_FIELD].get("outcomes") or [])))
            last = None
            for oid in ids:
                owners = [cell(entries[opt]["name"]) for opt in order
                          if oid in (entries[opt][OUTCOMES_FIELD].get("outcomes") or [])]
                if owners != last:
                    later = [n[:1].lower() + n[1:] if n[1:2].islower() else n for n in owners[1:]]
                    names = owners[0] if not later else ", ".join([owners[0], *later[:-1]]) + " and " + later[-1]
                    block += f"\n\n### {names}: the results in pictures"
                    last = owners
                block += f"\n\n<!-- icon-array: {oid} -->"
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
        several = wrapper.attributes.get("data-hb-questions")
        field = wrapper.attributes.get("data-hb-question") or ""
        table.attrs["class"] = TABLE_CLASS
        if several:
            table.attrs["data-hb-questions"] = several
            title = wrapper.attributes.get("data-hb-caption") or several
        else:
            table.attrs["data-hb-question"] = field
            title = qs.get(field, field)
        caption = parser.new_element("caption", inner_html=html.escape(title, quote=False))
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
        if several:
            label_answers(table)
        wrapper.unwrap()
    return tree.html


def label_answers(table) -> None:
    """A grid of several questions: each answer labelled with its column's short header, so
    decision.css can show one card per option on a phone and on paper (tools.py's attributes)."""
    heads = [parser.text(th) for th in table.css("thead th")]
    table.attrs["data-hb-stack"] = ""
    table.attrs["data-hb-stack-print"] = ""
    for row in table.css("tbody tr"):
        for cell, head in zip(parser.children(row, "td", "th"), heads, strict=False):
            if cell.tag == "td" and head:
                cell.attrs["data-label"] = head


def _drop_style(node) -> None:
    if "style" in node.attributes:
        del node.attrs["style"]

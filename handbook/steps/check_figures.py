"""Every picture draws something (PEMAT-P items 15-18, CDC Clear Communication Index item 4).

A rater failed three "pictures" that were boxes of text (Start here's road-map, the mirror
forms, the ways ketamine is given). This check keeps that from coming back: each `<figure>` in
a page's content must hold at least one drawing or chart:

- a drawing: inline `<svg>` with shapes (includes/figure-spray.md, the line drawings of
  includes/figure-forms.md, the road-map's group drawings) or an `<img>`;
- a chart drawn in HTML and CSS: bars (`<progress>`), calendar dots (`.hb-dot`) or a step
  flow (`ol.hb-steps`: numbered boxes joined by arrows, tools.css).

A figure with none of these (text in boxes, such as `ul.hb-cards` alone) warns, naming the
page (and the line of the include or the caption) and the start of its caption, with the fix.
What it cannot tell: whether the drawing helps. Reviewers judge that; tests/test_figure_drawings.py
pins the drawings that exist.
"""

from __future__ import annotations

from pathlib import Path

from handbook import html as parser
from handbook.logs import step_logger
from handbook.markdown_source import location, snippet_lines

log = step_logger(__name__)

RUNS_AFTER = {
    "check_content_safety": "content safety must judge what contributors wrote first",
    "icon_arrays": "its 'N in 100' pictures are figures too",
    "chapter_list": "the road-map picture is a figure too",
}

#: What counts as a drawing or chart inside a figure.
DRAWN = "svg, img, progress, .hb-dot, ol.hb-steps"
SHAPES = "path, rect, circle, ellipse, line, polyline, polygon"
CAPTION_START = 60  # characters of the caption quoted in the message
FIX = ("Fix: add a simple line drawing (inline SVG in the `.hb-svg-*` classes, aria-hidden when the "
       "words beside it say the same; see includes/figure-forms.md), or, if it is only text, "
       "write it as a list without <figure>.")

# ---- Hooks ----


def on_page_content(html, *, page, config, files):
    source = page.file.content_string
    root = Path(config.config_file_path).parent
    for caption in undrawn_figures(html):
        line = source_line(source, caption, root)
        log.warning("%s: the picture \"%s\" has no drawing or chart: it is only text in boxes. %s",
                    location(page, config, line), short(caption), FIX)
    return html


# ---- Helper functions ----


def undrawn_figures(html: str) -> list[str]:
    """The caption text of every figure with no drawing or chart ("" when it has no caption)."""
    out = []
    for figure in parser.fragment(html).css("figure"):
        if not any(_draws(node) for node in figure.css(DRAWN)):
            out.append(parser.text(figure.css_first("figcaption")))
    return out


def _draws(node) -> bool:
    """An <svg> must hold a shape (an empty or text-only svg draws nothing)."""
    return node.tag != "svg" or bool(node.css(SHAPES))


def short(caption: str) -> str:
    if not caption:
        return "(no caption)"
    return caption if len(caption) <= CAPTION_START else caption[:CAPTION_START].rstrip() + "..."


def source_line(source: str, caption: str, root: Path) -> int | None:
    """The line of the page that brings the figure in: the include holding its caption, or
    the line where the caption is written; None when neither is found (a step wrote it)."""
    probe = caption[:40]
    if not probe:
        return None
    for number, name in snippet_lines(source):
        path = root / "includes" / name
        if path.is_file() and probe in " ".join(path.read_text(encoding="utf-8").split()):
            return number
    for number, line in enumerate(source.split("\n"), start=1):
        if probe in " ".join(line.split()):
            return number
    return None

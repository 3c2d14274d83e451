"""The step pictures of the consent checklist and My decision summary (issue 13, CDC Clear
Communication Index item 4: a visual that supports the page's main message, with a caption).

Like the other pictures (includes/figure-*.md), each is HTML and CSS only: a numbered list of
steps (`ol.hb-steps`, drawn as boxes joined by arrows in assets/stylesheets/tools.css), so the
list itself is the text alternative; no image file, no colour of its own (it prints in
greyscale), and a caption. On paper (`hb-figure--compact`) its steps run as one line, so the checklist
keeps to 2 sheets and the summary to 2 pages (tests/test_pdf_packet.py and
tests/test_decision_support.py print them).
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from handbook import html as parser

FIGURES = {
    # include, page, words its steps must carry (the page's main message), its caption's point
    "figure-checklist.md": ("checklist.md", ["Read the questions", "Ask them at your visit", "Write down the answers",
                                             "Say yes, no or not yet"], "How to use this checklist"),
    "figure-mood.md": ("after-treatment.md", ["Rate your mood each week", "Compare it with last week",
                                              "Lower, or feeling worse? Call your care team",
                                              "Bring your record to each visit"], "act early if the benefit starts to fade"),
    "figure-summary.md": ("my-decision-summary.md", ["Rate what matters", "Fill in this page", "Keep it with you",
                                                     "Bring it to your care team"], "Fill in this summary and bring it to your care team"),
}


def _figure(name: str):
    return parser.fragment((ROOT / "includes" / name).read_text(encoding="utf-8")).css_first("figure")


@pytest.mark.parametrize("name", FIGURES)
def test_picture_is_steps_with_a_caption_and_nothing_external(name):
    page, steps, caption = FIGURES[name]
    figure = _figure(name)
    assert figure is not None and {"hb-figure", "hb-figure--compact"} <= set(parser.classes(figure))
    items = figure.css("ol.hb-steps > li")
    assert [parser.text(li) for li in items] == steps
    assert caption in parser.text(figure.css_first("figcaption"))
    html = figure.html
    # Greyscale and self-contained: no image, no script, no inline style or colour of its own.
    assert not figure.css("img, script, object, iframe, [style], [fill], [color]")
    assert not re.search(r"\b(?:src|href)\s*=", html)


@pytest.mark.parametrize("name", FIGURES)
def test_page_includes_its_picture_once(name):
    page = FIGURES[name][0]
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert text.count(f'--8<-- "{name}"') == 1


def test_checklist_picture_comes_before_the_first_section():
    """It explains the whole page, so it sits with the main message, above the questions."""
    text = (ROOT / "docs" / "checklist.md").read_text(encoding="utf-8")
    assert text.index("hb-main-message") < text.index('--8<-- "figure-checklist.md"') < text.index("\n## ")


def test_compact_pictures_print_as_lines_of_whole_steps():
    """Each step prints as one unbreakable piece with its arrow before it (li + li::after), so
    a line wraps between steps, never after an arrow (tests/test_pdf_packet.py prints it)."""
    css = (ROOT / "docs" / "assets" / "stylesheets" / "tools.css").read_text(encoding="utf-8")
    print_css = css[css.index("@media print"):]
    assert re.search(r"\.hb-figure--compact ol\.hb-steps > li \{[^}]*display: inline-block;", print_css)
    assert re.search(r"\.hb-figure--compact ol\.hb-steps > li \+ li::after \{[^}]*left: -", print_css)
    assert ":not(:last-child)::after" not in css  # an arrow after a step ends the line when the next wraps


@pytest.mark.slow
@pytest.mark.parametrize("name", FIGURES)
def test_built_page_shows_the_picture_with_its_caption(handbook_site, name):
    page, steps, caption = FIGURES[name]
    assert handbook_site.ok, handbook_site.error
    path = handbook_site.site / page.removesuffix(".md") / "index.html"
    article = parser.document(path.read_text(encoding="utf-8")).css_first("article")
    figures = article.css("figure.hb-figure--compact")
    assert len(figures) == 1
    assert [parser.text(li) for li in figures[0].css("ol.hb-steps > li")] == steps
    assert caption in parser.text(figures[0].css_first("figcaption"))


def test_step_bars_say_their_numbers_in_words():
    """The bar picture on Treatment-resistant depression is the steps' only copy (a table of the
    same four numbers was dropped as repetition): each bar's drawn value is the number its label
    says, and the page includes it. The bars count the same 100 people, adding up step by step
    to the 67 in 100 the text gives (a rater failed bars that each counted a different group
    next to that figure: CDC index item 17, no calculations)."""
    figure = _figure("figure-steps.md")
    bars = [(int(bar.attributes["value"]), parser.text(value))
            for bar, value in zip(figure.css("progress"), figure.css(".hb-bars__value"), strict=True)]
    assert [number for number, _ in bars] == [37, 56, 62, 67]
    assert all(words.startswith(f"{number} in 100") for number, words in bars)
    added = [int(words.split("(")[1].split()[0]) for _, words in bars[1:]]
    assert [a + b for a, b in zip([n for n, _ in bars[:-1]], added, strict=True)] == [n for n, _ in bars[1:]]
    assert "the same 100 people" in parser.text(figure.css_first("figcaption"))
    assert all(bar.attributes.get("aria-hidden") == "true" for bar in figure.css("progress"))  # the words carry it
    page = (ROOT / "docs" / "trd.md").read_text(encoding="utf-8")
    assert "| Step |" not in page  # the picture, not a second table of the same numbers
    assert '--8<-- "figure-steps.md"' in page

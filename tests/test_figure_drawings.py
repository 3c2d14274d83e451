"""The drawn pictures (PEMAT-P items 15-18 and 26, CDC Clear Communication Index item 4): a
rater failed "pictures" that were only boxes of text. Ways it is given (includes/figure-forms.md),
Ketamine and esketamine (figure-mirror.md, figure-approval.md) and the choices on
Treatment-resistant depression (figure-choices.md) now carry small line drawings; Start here's
road-map draws one per group (tests/test_roadmap.py). handbook/steps/check_figures.py fails the
build on a figure that draws nothing (tested at the end of this file).

Each drawing is inline SVG made of a few shapes in the tools.css `.hb-svg-*` classes
(currentColor on the page colour: dark mode and black-and-white paper), aria-hidden because the
words next to it say the same, with no text of its own; the words and the caption stay.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, build_project

from handbook import html as parser
from handbook.steps import check_figures
from handbook.urls import built_file

SVG_CLASSES = {"hb-svg-line", "hb-svg-thin", "hb-svg-light", "hb-svg-fill", "hb-svg-grey"}

FIGURES = {
    # include: (page, [the words of each box that has a drawing, in order], the caption's start)
    "figure-forms.md": ("ways-given.md", ["Nasal spray (esketamine)", "Drip into a vein", "Pill or under the tongue",
                                          "Shot (injection)"], "The four ways ketamine is given"),
    "figure-mirror.md": ("ketamine-and-esketamine.md", ["Esketamine", "The other form", "Ketamine"],
                         "Ketamine is made of two forms that are mirror images of each other"),
    "figure-approval.md": ("ketamine-and-esketamine.md", ["Esketamine nasal spray (Spravato)", "Ketamine by drip into a vein"],
                           "The two medicines side by side"),
    "figure-choices.md": ("index.md", ["Keep your current plan", "Change or add a medicine", "Talking therapy",
                                     "Magnetic pulse treatment", "Esketamine spray", "Ketamine drip",
                                     "ECT"], "Your seven choices."),
}


def _figure(name: str):
    return parser.fragment((ROOT / "includes" / name).read_text(encoding="utf-8")).css_first("figure")


def drawing_problems(figure) -> list[str]:
    """What is wrong with a figure's drawings: each must be a hidden, text-free inline SVG of
    shapes styled only by the `.hb-svg-*` classes."""
    problems = []
    drawings = figure.css("svg")
    if not drawings:
        problems.append("no drawing")
    for svg in drawings:
        if svg.attributes.get("aria-hidden") != "true":
            problems.append("a drawing is not aria-hidden")
        shapes = svg.css("path, rect, circle")
        if not shapes:
            problems.append("a drawing has no shapes")
        if svg.css("text, title, image, use, script, foreignObject") or parser.text(svg):
            problems.append("a drawing holds text, an image or a script")
        if svg.css("[fill], [stroke], [style], [color]"):
            problems.append("a drawing has a colour of its own")
        if any(not set(parser.classes(shape)) & SVG_CLASSES for shape in shapes):
            problems.append("a shape has no .hb-svg-* class")
    if figure.css_first("figcaption") is None:
        problems.append("no caption")
    return problems


@pytest.mark.parametrize("name", FIGURES)
def test_each_box_has_a_hidden_drawing_next_to_its_words(name):
    _page, words, caption = FIGURES[name]
    figure = _figure(name)
    assert drawing_problems(figure) == []
    boxes = [svg.parent for svg in figure.css("svg")]
    assert [parser.text(box.css_first("strong")) for box in boxes] == words
    assert all(parser.text(box) != parser.text(box.css_first("strong")) for box in boxes)  # the words stay
    assert parser.text(figure.css_first("figcaption")).startswith(caption)


def test_the_mirror_hands_are_mirror_images_and_ketamine_shows_both():
    figure = _figure("figure-mirror.md")
    eske, other, both = figure.css("svg")
    hand = other.html[other.html.index(">") + 1:other.html.rindex("<")]
    assert eske.css_first("g").attributes.get("transform") == "matrix(-1 0 0 1 50 0)"  # mirrored
    assert eske.css_first("g").html.count("<rect") == hand.count("<rect") == 5
    assert len(both.css("g")) == 2 and both.css("g")[0].attributes.get("transform") == "matrix(-1 0 0 1 50 0)"
    assert figure.css_first(".hb-mirror__line").attributes.get("aria-hidden") == "true"


def test_the_check_catches_a_text_only_figure_and_a_readable_drawing():
    text_only = parser.fragment('<figure><ul class="hb-cards"><li><strong>A</strong> b</li></ul></figure>').css_first("figure")
    assert drawing_problems(text_only) == ["no drawing", "no caption"]
    spoken = parser.fragment('<figure><svg><text>Spray</text></svg><figcaption>c</figcaption></figure>').css_first("figure")
    assert drawing_problems(spoken) == ["a drawing is not aria-hidden", "a drawing has no shapes",
                                        "a drawing holds text, an image or a script"]
    coloured = parser.fragment('<figure><svg aria-hidden="true"><rect fill="red"/></svg><figcaption>c</figcaption>'
                               '</figure>').css_first("figure")
    assert drawing_problems(coloured) == ["a drawing has a colour of its own", "a shape has no .hb-svg-* class"]


@pytest.mark.parametrize("name", FIGURES)
def test_page_includes_its_picture_once(name):
    text = (ROOT / "docs" / FIGURES[name][0]).read_text(encoding="utf-8")
    assert text.count(f'--8<-- "{name}"') == 1


def test_drawings_are_sized_and_keep_to_the_text_colour():
    css = (ROOT / "docs" / "assets" / "stylesheets" / "tools.css").read_text(encoding="utf-8")
    assert ".md-typeset .hb-figure svg.hb-drawing {" in css
    for rule in (".hb-svg-line {", ".hb-svg-thin {", ".hb-svg-fill {", ".hb-svg-light {"):
        body = css[css.index(rule):css.index("}", css.index(rule))]
        assert "currentcolor" in body, rule


@pytest.mark.slow
def test_built_pages_show_the_drawings(handbook_site):
    assert handbook_site.ok, handbook_site.error
    for name, (page, words, caption) in FIGURES.items():
        path = handbook_site.site / built_file(page)
        article = parser.document(path.read_text(encoding="utf-8")).css_first("article")
        figure = next(f for f in article.css("figure.hb-figure") if caption in parser.text(f.css_first("figcaption")))
        assert drawing_problems(figure) == [], name
        assert len(figure.css("svg.hb-drawing")) == len(words), name
    start = parser.document((handbook_site.site / "index.html").read_text(encoding="utf-8"))
    roadmap = start.css_first("figure.hb-roadmap-figure")
    assert drawing_problems(roadmap) == [] and len(roadmap.css("svg.hb-roadmap__icon")) == 4


# ---- The build check (handbook/steps/check_figures.py) ----

TEXT_CARDS = """<figure class="hb-figure" markdown>
<ul class="hb-cards">
<li><strong>Nasal spray</strong> Only at a clinic.</li>
<li><strong>Drip into a vein</strong> Used off-label.</li>
</ul>
<figcaption>The ways it is given, as boxes of text with no drawing at all.</figcaption>
</figure>
"""


def test_check_names_a_figure_of_text_boxes_and_passes_drawn_ones():
    assert check_figures.undrawn_figures(TEXT_CARDS) == ["The ways it is given, as boxes of text with no drawing at all."]
    empty_svg = '<figure><svg aria-hidden="true"><text>x</text></svg><figcaption>Only a word</figcaption></figure>'
    assert check_figures.undrawn_figures(empty_svg) == ["Only a word"]
    assert check_figures.undrawn_figures("<figure><p>text</p></figure>") == [""]
    for name in ("figure-forms.md", "figure-mirror.md", "figure-approval.md", "figure-choices.md",
                 "figure-spray.md", "figure-steps.md", "figure-schedule.md", "figure-visit.md"):
        assert check_figures.undrawn_figures((ROOT / "includes" / name).read_text(encoding="utf-8")) == [], name
    assert check_figures.short("x" * 100).endswith("...") and check_figures.short("") == "(no caption)"


def test_text_box_figure_fails_the_build_naming_page_line_and_caption(project):
    site = project("minisite")
    (site / "includes" / "figure-cards.md").write_text(TEXT_CARDS, encoding="utf-8")
    risks = site / "docs" / "risks.md"
    risks.write_text(risks.read_text(encoding="utf-8") + '\n--8<-- "figure-cards.md"\n', encoding="utf-8")
    line = risks.read_text(encoding="utf-8").split("\n").index('--8<-- "figure-cards.md"') + 1
    result = build_project(site)
    assert not result.ok
    assert result.warned("check_figures", f"risks.md line {line}", '"The ways it is given, as boxes of text with no drawing',
                         "has no drawing or chart", "Fix: add a simple line drawing"), result.warnings
    # The same boxes with a drawing pass.
    drawn = TEXT_CARDS.replace("<li><strong>Nasal", '<li><svg class="hb-drawing" viewBox="0 0 48 48" aria-hidden="true" '
                               'focusable="false"><rect class="hb-svg-light" x="18" y="20" width="12" height="20"/></svg>'
                               "<strong>Nasal")
    (site / "includes" / "figure-cards.md").write_text(drawn, encoding="utf-8")
    result = build_project(site)
    assert not result.warned("check_figures"), result.warnings

"""handbook/steps/number_bars.py: a small bar after every "N in 100" (CDC index item 20).

Pure functions with the inputs each rule exists for (the bar's width, the contexts that get
no bar, a phrase split across tags, running twice); then the real handbook: every "N in 100"
in a chapter's text outside those contexts is followed by its bar, and the print page and the
short leaflet cut from it carry the bars too.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from handbook import html as parser
from handbook.steps import number_bars

BAR = "svg.hb-howmany"


def bars(html: str) -> list:
    return parser.fragment(html).css(BAR)


def filled(svg) -> float:
    """The width of the bar's filled rectangle (the one filled with currentColor); for a gap's
    bar, the width of its striped part (the first rectangle, outlined)."""
    if number_bars.GAP_CLASS in parser.classes(svg):
        return float(svg.css("rect")[0].attributes["width"])
    fill = [r for r in svg.css("rect") if r.attributes.get("fill") == "currentColor"]
    assert len(fill) == 1
    return float(fill[0].attributes["width"])


def is_gap(svg) -> bool:
    return number_bars.GAP_CLASS in parser.classes(svg)


@pytest.mark.parametrize("n, width", [(0, 0), (1, 1), (17, 17), (69, 69), (100, 100)])
def test_the_bar_is_filled_n_hundredths_of_the_way(n, width):
    assert number_bars.filled_width(n) == width
    svg = parser.fragment(number_bars.bar_svg(n)).css_first(BAR)
    assert filled(svg) == width
    box = [r for r in svg.css("rect") if r.attributes.get("fill") == "none"]
    assert len(box) == 1 and box[0].attributes["width"] == "100" and box[0].attributes["stroke"] == "currentColor"
    assert svg.attributes["viewBox"] == "0 0 100 20" and svg.attributes["preserveAspectRatio"] == "none"


def test_the_bar_is_hidden_from_screen_readers_and_has_no_text():
    svg = parser.fragment(number_bars.bar_svg(40)).css_first(BAR)
    assert svg.attributes["aria-hidden"] == "true" and svg.attributes["focusable"] == "false"
    assert not svg.css("title, desc, text, script, image, use, a") and parser.text(svg) == ""
    assert "style" not in svg.attributes and not svg.css("[style]")  # the CSP needs no change


@pytest.mark.parametrize("phrase, n", [
    ("69 in 100", 69), ("about 59 in 100", 59),
    ("3 out of 100", 3), ("10 people in every 100", 10), ("100 in 100", 100), ("1 in 100", 1),
])
def test_every_kind_of_phrase_in_a_cell_gets_its_bar_right_after_it(phrase, n):
    out = number_bars.add_bars(f"<table><tr><td>After 2 weeks, {phrase} improved.</td></tr></table>")
    (svg,) = bars(out)
    assert filled(svg) == n
    before = phrase.removesuffix("100")
    assert f'<td>After 2 weeks, {before}<span class="hb-howmany-keep">100<svg ' in out
    assert "</svg></span> improved.</td>" in out
    assert parser.closest(svg, "span.hb-howmany-keep") is not None  # "100" and its bar on one line


@pytest.mark.parametrize("html", [
    "<h2>69 in 100 got better</h2>",
    "<h3>About <em>69 in 100</em></h3>",
    '<figure><svg role="img"><circle r="4"></circle></svg><figcaption>69 in 100 improved a lot</figcaption></figure>',
    '<figure class="hb-icon-figure"><table class="hb-icon-table"><tr><td>69 in 100</td></tr></table></figure>',
    "<p>Type <code>69 in 100</code> here.</p>",
    "<pre>69 in 100</pre>",
    '<p>Read <a href="evidence/">69 in 100 got better</a>.</p>',
    '<form><label for="x">69 in 100</label><textarea id="x">5 in 100</textarea><button>7 in 100</button></form>',
    "<p>Trouble breathing: very rare, fewer than 1 in 100.</p>",
    "<p>Less than 1 in 100 had it.</p>",
    "<p>Common means 1 to 9 in 100 people.</p>",
    "<p>None of them: 0 in 100.</p>",
    "<p>A rate of 2.5 in 100, or 7 in 100,000.</p>",
    # Running text: no bars (raters N and O: they split number pairs across lines)
    "<p>After 2 weeks, 69 in 100 improved, compared with 52 in 100 with a dummy spray.</p>",
    '<ul><li>69 in 100 with the spray</li></ul><div class="admonition"><p>41 in 100</p></div>',
    "<table><tr><th>41 in 100</th></tr></table>",
    '<p title="69 in 100"><abbr title="5 in 100">ECT</abbr> helped.</p>',
])
def test_no_bar_where_the_number_is_pictured_not_text_or_not_one_number(html):
    assert number_bars.add_bars(html) == html


@pytest.mark.parametrize("html", [
    "<p>41 in 100 on the spray, 9 in 100 on a dummy spray: 32 more in 100 [24].</p>",
    "<ul><li>Dizzy: 29 in 100 (some) against 8 in 100 (few), <strong>21 more in 100</strong>.</li></ul>",
    '<div class="admonition"><p>That is about 6 fewer in every 100.</p></div>',
])
def test_a_gap_in_running_text_gets_its_striped_bar_and_the_page_one_key(html):
    """Raters BB, BE and BF (CDC item 20): "32 more in 100" in a sentence had neither a word nor a
    picture. The gap gets the striped bar; the groups' numbers keep their words, with no bar."""
    page = '<h1>T</h1><p class="hb-review">Last reviewed</p>' + html
    out = number_bars.add_bars(page)
    tree = parser.fragment(out)
    drawn = [svg for svg in tree.css(BAR) if parser.closest(svg, f"p.{number_bars.RUNNING_KEY_CLASS}") is None]
    assert len(drawn) == 1 and is_gap(drawn[0])
    key = tree.css_first(f"p.{number_bars.RUNNING_KEY_CLASS}")
    assert key is not None and parser.matches(key.prev, "p.hb-review")  # under the page's top
    assert parser.get_text(key).startswith("A striped bar after a gap, like 32 more in 100, shows how many more")
    assert key.css_first(BAR) is not None and is_gap(key.css_first(BAR))  # the key shows one
    assert number_bars.add_bars(out) == out  # once
    assert parser.get_text(tree.root).replace(parser.get_text(key), "") == parser.get_text(parser.fragment(page).root)


def test_the_key_goes_first_on_a_page_without_a_review_line():
    out = number_bars.add_bars("<p>That is 17 more in 100.</p>")
    assert out.startswith(f'<p class="{number_bars.RUNNING_KEY_CLASS}">')


def test_a_table_cell_gets_its_bar_and_a_heading_cell_too():
    out = number_bars.add_bars("<table><tr><th>Spray</th><td>41 in 100</td><td>9 in 100</td></tr></table>")
    assert [filled(svg) for svg in bars(out)] == [41, 9]
    assert all(parser.closest(svg, "td") is not None for svg in bars(out))


def test_a_phrase_split_across_inline_tags_gets_its_bar_after_its_last_node():
    out = number_bars.add_bars("<table><tr><td>About <strong>69</strong> in 100 had it, and <em>52 in</em> <b>100</b> did.</td></tr></table>")
    first, second = bars(out)
    assert filled(first) == 69 and filled(second) == 52
    keep = '<span class="hb-howmany-keep">100<svg '
    assert f"<strong>69</strong> in {keep}" in out
    assert f"<b>{keep}" in out  # inside the tag that holds the phrase's end
    whole = number_bars.add_bars("<table><tr><td>About <strong>69 in 100</strong> had it.</td></tr></table>")
    assert f"<strong>69 in {keep}" in whole and len(bars(whole)) == 1


def test_a_phrase_does_not_run_across_a_block_or_a_link():
    html = "<table><tr><td><ul><li>study 69</li><li>in 100 of them</li></ul><p><a href='#x'>69</a> in 100</p></td></tr></table>"
    assert number_bars.add_bars(html) == html


def test_a_worked_difference_in_a_table_gets_a_striped_bar_and_the_key_says_so():
    """Raters AS, AU and AV: the "More with the spray" column was the only column of numbers
    with no picture (CDC item 20). A gap's bar is striped, not filled, so it is not a group."""
    out = number_bars.add_bars("<table><tr><td>41 in 100</td><td>9 in 100</td><td>32 more in 100</td>"
                               "<td>about 14 fewer in every 100</td></tr></table>")
    assert [(filled(svg), is_gap(svg)) for svg in bars(out)] == [(41, False), (9, False), (32, True), (14, True)]
    gap = bars(out)[2]
    assert not [r for r in gap.css("rect") if r.attributes.get("fill") == "currentColor"]  # never a dark fill
    stripes = gap.css_first("path").attributes["d"]
    assert stripes.startswith("M2 0V20") and all(float(x.split()[0]) <= 32 for x in stripes.split("M")[1:])
    key = parser.fragment(out).css_first(f"p.{number_bars.KEY_CLASS}")
    assert parser.text(key) == f"{number_bars.KEY_TEXT} {number_bars.GAP_KEY_TEXT}"
    # a table with no gap keeps the short key
    plain = number_bars.add_bars("<table><tr><td>41 in 100</td></tr></table>")
    assert parser.text(parser.fragment(plain).css_first(f"p.{number_bars.KEY_CLASS}")) == number_bars.KEY_TEXT
    # a tiny gap still shows a stripe
    assert number_bars.gap_svg(1).count("M") == 1


def test_several_phrases_in_one_text_node_each_get_theirs():
    out = number_bars.add_bars("<table><tr><td>69 in 100 with the spray, 52 in 100 with a dummy spray: 17 more in 100.</td></tr></table>")
    assert [filled(svg) for svg in bars(out)] == [69, 52, 17]
    table = parser.fragment(out).css_first("table")
    assert parser.get_text(table) == "69 in 100 with the spray, 52 in 100 with a dummy spray: 17 more in 100."


def test_running_twice_adds_nothing():
    html = ("<table><tr><td>About <strong>69</strong> in 100 had it; 52 in 100 with a dummy spray: 17 more in 100.</td>"
            "<td><b>41 in 100</b></td></tr></table>")
    once = number_bars.add_bars(html)
    assert len(bars(once)) == 4  # 69, 52, the gap of 17 and 41
    assert number_bars.add_bars(once) == once


def test_the_text_checks_read_the_same_words():
    """The bar carries no text: the words the readability gate, the search index and the
    messaging checks read are unchanged. (Text joined node by node with a space, as
    `parser.text` does, gains a space before punctuation that follows a bar: "100 ."; the
    word checks read words, and the review diff tidies such spaces.)"""
    html = ('<table><tr><td>About 59 in 100 improved a lot.</td>'
            '<td><ul><li>27 in 100 <sup>[1]</sup></li><li><strong>9</strong> in 100, common.</li></ul></td></tr></table>')
    out = number_bars.add_bars(html)
    assert len(bars(out)) == 3
    assert out.endswith(f'<p class="{number_bars.KEY_CLASS}">{number_bars.KEY_TEXT}</p>')
    out = out.removesuffix(f'<p class="{number_bars.KEY_CLASS}">{number_bars.KEY_TEXT}</p>')  # the key is the table's caption
    assert parser.get_text(parser.fragment(out).root) == parser.get_text(parser.fragment(html).root)
    assert parser.visible_text(out) == parser.visible_text(html)
    spaced = parser.text(parser.fragment(out))
    assert re.sub(r"\s+([.,])", r"\1", spaced) == re.sub(r"\s+([.,])", r"\1", parser.text(parser.fragment(html)))


# ---- The real handbook ----

#: Any "N in 100" a reader sees, found independently of the step's own walk.
ANY_PHRASE = re.compile(
    r"(?<![\d.,])(\d{1,3})\s+(?:more\s+|fewer\s+)?(?:people\s+|adults\s+|patients\s+)?(?:in|out of)\s+(?:every\s+)?100(?![\d])(?![.,]\d)")
NOT_DRAWN = re.compile(r"(?:(?:fewer|less)\s+than\s+(?:about\s+)?|\d\s*(?:to|-|–|or)\s*)$", re.I)
MARK = "\u25ae"      # where a bar is, in the flattened text
CUT = "\u241e"       # a block or a skipped element: no phrase runs across it
SKIPPED = "h1, h2, h3, h4, h5, h6, figure, figcaption, code, pre, a, svg, label, button, select, textarea, legend"
#: Every page but those the step leaves alone (the change log, the reference list).
CHAPTERS = sorted(path.stem for path in (ROOT / "docs").glob("*.md")
                  if path.name not in number_bars.EXEMPT_PAGES)


def flattened(node) -> str:
    """The element's text with MARK where each bar is and CUT around blocks and skipped elements."""
    out = []
    for child in node.iter(include_text=True):
        if child.is_text_node:
            out.append(child.text(deep=False) or "")
        elif child.is_element_node and child.tag == "svg" and "hb-howmany" in parser.classes(child):
            out.append(MARK)
        elif not child.is_element_node or parser.matches(child, SKIPPED):
            out.append(CUT)
        elif child.tag in parser.BLOCKS or child.tag == "br":
            out.append(CUT + flattened(child) + CUT)
        else:
            out.append(flattened(child))
    return "".join(out)


GAP_PHRASE = re.compile(r"(?<![\d.,])(\d{1,3})\s+(?:more|fewer)\s+(?:people\s+|adults\s+|patients\s+)?"
                        r"(?:in|out of)\s+(?:every\s+)?100(?![\d])(?![.,]\d)")


def phrases_and_bars(article) -> tuple[list[str], list[str]]:
    """(phrases that should have a bar: every one in a table cell, every worked difference
    elsewhere; those of them that do not have one)."""
    cells = [cell for cell in article.css("td") if parser.closest(cell, SKIPPED) is None]  # not the pictures' tables
    key = article.css_first(f"p.{number_bars.RUNNING_KEY_CLASS}")
    outside = parser.copy(article)
    for node in outside.css(f"td, p.{number_bars.RUNNING_KEY_CLASS}"):
        node.decompose()
    wanted, missing = [], []
    for text, pattern in ((CUT.join(flattened(cell) for cell in cells), ANY_PHRASE), (flattened(outside), GAP_PHRASE)):
        for match in pattern.finditer(text):
            n = int(match.group(1))
            if not 1 <= n <= 100 or NOT_DRAWN.search(text[: match.start()]):
                continue
            wanted.append(match.group(0))
            if not text.startswith(MARK, match.end()):
                missing.append(text[max(0, match.start() - 40): match.end() + 5])
    if key is not None:
        wanted.append("the key's example")
    return wanted, missing


@pytest.fixture(scope="module")
def built(handbook_site):
    assert handbook_site.ok, handbook_site.error
    return handbook_site.site


def article(site, page: str):
    path = site / "index.html" if page == "index" else site / page / "index.html"
    node = parser.document(path.read_text(encoding="utf-8")).css_first("article")
    assert node is not None, page
    return node


@pytest.mark.parametrize("page", CHAPTERS)
def test_every_number_in_a_table_cell_is_followed_by_its_bar_and_no_other(built, page):
    node = article(built, page)
    wanted, missing = phrases_and_bars(node)
    assert missing == [], f"{page}: no bar after {missing}"
    marks = flattened(node).count(MARK)
    assert marks == len(wanted), f"{page}: {marks} bars for {len(wanted)} numbers in table cells and gaps"
    for svg in node.css(BAR):
        assert parser.closest(svg, SKIPPED) is None, page
        assert parser.closest(svg, "td") is not None or is_gap(svg), f"{page}: a group's bar outside a table"
    gaps_outside = [svg for svg in node.css(BAR) if parser.closest(svg, "td") is None]
    assert bool(gaps_outside) == (node.css_first(f"p.{number_bars.RUNNING_KEY_CLASS}") is not None), page


def test_the_real_pages_have_bars_where_raters_looked(built):
    evidence = article(built, "evidence")
    # running text: words on the groups' numbers, a striped bar on each gap; the results: icon arrays
    assert evidence.css(BAR) and all(is_gap(svg) for svg in evidence.css(BAR))
    choices = article(built, "choices")
    assert len(choices.css("table.hb-options-grid " + BAR)) >= 7  # "How many it helps", each choice
    risks = article(built, "risks")
    assert len([svg for svg in risks.css(BAR) if parser.closest(svg, "td") is not None]) >= 14  # side effects
    assert "fewer than 1 in 100" + MARK not in flattened(risks)
    assert not article(built, "what-changed").css(BAR)  # history: old numbers get no picture


def test_the_print_page_carries_the_bars_and_the_leaflet_key_points_none(built):
    import pdf_glance  # scripts/ (pytest.ini pythonpath)

    html = (built / "print_page" / "index.html").read_text(encoding="utf-8")
    page = parser.document(html)
    choices = page.css_first("section.print-page#choices")
    assert len(choices.css(BAR)) == len(article(built, "choices").css(BAR)) >= 7
    leaflet = parser.document(pdf_glance.glance_html(html))
    points = [svg for svg in leaflet.css_first("#glance-main").css(BAR) if parser.closest(svg, "figure") is None]
    assert points and all(is_gap(svg) for svg in points)  # key points: only the gaps' striped bars
    assert "striped bar" in parser.get_text(leaflet.css_first("#glance-main p.hb-glance-key"))  # and the key says so


@pytest.mark.browser
def test_bars_print_and_stay_on_the_line_of_their_number(chromium, served_site):
    """On a phone and on paper, each bar is drawn (about 3.5em by 0.7em, in the text's
    colour) and never starts a line cut off from its "100"."""
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            page.goto(served_site + "risks/", wait_until="load")
            found = page.evaluate("""() => [...document.querySelectorAll('article svg.hb-howmany')].map((svg) => {
                const box = svg.getBoundingClientRect(), em = parseFloat(getComputedStyle(svg).fontSize);
                const keep = svg.closest('.hb-howmany-keep');
                return {w: box.width / em, h: box.height / em, lines: keep ? keep.getClientRects().length : 0,
                        shown: getComputedStyle(svg).display !== 'none' && getComputedStyle(svg).visibility === 'visible',
                        colour: getComputedStyle(svg).color === getComputedStyle(svg.parentElement).color};
            })""")
            assert len(found) >= 14, media
            for bar in found:
                assert bar["shown"] and bar["lines"] == 1 and bar["colour"], (media, bar)
                assert abs(bar["w"] - 3.5) < 0.1 and abs(bar["h"] - 0.7) < 0.1, (media, bar)
    finally:
        context.close()


def test_a_table_with_bars_gets_one_key_under_it_and_a_table_without_none():
    """PEMAT-P item 17: a visual has a caption. Every table whose numbers get bars is followed by
    one key; building twice (or a page with the key already) never adds a second."""
    html = ("<table><tbody><tr><td>27 in 100</td></tr></tbody></table>"
            "<table><tbody><tr><td>No number here</td></tr></tbody></table>")
    once = number_bars.add_bars(html)
    tree = parser.fragment(once)
    keys = tree.css(f"p.{number_bars.KEY_CLASS}")
    assert len(keys) == 1 and parser.text(keys[0]) == number_bars.KEY_TEXT
    assert once.index("27 in") < once.index(number_bars.KEY_TEXT) < once.index("No number here")
    again = number_bars.add_bars(once)
    assert again.count(number_bars.KEY_TEXT) == 1

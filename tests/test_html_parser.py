"""handbook/html.py: the one HTML parser, and the parsing bugs it fixed in the steps."""

from __future__ import annotations

from handbook import html as parser
from handbook.markdown.print_urls import mark_bare_urls
from handbook.markdown.table_regions import wrap_tables
from handbook.steps.check_disclaimer import COVER, notice_problems
from handbook.steps.inject_cover_notice import add_to_cover

NOTICE = '<div id="disclaimer">Read me.</div><div id="crisis-help">988 · 116 123 · 911 · 999</div>'


def test_it_parses_as_a_browser_does():
    # html.parser treats "<!-->" as a comment running to "-->"; browsers end it at once.
    tree = parser.document('<!doctype html><p>a<!--> <meta http-equiv="refresh" content="0"> --></p>')
    assert tree.css_first('meta[http-equiv="refresh"]') is not None


def test_a_nested_table_is_wrapped_inside_its_cell():
    html = "<table><tr><th>Outer</th></tr><tr><td><table><tr><th>Inner</th></tr></table></td></tr></table>"
    tree = parser.fragment(wrap_tables(html))
    outer, inner = tree.css("div.hb-table")
    assert outer.attributes["aria-label"] == "Table: Outer"
    assert inner.attributes["aria-label"] == "Table: Inner"
    assert inner.parent.tag == "td" and outer.css_first("td div.hb-table") is not None


def test_a_title_with_a_greater_than_sign_keeps_one_link():
    html = '<a title="a > b" href="https://988lifeline.org/">https://988lifeline.org/</a>'
    links = parser.fragment(mark_bare_urls(html)).css("a")
    assert len(links) == 1 and "hb-bare-url" in links[0].attributes["class"]
    assert links[0].attributes["title"] == "a > b"


def test_the_cover_notice_goes_to_the_end_of_the_cover_not_into_a_nested_section():
    page = ('<html><body><section id="print-site-cover-page"><section class="inner">Title</section>'
            '<p>Edition</p></section><section id="x">Chapter</section></body></html>')
    html, found = add_to_cover(page, NOTICE)
    assert found
    cover = parser.document(html).css_first("#print-site-cover-page")
    assert cover.css_first("section.inner #disclaimer") is None
    assert cover.last_child.attributes.get("id") == "crisis-help"
    assert notice_problems(html, "Read me.", COVER) == []


def test_the_disclaimer_check_looks_inside_the_whole_cover():
    # The old check stopped at the first </section>: a notice after a nested section was
    # "missing", and one inside the nested section passed. Now the cover is an element.
    page = ('<html><body><section id="print-site-cover-page"><section>Title</section>' + NOTICE
            + "</section></body></html>")
    assert notice_problems(page, "Read me.", COVER) == []
    outside = '<html><body><section id="print-site-cover-page"><section>Title</section></section>' + NOTICE + "</body></html>"
    assert "has no disclaimer" in " ".join(notice_problems(outside, "Read me.", COVER))


# ---- Building and editing trees (the steps that rewrite tables and tool markers) ----


def test_new_element_makes_table_parts_a_body_fragment_would_drop():
    caption = parser.new_element("caption", {"title": 'a "b" <c>'}, "Q &amp; A")
    assert caption.tag == "caption" and parser.text(caption) == "Q & A"
    assert caption.attributes["title"] == 'a "b" <c>'
    assert parser.new_element("th", {"scope": "row"}).tag == "th"
    assert parser.new_element("tr").tag == "tr"
    # A body fragment alone drops them: that is why new_element exists.
    assert parser.fragment("<caption>x</caption>").css_first("caption") is None


def test_rename_keeps_attributes_and_content_and_adds_new_ones():
    tree = parser.fragment('<table><tr><td class="c" style="x">a <b>b</b></td><td>z</td></tr></table>')
    th = parser.rename(tree.css_first("td"), "th", scope="row")
    assert th.attributes == {"class": "c", "style": "x", "scope": "row"}
    assert [cell.tag for cell in parser.children(tree.css_first("tr"))] == ["th", "td"]
    assert tree.css_first("th").inner_html == "a <b>b</b>"


def test_children_lists_only_own_child_elements():
    tree = parser.fragment("<tr><td>1<table><tr><td>nested</td></tr></table></td><th>2</th></tr>".join(["<table>", "</table>"]))
    row = tree.css_first("tr")
    assert [parser.text(c) for c in parser.children(row, "td", "th")] == ["1 nested", "2"]
    assert parser.children(row, "th")[0].tag == "th"


def test_clear_and_comments():
    tree = parser.fragment("<!-- tool: a --><p>x <b>y</b><!-- tool: b --></p>")
    assert [c.comment_content.strip() for c in parser.comments(tree)] == ["tool: a", "tool: b"]
    parser.clear(tree.css_first("p"))
    assert tree.html == "<!-- tool: a --><p></p>"
    assert parser.comments(parser.fragment("")) == []

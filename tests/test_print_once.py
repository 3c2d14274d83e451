"""handbook/steps/print_once.py: a block several chapters share prints once in the packet."""

from __future__ import annotations

import pytest

from handbook import html as parser
from handbook.steps.print_once import POINTER_CLASS, print_once

LIST = "<ul><li>Talking therapy: 46 in 100</li><li>ECT: more than half</li></ul>"


def _page(second: str = LIST, key: str = "trade-offs", title: str = "What each choice may give") -> str:
    block = '<div data-hb-shared="{key}" data-hb-shared-title="{title}">{body}</div>'
    return (
        "<html><body>"
        '<section class="print-page" id="trd" heading-number="2"><h1 id="trd-t">Treatment-resistant depression'
        '<a class="headerlink" href="#trd-t">¶</a></h1><p>Before.</p>'
        + block.format(key=key, title=title, body=LIST)
        + '</section><section class="print-page" id="what-matters" heading-number="10"><h1>What matters to you</h1>'
        "<p>Read them before you rate:</p>"
        + block.format(key=key, title=title, body=second)
        + "<p>After.</p></section></body></html>"
    )


def test_a_later_copy_becomes_one_line_that_points_to_the_first():
    html, problems = print_once(_page())
    assert problems == []
    tree = parser.document(html)
    first, *rest = tree.css("[data-hb-shared]")
    assert rest == []
    assert first.attributes["id"] == "hb-shared-trade-offs" and parser.text(first) == "Talking therapy: 46 in 100 ECT: more than half"
    pointer = tree.css_first(f"section#what-matters p.{POINTER_CLASS}")
    assert parser.get_text(pointer) == "What each choice may give: see chapter 2, Treatment-resistant depression."
    assert pointer.css_first("a").attributes["href"] == "#hb-shared-trade-offs"  # make_pdf adds "(page N)"
    # where the copy was: after "Read them before you rate:", before "After."
    texts = [parser.text(p) for p in tree.css("section#what-matters p")]
    assert texts == ["Read them before you rate:", parser.text(pointer), "After."]


@pytest.mark.parametrize("second", ["<ul><li>Talking therapy: 46 in 100</li></ul>",
                                    "<p>A different list under the same name.</p>"])
def test_two_different_blocks_under_one_name_both_print_and_warn(second):
    """A contributor cannot make a block vanish from paper by giving it a shared name."""
    html, problems = print_once(_page(second))
    assert html == _page(second)
    assert len(problems) == 1
    assert 'two different blocks are marked data-hb-shared="trade-offs"' in problems[0]
    assert '"Treatment-resistant depression" and in "What matters to you"' in problems[0]
    assert "so both print in full" in problems[0]


@pytest.mark.parametrize("body", ['<div class="hb-crisis-inline"><p>Need help now?</p></div>',
                                  "<p>Call or text 988 in the US.</p>",
                                  '<aside class="hb-safety"><div id="disclaimer">Not advice.</div></aside>'])
def test_crisis_help_and_the_disclaimer_are_never_shared_away(body):
    """A contributor cannot take crisis help off a printed chapter by marking it shared."""
    page = _page().replace(LIST, body)
    html, problems = print_once(page)
    assert html == page
    assert len(problems) == 2 and all("holds crisis help or the disclaimer" in p for p in problems)
    assert "What matters to you" in problems[1]


@pytest.mark.parametrize("key", ["", "Trade Offs", "trade_offs", "-x"])
def test_a_bad_name_prints_in_full_and_warns(key):
    html, problems = print_once(_page(key=key))
    assert parser.document(html).css_first(f"p.{POINTER_CLASS}") is None
    assert problems and all("is not a name of lower-case letters" in p and "prints in full" in p for p in problems)


def test_a_year_or_a_longer_number_is_not_a_crisis_number():
    body = "<ul><li>A study from 1999 of 9880 adults.</li></ul>"
    html, problems = print_once(_page().replace(LIST, body))
    assert problems == [] and len(parser.document(html).css("[data-hb-shared]")) == 1


def test_a_page_without_shared_blocks_is_unchanged():
    page = "<html><body><section class='print-page'><h1>T</h1><p>x</p></section></body></html>"
    assert print_once(page) == (page, [])


@pytest.mark.slow
def test_the_real_packet_prints_the_trade_offs_list_once_and_the_web_keeps_both(handbook_site):
    assert handbook_site.ok, handbook_site.error
    tree = parser.document((handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8"))
    assert len(tree.css('[data-hb-shared="trade-offs"]')) == 1
    assert tree.css_first("section.print-page#trd #hb-shared-trade-offs") is not None
    pointer = tree.css_first(f"section.print-page#what-matters p.{POINTER_CLASS}")
    assert "see chapter 2, What treatment-resistant depression is" in parser.get_text(pointer)
    # the words for numbers: once, in the first chapter that has them, and a pointer in the 4 others
    assert len(tree.css('[data-hb-shared="number-words"]')) == 1
    pointers = [p for p in tree.css(f"p.{POINTER_CLASS}") if "#hb-shared-number-words" in p.html]
    assert len(pointers) == 4 and all("see chapter 5, What the evidence shows" in parser.get_text(p) for p in pointers)
    for page in ("trd", "what-matters"):
        web = parser.document((handbook_site.site / page / "index.html").read_text(encoding="utf-8"))
        assert len(web.css('[data-hb-shared="trade-offs"] li')) >= 14, page


def test_a_first_copy_with_an_id_keeps_it_and_the_pointer_uses_it():
    page = _page().replace('<div data-hb-shared="trade-offs"', '<div id="trd-list" data-hb-shared="trade-offs"', 1)
    html, problems = print_once(page)
    tree = parser.document(html)
    assert problems == [] and tree.css_first("#trd-list") is not None
    assert tree.css_first(f"p.{POINTER_CLASS} a").attributes["href"] == "#trd-list"

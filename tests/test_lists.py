"""No list of more than 7 items in the printed packet (CDC Clear Communication Index item 8):
the reference list and the glossary in parts of at most 7 under their letters (handbook/lists.py,
handbook/markdown/citations.py and glossary.py), the printed contents in the road-map's groups
(handbook/steps/chapter_list.py), and the list_length step judging those two pages' lists."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT, build_project

from handbook import html as parser
from handbook.lists import MAX_ITEMS, group_by_initial, heading, initial
from handbook.markdown.citations import reference_groups, reference_order, render_reference_list
from handbook.markdown.glossary import render_glossary
from handbook.steps.chapter_list import CONTENTS, PRIMARY, contents_parts, group_contents, group_primary_nav
from handbook.steps.hide_page_toc import with_toc_hidden, without_menu_contents
from handbook.steps.list_length import judged, long_lists

# ---- Cutting a list sorted A to Z into parts of at most 7 ----------------------------------------


def test_initial_files_accents_under_their_letter_and_digits_under_numbers():
    assert [initial(t) for t in ("Büchter RB", "légaré F", "988 Lifeline", "  zanos", "")] == ["B", "L", "#", "Z", "#"]
    assert [heading(x) for x in (["A"], ["A", "B", "C"], ["#"], ["#", "A"], ["#", "A", "C"])] == [
        "A", "A to C", "Numbers", "Numbers and A", "Numbers and A to C"]


def test_a_list_of_20_comes_in_parts_of_at_most_7_in_order_with_letters_whole():
    names = ["Ab", "Ac", "Ba", "Bb", "Bc", "Ca", "Da", "Db", "Dc", "Dd", "Ea", "Fa", "Fb", "Ga",
             "Ha", "Hb", "Hc", "Hd", "He", "Ia"]
    parts = group_by_initial(names)
    assert all(len(positions) <= MAX_ITEMS for _h, positions in parts)
    assert [p for _h, positions in parts for p in positions] == list(range(20))  # every item, once, in order
    assert parts == [("A to C", [0, 1, 2, 3, 4, 5]), ("D to F", [6, 7, 8, 9, 10, 11, 12]),
                     ("G to I", [13, 14, 15, 16, 17, 18, 19])]
    # the limit is what cuts: one list of 20 would be a single part
    assert len(group_by_initial(names, max_items=20)) == 1


def test_a_letter_with_more_than_7_names_gets_even_parts_of_its_own():
    parts = group_by_initial(["A"] + ["S" + str(n) for n in range(15)] + ["T"])
    assert [(h, len(p)) for h, p in parts] == [("A", 1), ("S, part 1 of 3", 5), ("S, part 2 of 3", 5),
                                              ("S, part 3 of 3", 5), ("T", 1)]


# ---- The reference list ----------------------------------------------------------------------------


def _refs(count: int) -> dict:
    letters = "AABBBCDDDEFFGHHHIJKLMN"
    return {f"k{n:02d}": {"authors": f"{letters[n]}author X, et al.", "title": "T", "journal": "J", "year": 2020,
                          "pmid": str(10000000 + n)} for n in range(count)}


def test_twenty_references_come_in_parts_of_7_or_fewer_numbers_running_on():
    refs = _refs(20)
    order = reference_order(refs)
    groups = reference_groups(refs, order)
    assert all(len(entries) <= MAX_ITEMS for _t, entries in groups)
    assert [n for _t, entries in groups for n, _k in entries] == list(range(1, 21))
    assert [k for _t, entries in groups for _n, k in entries] == order
    assert groups[0][0] == "A to C (sources 1 to 6)"
    html = render_reference_list(refs, order)
    # every entry keeps its id (citations link to it) and its number, in order
    assert re.findall(r'<li id="ref-(k\d+)" value="(\d+)"', html) == [(k, str(n)) for n, k in enumerate(order, 1)]
    # each part is its own list, headed, starting where the one before stopped
    starts = [int(s) for s in re.findall(r'<ol class="hb-references" start="(\d+)"', html)]
    assert starts == [entries[0][0] for _t, entries in groups] and starts[0] == 1 and len(starts) > 2
    assert html.count("\n### ") + html.startswith("### ") == len(groups)


def test_the_built_reference_page_has_no_list_over_7_and_keeps_every_number(handbook_site):
    html = (handbook_site.site / "references" / "index.html").read_text(encoding="utf-8")
    article = parser.document(html).css_first("article")
    assert long_lists(article.html) == []
    lists = article.css("ol.hb-references")
    assert len(lists) > 1
    values = [int(li.attributes["value"]) for ol in lists for li in parser.children(ol, "li")]
    assert values == list(range(1, len(values) + 1)) and len(values) > 7 * 5
    assert [int(ol.attributes["start"]) for ol in lists] == [int(parser.children(ol, "li")[0].attributes["value"])
                                                            for ol in lists]
    for ol in lists:  # each part under its heading, which names its letters and numbers
        before = ol.prev
        while before is not None and not before.is_element_node:
            before = before.prev
        assert before is not None and before.tag == "h3" and "(source" in parser.text(before)


# ---- The glossary ----------------------------------------------------------------------------------


def test_twenty_glossary_terms_come_in_lists_of_7_or_fewer_under_their_letters():
    terms = sorted((f"{letter}term{n}", "A meaning.") for n, letter in enumerate("AABBBCDDDEFFGHHHIJKL"))
    html = render_glossary(terms)
    tree = parser.fragment(html)
    lists = tree.css("dl.hb-glossary")
    assert len(lists) == 3 and all(len(parser.children(dl, "dt")) <= MAX_ITEMS for dl in lists)
    assert long_lists(html) == []
    # every term once, in order, keeping its id (other pages link to it)
    assert [dt.attributes["id"] for dt in tree.css("dt")] == [f"term-{t.casefold()}" for t, _d in terms]
    assert html.count("\n### ") == 3 and "### A to C\n" in html
    # as one list, as before, it would be too long
    assert long_lists(render_glossary(terms).replace("</dl>", "").replace('<dl class="hb-glossary" markdown>', "")
                      .replace("<div", "<dl", 1).replace("</div>", "</dl>")) == [("Aterm0", 20)]


def test_the_built_glossary_has_no_list_over_7(handbook_site):
    html = (handbook_site.site / "glossary" / "index.html").read_text(encoding="utf-8")
    article = parser.document(html).css_first("article")
    assert long_lists(article.html) == []
    assert len(article.css("dl.hb-glossary")) > 1 and len(article.css("dl.hb-glossary dt")) > MAX_ITEMS * 3


# ---- list_length judges the reference page although it is exempt from the other checks ----------


def test_lists_checked_pages_are_judged_although_exempt():
    settings = {"exempt": ["glossary.md", "references.md", "what-changed.md"], "lists_checked": ["references.md"]}
    assert judged("references.md", settings) and judged("index.md", settings)
    assert not judged("what-changed.md", settings)
    assert not judged("references.md", {**settings, "lists_checked": []})


def test_a_definition_list_of_8_terms_is_a_long_list():
    terms = "".join(f"<dt>Term {n}</dt><dd>Meaning.</dd>" for n in range(1, 9))
    assert long_lists(f"<dl>{terms}</dl>") == [("Term 1", 8)]
    assert long_lists(f"<dl>{terms[:-len('<dt>Term 8</dt><dd>Meaning.</dd>')]}</dl>") == []


def test_a_long_list_on_the_reference_page_fails_the_build(project):
    root = project("literacy")
    page = root / "docs" / "references.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "<!-- references -->", "".join(f"- Source kind {n}\n" for n in range(1, 9)) + "\n<!-- references -->"),
        encoding="utf-8")
    result = build_project(root)
    assert result.warned("references.md", 'a list of 8 items (it starts "Source kind 1")'), result.warnings
    # exempt and not listed in lists_checked: not judged
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pending: []", "pending: []\n    lists_checked: []"),
                      encoding="utf-8")
    assert not build_project(root).warned("references.md", "a list of 8 items")


# ---- The printed contents, in the road-map's groups -----------------------------------------------


GROUPS = [("A. Learn", ["trd", "risks"]), ("B. Decide", ["choices"])]


def test_contents_parts_keep_start_here_alone_and_each_group_together():
    keys = ["index", "trd", "risks", "choices", "glossary"]
    assert contents_parts(keys, GROUPS) == [("", ["index"]), ("A. Learn", ["trd", "risks"]),
                                            ("B. Decide", ["choices"]), ("", ["glossary"])]


def _sidebar(keys: list[str]) -> str:
    items = "".join(f'<li class="md-nav__item"><a href="#{k}" class="md-nav__link">{n} {k}</a></li>'
                    for n, k in enumerate(keys, 1))
    return (f'<html><body><div class="md-sidebar md-sidebar--secondary"><nav class="md-nav md-nav--secondary">'
            f'<ul class="md-nav__list" data-md-component="toc">{items}</ul></nav></div></body></html>')


def test_grouping_the_contents_moves_entries_under_their_group_keeping_links_and_order():
    keys = ["index", "trd", "risks", "choices"]
    html, done = group_contents(_sidebar(keys), GROUPS)
    assert done
    top = parser.document(html).css_first(CONTENTS)
    assert [parser.text(li.css_first(".hb-toc-group__title")) if "hb-toc-group" in parser.classes(li)
            else parser.text(li) for li in parser.children(top, "li")] == ["1 index", "A. Learn", "B. Decide"]
    assert [a.attributes["href"] for a in top.css("a")] == [f"#{k}" for k in keys]
    assert parser.text(top.css_first("li.hb-toc-group ul")) == "2 trd 3 risks"
    # no sidebar list: nothing to group, and the caller is told
    assert group_contents("<html><body><p>x</p></body></html>", GROUPS) == ("<html><body><p>x</p></body></html>", False)


def test_twenty_chapters_in_groups_of_7_give_no_contents_list_over_7():
    keys = ["index"] + [f"c{n}" for n in range(1, 20)]
    groups = [(f"{chr(65 + g)}. Part", keys[1 + 7 * g:8 + 7 * g]) for g in range(3)]
    flat = parser.document(_sidebar(keys)).css_first(CONTENTS)
    assert long_lists(flat.html) == [("1 index", 20)]  # as print-site copied it before
    html, _ = group_contents(_sidebar(keys), groups)
    assert long_lists(parser.document(html).css_first(CONTENTS).html) == []


def test_the_printed_contents_come_in_the_road_maps_groups(handbook_site):
    """print-site's script copies this sidebar list into the printed contents as it is."""
    tree = parser.document((handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8"))
    contents = tree.css_first(CONTENTS)
    assert long_lists(contents.html) == []
    titles = [parser.text(t) for t in contents.css(".hb-toc-group__title")]
    roadmap = yaml.safe_load((ROOT / "data" / "roadmap.yml").read_text(encoding="utf-8"))["groups"]
    assert titles == [f"{chr(65 + n)}. {g['title']}" for n, g in enumerate(roadmap)]
    top = parser.children(contents, "li")
    assert "hb-toc-group" not in parser.classes(top[0]) and parser.text(top[0]).endswith("Start here")
    # every chapter of the packet is in the contents, once, in print order
    chapters = [s.attributes["id"] for s in tree.css("#print-site-page > section.print-page[id]")]
    assert [a.attributes["href"][1:] for a in contents.css("a[href^='#']")] == chapters


def test_the_contents_list_is_the_first_list_of_the_sidebar(handbook_site):
    """print-site copies the first <ul> of the sidebar: it must be the whole grouped list."""
    tree = parser.document((handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8"))
    first = tree.css_first(".md-sidebar--secondary").css_first("ul")
    assert first.attributes.get("data-md-component") == "toc" and first.css(".hb-toc-group")


# ---- The site's menu, in the same groups -------------------------------------------------------------


def _menu(hrefs: list[str], extra: str = "") -> str:
    items = "".join(f'<li class="md-nav__item"><a href="{h}" class="md-nav__link">page {n}</a></li>'
                    for n, h in enumerate(hrefs, 1))
    return (f'<html><body><nav class="md-nav md-nav--primary"><ul class="md-nav__list">{items}{extra}</ul></nav>'
            f'<nav class="md-nav md-nav--secondary"><ul class="md-nav__list"><li><a href="#x">x</a></li></ul></nav>'
            f'</body></html>')


MENU_GROUPS = [("A. Learn", ["trd/", "risks/"]), ("B. Decide", ["choices/"])]


def test_the_menu_comes_in_groups_matched_by_where_each_link_leads():
    # seen from risks/: "./" is the open page, ".." is Start here
    html = group_primary_nav(_menu(["..", "../trd/", "./", "../choices/", "../glossary/"]), "risks/", MENU_GROUPS)
    menu = parser.document(html).css_first(PRIMARY)
    top = parser.children(menu, "li")
    assert [parser.text(li.css_first(".hb-nav-group__title")) if "hb-nav-group" in parser.classes(li)
            else parser.text(li) for li in top] == ["page 1", "A. Learn", "B. Decide", "page 5"]
    learn = top[1].css_first("ul")
    assert [a.attributes["href"] for a in learn.css("a")] == ["../trd/", "./"]
    # each group's list is named by its title, for screen readers
    title = top[1].css_first(".hb-nav-group__title")
    assert learn.attributes["aria-labelledby"] == title.attributes["id"]
    # the page's own contents (the other sidebar) are left alone
    assert parser.document(html).css_first("nav.md-nav--secondary li").html == '<li><a href="#x">x</a></li>'


def test_the_menu_is_grouped_from_the_home_page_too():
    html = group_primary_nav(_menu(["./", "trd/", "risks/", "choices/"]), "", MENU_GROUPS)
    assert [parser.text(t) for t in parser.document(html).css(".hb-nav-group__title")] == ["A. Learn", "B. Decide"]


def test_a_menu_with_an_entry_that_is_not_a_page_link_is_left_as_it_is():
    odd = _menu(["..", "../trd/"], extra='<li class="md-nav__item"><span>Section</span></li>')
    assert group_primary_nav(odd, "risks/", MENU_GROUPS) == odd
    assert group_primary_nav("<html><body><p>x</p></body></html>", "risks/", MENU_GROUPS) == \
        "<html><body><p>x</p></body></html>"


def test_every_page_of_the_handbook_has_its_menu_in_groups_with_no_list_over_7(handbook_site):
    """A reader meets the menu on every page: 20 chapters in one list fails CDC item 8."""
    roadmap = yaml.safe_load((ROOT / "data" / "roadmap.yml").read_text(encoding="utf-8"))["groups"]
    site = handbook_site.site
    pages = [p for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("print_page/")]
    assert len(pages) > 15
    for page in pages:
        menu = parser.document(page.read_text(encoding="utf-8")).css_first(PRIMARY)
        assert [parser.text(t) for t in menu.css(".hb-nav-group__title")] == \
            [f"{chr(65 + n)}. {g['title']}" for n, g in enumerate(roadmap)], page
        sizes = [len(parser.children(ul, "li")) for ul in [menu, *menu.css("li.hb-nav-group > ul")]]
        assert max(sizes) <= 7, (page, sizes)


# ---- No sidebar of the page's sections (handbook/steps/hide_page_toc.py) ---------------------------


def test_every_page_hides_its_sections_list_keeping_what_it_hid_before():
    assert with_toc_hidden(None) == ["toc"]
    assert with_toc_hidden("navigation") == ["navigation", "toc"]
    assert with_toc_hidden(["toc", "footer"]) == ["toc", "footer"]


def test_the_menu_loses_its_copy_of_the_open_pages_sections():
    html = ('<html><body><nav class="md-nav md-nav--primary"><ul class="md-nav__list">'
            '<li class="md-nav__item"><a href="../trd/" class="md-nav__link">TRD</a></li>'
            '<li class="md-nav__item md-nav__item--active"><input class="md-nav__toggle" type="checkbox" id="__toc">'
            '<label class="md-nav__link" for="__toc">Risks</label><a href="./" class="md-nav__link">Risks</a>'
            '<nav class="md-nav md-nav--secondary"><ul><li><a href="#a">A</a></li></ul></nav></li></ul></nav>'
            '<div class="md-sidebar md-sidebar--secondary" hidden><nav class="md-nav md-nav--secondary">'
            '<ul><li><a href="#a">A</a></li></ul></nav></div></body></html>')
    tree = parser.document(without_menu_contents(html))
    active = tree.css_first("li.md-nav__item--active")
    assert [node.tag for node in parser.child_elements(active)] == ["a"]
    assert active.css_first("a").attributes["href"] == "./"
    # the hidden sidebar's box stays for Material's scripts, without its list
    assert tree.css_first(".md-sidebar--secondary") is not None
    assert tree.css_first(".md-sidebar--secondary nav.md-nav--secondary") is None
    assert without_menu_contents("<html><body><p>x</p></body></html>") == "<html><body><p>x</p></body></html>"


def test_no_page_shows_a_list_of_its_sections_but_the_print_page_keeps_its_contents(handbook_site):
    """Raters AT and AU: the sidebar listed 8 to 17 sections in one run (CDC item 8)."""
    site = handbook_site.site
    pages = [p for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("print_page/")]
    for page in pages:
        tree = parser.document(page.read_text(encoding="utf-8"))
        sidebar = tree.css_first(".md-sidebar--secondary")
        assert sidebar is None or "hidden" in sidebar.attributes, page
        assert tree.css_first("nav.md-nav--secondary") is None, page
        assert tree.css_first("a.md-skip") is not None, page  # "Skip to content" stays
    printed = parser.document((site / "print_page" / "index.html").read_text(encoding="utf-8"))
    assert "hidden" not in printed.css_first(".md-sidebar--secondary").attributes


@pytest.mark.browser
def test_the_contents_print_site_builds_in_the_browser_are_grouped(chromium, served_site):
    """What paper gets: print-site's script copies the sidebar list into #print-page-toc on load."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(served_site + "print_page/")
        page.wait_for_selector("#print-page-toc nav ul", state="attached")
        found = page.evaluate("""() => {
            const toc = document.querySelector('#print-page-toc nav');
            return {
                sizes: [...toc.querySelectorAll('ul')].map((ul) => [...ul.children].filter((li) => li.tagName === 'LI').length),
                titles: [...toc.querySelectorAll('.hb-toc-group__title')]
                    .filter((t) => t.getClientRects().length).map((t) => t.textContent.trim()),
                links: toc.querySelectorAll('a[href^="#"]').length,
                chapters: document.querySelectorAll('#print-site-page > section.print-page[id]').length,
            };
        }""")
    finally:
        context.close()
    assert found["sizes"] and max(found["sizes"]) <= MAX_ITEMS, found["sizes"]
    assert found["titles"][:2] == ["A. Learn", "B. Decide"]  # shown on paper
    assert found["links"] == found["chapters"]  # every chapter, each with its page number slot later

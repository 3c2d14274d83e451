"""Start here's road-map picture and grouped chapter list (handbook/steps/chapter_list.py).

Both are made from data/roadmap.yml, so they cannot disagree; the groups are checked against
mkdocs.yml `nav` (every chapter in one group, nav order kept, at most 7 per group: CDC item 8).
Each rule is fed the bad input it exists to catch, and the message is asserted.
"""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

from handbook import html as parser
from handbook.steps import chapter_list

NAV = chapter_list.nav_pages(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
GROUPS = chapter_list.load_groups(ROOT)
URLS = {src: src.removesuffix(".md") + "/" for _title, src in NAV}


def _links(html: str) -> list[tuple[str, str]]:
    return [(li.attributes.get("value"), li.css_first("a").attributes.get("href"))
            for li in parser.document(html).css("li")]


def test_real_groups_cover_the_nav_in_order_with_at_most_7_each():
    assert chapter_list.check_groups(GROUPS, NAV, "index.md") == []
    assert [g["title"] for g in GROUPS] == ["Learn", "Decide", "If you go ahead", "Look things up"]
    decide = GROUPS[1]["pages"]
    assert decide == ["choices.md", "is-it-right-for-me.md", "what-matters.md", "am-i-ready.md",
                      "my-decision-summary.md", "checklist.md"]
    assert GROUPS[2]["pages"][0] == "preparing.md"
    assert all(len(g["pages"]) <= chapter_list.MAX_PAGES for g in GROUPS)


def test_picture_and_list_show_the_same_chapters_with_the_same_numbers():
    descriptions = {src: f"About {src}." for _t, src in NAV}
    listing = chapter_list.chapter_list(NAV, "index.md", descriptions, URLS, GROUPS)
    picture = chapter_list.roadmap(NAV, URLS, GROUPS)
    assert _links(listing) == _links(picture)
    assert len(_links(listing)) == len(NAV) - 1  # every chapter after Start here, once
    numbers = {src: str(n) for n, (_t, src) in enumerate(NAV, start=1)}
    assert all(numbers[href.removesuffix("/") + ".md"] == value for value, href in _links(picture))
    # Group names, in the same order, in both; each list of the chapter list has <= 7 items.
    titles = [g["title"] for g in GROUPS]
    assert re.findall(r"[A-D]\. ([^<:]+)</strong>", listing) == titles
    assert [t.strip() for t in re.findall(r'hb-roadmap__title">[A-D]\. ([^<]+)<', picture)] == titles
    assert all(len(ol.css("li")) <= 7 for ol in parser.document(listing).css("ol"))


def _problems(groups):
    return chapter_list.check_groups(groups, NAV, "index.md")


def _with(change):
    groups = [dict(g, pages=list(g["pages"])) for g in GROUPS]
    change(groups)
    return _problems(groups)


def test_a_chapter_in_no_group_is_named():
    problems = _with(lambda g: g[2]["pages"].remove("on-the-day.md"))
    assert any("'on-the-day.md' is in mkdocs.yml `nav` but in no group" in p for p in problems), problems


def test_a_group_of_8_must_be_split():
    def merge(g):
        g[1]["pages"] = g[1]["pages"] + g[2]["pages"][:2]
        g[1]["pages"].sort(key=[s for _t, s in NAV].index)
        g[2]["pages"] = g[2]["pages"][2:]
    problems = _with(merge)
    assert any("group 2 ('Decide') has 8 pages, more than 7" in p and "split it" in p for p in problems), problems


def test_unknown_duplicate_and_out_of_order_pages_are_named():
    assert any("lists 'nope.md', which is not in mkdocs.yml `nav`" in p
               for p in _with(lambda g: g[0]["pages"].append("nope.md")))
    assert any("'risks.md' is in group 1 ('Learn') and in group 4" in p
               for p in _with(lambda g: g[3]["pages"].append("risks.md")))
    assert any("out of the nav's order" in p for p in _with(lambda g: g[0]["pages"].reverse()))
    assert any("comes before index.md" in p or "lists 'index.md'" in p
               for p in _with(lambda g: g[0]["pages"].insert(0, "index.md")))
    assert _problems([]) and "has no `groups`" in _problems([])[0]


def test_a_group_split_by_the_nav_is_named():
    """The paper follows the nav: Decide's chapters printed between Learn's (as in edition 2026.2)."""
    srcs = [s for _t, s in NAV]
    moved = srcs.copy()
    moved.remove("choices.md")
    moved.insert(moved.index("trd.md") + 1, "choices.md")
    problems = chapter_list.check_groups(GROUPS, [(s, s) for s in moved], "index.md")
    assert any("group 1 ('Learn')'s chapters are not next to each other" in p and "Fix:" in p for p in problems), problems
    assert any("group 2 ('Decide')'s chapters are not next to each other" in p for p in problems), problems
    assert chapter_list.check_groups(GROUPS, NAV, "index.md") == []


def test_without_groups_the_list_is_one_list_in_nav_order():
    html = chapter_list.chapter_list(NAV, "index.md", {}, URLS, None)
    assert [v for v, _h in _links(html)] == [str(n) for n in range(2, len(NAV) + 1)]


def test_start_here_uses_both_markers_and_no_typed_roadmap():
    source = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert chapter_list.MARKER in source and chapter_list.ROADMAP_MARKER in source
    assert "figure-roadmap.md" not in source and not (ROOT / "includes" / "figure-roadmap.md").exists()


def test_web_only_chapters_are_left_out_of_the_printed_road_map():
    """What changed is not in the printed handbook: the road-map shows it on screen only, so
    the paper copy names only chapters the reader holds (rater H)."""
    picture = parser.fragment(chapter_list.roadmap(NAV, URLS, GROUPS, frozenset({"what-changed.md"})))
    hidden = [parser.text(li) for li in picture.css("li.hb-screen-only")]
    assert hidden == ["What changed"]
    assert len(picture.css("li")) == len(NAV) - 1  # every chapter but Start here, where the picture is
    assert not parser.fragment(chapter_list.roadmap(NAV, URLS, GROUPS)).css("li.hb-screen-only")
    assert chapter_list.part_letter(0) == "A" and chapter_list.part_letter(3) == "D"

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
    assert [parser.text(p) for p in parser.fragment(picture).css("p.hb-roadmap__title")] == [
        f"{chapter_list.part_letter(n)}. {t}" for n, t in enumerate(titles)]
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


def test_each_group_has_a_drawing_hidden_from_screen_readers():
    """PEMAT-P items 15-18 and CDC item 4: the road-map is a picture, not only boxes of text.
    Each group's name has its own small line drawing; the name beside it says the same, so
    the drawing is aria-hidden and holds no text."""
    picture = parser.fragment(chapter_list.roadmap(NAV, URLS, GROUPS))
    titles = picture.css("p.hb-roadmap__title")
    assert len(titles) == len(GROUPS) == 4
    names = []
    for title, group in zip(titles, GROUPS, strict=True):
        svg = title.css_first("svg")
        assert svg is not None, parser.text(title)
        assert svg.attributes.get("aria-hidden") == "true" and svg.attributes.get("focusable") == "false"
        assert svg.css("path, rect, circle"), f"{group['title']}: no shapes"
        assert not svg.css("text, title, image, use, script") and not parser.text(svg)
        names.append(group["icon"])
        assert f"hb-roadmap__icon--{group['icon']}" in parser.classes(svg)
    assert names == ["book", "scale", "door", "magnifier"]
    assert len(set(names)) == len(names)  # a different drawing for each group


def test_every_drawing_is_strokes_in_the_text_colour():
    """Dark mode and black-and-white paper: the drawings use only the tools.css classes (fill
    and stroke from currentColor or the page colour), never a colour of their own."""
    for name in chapter_list.ICONS:
        svg = parser.fragment(chapter_list.icon(name)).css_first("svg")
        shapes = svg.css("path, rect, circle")
        assert shapes, name
        assert all(set(parser.classes(s)) & {"hb-svg-line", "hb-svg-thin", "hb-svg-light", "hb-svg-fill"} for s in shapes), name
        assert not svg.css("[fill], [stroke], [style], [color]"), name
    assert chapter_list.icon("rocket") == ""


def test_a_group_without_a_known_icon_is_named():
    def drop(g):
        del g[0]["icon"]
    problems = _with(drop)
    assert any("group 1 ('Learn') has no `icon`" in p and "Fix: add `icon:` with one of: book, calendar, door, magnifier, scale" in p
               for p in problems), problems
    problems = _with(lambda g: g[1].update(icon="rocket"))
    assert any("group 2 ('Decide') has `icon: rocket`, which is not a drawing the road-map has" in p and "Fix: use one of" in p
               for p in problems), problems
    assert _with(lambda g: g[2].update(icon="calendar")) == []

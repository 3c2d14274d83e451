"""Paper, without a browser: links on paper, page numbers, running headers, booklet padding,
leaflet basics, print wording, the chapter list, the short leaflet and the PDF measures.

Each check is fed the bad input it exists to catch (a link to the print server, a screen
word on paper, a heading alone at a page's foot, ...). The printed PDFs themselves are
tested in tests/test_pdf_packet.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pdf_glance  # scripts/
import pdf_measure  # scripts/
import pdf_pages  # scripts/
import pdf_ua  # scripts/
import pytest
from conftest import ROOT, build_project, copy_project
from pypdf import PdfReader, PdfWriter

from handbook import html as parser
from handbook.steps import chapter_list, leaflet, print_wording

BASE = "http://127.0.0.1:8123/"
SITE = "https://trd-handbook.github.io/ketamine-handbook/"


# ---- 1. No machine address on paper ----


def test_links_to_the_print_server_point_to_the_hosted_site():
    ids = frozenset({"risks", "references-ref-x"})
    page = BASE + "checklist/"
    # a chapter the PDF does not contain: the same page of the hosted site
    assert pdf_pages.paper_href(BASE + "risks/", BASE, SITE, ids, page) == SITE + "risks/"
    # a citation to a list the checklist does not contain: the hosted list
    assert pdf_pages.paper_href(BASE + "references/#ref-x", BASE, SITE, ids, page) == SITE + "references/#ref-x"
    # an element printed in this PDF: stays inside it (and gets "(page N)")
    assert pdf_pages.paper_href(page + "#risks", BASE, SITE, ids, page) == "#risks"
    # an id of this page that is not printed: the hosted page
    assert pdf_pages.paper_href(page + "#gone", BASE, SITE, ids, page) == SITE + "checklist/#gone"
    # a build-machine file: never on paper
    assert pdf_pages.paper_href("file:///home/builder/site/index.html", BASE, SITE, ids, page) == SITE
    # other hosts are kept
    assert pdf_pages.paper_href("https://doi.org/10.1/x", BASE, SITE, ids, page) == "https://doi.org/10.1/x"
    assert pdf_pages.paper_href("http://localhost:8000/ketamine-handbook/x/", BASE, SITE, ids, page) == SITE + "x/"
    for href in (BASE + "risks/", "file:///tmp/a.html", "http://localhost:8000/x/", "http://[::1]:9/y"):
        out = pdf_pages.paper_href(href, BASE, SITE, ids, page)
        assert "127.0.0.1" not in out and "localhost" not in out and not out.startswith("file:")


# ---- 2. Page numbers, running headers, booklets ----


def test_running_headers_name_the_chapter_of_each_page():
    headers = pdf_pages.running_headers(7, [(3, "1. Start here"), (5, "2. Risks")])
    assert headers == ["", "", "1. Start here", "1. Start here", "2. Risks", "2. Risks", "2. Risks"]


@pytest.mark.parametrize("pages,blank", [(1, 3), (4, 0), (65, 3), (66, 2), (68, 0), (12, 0)])
def test_booklets_are_padded_to_a_multiple_of_four(pages, blank):
    assert pdf_pages.booklet_padding(pages) == blank
    assert pdf_pages.booklet_padding(pages, multiple=1) == 0


def test_stamps_and_overlay_label_blank_pages_and_skip_the_cover():
    stamps = pdf_pages.page_stamps(["", "Contents", "1. Start here"], "Leaflet X-1", blank_after=1)
    assert stamps[0] == pdf_pages.Stamp("", "", "")  # the cover
    assert stamps[2].header == "1. Start here" and stamps[2].number == "Page 3 of 4"
    assert stamps[3].blank and stamps[3].footer == "Leaflet X-1"
    html = pdf_pages.overlay_html(stamps, "A4", (35, 35))
    assert html.count("<section>") == 4
    assert html.count(pdf_pages.BLANK_TEXT) == 1
    assert "988" in html and "116 123" in html  # crisis help on every page but the cover
    # the footer's text sits at least 10 mm from the paper's edge
    assert int(re.search(r"\.f \{ bottom: (\d+)mm", html).group(1)) >= 10


def test_overlay_is_drawn_as_an_artifact_over_each_page():
    assert pdf_pages.as_artifact(b"BT ET").startswith(b"/Artifact <</Type /Pagination>> BDC")
    assert pdf_pages._renamed(b"/F4 12 Tf /F40 1 Tf", {"F4": "HbF4"}) == b"/HbF4 12 Tf /F40 1 Tf"
    def pdf(pages: int) -> bytes:
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(200, 200)
        data = io.BytesIO()
        writer.write(data)
        return data.getvalue()

    with pytest.raises(ValueError):
        pdf_pages.stamp(pdf(1), pdf(1), blank_after=3)  # an overlay page for every page
    out = pdf_pages.stamp(pdf(1), pdf(4), blank_after=3)
    assert len(out.pages) == 4  # a booklet: 1 page + 3 blank


def test_destination_pages_are_read_back():
    class Reader:
        named_destinations = {"/risks": "d1", "/gone": "d2"}

        def get_destination_page_number(self, dest):
            return {"d1": 4, "d2": -1}[dest]

    assert pdf_pages.dest_pages(Reader()) == {"risks": 5}


# ---- 4. Leaflet basics ----


CHANGELOG = "## Unreleased\n\n## Edition 2026.1 (27 November 2026)\n\nFirst.\n"


def test_leaflet_number_dates_and_no_build_hash():
    metas = [{"next_review": dt.date(2029, 11, 27)}, {"next_review": "2027-11-27"}, {}]
    info = leaflet.leaflet_info("2026.1", CHANGELOG, metas, site_url=SITE, commit="3619957")
    assert info["number"] == "TRDK-2026.1"
    assert info["published"] == "27 November 2026"
    assert info["review"] == "27 November 2027"  # the earliest next_review
    assert info["problems"] == []
    line = leaflet.footer_line(info)
    assert line == "Leaflet number TRDK-2026.1 · Published 27 November 2026 · Review due 27 November 2027"
    assert "3619957" not in line and "commit" not in line


def test_leaflet_warns_when_the_edition_has_no_date():
    info = leaflet.leaflet_info("2026.2", CHANGELOG, [], build_date="2026-12-01")
    assert info["published"] == "1 December 2026"
    assert "## Edition 2026.2" in info["problems"][0] and "Fix:" in info["problems"][0]


def test_leaflet_partial_has_the_clinic_box_and_other_formats():
    partial = (ROOT / "overrides" / "partials" / "leaflet-basics.html").read_text(encoding="utf-8")
    for words in ("Your clinic", "Clinic name", "Phone", "Out-of-hours number", "Next appointment",
                  "online at", "the whole handbook", "zoom in on a screen", "hb-print-only", "data-hb-commit"):
        assert words in partial
    assert print_wording.screen_words(partial) == []  # paper-only text: nothing only a screen understands


def test_printed_templates_say_nothing_only_a_screen_understands():
    """The build's lint reads pages; the cover and partials are templates, so they are read here."""
    import re

    templates = [ROOT / "overrides" / "print-cover.tpl", *sorted((ROOT / "overrides" / "partials").glob("*.html"))]
    for path in templates:
        text = re.sub(r"\{#.*?#\}", " ", path.read_text(encoding="utf-8"), flags=re.S)  # Jinja comments
        assert print_wording.screen_words(text) == [], path.name
    cover = (ROOT / "overrides" / "print-cover.tpl").read_text(encoding="utf-8")
    assert "leaflet.number" in cover and "build.label" not in cover and "commit" not in cover.split("#}")[-1]


# ---- 3. Print wording ----


def test_screen_words_on_paper_are_found_with_their_line():
    source = "# Page\n\nTap a word to see it.\n\n<span class=\"hb-screen-only\">Click here.</span>\n\nSee the tabs above.\n"
    html = ('<h1>Page</h1><p>Tap a word to see it.</p><p><span class="hb-screen-only">Click here.</span></p>'
            "<p>See the tabs above.</p>")
    assert print_wording.screen_words(html, source) == [("Tap", 3), ("tabs above", 7)]
    for word in ("click", "hover over it", "the mouse", "scroll down", "each tab below", "the button below",
                 "the links above", "zoom to 200%", "zooming in"):
        assert print_wording.screen_words(f"<p>Now {word}.</p>"), word
    for instruction in ("Print it for your care team", "Print the consent checklist", "write it down, print it, and go",
                        "fill it in and print this page", "Your answers show up on the summary",
                        "each number links to its source", "Please print this page for your doctor",
                        "So print the checklist"):
        assert print_wording.screen_words(f"<p>{instruction}.</p>"), instruction
    for fine in ("zoom in on a screen", "the list below", "read it online", "Some clinics print this handbook",
                 "ask your clinic to print it larger", "How to print it", "the printed handbook",
                 "You can print it at home"):
        assert print_wording.screen_words(f"<p>Now {fine}.</p>") == [], fine  # they name the screen, or suit paper
    assert print_wording.screen_words('<p class="hb-screen-only">Tap it.</p><p>Tapestry, mousse.</p>') == []


def test_build_fails_on_a_screen_word_naming_page_and_line(tmp_path):
    project = copy_project("printpacket", tmp_path / "project")
    page = project / "docs" / "risks.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nTap the box to open it.\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index("Tap the box to open it.") + 1
    result = build_project(project, tmp_path / "site")
    assert result.warned(f"risks.md line {line}", "'Tap'", "hb-screen-only")


# ---- 3. The chapter list ----


def test_chapter_list_numbers_match_the_printed_headings():
    nav = [{"Start here": "index.md"}, {"TRD": "trd.md"}, {"Part": [{"Risks": "risks.md"}]}, {"Ext": "https://x.org/"}]
    chapters = chapter_list.nav_pages(nav)
    assert chapters == [("Start here", "index.md"), ("TRD", "trd.md"), ("Risks", "risks.md")]
    html = chapter_list.chapter_list(chapters, "index.md", {"trd.md": "What TRD is."}, {"trd.md": "trd/", "risks.md": "risks/"})
    items = parser.fragment(html).css("li")
    assert [li.attributes["value"] for li in items] == ["2", "3"]  # Start here is chapter 1 on paper
    assert items[0].css_first("a").attributes["href"] == "trd/" and "What TRD is." in parser.get_text(items[0])


def test_start_here_uses_the_generated_list():
    source = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert chapter_list.MARKER in source
    assert not re.search(r"^\d+\. \[", source, re.M), "Start here types its own chapter list"


# ---- 7. The short leaflet ----


@pytest.fixture(scope="module")
def fixture_print_page(tmp_path_factory):
    root = tmp_path_factory.mktemp("glance")
    project = copy_project("printpacket", root / "project")
    result = build_project(project, root / "site")
    assert result.ok, result.error
    return (result.site / "print_page" / "index.html").read_text(encoding="utf-8")


def test_short_leaflet_is_cut_from_the_print_page(fixture_print_page):
    html = pdf_glance.glance_html(fixture_print_page, SITE)
    soup = parser.document(html)
    glance = soup.css_first("#print-site-page #hb-glance")
    assert glance is not None
    assert parser.get_text(glance.css_first("#print-site-cover-page h1")) == pdf_glance.TITLE
    assert glance.css_first("#disclaimer") and glance.css_first("#crisis-help")  # safety on the cover
    assert glance.css_first(".hb-clinic")  # the leaflet basics
    assert glance.css("input.hb-check")  # the checklist
    assert not soup.css("#print-page-toc")
    ids = [tag.attributes["id"] for tag in soup.css("[id]")]
    assert len(ids) == len(set(ids))
    for link in glance.css("a[href^='#']"):
        assert link.attributes["href"][1:] in ids, link.html


@pytest.mark.slow
def test_the_real_short_leaflet_has_the_main_message_and_the_choices_picture(handbook_site):
    """Raters J and K: the leaflet had no main message (its cover replaced it with what the
    leaflet holds), no picture, and a receptor's name. It keeps the cover's main message, then
    what it holds in plain type; the seven-choices picture; no How it may work."""
    html = pdf_glance.glance_html((handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8"), SITE)
    glance = parser.document(html).css_first("#hb-glance")
    cover = glance.css_first("#print-site-cover-page")
    assert len(cover.css(".hb-main-message")) == 1
    assert "7 choices" in parser.get_text(cover.css_first(".hb-main-message"))
    assert parser.get_text(cover.css_first(".hb-cover__purpose")).startswith("The main points of the full handbook")
    pictures = [f for f in glance.css("#glance-main figure") if f.css_first("ul.hb-cards")]
    assert len(pictures) == 1 and len(pictures[0].css("ul.hb-cards > li")) == 7 and pictures[0].css_first("figcaption")
    headings = [parser.get_text(h).strip() for h in glance.css("#glance-main h2")]
    assert "Your 7 choices" in headings and "Your choices compared" not in headings  # rater O: no compare here
    # The choices come second of the chapters, before one choice's evidence and risks (rater AH,
    # PEMAT-P item 10); "Get help right away" stands before every chapter (rater AQ).
    chapters = [h for h in headings if h != pdf_glance.URGENT_TITLE]
    assert chapters.index("Your 7 choices") == 1 and chapters.index("What the evidence shows") > 1
    assert "How it may work" not in headings
    assert "NMDA" not in parser.get_text(glance)
    # The picture stands for Your choices compared's key points, which describe the handbook's
    # tables (rater AF: "The handbook describes each choice with the same questions ...").
    assert "same questions, in the same order" not in parser.get_text(glance)


@pytest.mark.slow
def test_the_real_short_leaflet_pictures_the_numbers_it_gives(handbook_site):
    """Raters AF and AG (PEMAT-P item 15): the leaflet gave 69 against 52 in 100 and 41 against
    9 in 100 in words only, while the handbook pictures both. Each picture follows its chapter's
    key points, without the screen-only table or the study's facts; no picture twice."""
    html = pdf_glance.glance_html((handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8"), SITE)
    main = parser.document(html).css_first("#glance-main")
    figures = main.css("figure.hb-icon-figure")
    assert sorted(f.attributes["data-hb-outcome"] for f in figures) == sorted(pdf_glance.KEY_PICTURES.values())
    for figure in figures:
        assert figure.css_first("svg.hb-icon-array") and figure.css_first("figcaption")
        assert not figure.css(".hb-screen-only, .hb-icon-figure__facts, [id]")
        # Each says how to use it, inside the figure so it stays with it (rater AM, PEMAT-P item 25).
        assert parser.get_text(figure.css_first("p.hb-glance-use")) == pdf_glance.PICTURE_USE
    order = [(n.tag, n.attributes.get("data-hb-outcome") or parser.get_text(n).strip()) for n in main.css("h2, figure.hb-icon-figure")]
    for chapter, outcome in (("What the evidence shows", "transform2_response"), ("Risks and side effects", "label_dissociation")):
        at = order.index(("h2", chapter))
        nxt = next((i for i, (tag, _) in enumerate(order) if tag == "h2" and i > at), len(order))
        assert at < order.index(("figure", outcome)) < nxt


@pytest.mark.slow
def test_the_real_short_leaflet_gives_the_key_to_its_number_words_before_any_number(handbook_site):
    """Rater AN (PEMAT-P item 6): the leaflet said "(some)" and "(few)" and had no key; its
    Glossary is not in the leaflet. The Glossary's table comes first, as one short paragraph
    after one plain line."""
    html = pdf_glance.glance_html((handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8"), SITE)
    main = parser.document(html).css_first("#glance-main")
    kids = [n for n in parser.child_elements(main) if n.tag != "h1"]
    assert kids[0].tag == "p" and parser.get_text(kids[0]) == pdf_glance.NUMBER_WORDS_LEAD
    assert kids[1].tag == "p" and kids[2].tag == "h2"
    words = parser.get_text(kids[1])
    assert words == ("Almost all: 90 to 100; most: 70 to 89; more than half: 55 to 69; about half: 45 to 54. "
                     "Fewer than half: 30 to 44; some: 10 to 29; few: 1 to 9; rare: fewer than 1.")  # no series over 7
    # ... and what a number in square brackets is, before the first one (rater BC, CDC 16)
    assert pdf_glance.SOURCES_LEAD in parser.get_text(kids[0]) and "round brackets" in parser.get_text(kids[0])
    assert html.index(pdf_glance.SOURCES_LEAD) < html.index('class="hb-cite"')


@pytest.mark.slow
def test_the_real_short_leaflet_says_when_to_call_an_ambulance_first(handbook_site):
    """Rater AQ: the leaflet promised "when to get help" but never said when to call 911 or
    999. The risks chapter's "Get help right away" list comes first in the main points, up to
    its "Why" (suicidal thoughts have their own box in the leaflet, with crisis help)."""
    html = pdf_glance.glance_html((handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8"), SITE)
    main = parser.document(html).css_first("#glance-main")
    headings = [parser.get_text(h).strip() for h in main.css("h2")]
    assert headings[0] == pdf_glance.URGENT_TITLE
    urgent = main.css_first(".hb-urgent")
    text = " ".join(parser.get_text(urgent, " ").split())
    assert "call 911 (US) or 999 (UK) now" in text and "chest pain" in text and "trouble breathing" in text
    assert "Why:" in text and "suicid" not in text.lower() and not urgent.css("[id]")
    assert "Get crisis help first" in parser.get_text(main)  # the suicidal-thoughts box is still there


def test_no_number_words_table_without_a_glossary():
    assert pdf_glance.number_words({}) is None


def test_a_box_whose_title_an_earlier_box_already_says_is_left_out():
    """Rater AF: "Do not drive" came right after "Watch for: slower thinking", which ends with
    "do not drive ...". A box whose whole title an earlier box says is dropped; others stay."""
    def box(title, text, kind="warning"):
        return (f'<div class="admonition {kind}"><p class="admonition-title">{title}</p>'
                f"<p>{text}</p></div>")
    page = parser.document(
        '<div id="print-site-page">'
        '<section class="print-page" id="risks">' + box("Watch for: slower thinking", "What to do: do not  drive until the next day.")
        + box("Watch for: sleepiness", "Tell staff.") + "</section>"
        '<section class="print-page" id="on-the-day">' + box("Do not drive", "Not until the next day.")
        + box("Call your care team", "If you feel worse.", "danger") + "</section></div>")
    chapters = {s.attributes["id"]: s for s in page.css("section.print-page")}
    titles = [parser.get_text(b.css_first(".admonition-title")) for b in pdf_glance.risk_boxes(chapters)]
    assert titles == ["Watch for: slower thinking", "Watch for: sleepiness", "Call your care team"]


@pytest.mark.slow
def test_the_real_short_leaflet_puts_the_risks_in_one_place(handbook_site):
    """Rater M (PEMAT-P item 10): the risks came twice, the risks chapter's key points on one
    page and the warning boxes pages later, after preparing, the day and after treatment. The
    boxes now follow the risks chapter's key points, before the next chapter's heading."""
    html = pdf_glance.glance_html((handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8"), SITE)
    main = parser.document(html).css_first("#glance-main")
    order = [(node.tag, parser.get_text(node).strip()) for node in main.css("h2, h3, .admonition.warning, .admonition.danger")]
    risks_at = order.index(("h2", "Risks and side effects"))
    part_at = order.index(("h3", pdf_glance.RISKS_TITLE))
    next_chapter = next(i for i, (tag, _) in enumerate(order) if tag == "h2" and i > risks_at)
    assert risks_at < part_at < next_chapter
    boxes = [i for i, (tag, _) in enumerate(order) if tag == "div"]
    assert boxes and all(part_at < i < next_chapter for i in boxes)
    assert parser.document(html).css_first("section#glance-risks") is None  # not a second part


def test_short_leaflet_keeps_what_to_do_in_each_box():
    """A "Watch for" box reads notice -> what to do -> why; the leaflet keeps the first two.
    (It kept the last paragraph, the why, and lost what to do: rater D.)"""
    box = parser.fragment(
        '<div class="admonition warning"><p class="admonition-title">Watch for: blood pressure</p>'
        "<p><strong>What you may notice:</strong> usually nothing.</p>"
        "<p><strong>What to do:</strong> let staff check it before and after the dose.</p>"
        "<p><strong>Why:</strong> both drugs raise it for a short time.</p></div>").css_first("div")
    pdf_glance._shorten(box)
    kept = [parser.get_text(p, " ", strip=True) for p in box.css("p")]
    assert kept == ["Watch for: blood pressure", "What you may notice: usually nothing.",
                    "What to do: let staff check it before and after the dose."]
    old = parser.fragment('<div class="admonition"><p>Risk, 3 in 100.</p><p>Long detail.</p><p>Call us.</p></div>').css_first("div")
    pdf_glance._shorten(old)  # no "What to do": the last paragraph, if short, is the action
    assert [parser.get_text(p, " ", strip=True) for p in old.css("p")] == ["Risk, 3 in 100.", "Call us."]
    assert {"what-matters", "am-i-ready", "my-decision-summary"} <= pdf_glance.SKIP  # their key points describe forms


def test_short_leaflet_points_left_out_chapters_to_the_site():
    assert pdf_glance.site_href("risks", ["index", "risks"], SITE) == SITE + "risks/"
    assert pdf_glance.site_href("references-ref-x", ["references"], SITE) == SITE + "references/#ref-x"
    assert pdf_glance.site_href("index-who", ["index"], SITE) == SITE + "#who"
    assert pdf_glance.site_href("nowhere", ["index"], SITE) is None


# ---- 5 and 6. Measures and PDF/UA ----


def R(y, text, size=12.0, x=50.0):
    return pdf_measure.Run(x, y, size, text, x + 0.5 * size * len(text))


def test_stranded_heading_is_caught():
    runs = {1: [R(700, "Heading", 16), R(680, "Text under it."), R(660, "More text."),
                R(120, "Lonely heading", 16)]}
    headings = [(1, "Heading", 1, 716.0), (1, "Lonely heading", 1, 136.0)]
    assert pdf_measure.stranded_headings(runs, headings) == [(1, "Lonely heading")]


def B(y, text, size=12.0, x=50.0):
    return pdf_measure.Run(x, y, size, text, x + 0.5 * size * len(text), bold=True)


FOOT = pdf_measure.RUNNING_ZONE_MM * pdf_measure.MM  # the foot of the text area, in pt


@pytest.mark.parametrize(("last", "flagged"), [
    # A box's title or a bold lead-in, alone at the foot: what it introduces is on the next page.
    ([B(FOOT + 20, "Watch for: slowed breathing")], True),
    ([B(FOOT + 40, "What is not known")], True),
    # A bold sentence (or a figure's caption) may end a page.
    ([B(FOOT + 20, "Fill in this summary and bring it to your care team.")], False),
    # The last line of a bold paragraph: the line above it is bold too, a line's height away.
    ([B(FOOT + 38, "Each chapter's point, in bold over two"), B(FOOT + 20, "lines of text")], False),
    # A form's label with write-in lines (drawn, not text) under it: room left below.
    ([B(FOOT + 120, "My questions")], False),
    # A form's row: labels with room to write between them.
    ([B(FOOT + 20, "Your name", x=50.0), B(FOOT + 20, "Date", x=400.0)], False),
    # Not all bold: a line of ordinary text.
    ([R(FOOT + 20, "and then the text goes on")], False),
])
def test_a_label_alone_at_the_foot_of_a_page_is_caught(last, flagged):
    page = [R(700, "Some text at the top of the page."), R(600, "More text in the middle."), *last]
    runs = {1: page, 2: [R(700, "What it introduces.")]}
    found = pdf_measure.stranded_lead_ins(runs)
    assert found == ([(1, " ".join(r.text for r in last))] if flagged else []), found


def test_the_last_page_may_end_on_a_label():
    assert pdf_measure.stranded_lead_ins({1: [R(700, "Text.")], 2: [B(FOOT + 20, "My notes")]}) == []


def test_lines_split_at_a_column_gap_and_count_characters():
    runs = [R(700, "Left column text", x=50), R(700, "Right column", x=320), R(686, "Next line")]
    assert pdf_measure.lines(runs) == ["Left column text", "Right column", "Next line"]


def test_xmp_and_link_descriptions():
    xmp = pdf_ua.xmp_packet("A & B", "en", "Editors", "leaflet X", "2026-12-01T00:00:00+00:00").decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "A &amp; B" in xmp and "<dc:title>" in xmp
    assert pdf_ua.link_description("Risks", None, 37) == "Risks (page 37)"
    assert pdf_ua.link_description("", "https://doi.org/x", None) == "https://doi.org/x"
    assert pdf_ua.link_description("", None, 5) == "Go to page 5"
    runs = [R(700, "Risks"), R(500, "elsewhere")]
    assert pdf_ua.words_in(runs, [45, 695, 120, 712]) == "Risks"


def test_pdf_ua_properties_are_added_with_pypdf():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    pdf_ua.finish(writer, title="T: a leaflet", lang="en", author="T", commit="abc1234", leaflet="Leaflet X")
    data = io.BytesIO()
    writer.write(data)
    reader = PdfReader(data)
    ua = pdf_measure.ua_properties(reader)
    assert ua["DisplayDocTitle"] and ua["XMP pdfuaid:part 1"] and ua["XMP dc:title"] and ua["Lang"] == "en"
    assert reader.metadata["/HandbookCommit"] == "abc1234"  # the commit: metadata only


# A page as Chromium draws it: tagged text, then decoration the accessibility tree leaves out
# (a border, an aria-hidden icon drawn as an image, hidden text), a clip path, and text whose
# string holds the word EMC.
UNTAGGED = (
    b"q 1 0 0 1 0 0 cm\n/P <</MCID 0 >>BDC\nBT /F1 12 Tf 10 10 Td (Hi \\(EMC\\)) Tj ET\nEMC\n"
    b"0 0 5 5 re W n\n"
    b".5 g 0 0 100 1 re\nf\n/Im1 Do\nBT /F1 9 Tf <0012> Tj ET\n"
    b"/Artifact BMC\nBT (Page 1) Tj ET\nEMC\nQ\n"
)


def test_untagged_drawings_become_artifacts():
    data, wrapped = pdf_ua.artifact_untagged(UNTAGGED)
    assert wrapped == 3  # the border, the image, the hidden text
    assert b"/Artifact BMC\n0 0 100 1 re\nf\nEMC" in data
    assert b"/Artifact BMC\n/Im1 Do\nEMC" in data
    assert b"/Artifact BMC\n<0012> Tj\nEMC" in data
    assert b"/Artifact BMC\n(Hi" not in data  # tagged text stays tagged
    assert b"/Artifact BMC\n0 0 5 5 re W n" not in data  # a clip paints nothing
    assert pdf_ua.artifact_untagged(data) == (data, 0)  # nothing left to wrap
    # pdf_measure reports them (PDF/UA allows none), and finish() wraps them
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    from pypdf.generic import NameObject, StreamObject

    stream = StreamObject()
    stream.set_data(UNTAGGED)
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert pdf_measure.ua_properties(PdfReader(buffer))["untagged drawings"] == 3
    pdf_ua.finish(writer, title="T", lang="en", author="T", commit=None, leaflet="Leaflet X")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert pdf_measure.ua_properties(PdfReader(buffer))["untagged drawings"] == 0


def test_only_blocks_taller_than_a_third_of_the_page_may_break():
    import make_pdf  # scripts/

    width, height = make_pdf.text_area_px("a4")
    assert width == round(140 * 96 / 25.4) and height == round((297 - 18 - 22) * 96 / 25.4)
    assert make_pdf.text_area_px("letter", 170)[0] == round(170 * 96 / 25.4)
    assert make_pdf.keep_whole_limit_px("letter") < make_pdf.keep_whole_limit_px("a4") == pytest.approx(height / 3)
    # a picture print.css marks --hb-keep-whole: page may break only if taller than the page
    assert make_pdf.relax_limits_px("a4") == [pytest.approx(height / 3), height]
    assert "--hb-keep-whole" in make_pdf.RELAX_JS


def test_standalone_pdfs_name_the_chapter_of_a_link(tmp_path):
    """Raters: "Read Risks and side effects" in the checklist PDF led nowhere on paper."""
    import make_pdf  # scripts/

    site = "https://example.org/hb/"
    for page in ("risks", "evidence", "index"):
        (tmp_path / page).mkdir()
        (tmp_path / page / "index.html").write_text("x", encoding="utf-8")
    print_page = ('<div id="print-site-page"><section class="print-page" id="index" heading-number="1"></section>'
                  '<section class="print-page" id="evidence" heading-number="5"></section>'
                  '<section class="print-page" id="risks" heading-number="7"></section></div>')
    chapters = make_pdf.chapter_numbers(print_page, tmp_path)
    assert chapters == {"evidence/": "5", "risks/": "7"}  # Start here is the site's home: "the website"
    local = "http://127.0.0.1:8000/risks/"
    assert make_pdf.link_note(site + "risks/#serious", local, site, chapters, packet=False) == "chapter 7 of the handbook"
    assert make_pdf.link_note(site + "what-changed/", local, site, chapters, packet=False) == ""
    assert make_pdf.link_note("https://doi.org/10.1/x", "https://doi.org/10.1/x", site, chapters, packet=False) is None
    assert make_pdf.link_note("#risks", local, site, chapters, packet=False) is None
    # the packet holds every chapter: no chapter number; an address typed as such stays printed
    assert make_pdf.link_note(site + "what-changed/", local, site, chapters, packet=True) == ""
    assert make_pdf.link_note(site + "what-changed/", site + "what-changed/", site, chapters, packet=True) is None



def test_short_leaflet_has_no_mislabelled_options_table(fixture_print_page):
    """Edition 2026.2 printed Treatment-resistant depression's first table (remission by step)
    under "Your options side by side"; the options are in the key points of Your choices compared."""
    html = pdf_glance.glance_html(fixture_print_page, SITE)
    assert "Your options side by side" not in html and 'id="glance-options"' not in html

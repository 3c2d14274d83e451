"""The printed packet as one leaflet (issue 13): what the reader most needs to know first,
one road-map (Start here's), the "Your clinic" box once, no "What changed" developer list, and
no download link on paper.

Pure helpers are tested with the bad input each exists for; the real handbook's print page is
checked once it is built (the session's `handbook_site`); one browser test checks print media.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from handbook import html as parser
from handbook.config import in_print_page, load
from handbook.selectors import PRINT_COVER
from handbook.sitecheck import Site
from handbook.steps import inject_cover_notice, pdf_link

PRINT_PAGE = """<div id="print-site-page">
<section id="print-site-cover-page">Cover</section>
<section id="hb-cover-back" class="hb-cover-back"><div class="hb-leaflet"><p class="hb-leaflet__line">L</p>
<div class="hb-clinic">Your clinic</div></div></section>
<section class="print-page" id="index"><h1 id="index-start-here">Start here</h1>
<div class="admonition tip hb-need-to-know"><p class="admonition-title">What you most need to know</p>
<ol><li>Seven choices. See <a href="#choices">Your choices compared</a>.</li></ol></div>
<figure class="hb-figure" id="index-fig"><div class="hb-roadmap"><section><p id="index-learn">1. Learn: <a href="#trd">TRD</a></p>
<p class="hb-roadmap__about">What it is</p></section></div>
<figcaption>How this handbook is laid out</figcaption></figure>
<p>See <a href="#what-changed">What changed</a> and <a href="#what-changed-edition-2026-1">2026.1</a>.</p></section>
<section class="print-page" id="checklist"><h1>Checklist</h1><div class="hb-checklist-head">
<div class="hb-leaflet"><p class="hb-leaflet__line">L</p><div class="hb-clinic">Your clinic</div></div></div></section>
<section class="print-page" id="my-decision-summary"><h1>Summary</h1>
<div class="hb-leaflet"><div class="hb-clinic">Your clinic</div></div></section>
</div>"""


# ---- The cover's back page ----


def test_need_to_know_box_moves_to_the_cover_back_without_a_second_roadmap():
    html, missing = inject_cover_notice.add_packet_front(PRINT_PAGE)
    assert missing == []
    tree = parser.document(html)
    front = tree.css_first("#hb-packet-front")
    assert front is not None
    # right after the cover, before the leaflet basics (so before the contents)
    assert tree.html.index('id="print-site-cover-page"') < tree.html.index('id="hb-packet-front"')
    assert tree.html.index('id="hb-packet-front"') < tree.html.index('id="hb-cover-back"')
    # the box is printed once: moved out of Start here
    assert len(tree.css(".hb-need-to-know")) == 1 and front.css_first(".hb-need-to-know") is not None
    # one road-map in the packet: Start here's (raters failed a copy on the cover's back as a
    # third navigation picture next to the contents)
    assert len(tree.css(".hb-roadmap")) == 1 and front.css_first(".hb-roadmap") is None
    assert tree.css_first("#index-fig") is not None
    # the box's links keep their "(page N)" on paper
    assert not [a for a in front.css(".hb-need-to-know a[href]") if "data-hb-no-page" in a.attributes]


def test_cover_back_without_start_here_box_says_what_is_missing():
    page = PRINT_PAGE.replace("hb-need-to-know", "other-box")
    html, missing = inject_cover_notice.add_packet_front(page)
    assert missing == [inject_cover_notice.NEED_TO_KNOW]
    assert 'id="hb-packet-front"' not in html  # nothing to put there
    html, missing = inject_cover_notice.add_packet_front(PRINT_PAGE.replace('id="index"', 'id="other"'))
    assert missing == [inject_cover_notice.NEED_TO_KNOW]


def test_your_clinic_box_once_in_the_packet():
    html = inject_cover_notice.drop_repeated_leaflets(PRINT_PAGE)
    tree = parser.document(html)
    assert len(tree.css(".hb-clinic")) == 1
    assert tree.css_first("#hb-cover-back .hb-clinic") is not None
    assert tree.css_first("#checklist .hb-checklist-head") is not None  # the rest of the form stays


def test_links_to_pages_left_out_of_the_packet_point_to_the_site():
    pages = [("what-changed", "what-changed/")]
    html = inject_cover_notice.point_to_web_only_pages(PRINT_PAGE, pages, "https://example.org/hb")
    hrefs = [a.attributes["href"] for a in parser.document(html).css("a")]
    assert "https://example.org/hb/what-changed/" in hrefs
    assert "https://example.org/hb/what-changed/#edition-2026-1" in hrefs
    assert "#choices" in hrefs and not [h for h in hrefs if h.startswith("#what-changed")]


def test_what_changed_is_on_the_web_only():
    config = load(ROOT / "mkdocs.yml")
    assert not in_print_page(config, "what-changed.md")
    assert in_print_page(config, "risks.md") and in_print_page(config, "index.md")
    assert "what-changed.md" in [next(iter(p.values())) for p in config.nav]  # still on the web


# ---- Download links are screen-only ----


SUMMARY = ('<article><p class="hb-pdf-link">A blank copy: <a href="../pdf/my-decision-summary.pdf" '
           'type="application/pdf">download my decision summary (PDF, blank form)</a>.</p>'
           '<p class="hb-pdf-link hb-screen-only"><a href="../pdf/ketamine-handbook.pdf">Download the PDF packet</a></p>'
           '<p hidden><a href="../pdf/consent-checklist.pdf">download this checklist</a></p>'
           '<p><a href="../other.pdf">a file the build does not make</a></p></article>')
OUTPUTS = ["pdf/my-decision-summary.pdf", "pdf/ketamine-handbook.pdf", "pdf/consent-checklist.pdf"]


def test_a_printed_download_link_is_found():
    found = pdf_link.printed_download_links(SUMMARY, "my-decision-summary/", OUTPUTS)
    assert found == [("download my decision summary (PDF, blank form)", "pdf/my-decision-summary.pdf")]
    untyped = SUMMARY.replace(' type="application/pdf"', "")
    assert pdf_link.printed_download_links(untyped, "my-decision-summary/", OUTPUTS)  # by its target too
    fixed = SUMMARY.replace('class="hb-pdf-link"', 'class="hb-pdf-link hb-screen-only"')
    assert pdf_link.printed_download_links(fixed, "my-decision-summary/", OUTPUTS) == []


def test_judge_site_names_the_page_and_the_fix():
    site = Site(ROOT, {"my-decision-summary/index.html": SUMMARY}, generated=frozenset(OUTPUTS))
    problems = pdf_link.judge_site(site)
    assert len(problems) == 1
    assert problems[0].startswith("my-decision-summary/index.html: the link 'download my decision summary")
    assert 'Fix: put it inside class="hb-screen-only"' in problems[0]


def test_site_paths_of_links():
    assert pdf_link.site_path("../pdf/a.pdf", "checklist/") == "pdf/a.pdf"
    assert pdf_link.site_path("pdf/a.pdf", "") == "pdf/a.pdf"
    assert pdf_link.site_path("https://example.org/pdf/a.pdf", "checklist/") is None
    assert pdf_link.site_path("#top", "checklist/") is None


# ---- The real handbook ----


@pytest.mark.slow
def test_real_packet_has_the_box_first_one_roadmap_and_one_clinic_box(handbook_site):
    assert handbook_site.ok, handbook_site.error
    html = (handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8")
    tree = parser.document(html)
    front = tree.css_first("#hb-packet-front")
    box = front.css_first(".hb-need-to-know")
    # Not titled as a main message ("What you most need to know" read as a second one: CDC 1)
    assert parser.text(box.css_first(".admonition-title")) == "Before you read on"
    items = box.css("ol > li")
    assert len(items) == 3  # the three facts behind the cover's one main message
    assert not [li for li in items if li.css_first("strong")]  # no bold headline competes with it
    text = parser.text(box)
    for words in ("benefits and risks", "current plan", "within days", "fades", "90 minutes", "next day", "24 hours"):
        assert words in text, words
    # Crisis help is on the cover just before it, so the box does not repeat it (PEMAT 2)
    cover = parser.text(tree.css_first(PRINT_COVER))
    for words in ("988", "116 123", "911", "999"):
        assert words in cover and words not in text, words
    assert front.css_first(".hb-roadmap") is None and len(tree.css(".hb-roadmap")) == 1  # Start here's only
    assert html.index('id="hb-packet-front"') < html.index('id="print-page-toc"')
    assert len(tree.css(".hb-need-to-know")) == 1 and len(tree.css(".hb-clinic")) == 1
    assert tree.css_first("section.print-page#what-changed") is None
    assert not tree.css('a[href^="#what-changed"]')
    assert "Leaflet number TRDK-" in parser.text(tree.css_first("#hb-cover-edition"))
    # the web keeps everything: the box on Start here, the clinic box on the forms, What changed
    start = parser.document((handbook_site.site / "index.html").read_text(encoding="utf-8"))
    assert parser.text(start.css_first(".hb-need-to-know")) == parser.text(box)  # one source
    for page in ("checklist", "my-decision-summary"):
        form = parser.document((handbook_site.site / page / "index.html").read_text(encoding="utf-8"))
        assert len(form.css(".hb-clinic")) == 1, page
        assert "Leaflet number TRDK-" in parser.text(form.css_first(".hb-leaflet__line"))
    assert (handbook_site.site / "what-changed" / "index.html").exists()


@pytest.mark.slow
def test_real_packet_numbers_no_figures(handbook_site):
    """print-site's "Figure N:" counter never resets, so every printed caption read "Figure 1";
    the text never refers to a figure by number, so the packet prints captions without one."""
    html = (handbook_site.site / "print_page" / "index.html").read_text(encoding="utf-8")
    tree = parser.document(html)
    assert len(tree.css("#print-site-page figure figcaption")) > 10
    assert not tree.css(".print-site-enumerate-figures")


def test_real_handbook_prints_no_download_link(handbook_site):
    site = Site.read(handbook_site.site)
    site.generated = frozenset(str(p).strip("/") for p in load(ROOT / "mkdocs.yml").extra["generated_outputs"].values())
    assert pdf_link.judge_site(site) == []
    summary = (handbook_site.site / "my-decision-summary" / "index.html").read_text(encoding="utf-8")
    assert pdf_link.printed_download_links(summary.replace("hb-pdf-link hb-screen-only", "hb-pdf-link"),
                                           "my-decision-summary/", site.generated)  # the gate sees it


@pytest.mark.slow
@pytest.mark.browser
def test_download_links_are_hidden_in_print_media(chromium, served_site):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        for path in ("my-decision-summary/", "", "checklist/", "print_page/"):
            page.goto(served_site + path, wait_until="load")
            shown = page.evaluate("""() => [...document.querySelectorAll('.hb-pdf-link, a[type="application/pdf"]')]
                .filter((el) => el.getClientRects().length).map((el) => el.textContent.trim().slice(0, 60))""")
            assert shown == [], (path, shown)
        page.emulate_media(media="screen")
        page.goto(served_site + "my-decision-summary/", wait_until="load")
        assert page.locator(".hb-pdf-link").first.is_visible()  # on screen it is there
    finally:
        context.close()

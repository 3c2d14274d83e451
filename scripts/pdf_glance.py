"""The short leaflet "Ketamine at a glance", cut from the built print page.

For clinics that will not hand out 60 pages: 8 to 12 pages made from the same sources as
the handbook, never retyped. From the print page (print-site's one page of all chapters)
it keeps:

- the cover (retitled) with the crisis help and disclaimer, and its back page with the
  leaflet basics (leaflet number, dates, "Your clinic" box, other formats);
- the main messages: each chapter's "Key points", under the chapter's title;
- the options comparison: the first table of the treatment-resistant depression chapter;
- the most important risks: every "danger" and "warning" box of the risks chapter, and
  the "call your care team" and "do not drive" boxes of the other chapters;
- the consent checklist, whole;
- where the sources are (citation numbers stay, the list is in the full handbook).

glance_html() is pure (tests call it); scripts/make_pdf.py serves its result next to the
print page and prints it like the other PDFs.
"""

from __future__ import annotations

import copy
from html import escape

from bs4 import BeautifulSoup

URL_PATH = "print_page/at-a-glance.html"
TITLE = "Ketamine and esketamine at a glance"
KICKER = "A short leaflet for patients and families"
# Chapters whose key points are about the handbook or the future, not the decision.
SKIP = {"index", "research", "checklist", "glossary", "references", "about", "what-changed"}
OPTIONS_CHAPTER = "trd"
# Where the safety boxes come from: the risks chapter, and what to do on the day and after.
RISK_CHAPTERS = ("risks", "on-the-day", "after-treatment")
HELP_BOXES = ("warning", "danger")
SHORT_CLOSE = 240  # characters: a box's closing "what to do" paragraph kept in the leaflet
# Parts of the checklist chapter the leaflet already has (the leaflet basics are on its
# cover's back) or that belong to the handbook (review line, key points).
CHECKLIST_DROP = ".hb-review, .admonition.abstract, .hb-leaflet, .hb-edition"


def _chapter_title(section) -> str:
    h1 = section.find("h1")
    text = h1.get_text(" ", strip=True).rstrip("¶").strip() if h1 else section.get("id", "")
    return text


def _plain_citations(node) -> None:
    """Citation numbers stay on paper, as text: their list is in the full handbook."""
    for link in node.select("sup a[href^='#']"):
        link.unwrap()


def _no_ids(node) -> None:
    for tag in [node, *node.find_all(True)]:
        if tag.has_attr("id") and not tag.name == "input":
            del tag["id"]


def _shorten(box) -> None:
    """A long box keeps its title, its first paragraph (what the risk is and how often) and
    its last if short (what to do); the rest is in the full handbook."""
    paragraphs = box.find_all("p", recursive=False)
    body = [p for p in paragraphs if "admonition-title" not in (p.get("class") or [])]
    if len(body) < 2 or box.find(["ul", "ol"], recursive=False):
        return
    last = body[-1] if len(body[-1].get_text(" ", strip=True)) <= SHORT_CLOSE else None
    for p in body[1:]:
        if p is not last:
            p.decompose()


def site_href(fragment: str, chapter_ids: list[str], site_url: str) -> str | None:
    """The hosted page for a print-page anchor: `risks` -> <site>/risks/,
    `references-ref-x` -> <site>/references/#ref-x, `index` -> <site>."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    for cid in sorted(chapter_ids, key=len, reverse=True):
        if fragment == cid or fragment.startswith(cid + "-"):
            page = "" if cid == "index" else cid + "/"
            rest = fragment[len(cid) + 1:]
            return base + page + (f"#{rest}" if rest else "")
    return None


def _outside_links(node, ids: set[str], chapter_ids: list[str], site_url: str) -> None:
    """Links to chapters the leaflet leaves out point to the hosted handbook."""
    for link in node.select("a[href^='#']"):
        fragment = link["href"][1:]
        if fragment in ids:
            continue
        target = site_href(fragment, chapter_ids, site_url)
        if target:
            link["href"] = target


def glance_html(print_page: str, site_url: str = "") -> str:
    """The short leaflet's HTML, from the print page's HTML."""
    soup = BeautifulSoup(print_page, "html.parser")
    page = soup.select_one("#print-site-page")
    if page is None:
        raise ValueError("not a print page: no #print-site-page")
    chapters = {s["id"]: s for s in page.select(":scope > section.print-page[id]")}
    out = soup.new_tag("div", id="hb-glance")

    def add(html: str):
        for node in BeautifulSoup(html, "html.parser").contents:
            out.append(node)

    cover = page.select_one("#print-site-cover-page")
    if cover is not None:
        cover = copy.copy(cover)
        h1 = cover.find("h1")
        if h1:
            h1.string = TITLE
        kicker = cover.select_one(".hb-cover__kicker")
        if kicker:
            kicker.string = KICKER
        lead = cover.select_one(".hb-cover__lead")
        if lead:
            lead.string = ("The main points of the full handbook on a few pages: what the treatments are, "
                           "your options, the most important risks, where to get help, and a checklist "
                           "for your consent talk.")
        out.append(cover)
    # The leaflet basics ("Your clinic" box) go on the last page, after the sources.
    back = page.select_one("#hb-cover-back")

    main = soup.new_tag("section", attrs={"class": "print-page hb-glance-part", "id": "glance-main"})
    main.append(BeautifulSoup(f'<h1 id="glance-main-title">{escape(TITLE)}: the main points</h1>', "html.parser"))
    for cid, section in chapters.items():
        if cid in SKIP:
            continue
        points = section.select_one(".admonition.abstract ul")
        if points is None:
            continue
        points = copy.copy(points)
        _plain_citations(points)
        _no_ids(points)
        main.append(BeautifulSoup(f"<h2>{escape(_chapter_title(section))}</h2>", "html.parser"))
        main.append(points)
    out.append(main)

    options = chapters.get(OPTIONS_CHAPTER)
    table = options.select_one("table") if options is not None else None
    if table is not None:
        part = soup.new_tag("section", attrs={"class": "print-page hb-glance-part", "id": "glance-options"})
        part.append(BeautifulSoup("<h1>Your options side by side</h1>", "html.parser"))
        wrap = copy.copy(table.find_parent(class_="md-typeset__table") or table)
        _plain_citations(wrap)
        _no_ids(wrap)
        part.append(wrap)
        out.append(part)

    risks = soup.new_tag("section", attrs={"class": "print-page hb-glance-part", "id": "glance-risks"})
    risks.append(BeautifulSoup("<h1>The most important risks, and when to get help</h1>", "html.parser"))
    for cid in RISK_CHAPTERS:
        section = chapters.get(cid)
        for box in section.select(".admonition") if section is not None else []:
            kind = [c for c in box.get("class", []) if c in HELP_BOXES]
            if not kind or box.find_parent(class_="hb-safety"):
                continue
            box = copy.copy(box)
            _plain_citations(box)
            _no_ids(box)
            _shorten(box)
            risks.append(box)
    out.append(risks)

    checklist = chapters.get("checklist")
    if checklist is not None:
        checklist = copy.copy(checklist)
        for node in checklist.select(CHECKLIST_DROP):
            node.decompose()
        _plain_citations(checklist)
        if checklist.has_attr("heading-number"):
            del checklist["heading-number"]
        out.append(checklist)

    home = escape(site_url or "")
    add(f'<section class="print-page hb-glance-part" id="glance-sources"><h2>Sources</h2>'
        f"<p>Every fact in this leaflet comes from the full handbook, where each one is checked "
        f"against a study, a drug label or a guideline. Numbers in square brackets, like [3], are "
        f"those sources: the full handbook lists them in its References chapter. Read it online at "
        f'<a class="hb-bare-url" href="{home}">{home}</a>, or ask your clinic for the printed '
        f"handbook.</p></section>")

    if back is not None:
        back = copy.copy(back)
        back["id"] = "glance-leaflet"
        back["class"] = ["hb-glance-back"]
        out.append(back)
    ids = {tag["id"] for tag in out.find_all(id=True)}
    _outside_links(out, ids, list(chapters), site_url)
    page.clear()
    page.append(out)
    title = soup.find("title")
    if title is not None:
        title.string = TITLE
    for toc in soup.select("#print-page-toc"):
        toc.decompose()
    return str(soup)

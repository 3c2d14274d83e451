#!/usr/bin/env python3
"""Print the built handbook to PDF: the whole packet and the consent checklist.

    make pdf                 # A4: builds the site, then writes site/pdf/*.pdf
    make pdf PAPER=letter    # US Letter
    python scripts/make_pdf.py --site-dir /tmp/site --paper letter [--build]

How: the built site is served on 127.0.0.1 (a free port, stdlib http.server in a thread)
and printed by headless Chromium driven by Playwright for Python. The browser is
$CHROMIUM if set, else /usr/bin/chromium (Debian's package), else chromium,
chromium-browser or google-chrome on PATH, else a Playwright-managed Chromium if one is
installed (this script never downloads one). Every request that does
not go to the local server is blocked: the PDF never depends on the network.

For each PDF: print media is emulated before the page loads; print-site's table of
contents is waited for (its script builds it from the sidebar on DOMContentLoaded); every
<details> is opened; the document title becomes the PDF title; the page is laid out at
the width of the printed column. Then, on paper:

- header cells: the first column of a table of labelled rows becomes row headers and a
  glossary term a row header of its definition (TAGS_JS), so tagged PDF has TH for them;
- big blocks may break: a block some stylesheet keeps whole that is taller than a third of
  the page (KEEP_WHOLE_MAX) may run on to the next page instead of leaving a near-empty
  one behind (RELAX_JS, print.css .hb-may-break); small blocks and headings stay whole, and
  so does a block print.css marks `--hb-keep-whole: page` (a step picture, a group of
  "N in 100" pictures) unless it is taller than the whole page;

- no machine address: every link to the local server points to the same page of the
  hosted site (site_url), or, if its target is printed in the same PDF, stays inside it
  (scripts/pdf_pages.py paper_href);
- page numbers: the page is printed, the page of every link target is read back from the
  PDF (pypdf), the contents and every cross-reference get "(page N)", and it is printed
  again until the numbers hold (at most MAX_PASSES prints);
- a running header (chapter title, crisis numbers) and a footer (leaflet number, dates,
  "Page N of M") are stamped as artifacts; booklets are padded to a multiple of 4 pages;
- PDF/UA properties are added (scripts/pdf_ua.py): decoration drawn outside tagged
  content becomes an artifact; the build's commit goes into the metadata only.

Outputs are the paths in mkdocs.yml `extra.generated_outputs` (the one list that
handbook/steps/check_links.py also reads, so the site may link to them before they exist).
The pure helpers (paper_format, find_browser, jobs_for, pdf_margins, pdf_options, ...)
are what tests/test_pdf.py calls.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pdf_glance
import pdf_pages
import pdf_ua

from handbook import chromium
from handbook.sitehttp import serve

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "mkdocs.yml"
CHROMIUM_ARGS = chromium.ARGS
PAPER = {"a4": "A4", "letter": "Letter"}
# Top and bottom margins (the running header and footer sit in them, >= 10 mm from the
# edge); the side margins leave a column of pdf_pages.TEXT_WIDTH_MM (about 70 characters).
MARGIN = {"top": "18mm", "bottom": "22mm"}
CHECKLIST_MAX_PAGES = 4  # 2 sheets printed on both sides; issue 13 added answer lines, consent questions and a step picture
CHECKLIST_TEXT_WIDTH_MM = 170  # two-column lists: short lines even in a wider column; within the limit on Letter too
LOAD_TIMEOUT_MS = 60_000
#: Outputs a site may list without having them: the short leaflet (cut from the print page)
#: and the decision summary (only if the site has that page; test fixtures inherit the list).
OPTIONAL = frozenset({"glance_pdf", "decision_summary_pdf"})
MAX_PASSES = 4
#: A block kept whole on paper (`break-inside: avoid`, in any stylesheet) that is taller than
#: this share of the page's text area may break: kept whole, it jumps to the next page and
#: leaves the page before it near-empty. Small blocks (a table row, a list item, a short box,
#: one icon array) stay whole.
KEEP_WHOLE_MAX = 1 / 3
MM_PX = 96 / 25.4  # CSS pixels per millimetre


@dataclass(frozen=True)
class Job:
    """One PDF: which built page to print, where to write it, and its PDF title."""

    key: str  # name in extra.generated_outputs
    page: str  # URL path of the built page, relative to the site root
    output: str  # path of the PDF, relative to the site root
    title: str  # PDF title (document metadata)
    ready: str  # CSS selector that exists once the page's own scripts have run
    booklet: int = 1  # page count is padded to a multiple of this (4: folded booklet)
    cover: bool = False  # page 1 is a cover: no header or footer on it
    text_width: float = pdf_pages.TEXT_WIDTH_MM  # column width: about 70 characters a line


@dataclass(frozen=True)
class Result:
    job: Job
    path: Path
    pages: int
    size: int
    seconds: float
    passes: int = 1
    blank: int = 0


# ---- Pure helpers ----


def paper_format(name: str | None) -> str:
    """Playwright's paper format for `a4` (default) or `letter` (case-insensitive)."""
    key = (name or "a4").strip().lower()
    key = {"us-letter": "letter", "us": "letter"}.get(key, key)
    if key not in PAPER:
        raise ValueError(f"unknown paper {name!r}: use one of {', '.join(PAPER)}")
    return PAPER[key]


find_browser = chromium.find  # one rule for every caller: handbook/chromium.py


def jobs_for(extra: dict, site_name: str) -> list[Job]:
    """The PDFs to make, from mkdocs.yml `extra` (edition and generated_outputs)."""
    outputs = dict(extra.get("generated_outputs") or {})
    edition = str(extra.get("edition") or "").strip()
    suffix = f", edition {edition}" if edition else ""
    known = {
        "packet_pdf": ("print_page/", f"{site_name}: the handbook{suffix}", "#print-page-toc nav ul", 4, True),
        "checklist_pdf": ("checklist/", f"Consent checklist: {site_name}{suffix}", "[data-hb-checklist]", 1, False),
        # Optional: the short leaflet, cut from the print page (scripts/pdf_glance.py).
        "glance_pdf": (pdf_glance.URL_PATH, f"{pdf_glance.TITLE}: a short leaflet{suffix}", "#hb-glance", 4, True),
        # Optional (issue 12): the blank "My decision summary" form, if the site lists it.
        "decision_summary_pdf": ("my-decision-summary/", f"My decision summary: {site_name}{suffix}",
                                 "[data-hb-summary]", 1, False),
    }
    optional = OPTIONAL
    missing = [key for key in known if key not in outputs and key not in optional]
    if missing:
        raise KeyError(f"mkdocs.yml extra.generated_outputs lacks {', '.join(missing)}")
    unknown = [key for key in outputs if key not in known]
    if unknown:
        raise KeyError(f"make_pdf.py does not know how to make {', '.join(unknown)}")
    # The checklist's and the summary's items are short lines: a wider column keeps each on two pages.
    widths = {"checklist_pdf": CHECKLIST_TEXT_WIDTH_MM, "decision_summary_pdf": CHECKLIST_TEXT_WIDTH_MM}
    return [
        Job(key, page, str(outputs[key]).strip("/"), title, ready, booklet, cover,
            widths.get(key, pdf_pages.TEXT_WIDTH_MM))
        for key, (page, title, ready, booklet, cover) in known.items()
        if key in outputs
    ]


def side_margin_mm(paper: str, text_width: float = pdf_pages.TEXT_WIDTH_MM) -> float:
    """Left and right margin that leaves a column of `text_width` mm on this paper."""
    width = pdf_pages.PAPER_MM[paper_format(paper)][0]
    return round((width - text_width) / 2, 1)


def pdf_margins(paper: str, text_width: float = pdf_pages.TEXT_WIDTH_MM) -> dict:
    side = f"{side_margin_mm(paper, text_width)}mm"
    return {"top": MARGIN["top"], "right": side, "bottom": MARGIN["bottom"], "left": side}


def page_style(paper: str, text_width: float = pdf_pages.TEXT_WIDTH_MM) -> str:
    """@page rule added to the printed page: the chosen paper wins over print-site's A4."""
    m = pdf_margins(paper, text_width)
    return (f"@page {{ size: {paper_format(paper)} portrait; "
            f"margin: {m['top']} {m['right']} {m['bottom']} {m['left']}; }}")


def pdf_options(paper: str, text_width: float = pdf_pages.TEXT_WIDTH_MM) -> dict:
    """Keyword arguments for Playwright's page.pdf(). Header and footer are stamped later
    (scripts/pdf_pages.py), as artifacts, so Chromium prints none."""
    return {
        "format": paper_format(paper),
        "print_background": True,
        "prefer_css_page_size": True,
        "margin": pdf_margins(paper, text_width),
        "display_header_footer": False,
        "tagged": True,
        "outline": True,
    }


def draft_options(paper: str, text_width: float = pdf_pages.TEXT_WIDTH_MM) -> dict:
    """page.pdf() options for the first print, which is read only for where each link target
    falls: untagged and without bookmarks it takes about 60% of a tagged print's time (the
    handbook on A4: 7.7 s against 12.7 s) and paginates the same. It is never the output: the
    next print is tagged, and its page numbers are checked against the ones filled in."""
    return {**pdf_options(paper, text_width), "tagged": False, "outline": False}


def text_area_px(paper: str, text_width: float = pdf_pages.TEXT_WIDTH_MM) -> tuple[int, int]:
    """(width, height) in CSS pixels of the text area of one page: the browser lays the
    page out at this width before it measures which blocks may break (RELAX_JS)."""
    height = pdf_pages.PAPER_MM[paper_format(paper)][1]
    for side in ("top", "bottom"):
        height -= float(MARGIN[side].removesuffix("mm"))
    return round(text_width * MM_PX), round(height * MM_PX)


def keep_whole_limit_px(paper: str, text_width: float = pdf_pages.TEXT_WIDTH_MM) -> float:
    """Height in CSS pixels above which a block kept whole may break over pages."""
    return text_area_px(paper, text_width)[1] * KEEP_WHOLE_MAX


def relax_limits_px(paper: str, text_width: float = pdf_pages.TEXT_WIDTH_MM) -> list[float]:
    """RELAX_JS's limits: [a block kept whole, a block kept whole on one page] in CSS pixels."""
    return [keep_whole_limit_px(paper, text_width), float(text_area_px(paper, text_width)[1])]


def chapter_numbers(print_page: str, site_dir: Path) -> dict[str, str]:
    """{URL path of a chapter: its number in the packet's contents} from the built print page
    (print-site numbers each chapter's section: `heading-number`; its id names the page)."""
    from handbook import html as parser

    numbers = {}
    for section in parser.document(print_page).css("#print-site-page > section.print-page[id]"):
        sid, number = section.attributes.get("id") or "", section.attributes.get("heading-number") or ""
        path = f"{sid}/"  # Start here (id "index") is the site's home: a link to it means the website
        if number and sid != "index" and (Path(site_dir) / path / "index.html").exists():
            numbers[path] = number
    return numbers


def chapter_note(href: str, site_url: str, chapters: dict[str, str]) -> str | None:
    """What a standalone PDF prints after a link (LINKS_JS): None for a link that is not to a
    page of the handbook; "chapter 7 of the handbook" for one to a chapter, so a person holding
    only this paper can find it in the packet; "" for another page of the handbook."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    if not site_url or not href.startswith(base):
        return None
    path = urlsplit(href[len(base):]).path
    return f"chapter {chapters[path]} of the handbook" if path in chapters else ""


def link_note(href: str, before: str, site_url: str, chapters: dict[str, str], packet: bool) -> str | None:
    """LINKS_JS's note for a link now pointing to `href` (`before`: where it pointed in the
    browser): None to leave it as it is; otherwise it points to a page of the handbook the PDF
    does not hold, named by its words and, in a standalone PDF, by its chapter (chapter_note).
    In the packet, which holds every chapter, only a link that pointed to the local server is
    such a link; one typed as the hosted address keeps its printed address."""
    if not href.startswith(("https:", "http:")):
        return None  # inside this PDF ("#id": "(page N)"), a phone number, ...
    if packet:
        return "" if href != before else None
    note = chapter_note(href, site_url, chapters)
    return "" if note is None and href != before else note


def overlay_options(paper: str) -> dict:
    return {"format": paper_format(paper), "print_background": True, "prefer_css_page_size": True,
            "margin": {"top": "0", "right": "0", "bottom": "0", "left": "0"}, "tagged": False}


def is_local(url: str, origin: str) -> bool:
    """True for requests to the local server (everything else is blocked)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or f"{parts.scheme}://{parts.netloc}" == origin


def load_settings(config_file: Path) -> dict:
    """site_name, site_dir and extra from mkdocs.yml (MkDocs' own YAML loader)."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    loader = get_yaml_loader()
    # Tags such as `!relative` only mean something inside a build; they are not needed here.
    loader.add_multi_constructor("!", lambda _loader, _suffix, _node: None)
    with open(config_file, encoding="utf-8") as handle:
        data = yaml_load(handle, loader) or {}
    return {
        "site_name": str(data.get("site_name") or "Handbook"),
        "site_dir": str(data.get("site_dir") or "site"),
        "site_url": str(data.get("site_url") or ""),
        "extra": dict(data.get("extra") or {}),
    }


# ---- Serving and printing ----


def launch(playwright, executable: str | None):
    try:
        return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # Playwright raises its own Error types
        where = executable or "Playwright's own Chromium"
        raise SystemExit(
            f"make_pdf: could not start {where}: {str(exc).splitlines()[0]}\n"
            "Install Debian's chromium (`make browser`) or set CHROMIUM=/path/to/chromium."
        ) from None


# In the page: open every <details>, set the title, and list links, ids, chapters and the
# leaflet line (overrides/partials/leaflet-basics.html).
PREPARE_JS = """(title) => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    document.title = title;
    const text = (el) => el ? el.textContent.replace(/\\s+/g, ' ').trim() : '';
    const leaflet = document.querySelector('.hb-leaflet');
    // The footer stamped on every page carries the leaflet line: printed in the page too, it
    // came twice on the leaflet-basics page (print.css hides .hb-in-footer).
    const line = text(leaflet && leaflet.querySelector('.hb-leaflet__line'));
    if (line) document.querySelectorAll('.hb-leaflet__line').forEach((p) => p.classList.add('hb-in-footer'));
    const chapters = [...document.querySelectorAll('#print-site-page > section.print-page[id]')]
        .map((s) => [s.id, text(s.querySelector('h1')).replace(/\\u00b6$/, '').trim(),
                     s.getAttribute('heading-number') || '']);
    return {
        links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
        ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
        chapters: chapters,
        h1: text(document.querySelector('article h1')).replace(/\\u00b6$/, '').trim(),
        leaflet: line,
        commit: leaflet ? (leaflet.dataset.hbCommit || '') : '',
        lang: document.documentElement.lang || 'en',
    };
}"""

# Header cells where paper needs them (PDF/UA: Chromium tags <th> as TH, a <dl> only as
# NonStruct). A Markdown table whose every body row starts with a label (a data cell with
# words) gets that column as row headers (<th scope="row">); a definition list (the
# glossary) is exposed as a table of rows, each term a row header (role="rowheader") and
# its definition a cell, so the term is a TH and stays with its definition on the page.
TAGS_JS = """() => {
    let cells = 0, terms = 0;
    for (const table of document.querySelectorAll('table:not([class])')) {
        if (!table.tHead || table.closest('[role="presentation"]')) continue;
        const rows = [...table.tBodies].flatMap((body) => [...body.rows]);
        const firsts = rows.map((row) => row.cells[0]);
        if (!rows.length || rows.some((row) => row.cells.length < 2)) continue;
        if (firsts.some((c) => c.tagName !== 'TD' || c.colSpan > 1 || !c.textContent.trim())) continue;
        for (const td of firsts) {
            const th = document.createElement('th');
            for (const attr of td.attributes) th.setAttribute(attr.name, attr.value);
            th.setAttribute('scope', 'row');
            th.classList.add('hb-row-header');
            th.append(...td.childNodes);
            td.replaceWith(th);
            cells += 1;
        }
    }
    for (const dl of document.querySelectorAll('dl')) {
        const kids = [...dl.children];
        if (!kids.length || kids[0].tagName !== 'DT' || kids.some((k) => !['DT', 'DD'].includes(k.tagName))) continue;
        dl.setAttribute('role', 'table');
        let row = null;
        for (const kid of kids) {
            if (kid.tagName === 'DT' && (!row || row.lastElementChild.tagName === 'DD')) {
                row = document.createElement('div');
                row.setAttribute('role', 'row');
                row.className = 'hb-term';
                kid.before(row);
            }
            row.append(kid);
            kid.setAttribute('role', kid.tagName === 'DT' ? 'rowheader' : 'cell');
            terms += kid.tagName === 'DT' ? 1 : 0;
        }
    }
    return [cells, terms];
}"""

# Let big blocks break: every element that some stylesheet keeps whole (break-inside:
# avoid) but that is taller than `third` CSS pixels gets class hb-may-break (print.css:
# break-inside: auto), so it starts where it is and runs on instead of leaving a near-empty
# page behind. Headings stay with what follows and small blocks stay whole; a block marked
# `--hb-keep-whole: page` may break only if it is taller than `page` (the whole text area).
# Measured with the page laid out at the width of the printed column (the context's viewport).
RELAX_JS = """([third, page]) => {
    const relaxed = [];
    for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (!/avoid/.test(style.breakInside)) continue;
        if (el.matches(':is(h1, h2, h3, h4, h5, h6)')) continue;
        // A picture that makes no sense in two parts (print.css: --hb-keep-whole: page) stays
        // whole unless it cannot fit on one page.
        const limit = style.getPropertyValue('--hb-keep-whole').trim() === 'page' ? page : third;
        // Not counted: the room a caption or title keeps below it for what follows (print.css,
        // an ::after block with a negative bottom margin); it is not the block's own height.
        const reserve = Math.max(0, -parseFloat(getComputedStyle(el, '::after').marginBottom) || 0);
        const height = el.getBoundingClientRect().height - reserve;
        if (height <= limit) continue;
        el.classList.add('hb-may-break');
        relaxed.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(/\\s+/)[0] : ''));
    }
    return relaxed;
}"""

# Point links where paper can follow them, and leave a slot for the page number after
# every cross-reference and contents entry ("88" until the first print is read back).
# Which links are shown is read for all of them before any slot is added: reading a box
# after a change makes the browser lay the whole page out again (on the ~160-page print
# page that was ~1000 layouts, most of a print's time), and a slot never hides a link.
LINKS_JS = """([hrefs, notes]) => {
    const links = [...document.querySelectorAll('a[href]')];
    links.forEach((a, i) => {
        if (hrefs[i] !== a.href) a.setAttribute('href', hrefs[i]);
        // A page of the handbook that this PDF does not contain (notes[i] is a string): its
        // name and its chapter number say where to look, never a long address that breaks
        // over lines; the address is printed only for citations (print.css).
        if (notes[i] === null || notes[i] === undefined || a.closest('sup')) return;
        a.classList.add('hb-site-link');
        if (!notes[i] || a.classList.contains('hb-bare-url')) return;
        const note = document.createElement('span');
        note.className = 'hb-chapter-ref';
        note.textContent = ' (' + notes[i] + ')';
        a.after(note);
    });
    const toc = [...document.querySelectorAll('#print-page-toc a[href^="#"]')];
    const seen = new Set(toc);
    const xrefs = [...document.querySelectorAll('a[href^="#"]')].filter((a) => !seen.has(a)
        && !a.matches('.headerlink, .md-skip, sup a, .footnote-backref, [data-hb-no-page]')
        && a.getClientRects().length);
    for (const a of toc) {
        const slot = document.createElement('span');
        slot.className = 'hb-toc-page';
        slot.dataset.hbTarget = decodeURIComponent(a.getAttribute('href').slice(1));
        slot.textContent = '88';
        a.after(slot);
    }
    for (const a of xrefs) {
        const id = decodeURIComponent(a.getAttribute('href').slice(1));
        if (!id || !document.getElementById(id)) continue;
        const slot = document.createElement('span');
        slot.className = 'hb-xref-page';
        slot.dataset.hbTarget = id;
        slot.textContent = ' (page 88)';
        a.after(slot);
    }
    return document.querySelectorAll('[data-hb-target]').length;
}"""

NUMBERS_JS = """(pages) => {
    for (const slot of document.querySelectorAll('[data-hb-target]')) {
        const n = pages[slot.dataset.hbTarget];
        if (!n) { slot.remove(); continue; }
        slot.textContent = slot.classList.contains('hb-toc-page') ? String(n) : ' (page ' + n + ')';
    }
    return [...document.querySelectorAll('[data-hb-target]')].map((s) => s.dataset.hbTarget);
}"""


def print_with_page_numbers(page, paper: str, text_width: float = pdf_pages.TEXT_WIDTH_MM,
                            slots: int = 1) -> tuple[bytes, dict[str, int], int]:
    """Print, read the page of every link target back, fill the numbers in, print again,
    until the numbers no longer move. Returns (PDF, {id: page}, prints made). With no slot
    for a page number (`slots`, from LINKS_JS) one print is enough. The first print is a
    draft (draft_options); the PDF returned is always one whose numbers were checked."""
    from pypdf import PdfReader

    if not slots:
        pdf = page.pdf(**pdf_options(paper, text_width))
        return pdf, pdf_pages.dest_pages(PdfReader(io.BytesIO(pdf))), 1
    filled: dict[str, int] | None = None
    targets: list[str] = []
    for attempt in range(1, MAX_PASSES + 1):
        pdf = page.pdf(**(draft_options if attempt == 1 else pdf_options)(paper, text_width))
        found = pdf_pages.dest_pages(PdfReader(io.BytesIO(pdf)))
        wanted = {t: found.get(t) for t in targets}
        if filled is not None and wanted == {t: filled.get(t) for t in targets}:
            return pdf, found, attempt
        filled = found
        targets = page.evaluate(NUMBERS_JS, found)
        if not targets and attempt > 1:
            return pdf, found, attempt
    pdf = page.pdf(**pdf_options(paper, text_width))
    found = pdf_pages.dest_pages(PdfReader(io.BytesIO(pdf)))
    print(f"make_pdf: WARNING: page numbers still moved after {MAX_PASSES} prints", file=sys.stderr)
    return pdf, found, MAX_PASSES + 1


def print_one(browser, base_url: str, out_dir: Path, job: Job, paper: str, site_url: str = "",
              made: dict[str, str] | None = None, chapters: dict[str, str] | None = None) -> Result:
    """Load one built page in print mode and write its PDF under `out_dir`.

    made: pages this script makes from the built site ({URL path: HTML}, e.g. the short
    leaflet), served to the browser as if they were part of it; chapters: the packet's
    chapter numbers by URL path (chapter_numbers), printed after a link to a chapter."""
    from pypdf import PdfReader

    started = time.monotonic()
    origin = base_url.rstrip("/")
    # bypass_csp: the page's CSP forbids the @page rule and page numbers this script adds.
    width, height = text_area_px(paper, job.text_width)
    context = browser.new_context(locale="en-US", color_scheme="light", service_workers="block", bypass_csp=True,
                                  viewport={"width": width, "height": height})
    made = {base_url + path: body for path, body in (made or {}).items()}

    def handle(route):
        url = route.request.url.split("#")[0]
        if url in made:
            return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=made[url])
        return route.continue_() if is_local(route.request.url, origin) else route.abort()

    context.route("**/*", handle)
    try:
        page = context.new_page()
        page.emulate_media(media="print", color_scheme="light")  # before load: scripts see print
        page.goto(base_url + job.page, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_selector(job.ready, state="attached", timeout=LOAD_TIMEOUT_MS)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.add_style_tag(content=page_style(paper, job.text_width))
        info = page.evaluate(PREPARE_JS, job.title)
        page.evaluate(TAGS_JS)
        page.evaluate(RELAX_JS, relax_limits_px(paper, job.text_width))
        ids = frozenset(info["ids"])
        hrefs = [pdf_pages.paper_href(h, base_url, site_url, ids, base_url + job.page) for h in info["links"]]
        notes = [link_note(h, old, site_url, chapters or {}, job.key == "packet_pdf") for h, old in zip(hrefs, info["links"], strict=True)]
        slots = page.evaluate(LINKS_JS, [hrefs, notes])
        pdf, numbers, passes = print_with_page_numbers(page, paper, job.text_width, slots)
        total = len(PdfReader(io.BytesIO(pdf)).pages)
        starts = [(numbers[cid], f"{num}. {title}" if num else title)
                  for cid, title, num in info["chapters"] if cid in numbers]
        if not info["chapters"]:
            starts = [(1, info["h1"] or job.title)]
        blank = pdf_pages.booklet_padding(total, job.booklet)
        footer = info["leaflet"] or job.title
        stamps = pdf_pages.page_stamps(pdf_pages.running_headers(total, starts), footer, blank, cover=job.cover)
        overlay_page = context.new_page()
        overlay_page.set_content(pdf_pages.overlay_html(stamps, paper_format(paper), (side_margin_mm(paper, job.text_width),) * 2))
        overlay = overlay_page.pdf(**overlay_options(paper))
        writer = pdf_pages.stamp(pdf, overlay, blank)
        pdf_ua.finish(writer, title=job.title, lang=info["lang"] or "en", author=job.title.split(":")[0],
                      commit=info["commit"] or None, leaflet=footer, pages_by_name=numbers)
        out = Path(out_dir) / job.output
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as handle:
            writer.write(handle)
        pages = len(writer.pages)  # what was written (reading the file back took seconds)
    finally:
        context.close()
    return Result(job, out, pages, out.stat().st_size, time.monotonic() - started, passes, blank)


def make_pdfs(
    site_dir: Path,
    paper: str = "a4",
    config_file: Path = DEFAULT_CONFIG,
    *,
    out_dir: Path | None = None,
    keys: list[str] | None = None,
    browser=None,
    executable: str | None = None,
    environ=os.environ,
) -> list[Result]:
    """Print the PDFs of `config_file` from the built `site_dir`; returns what was written.

    out_dir: where the outputs' paths start (default: the site itself, as deployed);
    keys: only these outputs (default: all); browser: a Playwright browser to reuse
    (tests); otherwise one is launched from `executable` or find_browser(environ)."""
    site_dir = Path(site_dir)
    if not (site_dir / "print_page" / "index.html").exists():
        raise SystemExit(f"make_pdf: {site_dir} has no built print page; run `make build` first.")
    settings = load_settings(Path(config_file))
    jobs = [job for job in jobs_for(settings["extra"], settings["site_name"]) if keys is None or job.key in keys]
    # An optional output whose page this site does not have is not made (a page that is there
    # but fails to print still fails).
    jobs = [job for job in jobs if job.key not in OPTIONAL or job.key == "glance_pdf"
            or (site_dir / job.page / "index.html").exists()]
    out_dir = Path(out_dir or site_dir)
    made = {}
    source = (site_dir / "print_page" / "index.html").read_text(encoding="utf-8")
    chapters = chapter_numbers(source, site_dir)
    if any(job.key == "glance_pdf" for job in jobs):
        made[pdf_glance.URL_PATH] = pdf_glance.glance_html(source, settings["site_url"])
    with serve(site_dir) as base_url:
        if browser is not None:
            return [print_one(browser, base_url, out_dir, job, paper, settings["site_url"], made, chapters) for job in jobs]
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = launch(playwright, executable or find_browser(environ))
            try:
                return [print_one(own, base_url, out_dir, job, paper, settings["site_url"], made, chapters) for job in jobs]
            finally:
                own.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="mkdocs.yml (default: the handbook's)")
    parser.add_argument("--site-dir", help="built site to print (default: site_dir of mkdocs.yml, i.e. site/)")
    parser.add_argument("--paper", default=os.environ.get("PAPER") or "a4", help="a4 (default) or letter")
    parser.add_argument("--build", action="store_true", help="build the site strictly first")
    args = parser.parse_args(argv)
    config_file = Path(args.config).resolve()
    try:
        paper_format(args.paper)
    except ValueError as exc:
        parser.error(str(exc))
    site_dir = Path(args.site_dir or config_file.parent / load_settings(config_file)["site_dir"]).resolve()
    if args.build:
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)]
        subprocess.run(build, check=True)
    started = time.monotonic()
    results = make_pdfs(site_dir, args.paper, config_file)
    import pdf_measure

    for r in results:
        name = r.path.relative_to(site_dir.parent) if site_dir.parent in r.path.parents else r.path
        print(f"make_pdf: {name}: {r.pages} pages ({r.blank} notes pages added), {r.size / 1024:.0f} KiB, "
              f"{r.passes} prints, {r.seconds:.1f} s ({paper_format(args.paper)})")
        print("  " + pdf_measure.summary(str(name), pdf_measure.measure(r.path)).replace("\n", "\n  "))
    print(f"make_pdf: done in {time.monotonic() - started:.1f} s")
    checklist = [r for r in results if r.job.key == "checklist_pdf"]
    if checklist and checklist[0].pages > CHECKLIST_MAX_PAGES:
        print(f"make_pdf: WARNING: the checklist takes {checklist[0].pages} pages; it must fit on "
              f"{CHECKLIST_MAX_PAGES}. Shorten it or tighten assets/stylesheets/checklist.css.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

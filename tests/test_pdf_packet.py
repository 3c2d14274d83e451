"""The consent checklist form and the PDF packet: nothing is lost on paper.

Two sites: the fixture tests/fixtures/printpacket (tabs, nested tabs, closed and nested
collapsible blocks, external links, a checklist with a nested and a repeated item: stable
whatever the writers do) and the real handbook (built once per session by `handbook_site`).
Each is printed once per module with scripts/make_pdf.py and the session's Chromium; the
PDFs are then read back with pypdf and compared with the print page, block by block.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import make_pdf
import pdf_measure
import pdf_pages as paper
import pytest
import yaml
from conftest import ROOT, build_project, copy_project, serve
from pypdf import PdfReader

from handbook import html as parser
from handbook.html import Node

pytestmark = pytest.mark.slow  # builds sites
browser = pytest.mark.browser

# What print.css / checklist.css hide on paper: not expected in the PDF's text.
HIDDEN_ON_PAPER = (
    ".headerlink, .hb-pdf-link, .tabbed-labels, .hb-checklist-tools, .hb-buttons, .hb-lines, "
    "textarea, script, style, .md-content__button, [hidden], .hb-screen-only"
)
# Text of a block is compared piece by piece, one piece per innermost block element: the PDF
# lists positioned elements (box titles, <summary>) after the page's other text.
BLOCK_TAGS = {
    "p", "li", "summary", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd",
    "caption", "blockquote", "pre", "div", "details", "ul", "ol", "table", "label", "figcaption",
}
URL_NOTE = re.compile(r"\(https://[^()]*\)")  # any other " (https://...)" print.css added
PAGE_NUMBER = re.compile(r"page\d+of\d+")
XREF_PAGE = re.compile(r"\(page\d+\)")
CHAPTER_REF = re.compile(r"\(chapter\d+ofthehandbook\)")  # make_pdf after a chapter link, standalone PDFs
PRINTABLE_WIDTH_PX = round((210 - 30) / 25.4 * 96)  # A4 minus make_pdf's side margins


# ---- Helpers ----


def normal(text: str) -> str:
    """Letters and digits only, lower case: robust against line breaks, ligatures, spacing."""
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", text).lower())


def pieces(node: Node) -> list[str]:
    """Normalised text of `node` as printed, one entry per innermost block element."""
    node = parser.copy(node)
    for hidden in node.css(HIDDEN_ON_PAPER):
        if hidden.mem_id != node.mem_id:
            hidden.decompose()
    groups: dict[int, list[str]] = {}
    order: list[int] = []
    for text in node.traverse(include_text=True):
        if not text.is_text_node:
            continue
        owner, up = node, text.parent
        while up is not None and up.is_element_node:
            if up.tag in BLOCK_TAGS:
                owner = up
                break
            up = up.parent
        if owner.mem_id not in groups:
            groups[owner.mem_id] = []
            order.append(owner.mem_id)
        groups[owner.mem_id].append(text.text(deep=False))
    return [t for t in (normal(" ".join(groups[key])) for key in order) if t]


def on_paper(node: Node) -> bool:
    """Whether paper prints `node`: not marked screen-only, nor inside something that is."""
    return not parser.matches(node, ".hb-screen-only") and parser.closest(node, ".hb-screen-only") is None


def paper_blocks(html: str) -> dict[str, list[Node]]:
    """What must survive paper on a page: tab panels, collapsible blocks, checklist items (not
    those marked screen-only, such as Start here's chapter list: paper has its own contents)."""
    soup = parser.document(html)
    area = soup.css_first("#print-site-page") or soup.css_first("article.md-content__inner")
    blocks = {
        "tab panel": area.css(".tabbed-block"),
        "collapsible block": area.css("details"),
        "checklist item": area.css("li.task-list-item"),
    }
    return {kind: [node for node in nodes if on_paper(node)] for kind, nodes in blocks.items()}


# Reading a PDF's text is most of these tests' time (the handbook: ~160 pages, pure Python),
# so each PDF is read at most once per way of reading it, and the tests share the results.


@functools.lru_cache(maxsize=16)
def page_runs(path: Path) -> tuple[tuple[float, list], ...]:
    """(page height, every text run) of each PDF page, header and footer included."""
    return tuple((float(p.mediabox.height), pdf_measure.text_runs(p)) for p in PdfReader(str(path)).pages)


@functools.lru_cache(maxsize=16)
def raw_pages(path: Path) -> tuple[str, ...]:
    """Text of each PDF page without its running header and footer (from page_runs)."""
    return tuple("\n".join(r.text for r in pdf_measure.content_runs(runs, height)) for height, runs in page_runs(path))


@functools.lru_cache(maxsize=16)
def page_texts(path: Path) -> tuple[str, ...]:
    """pypdf's plain text of each PDF page, header and footer included."""
    return tuple(page.extract_text() or "" for page in PdfReader(str(path)).pages)


@functools.lru_cache(maxsize=16)
def measured(path: Path) -> pdf_measure.Measures:
    return pdf_measure.measure(path)


def contents_entries(path: Path, contents_page: int) -> list[tuple[str, int]]:
    """(entry, printed page number) of each line of the contents, which starts on
    `contents_page` and may run on (on Letter it does) until the first chapter's page."""
    all_runs = page_runs(path)
    pairs: list[tuple[str, int]] = []
    page = contents_page
    while page <= len(all_runs):
        height, runs = all_runs[page - 1]
        items = pdf_measure.lines(pdf_measure.content_runs(runs, height))
        for entry, number in zip(items, items[1:], strict=False):
            if number.isdigit() and not entry.isdigit():
                pairs.append((entry, int(number)))
        page += 1
        if not pairs or page >= pairs[0][1]:
            break
    return pairs


def annotated_links(html: str) -> set[str]:
    """Addresses print.css writes after their link text: " (https://...)"."""
    soup = parser.document(html)
    return {a.attributes["href"] for a in soup.css("a[href^='https:']:not(.hb-bare-url)")}


def pdf_pages(path: Path, footer: str, annotated: set[str] = frozenset()) -> list[str]:
    """Normalised text of each PDF page, without the footer and the printed link addresses."""
    pages = []
    for raw in raw_pages(path):
        flat = re.sub(r"\s+", "", raw)
        for href in sorted(annotated, key=len, reverse=True):
            flat = flat.replace(f"({href})", "")
        flat = XREF_PAGE.sub("", flat)  # the "(page N)" make_pdf adds after cross-references
        flat = CHAPTER_REF.sub("", flat)  # ... and "(chapter N of the handbook)" after chapter links
        text = normal(URL_NOTE.sub("", flat))
        text = PAGE_NUMBER.sub("", text.replace(normal(footer), ""))
        pages.append(text)
    return pages


def split_over_a_page_break(piece: str, pages: list[str]) -> bool:
    """True if `piece` starts at the end of one page and goes on in the next page's text.

    Chromium may draw the rest of a paragraph split by a page break after other text on the
    next page (the page reads right; the text order in the file differs), so the two parts
    are looked for separately: the first part must end its page, the rest appear on the next."""
    for page, following in zip(pages, pages[1:], strict=False):
        for cut in range(1, len(piece)):
            if page.endswith(piece[:cut]) and piece[cut:] in following:
                return True
    return False


def missing_on_paper(html: str, pdf: Path, footer: str) -> list[str]:
    pages = pdf_pages(pdf, footer, annotated_links(html))
    text = "".join(pages)
    missing = []
    for kind, nodes in paper_blocks(html).items():
        for number, node in enumerate(nodes, start=1):
            for piece in pieces(node):
                if piece not in text and not split_over_a_page_break(piece, pages):
                    missing.append(f"{kind} {number}: {piece[:80]}")
    return missing


def outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles.extend(outline_titles(item) if isinstance(item, list) else [item.title])
    return titles


def read_page(path: Path):
    """A built page, parsed as a browser would (handbook/html.py)."""
    return parser.document(path.read_text(encoding="utf-8"))


def edition_label(site: Path) -> str:
    cover = read_page(site / "print_page" / "index.html")
    return parser.get_text(cover.css_first("#hb-cover-edition"), " ", strip=True)


def contents_page(pdf: Path) -> int:
    """The page the contents start on, read from the PDF: the first page that opens with
    "Contents". The cover, its back page and the leaflet basics come before it, on two or three
    pages, depending on the paper size and on how long Start here's first box is."""
    for number, text in enumerate(raw_pages(pdf), start=1):
        if normal(text).startswith(normal("Contents")):
            return number
    raise AssertionError(f"{pdf.name}: no page opens with the contents")


def leaflet_line(site: Path) -> str:
    cover = read_page(site / "print_page" / "index.html")
    return parser.get_text(cover.css_first("#hb-cover-back .hb-leaflet__line"), " ", strip=True)


# ---- Fixtures ----


@pytest.fixture(scope="module")
def packet(tmp_path_factory):
    """The fixture handbook, built once: (project dir, BuildResult)."""
    root = tmp_path_factory.mktemp("printpacket")
    project = copy_project("printpacket", root / "project")  # with the real docs/assets
    return project, build_project(project, root / "site")


@pytest.fixture(scope="module")
def handbook(handbook_site):
    if not (handbook_site.site / "print_page" / "index.html").exists():
        pytest.fail(f"the handbook did not build: {handbook_site.error}")
    return ROOT, handbook_site


@pytest.fixture(params=["fixture", "handbook"])
def site(request):
    """Either site: (name, project dir, BuildResult)."""
    project, result = request.getfixturevalue("packet" if request.param == "fixture" else "handbook")
    return request.param, project, result


@pytest.fixture
def pdfs(site, printed_pdfs):
    """The site's PDFs on A4, printed once per session (conftest.printed_pdfs)."""
    name, project, result = site
    return name, result, printed_pdfs(name, project, result.site)


@pytest.fixture(scope="module")
def packet_url(packet):
    _, result = packet
    with serve(result.site) as url:
        yield url


@pytest.fixture
def new_page(chromium):
    """A fresh browser context per test (its own localStorage); closed afterwards."""
    contexts = []

    def make(**options):
        context = chromium.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


# ---- The build (no browser) ----


def test_fixture_builds_clean(packet):
    _, result = packet
    assert result.ok, result.error
    assert result.warnings == []


def test_checklist_page_is_a_labelled_form(site):
    name, project, result = site
    html = (result.site / "checklist" / "index.html").read_text(encoding="utf-8")
    soup = parser.document(html)
    source = (project / "docs" / "checklist.md").read_text(encoding="utf-8")
    boxes = soup.css("article input.hb-check")
    assert len(boxes) == len(re.findall(r"^\s*[-*] \[[ xX]\] ", source, re.M)) > 0
    for box in boxes:
        assert box.attributes.get("type") == "checkbox" and "disabled" not in box.attributes
        label = soup.css_first(f'label[for="{box.attributes["id"]}"]')
        assert label is not None and parser.get_text(label, strip=True), box.attributes["id"]
    ids = [box.attributes["id"] for box in boxes]
    assert len(ids) == len(set(ids))
    # name and date lines, notes, the edition, the clear button, the PDF links
    for field in ("hb-name", "hb-date"):
        assert soup.css_first(f'label[for="{field}"]') and soup.css_first(f'input[id="{field}"]')
    for area in soup.css("textarea[data-hb-field]"):
        assert parser.get_text(soup.css_first(f'[id="{area.attributes["aria-labelledby"]}"]'), strip=True)
    assert len(soup.css("textarea[data-hb-field]")) == 2
    assert parser.get_text(soup.css_first("[data-hb-clear]"), strip=True) == "Clear my answers"
    edition = parser.get_text(soup.css_first(".hb-edition"), " ", strip=True)
    assert "edition" in edition and "built" not in edition and "commit" not in edition
    basics = soup.css_first(".hb-checklist-head .hb-leaflet")  # leaflet number, dates, clinic box
    assert basics.css_first(".hb-clinic") and "Review due" in parser.get_text(basics)
    hrefs = {a.attributes["href"] for a in soup.css(".hb-pdf-link a")}
    assert hrefs == {"../pdf/consent-checklist.pdf", "../pdf/ketamine-handbook.pdf"}
    assert "<!-- checklist-notes -->" not in html
    # CSP `script-src 'self'`: nothing inline from us, no handlers
    article = soup.css_first("article")
    assert not article.css("script")
    assert not [a for tag in article.css("*") for a in tag.attributes if a.lower().startswith("on")]


def test_print_page_keeps_every_label_on_its_control(site):
    """print-site renames input ids and label targets on the print page: they must still match."""
    _, _, result = site
    soup = read_page(result.site / "print_page" / "index.html")
    area = soup.css_first("#print-site-page")
    labels = area.css("label[for]")
    assert labels
    ids = {tag.attributes["id"] for tag in soup.css("[id]")}
    for label in labels:
        assert label.attributes["for"] in ids, f'<label for="{label.attributes["for"]}"> has no control'
    for box in area.css("input.hb-check"):
        assert area.css_first(f'label[for="{box.attributes["id"]}"]'), box.attributes["id"]
        assert box.attributes["data-hb-item"].startswith("cl-")  # same storage key as on the checklist page


def test_pdf_links_on_start_here_and_checklist(site):
    _, _, result = site
    html = (result.site / "index.html").read_text(encoding="utf-8")
    link = parser.document(html).css_first(".hb-pdf-link a")
    assert link is not None and link.attributes["href"] == "pdf/ketamine-handbook.pdf"
    assert "Download the PDF packet" in parser.get_text(link)
    assert "<!-- pdf-link -->" not in html


def test_link_check_accepts_exactly_the_listed_generated_outputs(project):
    site = project("minisite")
    page = site / "docs" / "index.md"
    # Screen-only, as every download link must be (the pdf_link step fails a printed one).
    page.write_text(page.read_text() + '\n<span class="hb-screen-only"><a href="pdf/ketamine-handbook.pdf">PDF</a></span>\n')
    config = site / "mkdocs.yml"
    listed = config.read_text()
    config.write_text(listed + "extra:\n  generated_outputs: {}\n")  # the list emptied
    assert not build_project(site).ok  # not made by the build, not listed: broken
    config.write_text(listed)  # the real list (mkdocs.base.yml) names the packet
    result = build_project(site)
    assert result.ok and result.warnings == []
    page.write_text(page.read_text() + '\n<a href="pdf/other.pdf">other</a>\n')
    result = build_project(site)
    assert not result.ok and result.warned("pdf/other.pdf")


# ---- The PDFs ----



@browser
def test_both_pdfs_exist_with_sane_page_counts(pdfs):
    name, result, made = pdfs
    packet, checklist = made["packet_pdf"], made["checklist_pdf"]
    assert packet.path.name == "ketamine-handbook.pdf" and checklist.path.name == "consent-checklist.pdf"
    for r in made.values():
        assert r.path.read_bytes().startswith(b"%PDF-") and r.size > 10_000
    chapters = len(read_page(result.site / "print_page" / "index.html").css("#print-site-page > section.print-page[id]"))
    assert chapters + 2 <= packet.pages <= 40 * chapters  # cover + contents + a page per chapter at least
    assert 1 <= checklist.pages <= make_pdf.CHECKLIST_MAX_PAGES
    if "glance_pdf" in made:
        # The short leaflet is cut from the print page: 12 pages at most for any site; the
        # handbook's fills at least 8 (the two-page fixture, which inherits the list of
        # outputs, has far less to cut from).
        assert (8 if name == "handbook" else 1) <= made["glance_pdf"].pages <= 12


def test_a_paragraph_split_by_a_page_break_is_found_but_a_lost_one_is_not():
    pages = ["othertextastheslowreleasetabletisstillbeing", "forthesizeofeachrisktested19costandinsurance"]
    assert split_over_a_page_break("astheslowreleasetabletisstillbeingtested19", pages)
    assert not split_over_a_page_break("astheslowreleasetabletisstillbeingtestedtwice", pages)
    # the first part must END its page: text that stops mid-page was cut, not carried over
    assert not split_over_a_page_break("othertextasthecostandinsurance", pages)


@browser
def test_nothing_lost_on_paper(pdfs):
    """Every tab panel, collapsible block and checklist item of the print page is in the PDF."""
    name, result, made = pdfs
    html = (result.site / "print_page" / "index.html").read_text(encoding="utf-8")
    blocks = paper_blocks(html)
    if name == "fixture":
        assert len(blocks["tab panel"]) == 5 and len(blocks["collapsible block"]) == 4
        assert len(blocks["checklist item"]) == 9
    assert blocks["checklist item"]
    assert missing_on_paper(html, made["packet_pdf"].path, edition_label(result.site)) == []
    checklist = (result.site / "checklist" / "index.html").read_text(encoding="utf-8")
    assert missing_on_paper(checklist, made["checklist_pdf"].path, edition_label(result.site)) == []


@browser
def test_tab_names_are_headings_on_paper(pdfs):
    name, result, made = pdfs
    soup = read_page(result.site / "print_page" / "index.html")
    text = "".join(pdf_pages(made["packet_pdf"].path, edition_label(result.site)))
    for tabset in soup.css("#print-site-page .tabbed-set"):
        # CSS `:scope > a > b` (Lexbor has no :scope): child elements, step by step
        labels = [normal(parser.get_text(label)) for bar in parser.child_elements(tabset, ".tabbed-labels")
                  for label in parser.child_elements(bar, "label")]
        blocks = [block for content in parser.child_elements(tabset, ".tabbed-content")
                  for block in parser.child_elements(content, ".tabbed-block")]
        titles = [normal(parser.get_text(h)) for block in blocks for h in parser.child_elements(block, ".hb-tab-title")]
        assert labels == titles
        for block in blocks:
            title = parser.child_elements(block, ".hb-tab-title")[0]
            assert title.tag in {"h3", "h4", "h5", "h6"}
            following = pieces(block)[1:2]  # the panel's first text after its title
            assert normal(parser.get_text(title)) + (following[0][:30] if following else "") in text


@browser
def test_external_addresses_printed_once(pdfs):
    name, result, made = pdfs
    soup = read_page(result.site / "print_page" / "index.html")
    raw = "".join(raw_pages(made["packet_pdf"].path))
    flat = re.sub(r"\s+", "", raw)
    pdf_link = {a.mem_id for a in soup.css(".hb-pdf-link a[href^='https:']")}
    links = [a for a in soup.css("#print-site-page a[href^='https:']") if a.mem_id not in pdf_link and on_paper(a)]
    assert links
    for a in links:
        href = a.attributes["href"]
        if "hb-bare-url" in parser.classes(a):
            assert f"({href})" not in flat, f"{href} printed twice"
            assert href.rstrip("/").split("://")[1] in flat
        else:
            assert f"({href})" in flat, f"{href} is not printed after its link text"


@browser
def test_pdf_metadata_tags_and_bookmarks(pdfs):
    name, result, made = pdfs
    settings = make_pdf.load_settings((ROOT if name == "handbook" else result.site.parent / "project") / "mkdocs.yml")
    for key, r in made.items():
        reader = PdfReader(str(r.path))
        assert reader.metadata.title == r.job.title
        assert settings["extra"]["edition"] in reader.metadata.title
        root = reader.trailer["/Root"]
        assert root.get("/Lang") == "en"
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged PDF
        assert outline_titles(reader.outline), f"{key} has no bookmarks"
    titles = {normal(t) for t in outline_titles(PdfReader(str(made["packet_pdf"].path)).outline)}
    soup = read_page(result.site / "print_page" / "index.html")
    for h1 in soup.css("#print-site-page > section.print-page[id] > h1"):
        assert normal(parser.get_text(h1)) in titles


@browser
def test_cover_contents_and_chapters_each_on_a_new_page(pdfs):
    name, result, made = pdfs
    label = edition_label(result.site)
    pages = pdf_pages(made["packet_pdf"].path, label)
    soup = read_page(result.site / "print_page" / "index.html")
    cover = raw_pages(made["packet_pdf"].path)[0]
    assert normal(label) in normal(cover)  # edition, leaflet number and dates on the cover
    assert re.search(r"Edition \S+ · Leaflet number \S+ · Published \d+ \w+ \d{4} · Review due \d+ \w+ \d{4}", label)
    assert "commit" not in label and "built" not in label  # the commit is in the metadata only
    for piece in pieces(soup.css_first("#print-site-cover-page #disclaimer")):
        assert piece in pages[0]  # the disclaimer, from overrides/partials/safety-notice.html
    for number in ("988", "116123", "911", "999"):
        assert number in pages[0]
    first = contents_page(made["packet_pdf"].path) - 1  # index of the contents page
    if soup.css_first("#hb-packet-front") is not None:  # the cover's back: before you read on
        for piece in pieces(soup.css_first("#hb-packet-front")):
            assert piece in pages[1]
    assert normal("Your clinic") in pages[first - 1]  # the leaflet basics, before the contents
    assert pages[first].startswith("contents")
    for section in soup.css("#print-site-page > section.print-page[id]"):
        h1 = section.css_first("h1")
        heading = normal((section.attributes.get("heading-number") or "") + parser.get_text(h1))
        entry = soup.css_first(f'.md-sidebar--secondary a[href="#{section.attributes["id"]}"]')  # print-site copies it
        assert normal(parser.get_text(entry)) in pages[first], f"{parser.get_text(entry)!r} missing from the contents"
        assert any(page.startswith(heading) for page in pages[first + 1:]), f"chapter {parser.get_text(h1)!r} does not start a page"


MACHINE = re.compile(r"127\.0\.0\.1|localhost|\[::1\]|file:", re.I)


def link_uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(str(path)).pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is not None and action.get_object().get("/URI") is not None:
                uris.append(str(action.get_object()["/URI"]))
    return uris


@browser
def test_no_machine_address_on_paper(pdfs):
    """No link or text of any PDF points to the print server, localhost or a file."""
    name, result, made = pdfs
    for key, r in made.items():
        uris = link_uris(r.path)
        assert not [u for u in uris if MACHINE.search(u)], f"{key}: links to this machine"
        text = "".join(page_texts(r.path))
        assert not MACHINE.search(text), f"{key}: {MACHINE.search(text).group(0)} printed"
        site_url = make_pdf.load_settings(result.site.parent / "project" / "mkdocs.yml" if name == "fixture"
                                          else ROOT / "mkdocs.yml")["site_url"]
        for uri in uris:  # every link goes to the hosted site, another host or a phone number
            assert uri.startswith(("https://", "tel:", "mailto:")), uri
        assert any(u.startswith(site_url) for u in uris), f"{key}: no link to {site_url}"


@browser
def test_contents_lists_the_page_where_each_chapter_title_prints(pdfs):
    name, result, made = pdfs
    path = made["packet_pdf"].path
    entries = contents_entries(path, contents_page(path))
    soup = read_page(result.site / "print_page" / "index.html")
    sections = soup.css("#print-site-page > section.print-page[id]")
    assert len(entries) == len(sections), entries
    pages = [normal(t) for t in raw_pages(path)]
    for (entry, number), section in zip(entries, sections, strict=False):
        heading = normal((section.attributes.get("heading-number") or "") + parser.get_text(section.css_first("h1")))
        toc = soup.css_first(f'.md-sidebar--secondary a[href="#{section.attributes["id"]}"]')  # print-site's contents
        assert normal(entry) == normal(parser.get_text(toc)), entry  # "1 Start here": number and nav title
        assert pages[number - 1].startswith(heading), f"contents says {entry!r} is on page {number}"
        # the running header names the chapter on its pages
        height, runs = page_runs(path)[number - 1]
        header = " ".join(r.text for r in runs if r.y > height - pdf_measure.RUNNING_ZONE_MM * pdf_measure.MM)
        assert normal(parser.get_text(section.css_first("h1")))[:20] in normal(header), (number, header)


@browser
def test_cross_references_print_the_page_of_their_target(pdfs):
    name, result, made = pdfs
    path = made["packet_pdf"].path
    reader = PdfReader(str(path))
    targets = paper.dest_pages(reader)
    pages = [normal(t) for t in raw_pages(path)]
    checked = 0
    for number, page in enumerate(reader.pages, start=1):
        if number <= contents_page(path):  # cover, its back, (leaflet basics,) the contents
            continue
        for ref in page.get("/Annots") or []:
            dest = ref.get_object().get("/Dest")
            if dest is None or str(dest).lstrip("/").startswith("references-ref-"):
                continue  # citations are numbers in a list, not cross-references
            target = targets[str(dest).lstrip("/")]
            assert normal(f"(page {target})") in pages[number - 1], f"page {number}: no '(page {target})'"
            checked += 1
    soup = read_page(result.site / "print_page" / "index.html")
    # hb-packet-front: before the contents, on a page not checked
    left_out = {a.mem_id for a in soup.css("sup a, #print-page-toc a, .hb-screen-only a, #hb-packet-front a")}
    xrefs = [a for a in soup.css("#print-site-page a[href^='#']")
             if a.mem_id not in left_out and "headerlink" not in parser.classes(a)]
    assert xrefs and checked >= len(xrefs) * 0.9  # a link broken over two lines has two rectangles
    assert "".join(pages).count("(page") >= len(xrefs) or "".join(pages).count("page") >= len(xrefs)


@browser
def test_booklets_have_a_multiple_of_four_pages_and_say_why_a_page_is_blank(pdfs):
    name, result, made = pdfs
    for key in ("packet_pdf", "glance_pdf"):
        if key not in made:
            continue
        r = made[key]
        assert r.pages % 4 == 0, f"{key}: {r.pages} pages"
        texts = raw_pages(r.path)
        blank = [t for t in texts if t.strip() == paper.BLANK_TEXT]
        assert len(blank) == r.blank
        for t in texts[-r.blank:] if r.blank else []:
            assert t.strip() == paper.BLANK_TEXT


@browser
def test_same_leaflet_basics_on_every_pdf(pdfs):
    name, result, made = pdfs
    line = leaflet_line(result.site)
    assert re.fullmatch(r"Leaflet number \S+ · Published \d+ \w+ \d{4} · Review due \d+ \w+ \d{4}", line)
    for key, r in made.items():
        text = normal("".join(page_texts(r.path)))
        for words in (line, "Your clinic", "Out-of-hours number", "Next appointment", "online at"):
            assert normal(words) in text, f"{key} lacks {words!r}"
        assert "commit" not in text and "built" not in text
        # the footer of every page but a cover carries the leaflet line, >= 10 mm from the edge
        for number, (_height, runs) in enumerate(page_runs(r.path), start=1):
            if r.job.cover and number == 1:
                continue
            footer = [x for x in runs if x.y < pdf_measure.RUNNING_ZONE_MM * pdf_measure.MM]
            assert normal(line) in normal(" ".join(x.text for x in footer)), f"{key} page {number}"
            assert min(x.y - 0.25 * x.size for x in footer) >= 10 * pdf_measure.MM - 0.5


@browser
def test_every_printed_picture_starts_on_the_page_of_its_caption(pdfs):
    """Raters K, L and M found "N in 100" pictures whose caption (printed above the picture)
    ended one page and whose people began the next. Each picture's title and its first
    group's label are on the same page of the packet."""
    from handbook.steps import decision_data

    name, result, made = pdfs
    if name != "handbook":
        pytest.skip("the handbook's own pictures")
    pages = [re.sub(r"\s+", " ", p.extract_text() or "") for p in PdfReader(str(made["packet_pdf"].path)).pages]
    outcomes = yaml.safe_load((ROOT / "data" / "outcomes.yml").read_text(encoding="utf-8"))
    checked = 0
    for key, outcome in outcomes.items():
        arm = outcome["arms"][0]
        title = f"{outcome['title']}."
        label = f"{arm['label']}: {decision_data.in_100(arm)} in 100"
        on = {i for i, text in enumerate(pages) if title in text}
        drawn = {i for i, text in enumerate(pages) if label in text}
        if on and drawn:
            checked += 1
            assert on & drawn, (key, sorted(n + 1 for n in on), sorted(n + 1 for n in drawn))
    assert checked >= 8


def step_pictures(html: str) -> list[tuple[str, ...]]:
    """Each step picture of a built page (figure with ol.hb-steps): the normalised name of its
    first and last step and the start of its caption, which must print on one page."""
    found = []
    for figure in parser.document(html).css("figure"):
        if not on_paper(figure):
            continue  # a picture kept for the screen (About's editorial process)
        steps = figure.css("ol.hb-steps > li")
        caption = figure.css_first("figcaption")
        if not steps or caption is None:
            continue
        name = [normal(parser.get_text(li.css_first("strong") or li))[:40] for li in (steps[0], steps[-1])]
        found.append((*name, normal(parser.get_text(caption))[:40]))
    return found


def pictures_split(html: str, pdf: Path) -> list[tuple[str, ...]]:
    """The step pictures of `html` that no single page of `pdf` prints whole."""
    pages = [normal(t) for t in raw_pages(pdf)]
    return [parts for parts in step_pictures(html) if not any(all(p in page for p in parts) for page in pages)]


def lines_ending_in_an_arrow(pdf: Path) -> list[tuple[int, str]]:
    """(page, line) for each printed line whose last text, rightmost on its baseline, is "→"
    (an arrow between two steps on one line has the next step after it)."""
    found = []
    for number, (height, runs) in enumerate(page_runs(pdf), start=1):
        # One line: runs whose baselines are within 0.4 em (an arrow drawn beside a step's
        # number badge sits a point or two higher than the step's words).
        rows: list[list] = []
        for run in sorted((r for r in pdf_measure.content_runs(runs, height) if r.text.strip()), key=lambda r: -r.y):
            if rows and rows[-1][0].y - run.y <= 0.4 * max(run.size, rows[-1][0].size):
                rows[-1].append(run)
            else:
                rows.append([run])
        for row in rows:
            line = " ".join(r.text.strip() for r in sorted(row, key=lambda r: r.x))
            if line.endswith("\u2192"):
                found.append((number, line))
    return found


def sibling_pictures_apart(pages: list[str]) -> list[tuple[str, list[list[int]]]]:
    """Each outcome of data/outcomes.yml whose "N in 100" pictures (one per group, drawn side by
    side in one figure) are not all on one of `pages` (the text of each printed page):
    (outcome, the pages where each group's label prints)."""
    from handbook.steps import decision_data

    outcomes = yaml.safe_load((ROOT / "data" / "outcomes.yml").read_text(encoding="utf-8"))
    apart = []
    for key, outcome in outcomes.items():
        labels = [f"{arm['label']}: {decision_data.in_100(arm)} in 100 {outcome['outcome']}" for arm in outcome["arms"]]
        # a label may wrap: look for it with its spaces taken out
        where = [{i for i, text in enumerate(pages) if re.sub(r"\s", "", label) in re.sub(r"\s", "", text)}
                 for label in labels]
        if all(where) and not set.intersection(*where):
            apart.append((key, [sorted(n + 1 for n in w) for w in where]))
    return apart


def chapter_number(site: Path, page_id: str) -> str:
    section = read_page(site / "print_page" / "index.html").css_first(f"#print-site-page > section#{page_id}")
    return section.attributes["heading-number"]


@browser
def test_every_step_picture_prints_on_one_page(pdfs):
    """Raters: steps 1-4 on one page, the arrow pointing into a blank third of it, 5-6 on the
    next. Each step picture's first step, last step and caption share a page of each PDF."""
    name, result, made = pdfs
    checked = 0
    for key, page in (("packet_pdf", "print_page"), ("checklist_pdf", "checklist"), ("decision_summary_pdf", "my-decision-summary")):
        if key not in made:
            continue
        html = (result.site / page / "index.html").read_text(encoding="utf-8")
        checked += len(step_pictures(html))
        assert pictures_split(html, made[key].path) == [], key
    if name == "handbook":
        assert checked >= 10


@browser
def test_no_printed_line_ends_with_an_arrow(pdfs):
    """Raters: a wrapped row of steps left "→" at the end of a line, pointing at nothing."""
    name, result, made = pdfs
    for key, r in made.items():
        assert lines_ending_in_an_arrow(r.path) == [], key


def test_pictures_apart_are_found():
    """The check below, on made-up pages: the third of three pictures alone on the next page."""
    from handbook.steps import decision_data

    three = yaml.safe_load((ROOT / "data" / "outcomes.yml").read_text(encoding="utf-8"))["vastd_remission"]
    labels = [f"{arm['label']}: {decision_data.in_100(arm)} in 100 {three['outcome']}, ..." for arm in three["arms"]]
    together = ["Text before.", " ".join(labels)]
    apart = ["Text before. " + " ".join(labels[:2]), labels[2]]
    assert "vastd_remission" not in [key for key, _ in sibling_pictures_apart(together)]
    assert ("vastd_remission", [[1], [1], [2]]) in sibling_pictures_apart(apart)


@browser
def test_sibling_pictures_share_a_page(pdfs):
    """Raters: of the three "N in 100" pictures comparing medicine changes on Your choices
    compared, one sat alone on the next page. A figure's pictures print on one page."""
    name, result, made = pdfs
    if name != "handbook":
        pytest.skip("the handbook's own pictures")
    pages = [re.sub(r"\s+", " ", p.extract_text() or "") for p in PdfReader(str(made["packet_pdf"].path)).pages]
    assert sibling_pictures_apart(pages) == []


@browser
def test_leaflet_line_prints_once_a_page(pdfs):
    """Raters: page 3 of the packet printed the leaflet line twice (in the page and in its
    footer). No page of any PDF prints it twice."""
    name, result, made = pdfs
    line = normal(leaflet_line(result.site))
    for key, r in made.items():
        counts = [normal(text).count(line) for text in page_texts(r.path)]
        assert max(counts) == 1, (key, [n for n, c in enumerate(counts, start=1) if c > 1])


@browser
def test_standalone_checklist_names_the_chapter_of_each_link(pdfs):
    """Raters: "Read Risks and side effects" was a dead link on paper. The standalone
    checklist prints the chapter's number in the packet after it, and no raw address."""
    name, result, made = pdfs
    if name != "handbook":
        pytest.skip("the handbook's checklist links to its chapters")
    text = re.sub(r"\s+", " ", " ".join(page_texts(made["checklist_pdf"].path)))
    for title, page_id in (("Risks and side effects", "risks"), ("What the evidence shows", "evidence")):
        assert f"{title} (chapter {chapter_number(result.site, page_id)} of the handbook)" in text
    assert "/risks/" not in text and "/evidence/" not in text
    # The short leaflet printed "(https://trd- / handbook.github.io/ketamine- / handbook/risks/)".
    site_url = make_pdf.load_settings(ROOT / "mkdocs.yml")["site_url"]
    glance = re.sub(r"\s", "", " ".join(page_texts(made["glance_pdf"].path)))
    assert f"({site_url}" not in glance


@browser
def test_pdf_ua_properties(pdfs):
    name, result, made = pdfs
    for key, r in made.items():
        ua = measured(r.path).ua  # read once per PDF (test_layout_survives_paper shares it)
        assert ua["Marked"] and ua["StructTreeRoot"] and ua["Lang"] == "en", key
        assert ua["DisplayDocTitle"] and ua["XMP pdfuaid:part 1"] and ua["XMP dc:title"], key
        assert ua["links without /Contents"] == 0, key
        assert ua["Artifact blocks"] >= r.pages - 1, key  # header and footer: artifacts
        assert ua["untagged drawings"] == 0, key  # decoration (icons, borders): artifacts too
    # Header cells: every <th>, the first column of a table of labelled rows, every glossary term
    soup = read_page(result.site / "print_page" / "index.html")
    area = soup.css_first("#print-site-page")
    # Cells and tables print.css hides (e.g. the icon pictures' screen-only number tables, the
    # side-by-side tables on Ways it is given) are not on paper.
    hidden = {cell.mem_id for block in area.css(HIDDEN_ON_PAPER) for cell in block.css("th, dt")}
    # A table that prints as one card per row (tools.py, data-hb-stack-print) hides its header
    # row on paper and prints each heading as text before its cell instead.
    hidden |= {cell.mem_id for cell in area.css("table[data-hb-stack-print] thead th")}
    hidden_tables = {table.mem_id for block in area.css(HIDDEN_ON_PAPER) for table in block.css("table")}
    row_labels = [row for table in area.css("table:not([class])")
                  if table.css_first("thead") and table.mem_id not in hidden_tables
                  for row in table.css("tbody > tr") if row.css_first("td, th").tag == "td"]
    expected = (len([c for c in area.css("th") if c.mem_id not in hidden])
                + len([c for c in area.css("dl > dt") if c.mem_id not in hidden]) + len(row_labels))
    th = measured(made["packet_pdf"].path).ua["TH cells"]
    if name == "handbook":
        assert row_labels and area.css("dl > dt")
    assert th >= expected, (th, expected)


@browser
def test_layout_survives_paper(pdfs):
    name, result, made = pdfs
    for key, r in made.items():
        m = measured(r.path)
        assert m.body_median_pt >= 11.9, (key, m.body_median_pt)  # 12 pt body text
        assert m.body_min_pt >= 9.5, (key, m.body_min_pt)  # references and glossary
        assert m.longest_line <= 78, (key, m.longest_line_text)  # about 65-75 characters
        assert m.near_empty == [], f"{key}: pages under 15% full: {m.near_empty}"
        assert m.stranded == [], f"{key}: headings alone at the foot of a page: {m.stranded}"


@browser
def test_the_handbook_on_letter(site, printed_pdfs):
    """The same promises on US Letter: contents, booklet, no machine address, layout."""
    name, project, result = site
    made = {key: r for key, r in printed_pdfs(name, project, result.site, "letter").items()
            if key in ("packet_pdf", "glance_pdf")}
    packet = made["packet_pdf"]
    assert round(float(PdfReader(str(packet.path)).pages[0].mediabox.width)) == 612
    pages = [normal(t) for t in raw_pages(packet.path)]
    soup = read_page(result.site / "print_page" / "index.html")
    sections = soup.css("#print-site-page > section.print-page[id]")
    entries = contents_entries(packet.path, contents_page(packet.path))
    assert len(entries) == len(sections)
    for (entry, number), section in zip(entries, sections, strict=False):
        heading = normal((section.attributes.get("heading-number") or "") + parser.get_text(section.css_first("h1")))
        assert pages[number - 1].startswith(heading), (entry, number)
    for r in made.values():
        assert r.pages % 4 == 0
        assert not [u for u in link_uris(r.path) if MACHINE.search(u)]
        m = measured(r.path)
        assert m.body_median_pt >= 11.9 and m.longest_line <= 78 and m.near_empty == [] and m.stranded == []
    if "glance_pdf" in made:
        assert (8 if name == "handbook" else 1) <= made["glance_pdf"].pages <= 12


@browser
def test_checklist_fits_its_page_limit_on_letter(site, printed_pdfs):
    name, project, result = site
    made = printed_pdfs(name, project, result.site, "letter")
    reader = PdfReader(str(made["checklist_pdf"].path))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
    assert len(reader.pages) <= make_pdf.CHECKLIST_MAX_PAGES


# ---- In the browser: tabs, print emulation, no JavaScript ----


@browser
def test_tabs_switch_by_click_and_keyboard(new_page, packet_url):
    page = new_page()
    page.goto(packet_url + "ways/")
    first = page.locator(".tabbed-set").first
    blocks = first.locator(":scope > .tabbed-content > .tabbed-block")
    assert blocks.nth(0).is_visible() and not blocks.nth(1).is_visible()
    first.locator(":scope > .tabbed-labels > label").nth(1).click()
    assert blocks.nth(1).is_visible() and not blocks.nth(0).is_visible()
    radio = first.locator(":scope > input").nth(1)
    radio.focus()
    page.keyboard.press("ArrowRight")
    assert first.locator(":scope > input").nth(2).is_checked()
    assert blocks.nth(2).is_visible() and not blocks.nth(1).is_visible()
    page.keyboard.press("ArrowLeft")
    assert blocks.nth(1).is_visible()


@browser
def test_print_shows_every_tab_panel_and_collapsible_block(new_page, packet_url):
    page = new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    for path in ("ways/", "risks/", "print_page/"):
        page.goto(packet_url + path)
        for block in page.locator(".tabbed-block").all():
            assert block.is_visible()
            assert block.locator(":scope > .hb-tab-title").is_visible()
        for label in page.locator(".tabbed-labels").all():
            assert not label.is_visible()
        # closed <details> show their content on paper even without script help
        for details in page.locator("details:not([open])").all():
            assert details.locator(":scope > :not(summary)").first.is_visible()


@browser
def test_without_javascript_pages_are_readable_and_tabs_reachable(new_page, packet_url):
    page = new_page(java_script_enabled=False)
    page.goto(packet_url + "ways/")
    assert page.get_by_role("heading", name="Ways it is given").is_visible()
    first = page.locator(".tabbed-set").first
    blocks = first.locator(":scope > .tabbed-content > .tabbed-block")
    assert blocks.nth(0).is_visible()
    first.locator(":scope > .tabbed-labels > label").nth(1).click()
    assert blocks.nth(1).is_visible()
    page.goto(packet_url + "checklist/")
    box = page.get_by_role("checkbox", name="Talk it over with someone you trust.")
    box.click()
    assert box.is_checked()
    assert not page.get_by_role("button", name="Clear my answers").first.is_visible()  # needs script
    page.goto(packet_url + "risks/")
    page.get_by_text("Feeling disconnected").click()
    assert page.get_by_text("It usually passes within two hours").is_visible()


# ---- The real checklist page, under the site's Content-Security-Policy ----


@browser
def test_checklist_labels_keyboard_and_saved_answers(new_page, served_site, handbook):
    _, result = handbook
    errors = []
    page = new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served_site + "checklist/")
    boxes = page.get_by_role("checkbox")
    soup = read_page(result.site / "checklist" / "index.html")
    names = [normal(parser.get_text(label)) for label in soup.css("label.hb-check__label")]
    assert boxes.count() == len(names) > 0
    first_label = re.sub(r"\s+", " ", parser.get_text(soup.css_first("label.hb-check__label"))).strip()
    first = page.get_by_role("checkbox", name=first_label, exact=True)
    assert first.is_enabled() and not first.is_checked()
    first.click()  # mouse
    second = boxes.nth(1)
    second.focus()
    page.keyboard.press("Space")  # keyboard
    assert first.is_checked() and second.is_checked()
    page.get_by_label("Your name").fill("Sam Example")
    page.get_by_role("textbox", name="My notes").fill("Ask about driving.")
    page.reload()
    assert first.is_checked() and second.is_checked() and not boxes.nth(2).is_checked()
    assert page.get_by_label("Your name").input_value() == "Sam Example"
    assert page.get_by_role("textbox", name="My notes").input_value() == "Ask about driving."
    # the print page shares the answers: a ticked box prints ticked from there too
    page.goto(served_site + "print_page/")
    item = soup.css_first("input.hb-check").attributes["data-hb-item"]
    assert page.locator(f'input[data-hb-item="{item}"]').is_checked()
    assert errors == [], errors  # no CSP violation, no script error


@browser
def test_clear_my_answers_empties_everything(new_page, served_site):
    page = new_page()
    page.goto(served_site + "checklist/")
    boxes = page.get_by_role("checkbox")
    boxes.nth(0).check()
    page.get_by_role("textbox", name="My own questions for my care team").fill("How long does it last?")
    assert page.evaluate("Object.keys(localStorage).some((k) => k.endsWith('hb-checklist.v1'))")
    clear = page.get_by_role("button", name="Clear my answers").first
    assert clear.is_visible()
    clear.click()
    assert not boxes.nth(0).is_checked()
    assert page.get_by_role("textbox", name="My own questions for my care team").input_value() == ""
    assert page.get_by_role("status").first.inner_text().startswith("Your answers have been cleared")
    assert not page.evaluate("Object.keys(localStorage).some((k) => k.endsWith('hb-checklist.v1'))")
    page.reload()
    assert not boxes.nth(0).is_checked()


@browser
def test_ticked_boxes_and_typed_notes_print(new_page, served_site):
    page = new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1000})
    page.goto(served_site + "checklist/")
    box = page.get_by_role("checkbox").first
    page.get_by_role("textbox", name="My notes").fill("Bring my medicine list.")
    page.emulate_media(media="print")
    unticked = box.screenshot()
    box.check()
    assert box.is_visible() and box.screenshot() != unticked  # the tick is drawn in print
    typed = page.locator('[data-hb-mirror="notes"]').first
    assert typed.is_visible() and typed.inner_text() == "Bring my medicine list."
    assert page.locator(".hb-lines").first.is_visible()  # ruled lines to write on
    assert not page.get_by_role("textbox", name="My notes").is_visible()
    assert not page.get_by_role("button", name="Clear my answers").first.is_visible()


#: Each word of a printed table cell, and whether the browser laid it out on more than one line.
SPLIT_WORDS_JS = """() => {
    const split = [];
    for (const cell of document.querySelectorAll('#print-site-page table :is(th, td)')) {
        if (!cell.getClientRects().length) continue;  // not printed
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/[^\\s\\-\u2010-\u2014/]{2,}/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
                if (tops.size > 1) split.push(`${cell.closest('section[id]')?.id}: ${m[0]}`);
            }
        }
    }
    return split;
}"""


@browser
def test_no_word_in_a_printed_table_is_split_across_lines(new_page, served_site):
    """A narrow column once printed "Ch / oic / e" and "My / an / sw / er": every word of every
    table cell on the print page stays on one line on A4 (the narrower paper)."""
    page = new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    page.goto(served_site + "print_page/")
    page.wait_for_selector("#print-page-toc nav ul", state="attached")
    page.evaluate(make_pdf.TAGS_JS)  # as make_pdf does before printing: row labels become <th>
    assert page.evaluate("document.querySelectorAll('#print-site-page table th.hb-row-header').length") > 5
    assert page.evaluate(SPLIT_WORDS_JS) == []
    # The check itself sees a split word: squeeze one table's first column to a few letters.
    # (Through the CSSOM: the site's Content Security Policy blocks an added <style>.)
    page.evaluate("""() => {
        const table = document.querySelector('#print-site-page table:not([class])');
        table.style.tableLayout = 'fixed';
        for (const row of table.rows) {
            Object.assign(row.cells[0].style, {width: '2em', minWidth: '0', overflowWrap: 'anywhere'});
        }
    }""")
    assert page.evaluate(SPLIT_WORDS_JS) != []


# Table cells of sentences (8 or more words) whose lines hold fewer than 3 words on average.
NARROW_CELLS_JS = """() => {
    const narrow = [];
    for (const cell of document.querySelectorAll('#print-site-page td')) {
        if (!cell.getClientRects().length || cell.closest('.hb-screen-only')) continue;
        // A cell that holds a list is read item by item.
        const units = cell.querySelector('li') ? [...cell.querySelectorAll('li')] : [cell];
        for (const unit of units) {
            const words = unit.textContent.trim().split(/\\s+/).filter(Boolean).length;
            if (words < 8) continue;
            // Lines of text: the tops of the text's own boxes (not citation numbers, raised).
            const tops = new Set();
            const walker = document.createTreeWalker(unit, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!node.textContent.trim() || node.parentElement.closest('sup')) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.bottom));
            }
            if (words / Math.max(tops.size, 1) < 3) narrow.push(unit.textContent.trim().slice(0, 40));
        }
    }
    return narrow;
}"""


@browser
def test_no_printed_table_cell_runs_a_word_or_two_a_line(new_page, served_site):
    """Four columns of sentences in the printed column left 1 to 3 words a line (rater H, on
    Treatment-resistant depression, whose table is gone): such tables (now Your choices
    compared's grids) print as one card per row (tools.py, data-hb-stack-print), and no cell of
    a sentence or more averages under 3 words a line."""
    page = new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    page.goto(served_site + "print_page/")
    page.wait_for_selector("#print-page-toc nav ul", state="attached")
    assert page.evaluate("document.querySelectorAll('#choices table[data-hb-stack-print]').length") == 4
    assert page.evaluate(NARROW_CELLS_JS) == []
    # Without the paper stacking, the check sees the narrow columns again.
    page.evaluate("() => document.querySelectorAll('[data-hb-stack-print]').forEach((t) => t.removeAttribute('data-hb-stack-print'))")
    assert page.evaluate(NARROW_CELLS_JS) != []


# Headings and titles (the elements print.css gives an invisible keep-with-next block) that have
# a left or bottom border, and whose box reaches down over the element after them.
BAR_OVERLAPS_JS = """() => [...document.querySelectorAll(
        '#print-site-page :is(h1, h2, h3, h4, h5, h6, .hb-tab-title, .admonition-title, dt)')]
    .filter((el) => (parseFloat(getComputedStyle(el).borderLeftWidth) > 0
        || parseFloat(getComputedStyle(el).borderBottomWidth) > 0) && el.getClientRects().length)
    .filter((el) => {
        const next = el.nextElementSibling;
        if (!next || !next.getClientRects().length) return false;
        return next.getBoundingClientRect().top < el.getBoundingClientRect().bottom - 1;
    })
    .map((el) => el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0])"""


@browser
def test_no_printed_bar_runs_over_the_text_after_it(new_page, served_site):
    """Rater L: a tab's name had a bar down its left side, and the invisible block that keeps a
    heading with what follows (print.css) stretched the bar over the first letters of the next
    paragraph ("s it approved?"). No bordered box on paper reaches over the element after it."""
    page = new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    page.goto(served_site + "print_page/")
    page.wait_for_selector("#print-page-toc nav ul", state="attached")
    assert page.evaluate(BAR_OVERLAPS_JS) == []
    # The old style (a border on the tab name) is caught.
    page.evaluate("() => document.querySelectorAll('.hb-tab-title').forEach((t) => { t.style.borderLeft = '3px solid #000'; })")
    assert "h3.hb-tab-title" in page.evaluate(BAR_OVERLAPS_JS)


@browser
def test_print_styles_for_paper(new_page, served_site):
    """Near-black headings, checklist boxes of 5 mm with a black outline, two-column
    references and glossary at 9.5 pt or more, screen-only text hidden on paper."""
    page = new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    page.goto(served_site + "print_page/")
    page.wait_for_selector("#print-page-toc nav ul", state="attached")
    found = page.evaluate(
        """() => {
            const css = (el) => getComputedStyle(el);
            const dark = (c) => { const v = c.match(/\\d+/g).slice(0, 3).map(Number); return Math.max(...v) <= 40; };
            const headings = [...document.querySelectorAll('#print-site-page :is(h1, h2, h3)')]
                .filter((h) => h.getClientRects().length && !dark(css(h).color)).map((h) => h.textContent.trim());
            const box = document.querySelector('#print-site-page input.hb-check');
            const b = box.getBoundingClientRect();
            const two = [...document.querySelectorAll('#glossary .hb-glossary-groups, #references .hb-reference-groups')]
                .map((el) => [css(el).columnCount, parseFloat(css(el).fontSize)]);
            const screenOnly = [...document.querySelectorAll('.hb-screen-only')].filter((e) => e.getClientRects().length).length;
            return {headings, box: [b.width, b.height, parseFloat(css(box).borderTopWidth), css(box).borderTopColor],
                    two, screenOnly};
        }"""
    )
    assert found["headings"] == []
    width, height, border, colour = found["box"]
    assert width >= 5 / 25.4 * 96 - 0.5 and height >= 5 / 25.4 * 96 - 0.5  # 5 mm
    assert border >= 1 and colour == "rgb(0, 0, 0)"  # 0.75 pt = 1 px, black
    assert found["two"] and all(cols == "2" and size >= 9.5 / 72 * 96 for cols, size in found["two"])
    assert found["screenOnly"] == 0


@browser
def test_print_text_is_at_least_12pt_and_tables_fit(new_page, served_site):
    page = new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    page.goto(served_site + "print_page/")
    page.wait_for_selector("#print-page-toc nav ul", state="attached")
    small = page.evaluate(
        """() => [...document.querySelectorAll('#print-site-page :is(p, li, td, th, dd, dt, summary, label)')]
            .filter((el) => el.getClientRects().length && parseFloat(getComputedStyle(el).fontSize) < 15.9)
            .filter((el) => !el.closest('#glossary dl.hb-glossary, #references ol.hb-references')
                            || parseFloat(getComputedStyle(el).fontSize) < 12.6)
            .map((el) => getComputedStyle(el).fontSize + ' ' + el.textContent.trim().slice(0, 60))"""
    )
    assert small == []
    wide = page.evaluate(
        """() => { const edge = document.querySelector('article').getBoundingClientRect().right + 1;
            return [...document.querySelectorAll('#print-site-page table')]
              .filter((t) => t.getBoundingClientRect().right > edge)
              .map((t) => t.textContent.trim().slice(0, 60)); }"""
    )
    assert wide == []

"""Page numbers, running headers and footers for the printed PDFs: a second pass with pypdf.

Chromium cannot print "see page N" or a running header that changes per chapter, so
scripts/make_pdf.py prints each PDF, reads the page of every link target back from the
PDF (Chromium writes a named destination for each element id that a link points to) and
prints again with the numbers filled in, until they no longer move. Then it stamps, on
every page, a running header (the chapter's title) and a footer
(leaflet number, dates, "Page N of M"), both marked as PDF artifacts, and pads booklets
to a multiple of 4 pages with notes pages: "My notes and questions" over ruled lines (a page
that only said "This page is intentionally blank" was clutter to raters; lines are of use).

Pure functions (tests call them): paper_href, dest_pages, dest_tops, running_headers,
booklet_padding, page_stamps, overlay_html, as_artifact; stamp() does the pypdf work.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

BLANK_TEXT = "My notes and questions"
NOTE_LINES = 18  # ruled lines on a notes page, 11 mm apart
CRISIS_LINE = "In crisis? US: call or text 988 · UK: Samaritans 116 123 · Emergency: 911 / 999"
PAPER_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
TEXT_WIDTH_MM = 140  # 65 to 75 characters a line at 12 pt (Liberation Sans)
# Addresses of the machine that printed: never on paper.
LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
# Running header and footer: their text sits at least 10 mm from the paper's edge.
EDGE_MM = 10


@dataclass(frozen=True)
class Stamp:
    """What one printed page carries in its margins."""

    header: str
    footer: str
    number: str  # "Page 3 of 68", or "" (the cover)
    blank: bool = False


# ---- Links on paper ----


def paper_href(url: str, base_url: str, site_url: str, doc_ids: set[str] | frozenset, page_path: str) -> str:
    """Where a link should point on paper.

    `url` is the link as the browser resolved it. A link to an element of the printed
    document stays inside the PDF (`#id`: it becomes "(page N)"); any other link to the
    local print server points to the same page of the hosted site (`site_url`), never to
    127.0.0.1; links to other hosts are kept.
    """
    parts = urlsplit(url)
    base = urlsplit(base_url)
    site = urlsplit(site_url if site_url.endswith("/") else site_url + "/")
    loopback = parts.scheme in ("http", "https") and (parts.hostname or "") in LOOPBACK
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) and parts.scheme != "file" and not loopback:
        return url
    fragment = parts.fragment
    if parts.scheme != "file" and parts.path == urlsplit(page_path).path and fragment in doc_ids and fragment:
        return "#" + fragment
    path = parts.path
    if parts.scheme == "file":
        path = ""  # a build-machine file: the best paper can do is the site's home page
    elif (parts.scheme, parts.netloc) == (base.scheme, base.netloc) and path.startswith(base.path):
        path = path[len(base.path):]
    elif path.startswith(site.path):  # e.g. `mkdocs serve` on localhost, under the site's path
        path = path[len(site.path):]
    else:
        path = path.lstrip("/")
    return urlunsplit((site.scheme or "https", site.netloc, site.path + path, parts.query, fragment))


# ---- Reading page numbers back ----


def dest_pages(reader) -> dict[str, int]:
    """{element id: 1-based page number} for every named destination Chromium wrote."""
    found = {}
    for name, dest in reader.named_destinations.items():
        try:
            number = reader.get_destination_page_number(dest)
        except Exception:  # a destination to no page: skip it
            continue
        if number is not None and number >= 0:
            found[str(name).lstrip("/")] = number + 1
    return found


def dest_tops(reader) -> dict[str, tuple[int, float]]:
    """{element id: (1-based page, top in pt from the page's bottom)}."""
    found = {}
    for name, dest in reader.named_destinations.items():
        try:
            number = reader.get_destination_page_number(dest)
        except Exception:
            continue
        top = dest.get("/Top") if hasattr(dest, "get") else None
        if number is not None and number >= 0 and top is not None:
            found[str(name).lstrip("/")] = (number + 1, float(top))
    return found


# ---- Running headers, footers, padding ----


def running_headers(total: int, starts: list[tuple[int, str]], front: dict[int, str] | None = None) -> list[str]:
    """Header text of each page: the title of the chapter that page belongs to.

    `starts`: (first page, title) of each chapter; `front`: fixed headers for pages before
    the first chapter (e.g. {2: "About this leaflet"}); the cover (page 1) has none."""
    front = front or {}
    starts = sorted(starts)
    out = []
    for page in range(1, total + 1):
        current = ""
        for first, title in starts:
            if first <= page:
                current = title
        if not starts or page < starts[0][0]:
            current = front.get(page, "")
        out.append(current)
    return out


def booklet_padding(pages: int, multiple: int = 4) -> int:
    """Blank pages to add so a booklet printer can fold the sheets (0 if `multiple` <= 1)."""
    if multiple <= 1 or pages <= 0:
        return 0
    return (-pages) % multiple


def page_stamps(headers: list[str], footer: str, blank_after: int, cover: bool = True) -> list[Stamp]:
    """One Stamp per page: the document's pages (`headers`) then `blank_after` blank ones."""
    total = len(headers) + blank_after
    stamps = []
    for index in range(total):
        number = index + 1
        blank = index >= len(headers)
        if cover and number == 1:
            stamps.append(Stamp("", "", ""))
            continue
        header = "" if blank else headers[index]
        stamps.append(Stamp(header, footer, f"Page {number} of {total}", blank))
    return stamps


def overlay_html(stamps: list[Stamp], paper: str, margins_mm: tuple[float, float]) -> str:
    """A page of HTML per PDF page with only its header and footer, for Chromium to print on
    the same paper; stamp() lays each one over its page. `margins_mm`: (left, right)."""
    width, height = PAPER_MM[paper]
    left, right = margins_mm
    rows = []
    for s in stamps:
        parts = []
        if s.header:
            parts.append(f'<div class="h">{html.escape(s.header)}</div>')
        if s.blank:
            parts.append(f'<p class="b">{BLANK_TEXT}</p><div class="r">{"<i></i>" * NOTE_LINES}</div>')
        if s.footer or s.number:
            parts.append(
                f'<div class="f"><p class="l"><span class="c">{html.escape(CRISIS_LINE)}</span>'
                f'<span class="n">{html.escape(s.number)}</span></p>'
                f'<p>{html.escape(s.footer)}</p></div>'
            )
        rows.append(f'<section>{"".join(parts)}</section>')
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
@page {{ size: {width}mm {height}mm; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: "Liberation Sans", Arial, sans-serif; color: #000; }}
section {{ position: relative; width: {width}mm; height: {height}mm; break-after: page; overflow: hidden; }}
section:last-child {{ break-after: auto; }}
.h, .f {{ position: absolute; left: {left}mm; right: {right}mm; font-size: 9pt; line-height: 1.25; }}
.h {{ top: {EDGE_MM + 1}mm; border-bottom: 0.5pt solid #000; padding-bottom: 1mm; font-weight: 700;
      white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.f {{ bottom: {EDGE_MM}mm; }}
.f p {{ margin: 0; }}
.f {{ font-size: 8.5pt; }}
.f .c {{ white-space: nowrap; }}
.f .l {{ display: flex; justify-content: space-between; gap: 6mm; }}
.f .n {{ white-space: nowrap; font-weight: 700; }}
.b {{ position: absolute; top: {EDGE_MM + 12}mm; left: {left}mm; right: {right}mm; margin: 0; font-size: 14pt; font-weight: 700; }}
.r {{ position: absolute; top: {EDGE_MM + 22}mm; left: {left}mm; right: {right}mm; }}
.r i {{ display: block; height: 11mm; border-bottom: 0.5pt solid #000; }}
</style></head><body>{"".join(rows)}</body></html>"""


# ---- Stamping with pypdf ----


def as_artifact(content: bytes) -> bytes:
    """Wrap a page's drawing in a pagination artifact (PDF/UA: not part of the text)."""
    return b"/Artifact <</Type /Pagination>> BDC\n" + content + b"\nEMC\n"


def _renamed(content: bytes, names: dict[str, str]) -> bytes:
    """`content` with each resource name (/F4 ...) replaced by its new name."""
    if not names:
        return content
    pattern = re.compile(rb"/(" + b"|".join(re.escape(n.encode()) for n in sorted(names, key=len, reverse=True)) + rb")(?=[\s/\[\]<>()]|$)")
    return pattern.sub(lambda m: b"/" + names[m.group(1).decode()].encode(), content)


def lay_over(writer, page, mark) -> None:
    """Draw the overlay page `mark` over `page`, as an artifact, without re-parsing the
    page's own content (pypdf's merge_page does, and is slow on long chapters): the
    overlay's resources are copied under new names and its content appended."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

    contents = mark.get_contents()
    if contents is None:
        return
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    page[NameObject("/Resources")] = resources
    names: dict[str, str] = {}
    theirs = mark.get("/Resources")
    theirs = theirs.get_object() if theirs is not None else DictionaryObject()
    for kind in ("/Font", "/ExtGState", "/XObject", "/Pattern", "/Shading", "/ColorSpace"):
        if kind not in theirs:
            continue
        ours = resources.get(kind)
        ours = ours.get_object() if ours is not None else DictionaryObject()
        ours = DictionaryObject(ours)
        for name, value in theirs[kind].get_object().items():
            new = f"/Hb{name.lstrip('/')}"
            names[name.lstrip("/")] = new.lstrip("/")
            ours[NameObject(new)] = value.clone(writer) if hasattr(value, "clone") else value
        resources[NameObject(kind)] = ours
    def stream(data: bytes):
        obj = StreamObject()
        obj.set_data(data)
        return writer._add_object(obj)
    old = page.get("/Contents")
    old = old.get_object() if old is not None else None
    parts = list(old) if isinstance(old, list) else ([page.raw_get("/Contents")] if old is not None else [])
    body = as_artifact(_renamed(contents.get_data(), names))
    page[NameObject("/Contents")] = ArrayObject([stream(b"q\n"), *parts, stream(b"\nQ\n" + body)])


def stamp(pdf: bytes, overlay: bytes, blank_after: int):
    """The printed PDF with `blank_after` blank pages added and each page's overlay laid
    over it as an artifact. Returns a pypdf PdfWriter (the caller adds metadata)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    first = writer.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    for _ in range(blank_after):
        writer.add_blank_page(width, height)
    marks = PdfReader(io.BytesIO(overlay))
    if len(marks.pages) != len(writer.pages):
        raise ValueError(f"overlay has {len(marks.pages)} pages for {len(writer.pages)} pages")
    for page, mark in zip(writer.pages, marks.pages, strict=True):
        lay_over(writer, page, mark)
    return writer

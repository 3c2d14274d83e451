"""Measure a printed PDF the way a patient-information reviewer does (`make pdf` prints this).

    python scripts/pdf_measure.py site/pdf/*.pdf

Per PDF: pages; body font size (min and median, in pt, weighted by characters); the
longest line in characters; pages less than 15% full; links by target (host, or
"page" for links inside the PDF); and the PDF/UA-1 properties tests/test_pdf_packet.py
checks. Everything is read back with pypdf (no other tool), from the text Chromium drew:
positions are the text's baselines, so "how full" is the span from the first to the last
line inside the page margins.

Pure functions (tests call them): text_runs, lines, measure, ua_properties, summary.
"""

from __future__ import annotations

import itertools
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

MM = 72 / 25.4  # PDF points per millimetre
# Text closer than this to the top or bottom edge is a running header or footer, not content.
RUNNING_ZONE_MM = 20
NEAR_EMPTY = 0.15


@dataclass(frozen=True)
class Run:
    """A piece of text as drawn: baseline position (pt from the bottom left), size (pt)."""

    x: float
    y: float
    size: float
    text: str
    end: float = 0.0  # x where the text ends (from the font's widths), 0 if unknown
    bold: bool = False  # drawn in a bold font (its name says "Bold")


@dataclass
class Measures:
    pages: int = 0
    body_min_pt: float = 0.0
    body_median_pt: float = 0.0
    longest_line: int = 0
    longest_line_text: str = ""
    near_empty: list[int] = field(default_factory=list)  # 1-based, not a chapter's last page
    chapter_last: list[int] = field(default_factory=list)  # near-empty, but a chapter's last
    stranded: list[tuple[int, str]] = field(default_factory=list)  # headings with < 2 lines under them
    fullness: list[float] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)
    ua: dict[str, object] = field(default_factory=dict)


def _mult(m, n):
    """Product of two PDF matrices [a b c d e f]."""
    return [
        m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def text_runs(page) -> list[Run]:
    """Every piece of text on a pypdf page with its baseline position and real size."""
    runs: list[Run] = []
    fonts: dict[int, object] = {}

    def visit(text, cm, tm, font, size):
        if not text or not text.strip():
            return
        m = _mult(tm, cm)
        scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
        width = _width(fonts, font, text) * size * (m[0] ** 2 + m[1] ** 2) ** 0.5 / 1000
        runs.append(Run(m[4], m[5], round(size * scale, 2), text.replace("\n", " "), m[4] + width if width else 0.0,
                        _is_bold(font)))

    page.extract_text(visitor_text=visit)
    return runs


def _is_bold(font) -> bool:
    try:
        return "bold" in str(font.get("/BaseFont", "")).lower() if font is not None else False
    except Exception:
        return False


def _width(cache: dict, font, text: str) -> float:
    """Width of `text` in 1/1000 em from the font's own widths (0 if pypdf cannot tell)."""
    if font is None:
        return 0.0
    key = id(font)
    if key not in cache:
        try:
            from pypdf.generic._font import Font

            cache[key] = Font.from_font_resource(font)
        except Exception:  # pypdf's font reader is internal; fall back to estimates
            cache[key] = None
    try:
        return float(cache[key].get_text_width(text)) if cache[key] is not None else 0.0
    except Exception:
        return 0.0


def content_runs(runs: list[Run], height: float) -> list[Run]:
    """Runs outside the running header and footer zones."""
    zone = RUNNING_ZONE_MM * MM
    return [r for r in runs if zone < r.y < height - zone]


def lines(runs: list[Run]) -> list[str]:
    """Runs grouped into printed lines: same baseline (within 2 pt), split at wide gaps
    (a column gap or a table cell gap: more than 1 em of white space)."""
    rows: dict[int, list[Run]] = {}
    for run in runs:
        rows.setdefault(round(run.y / 2), []).append(run)
    out = []
    for key in sorted(rows, reverse=True):
        row = sorted(rows[key], key=lambda r: r.x)
        text, end = "", None
        for run in row:
            if end is not None and run.x - end > run.size:
                out.append(text.strip())
                text = ""
            text += run.text
            end = run.end or run.x + 0.5 * run.size * len(run.text)  # else: half an em a character
        out.append(text.strip())
    return [line for line in out if line]


def fullness(runs: list[Run], height: float) -> float:
    """Share of the page's content height that holds text (0 = empty)."""
    inner = content_runs(runs, height)
    if not inner:
        return 0.0
    zone = RUNNING_ZONE_MM * MM
    top = max(r.y + r.size for r in inner)
    bottom = min(r.y for r in inner)
    return max(0.0, min(1.0, (top - bottom) / (height - 2 * zone)))


BLANK = "My notes and questions"  # scripts/pdf_pages.BLANK_TEXT: a booklet's padding page


def outline_entries(reader, items=None, depth: int = 0) -> list[tuple[int, str, int, float]]:
    """(depth, title, 1-based page, top in pt) of every bookmark: Chromium writes one per
    heading (depth 0: the H1s, i.e. the cover, the contents and each chapter)."""
    out = []
    items = reader.outline if items is None else items
    for item in items:
        if isinstance(item, list):
            out.extend(outline_entries(reader, item, depth + 1))
            continue
        try:
            page = reader.get_destination_page_number(item) + 1
        except Exception:
            continue
        top = float(item.get("/Top") or 0) if hasattr(item, "get") else 0.0
        out.append((depth, str(item.title), page, top))
    return out


def chapter_starts(reader) -> list[int]:
    return sorted({page for depth, _t, page, _top in outline_entries(reader) if depth == 0})


def stranded_headings(runs_by_page: dict[int, list[Run]], headings: list[tuple[int, str, int, float]],
                      min_lines: int = 1) -> list[tuple[int, str]]:
    """Headings with fewer than `min_lines` lines of text under them on their page: the
    heading is the last thing on its page and its section starts on the next."""
    out = []
    for _depth, title, page, top in headings:
        runs = runs_by_page.get(page, [])
        if not runs or top <= 0:
            continue
        near = [r for r in runs if top - 40 <= r.y <= top]
        biggest = max((r.size for r in near), default=0)
        floor = min((r.y for r in near if r.size >= biggest - 0.5), default=top - 20)
        below = {round(r.y) for r in runs if r.y < floor - 4}
        if len(below) < min_lines:
            out.append((page, title))
    return out


def stranded_lead_ins(runs_by_page: dict[int, list[Run]], max_chars: int = 90,
                      room_em: float = 7.0) -> list[tuple[int, str]]:
    """Pages that end on a label: the page's last line is short, all in bold, not a sentence
    (no full stop: a bold sentence or a figure's caption may end a page), not the tail of a
    bold paragraph (no bold line just above it), and sits within `room_em` of the foot of the
    text area, so nothing of its own follows it there. That is a box's title ("Watch for:
    slowed breathing"), a bold lead-in ("What is not known") or a heading the outline does
    not list, alone at the foot of a page while what it introduces starts on the next
    (PEMAT-P item 10). A form's label with write-in lines under it has more room below and
    passes, and so does a form's row of labels with gaps for writing between them. The
    document's last page is not judged."""
    out = []
    numbers = sorted(runs_by_page)
    floor = RUNNING_ZONE_MM * MM
    for number in numbers[:-1]:
        runs = [r for r in runs_by_page[number] if r.text.strip()]
        if not runs:
            continue
        lowest = min(r.y for r in runs)
        row = [r for r in runs if abs(r.y - lowest) <= 2]
        size = max(r.size for r in row)
        text = " ".join(" ".join(r.text for r in sorted(row, key=lambda r: r.x)).split())
        above = [r for r in runs if r.y > lowest + 2]
        joined = above and min(r.y for r in above) - lowest < 1.6 * size
        ordered = sorted(row, key=lambda r: r.x)
        # Labels spread over the line ("Your name ____ Date ____"): a form's row, not a title.
        spread = any(b.x - (a.end or a.x) > 2 * size for a, b in itertools.pairwise(ordered))
        if (all(r.bold for r in row) and 0 < len(text) <= max_chars and not text.endswith(".")
                and not joined and not spread and (lowest - floor) < room_em * size):
            out.append((number, text))
    return out


def link_targets(reader) -> Counter:
    """Link annotations by target: the URI's host ('file:' for files) or 'page' (inside the PDF)."""
    found: Counter = Counter()
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and action.get("/URI") is not None:
                uri = str(action["/URI"])
                parts = urlsplit(uri)
                found[parts.hostname or f"{parts.scheme}:"] += 1
            else:
                found["page"] += 1
    return found


def ua_properties(reader) -> dict[str, object]:
    """The PDF/UA-1 properties that can be read from the file (see tests/test_pdf_packet.py)."""
    root = reader.trailer["/Root"]
    mark = root.get("/MarkInfo")
    prefs = root.get("/ViewerPreferences")
    xmp = b""
    if root.get("/Metadata") is not None:
        xmp = root["/Metadata"].get_object().get_data()
    links = [a.get_object() for p in reader.pages for a in (p.get("/Annots") or [])]
    links = [a for a in links if a.get("/Subtype") == "/Link"]
    tags: Counter = Counter()
    if root.get("/StructTreeRoot") is not None:
        _count_tags(root["/StructTreeRoot"].get_object(), tags, 0)
    return {
        "Marked": bool(mark and mark.get_object().get("/Marked")),
        "StructTreeRoot": root.get("/StructTreeRoot") is not None,
        "Lang": str(root.get("/Lang") or ""),
        "DisplayDocTitle": bool(prefs and prefs.get_object().get("/DisplayDocTitle")),
        "XMP pdfuaid:part 1": b"pdfuaid:part>1<" in xmp or b'pdfuaid:part="1"' in xmp,
        "XMP dc:title": b"<dc:title>" in xmp,
        "links without /Contents": sum(1 for a in links if not a.get("/Contents")),
        "TH cells": tags.get("/TH", 0),
        "Artifact blocks": sum(_artifacts(p) for p in reader.pages),
        "untagged drawings": sum(_untagged(p) for p in reader.pages),
    }


def _count_tags(node, tags: Counter, depth: int) -> None:
    if depth > 200:
        return
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids.get_object() if hasattr(kids, "get_object") else kids
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "get") and kid.get("/S") is not None:
            tags[str(kid["/S"])] += 1
            _count_tags(kid, tags, depth + 1)


def _untagged(page) -> int:
    """Drawings outside both tagged content and artifacts (PDF/UA-1 allows none)."""
    from pdf_ua import artifact_untagged  # pdf_ua reads text with this module

    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    return sum(artifact_untagged(ref.get_object().get_data())[1]
               for ref in (contents if isinstance(contents, list) else [contents]))


def _artifacts(page) -> int:
    contents = page.get_contents()
    return contents.get_data().count(b"/Artifact") if contents is not None else 0


def measure(path: Path) -> Measures:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    result = Measures(pages=len(reader.pages))
    weights: Counter = Counter()
    longest = ""
    starts = chapter_starts(reader)
    runs_by_page: dict[int, list[Run]] = {}
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        runs = text_runs(page)
        inner = content_runs(runs, height)
        runs_by_page[number] = inner
        for run in inner:
            weights[run.size] += len(run.text.strip())
        share = fullness(runs, height)
        result.fullness.append(round(share, 3))
        text = " ".join(r.text for r in inner).strip()
        if share < NEAR_EMPTY and text != BLANK:
            last_of_chapter = (number + 1) in starts or number == len(reader.pages) or not starts
            following = " ".join(r.text for r in runs_by_page.get(number + 1, []))
            (result.chapter_last if last_of_chapter else result.near_empty).append(number)
            if not last_of_chapter and all(
                " ".join(r.text for r in content_runs(text_runs(p), float(p.mediabox.height))).strip() == BLANK
                for p in reader.pages[number:]
            ):
                result.near_empty.remove(number)
                result.chapter_last.append(number)
            del following
    # Body text: sizes that carry at least 2% of the characters (not superscripts or labels).
    total = sum(weights.values()) or 1
    body = sorted(s for s, n in weights.items() if n / total >= 0.02)
    if body:
        expanded = [s for s in body for _ in range(weights[s])]
        result.body_min_pt = round(min(body), 1)
        result.body_median_pt = round(statistics.median(expanded), 1)
    # Longest line of body text (runs at the body's size or larger; smaller print such as
    # the two-column references and the leaflet line sits in narrower columns).
    floor = result.body_median_pt - 0.5
    for inner in runs_by_page.values():
        for line in lines([r for r in inner if r.size >= floor]):
            if len(line) > len(longest):
                longest = line
    result.longest_line, result.longest_line_text = len(longest), longest
    headings = [h for h in outline_entries(reader) if h[0] > 0 or h[2] not in (1,)]
    result.stranded = stranded_headings(runs_by_page, headings)
    result.stranded += [found for found in stranded_lead_ins(runs_by_page) if found not in result.stranded]
    result.links = dict(sorted(link_targets(reader).items()))
    result.ua = ua_properties(reader)
    return result


def summary(name: str, m: Measures) -> str:
    ua = ", ".join(f"{k}={v}" for k, v in m.ua.items())
    return (
        f"{name}: {m.pages} pages; body text {m.body_min_pt}-{m.body_median_pt} pt (min-median); "
        f"longest line {m.longest_line} characters; pages under {NEAR_EMPTY:.0%} full: "
        f"{', '.join(map(str, m.near_empty)) or 'none'} (and {len(m.chapter_last)} chapters' last pages); "
        f"stranded headings: {', '.join(f'p. {p} {t!r}' for p, t in m.stranded) or 'none'}; links: "
        f"{', '.join(f'{h} {n}' for h, n in m.links.items()) or 'none'}\n  PDF/UA: {ua}"
    )


def main(argv: list[str]) -> int:
    for arg in argv:
        print(summary(arg, measure(Path(arg))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

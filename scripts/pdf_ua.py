"""PDF/UA-1 properties Chromium's tagged PDF lacks, added with pypdf after printing.

Chromium (page.pdf(tagged=True)) already writes a structure tree, /MarkInfo /Marked true,
/Lang and tagged table headers (TH). This module adds what it does not:

- /ViewerPreferences /DisplayDocTitle true (viewers show the title, not the file name);
- XMP metadata with dc:title, dc:language and the PDF/UA identifier pdfuaid:part 1;
- /Contents (a text alternative) on every link annotation: the words under the link, or
  "Go to page N" / the address when there are none;
- the build's git commit in the document information (never printed on paper).

Header, footer and blank-page text are made artifacts by scripts/pdf_pages.py (stamp).
Everything else Chromium draws outside any tagged content is decoration the accessibility
tree leaves out (aria-hidden icons and key symbols, admonition icons drawn by CSS, borders,
rules and backgrounds): mark_untagged() wraps each of those drawings in /Artifact, so every
mark on a page is either tagged content or an artifact (PDF/UA-1, ISO 14289-1 7.1).
"""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape

from pdf_measure import text_runs

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <pdf:Producer>Chromium, pypdf</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_packet(title: str, lang: str, author: str, keywords: str, date: str) -> bytes:
    """The XMP metadata packet (UTF-8) with the PDF/UA-1 identifier."""
    return XMP.format(
        title=escape(title), lang=escape(lang), author=escape(author), keywords=escape(keywords), date=escape(date)
    ).encode("utf-8")


def words_in(runs, rect) -> str:
    """Text drawn inside a link's rectangle [x1, y1, x2, y2] (baselines inside, ±2 pt)."""
    x1, y1, x2, y2 = (float(v) for v in rect)
    left, right, bottom, top = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
    picked = [r for r in runs if bottom - 2 <= r.y <= top + 2 and left - 2 <= r.x <= right]
    return " ".join(" ".join(r.text.split()) for r in sorted(picked, key=lambda r: (-r.y, r.x))).strip()


def link_description(words: str, uri: str | None, page: int | None) -> str:
    """A link's /Contents: its words, plus where it goes."""
    where = f"page {page}" if page else (uri or "")
    words = words.strip()
    if words and where and where not in words:
        return f"{words} ({where})"
    return words or (f"Go to {where}" if page else where) or "Link"


# Content-stream tokens that matter here: operators (bare words), and what may hold letters
# without being one (strings, hex strings, names, comments). Numbers are never matched: the
# operands of an operator are whatever lies between it and the operator before.
_TOKEN = re.compile(
    rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>|/[^\s/\[\]()<>{}%]*|%[^\r\n]*|[A-Za-z'\"][A-Za-z0-9*'\"]*"
)
_PATH = {b"m", b"l", b"c", b"v", b"y", b"h", b"re"}
_PAINT_PATH = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
_PAINT = {b"Do", b"sh", b"Tj", b"TJ", b"'", b'"'}
_NOT_OPERATOR = {b"true", b"false", b"null"}


_MARK = re.compile(rb"(?<![A-Za-z0-9*'\"])(BDC|BMC|EMC|BI)(?![A-Za-z0-9*'\"])")


def _outside_marked_content(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of the parts of a content stream outside any marked-content sequence
    (a quick pass: the full tokenizer then reads only these), or [] if it has an inline image."""
    parts, depth, start = [], 0, 0
    for match in _MARK.finditer(data):
        mark = match.group()
        if mark == b"BI":
            return []
        if mark == b"EMC":
            depth = max(0, depth - 1)
            if depth == 0:
                start = match.end()
        else:
            if depth == 0:
                parts.append((start, match.start()))
            depth += 1
    if depth == 0:
        parts.append((start, len(data)))
    return parts


def artifact_untagged(data: bytes) -> tuple[bytes, int]:
    """A page's content stream with every drawing made outside marked content (a path
    painted, an image or form drawn, text shown) wrapped in `/Artifact BMC ... EMC`.
    Returns (new content, drawings wrapped). Content with inline images is left as it is."""
    spans: list[tuple[int, int]] = []
    for begin, end in _outside_marked_content(data):
        spans += _drawings(data, begin, end)
    if not spans:
        return data, 0
    out, last = [], 0
    for begin, end in spans:
        out += [data[last:begin], b"/Artifact BMC\n", data[begin:end], b"\nEMC"]
        last = end
    out.append(data[last:])
    return b"".join(out), len(spans)


def _drawings(data: bytes, begin: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each drawing between `begin` and `end`, with its operands."""
    spans: list[tuple[int, int]] = []
    depth = 0
    after = begin  # end of the operator before: this operator's operands start here
    path_at: int | None = None  # where the path being built started
    for match in _TOKEN.finditer(data, begin, end):
        token = match.group()
        if token[:1] in b"(</%" or token in _NOT_OPERATOR:
            continue
        start = after
        while start < match.start() and data[start:start + 1].isspace():
            start += 1
        after = match.end()
        if token in (b"BDC", b"BMC"):
            depth += 1
        elif token == b"EMC":
            depth = max(0, depth - 1)
        elif token in _PATH:
            if path_at is None:
                path_at = start
        elif token in _PAINT_PATH:
            if depth == 0 and path_at is not None:
                spans.append((path_at, match.end()))
            path_at = None
        elif token == b"n":
            path_at = None
        elif token in _PAINT and depth == 0:
            spans.append((start, match.end()))
    return spans


def mark_untagged(writer) -> int:
    """mark_untagged over every content stream of every page; returns drawings wrapped."""
    total = 0
    for page in writer.pages:
        contents = page.get("/Contents")
        if contents is None:
            continue
        contents = contents.get_object()
        for ref in contents if isinstance(contents, list) else [contents]:
            stream = ref.get_object()
            data, count = artifact_untagged(stream.get_data())
            if count:
                stream.set_data(data)
                total += count
    return total


def finish(writer, *, title: str, lang: str, author: str, commit: str | None, leaflet: str,
           pages_by_name: dict[str, int] | None = None) -> None:
    """Add the PDF/UA properties to a pypdf PdfWriter in place."""
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, StreamObject, TextStringObject

    mark_untagged(writer)
    root = writer._root_object
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = writer._add_object(prefs) if "/ViewerPreferences" not in root else prefs
    root[NameObject("/Lang")] = TextStringObject(lang)
    keywords = f"leaflet {leaflet}" + (f"; build commit {commit}" if commit else "")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    stream = StreamObject()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    stream.set_data(xmp_packet(title, lang, author, keywords, now))
    root[NameObject("/Metadata")] = writer._add_object(stream)
    info = {"/Title": title, "/Author": author, "/Keywords": keywords}
    if commit:
        info["/HandbookCommit"] = commit
    writer.add_metadata(info)
    pages_by_name = pages_by_name or {}
    for page in writer.pages:
        annots = page.get("/Annots")
        if not annots:
            continue
        runs = None
        for ref in annots:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link" or annot.get("/Contents"):
                continue
            if runs is None:
                runs = text_runs(page)
            action = annot.get("/A")
            uri = str(action.get_object().get("/URI")) if action is not None and action.get_object().get("/URI") else None
            dest = annot.get("/Dest")
            target = pages_by_name.get(str(dest).lstrip("/")) if dest is not None else None
            text = link_description(words_in(runs, annot["/Rect"]), uri, target)
            annot[NameObject("/Contents")] = TextStringObject(text)

"""PDF/UA-1 properties Chromium's tagged PDF lacks, added with pypdf after printing.

Chromium (page.pdf(tagged=True)) already writes a structure tree, /MarkInfo /Marked true,
/Lang and tagged table headers (TH). This module adds what it does not:

- /ViewerPreferences /DisplayDocTitle true (viewers show the title, not the file name);
- XMP metadata with dc:title, dc:language and the PDF/UA identifier pdfuaid:part 1;
- /Contents (a text alternative) on every link annotation: the words under the link, or
  "Go to page N" / the address when there are none;
- the build's git commit in the document information (never printed on paper).

Header, footer and blank-page text are made artifacts by scripts/pdf_pages.py (stamp).
"""

from __future__ import annotations

import datetime as dt
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


def finish(writer, *, title: str, lang: str, author: str, commit: str | None, leaflet: str,
           pages_by_name: dict[str, int] | None = None) -> None:
    """Add the PDF/UA properties to a pypdf PdfWriter in place."""
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, StreamObject, TextStringObject

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

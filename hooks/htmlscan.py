"""Small, fast HTML scanning shared by the checking hooks.

Not a hook itself (it has no MkDocs events): a standard-library parser that collects the
ids a page offers and the links it makes, each with its line in the built HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Attributes that point somewhere, per tag. Everything else is ignored.
LINK_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}


@dataclass(frozen=True)
class Link:
    tag: str
    attr: str
    url: str
    line: int
    section: str | None  # id of the enclosing print-site section, on the print page


@dataclass
class Scan:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._section: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.scan.ids.add(values[key])
        if tag == "section" and "print-page" in (values.get("class") or "").split():
            self._section = values.get("id") or self._section
        for attr in LINK_ATTRS.get(tag, ()):
            url = values.get(attr)
            if url is not None:
                line, _ = self.getpos()
                self.scan.links.append(Link(tag, attr, url.strip(), line, self._section))

    handle_startendtag = handle_starttag


def scan_html(html: str) -> Scan:
    """Return the ids and links of an HTML document."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.scan

"""Small, fast HTML scanning shared by the checking hooks.

Not a hook itself (it has no MkDocs events): collects the ids a page offers and the links it
makes, each with its line in the built HTML, from the build's one HTML parser
(hooks/sec_html.py, Lexbor), so it sees exactly the elements a browser builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sec_html

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
    "base": ("href",),
    "input": ("src", "formaction"),
    "button": ("formaction",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "track": ("src",),
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


def scan_html(html: str) -> Scan:
    """Return the ids and links of an HTML document."""
    scan = Scan()
    section: str | None = None
    for element in sec_html.elements(html):
        if element.in_template:
            continue
        tag, values = element.tag, dict(element.attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                scan.ids.add(values[key])
        if tag == "section" and "print-page" in (values.get("class") or "").split():
            section = values.get("id") or section
        for attr in LINK_ATTRS.get(tag, ()):
            url = values.get(attr)
            if url is not None:
                scan.links.append(Link(tag, attr, url.strip(), element.line, section))
    return scan

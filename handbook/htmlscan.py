"""The ids a built page offers and the links it makes, each with its line in the built HTML.

Used by the link gate (steps/check_links.py, `python -m handbook check`) and by
scripts/linkcheck_external.py. Parsed with the project's one HTML parser (handbook.html).
"""

from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field

from handbook import html as parser
from handbook.selectors import PRINT_SECTION

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
    # Also followed by a browser (security review, issue 11): a <base> moves every relative
    # link, form buttons submit elsewhere, SVG <image>/<use> and <track> load files.
    "base": ("href",),
    "input": ("src", "formaction"),
    "button": ("formaction",),
    "image": ("href",),
    "use": ("href",),
    "track": ("src",),
}
_SELECTOR = ", ".join(f"{tag}[{attr}]" for tag, attrs in LINK_ATTRS.items() for attr in attrs)


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


def _section(node) -> str | None:
    parent = node.parent
    while parent is not None:
        if parent.tag == "section" and parent.css_matches(PRINT_SECTION):
            return parent.attributes.get("id")
        parent = parent.parent
    return None


def scan_html(html: str) -> Scan:
    """Return the ids and links of an HTML document."""
    tree = parser.document(html)
    scan = Scan()
    for node in tree.css("[id]"):
        if node.attributes.get("id"):
            scan.ids.add(node.attributes["id"])
    for node in tree.css("a[name]"):
        if node.attributes.get("name"):
            scan.ids.add(node.attributes["name"])
    cursor = 0
    in_print_page = "print-page" in html
    for node in tree.css(_SELECTOR):
        for attr in LINK_ATTRS.get(node.tag, ()):
            url = node.attributes.get(attr)
            if url is None:
                continue
            line, cursor = _locate(html, attr, url, cursor)
            section = _section(node) if in_print_page else None
            scan.links.append(Link(node.tag, attr, url.strip(), line, section))
    return scan


def _locate(html: str, attr: str, url: str, cursor: int) -> tuple[int, int]:
    """Line of the attribute in the source, searching on from the previous link's position."""
    for value in dict.fromkeys((url, htmllib.escape(url, quote=True), htmllib.escape(url, quote=False))):
        for needle in (f'{attr}="{value}"', f"{attr}='{value}'", f"{attr}={value}"):
            at = html.find(needle, cursor)
            if at == -1:
                at = html.find(needle)
            if at != -1:
                return html.count("\n", 0, at) + 1, at + len(needle)
    return 0, cursor

"""The one HTML parser of the project: Lexbor (through selectolax), a WHATWG HTML5 parser.

Every step, gate and script that reads or rewrites HTML goes through this module, so all of
them see a page exactly as a browser builds it: `<!-->` ends a comment at its `>`, a
`title="a > b"` attribute is one attribute, a `<section>` inside a `<section>` nests, a
`<table>` inside a table cell stays inside it. (The standard library's `html.parser` and
regular expressions get each of these wrong.)

- `document(html)` parses a whole page; `fragment(html)` parses page content (the HTML
  MkDocs passes to `on_page_content`) in a `<body>` context, and `Fragment.html` serialises it.
- `text(node)` is an element's text with white space collapsed, as the gates compare it.
- `line_of(source, needle)` finds the line of a construct in the text it came from (the
  parser does not report source positions).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

Node = LexborNode
_SPACE = re.compile(r"\s+")


def document(html: str) -> LexborHTMLParser:
    """A whole HTML document, parsed as a browser would."""
    return LexborHTMLParser(html)


def fragment(html: str) -> LexborHTMLParser:
    """Page content (a `<body>` fragment), parsed as a browser would; `.html` serialises it."""
    return LexborHTMLParser(html, is_fragment=True)


def parse_node(html: str) -> LexborNode | None:
    """The first element of a snippet of markup, ready to insert into another tree."""
    parsed = fragment(html)
    for node in parsed.root.iter(include_text=False) if parsed.root else ():
        return node
    return parsed.root


def nodes(html: str) -> list[LexborNode]:
    """Top-level nodes (elements and text) of a snippet of markup, to insert elsewhere."""
    parsed = fragment(html)
    return list(parsed.root.iter(include_text=True)) if parsed.root else []


def text(node: LexborNode | None, separator: str = " ") -> str:
    """The element's text, white space collapsed (as the gates compare it)."""
    if node is None:
        return ""
    return _SPACE.sub(" ", node.text(deep=True, separator=separator)).strip()


def classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").split()


def add_class(node: LexborNode, name: str) -> None:
    if name not in classes(node):
        node.attrs["class"] = " ".join([*classes(node), name])


def line_of(source: str, needle: str, start: int = 0) -> int | None:
    """1-based line of the first `needle` in `source` at or after offset `start`, or None."""
    at = source.find(needle, start)
    return None if at == -1 else source.count("\n", 0, at) + 1

"""The one HTML parser of the build: Lexbor (selectolax), a WHATWG HTML5 parser.

Not a hook (no MkDocs events). Every check that reads HTML -- content safety, the CSP,
links, notices, safe messaging -- goes through here, so the build sees exactly the elements
a browser would build: `<!-->` and `<![CDATA[` end at the first `>` as in a browser, raw-text
elements swallow what follows them, and `<template>` content is an inert fragment (walked
too, so nothing hides in it).

Lexbor does not report source positions. `elements()` gives each element the line of its
start tag by finding `<tag` in the source from where the previous element was found, in
document order; elements the parser implies (html, head, body, tbody) get the current line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Text that a reader never sees but that can split a word: soft hyphen, zero-width
#: space/joiners, word joiner, BOM, and the other default-ignorable format characters.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
#: Elements that start a new block of text (a word never runs across them).
BLOCKS = frozenset(
    "address article aside blockquote br dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul "
    "caption tbody thead tfoot".split()
)
#: Elements whose text is not shown as page text.
NOT_TEXT = frozenset({"script", "style", "template", "noscript", "-comment"})


@dataclass
class Element:
    tag: str                                   # lower-case name as the parser gives it
    attrs: list[tuple[str, str]] = field(default_factory=list)
    line: int = 1                              # line of its start tag in the source (1-based)
    text: str = ""                             # its own text (scripts and styles: the code)
    in_template: bool = False                  # inside <template> content (inert)
    node: LexborNode | None = None

    def get(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return default


def parse(html: str) -> LexborHTMLParser:
    """Parse a whole document (or a fragment, which lands in <body>) as a browser does."""
    return LexborHTMLParser(html)


class _Lines:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.cursor = 0

    def line_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def find_tag(self, tag: str) -> int:
        if tag.startswith("-") or not tag:
            return self.line_at(self.cursor)
        match = re.compile(r"<" + re.escape(tag) + r"[\s/>]", re.I).search(self.text, self.cursor)
        if match is None:
            return self.line_at(self.cursor)
        self.cursor = match.start() + 1
        return self.line_at(match.start())


def _walk(node: LexborNode, lines: _Lines, in_template: bool) -> Iterator[Element]:
    for child in node.iter(include_text=False):
        tag = (child.tag or "").lower()
        if tag == "-comment":
            continue
        attrs = [(str(k).lower(), "" if v is None else str(v)) for k, v in (child.attributes or {}).items()]
        line = lines.find_tag(tag)
        text = child.text(deep=False) if tag in ("script", "style", "svg:script") else ""
        yield Element(tag, attrs, line, text, in_template, child)
        if tag == "template":
            for fragment in _template_fragments(child):
                yield from _walk(fragment, lines, True)
        yield from _walk(child, lines, in_template)


def _template_fragments(node: LexborNode) -> list[LexborNode]:
    try:
        fragments = node.template_fragments
        fragments = fragments() if callable(fragments) else fragments
        return [f for f in fragments if f is not None]
    except Exception:  # noqa: BLE001 - older selectolax without template support
        return []


def elements(html: str) -> Iterator[Element]:
    """Every element of `html` in document order (template content included), with lines."""
    tree = parse(html)
    lines = _Lines(html)
    root = tree.root
    if root is None:
        return
    html_el = Element("html", [(str(k).lower(), str(v or "")) for k, v in (root.attributes or {}).items()], 1, "", False, root)
    yield html_el
    yield from _walk(root, lines, False)


def visible_text(html: str) -> str:
    """The text a reader sees, roughly: tags dropped, entities decoded, invisible characters
    removed, blocks separated by newlines (so words never join across blocks)."""
    tree = parse(html)
    out: list[str] = []

    def walk(node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = (child.tag or "").lower()
            if tag == "-text":
                out.append(child.text(deep=False) or "")
                continue
            if tag in NOT_TEXT:
                continue
            if tag in BLOCKS:
                out.append("\n")
            walk(child)
            if tag in BLOCKS:
                out.append("\n")

    if tree.body is not None:
        walk(tree.body)
    return INVISIBLE.sub("", "".join(out))


SENTINEL_ID = "hb-balance-sentinel-7f3a"


def unclosed_problem(fragment: str) -> str | None:
    """Why `fragment` (a page's content) does not close everything it opens, or None.

    The fragment is parsed as a browser would, followed by a marker element. If the marker
    does not end up as the last child of <body> -- because an element was left open
    (<div hidden>, <details>, <template>, <textarea>, a comment, a table that fosters
    it...) -- whatever the theme puts after the content (the disclaimer and crisis box)
    would be swallowed or hidden the same way."""
    tree = parse(fragment + f'\n<p id="{SENTINEL_ID}">x</p>')
    body = tree.body
    marker = tree.css_first(f"#{SENTINEL_ID}")
    if marker is None or body is None:
        return "it leaves an element open that swallows what follows it as text (a comment, <textarea>, <title>, <xmp>, <plaintext>, <noscript>, ...)"
    parent = marker.parent
    if parent is None or (parent.tag or "").lower() != "body":
        chain, node = [], parent
        while node is not None and (node.tag or "").lower() not in ("body", "html"):
            label = (node.tag or "").lower()
            attrs = node.attributes or {}
            if attrs.get("id"):
                label += f' id="{attrs["id"]}"'
            elif attrs.get("class"):
                label += f' class="{attrs["class"]}"'
            chain.append(f"<{label}>")
            node = node.parent
        return "it leaves " + (", ".join(reversed(chain)) or "an element") + " open at its end"
    last = body.last_child
    while last is not None and (last.tag or "") == "-text" and not (last.text(deep=False) or "").strip():
        last = last.prev
    if last is None or (last.attributes or {}).get("id") != SENTINEL_ID:
        return "it leaves an element open (a <table>, <select> or similar) that moves what follows it"
    return None

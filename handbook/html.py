"""The one HTML parser of the project: Lexbor (through selectolax), a WHATWG HTML5 parser.

Every step, gate and script that reads or rewrites HTML goes through this module, so all of
them see a page exactly as a browser builds it: `<!-->` ends a comment at its `>`, a
`title="a > b"` attribute is one attribute, a `<section>` inside a `<section>` nests, a
`<table>` inside a table cell stays inside it. (The standard library's `html.parser` and
regular expressions get each of these wrong.)

- `document(html)` parses a whole page; `fragment(html)` parses page content (the HTML
  MkDocs passes to `on_page_content`) in a `<body>` context, and `Fragment.html` serialises it.
- `text(node)` is an element's text with white space collapsed, as the gates compare it.
- `new_element(tag, attrs, inner_html)` makes an element to insert (a `<caption>`, `<th>` or
  `<tr>` too, which a `<body>` fragment would drop), `rename(node, tag)` swaps an element for
  one of another name, `children(node, *tags)` lists its own child elements, `clear(node)`
  empties it and `comments(tree)` lists the comments of a parsed tree.
- Note: `node.css(selector)` (Lexbor) matches `node` itself too, not only what is inside it,
  and Lexbor's own `css_matches` answers for the whole subtree; `matches(node, selector)`
  and `closest(node, selector)` ask about the element itself and its ancestors.
- For the print scripts and their tests: `copy(node)` is a detached copy to change,
  `append_html(node, markup)` adds parsed markup at the end of `node`, `set_text(node, s)`
  replaces its content by text, `child_elements(node, selector)` is CSS `:scope > selector`
  (Lexbor has no `:scope`), and `get_text(node, separator, strip)` joins the text a page
  shows (not that of scripts or styles), as BeautifulSoup's `get_text` did.
- `line_of(source, needle)` finds the line of a construct in the text it came from (the
  parser does not report source positions).
- `elements(html)` yields every element in document order, `<template>` content included
  (walked too, so nothing hides in it), each with the line of its start tag: what the
  security gates judge (content safety, notice visibility, the CSP).
- `visible_text(html)` is the text a reader sees (safe messaging on rendered text), and
  `unclosed_problem(fragment)` says which element a page's content leaves open.
"""

from __future__ import annotations

import bisect
import html as _htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

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


#: Where an element must stand to be parsed as itself (a `<body>` fragment drops the others).
_CONTEXT = {
    "caption": ("<table>", "</table>"),
    "colgroup": ("<table>", "</table>"),
    "thead": ("<table>", "</table>"),
    "tbody": ("<table>", "</table>"),
    "tfoot": ("<table>", "</table>"),
    "tr": ("<table><tbody>", "</tbody></table>"),
    "td": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "th": ("<table><tbody><tr>", "</tr></tbody></table>"),
}


def new_element(tag: str, attrs: dict[str, str] | None = None, inner_html: str = "") -> LexborNode:
    """A new `<tag>` with these attributes (values escaped) and this inner HTML, ready to
    insert into another tree."""
    attributes = "".join(f' {name}="{_htmllib.escape(value, quote=True)}"' for name, value in (attrs or {}).items())
    before, after = _CONTEXT.get(tag, ("", ""))
    node = fragment(f"{before}<{tag}{attributes}>{inner_html}</{tag}>{after}").css_first(tag)
    if node is None:
        raise ValueError(f"<{tag}> cannot be made on its own")
    return node


def rename(node: LexborNode, tag: str, **attrs: str) -> LexborNode:
    """Replace `node` by a `<tag>` with its attributes (plus `attrs`) and content; the new node."""
    merged = {str(k): "" if v is None else str(v) for k, v in (node.attributes or {}).items()}
    merged.update(attrs)
    new = new_element(tag, merged, node.inner_html or "")
    node.replace_with(new)
    return new


def children(node: LexborNode, *tags: str) -> list[LexborNode]:
    """The element children of `node` (only those named `tags`, if given), in order."""
    out, child = [], node.child
    while child is not None:
        if child.is_element_node and (not tags or child.tag in tags):
            out.append(child)
        child = child.next
    return out


def clear(node: LexborNode) -> None:
    """Remove everything inside `node`."""
    for child in list(node.iter(include_text=True)):
        child.decompose()


def comments(tree: LexborHTMLParser) -> list[LexborNode]:
    """The comment nodes of a parsed tree, in document order (`.comment_content` is the text)."""
    root = tree.root
    if root is None:
        return []
    return [node for node in root.traverse(include_text=True) if node.is_comment_node]


def matches(node: LexborNode, selector: str) -> bool:
    """True if the element `node` itself matches the CSS `selector` (in its tree)."""
    return any(found.mem_id == node.mem_id for found in node.css(selector))


def closest(node: LexborNode, selector: str) -> LexborNode | None:
    """The nearest ancestor of `node` (not `node` itself) that matches `selector`, or None."""
    top = node
    while top.parent is not None and top.parent.is_element_node:
        top = top.parent
    if top is node:
        return None
    hits = {found.mem_id for found in top.css(selector)}
    parent = node.parent
    while parent is not None and parent.is_element_node:
        if parent.mem_id in hits:
            return parent
        parent = parent.parent
    return None


def child_elements(node: LexborNode, selector: str | None = None) -> list[LexborNode]:
    """The element children of `node` that match `selector` (CSS `:scope > selector`)."""
    kids = children(node)
    if selector is None:
        return kids
    hits = {found.mem_id for found in node.css(selector)}
    return [kid for kid in kids if kid.mem_id in hits]


def copy(node: LexborNode) -> LexborNode:
    """A detached copy of `node` and everything inside it, to change and insert elsewhere."""
    return node.clone()


def append_html(node: LexborNode, markup: str) -> None:
    """Parse `markup` (a `<body>` fragment) and add its nodes at the end of `node`."""
    for new in nodes(markup):
        node.insert_child(new)


def set_text(node: LexborNode, value: str) -> None:
    """Replace everything inside `node` by the text `value` (escaped when serialised)."""
    clear(node)
    node.insert_child(value)


#: Elements whose text a page does not show as text (BeautifulSoup's get_text skipped them too).
_CODE = frozenset({"script", "style", "template"})


def get_text(node: LexborNode | None, separator: str = "", strip: bool = False) -> str:
    """The text nodes inside `node` joined by `separator`, each stripped and empty ones left
    out if `strip`: BeautifulSoup's `get_text`, without the text of scripts and styles."""
    if node is None:
        return ""
    out = []
    for child in node.traverse(include_text=True):
        if not child.is_text_node or (child.parent is not None and child.parent.tag in _CODE):
            continue
        value = child.text(deep=False) or ""
        if strip:
            value = value.strip()
            if not value:
                continue
        out.append(value)
    return separator.join(out)


def line_of(source: str, needle: str, start: int = 0) -> int | None:
    """1-based line of the first `needle` in `source` at or after offset `start`, or None."""
    at = source.find(needle, start)
    return None if at == -1 else source.count("\n", 0, at) + 1


# ---- Elements with their source lines, visible text, unclosed elements (issue 11) ----

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
    except Exception:
        return []


def elements(html: str) -> Iterator[Element]:
    """Every element of `html` in document order (template content included), with lines."""
    tree = document(html)
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
    tree = document(html)
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
    tree = document(fragment + f'\n<p id="{SENTINEL_ID}">x</p>')
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

"""Plain-language text units shared by the literacy checks (not a hook: no MkDocs events).

handbook/steps/main_message.py, handbook/steps/first_use.py, handbook/steps/plain_numbers.py and
scripts/literacy_report.py read a page's Markdown the same way through this module:

- `sentences(markdown)` yields `Sentence(line, text, kind)`: the reader-visible text of
  every paragraph, list item, table cell and admonition title, split into sentences, with
  the 0-based line of the body where the sentence starts. Headings come out with
  kind "heading" so a check can skip them; code, HTML comments, snippet lines, glossary
  source lines and attribute lists never come out.
- Citations (`[@key]`), link targets, HTML tags and emphasis marks are removed, so a check
  only sees words a reader sees.
- `literacy_settings(config)` reads `extra.literacy` from mkdocs.yml: which pages are
  exempt (reference pages), which of those still have their lists judged (`lists_checked`,
  step list_length) and which checks are still `pending` (reported at INFO level,
  so they do not fail a strict build, until the content is fixed and the check switched on).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from handbook.html import line_of
from handbook.markdown_source import lines_outside_code, location

#: Pages that are lists or records, not chapters with a message (overridable in mkdocs.yml).
DEFAULT_EXEMPT = ("glossary.md", "references.md", "what-changed.md")
#: Exempt pages whose lists the list_length step still judges: they are printed in the packet.
DEFAULT_LISTS_CHECKED = ("glossary.md", "references.md")

_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_SKIP_LINE_RE = re.compile(
    r"^\s*(?:--8<--|\*\[[^\]]+\]:|\{[:.#][^}]*\}\s*$|<!--.*-->\s*$|\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$)"
)
_ADMONITION_RE = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*(?:\s+"(?P<title>[^"]*)")?\s*$')
_TAB_RE = re.compile(r'^\s*===\+?\s+"(?P<title>[^"]*)"\s*$')
#: A content tab's first line (pymdownx.tabbed): `=== "Title"`; `===+` opens it by default and
#: `===!` starts a new set of tabs.
_TAB_MARKER_RE = re.compile(r'^(?P<indent>\s*)===(?P<flags>[!+]*)\s+"[^"]*"\s*$')
_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_TABLE_RE = re.compile(r"^\s*\|")
_DEF_RE = re.compile(r"^\s*:\s{2,}")
_CITATION_RE = re.compile(r"\s*\[@[^\]\n]*\]")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK_RE = re.compile(r"<(https?://[^>\s]+)>")
_TAG_RE = re.compile(r"</?[A-Za-z][^>\n]*>")
_COMMENT_RE = re.compile(r"<!--.*?-->")
_ATTR_RE = re.compile(r"\{\s*[:.#][^}]*\}")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|(?<!\w)_)")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
#: A full stop that ends an abbreviation, not a sentence ("54 vs. 39 in 100", "e.g. 5").
_ABBREVIATION_END_RE = re.compile(r"(?:^|[\s(])(?:vs|e\.g|i\.e|Dr|Mr|Mrs|Ms|St|approx|cf)\.$", re.I)


@dataclass(frozen=True)
class Sentence:
    line: int  # 0-based line index in the Markdown body
    text: str
    kind: str  # "text", "heading", "table", "title"


def clean(text: str) -> str:
    """The words a reader sees in one line of Markdown."""
    text = _COMMENT_RE.sub("", text)
    text = _CITATION_RE.sub("", text)
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    text = _ATTR_RE.sub("", text)
    text = _EMPHASIS_RE.sub("", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def split_sentences(text: str) -> list[tuple[int, str]]:
    """`(offset, sentence)` pairs; a newline inside `text` never ends a sentence by itself."""
    out, start = [], 0
    for match in _SENTENCE_END_RE.finditer(text):
        if _ABBREVIATION_END_RE.search(text[start : match.start()].rstrip("\"')]")):
            continue
        piece = text[start : match.start()].strip()
        if piece:
            out.append((start + len(text[start:]) - len(text[start:].lstrip()), piece))
        start = match.end()
    piece = text[start:].strip()
    if piece:
        out.append((start + len(text[start:]) - len(text[start:].lstrip()), piece))
    return out


def sentences(markdown: str) -> Iterator[Sentence]:
    """Every sentence a reader sees, in page order, with the body line it starts on."""
    block: list[tuple[int, str]] = []
    in_comment = False

    def flush() -> Iterator[Sentence]:
        if not block:
            return
        first = block[0][0]
        joined = "\n".join(text for _, text in block)
        for offset, piece in split_sentences(joined):
            yield Sentence(first + joined.count("\n", 0, offset), piece.replace("\n", " "), "text")
        block.clear()

    for index, line in lines_outside_code(markdown):
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            in_comment = True
            yield from flush()
            continue
        if not line.strip() or _SKIP_LINE_RE.match(line):
            yield from flush()
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            yield from flush()
            yield Sentence(index, clean(heading.group("text")), "heading")
            continue
        title = _ADMONITION_RE.match(line) or _TAB_RE.match(line)
        if title:
            yield from flush()
            if title.group("title"):
                yield Sentence(index, clean(title.group("title")), "title")
            continue
        if _TABLE_RE.match(line):
            yield from flush()
            for cell in line.strip().strip("|").split("|"):
                for _, piece in split_sentences(clean(cell)):
                    yield Sentence(index, piece, "table")
            continue
        if _LIST_RE.match(line) or _DEF_RE.match(line):
            yield from flush()
            line = _DEF_RE.sub("", _LIST_RE.sub("", line, count=1), count=1)
        text = clean(line)
        if text:
            block.append((index, text))
        else:
            yield from flush()
    yield from flush()


def literacy_settings(config) -> dict:
    """`extra.literacy` from mkdocs.yml with defaults: {"exempt": [...], "pending": [...]}."""
    extra = (config.get("extra") if hasattr(config, "get") else None) or {}
    settings = extra.get("literacy") or {}
    return {
        "exempt": list(settings.get("exempt", DEFAULT_EXEMPT)),
        "pending": list(settings.get("pending", [])),
        "lists_checked": list(settings.get("lists_checked", DEFAULT_LISTS_CHECKED)),
    }


def report(log, check: str, config, message: str) -> None:
    """Warn (fails a strict build), or INFO while `check` is listed in extra.literacy.pending."""
    if check in literacy_settings(config)["pending"]:
        log.info(f"{message} (check '{check}' is pending in mkdocs.yml extra.literacy)")
    else:
        log.warning(message)


def report_on_page(log, check: str, page, config, found) -> None:
    """Report each `(text to find, message)` of a rendered-page check, with the page and, where the
    text is in the page's Markdown, its line (words from data files have no line of their own)."""
    source = page.file.content_string or ""
    for needle, message in found:
        line = line_of(source, needle[:40]) if needle else None
        report(log, check, config, f"{location(page, config, line)}: {message}")


def closed_tab_lines(markdown: str) -> frozenset[int]:
    """Line indexes of the content tabs a screen shows closed: in each set of tabs, every tab but
    the open one (the one marked `===+`, else the first), its title line included. Paper prints
    every tab, so these lines are read there, but a reader on screen meets them only by choosing
    the tab. A tab runs from its title line to the next line that is not blank and is not
    indented more than the title; the next title right after it is in the same set, unless it
    is marked `===!`."""
    lines = markdown.split("\n")
    tabs: list[tuple[int, int, bool, bool]] = []  # (first line, end line, opened, starts a set)
    index = 0
    while index < len(lines):
        marker = _TAB_MARKER_RE.match(lines[index])
        if not marker:
            index += 1
            continue
        indent = len(marker.group("indent").expandtabs(4))
        end = index + 1
        while end < len(lines):
            line = lines[end]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            end += 1
        starts = not tabs or tabs[-1][1] != index or "!" in marker.group("flags")
        tabs.append((index, end, "+" in marker.group("flags"), starts))
        index = end
    closed: set[int] = set()
    sets: list[list[tuple[int, int, bool, bool]]] = []
    for tab in tabs:
        if tab[3]:
            sets.append([])
        sets[-1].append(tab)
    for group in sets:
        opened = next((tab for tab in group if tab[2]), group[0])
        for tab in group:
            if tab is not opened:
                closed.update(range(tab[0], tab[1]))
    return frozenset(closed)

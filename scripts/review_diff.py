#!/usr/bin/env python3
"""What changed for readers between two versions of the handbook: `make review-diff BASE=<ref>`.

For the clinician who approves a pull request. It builds the base and this branch with the
project's own build command (`python -m mkdocs build --strict`; the base in a temporary
`git worktree`), reads what readers see in each built page, and writes a Markdown report
(`site/review-diff.md`, also printed; in CI, the job summary). Sections, in this order, each
shown only when it has something in it:

1. Safety text: the disclaimer, the crisis help (box, header line and in-text box), and the
   "Do not use" and "Get help right away" boxes, old -> new. A change shared by many pages
   (the theme's safety notice) is listed once, with the pages it is on.
2. Pages added, removed or moved (a removed and an added page with mostly the same text).
3. Reading grade (Flesch-Kincaid, SMOG; scripts/readability.py) and words, before -> after,
   for each page whose text changed.
4. Every sentence whose numbers changed (digits, "N in 100", doses, durations), old -> new,
   with the citations attached to each side.
5. Sentences with a number that lost their citation.
6. References (data/references.yml) added, removed or changed, with their status (verified /
   not yet fully checked), and sentences whose citation now points to a different source.
7. Review dates (last_reviewed, next_review, reviewer) that changed, and pages whose own
   file and text changed while last_reviewed did not.
8. PDF page counts before -> after, when PDFs were made (`make pdf` ran: `site/pdf` exists).
9. The word-level text diff of each changed page, collapsed per page.

With no change for readers the report says "No changes for readers."

What readers see: each page's main content (Material's `article.md-content__inner`) without
the theme's chrome (navigation, header, footer, the review line, page tools; the same list as
scripts/readability.py). Safety text and the reference list are taken out of the text before
comparing, so a change to them is listed once, in its own section. Citation numbers are read back to their keys from
the links the build writes (`references/#ref-<key>`). HTML is parsed by the project's one
parser (handbook/html.py), through `parse_html`.

    python scripts/review_diff.py --base main                 # this checkout vs main
    python scripts/review_diff.py --base HEAD~1 --out site/review-diff.md
    python scripts/review_diff.py --base v1 --head v2         # two commits

The functions that compute sections are pure (tests/test_review_diff.py calls them on small
inputs); `main` only runs git and the builds.
"""

from __future__ import annotations

import argparse
import difflib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from mkdocs.utils.meta import get_data

from handbook import html as parser

sys.path.insert(0, str(Path(__file__).resolve().parent))
import readability

ROOT = Path(__file__).resolve().parents[1]
REFERENCES_FILE = "data/references.yml"
NO_CHANGES = "No changes for readers."
REVIEW_KEYS = ("last_reviewed", "next_review", "reviewer")
# Boxes whose title starts with one of these are safety text (notes/CONVENTIONS.md).
SAFETY_BOX_TITLES = ("Do not use", "Get help right away")
STATUS_WORDS = {"verified": "verified", "secondary": "not yet fully checked"}
RENAME_SIMILARITY = 0.6   # a removed and an added page this alike are one moved page
SENTENCE_SIMILARITY = 0.5  # an old and a new sentence this alike are one edited sentence
# Chrome that is not the page's own text (scripts/readability.py's list, keeping citations,
# which are read as keys here) and the safety text, which is compared on its own.
# The reference list (references.md) is left out too: data/references.yml is compared entry by
# entry in its own section.
CHROME = tuple(s for s in readability.REMOVE if s != "sup.hb-cite") + (".hb-announce", ".hb-references")
_CITE_OPEN, _CITE_CLOSE = "\ue000", "\ue001"  # private-use marks around citation keys in text


# ---- Reading built HTML (the one function that parses it) ----------------------------------


def parse_html(text: str) -> parser.Node:
    """Parse a built page (handbook/html.py, the project's one parser); the document's root."""
    return parser.document(text).root


@dataclass(frozen=True)
class SafetyItem:
    kind: str   # "Crisis help box", "Disclaimer", "Do not use box", ...
    label: str  # the box's title, or the kind again
    text: str


@dataclass(frozen=True)
class Sentence:
    text: str              # readers' text, citation numbers taken out
    keys: tuple[str, ...]  # citation keys attached to it
    block: int             # index of its block (paragraph, list item, cell) in the page


@dataclass
class PageText:
    blocks: list[str]                  # readers' text blocks, citation numbers taken out
    block_keys: list[tuple[str, ...]]  # citation keys in each block
    sentences: list[Sentence]
    safety: list[SafetyItem]


@dataclass
class Page:
    src: str    # path under docs/: risks.md
    url: str    # risks/
    title: str
    meta: dict  # front matter
    body: str   # Markdown source without front matter
    html: str
    text: PageText


@dataclass
class Side:
    """One built version of the handbook."""

    name: str                      # "base a1b2c3d"
    pages: dict[str, Page]         # by src
    refs: dict = field(default_factory=dict)
    pdfs: dict[str, int] = field(default_factory=dict)  # PDF file name -> page count
    note: str = ""                 # e.g. "did not build strictly"


def _words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _tidy(text: str) -> str:
    """Words of a text as one line, without the space `get_text(" ")` leaves before punctuation."""
    return re.sub(r"\s+([.,;:!?)])", r"\1", _words(text))


def _text(node: parser.Node | None) -> str:
    return node.text(deep=True, separator=" ") if node is not None else ""


def _title_of(box: parser.Node) -> str:
    title = box.css_first(".admonition-title") or box.css_first("summary")
    return _words(_text(title))


def _inside(node: parser.Node, ids: tuple[str, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if (parent.attributes or {}).get("id") in ids:
            return True
        parent = parent.parent
    return False


def safety_items(root: parser.Node) -> list[SafetyItem]:
    """The safety text on a page, in page order (call before `readers_text` removes it)."""
    items: list[SafetyItem] = []
    announce = root.css_first(".hb-announce")
    if announce:
        items.append(SafetyItem("Crisis numbers at the top of every page", "", _tidy(_text(announce))))
    for selector, kind in (("#crisis-help", "Crisis help box"), ("#disclaimer", "Disclaimer")):
        node = root.css_first(selector)
        if node:
            items.append(SafetyItem(kind, _title_of(node), _tidy(_text(node))))
    article = root.css_first("article.md-content__inner") or root
    for node in article.css(".hb-crisis-inline, .admonition, details"):
        # (Lexbor's node.css() matches the node itself too: only a box *around* one counts.)
        inner = [found for found in node.css(".hb-crisis-inline") if found.mem_id != node.mem_id]
        if inner or _inside(node, ("crisis-help", "disclaimer")):
            continue
        if "hb-crisis-inline" in parser.classes(node):
            items.append(SafetyItem("Crisis help in the text", "", _tidy(_text(node))))
            continue
        title = _title_of(node)
        for prefix in SAFETY_BOX_TITLES:
            if title.casefold().startswith(prefix.casefold()):
                items.append(SafetyItem(f'"{prefix}" box', title, _cited_text(node)))
    return items


def _cited_text(node: parser.Node) -> str:
    """Text of a node with citation numbers shown as their keys: `... [@key]`."""
    copy = parser.fragment(node.html or "").root
    if copy is None:
        return ""
    _mark_citations(copy)
    text = _words(_text(copy))
    text = re.sub(f"{_CITE_OPEN}([^{_CITE_CLOSE}]*){_CITE_CLOSE}",
                  lambda m: "[" + "; ".join("@" + k for k in m.group(1).split(",") if k) + "]", text)
    return re.sub(r"\s+([.,;:!?])", r"\1", text)


def _mark_citations(root: parser.Node) -> None:
    """Replace each citation (`sup.hb-cite`) with its keys between private-use marks."""
    for sup in root.css("sup.hb-cite"):
        keys = []
        for link in sup.css("a[href]"):
            fragment = unquote(urlsplit(link.attributes.get("href") or "").fragment)
            if fragment.startswith("ref-"):
                keys.append(fragment[len("ref-"):])
        sup.replace_with(f" {_CITE_OPEN}{','.join(keys)}{_CITE_CLOSE}")


def readers_text(html_text: str) -> PageText:
    """What readers see in a page's main content: blocks, sentences with their citations,
    and the safety text (kept apart)."""
    root = parse_html(html_text)
    safety = safety_items(root)
    main = root.css_first("article.md-content__inner") or root.css_first(".md-content") or root.css_first("body") or root
    for box in main.css(".admonition, details"):
        if any(_title_of(box).casefold().startswith(p.casefold()) for p in SAFETY_BOX_TITLES):
            box.remove()
    readability.remove(main, CHROME)
    _mark_citations(main)
    raw: list[str] = []
    readability.collect_blocks(main, raw)  # one way to split a page into blocks (scripts/readability.py)
    blocks, block_keys, sentences = [], [], []
    for chunk in raw:
        text = _words(chunk)
        if not any(ch.isalnum() for ch in text.replace(_CITE_OPEN, "").replace(_CITE_CLOSE, "")):
            continue
        index = len(blocks)
        split = split_sentences(text)
        blocks.append(" ".join(s for s, _ in split))
        block_keys.append(tuple(dict.fromkeys(k for _, keys in split for k in keys)))
        sentences.extend(Sentence(s, keys, index) for s, keys in split if s)
    return PageText(blocks, block_keys, sentences, safety)


_SENTENCE_END_RE = re.compile(r"[.!?][\"”’')\]]*(\s+)(?=[\"“‘(]?[A-Z0-9\ue000])")
_MARK_RE = re.compile(f"\\s*{_CITE_OPEN}([^{_CITE_CLOSE}]*){_CITE_CLOSE}")


def split_sentences(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """`(sentence, citation keys)` for each sentence of a block. A citation written after the
    full stop belongs to the sentence before it."""
    parts, start = [], 0
    for match in _SENTENCE_END_RE.finditer(text):
        parts.append(text[start:match.start(1)])
        start = match.end(1)
    parts = [p for p in parts + [text[start:]] if p.strip()]
    merged: list[str] = []
    for part in parts:
        part = part.strip()
        if part.startswith(_CITE_OPEN) and merged:
            lead = re.match(f"^(?:{_CITE_OPEN}[^{_CITE_CLOSE}]*{_CITE_CLOSE}\\s*)+", part)
            merged[-1] += " " + lead.group(0).strip()
            part = part[lead.end():].strip()
            if not part:
                continue
        merged.append(part)
    result = []
    for part in merged:
        keys = tuple(dict.fromkeys(k for m in _MARK_RE.finditer(part) for k in m.group(1).split(",") if k))
        clean = re.sub(r"\s+([.,;:!?])", r"\1", _words(_MARK_RE.sub("", part)))
        result.append((clean, keys))
    return result


# ---- Numbers -------------------------------------------------------------------------------

_WORD_NUMBERS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                 r"thirty|forty|fifty|hundred|a\s+hundred|thousand|a\s+thousand|half|a\s+half")
_UNITS = (r"%|percent|per\s+cent|mg\s*/\s*kg|mg|milligrams?|micrograms?|mcg|ml|mmHg|seconds?|minutes?|"
          r"hours?|days?|weeks?|months?|years?|times?|doses?|sessions?|treatments?|infusions?")
_FREQ = rf"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:\d[\d,]*|{_WORD_NUMBERS})\b"
_NUMBER_RE = re.compile(
    rf"(?<![\w.])\d+(?:[.,]\d+)*(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)*)?"
    rf"(?:{_FREQ}|\s*(?:{_UNITS})(?![a-z]))?"
    rf"|\b(?:{_WORD_NUMBERS})(?:\s*(?:-|–|to|or)\s*(?:{_WORD_NUMBERS}))?(?:{_FREQ}|\s+(?:{_UNITS})\b)",
    re.I,
)


def numbers(sentence: str) -> list[str]:
    """The numbers a sentence gives, with their unit or "in N": `['55 in 100', '3 weeks']`."""
    return [" ".join(m.group(0).lower().split()) for m in _NUMBER_RE.finditer(sentence)]


# ---- Comparing ----------------------------------------------------------------------------


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def pair_items(old: list[str], new: list[str], threshold: float) -> list[tuple[int | None, int | None]]:
    """Align two lists of texts: equal ones pair up; in a changed stretch, each old text pairs
    with its most similar new one (at least `threshold` alike); the rest stand alone."""
    pairs: list[tuple[int | None, int | None]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        used: set[int] = set()
        matched: dict[int, int] = {}
        for i in range(i1, i2):
            best, score = None, threshold
            for j in range(j1, j2):
                if j not in used:
                    s = similarity(old[i], new[j])
                    if s >= score:
                        best, score = j, s
            if best is not None:
                used.add(best)
                matched[i] = best
        # Keep reading order: an unmatched old text goes before the new text that follows it.
        pending = [i for i in range(i1, i2) if i not in matched]
        old_for_new = {j: i for i, j in matched.items()}
        for j in range(j1, j2):
            later = [old_for_new[k] for k in range(j, j2) if k in old_for_new]
            limit = later[0] if later else i2
            while pending and pending[0] < limit:
                pairs.append((pending.pop(0), None))
            pairs.append((old_for_new.get(j), j))
        pairs.extend((i, None) for i in pending)
    return pairs


@dataclass(frozen=True)
class PagePair:
    old: Page | None
    new: Page | None

    @property
    def name(self) -> str:
        if self.old and self.new and self.old.src != self.new.src:
            return f"{self.old.src} → {self.new.src}"
        return (self.new or self.old).src

    @property
    def text_changed(self) -> bool:
        return bool(self.old and self.new and self.old.text.blocks != self.new.text.blocks)


def pair_pages(old: dict[str, Page], new: dict[str, Page]) -> tuple[list[PagePair], list[PagePair]]:
    """`(pairs of the same page, pages moved)`: pairs include moved pages; unpaired pages are
    added or removed."""
    pairs = [PagePair(old[src], new[src]) for src in old if src in new]
    removed = [src for src in old if src not in new]
    added = [src for src in new if src not in old]
    moved = []
    for src in removed:
        candidates = [(similarity(" ".join(old[src].text.blocks), " ".join(new[a].text.blocks)), a) for a in added]
        candidates = [c for c in candidates if c[0] >= RENAME_SIMILARITY]
        if candidates:
            _, target = max(candidates)
            added.remove(target)
            moved.append(PagePair(old[src], new[target]))
    pairs += moved
    pairs += [PagePair(old[src], None) for src in removed if src not in {m.old.src for m in moved}]
    pairs += [PagePair(None, new[src]) for src in added]
    return pairs, moved


@dataclass(frozen=True)
class SafetyChange:
    kind: str
    label: str
    old: str | None
    new: str | None
    pages: tuple[str, ...]


def safety_changes(pairs: list[PagePair]) -> list[SafetyChange]:
    """Safety text that changed on pages present on both sides; one entry per distinct change."""
    found: dict[tuple, list[str]] = {}
    for pair in pairs:
        if not (pair.old and pair.new):
            continue
        old = [(i.kind, i.label, i.text) for i in pair.old.text.safety]
        new = [(i.kind, i.label, i.text) for i in pair.new.text.safety]
        olds = [f"{k}|{lab}|{t}" for k, lab, t in old]
        news = [f"{k}|{lab}|{t}" for k, lab, t in new]
        for i, j in pair_items(olds, news, 0.0 if len(olds) == len(news) else SENTENCE_SIMILARITY):
            a, b = (old[i] if i is not None else None), (new[j] if j is not None else None)
            if a == b:
                continue
            kind, label = (b or a)[0], (b or a)[1]
            key = (kind, label, a[2] if a else None, b[2] if b else None)
            found.setdefault(key, []).append(pair.name)
    return [SafetyChange(k, lab, o, n, tuple(p)) for (k, lab, o, n), p in found.items()]


@dataclass(frozen=True)
class SentenceChange:
    page: str
    old: Sentence | None
    new: Sentence | None
    old_block_keys: tuple[str, ...] = ()  # citations elsewhere in the same paragraph
    new_block_keys: tuple[str, ...] = ()


@dataclass
class SentenceReport:
    numbers: list[SentenceChange] = field(default_factory=list)
    lost_citation: list[SentenceChange] = field(default_factory=list)
    citation_changed: list[SentenceChange] = field(default_factory=list)


def sentence_changes(pairs: list[PagePair]) -> SentenceReport:
    """Numbers changed, citations lost and citations now pointing elsewhere; each sentence in
    at most one list (numbers first)."""
    report = SentenceReport()
    for pair in pairs:
        if not (pair.old and pair.new):
            continue
        old_s, new_s = pair.old.text.sentences, pair.new.text.sentences
        for i, j in pair_items([s.text for s in old_s], [s.text for s in new_s], SENTENCE_SIMILARITY):
            a = old_s[i] if i is not None else None
            b = new_s[j] if j is not None else None
            change = SentenceChange(pair.name, a, b,
                                    pair.old.text.block_keys[a.block] if a else (),
                                    pair.new.text.block_keys[b.block] if b else ())
            if numbers(a.text if a else "") != numbers(b.text if b else ""):
                report.numbers.append(change)
                continue
            if not (a and b) or set(a.keys) == set(b.keys):
                continue
            lost = set(a.keys) - set(b.keys)
            gained = set(b.keys) - set(a.keys)
            # A citation moved to another sentence of the same block is not a change.
            if lost <= set(pair.new.text.block_keys[b.block]) and gained <= set(pair.old.text.block_keys[a.block]):
                continue
            if numbers(a.text) and not b.keys and not (set(a.keys) & set(pair.new.text.block_keys[b.block])):
                report.lost_citation.append(change)
            else:
                report.citation_changed.append(change)
    return report


@dataclass(frozen=True)
class RefChange:
    key: str
    kind: str  # added, removed, changed
    old: dict | None
    new: dict | None
    fields: tuple[str, ...] = ()


REF_FIELDS = ("authors", "title", "about", "journal", "publisher", "year", "doi", "pmid", "url", "status", "note")


def reference_changes(old: dict, new: dict) -> list[RefChange]:
    changes = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None:
            changes.append(RefChange(key, "added", None, b))
        elif b is None:
            changes.append(RefChange(key, "removed", a, None))
        elif a != b:
            a_d, b_d = (a if isinstance(a, dict) else {}), (b if isinstance(b, dict) else {})
            fields = tuple(f for f in dict.fromkeys((*REF_FIELDS, *a_d, *b_d)) if a_d.get(f) != b_d.get(f))
            changes.append(RefChange(key, "changed", a, b, fields))
    return changes


@dataclass(frozen=True)
class ReviewChange:
    page: str
    key: str
    old: object
    new: object


def review_changes(pairs: list[PagePair]) -> tuple[list[ReviewChange], list[str]]:
    """`(review-date changes, pages whose file and text changed but last_reviewed did not)`."""
    changes, stale = [], []
    for pair in pairs:
        if not (pair.old and pair.new):
            continue
        for key in REVIEW_KEYS:
            a, b = pair.old.meta.get(key), pair.new.meta.get(key)
            if str(a) != str(b):
                changes.append(ReviewChange(pair.name, key, a, b))
        own_edit = pair.old.body.strip() != pair.new.body.strip()
        if own_edit and pair.text_changed and str(pair.old.meta.get("last_reviewed")) == str(pair.new.meta.get("last_reviewed")):
            stale.append(pair.name)
    return changes, stale


# ---- Writing the report --------------------------------------------------------------------


def _esc(text: object) -> str:
    """Reader-facing text made safe for a Markdown/HTML report (no markup from a branch runs)."""
    escaped = html.escape(str(text), quote=False)
    return re.sub(r"([\\`*_\[\]|#~])", r"\\\1", escaped)


def _cites(sentence: Sentence | None, refs: dict, block_keys: tuple[str, ...] = ()) -> str:
    if sentence is None:
        return ""
    if sentence.keys:
        return " — cites " + "; ".join(_ref_label(k, refs) for k in sentence.keys)
    if block_keys:
        return " — *no citation in this sentence*; its paragraph cites " + "; ".join(_ref_label(k, refs) for k in block_keys)
    return " — *no citation*"


def _ref_label(key: str, refs: dict) -> str:
    entry = refs.get(key)
    if not isinstance(entry, dict):
        return f"`{key}`"
    first = str(entry.get("authors", "")).split(",")[0].strip()
    return f"`{key}` ({_esc(first)} {_esc(entry.get('year', ''))})".replace("  ", " ")


def word_diff(old: str, new: str, escape=lambda t: html.escape(t, quote=False)) -> str:
    """`old` -> `new` word by word: removed words in <del>, added words in <ins>. `escape`
    makes the words safe where they go (HTML block by default; `_esc` in Markdown)."""
    a, b = old.split(), new.split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return " ".join(out)


def _pages_phrase(pages: tuple[str, ...], total: int) -> str:
    if total and len(pages) == total and total > 1:
        return f"on all {total} pages"
    shown = ", ".join(pages[:6]) + (f" and {len(pages) - 6} more" if len(pages) > 6 else "")
    return f"on {shown}"


def section_safety(changes: list[SafetyChange], total_pages: int) -> list[str]:
    lines = []
    for c in changes:
        title = f"{c.kind}" + (f': "{_esc(c.label)}"' if c.label and c.label not in c.kind else "")
        where = _pages_phrase(c.pages, total_pages)
        if c.old is None:
            lines.append(f"- **{title}** added {where}:\n  - new: {_esc(c.new)}")
        elif c.new is None:
            lines.append(f"- **{title}** removed {where}:\n  - was: {_esc(c.old)}")
        else:
            lines.append(f"- **{title}** changed {where}:\n  - {word_diff(c.old, c.new, _esc)}")
    return lines


def section_pages(pairs: list[PagePair]) -> list[str]:
    lines = []
    for p in pairs:
        if p.old and not p.new:
            lines.append(f"- Removed: **{_esc(p.old.title)}** (`{p.old.src}`, address `{p.old.url}`)")
        elif p.new and not p.old:
            lines.append(f"- Added: **{_esc(p.new.title)}** (`{p.new.src}`, address `{p.new.url}`)")
        elif p.old.src != p.new.src:
            title = _esc(p.new.title) if p.old.title == p.new.title else f"{_esc(p.old.title)} → {_esc(p.new.title)}"
            lines.append(f"- Moved: **{title}** `{p.old.src}` → `{p.new.src}` "
                         f"(address `{p.old.url}` → `{p.new.url}`; old links to it break)")
    return lines


def section_grades(rows: list[tuple[str, object, object]]) -> list[str]:
    """rows: (page, Score before or None, Score after or None)."""
    if not rows:
        return []
    lines = ["| Page | Flesch-Kincaid grade | SMOG | Words |", "|---|---|---|---|"]

    def arrow(a, b, fmt):
        if a is None or b is None:
            return fmt(a if b is None else b) + (" (removed)" if b is None else " (new)")
        return f"{fmt(a)} → {fmt(b)}"

    for page, a, b in rows:
        lines.append(
            f"| {_esc(page)} | {arrow(getattr(a, 'grade', None), getattr(b, 'grade', None), lambda v: f'{v:.1f}')} "
            f"| {arrow(getattr(a, 'smog', None), getattr(b, 'smog', None), lambda v: f'{v:.1f}')} "
            f"| {arrow(getattr(a, 'words', None), getattr(b, 'words', None), str)} |"
        )
    lines.append("")
    lines.append(f"Limits: Flesch-Kincaid grade {readability.MAX_GRADE:g} or lower on every chapter, "
                 f"SMOG {readability.MAX_SMOG:g} or lower (`make readability`).")
    return lines


def section_numbers(changes: list[SentenceChange], old_refs: dict, new_refs: dict) -> list[str]:
    lines = []
    for c in changes:
        if c.old is None:
            lines.append(f"- {_esc(c.page)}, new sentence:\n  - new: {_esc(c.new.text)}{_cites(c.new, new_refs, c.new_block_keys)}")
        elif c.new is None:
            lines.append(f"- {_esc(c.page)}, sentence removed:\n  - was: {_esc(c.old.text)}{_cites(c.old, old_refs, c.old_block_keys)}")
        else:
            before = ", ".join(numbers(c.old.text)) or "none"
            after = ", ".join(numbers(c.new.text)) or "none"
            lines.append(
                f"- {_esc(c.page)}: **{_esc(before)} → {_esc(after)}**\n"
                f"  - was: {_esc(c.old.text)}{_cites(c.old, old_refs, c.old_block_keys)}\n"
                f"  - now: {_esc(c.new.text)}{_cites(c.new, new_refs, c.new_block_keys)}"
            )
    return lines


def section_lost(changes: list[SentenceChange], old_refs: dict) -> list[str]:
    return [
        f"- {_esc(c.page)}: {_esc(c.new.text)}\n  - used to cite {'; '.join(_ref_label(k, old_refs) for k in c.old.keys)}"
        for c in changes
    ]


def _status(entry) -> str:
    status = entry.get("status") if isinstance(entry, dict) else None
    return STATUS_WORDS.get(status, f"status {status!r}")


def _ident(entry) -> str:
    if not isinstance(entry, dict):
        return ""
    parts = [f"DOI {entry['doi']}" for _ in [0] if entry.get("doi")]
    parts += [f"PMID {entry['pmid']}" for _ in [0] if entry.get("pmid")]
    parts += [str(entry["url"]) for _ in [0] if entry.get("url")]
    return "; ".join(_esc(p) for p in parts) or "no identifier"


def _describe(entry) -> str:
    if not isinstance(entry, dict):
        return _esc(entry)
    return (f"{_esc(entry.get('authors', ''))} ({_esc(entry.get('year', ''))}). {_esc(entry.get('title', ''))}. "
            f"{_ident(entry)}; **{_status(entry)}**")


def section_references(changes: list[RefChange], cited_on: dict[str, list[str]]) -> list[str]:
    lines = []
    for c in changes:
        if c.kind == "added":
            lines.append(f"- Added `{c.key}`: {_describe(c.new)}")
        elif c.kind == "removed":
            lines.append(f"- Removed `{c.key}`: {_describe(c.old)}")
        else:
            where = cited_on.get(c.key)
            old_ids = {(f, str(c.old.get(f))) for f in ("doi", "pmid", "url") if isinstance(c.old, dict) and c.old.get(f)}
            new_ids = {(f, str(c.new.get(f))) for f in ("doi", "pmid", "url") if isinstance(c.new, dict) and c.new.get(f)}
            if old_ids and new_ids and not old_ids & new_ids:
                flag = " — **now points to a different source**"
            elif old_ids != new_ids:
                flag = " — **its identifiers changed**: check they still lead to the same source"
            else:
                flag = ""
            head = f"- Changed `{c.key}`{flag}"
            head += f" (cited on {', '.join(where)})" if where else ""
            lines.append(head + f"; now {_status(c.new)}:")
            old = c.old if isinstance(c.old, dict) else {}
            new = c.new if isinstance(c.new, dict) else {}
            for f in c.fields:
                lines.append(f"  - {f}: {_esc(old.get(f, '—'))} → {_esc(new.get(f, '—'))}")
    return lines


def section_citation_changes(changes: list[SentenceChange], old_refs: dict, new_refs: dict) -> list[str]:
    return [
        f"- {_esc(c.page)}: {_esc(c.new.text)}\n"
        f"  - was: {'; '.join(_ref_label(k, old_refs) for k in c.old.keys) or 'no citation'}\n"
        f"  - now: {'; '.join(_ref_label(k, new_refs) for k in c.new.keys) or 'no citation'}"
        for c in changes
    ]


def section_review(changes: list[ReviewChange], stale: list[str]) -> list[str]:
    lines = [f"- {_esc(c.page)}: `{c.key}` {_esc(c.old)} → {_esc(c.new)}" for c in changes]
    if stale:
        lines += ([""] if lines else []) + ["**Text changed, but `last_reviewed` did not** (was the whole page reviewed again?):", ""]
        lines += [f"- {_esc(page)}" for page in stale]
    return lines


def section_pdfs(old: dict[str, int], new: dict[str, int]) -> list[str]:
    if not old and not new:
        return []
    lines = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a != b:
            lines.append(f"- `{name}`: {a if a is not None else 'not made'} → {b if b is not None else 'not made'} pages")
    return lines


def section_text(pairs: list[PagePair]) -> list[str]:
    out = []
    for p in pairs:
        old_blocks = p.old.text.blocks if p.old else []
        new_blocks = p.new.text.blocks if p.new else []
        if old_blocks == new_blocks:
            continue
        items = []
        for i, j in pair_items(old_blocks, new_blocks, SENTENCE_SIMILARITY):
            a = old_blocks[i] if i is not None else ""
            b = new_blocks[j] if j is not None else ""
            if a != b:
                items.append(f"<li>{word_diff(a, b)}</li>")
        out += [f"<details><summary>{html.escape(p.name, quote=False)}: {len(items)} "
                f"block{'s' if len(items) != 1 else ''} changed</summary>", "", "<ul>", *items, "</ul>",
                "</details>", ""]
    return out


def build_report(old: Side, new: Side, grades: dict[str, tuple] | None = None) -> str:
    """The whole report (Markdown). `grades`: page name -> (Score before, Score after), for
    pages whose text changed; computed by `grade_rows` when not given."""
    pairs, _moved = pair_pages(old.pages, new.pages)
    sentences = sentence_changes(pairs)
    reviews, stale = review_changes(pairs)
    cited_on: dict[str, list[str]] = {}
    for page in new.pages.values():
        in_safety = (k.strip().lstrip("@") for item in page.text.safety
                     for m in re.finditer(r"\[(@[^\]]+)\]", item.text) for k in m.group(1).split(";"))
        for key in dict.fromkeys([*(k for keys in page.text.block_keys for k in keys), *in_safety]):
            cited_on.setdefault(key, []).append(page.src)
    if grades is None:
        grades = grade_rows(pairs)
    sections = [
        ("Safety text", "Check these first: what every reader sees about crisis help and not taking advice from a "
         "handbook, and who must not use a drug.", section_safety(safety_changes(pairs), len(new.pages))),
        ("Pages added, removed or moved", "", section_pages(pairs)),
        ("Reading grade and length", "Pages whose text changed, before → after.",
         section_grades([(name, a, b) for name, (a, b) in grades.items()])),
        ("Numbers that changed", "Each sentence whose numbers changed, with the sources it cites on each side. "
         "Check each new number against its source.", section_numbers(sentences.numbers, old.refs, new.refs)),
        ("Numbers that lost their citation", "", section_lost(sentences.lost_citation, old.refs)),
        ("References", "Changes to `data/references.yml`.",
         section_references(reference_changes(old.refs, new.refs), cited_on)),
        ("Citations that now point to a different source", "Same sentence, different source.",
         section_citation_changes(sentences.citation_changed, old.refs, new.refs)),
        ("Review dates", "", section_review(reviews, stale)),
        ("PDF page count", "Pages per printed PDF, before → after.", section_pdfs(old.pdfs, new.pdfs)),
        ("Text changes", "What readers see, word by word: <del>removed</del>, <ins>added</ins>. "
         "Safety text is shown above, not here.", section_text(pairs)),
    ]
    head = ["# What changed for readers", "", f"Compared: {old.name} → {new.name}."]
    for side in (old, new):
        if side.note:
            head.append(f"\n> {side.name}: {side.note}")
    body = []
    for title, intro, lines in sections:
        if lines:
            body += ["", f"## {title}", ""] + ([intro, ""] if intro else []) + lines
    if not body:
        body = ["", NO_CHANGES]
    return "\n".join(head + body).rstrip() + "\n"


def grade_rows(pairs: list[PagePair]) -> dict[str, tuple]:
    """Reading scores before and after, for pages whose text changed (and added/removed ones)."""
    rows = {}
    for p in pairs:
        if p.old and p.new and not p.text_changed:
            continue
        a = readability.score_text(p.old.src, readability.main_text(p.old.html)) if p.old else None
        b = readability.score_text(p.new.src, readability.main_text(p.new.html)) if p.new else None
        rows[p.name] = (a, b)
    return rows


# ---- Reading a project and its built site --------------------------------------------------


def page_url(src: str) -> str:
    """The page's address as MkDocs writes it (use_directory_urls): risks.md -> risks/."""
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def load_side(name: str, project: Path, site: Path, pdf_dir: Path | None = None, note: str = "") -> Side:
    """Read a project's sources (front matter, references) and its built pages."""
    pages = {}
    docs = project / "docs"
    for path in sorted(docs.rglob("*.md")):
        src = path.relative_to(docs).as_posix()
        built = site / page_url(src) / "index.html"
        if not built.exists():
            continue  # not built (excluded by MkDocs): readers never see it
        body, meta = get_data(path.read_text(encoding="utf-8"))
        page_html = built.read_text(encoding="utf-8")
        title = str(meta.get("title") or _words(_text(parse_html(page_html).css_first("h1"))) or src)
        pages[src] = Page(src, page_url(src), title, meta, body, page_html, readers_text(page_html))
    refs = {}
    ref_file = project / REFERENCES_FILE
    if ref_file.exists():
        try:
            refs = yaml.safe_load(ref_file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            note = (note + " " if note else "") + f"{REFERENCES_FILE} could not be read ({error})."
    return Side(name, pages, refs if isinstance(refs, dict) else {}, pdf_pages(pdf_dir) if pdf_dir else {}, note)


def pdf_pages(folder: Path) -> dict[str, int]:
    """Page count of each PDF in `folder` (pypdf)."""
    from pypdf import PdfReader

    if not folder or not folder.is_dir():
        return {}
    return {p.name: len(PdfReader(p).pages) for p in sorted(folder.glob("*.pdf"))}


# ---- Git and builds (the thin part) -------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", f"safe.directory={repo}", *args], cwd=repo,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def start_build(python: str, project: Path, site: Path, strict: bool = True) -> subprocess.Popen:
    """Run the project's own build command (whatever its hooks' layout)."""
    command = [python, "-m", "mkdocs", "build", "--site-dir", str(site)] + (["--strict"] if strict else [])
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_build(process: subprocess.Popen, python: str, project: Path, site: Path) -> str:
    """Wait for a strict build; if it fails, build without --strict and say so (a note)."""
    output, _ = process.communicate()
    if process.returncode == 0:
        return ""
    warnings = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))][:3]
    retry = start_build(python, project, site, strict=False)
    retry_out, _ = retry.communicate()
    if retry.returncode != 0:
        raise RuntimeError(f"the build in {project.name} failed:\n{retry_out[-2000:]}")
    return ("did not build strictly, so this compares a build with warnings: "
            + " / ".join(_words(w) for w in warnings))


def print_pdfs(python: str, project: Path, site: Path) -> str:
    """Print a built site's PDFs with that version's own scripts/make_pdf.py; '' or a note."""
    script = project / "scripts" / "make_pdf.py"
    if not script.exists():
        return "has no scripts/make_pdf.py, so its PDFs were not made."
    done = subprocess.run([python, str(script), "--site-dir", str(site)], cwd=project,
                          capture_output=True, text=True, check=False)
    return "" if done.returncode == 0 else f"its PDFs could not be made ({_words(done.stderr)[-300:]})."


def run(repo: Path, base: str, head: str | None, python: str, pdf_dir: Path | None) -> str:
    """Build both sides and return the report. `head=None`: the checkout as it is."""
    base_commit = git(repo, "rev-parse", "--verify", f"{base}^{{commit}}")
    head_commit = git(repo, "rev-parse", "--verify", f"{head or 'HEAD'}^{{commit}}")
    try:  # compare with where this branch left the base, so later base commits do not show
        base_commit = git(repo, "merge-base", base_commit, head_commit) or base_commit
    except RuntimeError:
        pass  # no common history: compare with the base as it is
    with tempfile.TemporaryDirectory(prefix="review-diff-") as temp:
        temp = Path(temp)
        trees = {"base": temp / "base"}
        if head:
            trees["head"] = temp / "head"
        git(repo, "worktree", "add", "--detach", "--quiet", str(trees["base"]), base_commit)
        try:
            if head:
                git(repo, "worktree", "add", "--detach", "--quiet", str(trees["head"]), head_commit)
            new_project = trees.get("head", repo)
            sites = {"base": temp / "site-base", "head": temp / "site-head"}
            jobs = {"base": start_build(python, trees["base"], sites["base"]),
                    "head": start_build(python, new_project, sites["head"])}
            notes = {"base": finish_build(jobs["base"], python, trees["base"], sites["base"]),
                     "head": finish_build(jobs["head"], python, new_project, sites["head"])}
            base_pdfs = new_pdfs = None
            if pdf_dir and pdf_dir.is_dir():
                problem = print_pdfs(python, trees["base"], sites["base"])
                notes["base"] = " ".join(n for n in (notes["base"], problem) if n)
                base_pdfs, new_pdfs = sites["base"] / "pdf", pdf_dir
            dirty = "" if head or not git(repo, "status", "--porcelain", "--untracked-files=no") else " with local changes"
            old = load_side(f"base `{base_commit[:7]}` (`{base}`)", trees["base"], sites["base"], base_pdfs, notes["base"])
            new = load_side(f"this branch `{head_commit[:7]}`{dirty}", new_project, sites["head"], new_pdfs, notes["head"])
            return build_report(old, new)
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-c", f"safe.directory={repo}", "worktree", "remove", "--force", str(tree)],
                               cwd=repo, capture_output=True, check=False)
            shutil.rmtree(trees["base"], ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=os.environ.get("GITHUB_BASE_REF") or "main",
                        help="git ref to compare with (default: $GITHUB_BASE_REF, else main); origin/<ref> is "
                             "used when it exists")
    parser.add_argument("--head", help="git ref of the new version (default: this checkout, as it is)")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository (default: this one)")
    parser.add_argument("--out", type=Path, help="also write the report here, e.g. site/review-diff.md")
    parser.add_argument("--pdf-dir", type=Path, help="PDFs of the new version (site/pdf, from `make pdf`); "
                        "when it exists, the base's PDFs are printed too and page counts compared")
    parser.add_argument("--python", default=sys.executable, help="Python that runs the builds")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    base = args.base
    try:
        git(repo, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except RuntimeError:
        base = f"origin/{base}"  # in CI only the remote branch is fetched
    try:
        report = run(repo, base, args.head, args.python, args.pdf_dir)
    except RuntimeError as error:
        print(f"review-diff failed: {error}", file=sys.stderr)
        return 2
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
    print(report, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Reading grade of every chapter, measured on what readers see (`make readability`).

The gate (notes/CONVENTIONS.md, "Writing"): Flesch-Kincaid grade at most 8 on every chapter,
median Flesch-Kincaid grade of the chapters at most 7, SMOG at most 10 on every chapter.
Exit code 1 if any limit is broken, 0 otherwise; 2 if the site cannot be built or read.

What is measured: each chapter's main rendered text in the built site (a site folder given
with --site-dir, or a fresh build into a temporary folder). Left out: navigation, header,
footer, the safety notice (#disclaimer, #crisis-help), the inline crisis box
(.hb-crisis-inline), the review line (.hb-review) and the note under it on what "[3]" is
(.hb-source-note), citation numbers (sup.hb-cite), content-tab labels and their print-only copies, permalink signs, code blocks and page tools. Headings,
list items, table cells and paragraphs each count as a sentence: one that lacks a full stop
(or ! or ?) gets one, as the NHS advises before scoring. Decimal numbers and "e.g."-style
abbreviations are joined so that their dots do not start new sentences.

Scores come from textstat 0.7.4 (flesch_kincaid_grade, smog_index), which works offline:
it counts syllables with pyphen's bundled dictionaries and downloads nothing.

Not chapters, so not measured: glossary.md, references.md, about.md and what-changed.md.
The checklist is a chapter and is measured. This module has no MkDocs hooks; tests import
its functions directly.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import textstat

from handbook import html as parser
from handbook import urls

ROOT = Path(__file__).resolve().parents[1]
EXCLUDED = ("glossary.md", "references.md", "about.md", "what-changed.md")
MAX_GRADE, MAX_MEDIAN_GRADE, MAX_SMOG = 8.0, 7.0, 10.0

# Page chrome and safety furniture that is not the chapter's own prose.
REMOVE = (
    "script", "style", "nav", "header", "footer", "form", "svg", "pre", "input", "button",
    "#disclaimer", "#crisis-help", ".hb-safety", ".hb-crisis-inline", ".hb-review", ".hb-source-note",
    "sup.hb-cite", ".tabbed-labels", ".hb-tab-title", ".headerlink", ".md-content__button",
    ".md-source-file", ".hb-pdf-link", ".hb-checklist-head", ".hb-checklist-tools",
    ".hb-js-only", ".hb-status", ".hb-feedback", ".hb-edition", ".hb-fields", ".hb-lines",
    ".hb-typed",
)  # fmt: skip
BLOCK_TAGS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "div", "section",
    "article", "aside", "blockquote", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot",
    "tr", "details", "summary", "figure", "figcaption", "label", "fieldset", "legend",
}  # fmt: skip
_ABBREVIATIONS = {"e.g.": "eg", "i.e.": "ie", "vs.": "vs", "etc.": "etc", "Dr.": "Dr", "U.S.": "US", "U.K.": "UK"}


@dataclass
class Score:
    page: str
    words: int
    sentences: int
    grade: float
    smog: float

    @property
    def passed(self) -> bool:
        return self.grade <= MAX_GRADE and self.smog <= MAX_SMOG


def chapter_sources(docs_dir: Path) -> list[str]:
    """Chapter pages (docs/*.md minus the excluded reference pages), sorted."""
    return sorted(p.name for p in docs_dir.glob("*.md") if p.name not in EXCLUDED)


def built_path(site_dir: Path, source: str) -> Path:
    """Where MkDocs (use_directory_urls) writes `source` (handbook/urls.py)."""
    return site_dir / urls.built_file(source)


def main_text(html: str) -> str:
    """The chapter's prose as sentences, one block per line, each ending in . ! or ?"""
    tree = parser.document(html)
    main = tree.css_first("article.md-content__inner") or tree.css_first(".md-content") or tree.body
    if main is None:
        return ""
    remove(main, REMOVE)
    blocks: list[str] = []
    collect_blocks(main, blocks)
    return "\n".join(sentence for sentence in map(_as_sentence, blocks) if sentence)


def remove(element: parser.Node, selectors) -> None:
    """Take every element matching one of `selectors` out of `element`'s tree (unlinked, not
    destroyed: a match inside an earlier match stays safe to touch)."""
    for selector in selectors:
        for node in element.css(selector):
            node.remove()


def collect_blocks(element: parser.Node, blocks: list[str]) -> None:
    """Split `element` into blocks: text between (and inside) block-level tags."""
    current: list[str] = []
    child = element.child
    while child is not None:
        if child.is_text_node:
            current.append(child.text(deep=False) or "")
        elif child.is_element_node and child.tag in BLOCK_TAGS:
            blocks.append("".join(current))
            current = []
            collect_blocks(child, blocks)
        elif child.is_element_node:
            current.append(" " if child.tag == "br" else child.text(deep=True))
        child = child.next
    blocks.append("".join(current))


def _as_sentence(text: str) -> str:
    text = " ".join(text.replace("\u00a0", " ").split())
    if not any(ch.isalnum() for ch in text):
        return ""
    for written, joined in _ABBREVIATIONS.items():
        text = text.replace(written, joined)
    text = _join_decimals(text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)  # "sleepy ." once a citation number is gone
    text = text.rstrip(":;,–—- ")
    return text if text.endswith((".", "!", "?", '."', '?"', '!"', ".)", "?)")) else text + "."


def _join_decimals(text: str) -> str:
    """`0.5 mg/kg` -> `05 mg/kg`: a decimal point is not the end of a sentence."""
    out = []
    for i, ch in enumerate(text):
        if ch == "." and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue
        out.append(ch)
    return "".join(out)


def score_text(page: str, text: str) -> Score:
    return Score(
        page=page,
        words=textstat.lexicon_count(text),
        sentences=textstat.sentence_count(text),
        grade=textstat.flesch_kincaid_grade(text),
        smog=textstat.smog_index(text),
    )


def score_site(site_dir: Path, docs_dir: Path) -> tuple[list[Score], list[str]]:
    """Scores of every built chapter, and the chapters that were not found in the site."""
    scores, missing = [], []
    for source in chapter_sources(docs_dir):
        path = built_path(site_dir, source)
        if not path.exists():
            missing.append(source)
            continue
        scores.append(score_text(source, main_text(path.read_text(encoding="utf-8"))))
    return scores, missing


def gate_failures(scores: list[Score]) -> list[str]:
    """Each broken limit, in words; empty if the chapters pass."""
    failures = []
    for s in scores:
        if s.grade > MAX_GRADE:
            failures.append(f"{s.page}: Flesch-Kincaid grade {s.grade:.1f} is above {MAX_GRADE:g}.")
        if s.smog > MAX_SMOG:
            failures.append(f"{s.page}: SMOG {s.smog:.1f} is above {MAX_SMOG:g}.")
    if scores:
        median = statistics.median(s.grade for s in scores)
        if median > MAX_MEDIAN_GRADE:
            failures.append(f"median Flesch-Kincaid grade {median:.1f} is above {MAX_MEDIAN_GRADE:g}.")
    return failures


def table(scores: list[Score]) -> str:
    rows = [f"{'page':<28} {'words':>6} {'sentences':>9} {'FK':>5} {'SMOG':>5}  result"]
    for s in scores:
        rows.append(
            f"{s.page:<28} {s.words:>6} {s.sentences:>9} {s.grade:>5.1f} {s.smog:>5.1f}  {'pass' if s.passed else 'FAIL'}"
        )
    if scores:
        median = statistics.median(s.grade for s in scores)
        rows.append(f"median Flesch-Kincaid grade: {median:.1f} (limit {MAX_MEDIAN_GRADE:g})")
    return "\n".join(rows)


def build_site(config_file: Path, site_dir: Path) -> None:
    """Build the handbook (not strict: a content warning must not hide the reading grades)."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    build(load_config(str(config_file), site_dir=str(site_dir), strict=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build one now)")
    parser.add_argument("--docs-dir", type=Path, default=ROOT / "docs")
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="readability-") as temp:
        site = args.site_dir
        if site is None:
            site = Path(temp) / "site"
            print(f"Building the handbook into {site} ...", file=sys.stderr)
            try:
                build_site(args.config_file, site)
            except Exception as error:
                print(f"The site could not be built: {error}", file=sys.stderr)
                return 2
        if not site.is_dir():
            print(f"No built site at {site}.", file=sys.stderr)
            return 2
        scores, missing = score_site(site, args.docs_dir)

    print(table(scores))
    for source in missing:
        print(f"not measured: {source} was not found in the built site", file=sys.stderr)
    failures = gate_failures(scores)
    if not scores:
        print("No chapter pages to measure.", file=sys.stderr)
        return 2
    if failures:
        print("\nReadability gate failed:\n- " + "\n- ".join(failures), file=sys.stderr)
        print("Fix: shorter sentences (aim for 15 words), everyday words (see notes/CONVENTIONS.md).", file=sys.stderr)
        return 1
    print("Readability gate passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

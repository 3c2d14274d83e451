"""Health-literacy report per chapter (`make literacy-report`).

For every page in the nav (in nav order) it prints:

- the page's main message (the `hb-main-message` block), or "MISSING";
- glossary terms whose first use on the page is not explained in the text (step first_use);
- comparisons without a worked difference, and relative-only comparisons (step plain_numbers);
- numbers without their word from the one scale, or with the wrong word (step plain_numbers);
- lists with more than 7 items at one level (CDC Clear Communication Index item 8);
- instructions without a reason (this script): a sentence that tells the reader to do
  something ("Bring ...", "Do not ...", "Ask ...", "If ..., call ...") with no "because",
  "so", "so that", "to keep/help/avoid ...", "this helps/keeps/means ...", "otherwise" or
  "in case" in the same sentence, the next one, or (for "So ..." or "That is why ...")
  the one before. A next sentence that names what could go wrong ("... can make you unwell",
  "... may harm ...") or starts "That way" also counts, and so does a "Why:" line anywhere in
  the same part of the page (from one heading or box title to the next), as on the checklist
  and in the "Watch for" boxes. A follow-up in the same paragraph, list item or table row
  as a crisis line ("Call 988. Then tell your care team.") shares its reason. It does not count, as they are not instructions: questions ("Do they
  check you first?"), labels and table headings of up to 5 words with no full stop
  ("Keep your current plan"), and a lead-in that ends with a colon (its list follows).
  Crisis lines ("If you are in danger now, call or text 988") carry their reason in the
  danger they name.
- scale words: a number without its word, the wrong word, or a medicine-leaflet word (step plain_numbers);
- different abbreviations: how many different short forms (ECT, IV, PHQ-9 ...) the page and the
  files it includes make a reader meet, US, UK and NHS not counted (step first_use, check
  "abbreviations"; the build warns above 5, PEMAT-P item 3). Like the build, it does not see
  words other steps add from data files (options grid, icon-array captions, tools): give
  `--site DIR` (a built site) for a last column that counts them on each built page too.

Heuristics: they point a human at sentences to read; they do not judge them. They miss a
reason given in a heading, an earlier paragraph or a picture; instructions that do not start
with a verb from the list ("You should ..." or "It is best to ..."); reasons that use other
words ("It lowers the chance of ..." and "Staff need to see you" are caught, "Your heart
works harder" is not); a lead-in with a colon whose list gives no reason; and they still
flag a command whose reason is obvious ("Read one chapter at a time"). A "to ..." or "so"
clause counts as a reason even when it is not one ("Ask your team to explain"). A "Why:"
line covers every instruction in its part, even one it does not explain, and text after a box
ends still counts as part of that box until the next heading; a "can cause"/"may harm" in the
next sentence counts even when it is not about the instruction, and any instruction after a
crisis line in the same paragraph or row is let off. Numbers: see
handbook/steps/plain_numbers.py for what those checks miss.

Usage: python scripts/literacy_report.py [--config mkdocs.yml] [--details] [--strict] [--site DIR]
`--strict` exits 1 when a page has no main message, an unexplained term, a number problem, or more
than 5 different abbreviations.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from handbook import config as handbook_config
from handbook import html as html_parser
from handbook.literacy_text import clean, literacy_settings, sentences
from handbook.markdown_source import split_front_matter
from handbook.steps.first_use import (
    ABBREVIATION_LIMIT,
    abbreviations_in_text,
    chapter_abbreviations,
    included_texts,
    snippet_folders,
    unexplained_first_uses,
)
from handbook.steps.glossary import abbreviations_path, parse_abbreviations
from handbook.steps.main_message import main_message_text
from handbook.steps.plain_numbers import number_problems

ROOT = Path(__file__).resolve().parents[1]

IMPERATIVE_VERBS = (
    "ask avoid bring book call check choose do don't drink drive eat follow get give go keep let "
    "make never plan please read rest save share sign stay stop take talk tell tick try use "
    "wait wear write arrange bring list note plan put remember think"
).split()
_IMPERATIVE_RE = re.compile(
    rf"^(?:(?:if|when|before|after|while|until|once)\b[^,]*,\s*)?(?:please\s+|always\s+|also\s+|then\s+)?"
    rf"(?:{'|'.join(re.escape(v) for v in IMPERATIVE_VERBS)})\b",
    re.I,
)
_REASON_RE = re.compile(
    r"\b(?:because|so\s+that|so\s+(?:you|they|staff|your|it|we)|otherwise|in\s+case|since|as\s+it|"
    r"the\s+(?:same\s+)?reason|why|which\s+(?:helps|lowers|keeps|means)|that\s+way|this\s+(?:helps|lets|keeps|means|is\s+because|lowers|stops|protects|gives)|"
    r"it\s+(?:helps|lets|keeps|lowers|stops|protects|can|may)|they\s+(?:help|can|may)|"
    r"to\s+(?:keep|help|make\s+sure|avoid|stop|protect|check|lower|let|see|find|get|prevent|learn|plan|spot|remember|know|catch|cut|reduce|take|"
    r"be\s+(?:safe|sure)|stay\s+safe|give|decide|compare|show|track|save|sort|write|share)|"
    r"(?:,|;)\s+so\b|for\s+(?:your|their)\s+safety|"
    r"(?:staff|your\s+(?:care\s+)?team|the\s+clinic|your\s+(?:doctor|prescriber|insurer)|a\s+second\s+person|someone|he|she|we)\s+"
    r"(?:can|will|may|need|needs|must|uses?|checks?)\b|"
    r"(?:you|this|that|it)\s+(?:can|could|may|might|will)\s+(?:help|make|raise|lower|keep|cause|harm|add|get)|"
    r"can\s+help)\b",
    re.I,
)
#: The reason is in the sentence before ("It can make you sleepy. So arrange a ride.").
_REASON_BEFORE_RE = re.compile(r"^(?:so|that\s+is\s+why|this\s+is\s+why|for\s+this\s+reason|because\s+of\s+this)\b", re.I)
#: A reason in the NEXT sentence that names what could go wrong ("Stopping some medicines
#: suddenly can make you unwell.") or opens with "That way" / "This way".
_CONSEQUENCE_RE = re.compile(
    r"\b(?:can|could|may|might)\s+(?:make\s+you\s+(?:unwell|ill|sick|worse)|harm|hurt|cause)\b|^(?:that|this)\s+way\b",
    re.I,
)
#: A "Why:" line ("**Why:** planning ahead keeps treatment days safe.") gives the reason for
#: every instruction in its part of the page (from one heading or box title to the next).
_WHY_LINE_RE = re.compile(r"^why(?:\s+it\s+matters)?\s*:", re.I)
#: Crisis lines: the danger they name is the reason (988, 116 123, 911, 999, emergency room).
_CRISIS_RE = re.compile(
    r"\b(?:988|116\s?123|911|999)\b|\bemergency\b|\bcrisis\b|\bget\s+help\s+now\b|\bsuicid|\bending\s+your\s+life\b",
    re.I,
)
_LABEL_WORDS = 5


@dataclass
class PageReport:
    page: str
    main_message: str | None
    undefined: list[tuple[int, str]] = field(default_factory=list)
    comparisons: list[tuple[int, str]] = field(default_factory=list)
    unlabelled: list[tuple[int, str]] = field(default_factory=list)
    no_reason: list[tuple[int, str]] = field(default_factory=list)
    long_lists: list[tuple[int, str]] = field(default_factory=list)
    abbreviations: dict[str, str] = field(default_factory=dict)
    built: list[str] | None = None  # abbreviations on the built page, with --site


def main_message(markdown: str) -> str | None:
    """Text of the first `hb-main-message` element written in the page's Markdown."""
    texts = main_message_text(markdown)  # the parse the build's own check uses
    return clean(texts[0]) if texts else None


def instructions_without_reason(markdown: str) -> list[tuple[int, str]]:
    """`(body line index, sentence)` for instructions with no reason in it or the next sentence."""
    items, why_parts, part = [], set(), 0
    for sentence in sentences(markdown):
        if sentence.kind in ("heading", "title"):
            part += 1  # a heading or box title starts a new part of the page
        elif sentence.kind in ("text", "table"):
            items.append((part, sentence))
            if _WHY_LINE_RE.match(sentence.text):
                why_parts.add(part)
    found = []
    for position, (part, sentence) in enumerate(items):
        if not is_instruction(sentence.text):
            continue
        following = items[position + 1][1].text if position + 1 < len(items) else ""
        if is_instruction(following):
            following = ""  # the next sentence is another instruction, with its own reason
        if _REASON_RE.search(sentence.text) or _REASON_RE.search(following) or _CONSEQUENCE_RE.search(following):
            continue
        if part in why_parts:
            continue  # a "Why:" line in the same part of the page gives the reason
        if _REASON_BEFORE_RE.match(sentence.text) and position > 0:
            continue  # "So ..." points back to the reason in the sentence before
        if _CRISIS_RE.search(sentence.text):
            continue
        if any(_CRISIS_RE.search(earlier.text) for _, earlier in items[:position] if earlier.line == sentence.line):
            continue  # a follow-up in a crisis paragraph or table row ("Then tell your care team.")
        found.append((sentence.line, sentence.text))
    return found


def is_instruction(text: str) -> bool:
    """A sentence that tells the reader to do something: it starts with a verb from the list
    (after an optional "If ..., " or "So "), and is not a question, a short label without a
    full stop ("Keep your current plan"), or a lead-in ending with a colon."""
    text = text.strip()
    if not text or text.endswith(("?", ":")):
        return False
    if not text.endswith((".", "!")) and len(text.split()) <= _LABEL_WORDS:
        return False
    return bool(_IMPERATIVE_RE.match(_REASON_BEFORE_RE.sub("", text).lstrip(" ,")))


_ITEM_RE = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+")
MAX_LIST = 7  # CDC Clear Communication Index item 8


def long_lists(markdown: str) -> list[tuple[int, str]]:
    """`(body line index, "N items")` for lists with more than 7 items at one level."""
    found: list[tuple[int, str]] = []
    runs: dict[int, list[int]] = {}  # indent -> [first line, count]

    def close(deeper_than: int = -1) -> None:
        for indent in sorted(k for k in runs if k > deeper_than):
            start, count = runs.pop(indent)
            if count > MAX_LIST:
                found.append((start, f"{count} items"))

    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        match = _ITEM_RE.match(line)
        if match:
            indent = len(match.group("indent"))
            close(indent)
            runs.setdefault(indent, [index, 0])[1] += 1
        elif line.strip() == "":
            following = next((rest for rest in lines[index + 1 :] if rest.strip()), "")
            if not (_ITEM_RE.match(following) or following.startswith(" ")):
                close()
        elif not line.startswith(" "):
            close()
    close()
    return sorted(found)


def page_report(page: str, source: str, terms: list[tuple[str, str]],
                includes: dict[str, str] | None = None) -> PageReport:
    """`includes`: `{name: text}` of the files the page pulls in with `--8<--` (see first_use)."""
    body, offset = split_front_matter(source)
    report = PageReport(page, main_message(body))
    report.abbreviations = chapter_abbreviations(body, includes or {}, terms)
    report.undefined = [(i + offset + 1, term) for i, term, _ in unexplained_first_uses(body, terms)]
    for index, check, message in number_problems(body):
        target = report.comparisons if check == "comparisons" else report.unlabelled
        target.append((index + offset + 1, message.split('" ', 1)[0].lstrip('"')))
    report.no_reason = [(i + offset + 1, text) for i, text in instructions_without_reason(body)]
    report.long_lists = [(i + offset + 1, text) for i, text in long_lists(body)]
    return report


#: Not what a reader meets in a chapter: screen-only parts, code, and the leaflet's number line.
_NOT_READ = ".hb-screen-only, script, style, template, .hb-leaflet, .hb-edition"


def built_page_abbreviations(html: str, terms: list[tuple[str, str]]) -> list[str]:
    """The different abbreviations in a built page's article, incl. words steps add from data."""
    tree = html_parser.document(html)
    article = tree.css_first("article") or tree.body
    for node in article.css(_NOT_READ) if article else ():
        node.decompose()
    return sorted(set(abbreviations_in_text(html_parser.text(article), terms)))


def built_page(site: Path, page: str) -> Path:
    """site/trd/index.html for trd.md, site/index.html for index.md (directory URLs)."""
    stem = page.removesuffix(".md")
    return site / "index.html" if stem == "index" else site / stem / "index.html"


def nav_pages(nav) -> list[str]:
    out = []
    for entry in nav or []:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            out.extend(nav_pages(value))
        elif isinstance(value, str) and value.endswith(".md"):
            out.append(value)
    return out


def build_reports(config_file: Path, site: Path | None = None) -> list[PageReport]:
    config = handbook_config.load(config_file)
    root = config_file.parent.resolve()
    terms, _ = parse_abbreviations(
        abbreviations_path(config.mdx_configs.get("pymdownx.snippets", {}), root).read_text(encoding="utf-8")
    )
    exempt = set(literacy_settings(config)["exempt"])
    docs = Path(config.docs_dir)
    folders = snippet_folders(config.mdx_configs.get("pymdownx.snippets", {}), root)
    reports = []
    for page in nav_pages(config.nav):
        if page in exempt or not (docs / page).exists():
            continue
        source = (docs / page).read_text(encoding="utf-8")
        report = page_report(page, source, terms, included_texts(source, folders))
        if site is not None and built_page(site, page).exists():
            report.built = built_page_abbreviations(built_page(site, page).read_text(encoding="utf-8"), terms)
        reports.append(report)
    return reports


def render(reports: list[PageReport], details: bool) -> str:
    built = any(r.built is not None for r in reports)
    lines = [
        "| page | main message | undefined first uses | comparisons without difference | "
        "number without its scale word | instructions without reason | lists over 7 items | "
        f"different abbreviations (at most {ABBREVIATION_LIMIT}) |" + (" on the built page |" if built else ""),
        "|---|---|---|---|---|---|---|---|" + ("---|" if built else ""),
    ]
    for r in reports:
        message = "MISSING" if r.main_message is None else "yes"
        lines.append(
            f"| {r.page} | {message} | {len(r.undefined)} | {len(r.comparisons)} | "
            f"{len(r.unlabelled)} | {len(r.no_reason)} | {len(r.long_lists)} | {len(r.abbreviations)} |"
            + (f" {'-' if r.built is None else len(r.built)} |" if built else "")
        )
    total = lambda name: sum(len(getattr(r, name)) for r in reports)  # noqa: E731
    lines.append(
        f"| **all {len(reports)}** | {sum(r.main_message is not None for r in reports)} with | "
        f"{total('undefined')} | {total('comparisons')} | {total('unlabelled')} | {total('no_reason')} | "
        f"{total('long_lists')} | {sum(len(r.abbreviations) > ABBREVIATION_LIMIT for r in reports)} over |"
        + (f" {sum(len(r.built or ()) > ABBREVIATION_LIMIT for r in reports)} over |" if built else "")
    )
    lines.append("")
    for r in reports:
        lines.append(f"## {r.page}")
        lines.append(f"Main message: {r.main_message or 'MISSING'}")
        if r.undefined:
            lines.append("Undefined at first use: " + ", ".join(f"{t} (line {n})" for n, t in r.undefined))
        if r.abbreviations:
            over = " (over the limit)" if len(r.abbreviations) > ABBREVIATION_LIMIT else ""
            lines.append(f"Abbreviations{over}: " + ", ".join(sorted(r.abbreviations)))
        if r.built and len(r.built) > ABBREVIATION_LIMIT:
            lines.append(f"On the built page, {len(r.built)} (incl. words from data files): " + ", ".join(r.built))
        if details:
            for label, rows in (("Comparison", r.comparisons), ("Scale word", r.unlabelled),
                                ("No reason", r.no_reason), ("List over 7 items", r.long_lists)):
                for number, text in rows:
                    lines.append(f"- {label}, line {number}: {text[:110]}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    parser.add_argument("--details", action="store_true", help="list every flagged sentence")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any problem the build checks")
    parser.add_argument("--site", type=Path, help="a built site: also count abbreviations on each built page")
    args = parser.parse_args(argv)
    reports = build_reports(Path(args.config), args.site)
    print(render(reports, args.details))
    bad = any(r.main_message is None or r.undefined or r.comparisons or r.unlabelled
              or len(r.abbreviations) > ABBREVIATION_LIMIT for r in reports)
    return 1 if args.strict and bad else 0


if __name__ == "__main__":
    sys.exit(main())

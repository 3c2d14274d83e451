"""Everyday words, not jargon (PEMAT-P item 3; CDC Clear Communication Index item 7).

PEMAT-P item 3 asks for "common, everyday language"; CDC item 7 for "the words the primary
audience uses". Medical terms a reader needs to know (remission, placebo, the label) are
taught in the text at first use (handbook/steps/first_use.py). Some words, though, a reader
never needs: a plain word says the same ("a pretend treatment", not "a sham"). And a term that
a page has taught in plain words ("became well: doctors call this remission") should not come
back as the study phrase ("reached remission") in a caption or grid cell.

This hook reads each chapter's rendered content (after every step that writes words in from
`data/`: the options grid, the pictures' captions, the decision tools) and warns, naming the
page, the line where the words are in its Markdown (words from data files have none) and the
plain word to use, for every phrase in `JARGON`. Citation numbers, `<code>`, and abbreviation
tooltips are not read. Pages in `extra.literacy.exempt` (glossary, reference list, change log:
source titles quote others' words) are skipped.

It is a word list, not understanding: it misses jargon not on the list, and a listed word in a
quotation would need rewording too. Add a phrase with its plain word when a reviewer finds one.
"""

from __future__ import annotations

import re

from handbook import html as parser
from handbook.literacy_text import literacy_settings, report_on_page
from handbook.logs import step_logger

log = step_logger(__name__)

RUNS_AFTER = {
    "options_grid": "it reads the grid's cells",
    "decision_tools": "it reads the words the decision tools write in",
    "icon_arrays": "it reads the pictures' captions",
}

CHECK = "plain_words"

#: Jargon (a regular expression, matched as whole words, any case) -> the plain words to use.
JARGON: dict[str, str] = {
    r"sham": '"pretend" ("a pretend treatment")',
    r"(?:reached|achieved|in|into)\s+(?:stable\s+)?remission": '"became well" (and, once, "doctors call this remission")',
    r"remitters?": '"people who became well"',
    r"responders?": '"people who improved a lot"',
    # "had responded" is the study word for the same outcome (rater AG).
    r"(?:had\s+|have\s+|has\s+)?responded": '"improved a lot" (the one name for a response)',
    # One name for one outcome (symptoms down by half or more): the grid and pictures say
    # "improved a lot", so the chapters do too (rater L: two names read as two results).
    r"(?:a\s+)?big\s+drop(?:\s+in\s+(?:symptoms|depression))?": '"improved a lot" (the one name for a response)',
    r"efficacy|efficacious": '"how well it works"',
    r"adverse\s+(?:events?|effects?|reactions?)": '"side effects" or "harms"',
    r"contraindicat\w*": '"must not be used" ("do not use it if ...")',
    r"titrat\w*": '"change the dose step by step"',
    # Lower case only: the Food and Drug Administration is a name.
    r"(?-i:administ(?:er|ered|ering|ration))": '"give" or "given"',
    r"utili[sz]\w*": '"use"',
    r"prior\s+to": '"before"',
    r"subsequent(?:ly)?": '"later" or "next"',
    r"approximately": '"about"',
    r"commenc\w*": '"start"',
    r"exacerbat\w*": '"make worse"',
    r"ameliorat\w*": '"ease"',
    r"comorbid\w*": '"another illness at the same time"',
    r"monotherapy": '"on its own"',
    r"augment(?:ation|ing|ed)?": '"add" or "adding"',
    r"baseline": '"at the start"',
    r"(?:statistically\s+)?significant(?:ly)?\s+(?:difference|improvement|reduction|effect)":
        '"a clear difference" (a gap bigger than chance would explain)',
}
_PLAIN = list(JARGON.values())
#: One pattern, a named group per phrase (`j<n>`): the group that matched names the plain word.
JARGON_RE = re.compile(r"\b(?:" + "|".join(f"(?P<j{n}>{p})" for n, p in enumerate(JARGON)) + r")\b", re.I)
#: Not words a reader reads as text: citation numbers, code.
NOT_READ = "sup.hb-cite, code, pre, script, style"

# ---- Hooks ----


def on_page_content(html, *, page, config, files):
    if page.file.src_uri in literacy_settings(config)["exempt"]:
        return html
    report_on_page(log, CHECK, page, config, jargon_problems(html))
    return html


# ---- Helper functions ----


def readable_text(html: str) -> str:
    """The words a reader reads on the page (no citations, code, or tooltip titles)."""
    tree = parser.fragment(html)
    for node in tree.css(NOT_READ):
        node.decompose()
    return parser.text(tree)


def jargon_problems(html: str) -> list[tuple[str, str]]:
    """`(the phrase as written, message)` for each jargon phrase, once per phrase and page."""
    seen: set[str] = set()
    problems = []
    for match in JARGON_RE.finditer(readable_text(html)):
        phrase = " ".join(match.group(0).split())
        if phrase.lower() in seen:
            continue
        seen.add(phrase.lower())
        problems.append((phrase, (
            f'"{phrase}" is a word most readers do not use (PEMAT-P item 3, CDC index item 7). '
            f"Fix: write {_PLAIN[int(match.lastgroup[1:])]} instead, here and wherever the page or its data file "
            "(data/*.yml) uses it."
        )))
    return problems

"""Every glossary term is explained in the text the first time a page uses it.

Tooltips (`includes/abbreviations.md`, auto-appended by pymdownx.snippets) do nothing on
paper or on a phone, so the text itself must say what a term means at first use (PEMAT-P
item 4, CDC Clear Communication Index item 7). For every term in the glossary source this
hook finds its first use on each page, outside headings, titles and code, and warns
(page and line) unless the text explains it right there. An acronym (ECT, IV, PHQ-9) whose
glossary definition has a long name must be spelled out: its long name is in the same,
previous or next sentence ("ECT (electroconvulsive therapy: a brief electric current ...)").
Any other term counts as explained when:

- the term is followed by a bracket: `ECT (electroconvulsive therapy)`;
- the term is itself in brackets after the plain words: `a drip into a vein (IV)`;
- the term is followed by `means`, `is`, `are`, `stands for`, a colon, a dash, a comma
  and `a`/`an`/`the`/`which`/`or`/`meaning`/`also called`, or `or OTHER (...)`
  (`SSRI or SNRI (common types of antidepressant)` explains both);
- it comes after `called`, `call this`, `known as`, `named`, `sold as` or `brand name`: `this is called remission`,
  `doctors call this respiratory depression`, or in brackets after plain words: `(a placebo)`;
- the term's long name (the part of its glossary definition before the colon, such as
  "Electroconvulsive therapy" for ECT) is in the same, previous or next sentence;
- the next sentence starts `It means`, `This means`, `That means`, or `<term> means/is/are`
  (`A placebo is a dummy treatment.`).

It reads the page twice: in print order, every content tab included, and as a screen shows it,
where only the open tab of each set is read (`closed_tab_lines`), so a term explained only in a
closed tab must be explained again where a screen reader first meets it.

It reads the page as a reader meets it: each file the page includes (`--8<-- "name"`) in its
place, and the words earlier steps wrote in from data/ (the options grid, the values lines);
a first use there is reported as "in NAME, which the page includes" or "in text the build
inserts from data/".

What it cannot tell: whether the explanation is right or plain (a human reviews that), an
explanation given before the term in some other form, and a term inside a block of raw HTML
(a figure's list written as HTML): `sentences` reads Markdown text and tables only. Pages in
`extra.literacy.exempt`
(the glossary itself, the reference list) are skipped. While the check is listed in
`extra.literacy.pending`, problems are logged at INFO and do not fail the build.

It also counts the different abbreviations a chapter makes its reader meet (check
"abbreviations", PEMAT-P item 3: "few acronyms"): every word of two or more capitals, digits
or a hyphenated part (ECT, PHQ-9, TRANSFORM-2; one followed by 2- or 3-letter ones, as in
"CC BY", is one name) in the page's text, headings and tables and in the files it includes
(`--8<-- "figure-forms.md"`), with US, UK and NHS not counted, and a Roman numeral (Schedule
III) counted only when the glossary lists it (IV). More than `ABBREVIATION_LIMIT` (3) warns,
naming the page, each abbreviation and where it first appears. It counts the words earlier
steps wrote into the page from data files too (the options grid, icon-array captions, the
values and knowledge tools), because a reader meets those on the page; their place is given as
"in text the build inserts from data/". It does not see mixed-case names (KetECT); a human
reviews those. `scripts/literacy_report.py --site DIR` counts on the built pages as a cross-check.
"""

from __future__ import annotations

import re
from pathlib import Path

from handbook.literacy_text import Sentence, closed_tab_lines, literacy_settings, report, sentences
from handbook.logs import step_logger
from handbook.markdown_source import included_texts, location, page_source, reader_text, snippet_folders
from handbook.steps.glossary import abbreviations_path, parse_abbreviations

log = step_logger(__name__)

RUNS_AFTER = {"glossary": "it reads the glossary glossary.py checks"}

CHECK = "first_use"
ABBREVIATIONS_CHECK = "abbreviations"
#: At most this many different abbreviations per chapter (PEMAT-P item 3, "few acronyms").
ABBREVIATION_LIMIT = 3
#: Not counted: every reader of a US-first, UK-second handbook knows them. NHS is counted: US
#: readers do not know it (independent rater, 2026.3), so it is explained or replaced by plain words.
NOT_COUNTED = frozenset({"US", "UK"})
#: Where an abbreviation is first seen when a step wrote it in from a data file.
INSERTED = "in text the build inserts from data/"
_state: dict = {"terms": [], "includes": []}

# ---- Hooks ----


def on_config(config):
    root = Path(config.config_file_path).parent.resolve()
    path = abbreviations_path(config.mdx_configs.get("pymdownx.snippets", {}), root)
    try:
        terms, _problems = parse_abbreviations(path.read_text(encoding="utf-8"))
    except OSError:
        terms = []  # handbook/steps/glossary.py already reports an unreadable file
    _state["terms"] = terms
    _state["includes"] = snippet_folders(config.mdx_configs.get("pymdownx.snippets", {}), root)
    return config


def on_page_markdown(markdown, *, page, config, files):
    if page.file.src_uri in literacy_settings(config)["exempt"]:
        return markdown
    source, offset = page_source(page)
    includes = included_texts(source, _state["includes"])
    # The page as a reader meets it: the included files in place, and the words earlier steps
    # wrote in from data/ (rater AI: "antidepressant" came first in an included picture and in
    # What matters' data lines, and was explained only by a tooltip).
    text, origins = reader_text(markdown, includes)
    lines, source_lines = text.split("\n"), source.split("\n")
    on_paper = unexplained_first_uses(text, _state["terms"])
    # On screen a closed tab's words are not met on the way (rater AT: "antidepressant" was
    # explained only in the second tab of Ways it is given, then used bare in a table).
    on_screen = [found for found in unexplained_first_uses(text, _state["terms"], skip=closed_tab_lines(text))
                 if found not in on_paper]
    for index, term, long_name in sorted(on_paper + on_screen):
        if origins[index] is not None:
            where = f"{page.file.src_uri}: in {origins[index]}, which the page includes"
        elif lines[index] in source_lines:  # the page's own line (earlier steps may move it)
            where = location(page, config, source_lines.index(lines[index]) + offset + 1)
        else:
            where = f"{page.file.src_uri}: {INSERTED}"
        closed = CLOSED_TAB_NOTE if (index, term, long_name) in on_screen else ""
        report(log, CHECK, config, f"{where}: {explain_message(term, long_name)}{closed}")
    found = chapter_abbreviations(source, includes, _state["terms"], markdown)
    if len(found) > ABBREVIATION_LIMIT:
        report(log, ABBREVIATIONS_CHECK, config, f"{page.file.src_uri}: {too_many_message(found, offset)}")
    return markdown


# ---- Helper functions ----


def long_name(definition: str) -> str | None:
    """"Electroconvulsive therapy" from "Electroconvulsive therapy: a treatment ...", else None."""
    head, colon, _rest = definition.partition(":")
    if not colon or len(head.split()) > 8 or "." in head:
        return None
    return head.strip()


def term_pattern(term: str) -> re.Pattern:
    """Whole-word match; acronyms and names match their case, lower-case words any case and plural."""
    body = re.escape(term).replace(r"\ ", r"\s+")
    if term == term.lower():
        return re.compile(rf"(?<![\w-]){body}(?:s|es)?(?![\w-])", re.I)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


_AFTER_RE = re.compile(
    r"^(?:s|es)?\)?[\"']?\s*(?:\(|means\b|is\b|are\b|stands\s+for\b|refers\s+to\b|:|—|–|-\s|or\s+\S+\s+\(|"
    r",\s*(?:a|an|the|which|or|meaning|also\s+called|that\s+is|short\s+for)\b)",
    re.I,
)
_BEFORE_RE = re.compile(
    r"(?:\b(?:called|calls?\s+(?:this|it|them)|known\s+as|named|sold\s+as|brand\s+name)\s+|,\s*or\s+|\(\s*)(?:an?\s+|the\s+)?$", re.I
)
_NEXT_RE = re.compile(r"^(?:It|This|That|This word|The word|The term)\s+(?:means|stands\s+for|is\s+when)\b", re.I)


def is_acronym(term: str) -> bool:
    """ECT, PHQ-9, IV: capitals (and digits), not a word such as "placebo" or "Spravato"."""
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_explained(term: str, name: str | None, sentence: str, start: int, end: int,
                 previous: str = "", following: str = "") -> bool:
    """Does the text explain `term`, found at `sentence[start:end]`, right where it is used?

    An acronym with a long name in the glossary must be spelled out there ("ECT
    (electroconvulsive therapy: ...)"): saying only what it is ("NICE (the body that advises
    ...)") leaves a reader who meets the letters elsewhere unable to tell what they stand for
    (CDC Clear Communication Index item 7, as independent raters apply it)."""
    if name and is_acronym(term):
        if not any(name.casefold() in text.casefold() for text in (sentence, previous, following)):
            return False
        # Plain words first, the letters in brackets: "a drip into a vein (IV)"; not the long
        # name itself, "electroconvulsive therapy (ECT)", which is judged below.
        before = sentence[:start].rstrip(" *_")
        if before.endswith("(") and not before[:-1].rstrip().casefold().endswith(name.casefold()):
            return True
        return name_spelled_out_and_explained(term, name, previous, sentence, following)
    if _AFTER_RE.match(sentence[end:].lstrip(" *_")):
        return True
    before = sentence[:start].rstrip(" *_")
    if _BEFORE_RE.search(before + " ") or _BEFORE_RE.search(before):
        return True
    if name and any(name.casefold() in text.casefold() for text in (sentence, previous, following)):
        return True
    defines = rf"^[\"']?(?:an?\s+|the\s+)?{re.escape(term)}(?:s|es)?[\"']?\s+(?:means|is|are|stands\s+for)\b"
    if _NEXT_RE.match(following) or re.match(defines, following, re.I):
        return True
    return False


def is_proper_name(name: str) -> bool:
    """ "National Health Service", "US Food and Drug Administration": a name, which spelled out
    says what the letters are; "post-traumatic stress disorder" is a medical term, which does not."""
    return plain_case(name) == name


def name_spelled_out_and_explained(term: str, name: str, previous: str, sentence: str, following: str) -> bool:
    """An acronym's long name is in the sentence or next to it, and, unless it is a proper name,
    explained where it stands: "post-traumatic stress disorder (PTSD)" only swaps letters for a
    medical term (rater BB, CDC item 7), "post-traumatic stress disorder (PTSD: lasting distress
    after a frightening event)" explains it. The acronym in brackets after the name is skipped,
    so "(PTSD)" itself never counts as the explanation."""
    texts = (previous, sentence, following)
    if is_proper_name(name):
        return any(name.casefold() in text.casefold() for text in texts)
    for position, text in enumerate(texts):
        found = re.search(re.escape(name), text, re.I)
        if not found:
            continue
        # "ECT (electroconvulsive therapy" and "electroconvulsive therapy (ECT)": the brackets
        # that pair the letters with the name are not an explanation of either
        prefix = re.sub(rf"{re.escape(term)}\s*\(\s*$", "", text[:found.start()])
        after = re.sub(rf"^\s*\(\s*{re.escape(term)}\s*\)", "", text[found.end():])
        stripped = prefix + found.group(0) + after
        before_text = texts[position - 1] if position else ""
        after_text = texts[position + 1] if position + 1 < len(texts) else ""
        if is_explained(found.group(0), None, stripped, len(prefix), len(prefix) + len(found.group(0)),
                        before_text, after_text):
            return True  # e.g. "Post-traumatic stress disorder (PTSD) is a condition that ..."
    return False


#: Added to the message when the term is explained only in a tab a screen shows closed.
CLOSED_TAB_NOTE = (" It is explained earlier only inside a content tab that a screen shows closed (paper prints "
                   "every tab), so a reader on screen meets it here first: explain it here too.")


def unexplained_first_uses(markdown: str, terms: list[tuple[str, str]],
                           skip: frozenset[int] = frozenset()) -> list[tuple[int, str, str | None]]:
    """`(body line index, term, long name)` for each term whose first use is not explained.
    Lines in `skip` are not read (closed_tab_lines: what a screen does not show on the way)."""
    units: list[Sentence] = [s for s in sentences(markdown) if s.kind in ("text", "table") and s.line not in skip]
    problems = []
    for term, definition in terms:
        pattern = term_pattern(term)
        for position, sentence in enumerate(units):
            match = pattern.search(sentence.text)
            if not match:
                continue
            previous = units[position - 1].text if position else ""
            following = units[position + 1].text if position + 1 < len(units) else ""
            name = long_name(definition)
            if not is_explained(term, name, sentence.text, match.start(), match.end(), previous, following):
                problems.append((sentence.line, term, name))
            break
    return sorted(problems)


def plain_case(name: str) -> str:
    """ "electroconvulsive therapy" from "Electroconvulsive therapy"; a proper name keeps its capitals."""
    rest = name.split()[1:]
    if any(word[:1].isupper() for word in rest):
        return name  # "National Health Service"
    return name[0].lower() + name[1:]


def explain_message(term: str, name: str | None) -> str:
    if name and is_proper_name(name):
        example = f'"{term} ({name})"'
    elif name:  # the long name is a medical term of its own: it needs plain words too
        example = (f'"{term} ({plain_case(name)}: …plain words…)"; the long name alone only swaps the '
                   "letters for another medical term")
    else:
        example = f'"{term} (…plain words…)" or "{term} means …"'
    return (
        f'first use of "{term}" on this page is not explained in the text (tooltips do not work '
        f"on paper or phones). Explain it where it first appears, e.g. {example}, or write the "
        "plain words first with the term in brackets."
    )


# ---- Abbreviations per chapter ----

_WORD = r"[A-Z][A-Z0-9*]*[A-Z0-9](?:-[A-Z0-9]+)*"
#: One short form, or one followed by short ones that make one name with it ("CC BY", "US FDA").
_ABBREVIATION_RE = re.compile(rf"(?<![\w*-]){_WORD}(?:\s[A-Z][A-Z0-9]{{1,2}}(?![\w*-]))*(?![\w*-])")
_ROMAN_RE = re.compile(r"^[IVX]+$")


def abbreviations_in_text(text: str, terms: list[tuple[str, str]]) -> list[str]:
    """The abbreviations in plain text, in order (repeats kept)."""
    glossary = {term for term, _ in terms}
    found = []
    for run in _ABBREVIATION_RE.findall(text):
        word = " ".join(part for part in run.split() if part not in NOT_COUNTED)  # "US FDA" is FDA
        if word and not (_ROMAN_RE.match(word) and word not in glossary):
            found.append(word)
    return found


def unexplained_abbreviations(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The abbreviations in one line of plain text (each judged at its first use there) that the
    line does not explain, by the same rules as a term's first use (`is_explained`: a bracket
    or a colon right after it, or in brackets after its plain words). `known`: ones the reader
    has met explained already. Used for the plain `about` line of each reference."""
    found: list[str] = []
    seen = set(known) | set(NOT_COUNTED)
    for match in _ABBREVIATION_RE.finditer(text):
        word = " ".join(part for part in match.group(0).split() if part not in NOT_COUNTED)  # "US FDA" is FDA
        if not word or word in seen or _ROMAN_RE.match(word):
            continue
        seen.add(word)
        if not is_explained(word, None, text, match.start(), match.end()):
            found.append(word)
    return found


def abbreviations_in(markdown: str, terms: list[tuple[str, str]]) -> dict[str, int]:
    """`{abbreviation: 0-based body line of its first use}` for the words a reader sees."""
    found: dict[str, int] = {}
    for sentence in sentences(markdown):
        for word in abbreviations_in_text(sentence.text, terms):
            found.setdefault(word, sentence.line)
    return found


def chapter_abbreviations(source: str, includes: dict[str, str], terms: list[tuple[str, str]],
                          built: str = "") -> dict[str, str]:
    """`{abbreviation: where first seen}` on a page, in the files it includes and in `built`.

    `built` is the page's Markdown after the steps that write data into it (the options grid,
    icon arrays, the decision tools). `where` is `line N` (1-based line of the page body),
    `in NAME` for an included file, or `INSERTED` for words only the data brought in."""
    found = {word: f"line {line + 1}" for word, line in abbreviations_in(source, terms).items()}
    for name, text in includes.items():
        for word in abbreviations_in(text, terms):
            found.setdefault(word, f"in {name}")
    for word in abbreviations_in(built, terms):
        found.setdefault(word, INSERTED)
    return found


def too_many_message(found: dict[str, str], offset: int = 0) -> str:
    """The warning for a chapter over the limit; `offset` turns body lines into file lines."""

    def where(place: str) -> str:
        if place.startswith("line ") and offset:
            return f"line {int(place[5:]) + offset}"
        return place

    listed = ", ".join(f"{word} ({where(place)})" for word, place in sorted(found.items()))
    return (
        f"{len(found)} different abbreviations ({listed}); a chapter may use at most "
        f"{ABBREVIATION_LIMIT} (US and UK are not counted), because many short forms make a "
        "page hard to read (PEMAT-P item 3). Fix: write the plain words where a short form earns "
        'nothing ("magnetic pulse treatment" for TMS, "ketamine drip" for IV ketamine, "the '
        'Spravato safety program" for REMS, "England\'s health service" for NHS, "the US '
        'regulator" for FDA), name a trial only in its citation, and keep only the terms the '
        "clinic will use (such as ECT), each explained at first use. Words \"in text the build "
        'inserts from data/" come from data/options.yml, outcomes.yml, values.yml or knowledge.yml.'
    )

"""Citations: every `[@key]` is a known source, every number that needs one has one, every
source is cited. The rendering is the Markdown extension handbook/markdown/citations.py
(`[@key]` -> numbered links, `<!-- references -->` -> the list), so it works under any engine
that runs Python-Markdown; this step keeps the checks and shares the extension's functions.

What this step and the extension guarantee (strict mode turns each warning into a failed build):

- Every `[@key]` or `[@key1; @key2]` outside code becomes a superscript such as `[3, 12]`
  whose numbers link to `references.md#ref-<key>`. The links are written as Markdown links,
  so MkDocs checks them (`validation.anchors`) and print-site rewrites them on the print page.
- Numbers are global, not per page: a reference's number is its position in the References
  list, which is sorted by first author, then year, then key. The same source therefore has
  the same number on every page and on the print page.
- An unknown key, or a citation that is not written `[@key]` / `[@a; @b]`, is a warning that
  names the page and line. Files a page includes (`--8<-- "name"`, from includes/) may cite
  too: the extension renders them after pymdownx.snippets has put them in, and this step
  checks each included file as it checks the page, naming the file and the page.
- `<!-- references -->` on references.md becomes the full numbered list. Each entry has the
  id `ref-<key>` and shows its DOI as https://doi.org/..., its PubMed number as
  https://pubmed.ncbi.nlm.nih.gov/<pmid>/ and its URL, with the address visible for readers
  of the printed handbook.
- An entry of data/references.yml that no page cites is a warning (checked once every page
  has been read).
- Every paragraph, list item or table row that gives a percentage, an "N in N" / "N out of
  N" frequency or a dose (mg, mg/kg) carries at least one `[@key]`; otherwise a warning
  names the page and line.
- On screen, a page that cites says under its review line what the numbers in square brackets
  are (`SOURCE_NOTE`, linked to References): a reader who comes from the menu has not read
  Start here, and "[24]" next to "fewer than 1 in 100" can be taken for a result (rater BC,
  CDC index item 16). Paper says it once, on Start here and in the short leaflet, so the
  packet does not print it in every chapter.
- data/references.yml itself is checked: required fields, at least one of doi/pmid/url
  (unless `status: secondary` with a note explaining why none is confirmed), well-formed
  identifiers, a known `status`, no duplicate keys, and a plain `about` line (up to
  30 words, a sentence, none of plain_words' jargon) that the list shows before the title.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import yaml

from handbook import html as parser
from handbook.fences import lines_outside_code
from handbook.logs import step_logger
from handbook.markdown.citations import (
    REFERENCES_FILE,
    REFERENCES_MARKER,
    REFERENCES_PAGE,
    find_citations,
    load_references,
    reference_order,
)
from handbook.markdown_source import included_texts, location, page_source, snippet_folders
from handbook.selectors import (
    CITATION_CLASS,
    CONTENT_AREA,
    PRINT_SECTION,
    REVIEW_LINE_CLASS,
    SCREEN_ONLY,
    SOURCE_NOTE_CLASS,
)
from handbook.steps.first_use import unexplained_abbreviations
from handbook.steps.plain_words import jargon_problems

log = step_logger(__name__)

EXTENSION = "handbook.markdown.citations"
#: What a page's "[3]" is, under its review line on screen (rater BC, CDC index item 16).
SOURCE_NOTE = ("A number in square brackets, like [3], is not a result: it shows the source of a fact. "
               "The sources are listed on the {link} page.")
CITATION = f"sup.{CITATION_CLASS}"
REVIEW_LINE = f"p.{REVIEW_LINE_CLASS}"
STATUSES = ("verified", "secondary")

_state: dict = {"refs": {}, "order": [], "cited": {}, "includes": []}


# ---- Hooks ----


def on_config(config):
    path = bibliography_path(config.mdx_configs, Path(config.config_file_path).parent)
    try:
        refs = load_references(path)
    except (OSError, ValueError, yaml.YAMLError) as error:
        log.warning(f"{REFERENCES_FILE}: cannot be read ({error}). Fix the file so the bibliography can be built.")
        refs = {}
    for problem in validate_references(refs):
        log.warning(f"{REFERENCES_FILE}: {problem}")
    _state["refs"] = refs
    _state["order"] = reference_order(refs)
    _state["cited"] = {}
    _state["includes"] = snippet_folders(config.mdx_configs.get("pymdownx.snippets", {}),
                                         Path(config.config_file_path).parent)
    return config


def on_page_markdown(markdown, *, page, config, files):
    refs = _state["refs"]
    source, offset = page_source(page)
    for index, message in check_citations(source, refs):
        log.warning(f"{location(page, config, index + offset + 1)}: {message}")
    for index, message in claims_without_citation(source) + html_citation_problems(source):
        log.warning(f"{location(page, config, index + offset + 1)}: {message}")
    includes = included_texts(source, _state["includes"])
    for name, text in includes.items():
        # A picture (an include that is one <figure>) is cited in the text that introduces it:
        # a citation inside its raw HTML would not render (html_citation_problems).
        claims = [] if text.lstrip().startswith("<figure") else claims_without_citation(text)
        for check in (check_citations(text, refs), claims, html_citation_problems(text)):
            for index, message in check:
                log.warning(f"{name} line {index + 1} (included by {page.file.src_uri}): {message}")
    # The extension renders them; the step counts them (the decision steps' and the included
    # files' too), for on_env.
    _state["cited"][page.file.src_uri] = cited_keys("\n".join([markdown, *includes.values()]), refs)

    if page.file.src_uri == REFERENCES_PAGE and not has_marker(markdown):
        log.warning(
            f"{location(page, config)}: the marker {REFERENCES_MARKER} is missing, so the reference "
            "list cannot be shown. Put it on its own line where the list belongs."
        )
    return markdown


def on_page_content(html_text, *, page, config, files):
    if page.file.src_uri == REFERENCES_PAGE:
        return html_text
    references = files.get_file_from_path(REFERENCES_PAGE)
    href = references.url_relative_to(page.file) if references is not None else None
    return with_source_note(html_text, href)


def on_env(env, *, config, files):
    cited = set().union(*_state["cited"].values()) if _state["cited"] else set()
    for key in uncited_references(_state["order"], cited):
        log.warning(
            f"{REFERENCES_FILE}: reference '{key}' is not cited on any page. Cite it with [@{key}] "
            "after the claim it supports, or remove it from the file."
        )
    return env


#: What a citation leaves in a page's text when it was not rendered: `[@key]` as written, or
#: the Markdown link the extension wrote, left unparsed inside raw HTML
#: (`<figcaption>... [[50](references.md#ref-rush2006 "...")]`).
_UNRENDERED = ("[@", "](references.md#ref-")


def with_source_note(html_text: str, href: str | None) -> str:
    """`html_text` with `SOURCE_NOTE` after its review line (after its H1 if it has none), when
    it has a citation; unchanged otherwise."""
    tree = parser.fragment(html_text)
    if tree.css_first(CITATION) is None:
        return html_text
    where = tree.css_first(REVIEW_LINE) or tree.css_first("h1")
    link = f'<a href="{html.escape(href)}">References</a>' if href else "References"
    note = parser.new_element("p", {"class": f"{SOURCE_NOTE_CLASS} {SCREEN_ONLY}"}, SOURCE_NOTE.format(link=link))
    if where is None:
        return note.html + html_text
    where.insert_after(note)
    return tree.html


def judge_site(site) -> list[str]:
    """On a built site: no citation is left unrendered in any page's text (code excepted)."""
    messages = []
    for page in site.pages:
        tree = site.tree(page)
        areas = tree.css(PRINT_SECTION) if site.is_print_page(page) else tree.css(CONTENT_AREA)
        for area in areas:
            for node in area.traverse(include_text=True):
                text = node.text_content or "" if node.is_text_node else ""
                if any(mark in text for mark in _UNRENDERED) and not _in_code(node):
                    found = (node.text_content or "").strip()[:60]
                    messages.append(
                        f"{page}: a citation was not rendered ({found!r}). Fix: build with the handbook "
                        f"plugin, and write citations as [@key] with keys from {REFERENCES_FILE}."
                    )
    return messages


def _in_code(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in ("code", "pre", "kbd", "samp"):
            return True
        parent = parent.parent
    return False


# ---- Helper functions ----

_REF_KEY_RE = re.compile(r"^[a-z0-9_]+$")
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID_RE = re.compile(r"^\d{1,9}$")
#: Words of the NLM's journal abbreviations ("Am J Psychiatry", "N Engl J Med"): a journal
#: written with one is abbreviated. A word list, so it misses short forms not on it.
_JOURNAL_ABBREVIATION = re.compile(
    r"\b(?:J|Am|Br|N|Int|Engl|Med|Clin|Gen|Intern|Biol|Mol|Nat|Ment|Front|Opin|Saf|Disord|Affect|Res|"
    r"Serv|Bull|Fam|Can|Inform|Decis|Mak|Geriatr|Neurosci|Psychol|Psychopharmacol|Psychiatr|Pharmacol|"
    r"Ther|Rev|Sci|Neurol|Epidemiol|Pediatr|Obstet|Gynecol|Anesth|Anaesth|Assoc|Netw|Transl|Curr|Adv|Eur|"
    r"Scand|Arch|Neuropsychopharmacol|Gerontol|Addict|Pharm|Pract)\b\.?"
)


def validate_references(refs: dict) -> list[str]:
    """Problems with the bibliography's entries, each message saying how to fix it."""
    problems = []
    for key, entry in refs.items():
        if not isinstance(key, str) or not _REF_KEY_RE.match(key):
            problems.append(f"key '{key}' must use only lowercase letters, digits and '_'.")
        if not isinstance(entry, dict):
            problems.append(f"'{key}' must be a mapping with authors, title, journal/publisher, year, doi/pmid/url, status.")
            continue
        missing = [field for field in ("authors", "title", "year", "status") if not entry.get(field)]
        if not (entry.get("journal") or entry.get("publisher")):
            missing.append("journal or publisher")
        if missing:
            problems.append(f"'{key}' is missing {', '.join(missing)}.")
        if not any(entry.get(field) for field in ("doi", "pmid", "url")) and not (
            entry.get("status") == "secondary" and entry.get("note")
        ):
            problems.append(
                f"'{key}' needs at least one of doi, pmid or url, so readers can find the source "
                "(or, if none could be confirmed, status: secondary and a note saying so)."
            )
        if entry.get("doi") and not _DOI_RE.match(str(entry["doi"])):
            problems.append(f"'{key}' has doi '{entry['doi']}'; write the bare DOI, e.g. 10.1056/NEJMoa2302399.")
        if entry.get("pmid") and not _PMID_RE.match(str(entry["pmid"])):
            problems.append(f"'{key}' has pmid '{entry['pmid']}'; write the PubMed number only, e.g. \"37224232\".")
        if entry.get("url") and not str(entry["url"]).startswith("https://"):
            problems.append(f"'{key}' has url '{entry['url']}'; use a full https:// address.")
        if entry.get("status") and entry["status"] not in STATUSES:
            problems.append(f"'{key}' has status '{entry['status']}'; use one of: {', '.join(STATUSES)}.")
        if entry.get("year") and not str(entry["year"]).isdigit():
            problems.append(f"'{key}' has year '{entry['year']}'; write the year as four digits.")
        if entry.get("journal") and _JOURNAL_ABBREVIATION.search(str(entry["journal"])):
            problems.append(
                f"'{key}' has journal '{entry['journal']}', an abbreviation; write the journal's full name "
                "(e.g. American Journal of Psychiatry, not Am J Psychiatry): readers do not know the short forms."
            )
        problems.extend(f"'{key}' {problem}" for problem in about_problems(entry.get("about")))
    return problems


#: The most words an entry's plain line may have: one or two short sentences.
ABOUT_MAX_WORDS = 30

#: Abbreviations a plain line may use bare: References explains these under "How to check a
#: source", above the list (tests/test_citations.py holds the page to that), and US and UK are
#: everyday words. Any other abbreviation must be explained in the line itself.
ABOUT_KNOWN_ABBREVIATIONS = frozenset({"US", "UK", "FDA", "NICE", "NHS"})


def about_problems(about) -> list[str]:
    """Problems with an entry's `about`: the plain line readers meet before the source's own,
    often medical, title (CDC Clear Communication Index item 7; rater AK, round 17)."""
    text = " ".join(str(about or "").split())
    if not text:
        return [
            "has no about: add one plain line saying what the source is (a trial, a review, a label, "
            "guidance...), who was in it and what it compared, e.g. about: \"A trial in adults with "
            "treatment-resistant depression. It compared ketamine drips with salt-water drips.\""
        ]
    problems = []
    words = len(text.split())
    if words > ABOUT_MAX_WORDS:
        problems.append(
            f"has an about of {words} words; keep it to {ABOUT_MAX_WORDS} or fewer (what kind of source, "
            "who was in it, what it compared) and leave the details to the title."
        )
    if text[-1] not in ".?!":
        problems.append("has an about that does not end with a full stop; write it as a sentence.")
    problems.extend(f"has an about that says {message}" for _phrase, message in jargon_problems(html.escape(text)))
    problems.extend(
        f"has an about that uses {word} without saying what it means; write the plain words, or explain it in "
        f"the line, e.g. \"talking therapy (CBT)\" or \"{word} (…plain words…)\"."
        for word in unexplained_abbreviations(text, ABOUT_KNOWN_ABBREVIATIONS)
    )
    return problems


_RAW_HTML_LINE = re.compile(r"^\s*<(?![a-z0-9]+\b[^>]*\bmarkdown\b)[a-z][^>]*>", re.I)


def html_citation_problems(text: str) -> list[tuple[int, str]]:
    """`(line index, message)` for a citation on a line of raw HTML (other than an element with
    the `markdown` attribute, such as `<p class="hb-main-message" markdown>` or `<li markdown>`,
    whose text is Markdown): Python-Markdown leaves such a line as it is, so the citation would
    print as `[[50](references.md#ref-...)]`."""
    return [
        (citation.index, f"citation {citation.raw} is inside raw HTML, where it cannot be rendered. Fix: cite "
                         "the source in the Markdown text next to it (for a picture, the sentence that introduces it).")
        for citation in find_citations(text)
        if _RAW_HTML_LINE.match(text.split("\n")[citation.index])
    ]


def check_citations(text: str, refs: dict) -> list[tuple[int, str]]:
    """`(line index, message)` for malformed citations and unknown keys."""
    problems = []
    for citation in find_citations(text):
        if not citation.keys:
            problems.append(
                (citation.index, f"citation {citation.raw} is not written as [@key] or [@key1; @key2]. Fix its spelling.")
            )
            continue
        for key in citation.keys:
            if key not in refs:
                problems.append(
                    (
                        citation.index,
                        f"unknown citation key '{key}' in {citation.raw}. Use a key from {REFERENCES_FILE} "
                        "(list in notes/CONVENTIONS.md) or ask the lead to add the source.",
                    )
                )
    return problems


def bibliography_path(mdx_configs: dict, root: Path) -> Path:
    """The bibliography the citations extension renders from (its `bibliography` setting in
    mkdocs.base.yml), so the step checks the same file: one place names it."""
    setting = (mdx_configs.get(EXTENSION) or {}).get("bibliography", REFERENCES_FILE)
    return root / os.fspath(setting)


def cited_keys(markdown: str, refs: dict) -> set[str]:
    """Keys of the well-formed citations outside code whose keys are all known: those the
    extension renders as links (handbook/markdown/citations.py, render_citations)."""
    cited: set[str] = set()
    for citation in find_citations(markdown):
        if citation.keys and all(key in refs for key in citation.keys):
            cited.update(citation.keys)
    return cited


def has_marker(markdown: str) -> bool:
    """True if the reference-list marker is a line of its own, outside code."""
    return any(line.strip() == REFERENCES_MARKER for _index, line in lines_outside_code(markdown))


def uncited_references(order: list[str], cited: set[str]) -> list[str]:
    return [key for key in order if key not in cited]



# -- Numbers that need a citation ------------------------------------------------------------

_PERCENT_RE = re.compile(r"\d+(?:\.\d+)?\s?%|\b\d+(?:\.\d+)?\s+(?:percent|per\s+cent)\b", re.I)
_NUMBER_WORD = r"one|two|three|four|five|six|seven|eight|nine|ten"
_FREQUENCY_RE = re.compile(
    rf"\b(?:\d[\d,]*|{_NUMBER_WORD})\s+(?:in|out\s+of)\s+(?:every\s+)?"
    rf"(?:\d[\d,]*|{_NUMBER_WORD}|twenty|fifty|a\s+hundred|hundred|a\s+thousand|thousand)\b",
    re.I,
)
_DOSE_RE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg(?:\s*/\s*kg)?|milligrams?)\b", re.I)
_LINK_TARGET_RE = re.compile(r"\]\([^)]*\)|<[^>\n]+>")
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_ROW_RE = re.compile(r"^\s*\|")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s")
_BLOCK_START_RE = re.compile(r"^\s*(?:!!!|\?\?\?|===|:\s{2,}|<|--8<--)")


def claim_units(text: str) -> list[tuple[int, str, str]]:
    """Split Markdown into `(first line index, kind, text)` units: paragraphs, list items,
    table rows. Headings are left out: citations belong in the text below them."""
    units: list[list] = []
    current = None
    for index, line in lines_outside_code(text):
        if not line.strip():
            current = None
            continue
        if _HEADING_RE.match(line):
            current = None
            continue
        if _TABLE_ROW_RE.match(line):
            current = None
            if not _TABLE_RULE_RE.match(line):
                units.append([index, "table row", line])
            continue
        if _LIST_ITEM_RE.match(line):
            current = [index, "list item", line]
            units.append(current)
            continue
        if current is None or _BLOCK_START_RE.match(line):
            # An admonition or tab header starts a unit that its first paragraph joins,
            # so a citation in that paragraph also covers numbers in the header's title.
            current = [index, "paragraph", line]
            units.append(current)
            continue
        current[2] += "\n" + line
    return [tuple(unit) for unit in units]


def claims_without_citation(text: str) -> list[tuple[int, str]]:
    """`(line index, message)` for each unit that gives a number needing a source but cites none."""
    problems = []
    for index, kind, unit in claim_units(text):
        if "[@" in unit:
            continue
        plain = _LINK_TARGET_RE.sub("]", unit)
        for label, pattern in (("a percentage", _PERCENT_RE), ("a frequency", _FREQUENCY_RE), ("a dose", _DOSE_RE)):
            match = pattern.search(plain)
            if match:
                problems.append(
                    (
                        index,
                        f'this {kind} gives {label} ("{" ".join(match.group(0).split())}") but cites no source. '
                        "Add [@key] right after the claim (keys: data/references.yml).",
                    )
                )
                break
    return problems

"""Citations: `[@key]` in a page becomes a numbered link to the References page.

What this hook guarantees (strict mode turns each warning into a failed build):

- Every `[@key]` or `[@key1; @key2]` outside code becomes a superscript such as `[3, 12]`
  whose numbers link to `references.md#ref-<key>`. The links are written as Markdown links,
  so MkDocs checks them (`validation.anchors`) and print-site rewrites them on the print page.
- Numbers are global, not per page: a reference's number is its position in the References
  list, which is sorted by first author, then year, then key. The same source therefore has
  the same number on every page and on the print page.
- An unknown key, or a citation that is not written `[@key]` / `[@a; @b]`, is a warning that
  names the page and line.
- `<!-- references -->` on references.md becomes the full numbered list. Each entry has the
  id `ref-<key>` and shows its DOI as https://doi.org/..., its PubMed number as
  https://pubmed.ncbi.nlm.nih.gov/<pmid>/ and its URL, with the address visible for readers
  of the printed handbook.
- An entry of data/references.yml that no page cites is a warning (checked once every page
  has been read).
- Every paragraph, list item or table row that gives a percentage, an "N in N" / "N out of
  N" frequency or a dose (mg, mg/kg) carries at least one `[@key]`; otherwise a warning
  names the page and line.
- data/references.yml itself is checked: required fields, at least one of doi/pmid/url
  (unless `status: secondary` with a note explaining why none is confirmed), well-formed
  identifiers, a known `status`, no duplicate keys.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from handbook.logs import step_logger
from handbook.markdown_source import lines_outside_code, location, page_source, replace_marker
from handbook.selectors import CONTENT_AREA, PRINT_SECTION

log = step_logger(__name__)

REFERENCES_FILE = "data/references.yml"
REFERENCES_PAGE = "references.md"
REFERENCES_MARKER = "<!-- references -->"
STATUSES = ("verified", "secondary")

_state: dict = {"refs": {}, "order": [], "cited": {}}


# ---- Hooks ----


def on_config(config):
    path = Path(config.config_file_path).parent / REFERENCES_FILE
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
    return config


def on_page_markdown(markdown, *, page, config, files):
    refs, order = _state["refs"], _state["order"]
    source, offset = page_source(page)
    for index, message in check_citations(source, refs):
        log.warning(f"{location(page, config, index + offset + 1)}: {message}")
    for index, message in claims_without_citation(source):
        log.warning(f"{location(page, config, index + offset + 1)}: {message}")

    link_target = posixpath.relpath(REFERENCES_PAGE, posixpath.dirname(page.file.src_uri) or ".")
    markdown, cited = render_citations(markdown, refs, order, link_target)
    _state["cited"][page.file.src_uri] = cited

    if page.file.src_uri == REFERENCES_PAGE:
        markdown, found = replace_marker(markdown, REFERENCES_MARKER, render_reference_list(refs, order))
        if not found:
            log.warning(
                f"{location(page, config)}: the marker {REFERENCES_MARKER} is missing, so the reference "
                "list cannot be shown. Put it on its own line where the list belongs."
            )
    return markdown


def on_env(env, *, config, files):
    cited = set().union(*_state["cited"].values()) if _state["cited"] else set()
    for key in uncited_references(_state["order"], cited):
        log.warning(
            f"{REFERENCES_FILE}: reference '{key}' is not cited on any page. Cite it with [@{key}] "
            "after the claim it supports, or remove it from the file."
        )
    return env


def judge_site(site) -> list[str]:
    """On a built site: no `[@key]` is left unrendered in any page's text (code excepted)."""
    messages = []
    for page in site.pages:
        tree = site.tree(page)
        areas = tree.css(PRINT_SECTION) if site.is_print_page(page) else tree.css(CONTENT_AREA)
        for area in areas:
            for node in area.traverse(include_text=True):
                if node.is_text_node and "[@" in (node.text_content or "") and not _in_code(node):
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

_CITATION_RE = re.compile(r"\[@(?P<body>[^\]\n]*)\]")
_KEY_RE = re.compile(r"^@(?P<key>[a-z0-9_]+)$")
_REF_KEY_RE = re.compile(r"^[a-z0-9_]+$")
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID_RE = re.compile(r"^\d{1,9}$")


@dataclass
class Citation:
    index: int  # 0-based line index in the text
    raw: str
    keys: list[str]  # empty if malformed


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (plain YAML keeps the last one silently)."""


def _construct_unique_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ValueError(f"duplicate key '{key}' (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def load_references(path) -> dict:
    """Read the bibliography; raises ValueError on duplicate keys or a non-mapping file."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    if not isinstance(data, dict):
        raise ValueError("the file must be a mapping of key: entry")
    return data


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
    return problems


def reference_order(refs: dict) -> list[str]:
    """Keys in References-list order: first author, then year, then key."""

    def sort_key(key):
        entry = refs[key] if isinstance(refs[key], dict) else {}
        return (str(entry.get("authors", "")).casefold(), str(entry.get("year", "")), key)

    return sorted(refs, key=sort_key)


def find_citations(text: str) -> list[Citation]:
    """Every `[@...]` outside code, parsed into keys (empty keys = malformed)."""
    found = []
    for index, line in lines_outside_code(text):
        for match in _CITATION_RE.finditer(line):
            parts = [part.strip() for part in ("@" + match.group("body")).split(";")]
            keys = [m.group("key") for m in map(_KEY_RE.match, parts) if m]
            found.append(Citation(index, match.group(0), keys if len(keys) == len(parts) else []))
    return found


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


def render_citations(markdown: str, refs: dict, order: list[str], link_target: str) -> tuple[str, set[str]]:
    """Replace citations outside code with numbered superscript links; return the cited keys."""
    numbers = {key: number for number, key in enumerate(order, start=1)}
    lines = markdown.split("\n")
    cited: set[str] = set()
    for index, masked in lines_outside_code(markdown):
        if "[@" not in masked:
            continue
        line, pieces, last = lines[index], [], 0
        for match in _CITATION_RE.finditer(masked):
            citation = find_citations(match.group(0))
            keys = citation[0].keys if citation else []
            pieces.append(line[last : match.start()])
            if keys and all(key in refs for key in keys):
                cited.update(keys)
                pieces.append(citation_html(keys, numbers, refs, link_target))
            else:
                pieces.append(match.group(0))  # left visible; the check above reports it
            last = match.end()
        pieces.append(line[last:])
        lines[index] = "".join(pieces)
    return "\n".join(lines), cited


def citation_html(keys: list[str], numbers: dict, refs: dict, link_target: str) -> str:
    """`<sup class="hb-cite">[1, 4]</sup>` with each number a Markdown link to its entry."""
    links = []
    for key in sorted(dict.fromkeys(keys), key=numbers.get):
        entry = refs[key]
        title = f"{entry.get('authors', '')} {entry.get('year', '')}".replace('"', "'").strip()
        links.append(f'[{numbers[key]}]({link_target}#ref-{key} "{title}")')
    return f'<sup class="hb-cite">&#91;{", ".join(links)}&#93;</sup>'


def uncited_references(order: list[str], cited: set[str]) -> list[str]:
    return [key for key in order if key not in cited]



def render_reference_list(refs: dict, order: list[str]) -> str:
    """The numbered list for references.md (md_in_html, so ids and links are real elements)."""
    items = [
        f'<li id="ref-{key}" value="{number}" markdown="span">{format_reference(refs[key])}</li>'
        for number, key in enumerate(order, start=1)
    ]
    return '<ol class="hb-references" markdown>\n' + "\n".join(items) + "\n</ol>"


def format_reference(entry: dict) -> str:
    """One entry as Markdown: authors. title. *journal*. year. DOI / PubMed / link, note."""
    parts = [
        _sentence(_escape(str(entry.get("authors", "")))),
        _sentence(_escape(str(entry.get("title", "")))),
    ]
    if entry.get("journal"):
        parts.append(f"*{_escape(str(entry['journal']))}*.")
    elif entry.get("publisher"):
        parts.append(_sentence(_escape(str(entry["publisher"]))))
    parts.append(_sentence(str(entry.get("year", ""))))
    if entry.get("doi"):
        parts.append(f"DOI: {_visible_link('https://doi.org/' + str(entry['doi']))}.")
    if entry.get("pmid"):
        pubmed = f"https://pubmed.ncbi.nlm.nih.gov/{entry['pmid']}/"
        parts.append(f"PubMed: {_visible_link(pubmed)}.")
    if entry.get("url"):
        parts.append(f"Link: {_visible_link(str(entry['url']))}.")
    note = _sentence(_escape(" ".join(str(entry.get("note", "")).split())))
    if entry.get("status") == "secondary":
        parts.append(f"*Not yet fully checked.* {note}".strip())
    elif note:
        parts.append(note)
    return " ".join(part for part in parts if part)


def _visible_link(url: str) -> str:
    """A link whose text is the address itself, so it survives printing."""
    text = _escape(url)
    return f"[{text}](<{url}>)"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    return text if text[-1] in ".?!" else text + "."


def _escape(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]])", r"\\\1", escaped)


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

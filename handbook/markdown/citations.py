"""Citations as a Python-Markdown extension: `[@key]` becomes a numbered link to the
References page, and `<!-- references -->` becomes the numbered reference list.

    markdown_extensions:
      - handbook.markdown.citations:
          bibliography: data/references.yml   # from the config file's folder

- Every `[@key]` or `[@key1; @key2]` outside code becomes a superscript such as `[3, 12]`
  whose numbers link to `references.md#ref-<key>`, written as Markdown links (so MkDocs checks
  and rewrites them). A citation with an unknown key or a wrong form is left as written; the
  citations step (handbook/steps/citations.py) reports it, and `python -m handbook check`
  fails on a built page that still shows one.
- Numbers are global: a reference's number is its place in the reference list (first author,
  then year, then key), read from the bibliography, so it is the same on every page and on paper.
- Each entry of the list has the id `ref-<key>` and shows its DOI, PubMed and URL addresses.
  The list comes in parts of at most 7 sources, cut where the first author's letter changes,
  each under a heading such as "B to C (sources 6 to 12)" (handbook/lists.py); the numbers
  run on from part to part (`<ol start=N>`).

The pure functions here are shared with the citations step, which checks the bibliography,
the citations and the numbers that need one, and that every reference is cited.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown import Extension
from markdown.preprocessors import Preprocessor

from handbook.fences import lines_outside_code
from handbook.lists import group_by_initial
from handbook.markdown import AFTER_SNIPPETS_PRIORITY, logger, project_path, relative_link, replace_marker

log = logger(__name__)

REFERENCES_FILE = "data/references.yml"
REFERENCES_PAGE = "references.md"
REFERENCES_MARKER = "<!-- references -->"

# ---- The extension (`handbook.markdown.citations` in mkdocs.base.yml) ----


class CitationsExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "bibliography": [REFERENCES_FILE, "The bibliography (YAML): key -> authors, title, year, doi/pmid/url"],
            "references_page": [REFERENCES_PAGE, "The page (under docs/) that holds <!-- references -->"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(
            CitationsPreprocessor(md, self.getConfig("bibliography"), self.getConfig("references_page")),
            "hb_citations",
            AFTER_SNIPPETS_PRIORITY,
        )


class CitationsPreprocessor(Preprocessor):
    def __init__(self, md, bibliography, references_page: str) -> None:
        super().__init__(md)
        self.bibliography, self.references_page = bibliography, references_page

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "[@" not in text and REFERENCES_MARKER not in text:
            return lines
        path = project_path(self.md, self.bibliography)
        try:
            refs = _cached_references(str(path.resolve()), path.stat().st_mtime_ns)
        except (OSError, ValueError, yaml.YAMLError) as error:
            log.warning("%s: cannot be read (%s); citations are left as written.", path.name, error)
            return lines
        link = relative_link(self.md, self.references_page)
        return render_page(text, refs, reference_order(refs), link).split("\n")


def makeExtension(**kwargs):
    return CitationsExtension(**kwargs)


# ---- Helper functions ----

_CITATION_RE = re.compile(r"\[@(?P<body>[^\]\n]*)\]")
_KEY_RE = re.compile(r"^@(?P<key>[a-z0-9_]+)$")


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


@functools.lru_cache(maxsize=4)
def _cached_references(path: str, _mtime_ns: int) -> dict:
    """The bibliography, read once per build (MkDocs makes a Markdown instance per page)."""
    return load_references(path)


def load_references(path) -> dict:
    """Read the bibliography; raises ValueError on duplicate keys or a non-mapping file."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
    if not isinstance(data, dict):
        raise ValueError("the file must be a mapping of key: entry")
    return data


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


def reference_groups(refs: dict, order: list[str]) -> list[tuple[str, list[tuple[int, str]]]]:
    """`[(heading, [(number, key), ...])]`: the list in parts of at most 7 sources, cut where the
    first author's letter changes (the list is sorted by first author), each headed by its
    letters and numbers: "B to C (sources 6 to 12)". Numbers run on from part to part."""
    authors = [str(refs[key].get("authors", "")) if isinstance(refs[key], dict) else "" for key in order]
    groups = []
    for letters, positions in group_by_initial(authors):
        entries = [(position + 1, order[position]) for position in positions]
        first, last = entries[0][0], entries[-1][0]
        numbers = f"source {first}" if first == last else f"sources {first} to {last}"
        groups.append((f"{letters} ({numbers})", entries))
    return groups


def render_reference_list(refs: dict, order: list[str]) -> str:
    """The numbered list for references.md, in parts of at most 7 (CDC Clear Communication Index
    item 8), each under a level-3 heading (the marker sits under the page's "Sources" heading).
    Each part is an `<ol start=N>` whose items keep their number (`value`) and id `ref-<key>`,
    so the numbers run on and every citation's link still lands (md_in_html: real elements).
    The parts share one `<div class="hb-reference-groups">`, which paper prints in two columns."""
    parts = []
    for title, entries in reference_groups(refs, order):
        items = [
            f'<li id="ref-{key}" value="{number}" markdown="span">{format_reference(refs[key])}</li>'
            for number, key in entries
        ]
        parts.append(f"### {title}\n\n"
                     f'<ol class="hb-references" start="{entries[0][0]}" markdown>\n' + "\n".join(items) + "\n</ol>")
    if not parts:
        return '<ol class="hb-references" markdown>\n</ol>'
    # One block for every part, so paper can flow them through its two columns (print.css).
    return '<div class="hb-reference-groups" markdown>\n\n' + "\n\n".join(parts) + "\n\n</div>"


def format_reference(entry: dict) -> str:
    """One entry as Markdown: the plain `about` line in bold on a line of its own, then
    authors. title. *journal*. year. DOI / PubMed / link, note."""
    about = _sentence(_escape(" ".join(str(entry.get("about") or "").split())))
    parts = [
        f"**{about}**<br>" if about else "",
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


def render_page(markdown: str, refs: dict, order: list[str], link_target: str) -> str:
    """A page's Markdown with its citations rendered and, if it has the marker, the reference list."""
    markdown, _cited = render_citations(markdown, refs, order, link_target)
    markdown, _found = replace_marker(markdown, REFERENCES_MARKER, render_reference_list(refs, order))
    return markdown

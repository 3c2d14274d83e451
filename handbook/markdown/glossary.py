"""The glossary as a Python-Markdown extension: `<!-- glossary -->` becomes a definition list of
every term in the one glossary source (`*[TERM]: definition` lines, includes/abbreviations.md).

    markdown_extensions:
      - handbook.markdown.glossary:
          source: includes/abbreviations.md   # from the config file's folder

The terms are sorted A to Z (ignoring case), each with the id `term-<slug>` so other pages and
the print page can link to it; nobody keeps a second copy of a definition. They come in lists
of at most 7 terms under their letters ("A to C"), as handbook/lists.py cuts them. The glossary step
(handbook/steps/glossary.py) reports the file's faults and a missing marker, with these functions.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from handbook.lists import group_by_initial
from handbook.markdown import PRE_PRIORITY, project_path, replace_marker

GLOSSARY_MARKER = "<!-- glossary -->"
DEFAULT_SOURCE = "includes/abbreviations.md"

# ---- The extension (`handbook.markdown.glossary` in mkdocs.base.yml) ----


class GlossaryExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"source": [DEFAULT_SOURCE, "The abbreviations file (*[TERM]: definition lines)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(GlossaryPreprocessor(md, self.getConfig("source")), "hb_glossary", PRE_PRIORITY)


class GlossaryPreprocessor(Preprocessor):
    def __init__(self, md, source) -> None:
        super().__init__(md)
        self.source = source

    def run(self, lines: list[str]) -> list[str]:
        if not any(line.strip() == GLOSSARY_MARKER for line in lines):
            return lines
        source = project_path(self.md, self.source)
        try:
            terms = _cached_terms(str(source.resolve()), source.stat().st_mtime_ns)
        except OSError:
            terms = []  # the glossary step reports the unreadable file
        markdown, _found = replace_marker("\n".join(lines), GLOSSARY_MARKER, render_glossary(terms))
        return markdown.split("\n")


def makeExtension(**kwargs):
    return GlossaryExtension(**kwargs)


# ---- Helper functions ----

_ABBR_RE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.*)$")


@functools.lru_cache(maxsize=4)
def _cached_terms(path: str, _mtime_ns: int) -> list[tuple[str, str]]:
    return parse_abbreviations(Path(path).read_text(encoding="utf-8"))[0]


def parse_abbreviations(text: str) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """`([(term, definition)], [(line number, problem)])` from an abbreviations file."""
    terms: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("<!--"):
            continue
        match = _ABBR_RE.match(line.strip())
        if not match:
            problems.append((number, "this line is not a glossary entry. Write it as *[TERM]: definition."))
            continue
        term, definition = match.group("term").strip(), match.group("definition").strip()
        if not definition:
            problems.append((number, f"'{term}' has no definition. Add one after the colon."))
            continue
        if term in terms:
            problems.append((number, f"'{term}' is defined twice. Keep one definition."))
            continue
        terms[term] = definition
    return sorted(terms.items(), key=lambda item: (item[0].casefold(), item[0])), problems


def slug(term: str) -> str:
    """ASCII id part: `Montgomery-Åsberg (MADRS)` -> `montgomery-asberg-madrs`."""
    spaced = re.sub(r"[\W_]+", " ", term)
    ascii_term = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_term.casefold()).strip("-")


def render_glossary(terms: list[tuple[str, str]]) -> str:
    """Definition lists (md_in_html, so ids are real elements MkDocs can check) of at most 7
    terms each (CDC Clear Communication Index item 8), cut where the first letter changes and
    each under a level-3 heading of its letters ("A to C"; the marker sits under the page's
    "Words from A to Z"). One list, with no heading, when there are 7 terms or fewer. The
    parts share one `<div class="hb-glossary-groups">`, which paper prints in two columns."""
    parts = []
    groups = group_by_initial([term for term, _definition in terms])
    for title, positions in groups:
        rows = []
        for term, definition in (terms[p] for p in positions):
            rows.append(f'<dt id="term-{slug(term)}" markdown="span">{html.escape(term, quote=False)}</dt>')
            rows.append(f'<dd markdown="span">{html.escape(definition, quote=False)}</dd>')
        heading = f"### {title}\n\n" if len(groups) > 1 else ""
        parts.append(heading + '<dl class="hb-glossary" markdown>\n' + "\n".join(rows) + "\n</dl>")
    return '<div class="hb-glossary-groups" markdown>\n\n' + "\n\n".join(parts) + "\n\n</div>"


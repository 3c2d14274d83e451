"""Glossary: the glossary page is built from the one glossary source.

`includes/abbreviations.md` (`*[TERM]: definition` lines) is auto-appended to every page by
pymdownx.snippets, which gives each term its tooltip. This hook guarantees that:

- `<!-- glossary -->` on glossary.md becomes a definition list of every term in that file,
  sorted A to Z (ignoring case), each term with the id `term-<slug>` so other pages and the
  print page can link to it. Nobody keeps a second copy of a definition.
- A missing marker, an unreadable line, a duplicate term or an empty definition in the
  abbreviations file is a warning naming the file and line.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from pathlib import Path

from handbook.logs import step_logger
from handbook.markdown_source import location, replace_marker

log = step_logger(__name__)

GLOSSARY_PAGE = "glossary.md"
GLOSSARY_MARKER = "<!-- glossary -->"
DEFAULT_SOURCE = "includes/abbreviations.md"

_state: dict = {"terms": [], "source": DEFAULT_SOURCE}


# ---- Hooks ----


def on_config(config):
    root = Path(config.config_file_path).parent.resolve()
    source = abbreviations_path(config.mdx_configs.get("pymdownx.snippets", {}), root)
    _state["source"] = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        log.warning(f"{_state['source']}: cannot be read ({error}); the glossary page will be empty.")
        text = ""
    terms, problems = parse_abbreviations(text)
    for line, message in problems:
        log.warning(f"{_state['source']}:{line}: {message}")
    _state["terms"] = terms
    return config


def on_page_markdown(markdown, *, page, config, files):
    if page.file.src_uri != GLOSSARY_PAGE:
        return markdown
    markdown, found = replace_marker(markdown, GLOSSARY_MARKER, render_glossary(_state["terms"]))
    if not found:
        log.warning(
            f"{location(page, config)}: the marker {GLOSSARY_MARKER} is missing, so the glossary "
            f"from {_state['source']} cannot be shown. Put it on its own line where the list belongs."
        )
    return markdown


# ---- Helper functions ----

_ABBR_RE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.*)$")


def abbreviations_path(snippets_config: dict, root: Path) -> Path:
    """The auto-appended abbreviations file named in the pymdownx.snippets settings."""
    base = snippets_config.get("base_path", ["."])
    # base_path may be a string, a list, or MkDocs' `!relative` placeholder (path-like).
    bases = list(base) if isinstance(base, (list, tuple)) else [base]
    for name in snippets_config.get("auto_append", []):
        if Path(name).name == Path(DEFAULT_SOURCE).name:
            for folder in bases or ["."]:
                candidate = (root / os.fspath(folder) / name).resolve()
                if candidate.exists():
                    return candidate
    return root / DEFAULT_SOURCE


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
    """A definition list (md_in_html, so ids are real elements MkDocs can check)."""
    rows = []
    for term, definition in terms:
        rows.append(f'<dt id="term-{slug(term)}" markdown="span">{html.escape(term, quote=False)}</dt>')
        rows.append(f'<dd markdown="span">{html.escape(definition, quote=False)}</dd>')
    return '<dl class="hb-glossary" markdown>\n' + "\n".join(rows) + "\n</dl>"


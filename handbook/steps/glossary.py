"""Glossary: the glossary page is built from the one glossary source.

`includes/abbreviations.md` (`*[TERM]: definition` lines) is auto-appended to every page by
pymdownx.snippets, which gives each term its tooltip. The Markdown extension
handbook/markdown/glossary.py writes the list; this step checks. Together they guarantee that:

- `<!-- glossary -->` on glossary.md becomes a definition list of every term in that file,
  sorted A to Z (ignoring case), each term with the id `term-<slug>` so other pages and the
  print page can link to it. Nobody keeps a second copy of a definition.
- A missing marker, an unreadable line, a duplicate term or an empty definition in the
  abbreviations file is a warning naming the file and line.
"""

from __future__ import annotations

import os
from pathlib import Path

from handbook.fences import lines_outside_code
from handbook.logs import step_logger
from handbook.markdown.glossary import DEFAULT_SOURCE, GLOSSARY_MARKER, parse_abbreviations
from handbook.markdown_source import location

log = step_logger(__name__)

GLOSSARY_PAGE = "glossary.md"
EXTENSION = "handbook.markdown.glossary"

_state: dict = {"source": DEFAULT_SOURCE}


# ---- Hooks ----


def on_config(config):
    root = Path(config.config_file_path).parent.resolve()
    source = abbreviations_path(config.mdx_configs.get("pymdownx.snippets", {}), root)
    _state["source"] = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
    rendered = extension_source(config.markdown_extensions, config.mdx_configs, root)
    if rendered is not None and rendered.resolve() != source.resolve():
        log.warning(
            f"mkdocs.base.yml: the glossary extension ({EXTENSION}) lists {rendered} but the tooltips come "
            f"from {_state['source']} (pymdownx.snippets auto_append). Name the same file in both."
        )
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        log.warning(f"{_state['source']}: cannot be read ({error}); the glossary page will be empty.")
        text = ""
    _terms, problems = parse_abbreviations(text)
    for line, message in problems:
        log.warning(f"{_state['source']}:{line}: {message}")
    return config


def on_page_markdown(markdown, *, page, config, files):
    if page.file.src_uri != GLOSSARY_PAGE:
        return markdown
    if not any(line.strip() == GLOSSARY_MARKER for _index, line in lines_outside_code(markdown)):
        log.warning(
            f"{location(page, config)}: the marker {GLOSSARY_MARKER} is missing, so the glossary "
            f"from {_state['source']} cannot be shown. Put it on its own line where the list belongs."
        )
    return markdown


# ---- Helper functions ----


def extension_source(extensions: list, mdx_configs: dict, root: Path) -> Path | None:
    """The file the glossary extension renders the list from, or None if it is not listed."""
    if EXTENSION not in extensions:
        return None
    return root / os.fspath((mdx_configs.get(EXTENSION) or {}).get("source", DEFAULT_SOURCE))


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

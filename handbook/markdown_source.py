"""Shared helpers for steps that check a page's Markdown source line by line.

Not a step itself (it has no MkDocs events); the steps citations, glossary, review_dates and
safe_messaging use it. Front matter comes from handbook.frontmatter and code fences from
handbook.fences (one way each). It guarantees that:

- line numbers in messages are the line numbers of the file on disk (front matter included),
  even when an earlier hook has already changed `page.markdown`;
- fenced code blocks and inline code are never checked (they show text, not claims);
- every message names the page and line the same way as the other hooks: `risks.md line 42`.
"""

from __future__ import annotations

import re
from pathlib import Path

from handbook import frontmatter
from handbook.fences import lines_outside_code, mask_inline_code
from handbook.markdown import replace_marker  # shared with the Markdown extensions (no MkDocs import there)

__all__ = [
    "lines_outside_code", "location", "mask_inline_code", "page_source", "replace_marker", "snippet_lines",
    "split_front_matter",
]


def split_front_matter(source: str) -> tuple[str, int]:
    """The Markdown body of `source` and the number of lines before it (handbook.frontmatter)."""
    _meta, body, offset = frontmatter.split(source)
    return body, offset


def page_source(page) -> tuple[str, int]:
    """The page's body as written on disk, and the number of front-matter lines before it."""
    source = page.file.content_string
    return split_front_matter(source)


def location(page, config, line: int | None = None) -> str:
    """`risks.md line 42`: the page as MkDocs names it (its path under docs/), and the line.

    Same form as the other steps' messages (steps/check_headings.py).
    """
    return f"{page.file.src_uri} line {line}" if line else page.file.src_uri


#: pymdownx.snippets' forms: `--8<-- "file"` on a line, or file names between two `--8<--` lines;
#: a `:2:5` line range or a `:section` name after the file name is not part of it.
SNIPPET_LINE = re.compile(r"""^\s*-+8<-+\s+(["'])(?P<path>[^"']+)\1\s*$""")
SNIPPET_BLOCK = re.compile(r"^\s*-+8<-+\s*$")
SNIPPET_SUFFIX = re.compile(r"(?::-?\d*)+(?:,[-\d:,]*)?$|:[a-z][-_0-9a-z]*$", re.I)


def snippet_lines(markdown: str) -> list[tuple[int, str]]:
    """`(line, file)` for every file a page includes with pymdownx.snippets (1-based lines of
    `markdown`; a `;`-commented name is skipped, a line range or section name removed)."""
    found, in_block = [], False
    for number, line in enumerate(markdown.split("\n"), start=1):
        if SNIPPET_BLOCK.match(line):
            in_block = not in_block
            continue
        match = SNIPPET_LINE.match(line)
        raw = match.group("path") if match else (line.strip() if in_block and line.strip() else None)
        if raw and not raw.startswith(";"):
            found.append((number, SNIPPET_SUFFIX.sub("", raw)))
    return found


# ---- Files a page includes (pymdownx.snippets) ----


def snippet_folders(snippets_config: dict, root: Path) -> list[Path]:
    """The folders pymdownx.snippets reads included files from (its `base_path`)."""
    base = snippets_config.get("base_path", ["."])
    bases = list(base) if isinstance(base, (list, tuple)) else [base]
    return [folder for folder in ((root / str(b)).resolve() for b in bases) if folder.is_dir()]


def included_texts(source: str, folders: list[Path]) -> dict[str, str]:
    """`{name: text}` of each Markdown file the page includes with `--8<-- "name"` on a line."""
    texts: dict[str, str] = {}
    for line in source.split("\n"):
        match = SNIPPET_LINE.match(line)
        if not match or not match.group("path").endswith(".md"):
            continue
        name = match.group("path")
        for folder in folders:
            candidate = (folder / name).resolve()
            if candidate.is_relative_to(folder) and candidate.is_file():
                texts.setdefault(name, candidate.read_text(encoding="utf-8"))
                break
    return texts


def reader_text(built: str, includes: dict[str, str]) -> tuple[str, list[str | None]]:
    """`built` with each `--8<-- "name"` line replaced by that file's text, and for each line
    of the result the included file it came from (None: the page's own Markdown)."""
    lines: list[str] = []
    origins: list[str | None] = []
    for line in built.split("\n"):
        match = SNIPPET_LINE.match(line)
        name = match.group("path") if match else None
        if name in includes:
            added = includes[name].split("\n")
            lines += added
            origins += [name] * len(added)
        else:
            lines.append(line)
            origins.append(None)
    return "\n".join(lines), origins

"""Safe messaging about suicide: wording rules and a crisis box wherever suicide comes up.

What this hook guarantees (strict mode turns each warning into a failed build):

- None of these phrases appears outside code, in any letter case or line wrapping:
  "committed suicide", "commit suicide" (and commits/committing), "successful suicide",
  "successful attempt", "failed attempt", "unsuccessful attempt". The warning names the page,
  the line and the wording to use instead.
- Every H2 section, and the introduction before the first H2, whose text mentions
  suicide/suicidal/suicidality contains the inline crisis box: the line
  `--8<-- "crisis-inline.md"` (includes/crisis-inline.md; or an element with the class hb-crisis-inline).
  The warning names the page and the section's line.
- Text that other hooks generate is checked too: this hook runs after citations.py and
  glossary.py, so the reference list and the glossary are held to the same rule. They are
  exempt only because, and only while, they do not mention suicide.
"""

from __future__ import annotations

import re

from handbook.logs import step_logger
from handbook.markdown_source import lines_outside_code, location, page_source

log = step_logger(__name__)
RUNS_AFTER = {
    "citations": "the reference list it generates must meet the same wording and crisis-box rules",
    "glossary": "the glossary it generates must meet the same rules",
    "review_dates": "the review line it adds is part of the page that is checked",
}

CRISIS_SNIPPET = '--8<-- "crisis-inline.md"'

# (pattern, wording to use instead)
BANNED = (
    (r"commit(?:s|ted|ting)?\s+suicide", "died by suicide / die by suicide"),
    (r"successful\s+suicide", "died by suicide"),
    (r"successful\s+attempts?", "died by suicide"),
    (r"unsuccessful\s+attempts?", "suicide attempt (or: survived a suicide attempt)"),
    (r"failed\s+attempts?", "suicide attempt (or: survived a suicide attempt)"),
)
_BANNED_RE = [(re.compile(rf"\b{pattern}\b", re.I), replacement) for pattern, replacement in BANNED]
_MENTION_RE = re.compile(r"\bsuicid\w*", re.I)
_CRISIS_RE = re.compile(r"""--8<--\s*["'](?:includes/)?crisis-inline\.md["']|\bhb-crisis-inline\b""")
_H2_RE = re.compile(r"^##\s+(?P<title>.+?)\s*#*\s*$")


# ---- Hooks ----


def on_page_markdown(markdown, *, page, config, files):
    source, offset = page_source(page)
    for index, message in check_page(markdown):
        line = source_line(markdown, index, source)
        where = location(page, config, line + offset + 1 if line is not None else None)
        suffix = "" if line is not None else " (in text generated from a marker on this page)"
        log.warning(f"{where}: {message}{suffix}")
    return markdown


# ---- Helper functions ----


def check_page(text: str) -> list[tuple[int, str]]:
    """All safe-messaging problems in `text` as `(line index, message)`, in line order."""
    return sorted(banned_phrases(text) + sections_without_crisis_box(text))


def banned_phrases(text: str) -> list[tuple[int, str]]:
    """`(line index, message)` for each banned phrase, even when it wraps across lines."""
    lines = text.split("\n")
    visible = [""] * len(lines)
    for index, line in lines_outside_code(text):
        visible[index] = line
    joined = "\n".join(visible)
    problems = []
    for pattern, replacement in _BANNED_RE:
        for match in pattern.finditer(joined):
            found = " ".join(match.group(0).split())
            problems.append(
                (
                    joined.count("\n", 0, match.start()),
                    f'"{found}" is not safe-messaging language. Write "{replacement}" instead '
                    "(notes/CONVENTIONS.md, 'Suicide: safe messaging').",
                )
            )
    return problems


def sections(text: str) -> list[tuple[int, str | None, list[str]]]:
    """`(first line index, H2 title or None for the introduction, lines)` outside code."""
    result: list[tuple[int, str | None, list[str]]] = [(0, None, [])]
    for index, line in lines_outside_code(text):
        heading = _H2_RE.match(line)
        if heading:
            result.append((index, heading.group("title"), []))
        result[-1][2].append(line)
    return result


def sections_without_crisis_box(text: str) -> list[tuple[int, str]]:
    problems = []
    for index, title, lines in sections(text):
        body = "\n".join(lines)
        if not _MENTION_RE.search(body) or _CRISIS_RE.search(body):
            continue
        name = f'the section "## {title}"' if title else 'the introduction (the text before the first "## " heading)'
        problems.append(
            (
                index,
                f"{name} mentions suicide but has no crisis box. Add the line {CRISIS_SNIPPET} "
                "to this section, on its own line.",
            )
        )
    return problems


def source_line(text: str, index: int, source: str) -> int | None:
    """Index in `source` of line `index` of `text` (the same line, same occurrence), or None
    when the line was generated by a hook and is not in the file."""
    lines, source_lines = text.split("\n"), source.split("\n")
    wanted = lines[index]
    if not wanted.strip():
        wanted = next((line for line in lines[index:] if line.strip()), wanted)
    occurrence = sum(1 for line in lines[:index] if line == wanted)
    seen = 0
    for number, line in enumerate(source_lines):
        if line == wanted:
            if seen == occurrence:
                return number
            seen += 1
    return None

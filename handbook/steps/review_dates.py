"""Review dates: every page says when it was reviewed, and an overdue page fails the build.

What this hook guarantees (strict mode turns each warning into a failed build):

- Every page's front matter has `title`, `description`, `last_reviewed`, `next_review`,
  `reviewer` and `regulatory` (true/false). A page without them (for example one generated
  by a plugin with no front matter) gets a warning that names the missing keys.
- `next_review` is after `last_reviewed` and at most 12 months later when `regulatory: true`
  (label, REMS, NICE or FDA facts change), at most 3 years later otherwise.
- A page whose `next_review` is before today fails the build. "Today" is the environment
  variable HANDBOOK_TODAY (YYYY-MM-DD) if set, so tests and release checks can fix the date;
  otherwise the real date.
- At the top of each page, readers see one line with the dates written out (months never
  abbreviated), the reviewer's role and the edition from `extra.edition` in mkdocs.yml:
  `Last reviewed: 27 November 2026 · Next review due: 27 November 2027 · Reviewed by:
  Consultant psychiatrist · Edition 2026.1`. It comes after what a reader needs first, in the
  handbook's order: the H1, the main message, the Key points box, then the review line
  (`insert_at_top`). A page without Key points has it after its main message, and a page
  with neither right under its H1. Before, it sat between the H1 and the main message, where
  raters read it as contributor detail in front of the page's point (rater AT, PEMAT-P item 2).
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import os
import re

from handbook import frontmatter
from handbook.logs import step_logger
from handbook.markdown_source import lines_outside_code, location
from handbook.selectors import CONTENT_AREA, MAIN_MESSAGE_CLASS, REVIEW_LINE_CLASS

log = step_logger(__name__)

REQUIRED_KEYS = ("title", "description", "last_reviewed", "next_review", "reviewer", "regulatory")
MAX_MONTHS = {True: 12, False: 36}
TODAY_VARIABLE = "HANDBOOK_TODAY"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# ---- Hooks ----


_state: dict = {"today": None}


def on_config(config):
    try:
        _state["today"] = today_from_environment()
    except ValueError as error:
        log.warning(str(error))
        _state["today"] = dt.date.today()
    return config


def on_page_markdown(markdown, *, page, config, files):
    today = _state["today"] or today_from_environment()
    source = page.file.content_string
    for key, message in check_front_matter(page.meta, today):
        log.warning(f"{location(page, config, front_matter_line(source, key))}: {message}")
    block = review_block(page.meta, config.extra.get("edition"))
    return insert_at_top(markdown, block) if block else markdown


def judge_site(site) -> list[str]:
    """On a built site: every page shows its review line at the top, right after its H1, main
    message or Key points box (whichever comes last of those the page has)."""
    messages = []
    for page in site.content_pages():
        area = site.tree(page).css_first(CONTENT_AREA)
        line = area.css_first(f"p.{REVIEW_LINE_CLASS}") if area is not None else None
        previous = line.prev if line is not None else None
        while previous is not None and not previous.is_element_node:
            previous = previous.prev
        if line is None or previous is None or not is_top_block(previous):
            messages.append(
                f"{page}: no review line (`<p class=\"{REVIEW_LINE_CLASS}\">Last reviewed: ...`) at the top, "
                "after the H1, the main message and the Key points box. Fix: give the page last_reviewed, "
                "next_review and reviewer in its front matter, and build with the handbook plugin."
            )
    return messages


def is_top_block(node) -> bool:
    """The H1, the main message or the Key points box: what the review line follows."""
    classes = (node.attributes.get("class") or "").split()
    return node.tag == "h1" or MAIN_MESSAGE_CLASS in classes or ("admonition" in classes and "abstract" in classes)


# ---- Helper functions ----


def today_from_environment(environ=os.environ) -> dt.date:
    value = environ.get(TODAY_VARIABLE)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{TODAY_VARIABLE}={value!r} is not a date; write it as YYYY-MM-DD.") from None


def as_date(value) -> dt.date | None:
    """A front-matter date (YAML gives date objects; quoted strings are accepted too)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; the 31st becomes the month's last day when needed."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_front_matter(meta: dict, today: dt.date) -> list[tuple[str | None, str]]:
    """`(front-matter key or None, message)` for missing or inconsistent review metadata."""
    missing = [key for key in REQUIRED_KEYS if meta.get(key) in (None, "")]
    if missing:
        return [
            (
                None,
                f"front matter is missing {', '.join(missing)}. Add them at the top of the page "
                "(see notes/CONVENTIONS.md, 'Every page starts like this').",
            )
        ]
    problems = []
    last, due = as_date(meta["last_reviewed"]), as_date(meta["next_review"])
    for key, value in (("last_reviewed", last), ("next_review", due)):
        if value is None:
            problems.append((key, f"{key}: {meta[key]!r} is not a date. Write it as YYYY-MM-DD, e.g. 2026-11-27."))
    regulatory = meta["regulatory"]
    if not isinstance(regulatory, bool):
        problems.append(("regulatory", f"regulatory: {regulatory!r} must be true or false."))
    if not isinstance(meta["reviewer"], str):
        problems.append(("reviewer", "reviewer must be a reviewer role written as text, e.g. 'Consultant psychiatrist'."))
    if problems:
        return problems

    if due <= last:
        problems.append(("next_review", f"next_review ({due}) must be after last_reviewed ({last})."))
    limit = add_months(last, MAX_MONTHS[regulatory])
    if due > limit:
        kind = "pages with regulatory facts (regulatory: true)" if regulatory else "pages"
        span = "12 months" if regulatory else "3 years"
        problems.append(
            (
                "next_review",
                f"next_review ({due}) is more than {span} after last_reviewed ({last}); {kind} must be "
                f"reviewed within {span}. Set next_review to {limit} or earlier.",
            )
        )
    if due < today:
        problems.append(
            (
                "next_review",
                f"review overdue: next_review was {long_date(due)} (today is {long_date(today)}). "
                "Review the page, then update last_reviewed and next_review.",
            )
        )
    return problems


front_matter_line = frontmatter.key_line  # one way to find a front-matter key's line


def long_date(day: dt.date) -> str:
    """`27 November 2026`: day, full month name, year (never abbreviated, locale-independent)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def review_block(meta: dict, edition) -> str:
    """The one-line review notice shown under the H1; empty if the dates are unusable."""
    last, due = as_date(meta.get("last_reviewed")), as_date(meta.get("next_review"))
    if last is None or due is None:
        return ""
    parts = [f"Last reviewed: {long_date(last)}", f"Next review due: {long_date(due)}"]
    if isinstance(meta.get("reviewer"), str) and meta["reviewer"].strip():
        parts.append(f"Reviewed by: {html.escape(meta['reviewer'].strip())}")
    if edition:
        parts.append(f"Edition {html.escape(str(edition))}")
    return f'<p class="hb-review">{" · ".join(parts)}</p>'


_H1_RE = re.compile(r"^#\s+\S")


_MAIN_MESSAGE_RE = re.compile(rf'^<p class="{MAIN_MESSAGE_CLASS}"[^>]*>.*</p>\s*$')
_KEY_POINTS_RE = re.compile(r'^!!!\s+abstract\s+"Key points"\s*$')


def insert_under_h1(markdown: str, block: str) -> str:
    """Put `block` (as its own HTML block) right after the first H1, or at the top if none."""
    lines = markdown.split("\n")
    for index, line in lines_outside_code(markdown):
        if _H1_RE.match(line):
            lines[index + 1 : index + 1] = ["", block, ""]
            return "\n".join(lines)
    return "\n".join([block, "", *lines])


def insert_at_top(markdown: str, block: str) -> str:
    """Put `block` after the page's opening: the first H1, then the main message (a one-line
    `<p class="hb-main-message">`) and the `!!! abstract "Key points"` box if they follow it
    (blank lines between allowed), so the review line comes after what a reader needs first.
    Without an H1, at the top."""
    lines = markdown.split("\n")
    h1 = next((index for index, line in lines_outside_code(markdown) if _H1_RE.match(line)), None)
    if h1 is None:
        return insert_under_h1(markdown, block)
    after = h1 + 1
    position = _next_filled(lines, after)
    if position is not None and _MAIN_MESSAGE_RE.match(lines[position]):
        after = position + 1
        position = _next_filled(lines, after)
    if position is not None and _KEY_POINTS_RE.match(lines[position]):
        after = position + 1
        while after < len(lines) and (not lines[after].strip() or lines[after].startswith((" ", "\t"))):
            after += 1
        while after > position + 1 and not lines[after - 1].strip():
            after -= 1  # the box ends at its last indented line, not at the blank lines after it
    lines[after:after] = ["", block, ""]
    return "\n".join(lines)


def _next_filled(lines: list[str], start: int) -> int | None:
    return next((index for index in range(start, len(lines)) if lines[index].strip()), None)

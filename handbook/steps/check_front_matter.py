"""Front matter is data, checked against a schema before any template prints it.

The theme prints `title` and `description` into <head> (<title>, <meta name="description">)
and the header without escaping, so a value like `"><script>` would become markup. This hook
validates every page's front matter against data/front-matter.schema.json (JSON Schema): only
the known keys, plain text (no <, >, &, double quote, control or invisible characters), real
dates, and `last_reviewed` not after today (HANDBOOK_TODAY=YYYY-MM-DD, else the real date).
handbook/steps/review_dates.py checks the rest of the dates (next_review after last_reviewed, within
12 months / 3 years, not overdue) and that every key is present.

Guarantee: a page whose front matter breaks the schema fails the build (error naming the
page, the line of the key and how to fix it), before any template renders it.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

import jsonschema
from mkdocs.exceptions import PluginError

from handbook.config import ROOT
from handbook.frontmatter import key_line
from handbook.logs import step_logger
from handbook.steps.review_dates import today_from_environment

log = step_logger(__name__)

RUNS_AFTER = {"check_files": "symlinks and file types are refused before any page is read"}

SCHEMA_FILE = ROOT / "data" / "front-matter.schema.json"
_errors: list[str] = []

# ---- Hooks ----


def on_pre_build(config, **kwargs) -> None:
    _errors.clear()


def on_page_markdown(markdown, *, page, config, files):
    source = page.file.content_string or ""
    try:
        today = today_from_environment()
    except ValueError:
        today = dt.date.today()  # review_dates reports the unreadable HANDBOOK_TODAY
    problems = check_front_matter(page.meta or {}, today)
    for key, message in problems:
        where = f"docs/{page.file.src_uri}:{key_line(source, key)}"
        _errors.append(where)
        log.error(f"{where}: front matter {message}")
    if problems:
        # The build fails at the end; until then no template may see the rejected values.
        allowed = set(schema()["properties"])
        for key in list(page.meta):
            if key not in allowed:
                del page.meta[key]
        for key, _ in problems:
            if key in ("title", "description", "reviewer"):
                page.meta[key] = "(rejected: see the build log)"
    return markdown


def on_post_build(config, **kwargs) -> None:
    if _errors:
        raise PluginError(f"Front matter: {len(_errors)} problem(s), each listed above with its file and line.")


# ---- Helper functions ----


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _as_json(meta: dict) -> dict:
    out = {}
    for key, value in meta.items():
        if isinstance(value, dt.datetime):
            value = "not a date: a date and time"
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[str(key)] = value
    return out


def check_front_matter(meta: dict, today_: dt.date) -> list[tuple[str | None, str]]:
    """`(key, message)` for every way `meta` breaks the schema or the review-date order."""
    data = _as_json(meta)
    problems: list[tuple[str | None, str]] = []
    validator = jsonschema.Draft202012Validator(schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        key = str(error.path[0]) if error.path else None
        if error.validator == "additionalProperties":
            extra = sorted(set(data) - set(schema()["properties"]))
            for name in extra:
                problems.append((name, f"has the key `{name}`, which pages may not set. Allowed keys: "
                                 f"{', '.join(schema()['properties'])}. Fix: remove it."))
            continue
        value = data.get(key) if key else None
        if key in ("last_reviewed", "next_review"):
            problems.append((key, f"`{key}: {value!r}` is not a date. Write it as YYYY-MM-DD, e.g. 2026-11-27."))
        elif error.validator == "pattern":
            problems.append((key, f"`{key}` must be plain text: it is printed into the page's <head>, so "
                             "<, >, &, double quotes, backticks and control or invisible characters are not "
                             "allowed. Fix: write it in words (use “curly quotes” if you need quotes)."))
        else:
            problems.append((key, f"`{key}`: {error.message}."))
    if not any(k in ("last_reviewed", "next_review") for k, _ in problems):
        for key in ("last_reviewed", "next_review"):
            value = data.get(key)
            if isinstance(value, str):
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    problems.append((key, f"`{key}: {value}` is not a real date. Write it as YYYY-MM-DD."))
        last = data.get("last_reviewed")
        if isinstance(last, str) and not any(k == "last_reviewed" for k, _ in problems):
            day = dt.date.fromisoformat(last)
            if day > today_:
                problems.append(("last_reviewed", f"`last_reviewed: {last}` is in the future (today is "
                                 f"{today_.isoformat()}). Readers would be told the page was reviewed on a day "
                                 "that has not come. Fix: write the day the review was done."))
    return problems

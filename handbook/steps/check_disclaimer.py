"""Every page, the 404 page and the printed handbook carry the disclaimer and crisis help.

Guarantee: the built HTML of each page (and of 404.html) has an element with
id="disclaimer" whose text is the text of overrides/partials/safety-notice.html, and an
element with id="crisis-help" that gives 988, 116 123, 911 and 999 -- both inside the
content area, since the header, footer and announcement bar are not printed. On the print
page both must sit on the cover. A page with its own `template:` or a theme override that
drops them fails the strict build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handbook import html as parser
from handbook.config import print_page_path
from handbook.logs import step_logger
from handbook.selectors import (
    CONTENT_AREA as CONTENT_SELECTOR,
)
from handbook.selectors import (
    CRISIS_ID,
    CRISIS_NUMBERS,
    DISCLAIMER_ID,
    NOTICE_PARTIAL,
    PRINT_COVER,
)

log = step_logger(__name__)

PARTIAL = Path(NOTICE_PARTIAL)
RUNS_AFTER = {"inject_cover_notice": "it checks the notice inject_cover_notice puts on the print cover"}


@dataclass(frozen=True)
class Area:
    """The part of the page that must hold the notice, found by a CSS selector."""

    name: str
    selector: str


CONTENT_AREA = Area(CONTENT_SELECTOR, CONTENT_SELECTOR)
COVER = Area(PRINT_COVER, PRINT_COVER)
FIX = (
    "Fix: render the page with a template that extends main.html and keeps "
    "`{% include \"partials/safety-notice.html\" %}` in the content block."
)

_expected: str | None = None

# ---- Hooks ----


def on_config(config, **kwargs):
    global _expected
    _expected = disclaimer_text(partial_path(config).read_text(encoding="utf-8"))
    return config


def on_post_page(output: str, *, page, config) -> str:
    _report(page.file.src_uri, notice_problems(output, _expected, CONTENT_AREA))
    return output


def on_post_template(output_content: str, *, template_name: str, config) -> str:
    if template_name == "404.html":
        _report("404.html", notice_problems(output_content, _expected, CONTENT_AREA))
    return output_content


def on_post_build(config, **kwargs) -> None:
    path = print_page_path(config)
    if path is None:
        return
    if not path.exists():
        log.warning("print page %s was not written; cannot check its cover.", path)
        return
    problems = notice_problems(path.read_text(encoding="utf-8"), _expected, COVER)
    _report("print page (print_page/index.html, cover)", problems)


def judge_site(site) -> list[str]:
    """The same check on any built site: every page, the 404 page and the print cover."""
    expected = disclaimer_text((site.project / "overrides" / PARTIAL).read_text(encoding="utf-8"))
    messages = []
    for page, html in site.pages.items():
        if site.is_print_page(page):
            where, area = f"print page ({page}, cover)", COVER
        else:
            where, area = page, CONTENT_AREA
        messages += [f"{where} {problem}. {FIX}" for problem in notice_problems(html, expected, area)]
    return messages


# ---- Helper functions ----


def partial_path(config) -> Path:
    return Path(config.config_file_path).parent / (config.theme.custom_dir or "overrides") / PARTIAL


def disclaimer_text(partial_html: str) -> str:
    """The disclaimer's text as written in the one partial file."""
    partial_html = re.sub(r"\{#.*?#\}", "", partial_html, flags=re.S)
    node = parser.fragment(partial_html).css_first(f"#{DISCLAIMER_ID}")
    if node is None:
        raise ValueError("overrides/partials/safety-notice.html has no id=\"disclaimer\" element")
    return parser.text(node)


def notice_problems(html: str, expected: str, container: Area) -> list[str]:
    """What is missing: an empty list means the disclaimer and crisis help are in place,
    inside `container`, as a browser parses the page."""
    tree = parser.document(html)
    area = tree.css_first(container.selector)
    if area is None:
        return [f"has no `{container.name}` element to hold the disclaimer and crisis help"]
    problems = []
    disclaimer = area.css_first(f"#{DISCLAIMER_ID}")
    if disclaimer is None:
        problems.append(f"has no disclaimer (id=\"disclaimer\") inside `{container.name}`")
    elif parser.text(disclaimer) != expected:
        problems.append("has a disclaimer whose text differs from overrides/partials/safety-notice.html")
    crisis = area.css_first(f"#{CRISIS_ID}")
    if crisis is None:
        problems.append(f"has no crisis-help box (id=\"crisis-help\") inside `{container.name}`")
    else:
        missing = [n for n in CRISIS_NUMBERS if n not in parser.text(crisis)]
        if missing:
            problems.append("has a crisis-help box without " + ", ".join(missing))
    if len(tree.css(f"#{DISCLAIMER_ID}")) > 1 or len(tree.css(f"#{CRISIS_ID}")) > 1:
        problems.append("repeats id=\"disclaimer\" or id=\"crisis-help\" (ids must be unique)")
    return problems


def _report(where: str, problems: list[str]) -> None:
    for problem in problems:
        log.warning("%s %s. %s", where, problem, FIX)

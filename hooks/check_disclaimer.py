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

from bs4 import BeautifulSoup
from mkdocs.plugins import get_plugin_logger

from inject_cover_notice import print_page_path

log = get_plugin_logger(__name__)

PARTIAL = Path("partials") / "safety-notice.html"
CRISIS_NUMBERS = ("988", "116 123", "911", "999")


@dataclass(frozen=True)
class Area:
    """A part of the page, found by its opening tag text and its closing tag."""

    name: str
    opens: str
    closes: str


CONTENT_AREA = Area("article.md-content__inner", '<article class="md-content__inner', "</article>")
COVER = Area("#print-site-cover-page", '<section id="print-site-cover-page"', "</section>")
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


# ---- Helper functions ----


def partial_path(config) -> Path:
    return Path(config.config_file_path).parent / (config.theme.custom_dir or "overrides") / PARTIAL


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def disclaimer_text(partial_html: str) -> str:
    """The disclaimer's text as written in the one partial file."""
    partial_html = re.sub(r"\{#.*?#\}", "", partial_html, flags=re.S)
    node = BeautifulSoup(partial_html, "html.parser").find(id="disclaimer")
    if node is None:
        raise ValueError("overrides/partials/safety-notice.html has no id=\"disclaimer\" element")
    return _normalise(node.get_text(" "))


def notice_problems(html: str, expected: str, container: Area) -> list[str]:
    """What is missing: an empty list means the disclaimer and crisis help are in place.

    Only the container and the two boxes are parsed, not the whole page: a full parse of
    every page cost more than the rest of the build.
    """
    begin = html.find(container.opens)
    if begin == -1:
        return [f"has no `{container.name}` element to hold the disclaimer and crisis help"]
    end = html.find(container.closes, begin)
    area = html[begin : end if end != -1 else len(html)]
    problems = []
    found = _element_text(area, "disclaimer")
    if found is None:
        problems.append(f"has no disclaimer (id=\"disclaimer\") inside `{container.name}`")
    elif found != expected:
        problems.append("has a disclaimer whose text differs from overrides/partials/safety-notice.html")
    crisis = _element_text(area, "crisis-help")
    if crisis is None:
        problems.append(f"has no crisis-help box (id=\"crisis-help\") inside `{container.name}`")
    else:
        missing = [n for n in CRISIS_NUMBERS if n not in crisis]
        if missing:
            problems.append("has a crisis-help box without " + ", ".join(missing))
    if len(re.findall(r'\sid="disclaimer"', html)) > 1 or len(re.findall(r'\sid="crisis-help"', html)) > 1:
        problems.append("repeats id=\"disclaimer\" or id=\"crisis-help\" (ids must be unique)")
    return problems


def _element_text(html: str, element_id: str) -> str | None:
    """Normalised text of the element with this id, or None if there is none."""
    match = re.search(r'<[a-zA-Z][^>]*\sid="%s"' % re.escape(element_id), html)
    if match is None:
        return None
    node = BeautifulSoup(html[match.start() :], "html.parser").find(id=element_id)
    return _normalise(node.get_text(" ")) if node is not None else None


def _report(where: str, problems: list[str]) -> None:
    for problem in problems:
        log.warning("%s %s. %s", where, problem, FIX)

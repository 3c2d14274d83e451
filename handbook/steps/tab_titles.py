"""On paper, every content tab is shown under its own tab name as a heading.

On screen a tab set (pymdownx.tabbed, alternate style) shows one panel at a time, with
the tab names as clickable labels. Paper cannot click, so the print styles show every
panel. This hook copies each tab's name into its panel as a real heading
(`<hN class="hb-tab-title">`, one level below the heading the tab set sits under), so the
printed and tagged PDF reads "IV infusion" (heading) + its text, then the next tab, and so on.
The headings are hidden on screen (the labels do that job there) and the labels are hidden
on paper (assets/stylesheets/print.css).
"""

from __future__ import annotations

import copy
import re

from bs4 import BeautifulSoup

from handbook.logs import step_logger

log = step_logger(__name__)
RUNS_AFTER = {"check_content_safety": "content safety must judge what contributors wrote, before this step adds markup"}

TITLE_CLASS = "hb-tab-title"
_HEADING = re.compile(r"^h[1-6]$")

# ---- Hooks ----


def on_page_content(html: str, *, page, config, files) -> str:
    if "tabbed-set" not in html:
        return html
    new_html, problems = add_tab_titles(html)
    for problem in problems:
        log.warning("%s: %s", page.file.src_uri, problem)
    return new_html


# ---- Helper functions ----


def add_tab_titles(html: str) -> tuple[str, list[str]]:
    """Insert a heading with the tab's name at the top of every tab panel."""
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []
    for tabset in soup.select("div.tabbed-set"):
        labels = tabset.select(":scope > .tabbed-labels > label")
        blocks = tabset.select(":scope > .tabbed-content > .tabbed-block")
        if len(labels) != len(blocks):
            problems.append(f"a tab set has {len(labels)} tab names but {len(blocks)} panels; cannot title them for print")
            continue
        level = min(heading_level_before(tabset) + 1, 6)
        for label, block in zip(labels, blocks, strict=True):  # equal lengths, checked above
            if block.find(class_=TITLE_CLASS, recursive=False):
                continue
            heading = soup.new_tag(f"h{level}", attrs={"class": TITLE_CLASS})
            for child in label.contents:
                heading.append(copy.copy(child))
            block.insert(0, heading)
    return str(soup), problems


def heading_level_before(node) -> int:
    """Level of the nearest heading before `node` in document order (1 if none)."""
    previous = node.find_previous(_HEADING)
    return int(previous.name[1]) if previous else 1

"""The build pipeline: every step of the handbook's build, in the order it runs.

This list is the one place the order is written. For each MkDocs event, handbook.plugin
calls the steps that handle it in this order (a step handles an event by defining `on_<event>`).
A step that must come after another says so, with the reason, in its `RUNS_AFTER`;
tests/test_pipeline.py checks those constraints and pins the effective order read back from
MkDocs' event system, so moving a step fails a test.

Add a step: write `handbook/steps/<verb_object>.py` (a docstring saying what it guarantees,
pure functions, `on_<event>` adapters), then add one line below.
"""

from __future__ import annotations

from handbook.steps import (
    check_content_safety,
    check_disclaimer,
    check_headings,
    check_links,
    checklist,
    citations,
    csp,
    edition,
    glossary,
    inject_cover_notice,
    pdf_link,
    print_urls,
    review_dates,
    safe_messaging,
    tab_titles,
    table_regions,
)

STEPS = (
    edition,               # config: publishes config.extra.build for templates and later steps
    check_content_safety,  # page_content: first, so it judges only what contributors wrote
    check_headings,        # page_markdown: one H1, first
    citations,             # page_markdown: [@key] -> numbered links; the reference list
    glossary,              # page_markdown: the glossary list
    review_dates,          # page_markdown: the review line under the H1
    safe_messaging,        # page_markdown: after the steps above, so their text is checked too
    tab_titles,            # page_content: tab names as headings on paper
    print_urls,            # page_content: bare URLs printed once
    pdf_link,              # page_content: "Download the PDF packet"
    checklist,             # page_content: the consent form
    table_regions,         # page_content: scrollable, labelled tables
    inject_cover_notice,   # post_build: disclaimer + crisis help on the print cover
    csp,                   # post_build: after every step that writes HTML
    check_disclaimer,      # post_page/post_build: reads the cover inject_cover_notice wrote
    check_links,           # post_build: last, reads the finished HTML
)


def name(step) -> str:
    """A step's name: its module's last part (`handbook.steps.csp` -> `csp`)."""
    return step.__name__.rsplit(".", 1)[-1]


def events(step) -> list[str]:
    """The MkDocs events a step handles (`on_page_markdown` -> `page_markdown`)."""
    return sorted(attr[3:] for attr in vars(step) if attr.startswith("on_") and callable(getattr(step, attr)))


def order(event: str) -> list[str]:
    """Names of the steps that handle `event`, in the order they run."""
    return [name(step) for step in STEPS if event in events(step)]

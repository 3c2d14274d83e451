"""The build pipeline: every step of the handbook's build, in the order it runs.

This list is the one place the order is written. For each MkDocs event, handbook.plugin
calls the steps that handle it in this order (a step handles an event by defining `on_<event>`).
A step that must come after another says so, with the reason, in its `RUNS_AFTER`;
tests/test_pipeline.py checks those constraints and pins the effective order read back from
MkDocs' event system, so moving a step fails a test.

Add a step: write `handbook/steps/<verb_object>.py` (a docstring saying what it guarantees,
pure functions, `on_<event>` adapters), then add one line below.

Transforms whose natural home is Python-Markdown are not steps but Markdown extensions
(handbook/markdown/: citations, glossary, tab_titles, print_urls, table_regions), listed under
`markdown_extensions:` in mkdocs.base.yml. MkDocs runs them while it renders a page: after every
step's `on_page_markdown` and before every step's `on_page_content`. So a page_markdown step
sees `[@key]` and the markers as written, and every page_content step (check_content_closed and
check_content_safety first) sees the rendered citations, lists, tab titles and table regions.
"""

from __future__ import annotations

from handbook.steps import (
    chapter_list,
    check_config,
    check_content_closed,
    check_content_safety,
    check_disclaimer,
    check_figures,
    check_files,
    check_front_matter,
    check_headings,
    check_links,
    check_notice_visibility,
    check_rendered_messaging,
    checklist,
    citations,
    csp,
    decision_data,
    decision_tools,
    edition,
    first_use,
    gloss_shape,
    glossary,
    hide_page_toc,
    icon_arrays,
    inject_cover_notice,
    lead_ins,
    leaflet,
    list_length,
    main_message,
    number_bars,
    options_grid,
    pdf_link,
    plain_numbers,
    plain_words,
    print_once,
    print_wording,
    release_links,
    review_dates,
    safe_messaging,
    table_cells,
    tools,
)

# One list serves every event, so steps that handle two events sit where both orders hold:
# the decision steps turn markers into Markdown before check_headings and citations read it
# (page_markdown), and finish their HTML after checklist (page_content).
STEPS = (
    check_config,          # config: first: engineer-owned settings (local assets only, no fonts, plain text)
    check_files,           # config: no symlinks; files: allowlisted types, SVG as XML; page_markdown: snippets only from includes/
    check_front_matter,    # page_markdown: the schema, before any step or template uses the meta
    edition,               # config: publishes config.extra.build for templates and later steps
    leaflet,               # config: leaflet number, publication and review dates as config.extra.leaflet
    check_content_closed,  # page_content: first: content closes what it opens, before any step re-serialises it
    check_content_safety,  # page_content: then, so it judges only what contributors wrote
    main_message,          # page_content: the chapter's message, judged before any step adds markup
    decision_data,         # config: data/options.yml, outcomes.yml, values.yml checked before they are used
    options_grid,          # page_markdown: the choices grid; page_content: its tables' headers
    pdf_link,              # page_content: "Download the PDF packet"
    checklist,             # page_content: the consent form
    decision_tools,        # page_markdown: values and knowledge tools; page_content: their forms
    icon_arrays,           # page_markdown: "N in 100" pictures, after the grid's markers
    hide_page_toc,         # page_markdown: no sidebar of the page's sections on screen (the print page keeps its own)
    chapter_list,          # page_markdown: Start here's chapter list from the nav; post_page: the menu in its groups; post_build: the print page's contents in its groups
    check_headings,        # page_markdown: one H1, first
    citations,             # page_markdown: checks [@key] (incl. the grid's) and cited numbers; the extension renders; page_content: what "[3]" is, under the review line
    glossary,              # page_markdown: the glossary marker and source (the extension writes the list)
    review_dates,          # page_markdown: the review line after the H1, main message and Key points
    safe_messaging,        # page_markdown: after the steps above, so their text is checked too
    first_use,             # page_markdown: glossary terms explained at first use (reads the glossary)
    gloss_shape,           # page_markdown: the brackets first_use asks for read as plain English
    plain_numbers,         # page_markdown: "N in 100" with a comparison and a worked difference
    release_links,         # page_content: each edition on "What changed" links to its release
    tools,                 # page_content: reader tools in tables (wrapped by the table_regions extension)
    lead_ins,              # page_content: bold lead-in paragraphs marked, so paper keeps them with what follows
    number_bars,           # page_content: a small bar after each "N in 100", after every step that writes numbers, before the text checks
    check_figures,         # page_content: every picture draws something (not only text in boxes)
    list_length,           # page_content: no list over 7 items, after every step that writes lists
    table_cells,           # page_content: one short idea per table cell, after every step that writes tables
    plain_words,           # page_content: everyday words, not jargon, in what every step wrote in
    print_wording,         # page_content: last, so words every step added are judged for paper too
    check_rendered_messaging,  # page_content: safe messaging on the text readers see, after every text step
    print_once,            # post_build: a block several chapters share prints once in the packet
    inject_cover_notice,   # post_build: disclaimer + crisis help on the print cover
    check_notice_visibility,  # post_page/post_build: notices visible, print-page sections whole (reads the cover)
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

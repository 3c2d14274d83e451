"""Names the templates, steps and gates share: ids, classes, selectors and numbers.

One place for each, so a renamed class cannot leave a gate looking for the old one.
"""

from __future__ import annotations

# ---- The safety notice (overrides/partials/safety-notice.html) ----
NOTICE_PARTIAL = "partials/safety-notice.html"
DISCLAIMER_ID = "disclaimer"
CRISIS_ID = "crisis-help"
CRISIS_NUMBERS = ("988", "116 123", "911", "999")
CRISIS_INLINE_CLASS = "hb-crisis-inline"

# ---- Where the notice must be: the content area of a page, the print page's cover ----
CONTENT_AREA = "article.md-content__inner"
PRINT_COVER = "#print-site-cover-page"
PRINT_SECTION = "section.print-page"
PRINT_PAGE_DIR = "print_page/"
PRINT_PAGE_FILE = "print_page.md"   # print-site's page, as MkDocs names its file

# ---- Classes the steps write ----
REVIEW_LINE_CLASS = "hb-review"        # review_dates: the review line after the H1, main message and Key points
MAIN_MESSAGE_CLASS = "hb-main-message"  # main_message: the chapter's one message, first under the H1
CITATION_CLASS = "hb-cite"             # citations: the superscript numbers
TABLE_REGION_CLASS = "hb-table"        # table_regions: the scrollable region
BARE_URL_CLASS = "hb-bare-url"         # print_urls: links whose text is the address
TAB_TITLE_CLASS = "hb-tab-title"       # tab_titles: tab names as headings on paper
PDF_LINK_CLASS = "hb-pdf-link"         # pdf_link
SOURCE_NOTE_CLASS = "hb-source-note"   # citations: what "[3]" is, under the review line on screen

# ---- Classes writers and steps use for the two media ----
SCREEN_ONLY = "hb-screen-only"         # shown on screen, never printed (print_wording judges paper without it)

# ---- The Content-Security-Policy (overrides/main.html, step csp) ----
CSP_INERT = 'meta[name="hb-csp"]'
CSP_ACTIVE = 'meta[http-equiv="Content-Security-Policy"]'

#: Form fields the project's own partials write (checklist notes, decision tools, reader
#: tools: overrides/partials/checklist-notes.html, decision-*.html, tool-*.html), each keyed
#: for the browser's storage by one of these attributes. Contributors may not write them: the
#: build judges content before any step adds these, and `python -m handbook check` leaves out
#: exactly these when it judges a finished page's content.
PROJECT_FIELDS = "textarea[data-hb-field], textarea[data-hb-d], textarea[data-hb-tool-field]"

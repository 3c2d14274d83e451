"""No "Table of contents" sidebar beside a page's text on screen (Material's `hide: [toc]`).

Material lists every section of the open page in a right-hand sidebar (and, on a phone, under
the page's name in the menu). On most chapters that list has 8 to 17 entries in one run, the
longest list a reader meets on the page (CDC Clear Communication Index item 8: no list over 7
items; raters AT and AU, round 22), and one more thing beside the text that competes with it
(PEMAT-P item 2). Each chapter opens with its main message and Key points, its sections have
plain headings, and the menu on the left comes in groups of at most 7
(handbook/steps/chapter_list.py), so this step hides the sidebar on every page.

Material also copies that list into the menu, under the open page's name, behind a button
(on a phone, the menu is where a reader meets it). After the page is rendered, this step takes
that copy out of the menu too (`without_menu_contents`), and the page's entry stays a plain link.
The list in the hidden sidebar goes too, so nothing in the page's HTML is a list a reader never
meets. The page's headings and their anchors stay, and so does Material's "Skip to content"
link (it is made from the page's sections before this step runs).

The print page keeps it: print-site's script builds the printed contents from that list
(handbook/steps/chapter_list.py groups it). A page that already hides something keeps that
too: "toc" is added to its `hide` list.
"""

from __future__ import annotations

from handbook import html as parser
from handbook.selectors import PRINT_PAGE_FILE as PRINT_PAGE

# ---- Hooks ----


def on_page_markdown(markdown, *, page, config, files):
    if page.file.src_uri != PRINT_PAGE:
        page.meta["hide"] = with_toc_hidden(page.meta.get("hide"))
    return markdown


def on_post_page(output, *, page, config):
    if page.file.src_uri == PRINT_PAGE or "toc" not in (page.meta.get("hide") or []):
        return output
    return without_menu_contents(output)


# ---- Helper functions ----

#: In the menu, the open page's entry: its list of sections, and the toggle and label that open
#: it; and the list in the hidden sidebar (rater AV read it in the HTML and counted it).
MENU_CONTENTS = ("nav.md-nav--primary li.md-nav__item--active > input#__toc",
                 'nav.md-nav--primary li.md-nav__item--active > label[for="__toc"]',
                 "nav.md-nav--primary li.md-nav__item--active > nav.md-nav--secondary",
                 ".md-sidebar--secondary[hidden] nav.md-nav--secondary")


def without_menu_contents(html: str) -> str:
    """The page without its list of sections: the copy in the menu and the one in the hidden
    sidebar (the sidebar's empty box stays, as Material's scripts expect it); unchanged if there
    is none."""
    tree = parser.document(html)
    found = [node for selector in MENU_CONTENTS for node in tree.css(selector)]
    if not found:
        return html
    for node in found:
        node.decompose()
    return tree.html


def with_toc_hidden(hide) -> list[str]:
    """The page's `hide` list with "toc" in it, once; anything else it hid stays hidden."""
    items = [hide] if isinstance(hide, str) else list(hide or [])
    return items if "toc" in items else [*items, "toc"]

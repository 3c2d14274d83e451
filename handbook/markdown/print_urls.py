"""On paper, every external link shows its address, once.

The print styles (assets/stylesheets/print.css) write an external link's address after
its text: `a[href^="https:"]::after { content: " (" attr(href) ")" }`, so a reader of the
printed packet can still find each reference. CSS cannot see whether the link text
already *is* the address (`<https://988lifeline.org/>`), which would print it twice; this
extension marks such links with class `hb-bare-url` and the print styles skip them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markdown import Extension

from handbook import html as parser
from handbook.markdown import HtmlTransform
from handbook.selectors import BARE_URL_CLASS

BARE_CLASS = BARE_URL_CLASS
PRIORITY = 2  # postprocessors: after tab_titles (3), before table_regions (1), as the steps ran

# ---- The extension (`handbook.markdown.print_urls` in mkdocs.base.yml) ----


class PrintUrlsExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(HtmlTransform(md, mark_bare_urls), "hb_print_urls", PRIORITY)


def makeExtension(**kwargs):
    return PrintUrlsExtension(**kwargs)


# ---- Helper functions ----


def comparable(url: str) -> str:
    """An address without scheme, 'www.' and trailing slash, for 'is the text the URL?'."""
    url = url.strip().lower()
    if urlsplit(url).scheme and "://" in url:
        url = url.split("://", 1)[1]
    url = url.removeprefix("www.")
    return url.rstrip("/")


def is_bare(text: str, href: str) -> bool:
    """True if the visible link text (plain text, already unescaped) shows the address."""
    text = re.sub(r"\s+", "", text)
    return bool(text) and comparable(text) == comparable(href)


def mark_bare_urls(html: str) -> str:
    """Add class hb-bare-url to every https link whose text is its own address."""
    if "https://" not in html:
        return html
    tree = parser.fragment(html)
    changed = False
    for link in tree.css('a[href^="https://"]'):
        if is_bare(link.text(deep=True), link.attributes.get("href") or ""):
            parser.add_class(link, BARE_CLASS)
            changed = True
    return tree.html if changed else html

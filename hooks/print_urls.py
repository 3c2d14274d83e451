"""On paper, every external link shows its address, once.

The print styles (assets/stylesheets/print.css) write an external link's address after
its text: `a[href^="https:"]::after { content: " (" attr(href) ")" }`, so a reader of the
printed packet can still find each reference. CSS cannot see whether the link text
already *is* the address (`<https://988lifeline.org/>`), which would print it twice; this
hook marks such links with class `hb-bare-url` and the print styles skip them.
"""

from __future__ import annotations

import html as htmllib
import re

from mkdocs.plugins import event_priority

BARE_CLASS = "hb-bare-url"
_LINK = re.compile(r'<a\b([^>]*?)\bhref="(https://[^"]+)"([^>]*)>(.*?)</a>', re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_CLASS = re.compile(r'\bclass="([^"]*)"')

# ---- Hooks ----


@event_priority(50)  # before print-site copies the page into the print page
def on_page_content(html: str, *, page, config, files) -> str:
    return mark_bare_urls(html)


# ---- Helper functions ----


def comparable(url: str) -> str:
    """An address without scheme, 'www.' and trailing slash, for 'is the text the URL?'."""
    url = htmllib.unescape(url).strip().lower()
    url = re.sub(r"^[a-z]+://", "", url)
    url = re.sub(r"^www\.", "", url)
    return url.rstrip("/")


def is_bare(text: str, href: str) -> bool:
    """True if the visible link text already shows the address."""
    text = re.sub(r"\s+", "", htmllib.unescape(_TAG.sub("", text)))
    return bool(text) and comparable(text) == comparable(href)


def mark_bare_urls(html: str) -> str:
    """Add class hb-bare-url to every https link whose text is its own address."""

    def mark(match: re.Match) -> str:
        before, href, after, text = match.groups()
        if not is_bare(text, href):
            return match.group(0)
        attrs = before + after
        if _CLASS.search(attrs):
            before = _CLASS.sub(lambda m: f'class="{m.group(1)} {BARE_CLASS}"', before)
            after = _CLASS.sub(lambda m: f'class="{m.group(1)} {BARE_CLASS}"', after)
            return f'<a{before}href="{href}"{after}>{text}</a>'
        return f'<a{before}href="{href}" class="{BARE_CLASS}"{after}>{text}</a>'

    return _LINK.sub(mark, html)

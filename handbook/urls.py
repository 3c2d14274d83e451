"""Where a page's Markdown ends up: one rule, MkDocs' `use_directory_urls` (the default).

`docs/index.md` -> `` / `index.html`; `docs/risks.md` -> `risks/` / `risks/index.html`;
`docs/a/index.md` -> `a/` / `a/index.html`.
"""

from __future__ import annotations

import posixpath


def page_url(src_uri: str) -> str:
    """The page's URL relative to the site root (`risks/`, or `` for the start page)."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return f"{stem}/"


def built_file(src_uri: str) -> str:
    """The built HTML file of the page, relative to the site (`risks/index.html`)."""
    return posixpath.join(page_url(src_uri), "index.html")

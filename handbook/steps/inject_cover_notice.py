"""Put the disclaimer and crisis help on the cover of the printed handbook.

print-site renders its cover template with a bare Jinja environment that cannot include
theme partials, so the notice (one file: overrides/partials/safety-notice.html) is added
here, after print-site has written the print page. handbook/steps/check_disclaimer.py then checks
that it is there.
"""

from __future__ import annotations

from handbook import html as parser
from handbook.config import print_page_path
from handbook.logs import step_logger
from handbook.selectors import NOTICE_PARTIAL, PRINT_COVER

log = step_logger(__name__)

PARTIAL = NOTICE_PARTIAL

# ---- Hooks ----


def on_post_build(config, **kwargs) -> None:
    path = print_page_path(config)
    if path is None or not path.exists():
        return
    notice = config.theme.get_env().get_template(PARTIAL).render(config=config)
    html, ok = add_to_cover(path.read_text(encoding="utf-8"), notice)
    if not ok:
        log.warning(
            "print page %s has no cover section, so the disclaimer and crisis help cannot be "
            "put on paper. Fix: keep `add_cover_page: true` for print-site in mkdocs.yml.",
            path.relative_to(config.site_dir),
        )
        return
    path.write_text(html, encoding="utf-8")


# ---- Helper functions ----


def add_to_cover(html: str, notice: str) -> tuple[str, bool]:
    """Insert `notice` at the end of the cover section (sections nested in the cover stay
    above it). Returns (html, found_cover)."""
    tree = parser.document(html)
    cover = tree.css_first(PRINT_COVER)
    if cover is None:
        return html, False
    for node in parser.nodes(notice):
        cover.insert_child(node)
    return tree.html, True

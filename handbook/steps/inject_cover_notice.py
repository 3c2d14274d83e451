"""Put the disclaimer and crisis help on the cover of the printed handbook, and the
clinic-leaflet basics (leaflet number, dates, "Your clinic" box, other formats) on the
cover's back page.

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
LEAFLET_PARTIAL = "partials/leaflet-basics.html"
COVER_BACK = '<section id="hb-cover-back" class="hb-cover-back">{}</section>'

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
    leaflet = (config.extra or {}).get("leaflet") or {}
    basics = config.theme.get_env().get_template(LEAFLET_PARTIAL).render(config=config, leaflet=leaflet, clinic=True)
    html, _ = add_cover_back(html, basics)
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


def add_cover_back(html: str, block: str) -> tuple[str, bool]:
    """Insert `block` as its own page right after the cover section. Returns (html, found_cover)."""
    tree = parser.document(html)
    cover = tree.css_first(PRINT_COVER)
    if cover is None:
        return html, False
    cover.insert_after(parser.parse_node(COVER_BACK.format(block)))
    return tree.html, True

"""Put the disclaimer and crisis help on the cover of the printed handbook, and the
clinic-leaflet basics (leaflet number, dates, "Your clinic" box, other formats) on the
cover's back page.

The most important information comes first on paper too (CDC Clear Communication Index
items 4 and 10): the cover's back page opens with Start here's "Before you read on"
box (one source, includes/need-to-know.md, moved there so the packet prints it once) and a
copy of Start here's road-map picture. The packet prints the "Your clinic" box once, on the
cover's back: the copies in the checklist and the decision summary chapters are dropped from
the print page (their own PDFs keep theirs, as they are handed out alone). Pages print-site
leaves out of the packet (its `exclude` option: "What changed") are on the web only, so links
to them on the print page point to the hosted page.

print-site renders its cover template with a bare Jinja environment that cannot include
theme partials, so the notice (one file: overrides/partials/safety-notice.html) is added
here, after print-site has written the print page. handbook/steps/check_disclaimer.py then checks
that it is there.
"""

from __future__ import annotations

from handbook import html as parser
from handbook.config import in_print_page, print_page_path
from handbook.logs import step_logger
from handbook.selectors import NOTICE_PARTIAL, PRINT_COVER, PRINT_SECTION

log = step_logger(__name__)

PARTIAL = NOTICE_PARTIAL
LEAFLET_PARTIAL = "partials/leaflet-basics.html"
COVER_BACK = '<section id="hb-cover-back" class="hb-cover-back">{}</section>'
#: The packet's first page after the cover: what the reader most needs to know, and the picture
#: of the handbook's parts. Its own element (not inside #hb-cover-back, which the short leaflet
#: copies to its last page); it shares the cover's back page with the leaflet basics.
PACKET_FRONT = '<section id="hb-packet-front" class="hb-packet-front"></section>'
START_HERE = "section.print-page#index"
NEED_TO_KNOW = ".hb-need-to-know"  # includes/need-to-know.md
LEAFLET = ".hb-leaflet"  # overrides/partials/leaflet-basics.html

_web_only: list[tuple[str, str]] = []  # (print-page key, page URL) of pages left out of the packet

# ---- Hooks ----


def on_nav(nav, *, config, files):
    from handbook.steps.check_notice_visibility import print_key

    _web_only[:] = [(print_key(page.url), page.url) for page in nav.pages
                    if not in_print_page(config, page.file.src_path)]
    return nav


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
    basics = config.theme.get_env().get_template(LEAFLET_PARTIAL).render(config=config, leaflet=leaflet, clinic=True, packet=True)
    html, _ = add_cover_back(html, basics)
    html, missing = add_packet_front(html)
    for what in missing:
        log.info("print page: Start here has no %s, so the cover's back page goes without it.", what)
    html = drop_repeated_leaflets(html)
    html = point_to_web_only_pages(html, _web_only, config.site_url or "")
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


def add_packet_front(html: str) -> tuple[str, list[str]]:
    """Open the cover's back page with Start here's "Before you read on" box (moved:
    the packet prints it once, before the contents). No copy of Start here's road-map: the
    contents page and Start here already show the four parts, and raters failed a third
    navigation picture as repetition (PEMAT-P item 2). Returns (html, what Start here lacked)."""
    tree = parser.document(html)
    back = tree.css_first("#hb-cover-back")
    start = tree.css_first(START_HERE)
    if back is None or start is None:
        return html, [NEED_TO_KNOW] if start is None else []
    box = start.css_first(NEED_TO_KNOW)
    if box is None:
        return html, [NEED_TO_KNOW]
    front = parser.parse_node(PACKET_FRONT)
    front.insert_child(box)
    box.decompose()
    back.insert_before(front)
    return tree.html, []


def drop_repeated_leaflets(html: str) -> str:
    """The leaflet basics once per packet: on the cover's back, not again in the chapters
    (the checklist and the decision summary carry them for their own PDFs)."""
    tree = parser.document(html)
    repeats = [node for section in tree.css(PRINT_SECTION) for node in section.css(LEAFLET)]
    if not repeats:
        return html
    for node in repeats:
        node.decompose()
    return tree.html


def point_to_web_only_pages(html: str, pages: list[tuple[str, str]], site_url: str) -> str:
    """Links on the print page to a page left out of the packet (`#what-changed`, or an
    anchor in it) point to that page on the hosted site instead of nowhere."""
    if not pages:
        return html
    tree = parser.document(html)
    base = site_url if site_url.endswith("/") else site_url + "/"
    changed = False
    for link in tree.css('a[href^="#"]'):
        fragment = (link.attributes.get("href") or "")[1:]
        for key, url in pages:
            if fragment == key or fragment.startswith(key + "-"):
                rest = fragment[len(key) + 1:]
                link.attrs["href"] = base + url + (f"#{rest}" if rest else "")
                changed = True
                break
    return tree.html if changed else html

"""Put "Download the PDF packet" links where writers ask for them.

A writer puts `<!-- pdf-link -->` on a line of its own; this hook replaces it with a link to
the packet. The PDFs are not made by the build but afterwards, by `make pdf`
(scripts/make_pdf.py), into the paths listed once in mkdocs.yml `extra.generated_outputs`;
handbook/steps/check_links.py accepts links to exactly those paths. Links are relative, so they work
at any site_url (GitHub Pages serves the site under /<repo>/). The paragraph is hidden on
paper (a download link is no use in a printed packet).
"""

from __future__ import annotations

from html import escape

from mkdocs.utils import get_relative_url

from handbook.config import generated_outputs
from handbook.logs import step_logger

log = step_logger(__name__)
RUNS_AFTER = {"check_content_safety": "content safety must judge what contributors wrote, before this step adds markup"}

PLACEHOLDER = "<!-- pdf-link -->"
PACKET = "packet_pdf"
GLANCE = "glance_pdf"  # the short leaflet (scripts/pdf_glance.py), if listed

# ---- Hooks ----


def on_page_content(html: str, *, page, config, files) -> str:
    if PLACEHOLDER not in html:
        return html
    target = generated_outputs(config).get(PACKET)
    if not target:
        log.warning(
            "%s asks for the PDF link, but mkdocs.yml has no extra.generated_outputs.%s. "
            "Fix: list the packet's path there.", page.file.src_uri, PACKET,
        )
        return html
    glance = generated_outputs(config).get(GLANCE)
    glance_href = get_relative_url(glance, page.url or ".") if glance else None
    return html.replace(PLACEHOLDER, link_html(get_relative_url(target, page.url or "."), glance_href))


# ---- Helper functions ----


def link_html(href: str, glance: str | None = None) -> str:
    short = (
        f' Or <a href="{escape(glance)}" type="application/pdf">download Ketamine at a glance</a>: '
        "a short leaflet of 12 pages or fewer with the main points, the most important risks, "
        "where to get help and the checklist (PDF)."
    ) if glance else ""
    return (
        '<p class="hb-pdf-link hb-screen-only">'
        f'<a href="{escape(href)}" type="application/pdf">Download the PDF packet</a>: '
        f"the whole handbook and the consent checklist, ready to print (PDF).{short}</p>"
    )

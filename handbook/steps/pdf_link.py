"""Put "Download the PDF packet" links where writers ask for them.

A writer puts `<!-- pdf-link -->` on a line of its own; this hook replaces it with a link to
the packet. The PDFs are not made by the build but afterwards, by `make pdf`
(scripts/make_pdf.py), into the paths listed once in mkdocs.yml `extra.generated_outputs`;
handbook/steps/check_links.py accepts links to exactly those paths. Links are relative, so they work
at any site_url (GitHub Pages serves the site under /<repo>/). The paragraph is hidden on
paper (a download link is no use in a printed packet).

Every other link to a PDF the build makes (a template's "download this checklist", the
decision summary's blank form) must be screen-only too: on_post_page (and judge_site, on any
built site) fails on a link to a generated output, or any `type="application/pdf"` link,
that is printed, naming the page and the link.
"""

from __future__ import annotations

import posixpath
from html import escape
from urllib.parse import unquote, urlsplit

from mkdocs.utils import get_relative_url

from handbook import html as parser
from handbook.config import generated_outputs
from handbook.logs import step_logger
from handbook.selectors import SCREEN_ONLY

log = step_logger(__name__)
RUNS_AFTER = {"check_content_safety": "content safety must judge what contributors wrote, before this step adds markup"}

PLACEHOLDER = "<!-- pdf-link -->"
PACKET = "packet_pdf"
GLANCE = "glance_pdf"  # the short leaflet (scripts/pdf_glance.py), if listed
#: Never printed, whatever the CSS (as handbook/steps/print_wording.py judges paper).
NOT_PRINTED_TAGS = {"script", "style", "template", "textarea", "noscript"}

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


def on_post_page(output: str, *, page, config) -> str:
    for text, target in printed_download_links(output, page.url or "", generated_outputs(config).values()):
        log.warning(
            "docs/%s: the link %r downloads %s, and it is printed, where a download link means nothing. "
            "Fix: put it inside class=\"%s\" (as the pdf_link step does for <!-- pdf-link -->); if paper "
            "needs words of its own, add them in class=\"hb-print-only\".",
            page.file.src_uri, text, target, SCREEN_ONLY,
        )
    return output


def judge_site(site) -> list[str]:
    """On any built site: no printed link to a PDF (every page, the print page too)."""
    problems = []
    for name, html in site.pages.items():
        url = name[: -len("index.html")] if name.endswith("index.html") else name
        for text, target in printed_download_links(html, url, site.generated):
            problems.append(f"{name}: the link {text!r} downloads {target} and is printed. Fix: put it inside "
                            f'class="{SCREEN_ONLY}".')
    return problems


# ---- Helper functions ----


def _printed(node) -> bool:
    """False if `node` or an ancestor never reaches paper (screen-only, hidden, a template...)."""
    while node is not None and (node.tag or "").lower() not in ("body", "html", "-document"):
        if (node.tag or "").lower() in NOT_PRINTED_TAGS or "hidden" in (node.attributes or {}):
            return False
        if SCREEN_ONLY in parser.classes(node):
            return False
        node = node.parent
    return True


def site_path(href: str, page_url: str) -> str | None:
    """The site path (`pdf/x.pdf`) a relative link on the page at `page_url` points to, or
    None for a link to another host, a scheme (tel:, mailto:) or the page itself."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = parts.path if parts.path.startswith("/") else posixpath.join("/" + posixpath.dirname("/" + page_url).strip("/"), parts.path)
    return posixpath.normpath(unquote(path)).lstrip("/")


def printed_download_links(html: str, page_url: str, outputs) -> list[tuple[str, str]]:
    """[(link text, target)] of each printed link to a PDF: a file the build lists in
    extra.generated_outputs (`outputs`), or any link marked `type="application/pdf"`."""
    wanted = {str(o).strip("/") for o in outputs}
    found = []
    for link in parser.document(html).css("a[href]"):
        href = link.attributes.get("href") or ""
        target = site_path(href, page_url)
        is_pdf = target in wanted or (link.attributes.get("type") or "").strip().lower() == "application/pdf"
        if is_pdf and _printed(link):
            found.append((parser.text(link), target or href))
    return found


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

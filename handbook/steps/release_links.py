"""Under each edition's heading on "What changed", a link to that edition's GitHub release.

A clinic must be able to fetch the exact packet a patient was given. Each edition is
published as a GitHub release (tag `edition-YYYY.N`, made by .github/workflows/release.yml)
whose assets are that edition's PDFs. This hook finds every heading "Edition YYYY.N ..." in a
page's content (on the site: the CHANGELOG.md entries shown on docs/what-changed.md) and puts
this line right under it:

    Printed copies of edition 2026.1: PDF packet and checklist
    (https://github.com/<owner>/<name>/releases/tag/edition-2026.1)

The repository is mkdocs.yml `repo_name` when it reads `owner/name`, else the path of a
github.com `repo_url`; without either no link is added. Nothing is typed per edition, so the
links cannot drift from the headings. Runs before print-site copies the page, so the printed
handbook has the links too (with their address shown, handbook/markdown/print_urls.py).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from handbook import html as parser

RUNS_AFTER = {"check_content_safety": "content safety must judge what contributors wrote, before this step adds markup"}


TAG_PREFIX = "edition-"
_EDITION_RE = re.compile(r"^\s*Edition\s+(\d{4}\.\d+)\b")
_SLUG_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")

# ---- Hooks ----


def on_page_content(html_text: str, *, page, config, files) -> str:
    repo = github_repo(config.get("repo_name"), config.get("repo_url"))
    return add_release_links(html_text, repo) if repo else html_text


# ---- Helper functions ----


def github_repo(repo_name, repo_url) -> str | None:
    """`owner/name` of the handbook's GitHub repository, or None."""
    if isinstance(repo_name, str) and _SLUG_RE.match(repo_name.strip()):
        return repo_name.strip()
    parts = urlsplit(str(repo_url or ""))
    path = parts.path.strip("/").removesuffix(".git")
    if parts.scheme == "https" and parts.hostname == "github.com" and _SLUG_RE.match(path):
        return path
    return None


def release_url(repo: str, edition: str) -> str:
    return f"https://github.com/{repo}/releases/tag/{TAG_PREFIX}{edition}"


def add_release_links(html_text: str, repo: str) -> str:
    """Insert the release line after every `<h2>` that starts "Edition YYYY.N"."""
    if "Edition" not in html_text:
        return html_text
    tree = parser.fragment(html_text)
    headings = [(h, _EDITION_RE.match(parser.text(h))) for h in tree.css("h2")]
    headings = [(h, m.group(1)) for h, m in headings if m]
    if not headings:
        return html_text
    for heading, edition in headings:
        url = html.escape(release_url(repo, edition), quote=True)
        heading.insert_after(parser.parse_node(
            f'<p class="hb-release">Printed copies of edition {html.escape(edition)}: '
            f'<a href="{url}">PDF packet and checklist of edition {html.escape(edition)}</a></p>'
        ))
    return tree.html

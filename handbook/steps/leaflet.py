"""Clinic-leaflet basics for every PDF: leaflet number, publication date, review date.

A clinic that hands out a leaflet must be able to say which one it is and until when it
holds. This hook works them out once, at build time, and publishes them as
`config.extra.leaflet` for every template that prints (the print cover's back page, the
checklist head, the short leaflet, and any later generated PDF):

    config.extra.leaflet = {
        "number": "TRDK-2026.1",            # from extra.edition (and extra.leaflet_code)
        "published": "27 November 2026",   # the edition's date in CHANGELOG.md
        "review": "27 November 2027",       # the earliest next_review of any page
        "site_url": "https://...",
        "commit": "3619957" or None,        # for PDF metadata only, never printed
    }

One partial prints them (overrides/partials/leaflet-basics.html): the leaflet line, the
"Your clinic" box to fill in and the line saying where it is online (the packet: "This handbook is online at"). The build hash
is not printed on paper: scripts/make_pdf.py writes it into the PDF metadata.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from handbook import frontmatter
from handbook.logs import step_logger

log = step_logger(__name__)

RUNS_AFTER = {"edition": "the leaflet number comes from the edition"}

DEFAULT_CODE = "TRDK"
PARTIAL = "partials/leaflet-basics.html"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# ---- Hooks ----


def on_config(config, **kwargs):
    root = Path(config.config_file_path).parent
    extra = config.extra
    edition = str(extra.get("edition") or "").strip()
    changelog = root / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    metas = [front_matter(p) for p in sorted(Path(config.docs_dir).rglob("*.md"))]
    build = extra.get("build") or {}
    info = leaflet_info(edition, text, metas, str(extra.get("leaflet_code") or DEFAULT_CODE),
                        config.site_url or "", build.get("commit"), build.get("date"))
    for problem in info.pop("problems"):
        log.warning(problem)
    extra["leaflet"] = info
    return config


# ---- Helper functions ----


def front_matter(path: Path) -> dict:
    try:
        return frontmatter.meta(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError):
        return {}


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def leaflet_number(edition: str, code: str = DEFAULT_CODE) -> str:
    """'TRDK-2026.1': the leaflet code and the edition (the edition is set once, in mkdocs.yml)."""
    return f"{code}-{edition}" if edition else code


def publication_date(changelog: str, edition: str) -> dt.date | None:
    """The date of `## Edition <edition> (27 November 2026)` in CHANGELOG.md, if any."""
    if not edition:
        return None
    heading = re.search(rf"^##\s+Edition\s+{re.escape(edition)}\s*\(([^)]+)\)", changelog, re.M)
    if not heading:
        return None
    text = heading.group(1).strip()
    for fmt in ("%d %B %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def earliest_review(metas: list[dict]) -> dt.date | None:
    """The earliest `next_review` of all pages: the leaflet holds until then."""
    dates = [d for d in (as_date(m.get("next_review")) for m in metas if m.get("next_review")) if d]
    return min(dates) if dates else None


def leaflet_info(edition: str, changelog: str, metas: list[dict], code: str = DEFAULT_CODE,
                 site_url: str = "", commit: str | None = None, build_date: str | None = None) -> dict:
    """Everything the leaflet basics print, plus `problems` (warnings that say how to fix)."""
    problems = []
    published = publication_date(changelog, edition)
    if published is None and changelog:
        problems.append(
            f"CHANGELOG.md has no heading `## Edition {edition} (D Month YYYY)`, so the leaflet's "
            "publication date falls back to the build date. Fix: date the edition in CHANGELOG.md."
        )
    if published is None:  # no CHANGELOG.md (a fixture project): the build date
        published = as_date(build_date) or dt.date.today()
    review = earliest_review(metas)  # handbook/steps/review_dates.py makes every page have one
    return {
        "number": leaflet_number(edition, code),
        "edition": edition,
        "published": long_date(published),
        "published_iso": published.isoformat(),
        "review": long_date(review) if review else "not set",
        "review_iso": review.isoformat() if review else "",
        "site_url": site_url,
        "commit": commit,
        "problems": problems,
    }


def footer_line(leaflet: dict) -> str:
    """The line every printed page carries: 'Leaflet number TRDK-2026.1 · Published … · Review due …'."""
    return (f"Leaflet number {leaflet.get('number', '')} · Published {leaflet.get('published', '')}"
            f" · Review due {leaflet.get('review', '')}")


def render_basics(config, clinic: bool = True) -> str:
    """The leaflet basics (overrides/partials/leaflet-basics.html) for any generated PDF."""
    template = config.theme.get_env().get_template(PARTIAL)
    return template.render(config=config, leaflet=(config.extra or {}).get("leaflet") or {}, clinic=clinic)

"""Which pages are due for clinical review: `make review-report` (or `--days N`).

Reads the front matter of every page in docs/ (last_reviewed, next_review, reviewer,
regulatory; see notes/CONVENTIONS.md) and prints a Markdown table of the pages whose
next_review falls within the next N days (default 90), overdue pages first, with the
reviewer role who should check each one. Pages with no readable next_review are listed too,
because nobody would otherwise notice them. Paste the table into an issue to plan the work.

It only reports (with --fail-if-due it also exits 1 when a page is due, for the monthly
workflow .github/workflows/review-dates.yml); the step review_dates fails the build on bad dates.

    python scripts/review_report.py                  # due within 90 days of today
    python scripts/review_report.py --days 30
    python scripts/review_report.py --today 2027-10-01
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from handbook import frontmatter
from handbook.steps.review_dates import as_date  # dates read exactly as the build reads them

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DAYS = 90


@dataclass(frozen=True)
class Row:
    page: str                # path from the repository root: docs/risks.md
    title: str
    reviewer: str
    last_reviewed: dt.date | None
    next_review: dt.date | None
    regulatory: bool

    def status(self, today: dt.date) -> str:
        if self.next_review is None:
            return "no next_review date"
        days = (self.next_review - today).days
        if days < 0:
            return f"OVERDUE by {-days} day{'s' if days != -1 else ''}"
        if days == 0:
            return "due today"
        return f"due in {days} day{'s' if days != 1 else ''}"


def front_matter(text: str) -> dict:
    """The YAML front matter of a Markdown page ({} if it has none or it is unreadable)."""
    return frontmatter.meta(text)



def read_pages(docs: Path, root: Path = ROOT) -> list[Row]:
    """One row per Markdown page under `docs`."""
    rows = []
    for path in sorted(docs.rglob("*.md")):
        meta = front_matter(path.read_text(encoding="utf-8"))
        try:
            page = path.relative_to(root).as_posix()
        except ValueError:
            page = path.as_posix()
        rows.append(Row(
            page=page,
            title=str(meta.get("title") or path.stem),
            reviewer=str(meta.get("reviewer") or "(no reviewer named)"),
            last_reviewed=as_date(meta.get("last_reviewed")),
            next_review=as_date(meta.get("next_review")),
            regulatory=bool(meta.get("regulatory")),
        ))
    return rows


def due_rows(rows: list[Row], today: dt.date, days: int = DEFAULT_DAYS) -> list[Row]:
    """Rows with no next_review, or one within `days` of `today` (overdue included), soonest first."""
    limit = today + dt.timedelta(days=days)
    due = [r for r in rows if r.next_review is None or r.next_review <= limit]
    return sorted(due, key=lambda r: (r.next_review is not None, r.next_review or today, r.page))


def format_report(rows: list[Row], today: dt.date, days: int = DEFAULT_DAYS) -> str:
    """A heading line and a Markdown table of the due rows."""
    due = due_rows(rows, today, days)
    limit = today + dt.timedelta(days=days)
    head = f"Pages due for review by {limit} (within {days} days of {today}), or overdue: {len(due)} of {len(rows)}"
    if not due:
        return head + "\n\nNo page is due for review in this period.\n"
    lines = [
        head, "",
        "| Page | Title | Reviewer (role) | Last reviewed | Next review | Regulatory | Status |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in due:
        lines.append(
            f"| {r.page} | {r.title} | {r.reviewer} | {r.last_reviewed or '-'} | {r.next_review or '-'} "
            f"| {'yes (12 months)' if r.regulatory else 'no (3 years)'} | {r.status(today)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="look this many days ahead (default 90)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="date to count from, YYYY-MM-DD (default: today)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="pages folder (default: docs)")
    parser.add_argument("--fail-if-due", action="store_true",
                        help="exit 1 if any page is due within --days (the monthly workflow's early warning)")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must be 0 or more")
    rows = read_pages(args.docs)
    print(format_report(rows, args.today, args.days), end="")
    return 1 if args.fail_if_due and due_rows(rows, args.today, args.days) else 0


if __name__ == "__main__":
    sys.exit(main())

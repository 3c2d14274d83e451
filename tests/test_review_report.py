"""scripts/review_report.py: which pages are due for review, and who reviews them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from conftest import ROOT
from review_report import Row, due_rows, format_report, front_matter, main, read_pages

TODAY = dt.date(2027, 9, 1)


def _page(docs, name, next_review, reviewer="Consultant psychiatrist", regulatory="true"):
    lines = ["---", f"title: {name.title()}", "last_reviewed: 2026-11-27"]
    if next_review:
        lines.append(f"next_review: {next_review}")
    lines += [f"regulatory: {regulatory}", f"reviewer: {reviewer}", "---", "", f"# {name.title()}", ""]
    (docs / f"{name}.md").write_text("\n".join(lines))


def _docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    _page(docs, "overdue", "2027-08-01")
    _page(docs, "soon", "2027-10-15", reviewer="Clinical pharmacist")
    _page(docs, "later", "2029-11-27", reviewer="Lead editor", regulatory="false")
    _page(docs, "undated", None)
    return docs


def test_due_rows_lists_overdue_soon_and_undated_but_not_later(tmp_path):
    rows = read_pages(_docs(tmp_path), root=tmp_path)
    due = due_rows(rows, TODAY, 90)
    assert [r.page for r in due] == ["docs/undated.md", "docs/overdue.md", "docs/soon.md"]
    assert [r.status(TODAY) for r in due] == ["no next_review date", "OVERDUE by 31 days", "due in 44 days"]


def test_days_option_widens_the_window(tmp_path):
    rows = read_pages(_docs(tmp_path), root=tmp_path)
    assert "docs/later.md" in [r.page for r in due_rows(rows, TODAY, 1000)]
    assert [r.page for r in due_rows(rows, TODAY, 10)] == ["docs/undated.md", "docs/overdue.md"]


def test_report_is_a_table_with_reviewer_role_and_dates(tmp_path):
    report = format_report(read_pages(_docs(tmp_path), root=tmp_path), TODAY, 90)
    assert report.splitlines()[0].startswith("Pages due for review by 2027-11-30 (within 90 days of 2027-09-01)")
    assert "| Page | Title | Reviewer (role) | Last reviewed | Next review | Regulatory | Status |" in report
    assert "| docs/soon.md | Soon | Clinical pharmacist | 2026-11-27 | 2027-10-15 | yes (12 months) | due in 44 days |" in report
    assert "docs/later.md" not in report


def test_nothing_due_says_so():
    row = Row("docs/a.md", "A", "Lead editor", dt.date(2026, 1, 1), dt.date(2029, 1, 1), False)
    assert "No page is due" in format_report([row], TODAY, 90)


def test_front_matter_edge_cases():
    assert front_matter("# No front matter\n") == {}
    assert front_matter("---\n: : bad yaml [\n---\n# T\n") == {}
    assert front_matter("---\nreviewer: Lead editor\n---\n# T\n") == {"reviewer": "Lead editor"}


def test_cli_days_option(tmp_path, capsys):
    docs = _docs(tmp_path)
    assert main(["--docs", str(docs), "--today", "2027-09-01", "--days", "10"]) == 0
    out = capsys.readouterr().out
    assert "within 10 days" in out and "overdue.md" in out and "soon.md" not in out


def test_real_pages_name_a_reviewer_role_and_dates():
    rows = read_pages(ROOT / "docs", root=ROOT)
    assert rows
    missing = [r.page for r in rows if r.next_review is None or r.last_reviewed is None
               or r.reviewer == "(no reviewer named)"]
    assert missing == [], "pages without review dates or a reviewer role in their front matter"


def test_script_runs_on_the_real_pages():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "review_report.py"), "--days", "90"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("Pages due for review by")


def test_fail_if_due_warns_before_a_page_is_due(tmp_path, capsys):
    """The monthly workflow's early warning: exit 1 while a page is due within 90 days,
    long before the build itself fails on the date."""
    page = tmp_path / "risks.md"
    page.write_text("---\nnext_review: 2027-10-15\nreviewer: Consultant psychiatrist\n---\n# Risks\n")
    assert main(["--docs", str(tmp_path), "--today", "2027-07-01", "--fail-if-due"]) == 0  # 106 days ahead
    assert main(["--docs", str(tmp_path), "--today", "2027-07-20", "--fail-if-due"]) == 1  # 87 days ahead
    assert main(["--docs", str(tmp_path), "--today", "2027-07-20"]) == 0  # a report only
    assert "risks.md" in capsys.readouterr().out

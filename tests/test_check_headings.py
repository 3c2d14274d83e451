"""handbook/steps/check_headings.py: one H1, first."""

from __future__ import annotations

from conftest import build_project

from handbook.steps.check_headings import heading_problems


def test_good_page_has_no_problems():
    assert heading_problems("# Title\n\nText.\n\n## Part\n\n```\n# not a heading\n```\n") == []


def test_missing_h1_first():
    problems = heading_problems("Intro text.\n\n# Title\n")
    assert problems[0][0] == 1 and "must start with" in problems[0][1]


def test_second_h1():
    problems = heading_problems("# One\n\ntext\n\n# Two\n")
    assert problems == [(5, "a second H1. Fix: use `##` for sections; a page has one `#` title.")]


def test_build_names_page_and_file_line(project):
    site = project("minisite")
    risks = site / "docs" / "risks.md"
    risks.write_text(risks.read_text() + "\n# Another title\n")  # after 8 lines of front matter
    result = build_project(site)
    assert not result.ok
    assert result.warned(f"risks.md line {len(risks.read_text().splitlines())}", "a second H1")

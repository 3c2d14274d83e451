"""handbook/steps/review_dates.py: required front matter, review limits, overdue pages, the review line."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT, build_project

from handbook.steps.review_dates import (
    add_months,
    check_front_matter,
    front_matter_line,
    insert_at_top,
    insert_under_h1,
    long_date,
    review_block,
    today_from_environment,
)

TODAY = dt.date(2026, 12, 1)
GOOD = {
    "title": "Risks",
    "description": "What can go wrong.",
    "last_reviewed": dt.date(2026, 11, 27),
    "next_review": dt.date(2027, 11, 27),
    "regulatory": True,
    "reviewer": "Consultant psychiatrist",
}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-12-01")


def messages(meta, today=TODAY):
    return [message for _key, message in check_front_matter(meta, today)]


def test_good_front_matter_passes():
    assert check_front_matter(GOOD, TODAY) == []
    assert check_front_matter({**GOOD, "regulatory": False, "next_review": dt.date(2029, 11, 27)}, TODAY) == []


def test_missing_keys_are_named():
    meta = {"title": "Risks", "regulatory": False}
    assert messages(meta) == [
        "front matter is missing description, last_reviewed, next_review, reviewer. Add them at the top of "
        "the page (see notes/CONVENTIONS.md, 'Every page starts like this')."
    ]


def test_regulatory_page_must_be_reviewed_within_12_months():
    meta = {**GOOD, "next_review": dt.date(2027, 11, 28)}
    assert check_front_matter(meta, TODAY) == [
        (
            "next_review",
            "next_review (2027-11-28) is more than 12 months after last_reviewed (2026-11-27); pages with "
            "regulatory facts (regulatory: true) must be reviewed within 12 months. Set next_review to "
            "2027-11-27 or earlier.",
        )
    ]


def test_other_pages_must_be_reviewed_within_3_years():
    meta = {**GOOD, "regulatory": False, "next_review": dt.date(2029, 11, 28)}
    assert any("more than 3 years after last_reviewed" in m for m in messages(meta))


def test_overdue_page_is_reported():
    assert messages(GOOD, today=dt.date(2027, 11, 28)) == [
        "review overdue: next_review was 27 November 2027 (today is 28 November 2027). Review the page, "
        "then update last_reviewed and next_review."
    ]
    assert messages(GOOD, today=dt.date(2027, 11, 27)) == []  # due today is not overdue yet


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"next_review": dt.date(2026, 11, 1)}, "must be after last_reviewed"),
        ({"last_reviewed": "27/11/2026"}, "is not a date. Write it as YYYY-MM-DD"),
        ({"regulatory": "yes"}, "regulatory: 'yes' must be true or false."),
        ({"reviewer": ["Dr X"]}, "reviewer must be a reviewer role written as text"),
    ],
)
def test_bad_values_are_reported(change, expected):
    assert any(expected in m for m in messages({**GOOD, **change})), messages({**GOOD, **change})


def test_quoted_dates_are_accepted():
    assert check_front_matter({**GOOD, "last_reviewed": "2026-11-27", "next_review": "2027-11-27"}, TODAY) == []


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 11, 27), 36) == dt.date(2029, 11, 27)


def test_today_comes_from_the_environment():
    assert today_from_environment({"HANDBOOK_TODAY": "2030-01-02"}) == dt.date(2030, 1, 2)
    assert today_from_environment({}) == dt.date.today()
    with pytest.raises(ValueError, match="HANDBOOK_TODAY='02/01/2030' is not a date"):
        today_from_environment({"HANDBOOK_TODAY": "02/01/2030"})


def test_review_line_spells_out_dates_and_shows_edition():
    assert long_date(dt.date(2026, 9, 3)) == "3 September 2026"
    assert review_block(GOOD, "2026.1") == (
        '<p class="hb-review">Last reviewed: 27 November 2026 · Next review due: 27 November 2027 · '
        "Reviewed by: Consultant psychiatrist · Edition 2026.1</p>"
    )
    assert review_block({**GOOD, "reviewer": "A & B"}, None).endswith("Reviewed by: A &amp; B</p>")
    assert review_block({"title": "x"}, "1") == ""


def test_review_line_goes_right_under_the_h1():
    text = "```\n# not a heading\n```\n# Title\n\nBody.\n"
    assert insert_under_h1(text, "<p>R</p>") == "```\n# not a heading\n```\n# Title\n\n<p>R</p>\n\n\nBody.\n"
    assert insert_under_h1("No heading.\n", "<p>R</p>") == "<p>R</p>\n\nNo heading.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # H1, main message, Key points: the line comes after the box, before what follows it
        ('# T\n\n<p class="hb-main-message" markdown>Main.</p>\n\n!!! abstract "Key points"\n    - One.\n\n'
         "    - Two.\n\n## Next\n",
         '# T\n\n<p class="hb-main-message" markdown>Main.</p>\n\n!!! abstract "Key points"\n    - One.\n\n'
         "    - Two.\n\n<p>R</p>\n\n\n## Next\n"),
        # no Key points: after the main message
        ('# T\n\n<p class="hb-main-message">Main.</p>\n\nBody.\n',
         '# T\n\n<p class="hb-main-message">Main.</p>\n\n<p>R</p>\n\n\nBody.\n'),
        # neither: under the H1; a Key points box further down is not the opening's
        ('# T\n\nBody.\n\n!!! abstract "Key points"\n    - One.\n',
         '# T\n\n<p>R</p>\n\n\nBody.\n\n!!! abstract "Key points"\n    - One.\n'),
        # no H1: at the top
        ("Body.\n", "<p>R</p>\n\nBody.\n"),
    ],
    ids=["after-key-points", "after-main-message", "under-h1", "no-h1"],
)
def test_review_line_comes_after_the_main_message_and_key_points(text, expected):
    assert insert_at_top(text, "<p>R</p>") == expected


def test_front_matter_line_points_at_the_key():
    source = "---\ntitle: A\nnext_review: 2027-01-01\n---\n\n# A\n"
    assert front_matter_line(source, "next_review") == 3
    assert front_matter_line(source, "reviewer") == 1
    assert front_matter_line(source, None) == 1


# -- Whole builds ----------------------------------------------------------------------------


def test_review_line_is_rendered_under_the_title(project):
    result = build_project(project("rules"))
    assert result.ok, result.warnings
    html = (result.site / "risks" / "index.html").read_text(encoding="utf-8")
    line = (
        '<p class="hb-review">Last reviewed: 27 November 2026 · Next review due: 27 November 2029 · '
        "Reviewed by: Pharmacist · Edition 9.9</p>"
    )
    assert line in html
    assert html.index("<h1") < html.index(line) < html.index("Some people feel sleepy")


def test_overdue_page_fails_the_build(project, monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", "2028-01-15")
    result = build_project(project("rules"))
    assert not result.ok
    assert result.warned("index.md line 5", "review overdue: next_review was 27 November 2027", "15 January 2028")
    assert not result.warned("risks.md", "overdue")  # its 3-year review is not due yet


def test_page_without_front_matter_fails_the_build(project):
    site = project("rules")
    risks = site / "docs" / "risks.md"
    risks.write_text(risks.read_text().split("---\n", 2)[2])
    result = build_project(site)
    assert not result.ok
    assert result.warned(
        "risks.md line 1", "front matter is missing title, description, last_reviewed, next_review, reviewer, regulatory"
    )


def test_too_distant_review_date_fails_the_build(project):
    site = project("rules")
    index = site / "docs" / "index.md"
    index.write_text(index.read_text().replace("next_review: 2027-11-27", "next_review: 2028-11-27"))
    result = build_project(site)
    assert not result.ok
    assert result.warned("index.md line 5", "more than 12 months after last_reviewed")


def test_unreadable_handbook_today_fails_the_build(project, monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", "tomorrow")
    result = build_project(project("rules"))
    assert not result.ok
    assert result.warned("HANDBOOK_TODAY='tomorrow' is not a date; write it as YYYY-MM-DD.")


def test_the_handbook_is_not_overdue_today():
    """The one test that uses the real date (every other test runs on HANDBOOK_TODAY, pinned in
    tests/conftest.py, so the suite gives the same answer next year). It fails on the day a
    page's review falls due, as the real build does; the monthly workflow warns 90 days before."""
    import datetime as dt

    from handbook import frontmatter

    overdue = []
    for page in sorted((ROOT / "docs").glob("*.md")):
        meta = frontmatter.meta(page.read_text(encoding="utf-8"))
        overdue += [f"{page.name}: {m}" for _key, m in check_front_matter(meta, dt.date.today()) if "overdue" in m]
    assert overdue == []

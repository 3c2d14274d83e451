"""handbook/steps/safe_messaging.py: banned wording and a crisis box wherever suicide comes up."""

from __future__ import annotations

import pytest
from conftest import build_project

from handbook.steps.safe_messaging import banned_phrases, check_page, sections_without_crisis_box, source_line

SNIPPET = '--8<-- "crisis-inline.md"'


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-12-01")


@pytest.mark.parametrize(
    ("text", "found", "instead"),
    [
        ("He committed suicide.", "committed suicide", "died by suicide / die by suicide"),
        ("People who COMMIT SUICIDE", "COMMIT SUICIDE", "died by suicide / die by suicide"),
        ("a successful attempt", "successful attempt", "died by suicide"),
        ("a Successful Suicide", "Successful Suicide", "died by suicide"),
        ("after a failed attempt", "failed attempt", "suicide attempt (or: survived a suicide attempt)"),
        ("two unsuccessful attempts", "unsuccessful attempts", "suicide attempt (or: survived a suicide attempt)"),
    ],
)
def test_banned_phrase_is_reported_with_replacement(text, found, instead):
    problems = banned_phrases(f"# T\n\n{text}\n")
    assert (2, f'"{found}" is not safe-messaging language. Write "{instead}" instead '
            "(notes/CONVENTIONS.md, 'Suicide: safe messaging').") in problems


def test_banned_phrase_wrapped_across_lines_is_found():
    assert [line for line, _ in banned_phrases("Text.\nHe had\ncommitted\nsuicide before.\n")] == [2]


def test_safe_wording_and_code_are_not_reported():
    text = "He died by suicide. She survived a suicide attempt.\n\n```\ncommitted suicide\n```\n`failed attempt`\n"
    assert banned_phrases(text) == []


def test_section_mentioning_suicide_needs_the_crisis_box():
    text = (
        "# Title\n\nIntro without the word.\n\n"
        "## Mood\n\nSome people have suicidal thoughts.\n\n### Detail\n\nMore.\n\n"
        "## Helped\n\nSuicidality can rise.\n\n" + SNIPPET + "\n\n"
        "## Rendered\n\nSuicide is discussed.\n\n<div class=\"hb-crisis-inline\">help</div>\n"
    )
    assert sections_without_crisis_box(text) == [
        (
            4,
            'the section "## Mood" mentions suicide but has no crisis box. Add the line '
            f"{SNIPPET} to this section, on its own line.",
        )
    ]


def test_box_in_another_section_does_not_count():
    text = "# T\n\n## A\n\nSuicidal thoughts.\n\n### Sub\n\nx\n\n## B\n\n" + SNIPPET + "\n"
    assert [line for line, _ in sections_without_crisis_box(text)] == [2]


def test_introduction_is_a_section_too():
    problems = sections_without_crisis_box("# T\n\nThoughts of suicide are common in depression.\n\n## Next\n\nx\n")
    assert problems[0][0] == 0 and "the introduction" in problems[0][1]


def test_mentions_in_code_do_not_count():
    assert check_page("# T\n\n```\nsuicide\n```\n") == []


def test_generated_lines_have_no_source_line():
    assert source_line("# T\n<p>x</p>\n## A", 2, "# T\n\n## A") == 2
    assert source_line("# T\nGenerated suicide text", 1, "# T\n<!-- marker -->") is None


# -- Whole builds ----------------------------------------------------------------------------


def test_banned_phrase_fails_the_build(project):
    site = project("rules")
    risks = site / "docs" / "risks.md"
    risks.write_text(risks.read_text().replace("Help is always there.", "Nobody should feel they failed attempt."))
    result = build_project(site)
    assert not result.ok
    assert result.warned("risks.md line 16", '"failed attempt" is not safe-messaging language', "survived a suicide attempt")


def test_missing_crisis_box_fails_the_build(project):
    site = project("rules")
    risks = site / "docs" / "risks.md"
    risks.write_text(risks.read_text().replace(SNIPPET + "\n", ""))
    result = build_project(site)
    assert not result.ok
    assert result.warned("risks.md line 14", 'the section "## Mood" mentions suicide but has no crisis box')


def test_generated_glossary_text_is_held_to_the_rule(project):
    site = project("rules")
    abbreviations = site / "includes" / "abbreviations.md"
    abbreviations.write_text(
        abbreviations.read_text()
        + "*[988]: The US suicide and crisis line.\n*[KIC]: Seen in people who commit suicide.\n"
    )
    result = build_project(site)
    assert not result.ok
    # The glossary list is rendered by the Markdown extension (handbook/markdown/glossary.py), so
    # the rendered-text check judges it, and names the line of the file the words came from.
    assert result.warned("includes/abbreviations.md:4 (included in docs/glossary.md)", "the introduction",
                         "mentions suicide but has no crisis box", "crisis-inline.md")
    assert result.warned(
        "includes/abbreviations.md:5 (included in docs/glossary.md)", '"commit suicide" is not safe-messaging language',
        "died by suicide"
    )

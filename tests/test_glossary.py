"""handbook/steps/glossary.py and handbook/markdown/glossary.py: the glossary page is generated
from includes/abbreviations.md."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, build_project

from handbook.markdown.glossary import GLOSSARY_MARKER, render_glossary, slug
from handbook.markdown_source import replace_marker
from handbook.steps.glossary import abbreviations_path, extension_source, parse_abbreviations


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-12-01")


def test_terms_are_sorted_ignoring_case():
    terms, problems = parse_abbreviations("*[TRD]: T.\n*[placebo]: P.\n*[Esketamine]: E.\n\n")
    assert problems == []
    assert [term for term, _ in terms] == ["Esketamine", "placebo", "TRD"]


def test_bad_lines_are_reported_with_their_line_numbers():
    text = "*[TRD]: T.\nTRD means something\n*[ECT]:\n*[TRD]: Again.\n<!-- a comment is fine -->\n"
    terms, problems = parse_abbreviations(text)
    assert terms == [("TRD", "T.")]
    assert problems == [
        (2, "this line is not a glossary entry. Write it as *[TERM]: definition."),
        (3, "'ECT' has no definition. Add one after the colon."),
        (4, "'TRD' is defined twice. Keep one definition."),
    ]


def test_definition_list_has_an_id_per_term():
    html = render_glossary([("Schedule III", "A <legal> group."), ("off-label", "Not on the label.")])
    assert html == (
        '<div class="hb-glossary-groups" markdown>\n\n'
        '<dl class="hb-glossary" markdown>\n'
        '<dt id="term-schedule-iii" markdown="span">Schedule III</dt>\n'
        '<dd markdown="span">A &lt;legal&gt; group.</dd>\n'
        '<dt id="term-off-label" markdown="span">off-label</dt>\n'
        '<dd markdown="span">Not on the label.</dd>\n</dl>\n\n</div>'
    )
    assert slug("Montgomery–Åsberg (MADRS)") == "montgomery-asberg-madrs"


def test_marker_in_code_is_not_replaced():
    text = "```\n<!-- glossary -->\n```\n"
    assert replace_marker(text, GLOSSARY_MARKER, "LIST") == (text, False)
    assert replace_marker("# G\n\n<!-- glossary -->\n", GLOSSARY_MARKER, "LIST") == ("# G\n\n\nLIST\n\n", True)


def test_abbreviations_file_is_found_from_the_snippets_settings(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "abbreviations.md").write_text("*[A]: a.\n")
    settings = {"base_path": [str(tmp_path)], "auto_append": ["inc/abbreviations.md"]}
    assert abbreviations_path(settings, tmp_path) == (tmp_path / "inc" / "abbreviations.md").resolve()


def test_real_glossary_source_is_clean_and_complete():
    terms, problems = parse_abbreviations((ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8"))
    assert problems == []
    names = {term for term, _ in terms}
    assert {"TRD", "ECT", "dissociation", "esketamine", "placebo", "remission", "off-label"} <= names
    assert len(terms) >= 8 + 15
    for term, definition in terms:
        assert definition[-1] == ".", f"{term}: end the definition with a full stop"
        assert not re.search(r"suicid", definition, re.I), f"{term}: the glossary page has no crisis box"


# -- Whole builds ----------------------------------------------------------------------------


def test_glossary_page_lists_every_term_sorted(project):
    result = build_project(project("rules"))
    assert result.ok, result.warnings
    html = (result.site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<dt id="(term-[a-z-]+)">', html) == ["term-esketamine", "term-placebo", "term-trd"]
    assert "<dd>A dummy treatment with no active medicine.</dd>" in html
    assert "<!-- glossary -->" not in html


def test_new_term_appears_without_editing_the_page(project):
    site = project("rules")
    abbreviations = site / "includes" / "abbreviations.md"
    abbreviations.write_text(abbreviations.read_text() + "*[relapse]: When depression comes back.\n")
    result = build_project(site)
    assert result.ok, result.warnings
    html = (result.site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<dt id="(term-[a-z-]+)">', html) == ["term-esketamine", "term-placebo", "term-relapse", "term-trd"]


def test_missing_marker_fails_the_build(project):
    site = project("rules")
    page = site / "docs" / "glossary.md"
    page.write_text(page.read_text().replace("<!-- glossary -->", ""))
    result = build_project(site)
    assert not result.ok
    assert result.warned("glossary.md", "the marker <!-- glossary --> is missing")


def test_malformed_abbreviation_fails_the_build(project):
    site = project("rules")
    abbreviations = site / "includes" / "abbreviations.md"
    abbreviations.write_text(abbreviations.read_text() + "[relapse]: missing star\n")
    result = build_project(site)
    assert not result.ok
    assert result.warned("includes/abbreviations.md:4", "is not a glossary entry")


def test_the_extension_and_the_tooltips_name_one_file(tmp_path):
    """The glossary extension writes the list, snippets' auto_append gives the tooltips: the
    step checks that both read the same file (the real configuration does)."""
    from handbook import config

    cfg = config.load()
    root = ROOT
    snippets = abbreviations_path(cfg.mdx_configs["pymdownx.snippets"], root)
    assert extension_source(cfg.markdown_extensions, cfg.mdx_configs, root).resolve() == snippets.resolve()
    other = {"handbook.markdown.glossary": {"source": "includes/other.md"}}
    assert extension_source(["handbook.markdown.glossary"], other, tmp_path) == tmp_path / "includes" / "other.md"
    assert extension_source([], other, tmp_path) is None


def test_a_glossary_extension_reading_another_file_is_a_warning(project):
    site = project("rules")
    base = site / "mkdocs.yml"
    base.write_text(base.read_text() + "\nmarkdown_extensions:\n  - handbook.markdown.glossary:\n      source: includes/other.md\n")
    result = build_project(site)
    assert result.warned("glossary extension", "includes/other.md", "Name the same file in both"), result.warnings

"""handbook/markdown/: the transforms as Python-Markdown extensions, rendered by plain
`markdown.markdown(text, extensions=[...])`, with no MkDocs and no handbook plugin: what any
engine that runs Python-Markdown (ProperDocs, Zensical) gets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, build_project

from handbook.markdown import citations, project_path, relative_link, table_regions
from handbook.markdown.citations import reference_order, render_citations
from handbook.steps.citations import cited_keys, has_marker

BIBLIOGRAPHY = """\
beta2021:
  authors: Beta B.
  title: Second study
  publisher: P
  year: 2021
  url: https://example.org/beta
  status: verified
alpha2020:
  authors: Alpha A, et al.
  title: First study
  journal: J
  year: 2020
  doi: 10.1000/alpha
  status: verified
"""

PAGE = """\
# Treatments

About 1 in 3 people improve [@beta2021; @alpha2020]. Unknown [@nope] stays as written.

`[@alpha2020]` in code stays too.

| Option | Visits |
|---|---|
| IV infusion | 6 |

=== "IV infusion"

    Into a vein.

=== "Nasal spray"

    Into the nose.

Find help at <https://988lifeline.org/> or on [the 988 site](https://988lifeline.org/).

<!-- references -->

<!-- glossary -->
"""

ABBREVIATIONS = "*[TRD]: Treatment-resistant depression.\n*[IV]: Intravenous: into a vein.\n"

EXTENSIONS = ["tables", "md_in_html", "pymdownx.superfences", "pymdownx.tabbed", "handbook.markdown.citations",
              "handbook.markdown.glossary", "handbook.markdown.tab_titles", "handbook.markdown.print_urls",
              "handbook.markdown.table_regions"]


@pytest.fixture
def sources(tmp_path):
    (tmp_path / "references.yml").write_text(BIBLIOGRAPHY, encoding="utf-8")
    (tmp_path / "abbreviations.md").write_text(ABBREVIATIONS, encoding="utf-8")
    return {
        "handbook.markdown.citations": {"bibliography": str(tmp_path / "references.yml")},
        "handbook.markdown.glossary": {"source": str(tmp_path / "abbreviations.md")},
        "pymdownx.tabbed": {"alternate_style": True},
    }


def test_plain_python_markdown_renders_every_transform(sources):
    html = markdown.markdown(PAGE, extensions=EXTENSIONS, extension_configs=sources)
    # citations: numbered in reference-list order (Alpha before Beta), linked to the list
    assert ('<sup class="hb-cite">[<a href="references.md#ref-alpha2020" title="Alpha A, et al. 2020">1</a>, '
            '<a href="references.md#ref-beta2021" title="Beta B. 2021">2</a>]</sup>') in html
    assert "[@nope]" in html and "<code>[@alpha2020]</code>" in html
    # the reference list and the glossary
    assert '<li id="ref-alpha2020" value="1">' in html and 'href="https://doi.org/10.1000/alpha"' in html
    assert '<dt id="term-iv">IV</dt>\n<dd>Intravenous: into a vein.</dd>\n<dt id="term-trd">' in html
    # a table region, labelled by its column headings
    assert '<div class="hb-table" role="region" tabindex="0" aria-label="Table: Option, Visits"><table>' in html
    # tab titles as headings (no heading above the tab set: one level below the page's H1)
    assert '<div class="tabbed-block"><h2 class="hb-tab-title">IV infusion</h2>\n<p>Into a vein.</p>' in html
    assert '<h2 class="hb-tab-title">Nasal spray</h2>' in html
    # the bare address is marked (printed once); the named link is not
    assert '<a href="https://988lifeline.org/" class="hb-bare-url">https://988lifeline.org/</a>' in html
    assert '<a href="https://988lifeline.org/">the 988 site</a>' in html


def test_the_extensions_work_without_mkdocs_installed_or_imported(sources):
    """In a fresh interpreter: render, then prove MkDocs was never imported."""
    script = (
        "import json, sys, markdown\n"
        f"html = markdown.markdown(sys.stdin.read(), extensions={EXTENSIONS!r}, extension_configs={sources!r})\n"
        "assert 'mkdocs' not in sys.modules, sorted(m for m in sys.modules if m.startswith('mkdocs'))\n"
        "print(json.dumps(html))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], input=PAGE, capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    html = json.loads(result.stdout)
    assert 'class="hb-cite"' in html and 'class="hb-table"' in html and 'class="hb-tab-title"' in html


def test_an_html_transform_leaves_unclosed_content_as_written(sources):
    """Re-serialising would close the <div> and hide it from check_content_closed."""
    page = '| A | B |\n|---|---|\n| 1 | 2 |\n\n<div hidden>\n'
    html = markdown.markdown(page, extensions=EXTENSIONS, extension_configs=sources)
    assert "hb-table" not in html and html.count("<div") == 1 and "</div>" not in html
    assert 'class="hb-table"' in markdown.markdown(page + "</div>\n", extensions=EXTENSIONS, extension_configs=sources)


def test_unclosed_content_with_a_table_still_fails_the_build(project):
    """End to end: the table_regions extension runs before check_content_closed, and must not
    close the page's open <div hidden> (which would hide the disclaimer after it)."""
    site = project("rules")
    page = site / "docs" / "risks.md"
    page.write_text(page.read_text() + '\n| Side effect | How often |\n|---|---|\n| Nausea | often |\n\n<div hidden>\n')
    result = build_project(site)
    assert not result.ok
    assert result.warned("docs/risks.md", "it leaves <div> open at its end"), result.warnings


def test_an_unreadable_bibliography_leaves_citations_as_written(tmp_path, caplog):
    html = markdown.markdown("A [@alpha2020].", extensions=["handbook.markdown.citations"],
                             extension_configs={"handbook.markdown.citations": {"bibliography": str(tmp_path / "no.yml")}})
    assert html == "<p>A [@alpha2020].</p>"
    assert any("cannot be read" in record.getMessage() for record in caplog.records)


def test_the_step_counts_exactly_the_citations_the_extension_renders():
    refs = {"a": {"authors": "A", "year": 1}, "b": {"authors": "B", "year": 2}}
    text = "X [@a]. Y [@a; @nope]. Z [@b;x].\n\n```\n[@b]\n```\n"
    _out, rendered = render_citations(text, refs, reference_order(refs), "references.md")
    assert cited_keys(text, refs) == rendered == {"a"}
    assert has_marker("# R\n\n<!-- references -->\n") and not has_marker("```\n<!-- references -->\n```\n")


def test_links_and_files_are_relative_to_the_page_and_config_mkdocs_renders(tmp_path):
    class File:
        src_uri = "guides/page.md"

    class Config:
        config_file_path = str(tmp_path / "mkdocs.yml")

    class Rewriter(markdown.treeprocessors.Treeprocessor):
        file, config = File(), Config()

        def run(self, root):
            return None

    md = markdown.Markdown()
    # No engine says which page or config: as configured, from the current directory.
    assert relative_link(md, citations.REFERENCES_PAGE) == "references.md"
    assert project_path(md, "data/references.yml") == Path("data/references.yml")
    md.treeprocessors.register(Rewriter(md), "relpath", 0)
    assert relative_link(md, citations.REFERENCES_PAGE) == "../references.md"
    assert project_path(md, "data/references.yml") == tmp_path / "data" / "references.yml"
    assert project_path(md, "/abs/refs.yml") == Path("/abs/refs.yml")


def test_options_grid_tables_are_left_to_the_options_grid_step():
    from handbook.steps import options_grid

    assert table_regions.OPTIONS_GRID_SOURCE == options_grid.SOURCE_CLASS
    grid = f'<div class="{options_grid.SOURCE_CLASS}"><table><tr><th>Option</th></tr></table></div>'
    assert table_regions.wrap_tables(grid) == grid

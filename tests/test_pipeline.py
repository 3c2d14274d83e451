"""handbook/pipeline.py + handbook/plugin.py: the build's order is written once, and moving a step fails here."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, build_project

from handbook import config, pipeline

#: The effective order of every event, read back from MkDocs' event system, with the
#: handbook plugin expanded into its steps. If you moved a step on purpose, update this
#: table and say why in the commit; the RUNS_AFTER constraints below must still hold.
EXPECTED = {
    "startup": ["material/search", "handbook:csp"],
    "config": ["material/search", "handbook:check_config", "handbook:check_files", "handbook:edition",
              "handbook:leaflet", "handbook:check_content_safety", "handbook:decision_data",
              "handbook:options_grid", "handbook:decision_tools", "handbook:icon_arrays",
              "handbook:chapter_list", "handbook:citations", "handbook:glossary", "handbook:review_dates",
              "handbook:first_use",
              "handbook:check_disclaimer", "print-site"],
    "pre_build": ["handbook:check_files", "handbook:check_front_matter", "handbook:check_content_closed",
                 "handbook:check_content_safety", "handbook:check_rendered_messaging",
                 "handbook:check_notice_visibility", "handbook:check_links"],
    "files": ["handbook:check_files", "handbook:check_content_safety"],
    "nav": ["handbook:chapter_list", "handbook:inject_cover_notice", "handbook:check_notice_visibility", "print-site"],
    # The decision steps' markers become Markdown (with [@key] citations) before citations runs.
    "page_markdown": ["handbook:check_files", "handbook:check_front_matter", "handbook:decision_data",
                     "handbook:options_grid", "handbook:decision_tools", "handbook:icon_arrays",
                     "handbook:hide_page_toc", "handbook:chapter_list", "handbook:check_headings", "handbook:citations",
                     "handbook:glossary", "handbook:review_dates", "handbook:safe_messaging",
                     "handbook:first_use", "handbook:gloss_shape", "handbook:plain_numbers"],
    # Content is judged as written (closed elements, content safety) before any step adds HTML;
    # the Markdown extensions (MARKDOWN_EXTENSIONS) have run before all of these.
    "page_content": ["handbook:check_content_closed", "handbook:check_content_safety",
                    "handbook:main_message", "handbook:options_grid", "handbook:pdf_link",
                    "handbook:checklist", "handbook:decision_tools", "handbook:citations", "handbook:release_links",
                    "handbook:tools", "handbook:lead_ins", "handbook:number_bars", "handbook:check_figures", "handbook:list_length", "handbook:table_cells",
                    "handbook:plain_words",
                    "handbook:print_wording", "handbook:check_rendered_messaging",
                    "print-site"],
    "env": ["handbook:check_content_safety", "handbook:citations"],
    "post_page": ["handbook:pdf_link", "handbook:hide_page_toc", "handbook:chapter_list", "handbook:check_notice_visibility", "handbook:check_disclaimer", "handbook:check_links"],
    "post_template": ["handbook:check_disclaimer"],
    "post_build": ["material/search", "print-site", "handbook:check_files", "handbook:check_front_matter",
                  "handbook:check_content_closed", "handbook:chapter_list", "handbook:check_rendered_messaging",
                  "handbook:print_once", "handbook:inject_cover_notice", "handbook:check_notice_visibility", "handbook:csp",
                  "handbook:check_disclaimer", "handbook:check_links"],
}

#: The transforms that are Python-Markdown extensions (handbook/markdown/), in the order they
#: are listed: MkDocs runs them inside page rendering, after every page_markdown step and
#: before every page_content step. Preprocessors: citations, then glossary (equal priority,
#: so list order); postprocessors: tab_titles, print_urls, table_regions (by priority).
MARKDOWN_EXTENSIONS = ["handbook.markdown.citations", "handbook.markdown.glossary", "handbook.markdown.tab_titles",
                       "handbook.markdown.print_urls", "handbook.markdown.table_regions"]


def effective_order(cfg) -> dict[str, list[str]]:
    """Every event's handlers in the order MkDocs will call them, steps expanded."""
    plugin = cfg.plugins["handbook"]
    order = {}
    for event, methods in cfg.plugins.events.items():
        names = []
        for method in methods:
            origin = cfg.plugins._event_origins.get(method, "?")
            if getattr(method, "__self__", None) is plugin:
                names += [f"handbook:{step}" for step in plugin.steps_for(event)]
            else:
                names.append(origin)
        if any(name.startswith("handbook:") for name in names):
            order[event] = names
    return order


def constraint_violations(steps) -> list[str]:
    """Each `RUNS_AFTER` a step declares that the given order breaks."""
    position = {pipeline.name(step): index for index, step in enumerate(steps)}
    problems = []
    for step in steps:
        for before, why in getattr(step, "RUNS_AFTER", {}).items():
            if before not in position:
                problems.append(f"{pipeline.name(step)} names an unknown step {before}")
            elif position[before] > position[pipeline.name(step)]:
                problems.append(f"{pipeline.name(step)} must run after {before}: {why}")
    return problems


@pytest.fixture(scope="module")
def real_config():
    return config.load()


def test_the_effective_order_is_the_declared_one(real_config):
    assert effective_order(real_config) == EXPECTED


def test_every_step_runs_after_what_it_needs():
    assert constraint_violations(pipeline.STEPS) == []


def test_moving_safe_messaging_above_review_dates_fails(real_config, monkeypatch):
    from handbook.steps import review_dates, safe_messaging

    steps = [step for step in pipeline.STEPS if step is not safe_messaging]
    steps.insert(steps.index(review_dates), safe_messaging)
    assert any("safe_messaging must run after review_dates" in p for p in constraint_violations(steps))
    monkeypatch.setattr(pipeline, "STEPS", tuple(steps))
    assert effective_order(real_config) != EXPECTED


def test_the_transforms_are_markdown_extensions_not_steps(real_config):
    """Listed by import path in mkdocs.base.yml, in order; no step of the pipeline does their job."""
    handbook_extensions = [name for name in real_config.markdown_extensions if name.startswith("handbook.")]
    assert handbook_extensions == MARKDOWN_EXTENSIONS
    steps = {pipeline.name(step) for step in pipeline.STEPS}
    assert not steps & {"tab_titles", "print_urls", "table_regions"}
    from handbook.steps import citations, glossary

    for step in (citations, glossary):  # they stay steps for their checks, and transform nothing
        assert not hasattr(step, "render_citations") and not hasattr(step, "render_glossary")


def test_the_markdown_extensions_run_between_page_markdown_and_page_content(real_config):
    """Their preprocessors run before every other (so they see what the page_markdown steps
    left), citations just after the snippets (so an included file's citations render) and
    before the HTML-block stash, and their HTML transforms after every other postprocessor
    (the HTML page_content gets)."""
    import markdown

    md = markdown.Markdown(extensions=real_config.markdown_extensions, extension_configs=real_config.mdx_configs)
    pre = [item.name for item in sorted(md.preprocessors._priority, key=lambda i: -i.priority)]
    post = [item.name for item in sorted(md.postprocessors._priority, key=lambda i: -i.priority)]
    assert pre[:3] == ["hb_glossary", "snippet", "hb_citations"]
    assert pre.index("hb_citations") < pre.index("html_block")
    assert post[-3:] == ["hb_tab_titles", "hb_print_urls", "hb_table_regions"]


@pytest.mark.parametrize(
    "step_name, above, message",
    [
        ("options_grid", "decision_data", "options_grid must run after decision_data"),
        ("icon_arrays", "options_grid", "icon_arrays must run after options_grid"),
        ("first_use", "glossary", "first_use must run after glossary"),
        ("print_wording", "tools", "print_wording must run after tools"),
        ("number_bars", "tools", "number_bars must run after tools"),
        ("number_bars", "decision_tools", "number_bars must run after decision_tools"),
        ("leaflet", "edition", "leaflet must run after edition"),
        ("check_notice_visibility", "inject_cover_notice", "check_notice_visibility must run after inject_cover_notice"),
        ("check_rendered_messaging", "safe_messaging", "check_rendered_messaging must run after safe_messaging"),
        ("check_content_safety", "check_content_closed", "check_content_safety must run after check_content_closed"),
    ],
)
def test_moving_a_new_step_above_what_it_needs_fails(real_config, monkeypatch, step_name, above, message):
    """The decision-support and literacy steps (issues 12, 13) are held to their order too."""
    by_name = {pipeline.name(step): step for step in pipeline.STEPS}
    moved = by_name[step_name]
    steps = [step for step in pipeline.STEPS if step is not moved]
    steps.insert(steps.index(by_name[above]), moved)
    assert any(message in p for p in constraint_violations(steps))
    monkeypatch.setattr(pipeline, "STEPS", tuple(steps))
    assert effective_order(real_config) != EXPECTED


def test_the_handbook_plugin_sits_between_search_and_print_site(real_config):
    assert list(real_config.plugins) == ["material/search", "handbook", "print-site"]


def test_every_event_priority_gives_its_reason():
    """`@event_priority(n)` is a comment made executable: the line above says why."""
    for path in sorted((ROOT / "handbook").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if re.match(r"\s*@event_priority\(", line):
                assert lines[number - 1].strip().startswith("#"), f"{path.name} line {number + 1}: say why"


def test_skipping_a_step_is_a_known_name_only(tmp_path):
    from handbook.plugin import HandbookPlugin

    plugin = HandbookPlugin()
    errors, _warnings = plugin.load_config({"skip": ["no_such_step"]})
    assert errors and "no_such_step" in str(errors[0][1])


def test_the_reference_list_is_held_to_safe_messaging(project):
    """Behaviour behind the order: text the citations extension generates (the reference list)
    is checked by check_rendered_messaging, which runs on page_content, after every extension."""
    site = project("rules")
    refs = site / "data" / "references.yml"
    refs.write_text(
        refs.read_text()
        + "\nzeta2021:\n  authors: Zeta A, et al.\n  title: Suicidal thoughts after ketamine\n  about: A study of suicidal thoughts.\n"
        "  journal: Journal of Tests\n"
        "  year: 2021\n  pmid: \"12345678\"\n  status: verified\n"
    )
    index = site / "docs" / "index.md"
    index.write_text(index.read_text() + "\nOne more study [@zeta2021].\n")
    result = build_project(site)
    assert result.warned("references.md", "mentions suicide but has no crisis box a reader can see"), result.warnings

"""What matters to you, Am I ready? and About (issue 13, rater A's items on these pages).

- What matters: the statements come in groups of at most 7 (CDC item 8) under keys that never
  change (a reader's saved answers load by key); every fit line answers its statement with a
  fact the options grid already cites, or points to the table (tag `see`); the fit list is in
  the page for paper and for readers without script, never hidden by print styles.
- Am I ready?: each answer names the chapter as well as the part to read.
- About: the address to report a problem is printed as text and is the project's own
  (mkdocs.yml repo_url); no build-file paths; "Your privacy" names every page whose tool keeps
  answers in the browser.
Each rule is fed the bad input it exists to catch, and the message is asserted.
"""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from conftest import ROOT

from handbook.steps import chapter_list, decision_data, decision_tools, options_grid

DATA = decision_data.load_all(ROOT)
#: Each question's table on Your choices compared (the topic of the grid that holds it).
CAPTIONS = options_grid.grid_captions((ROOT / "docs" / "choices.md").read_text(encoding="utf-8"), DATA["options"])
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
TITLES = {src: title for title, src in chapter_list.nav_pages(CONFIG["nav"])}
#: The keys readers' answers are saved under ("values.<id>" in localStorage). Renaming one
#: loses every reader's saved answer to it, so this list only ever grows.
SAVED_KEYS = {"quick", "memory", "anesthetic", "few_visits", "driving", "approved", "controlled", "no_medicine", "cost"}


# ---- What matters to you ----


def test_real_values_have_no_problems_and_keep_their_saved_keys():
    assert decision_tools.check_values(DATA["values"], DATA["options"]) == []
    assert SAVED_KEYS <= set(DATA["values"]["statements"])
    groups = decision_tools.statement_groups(DATA["values"])
    assert len(groups) >= 2 and all(1 <= len(g["statements"]) <= decision_tools.MAX_GROUP for g in groups)
    assert sorted(s["id"] for g in groups for s in g["statements"]) == sorted(DATA["values"]["statements"])


def _values_with(change):
    values = copy.deepcopy(DATA["values"])
    change(values)
    return decision_tools.check_values(values, DATA["options"])


def test_a_group_of_8_a_lost_statement_and_a_repeat_are_named():
    def big(v):
        v["groups"] = [{"title": "All", "statements": list(v["statements"])[:8]},
                       {"title": "Rest", "statements": list(v["statements"])[8:]}]
    assert any("groups[1] ('All') has 8 statements, more than 7" in p for p in _values_with(big))
    assert any("statements.cost is in no group" in p
               for p in _values_with(lambda v: v["groups"][1]["statements"].remove("cost")))
    assert any("lists 'quick' again" in p
               for p in _values_with(lambda v: v["groups"][2]["statements"].append("quick")))
    assert any("unknown statement 'speed'" in p
               for p in _values_with(lambda v: v["groups"][0]["statements"].append("speed")))


def test_a_fit_line_must_restate_a_fact_the_grid_cites_for_that_option():
    def uncited(v):
        v["statements"]["controlled"]["says"]["tms"] = {"text": "Not a drug.", "cite": ["spravato_label"]}
    problems = _values_with(uncited)
    assert any("statements.controlled.says.tms cites 'spravato_label'" in p and "does not cite for options.tms" in p
               for p in problems), problems
    assert any("says.homeopathy" in p and "not an option" in p
               for p in _values_with(lambda v: v["statements"]["quick"].setdefault("says", {}).update(
                   homeopathy={"text": "x", "cite": ["wiles2013"]})))
    assert any("says.ect is not cited" in p
               for p in _values_with(lambda v: v["statements"]["anesthetic"]["says"]["ect"].update(cite=[])))


def test_see_is_a_tag_and_anything_else_fails_the_data_check():
    values = copy.deepcopy(DATA["values"])
    values["statements"]["quick"]["fit"]["ect"] = "maybe"
    problems = decision_data.validate_values(values, DATA["options"])
    assert any("statements.quick.fit.ect is 'maybe'" in p and "see" in p for p in problems), problems


def _fit_lines(values=None):
    html = decision_tools.fit_markdown(values or DATA["values"], DATA["options"], "choices.md", CAPTIONS)
    blocks = re.findall(r'data-hb-fit-value="(\w+)"(.*?)</ul>', html, re.S)
    return html, {sid: re.findall(r'data-hb-fit-option="(\w+)" markdown="span">(.*?)</li>', body) for sid, body in blocks}


def test_every_statement_has_one_line_per_option_in_the_fixed_order_and_names_its_table():
    html, lines = _fit_lines()
    order = decision_data.option_order(DATA["options"])
    assert list(lines) == [s["id"] for s in decision_tools.statements(DATA["values"])]
    for sid, items in lines.items():
        assert [option for option, _ in items] == order, sid
        field = DATA["values"]["statements"][sid]["field"]
        # In a grid of several questions the line names the column (its short header) and the
        # table; a grid of one question is named by its caption alone.
        column, table = decision_data.headers(DATA["options"])[field], CAPTIONS[field]
        if table == decision_data.questions(DATA["options"])[field]:
            assert f'All the facts: the table "{table}" on [Your choices compared](choices.md).' in html, field
        else:
            assert f'All the facts: "{column}" in the table "{table}" on [Your choices compared](choices.md).' in html, field
    assert "hidden" not in html.split("data-hb-fit-value")[0].split("hb-fit__none")[0]  # the list itself is not hidden
    # Each group and each statement is a heading, so a reader finds one in a long list (rater AL).
    for group in decision_tools.statement_groups(DATA["values"]):
        assert f'### {group["title"]} {{ .hb-fit__group }}' in html
        for statement in group["statements"]:
            text = DATA["values"]["statements"][statement["id"]]["text"]
            assert f'#### {decision_tools._md(text)} {{ .hb-fit__name }}' in html


def test_fit_lines_answer_their_statement():
    """The rater's cases: 'controlled drug' showed approval text, 'anesthetic' showed 'What is
    it?'. Each line there is now its own (cited) line, or a pointer to the table."""
    _html, lines = _fit_lines()
    entries = DATA["options"]["options"]
    for sid in ("controlled", "anesthetic"):
        field = DATA["values"]["statements"][sid]["field"]
        for option, line in lines[sid]:
            assert decision_tools._md(decision_tools._cell(entries[option][field])[0]) not in line, (sid, option)
    controlled = dict(lines["controlled"])
    assert "Esketamine is a controlled drug" in controlled["esketamine"] and "[@spravato_label]" in controlled["esketamine"]
    assert "Ketamine is a controlled drug" in controlled["iv_ketamine"]
    anesthetic = dict(lines["anesthetic"])
    assert "Not settled" in anesthetic["iv_ketamine"] and "Fits" not in anesthetic["iv_ketamine"]
    # A line without its own fact only points to the table: it states nothing uncited.
    assert "do not settle it" in controlled["medicine_change"] and "[@" not in controlled["medicine_change"]


def test_a_see_tag_without_a_line_points_to_the_table_and_hides_the_cell():
    values = copy.deepcopy(DATA["values"])
    values["statements"]["approved"]["says"] = {}
    _html, lines = _fit_lines(values)
    line = dict(lines["approved"])["current_plan"]
    assert 'Read the table "Approved? (US and UK)"' in line
    assert decision_tools._cell(DATA["options"]["options"]["current_plan"]["status"])[0] not in line


def test_a_question_alone_in_its_table_is_named_by_its_question():
    values = copy.deepcopy(DATA["values"])
    values["statements"]["approved"]["says"] = {}
    alone = {**CAPTIONS, "status": decision_data.questions(DATA["options"])["status"]}
    html = decision_tools.fit_markdown(values, DATA["options"], "choices.md", alone)
    assert 'All the facts: the table "Approved? (US and UK)" on [Your choices compared](choices.md).' in html
    assert 'Read the table "Approved? (US and UK)" and ask your care team.' in html


def test_a_grid_cell_of_several_points_gives_one_line_with_every_citation():
    """The grid may hold a cell as a list of short points (one idea each)."""
    assert decision_tools._cell([{"text": "Over weeks.", "cite": ["a"]}, {"text": "Checked at 12 weeks.", "cite": ["b", "a"]}]) == (
        "Over weeks. Checked at 12 weeks.", ["a", "b"])
    assert decision_tools._cell({"points": [{"text": "One.", "cite": "c"}]}) == ("One.", ["c"])
    assert decision_tools._cell({"text": "Plain.", "cite": ["d"]}) == ("Plain.", ["d"])


def test_paper_and_no_script_keep_the_fit_list():
    css = (ROOT / "docs/assets/stylesheets/decision.css").read_text(encoding="utf-8")
    printing = css[css.index("@media print"):]
    assert not re.search(r"\.hb-fit\s*\{\s*display:\s*none", css)
    assert re.search(r"\.hb-fit__statement\[hidden\]\s*\{\s*display:\s*block", printing)
    assert re.search(r"\[data-hb-fit-group\]\[hidden\]\s*\{\s*display:\s*block", printing)  # its heading too
    page = (ROOT / "docs" / "what-matters.md").read_text(encoding="utf-8")
    assert "<!-- values-fit -->" in page and "## Known and not known" in page
    # Browser-only wording has a paper twin.
    assert re.search(r'hb-screen-only">Your answers stay in this web browser.*?</span><span class="hb-print-only">', page)


# ---- Am I ready? ----


def test_every_quiz_answer_names_the_chapter_of_its_link():
    for kid, item in DATA["knowledge"]["items"].items():
        page = item["link"].split("#")[0]
        assert page in TITLES, (kid, page)
        assert f"on {TITLES[page]}" in item["link_text"], (kid, item["link_text"])
    approved = DATA["knowledge"]["items"]["approved"]
    # Plain words, no short form the page must then explain (at most 3 per page, PEMAT-P item 3).
    assert "approved for depression in the US" in approved["text"] and "FDA" not in approved["text"]
    assert "off-label\", which means" in approved["explain"]


# ---- About ----


ABOUT = (ROOT / "docs" / "about.md").read_text(encoding="utf-8")
#: A path of the project's own files (not part of a web address).
BUILD_PATH = re.compile(r"(?<![\w./-])(includes|overrides|docs|data|handbook|scripts)/[\w./-]+")


def test_about_prints_the_projects_own_report_address_and_no_build_paths():
    address = CONFIG["repo_url"].rstrip("/") + "/issues/new"
    assert f"<{address}>" in ABOUT, "the report address must be written out (a bare link), so it prints"
    assert not BUILD_PATH.search(ABOUT)
    assert not re.search(r"pull request|repository", ABOUT, re.I)
    assert "(analytics)" in ABOUT and "Cookies are small files" in ABOUT  # the words, explained in plain ones


def _privacy() -> str:
    return ABOUT[ABOUT.index("## Your privacy"):ABOUT.index("\n## ", ABOUT.index("## Your privacy") + 5)]


TOOL_MARKER = re.compile(r"<!-- (tool:|values-form|knowledge-check|decision-summary|checklist)|\|\s*My answers?\s*\|")


def test_privacy_names_every_page_whose_tool_keeps_answers():
    scripts = (ROOT / "docs/assets/javascripts").glob("*.js")
    stores = {m for js in scripts for m in re.findall(r'hbStorage\.open\("([\w.-]+)"\)', js.read_text(encoding="utf-8"))}
    assert stores == {"hb-checklist.v1", "hb-decision.v1", "hb-tools.v1"}, (
        "a new kind of saved answers: name its tool in About's 'Your privacy', then update this test")
    pages = {p.name for p in (ROOT / "docs").glob("*.md") if TOOL_MARKER.search(p.read_text(encoding="utf-8"))}
    pages |= {"checklist.md"}
    assert {"preparing.md", "after-treatment.md", "what-matters.md", "am-i-ready.md", "my-decision-summary.md",
            "is-it-right-for-me.md", "risks.md"} <= pages
    privacy = _privacy()
    for page in sorted(pages):
        assert re.search(rf"\]\({re.escape(page)}(#[\w-]+)?\)", privacy), f"About's 'Your privacy' does not name {page}"
    assert "Clear my answers" in privacy


@pytest.mark.parametrize("bad", ["(kept in `includes/sure-test.md`)", "(see data/values.yml)"])
def test_a_build_path_in_about_is_caught(bad):
    assert not BUILD_PATH.search(ABOUT) and BUILD_PATH.search(ABOUT + bad)


# ---- In a browser: the fit list on screen, on paper and without script ----


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_fit_list_shows_rated_statements_on_screen_and_every_statement_on_paper(chromium, served_site, script):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=script)
    try:
        page = context.new_page()
        page.goto(served_site + "what-matters/", wait_until="load")
        statements = page.locator("[data-hb-fit-value]")
        total = len(DATA["values"]["statements"])
        assert statements.count() == total
        headings = page.locator("[data-hb-fit] h3")
        if script:
            assert page.locator("[data-hb-fit-value]:visible").count() == 0
            assert headings.first.count() and page.locator("[data-hb-fit] h3:visible").count() == 0  # no empty group
            assert page.locator("[data-hb-fit-none]").is_visible()
            page.locator("fieldset.hb-rate").nth(1).get_by_label("3: a lot").check()
            assert page.locator("[data-hb-fit-value]:visible").count() == 1
            assert page.locator("[data-hb-fit] h3:visible").count() == 1  # only the rated statement's group
        else:
            assert page.locator("[data-hb-fit-value]:visible").count() == total
            assert page.locator("[data-hb-fit] h3:visible").count() == len(DATA["values"]["groups"])
            assert not page.locator("[data-hb-fit-none]").is_visible()
        page.emulate_media(media="print")
        assert page.locator("[data-hb-fit-value]:visible").count() == total, "paper must show every statement"
        assert page.locator("[data-hb-fit] h3:visible").count() == len(DATA["values"]["groups"])
        assert page.locator("[data-hb-fit-option]:visible").count() == total * len(DATA["options"]["order"])
        assert not page.locator("[data-hb-fit-none]").is_visible()
        groups = page.locator("fieldset.hb-rate-group")
        assert groups.count() == len(DATA["values"]["groups"])
        assert all(groups.nth(i).locator("fieldset.hb-rate").count() <= 7 for i in range(groups.count()))
    finally:
        context.close()

"""Decision support (issue 12): options grid, icon arrays, values, SURE, knowledge check, summary.

Build tests break one rule in a copy of the handbook's data (tests/fixtures/decision inherits
the real data/, overrides/ and includes/, and the real pipeline: mkdocs.base.yml) and check that the build fails and names
the file and the key. Pure-function tests check the pictures and the data rules directly.
Browser tests (marked `browser`) use the real handbook, served on 127.0.0.1: answers survive
a reload, "Clear my answers" removes them, nothing leaves the browser, axe finds nothing in
light, dark and at 320 px, everything works without JavaScript, greyscale still tells the
icons apart, and the printed summary holds the answers and the edition.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_project

from handbook import html as parser
from handbook.steps import decision_data, decision_tools, icon_arrays, options_grid
from handbook.steps.plain_numbers import share_word

DATA = ROOT / "data"
TOOL_PAGES = ["choices/", "what-matters/", "am-i-ready/", "my-decision-summary/"]


def load_edition() -> str:
    return str(yaml.safe_load(re.search(r"(?ms)^extra:\n(.*?)^\S", (ROOT / "mkdocs.yml").read_text()).group(1))["edition"])


def load(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


# ---- The real data obeys the rules ----


def test_real_data_has_no_problems_and_equal_detail():
    problems, warnings = decision_data.check_project(ROOT)
    assert problems == []
    assert warnings == []


def test_what_matters_lines_need_the_share_word_for_each_number():
    """The `says` lines print as running text on What matters: a benefit number there needs its
    word from the Glossary's scale, and the right one."""
    values = load("values.yml")
    said = values["statements"]["best_chance"]["says"]
    said["tms"]["text"] = "After about 13 sessions, 29 in 100 improved a lot, and 10 in 100 (some) with a pretend treatment: 19 more in 100."
    said["ect"]["text"] = said["ect"]["text"].replace("(more than half)", "(most)")
    warnings = decision_data.says_number_warnings(values)
    assert len(warnings) == 2, warnings
    assert "statements.best_chance.says.tms" in warnings[0] and '"29 in 100 (some)"' in warnings[0]
    assert "statements.best_chance.says.ect" in warnings[1] and 'is called "most"' in warnings[1]
    assert decision_data.says_number_warnings(load("values.yml")) == []
    # a side effect's number in a What matters line needs its word too (one scale for all)
    values = load("values.yml")
    values["statements"]["best_chance"]["says"]["esketamine"]["text"] = "Dizziness: 29 in 100 people on the spray."
    warnings = decision_data.says_number_warnings(values)
    assert len(warnings) == 1 and "side effect" in warnings[0] and '"29 in 100 (some)"' in warnings[0]
    # a worked difference in a What matters line takes no word (raters AD and AE)
    values = load("values.yml")
    values["statements"]["best_chance"]["says"]["tms"]["text"] = (
        "After about 13 sessions, 29 in 100 (some) improved a lot, and 10 in 100 (some) with a pretend "
        "treatment: 19 more in 100 (some).")
    warnings = decision_data.says_number_warnings(values)
    assert len(warnings) == 1 and "is a difference between two groups" in warnings[0]
    assert "statements.best_chance.says.tms" in warnings[0] and '"(some)"' in warnings[0]


def test_how_many_cells_say_what_was_counted_and_against_what():
    """Three columns, one idea a cell: what was counted, this choice's number, the other group
    and the difference."""
    options = load("options.yml")
    assert decision_data.how_many_warnings(options) == []
    entry = options["options"]["esketamine"]
    entry["counted"] = {"text": "Counted: people who became well.", "cite": ["reif2023"]}
    entry["how_many"]["points"].append({"text": "18 in 100 (some) with quetiapine.", "cite": ["reif2023"]})
    del entry["compared"]["points"][1]
    warnings = decision_data.how_many_warnings(options)
    assert len(warnings) == 3, warnings
    assert "options.esketamine.counted" in warnings[0]
    assert "options.esketamine.how_many has 2 point(s)" in warnings[1] and '"With <this option>: N in 100 (word)."' in warnings[1]
    assert "options.esketamine.compared has 1 point(s)" in warnings[2] and '"Difference: N more/fewer in 100 ..."' in warnings[2]


def test_every_option_has_the_same_fields_and_a_citation():
    options = load("options.yml")
    fields = set(options["questions"])
    assert len(options["order"]) == 7
    assert {"current_plan", "ect", "tms", "esketamine", "iv_ketamine", "talking_therapy", "medicine_change"} == set(options["order"])
    for option, entry in options["options"].items():
        assert set(entry) - {"name"} == fields, option
        for field in fields:
            points = decision_data.answer_points(entry[field])
            assert points and all(point["cite"] for point in points), (option, field)


def test_every_cell_holds_one_idea_per_point():
    """PEMAT-P item 19: one sentence of at most 16 words per point, at most 4 points a cell."""
    options = load("options.yml")
    for option, entry in options["options"].items():
        for field in options["questions"]:
            points = decision_data.answer_points(entry[field])
            assert 1 <= len(points) <= decision_data.MAX_POINTS, (option, field)
            for point in points:
                assert decision_data.sentence_count(point["text"]) == 1, (option, field, point["text"])
                assert decision_data.plain_length(point["text"]) <= decision_data.MAX_POINT_WORDS, (option, field)


def test_values_never_score_options():
    """The fit view lists facts; nothing in the data or the script adds up or ranks options."""
    values = load("values.yml")
    for item in values["statements"].values():
        assert set(item["fit"].values()) <= set(decision_data.FITS)
        assert not {"score", "weight", "points", "rank"} & set(item)
    script = (ROOT / "docs/assets/javascripts/decision.js").read_text(encoding="utf-8")
    assert "data-hb-fit-value" in script
    assert not re.search(r"\bscore\s*[+]=|\brank\w*\s*=|sort\([^)]*fit", script)


# ---- Each failure mode fails the build, naming file and key ----


def _break(project: Path, name: str, change) -> None:
    path = project / "data" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _drop_field(d):
    del d["options"]["ect"]["memory"]


def _unknown_option(d):
    d["order"].append("homeopathy")


def _unknown_outcome(d):
    d["options"]["tms"]["how_many"]["outcomes"] = ["no_such_outcome"]


def _uncited(d):
    d["options"]["talking_therapy"]["cost"]["points"][1]["cite"] = []


def _uncited_text(d):
    d["options"]["talking_therapy"]["memory"]["cite"] = []


def _text_and_points(d):
    d["options"]["tms"]["cost"]["text"] = "No reliable price found."


def _mixed_trial(d):
    d["elektd_response"]["arms"][1]["trial"] = "KetECT"


def _unverified(d):
    d["anand2023"]["status"] = "secondary"  # applied to references.yml


def _relative(d):
    d["elektd_response"]["rr"] = 1.34


def _no_header(d):
    del d["headers"]["memory"]


def _long_header(d):
    d["headers"]["cost"] = "What it will cost you in the end"


def _stray_header(d):
    d["headers"]["side_effects"] = "Side effects"


FAILURES = [
    ("missing field", "options.yml", _drop_field, ("data/options.yml", "options.ect.memory", "missing")),
    ("missing header", "options.yml", _no_header, ("data/options.yml", "headers.memory is missing", "short column header")),
    ("long header", "options.yml", _long_header, ("data/options.yml", "headers.cost", "has 8 words", "at most 5")),
    ("header of no question", "options.yml", _stray_header, ("data/options.yml", "headers.side_effects", "not a question")),
    ("unknown option", "options.yml", _unknown_option, ("data/options.yml", "unknown option 'homeopathy'")),
    ("unknown outcome id", "options.yml", _unknown_outcome, ("data/options.yml", "options.tms.how_many", "no_such_outcome")),
    ("uncited point", "options.yml", _uncited, ("data/options.yml", "options.talking_therapy.cost.points[1]", "not cited")),
    ("uncited field", "options.yml", _uncited_text, ("data/options.yml", "options.talking_therapy.memory", "not cited")),
    ("text and points", "options.yml", _text_and_points, ("data/options.yml", "options.tms.cost", "both `points:` and `text:`")),
    ("mixed-trial picture", "outcomes.yml", _mixed_trial, ("data/outcomes.yml", "elektd_response.arms[1]", "same trial")),
    ("unverified source", "references.yml", _unverified, ("data/outcomes.yml", "elektd_response.cite", "anand2023", "verified")),
    ("relative measure", "outcomes.yml", _relative, ("data/outcomes.yml", "elektd_response.rr", "absolute")),
]


@pytest.mark.slow
@pytest.mark.parametrize("name, file, change, fragments", FAILURES, ids=[f[0] for f in FAILURES])
def test_broken_data_fails_the_build_naming_file_and_key(project, name, file, change, fragments):
    site = project("decision")
    _break(site, file, change)
    result = build_project(site)
    assert not result.ok, f"the build passed with a {name}"
    assert result.warned(*fragments), "\n".join(result.warnings)


@pytest.mark.slow
def test_fixture_builds_clean_with_the_real_data(project):
    result = build_project(project("decision"))
    assert result.ok, result.error
    assert result.warnings == []
    html = (result.site / "choices" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="hb-options-grid"') == len(load("options.yml")["questions"])


@pytest.mark.slow
def test_unequal_detail_warns_naming_file_key_and_median(project):
    site = project("decision")

    def long_cell(d):
        d["options"]["ect"]["visits"] = {"text": " ".join(["word"] * 60), "cite": ["anand2023"]}

    _break(site, "options.yml", long_cell)
    result = build_project(site)
    assert not result.ok  # strict
    assert result.warned("data/options.yml", "options.ect.visits", "median")


def test_equal_detail_check_uses_the_median_of_the_row():
    options = load("options.yml")
    options["options"]["tms"]["cost"] = {"text": " ".join(["word"] * 40), "cite": ["nice_ipg542"]}
    warnings = decision_data.equal_detail_warnings(options)
    assert any("options.tms.cost" in w for w in warnings)
    assert not any("options.ect.cost" in w for w in warnings)


def test_equal_detail_counts_every_point_of_a_cell():
    options = load("options.yml")
    options["options"]["tms"]["cost"]["points"] = [{"text": " ".join(["word"] * 12), "cite": ["nice_ipg542"]}] * 4
    assert decision_data.plain_length(options["options"]["tms"]["cost"]) == 48
    assert any("options.tms.cost has 48 words" in w for w in decision_data.equal_detail_warnings(options))
    assert decision_data.idea_warnings(options) == []  # each point alone is short


# ---- One idea per point (PEMAT-P item 19): the bad inputs and their messages ----


def _ideas(option: str, field: str, value) -> list[str]:
    options = load("options.yml")
    options["options"][option][field] = value
    return decision_data.idea_warnings(options)


def test_two_sentences_in_one_cell_warn_naming_file_option_question_and_fix():
    warnings = _ideas("esketamine", "status", {
        "text": "US approved, a controlled drug. England NICE does not recommend it.", "cite": ["spravato_label"]})
    assert warnings == [
        "data/options.yml: options.esketamine.status ('Approved? (US and UK)') has 2 sentences: "
        "\"US approved, a controlled drug. England NICE does not recommend it.\". One idea per cell: give each "
        "sentence its own point (`points: [{text: ..., cite: [...]}, ...]`), with the citation of the source that says it."
    ]


def test_a_point_of_two_sentences_or_a_semicolon_warns_naming_the_point():
    warnings = _ideas("iv_ketamine", "status", {"points": [
        {"text": "Not approved for depression in the US or UK; doctors use it off-label.", "cite": ["parikh2021"]},
        {"text": "A controlled drug.", "cite": ["ketalar_label"]}]})
    assert len(warnings) == 1
    assert warnings[0].startswith("data/options.yml: options.iv_ketamine.status ('Approved? (US and UK)') point 1 has 2 sentences")


def test_a_long_point_warns_with_its_length_and_the_limit():
    long = "After about 13 sessions of treatment in the trials, 29 in 100 people improved a lot with real TMS."
    warnings = _ideas("tms", "how_many", {"points": [{"text": long, "cite": ["berlim2014"]}], "outcomes": ["rtms_response"]})
    assert warnings == [
        f"data/options.yml: options.tms.how_many ('How many people does it help?') point 1 has 19 words, more than "
        f"{decision_data.MAX_POINT_WORDS}: \"{long}\". Shorten it, or split it into points of one idea each, "
        "without changing the facts."
    ]


def test_too_many_points_in_a_cell_warn():
    point = {"text": "Misuse.", "cite": ["spravato_label"]}
    warnings = _ideas("esketamine", "serious_risks", {"points": [point] * 5})
    assert warnings == [
        "data/options.yml: options.esketamine.serious_risks ('Serious risks') has 5 points, more than 4. Keep the 4 "
        "that matter most to a reader, or split the question in two (for every option)."
    ]


@pytest.mark.parametrize("text, count", [
    ("Over weeks.", 1),
    ("Feeling detached, dizzy, sick or sleepy.", 1),
    ("In a 2020 US study, the drug alone cost about $5,600 in month 1.", 1),
    ("Nothing new starts. Some people got better within 6 months.", 2),
    ("Used in US hospitals. 46 in 100 did.", 2),
    ("Not approved; doctors use it off-label.", 2),
    ("Is it covered? Ask your insurer!", 2),
])
def test_sentence_count(text, count):
    assert decision_data.sentence_count(text) == count


@pytest.mark.parametrize("value, fragment", [
    ({"points": [], "cite": ["wiles2013"]}, "both `points:` and `text:`/`cite:`"),
    ({"points": []}, ".points must be a list"),
    ({"points": [{"cite": ["wiles2013"]}]}, "options.ect.memory.points[0] needs `text:`"),
    ({"points": [{"text": "A.", "cite": ["wiles2013"], "note": "x"}]}, "points[0] has unknown key(s) note"),
    ({"points": [{"text": "A.", "cite": ["nobody2020"]}]}, "points[0] cites unknown key 'nobody2020'"),
    ({"cite": ["wiles2013"]}, "options.ect.memory needs `text:` (one idea, plain words) and `cite:`, or `points:`"),
    ("Memory problems are common.", "options.ect.memory needs `text:`"),
])
def test_malformed_answers_are_problems_naming_the_key(value, fragment):
    options = load("options.yml")
    options["options"]["ect"]["memory"] = value
    refs = load("references.yml")
    problems = decision_data.validate_options(options, refs, set(load("outcomes.yml")))
    assert any(fragment in p for p in problems), problems


@pytest.mark.slow
def test_a_cell_of_several_ideas_fails_the_strict_build_naming_file_and_key(project):
    site = project("decision")

    def two_ideas(d):
        d["options"]["esketamine"]["status"] = {
            "text": "US approved, a controlled drug. England NICE does not recommend it.",
            "cite": ["spravato_label", "nice_ta854"]}

    _break(site, "options.yml", two_ideas)
    result = build_project(site)
    assert not result.ok  # strict
    assert result.warned("data/options.yml", "options.esketamine.status", "2 sentences", "its own point")


# ---- Icon arrays (pure functions, every real outcome) ----


def _figures():
    outcomes = load("outcomes.yml")
    for oid, outcome in outcomes.items():
        yield oid, outcome, parser.fragment(icon_arrays.figure_html(outcome))


@pytest.mark.parametrize("filled", [0, 1, 41, 55, 99, 100])
def test_icon_array_has_100_icons_filled_from_top_left(filled):
    svg = parser.fragment(icon_arrays.icon_svg(filled, "name")).css_first("svg")
    icons = svg.css(".hb-icon")
    assert len(icons) == 100
    yes = [i for i, icon in enumerate(icons) if "hb-icon--yes" in parser.classes(icon)]
    assert yes == list(range(filled)), "filled icons come first, row by row from the top-left"
    # Shape, not colour, tells the states apart: circles for yes, squares for no.
    assert all(icon.tag == "circle" for icon in svg.css(".hb-icon--yes"))
    assert all(icon.tag == "rect" for icon in svg.css(".hb-icon--no"))
    first_rect = svg.css_first("rect")
    if first_rect is not None and filled % 10:
        assert float(first_rect.attributes["y"]) < (filled // 10 + 1) * 10


def test_every_real_picture_matches_its_rounded_figures_and_names_both_sides():
    count = 0
    for oid, outcome, soup in _figures():
        arms = outcome["arms"]
        svgs = soup.css("svg.hb-icon-array")
        assert len(svgs) == len(arms) >= 2, oid
        for svg, arm in zip(svgs, arms, strict=True):
            count += 1
            k = round(decision_data.arm_percent(arm) + 1e-9)
            assert k == decision_data.in_100(arm) or abs(decision_data.arm_percent(arm) % 1 - 0.5) < 1e-9
            assert len(svg.css(".hb-icon--yes")) == decision_data.in_100(arm), oid
            assert len(svg.css(".hb-icon")) == 100
            assert svg.attributes["role"] == "img"
            name = svg.attributes["aria-label"]
            k = decision_data.in_100(arm)
            assert f"{k} in 100 {outcome['outcome']}" in name
            assert f"{100 - k} {outcome['not_outcome']}" in name
            assert outcome["time_frame"] in name
            assert "compared with" in name and all(
                f"{decision_data.in_100(o)} in 100" in name for o in arms if o is not arm
            )
            assert outcome["population"] in name
        # The same numbers as a small table right after the pictures, folded away ...
        table = soup.css_first("details.hb-icon-table-details > table.hb-icon-table")
        folded = soup.css_first("details.hb-icon-table-details")
        assert "open" not in folded.attributes
        assert parser.text(folded.css_first("summary")).startswith("Show these numbers as a table")
        # ... and on screen only: on paper the caption and the arm labels give every number already.
        assert "hb-screen-only" in parser.classes(folded)
        rows = table.css("tbody tr")
        assert len(rows) == len(arms)
        for row, arm in zip(rows, arms, strict=True):
            cells = [parser.text(c) for c in row.css("td")]
            assert cells == [f"{decision_data.in_100(arm)} in 100", f"{100 - decision_data.in_100(arm)} in 100"]
        assert "style=" not in soup.html
    assert count >= 8


def test_picture_caption_gives_both_groups_and_the_difference_and_the_note_the_certainty():
    outcome = load("outcomes.yml")["elektd_response"]
    caption = parser.text(parser.fragment(icon_arrays.figure_html(outcome)).css_first("figcaption"))
    assert "55 in 100 (more than half) improved a lot with a ketamine drip, compared with 41 in 100 (fewer than half) with ECT: 14 more in every 100 with a ketamine drip." in caption
    note = icon_arrays.summary_markdown(outcome)
    assert "as small as about 4 more in 100 or as big as about 24 more in 100" in note
    assert "anywhere from" not in note  # a range of gaps to decode (CDC index item 16)
    assert "How sure can we be?" in note and "[@anand2023]" in note
    for text in (caption, note):
        assert "times" not in text.lower() and "%" not in text.replace("95%", "")  # no relative risk


@pytest.mark.parametrize(("ci", "expected"), [
    ([3.9, 24.2], "as small as about 4 more in 100 or as big as about 24 more in 100."),
    ([-3.2, 10.4], "there might be no gap at all, or even about 3 fewer in 100; or the gap could be as big as about 10 more in 100."),
    ([-20.1, -6.6], "as small as about 7 fewer in 100 or as big as about 20 fewer in 100." ),
])
def test_the_uncertainty_of_a_gap_is_said_in_words_not_as_a_range(ci, expected):
    sentence = icon_arrays.uncertainty_sentence(ci)
    assert sentence.startswith("This gap comes from one study, so it is not exact.")
    assert expected in sentence


def test_picture_caption_with_three_groups_gives_every_pair_its_difference():
    """Rater AG: only the gaps against the switch were given, so a reader weighing the add-on
    against a second antidepressant had to subtract 29 - 27 (CDC index item 17)."""
    caption = icon_arrays.differences(load("outcomes.yml")["vastd_remission"])
    assert caption.startswith("29 in 100 (some) became well with an add-on (aripiprazole), 27 in 100 (some) with "
                              "a second antidepressant (bupropion), and 22 in 100 (some) with a switch (to bupropion).")
    assert "With an add-on (aripiprazole), 7 more in every 100 became well than with a switch (to bupropion)." in caption
    assert ("With a second antidepressant (bupropion), 5 more in every 100 became well than with a switch "
            "(to bupropion).") in caption
    assert ("With an add-on (aripiprazole), 2 more in every 100 became well than with a second antidepressant "
            "(bupropion).") in caption
    tied = dict(load("outcomes.yml")["vastd_remission"])
    tied["arms"] = [dict(arm) for arm in tied["arms"]]
    tied["arms"][1].update({k: tied["arms"][0][k] for k in tied["arms"][0] if k != "label"})
    assert ("With an add-on (aripiprazole) and with a second antidepressant (bupropion), the same number "
            "became well.") in icon_arrays.differences(tied)


@pytest.mark.parametrize("trial", [
    "Pooled review of 29 TMS trials",  # printed "Pooled review of 29 TMS trials trial:" before
    "ELEKT-D",
    "two trials, ASPIRE I and II.",
    "A review that pooled 29 trials of real and sham TMS",
])
def test_picture_caption_reads_correctly_for_any_trial_text(trial):
    outcome = dict(load("outcomes.yml")["rtms_response"], trial=trial)
    caption = parser.text(parser.fragment(icon_arrays.caption_html(outcome)))
    expected = trial[:1].upper() + trial[1:].rstrip(".") + "."
    assert f"From: {expected} Who took part: 1,371 adults" in caption
    assert "trials trial" not in caption and " trial:" not in caption and ".." not in caption
    assert caption.startswith("Magnetic pulse treatment compared with a pretend treatment. 29 in 100 (some) improved a lot with "
                              "the real treatment, compared with 10 in 100 (some) with a pretend treatment: 19 more in every 100 "
                              "with the real treatment.")
    assert caption.endswith("When: After about 13 sessions.")


def test_every_picture_caption_gives_each_group_its_scale_word_and_names_both_groups():
    """One scale for harms and benefits alike: the caption computes each group's word from its
    number (plain_numbers.SCALE), so a picture can never carry a word that disagrees with it."""
    outcomes = load("outcomes.yml")
    caption = parser.text(parser.fragment(icon_arrays.caption_html(outcomes["aspire_dizziness"])))
    assert ("38 in 100 (fewer than half) felt dizzy with the esketamine spray, compared with 14 in 100 (some) "
            "with a dummy spray: 24 more in every 100 with the esketamine spray.") in caption
    assert "very common" not in caption.lower()
    for oid, outcome in outcomes.items():
        caption = parser.text(parser.fragment(icon_arrays.caption_html(outcome)))
        for arm in outcome["arms"]:
            k = decision_data.in_100(arm)
            assert f"{k} in 100 ({share_word(k)})" in caption, oid
        assert re.search(r"\d+ (?:more|fewer) in every 100|no difference|the same as", caption), oid
        assert "From: " in caption and not re.search(r"\b(?:trials?|review) trial\b", caption), oid


def test_rounding_is_half_up():
    assert decision_data.in_100({"percent": 11.5}) == 12
    assert decision_data.in_100({"events": 91, "n": 336}) == 27
    assert decision_data.in_100({"events": 60, "n": 340}) == 18


# ---- Grid markup ----


def test_grid_markdown_escapes_cells_and_keeps_fixed_order():
    options = load("options.yml")
    options["options"]["tms"]["what_it_is"] = {"text": "A <b>bold</b> | claim", "cite": ["berlim2014"]}
    md = options_grid.grid_markdown(options, ["what_it_is"])
    assert "&lt;b&gt;bold&lt;/b&gt; \\| claim" in md
    rows = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith("| Option")]
    names = [options["options"][o]["name"] for o in options["order"]]
    assert [r.split(" | ")[0].lstrip("| ") for r in rows] == [options_grid.cell(n) for n in names]


def test_points_are_a_list_in_the_cell_each_with_its_own_citations():
    options = load("options.yml")
    md = options_grid.grid_markdown(options, ["status"])
    row = next(line for line in md.splitlines() if line.startswith("| Esketamine"))
    assert (
        '<ul class="hb-points"><li>Approved in the US. [@spravato_label]</li>'
        "<li>A controlled drug in the US. [@spravato_label]</li>"
        "<li>In England, the national guidance does not recommend it. [@nice_ta854]</li>"
        "<li>Scotland's health service accepted it. [@smc2258]</li></ul>"
    ) in row
    one = next(line for line in md.splitlines() if line.startswith("| Keeping your current plan"))
    assert "<ul" not in one and one.endswith("in the US or the UK. [@wiles2013] |")
    options["options"]["tms"]["status"]["points"][0]["text"] = "A <b>bold</b> | claim"
    assert "<li>A &lt;b&gt;bold&lt;/b&gt; \\| claim [@fda_tms_k083538]</li>" in options_grid.grid_markdown(options, ["status"])


GRIDS = [  # docs/choices.md: one grid per topic, at most 3 questions each; rules, safety, cost and `unknowns` alone
    ("What each choice involves", ["what_it_is", "visits", "driving"]),
    ("When it helps, and for how long", ["how_soon", "how_long"]),
    ("How well it works", ["counted", "how_many", "compared"]),  # one idea a cell (raters Y, Z, AA)
    ("Side effects and risks", ["common_effects", "serious_risks", "memory"]),
    ("Approved? (US and UK)", ["status"]),  # one idea a section (rater X, CDC item 9)
    ("Who should not have it", ["who_not"]),
    ("Cost", ["cost"]),
    ("What is still unknown", ["unknowns"]),
]


def test_a_grid_of_several_questions_is_one_table_with_short_headers():
    options = load("options.yml")
    md = options_grid.grid_markdown(options, ["what_it_is", "visits", "driving"], 'What "each" choice involves')
    assert md.count('<div class="hb-grid-src"') == 1
    assert 'data-hb-questions="what_it_is visits driving" data-hb-caption="What &quot;each&quot; choice involves"' in md
    rows = [line for line in md.splitlines() if line.startswith("|")]
    assert rows[0] == "| Option | What it is | Visits in 8 weeks | Driving and daily life |"
    assert rows[1] == "|---|---|---|---|"
    assert len(rows) == 2 + len(options["order"]) and all(r.count(" | ") == 3 for r in rows[2:])
    assert "icon-array" not in md
    # The grid that holds how_many is followed by its pictures; one question alone keeps the old shape.
    md = options_grid.grid_markdown(options, ["how_soon", "how_many", "how_long"], "How well it works")
    assert md.index("</div>") < md.index("<!-- icon-array: cobalt_response -->")
    one = options_grid.grid_markdown(options, ["unknowns"])
    assert 'data-hb-question="unknowns"' in one and "| Option | Still unknown |" in one


def test_the_pictures_after_the_grid_come_under_headings_of_the_choices_they_show():
    """Rater AF: seven pictures over ten printed pages under one heading (CDC index item 9).
    Each picture once, under a heading naming every choice it shows, in the grid's order."""
    options = load("options.yml")
    md = options_grid.grid_markdown(options, ["counted", "how_many", "compared"], "How well it works")
    headings = [line for line in md.splitlines() if line.startswith("### ")]
    pictures = re.findall(r"<!-- icon-array: (\w+) -->", md)
    assert len(pictures) == len(set(pictures)) >= 5 and len(headings) >= 4
    assert all(h.endswith(": the results in pictures") for h in headings)
    drip_vs_ect = [h for h in headings if "Ketamine drip" in h]
    assert drip_vs_ect and "ECT" in drip_vs_ect[0]  # the drip's pictures compare it with ECT
    # A later choice's name starts in lower case unless it is an abbreviation.
    assert all(" and T" not in h for h in headings)
    # Every picture sits under a heading: none comes before the first.
    assert md.index(headings[0]) < md.index("<!-- icon-array:")


def test_a_cell_whose_points_cite_the_same_sources_cites_them_once_at_its_end():
    """Raters: "[29, 34] ... [29, 34]" after every point of a cell. The citation follows the last point."""
    from handbook.steps import citations

    options = load("options.yml")
    same = options["options"]["medicine_change"]["what_it_is"]
    assert options_grid.answer_cell(same) == (
        '<ul class="hb-points"><li>Your doctor switches you to another antidepressant.</li>'
        "<li>Or your doctor adds a second medicine to the one you take. [@mohamed2017; @nice_ng222]</li></ul>"
    )
    mixed = options["options"]["esketamine"]["visits"]  # two sources for one point, one for the other
    assert options_grid.answer_cell(mixed).count("[@") == 2
    md = options_grid.grid_markdown(options, ["what_it_is", "visits", "driving"], "What each choice involves")
    refs = yaml.safe_load((DATA / "references.yml").read_text(encoding="utf-8"))
    cited = {key for o in options["order"] for f in ("what_it_is", "visits", "driving")
             for p in decision_data.answer_points(options["options"][o][f]) for key in p["cite"]}
    assert citations.cited_keys(md, refs) == cited  # still counted as cited
    assert citations.claims_without_citation(md) == []


@pytest.mark.parametrize("raw, fragments", [
    (" visits, side_effects", ("names no question 'side_effects'", "Use one of: what_it_is, visits")),
    (" what_it_is, visits, how_soon, cost", ("names 4 questions", "at most 3",
                                             "<!-- options-grid: what_it_is, visits, how_soon --> and <!-- options-grid: cost -->")),
    (" visits, visits", ("names 'visits' twice",)),
    (" visits,, cost", ("an empty question",)),
])
def test_a_marker_the_grid_cannot_draw_says_how_to_fix_it(raw, fragments):
    fields, problem = options_grid.parse_fields(raw, load("options.yml")["questions"])
    assert fields is None and all(f in problem for f in fragments), problem


def test_markers_name_their_fields_and_the_topic_is_the_heading_above():
    qs = load("options.yml")["questions"]
    assert options_grid.parse_fields(None, qs) == (None, None)
    assert options_grid.parse_fields(" what_it_is,visits , driving", qs) == (["what_it_is", "visits", "driving"], None)
    source = "# T\n\n## What it involves {#involves}\n\nText.\n\n<!-- options-grid: what_it_is, visits -->\n\n```\n## Not a heading\n```\n\n<!-- options-grid: cost -->\n"
    assert options_grid.marker_lines(source) == [7, 13]
    assert options_grid.grid_captions(source, load("options.yml")) == {
        "what_it_is": "What it involves", "visits": "What it involves", "cost": "Cost"}


def test_finish_tables_labels_each_answer_of_a_grid_of_several_questions():
    html = (
        '<div class="hb-grid-src" data-hb-questions="visits cost" data-hb-caption="Practical &amp; cost">'
        "<table><thead><tr><th>Option</th><th>Visits</th><th>Cost</th></tr></thead>"
        "<tbody><tr><td>ECT</td><td>Three a week</td><td>Ask</td></tr></tbody></table></div>"
    )
    soup = parser.fragment(options_grid.finish_tables(html, {"visits": "Visits?", "cost": "Cost?"}))
    table = soup.css_first("table.hb-options-grid")
    assert table.css_first("caption").text() == "Practical & cost"
    assert table.attributes["data-hb-questions"] == "visits cost" and "data-hb-question" not in table.attributes
    assert "data-hb-stack" in table.attributes and "data-hb-stack-print" in table.attributes
    assert table.css_first("tbody th[scope=row]").text() == "ECT"
    assert [td.attributes.get("data-label") for td in table.css("tbody td")] == ["Visits", "Cost"]


def test_fit_view_shows_every_point_with_its_citations():
    """A grid cell written as points reads, in the fit view, as its points in order, then every key they cite."""
    options = load("options.yml")
    md = decision_tools.fit_markdown(load("values.yml"), options)
    how_soon = options["options"]["current_plan"]["how_soon"]["points"]
    assert " ".join(p["text"] for p in how_soon) + " [@wiles2013]" in md
    cell = options["options"]["medicine_change"]["status"]["points"]
    line = next(x for x in md.splitlines() if cell[0]["text"] in x and 'data-hb-fit-option="medicine_change"' in x)
    assert " ".join(p["text"] for p in cell) in line
    assert all(f"@{key}" in line for p in cell for key in p["cite"])


def test_finish_tables_adds_class_caption_and_scopes():
    html = (
        '<div class="hb-grid-src" data-hb-question="visits"><table><thead><tr><th>Option</th><th>Q</th></tr></thead>'
        '<tbody><tr><td>ECT</td><td>Three a week</td></tr></tbody></table></div>'
    )
    soup = parser.fragment(options_grid.finish_tables(html, {"visits": "Visits?"}))
    table = soup.css_first("table.hb-options-grid")
    assert table.css_first("caption").text() == "Visits?"
    assert table.css_first("tbody th[scope=row]").text() == "ECT"
    assert [th.attributes["scope"] for th in table.css("thead th")] == ["col", "col"]
    assert soup.css_first("div.hb-grid-src") is None


# ---- The real handbook ----


@pytest.mark.slow
def test_handbook_pages_carry_grids_arrays_and_forms(handbook_site):
    site = handbook_site.site
    assert handbook_site.ok, handbook_site.error

    def page(path):
        return parser.document((site / path / "index.html").read_text(encoding="utf-8")).css_first("article")

    choices, risks, evidence = page("choices"), page("risks"), page("evidence")
    grids = choices.css("table.hb-options-grid")
    qs, heads = load("options.yml")["questions"], load("options.yml")["headers"]
    shape = [(parser.text(t.css_first("caption")),
              (t.attributes.get("data-hb-questions") or t.attributes.get("data-hb-question")).split()) for t in grids]
    assert shape == GRIDS
    assert sorted(f for _caption, fields in GRIDS for f in fields) == sorted(qs)  # every question once
    for table, (_caption, fields) in zip(grids, GRIDS, strict=True):
        headers = [parser.text(th) for th in table.css("thead th")]
        assert headers == ["Option"] + [heads[f] for f in fields]
        assert len(table.css("tbody th[scope=row]")) == len(load("options.yml")["order"])
        if len(fields) > 1:  # each answer labelled for the cards on phones and paper
            assert [td.attributes.get("data-label") for td in table.css("tbody tr")[0].css("td")] == headers[1:]
    # The pictures of how_many follow its grid, before the next section.
    after = choices.css_first("h2#how-well-it-works ~ h2")
    body = choices.html
    assert body.index("How well it works</caption>") < body.index("hb-icon-figure") < body.index(after.html)
    arrays = [svg for art in (choices, risks, evidence) for svg in art.css("svg.hb-icon-array")]
    assert len(arrays) >= 8
    assert risks.css("svg.hb-icon-array") and evidence.css("svg.hb-icon-array")
    for svg in arrays:
        assert len(svg.css(".hb-icon")) == 100 and svg.attributes.get("role") == "img" and svg.attributes.get("aria-label")
    for art in (choices, page("what-matters"), page("am-i-ready"), page("my-decision-summary")):
        for node in art.css(".hb-options-grid, .hb-icon-figure, fieldset, .hb-summary-head"):
            assert "style=" not in node.html
    assert re.search("what to try next when two or more antidepressants", parser.text(choices), re.I)
    matters = page("what-matters")
    assert len(matters.css("fieldset.hb-rate")) == len(load("values.yml")["statements"])
    for fieldset in matters.css("fieldset.hb-rate"):
        assert fieldset.css_first("legend") and len(fieldset.css("input[type=radio]")) == 5
    ready = page("am-i-ready")
    assert len(ready.css("fieldset.hb-yn")) == 4
    assert 6 <= len(ready.css("fieldset.hb-tf")) <= 8
    about = (ROOT / "docs" / "about.md").read_text(encoding="utf-8")
    assert re.search(r"four questions on \[Am I ready to decide\?\]\(am-i-ready\.md\).*not under our open licence", about), \
        "About must exclude the SURE test (the four 'sure' questions on Am I ready to decide?) from the CC BY licence"


# ---- Browser ----

browser = pytest.mark.browser


@pytest.fixture
def context_for(chromium, served_site):
    from gates import watch

    made = []

    def make(**options):
        context = chromium.new_context(**options)
        seen = watch(context, served_site)
        made.append(context)
        return context, seen

    yield make
    for context in made:
        context.close()


def _storage(page):
    return page.evaluate("Object.keys(localStorage).filter((k) => k.endsWith('hb-decision.v1'))")


def _statement_order() -> list[str]:
    """Statement ids in the order What matters to you shows them (group by group)."""
    return [sid for group in load("values.yml")["groups"] for sid in group["statements"]]


@browser
@pytest.mark.slow
def test_answers_survive_reload_show_on_summary_and_clear(context_for, served_site):
    context, seen = context_for(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_site + "what-matters/")
    first = page.locator("fieldset.hb-rate").first
    first.get_by_label("4: very much").check()
    page.locator("fieldset.hb-rate").nth(2).get_by_label("3: a lot").check()
    page.get_by_label("Anything else that matters to you? (in your own words)").fill("Being home for my kids")
    # The fit view shows the rated statements, each with every option in the fixed order; no ranking.
    shown = page.locator("[data-hb-fit-value]:visible")
    options = page.locator("[data-hb-fit-option]:visible")
    assert shown.count() == 2 and options.count() == 14
    order = _statement_order()
    assert [shown.nth(i).get_attribute("data-hb-fit-value") for i in range(2)] == [order[0], order[2]]
    assert options.first.get_attribute("data-hb-fit-option") == "current_plan"
    page.reload()
    assert first.get_by_label("4: very much").is_checked()
    assert page.get_by_label("Anything else that matters to you? (in your own words)").input_value() == "Being home for my kids"

    page.goto(served_site + "am-i-ready/")
    page.locator("fieldset.hb-yn").nth(0).get_by_label("Yes").check()
    page.locator("fieldset.hb-yn").nth(1).get_by_label("No").check()
    answers = page.locator("[data-hb-answers]")
    assert not answers.is_visible()
    toggle = page.locator("button[data-hb-answers-toggle]")
    assert toggle.inner_text() == "Show the answers"
    toggle.click()
    assert answers.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    page.locator("fieldset.hb-tf").first.get_by_label("Not sure").check()
    page.reload()
    assert page.locator("fieldset.hb-yn").nth(1).get_by_label("No").is_checked()
    assert page.locator("fieldset.hb-tf").first.get_by_label("Not sure").is_checked()

    page.goto(served_site + "my-decision-summary/")
    priorities = page.locator("[data-hb-priority]:visible")
    assert priorities.count() == 2
    assert priorities.first.inner_text().startswith(load("values.yml")["statements"][order[0]]["text"])
    page.locator("fieldset.hb-leaning").get_by_label("I am not sure yet").check()
    page.get_by_role("textbox", name="My questions for my care team").fill("How many visits?")
    page.get_by_role("textbox", name="Who I will bring with me").fill("My sister")
    sure = page.locator(".hb-sure-summary [data-hb-d-mirror]")
    assert [sure.nth(i).inner_text() for i in range(2)] == ["Yes", "No"]
    page.reload()
    assert page.get_by_role("textbox", name="My questions for my care team").input_value() == "How many visits?"
    assert _storage(page)

    page.get_by_role("button", name="Clear my answers").click()
    assert page.get_by_role("status").first.inner_text().startswith("Your answers have been cleared")
    assert _storage(page) == []
    page.reload()
    assert page.locator("[data-hb-priority]:visible").count() == 0
    assert page.get_by_role("textbox", name="My questions for my care team").input_value() == ""
    page.goto(served_site + "what-matters/")
    assert not first.get_by_label("4: very much").is_checked()
    assert seen.problems() == [], seen.problems()


@browser
@pytest.mark.slow
@pytest.mark.parametrize("path", TOOL_PAGES)
def test_decision_pages_pass_axe_light_dark_and_320px(context_for, served_site, path):
    from gates import OVERFLOW, SMALL_CONTROLS, axe_violations

    context, seen = context_for(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_site + path, wait_until="networkidle")
    if path == "what-matters/":  # the fit view, shown
        page.locator("fieldset.hb-rate").first.get_by_label("4: very much").check()
    if path == "am-i-ready/":
        page.get_by_role("button", name="Show the answers").click()
    assert axe_violations(page) == []
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.wait_for_timeout(400)
    assert axe_violations(page, rules=["color-contrast", "link-in-text-block"]) == []
    assert seen.problems() == []
    phone, _ = context_for(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    small = phone.new_page()
    small.goto(served_site + path, wait_until="load")
    assert small.evaluate(OVERFLOW) == []
    assert axe_violations(small) == []
    assert small.evaluate(SMALL_CONTROLS) == []


@browser
@pytest.mark.slow
@pytest.mark.parametrize("path", TOOL_PAGES)
def test_decision_pages_work_without_javascript(context_for, served_site, path):
    context, seen = context_for(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + path, wait_until="load")
    if path == "choices/":
        assert page.locator("table.hb-options-grid").count() == len(GRIDS)
        assert page.locator("svg.hb-icon-array").first.is_visible()
    else:
        radio = page.locator(".md-content input[type=radio]").first
        radio.check()
        assert radio.is_checked()
        assert not page.get_by_role("button", name="Clear my answers").first.is_visible()
    if path == "am-i-ready/":
        assert page.locator("[data-hb-answers]").is_visible(), "without script the answers follow the questions"
    if path == "my-decision-summary/":
        assert page.locator(".hb-edition").is_visible()
        assert page.locator("fieldset.hb-leaning input[type=radio]").count() == 9


GRID_LAYOUT_JS = """() => [...document.querySelectorAll('table.hb-options-grid[data-hb-questions]')]
    .filter((t) => t.getClientRects().length).map((t) => {
        const answers = [...t.tBodies[0].rows[0].cells].slice(1);
        const [a, b] = answers.map((cell) => cell.getBoundingClientRect());
        return {
            display: getComputedStyle(t).display,
            sideBySide: Math.abs(a.top - b.top) < 2 && b.left > a.left,
            header: getComputedStyle(t.tHead).position !== 'absolute',
            caption: t.caption.getBoundingClientRect().width > 1,
            labels: answers.map((cell) => getComputedStyle(cell, '::before').content.replace(/"/g, '')),
            labelBeside: parseFloat(getComputedStyle(answers[0]).paddingLeft) > 60,
            fontPt: parseFloat(getComputedStyle(answers[0]).fontSize) * 0.75,
        };
    })"""


@browser
@pytest.mark.slow
def test_grids_are_labelled_cards_on_every_screen_and_on_paper(context_for, served_site):
    """A grid of 3 questions stays readable: at 1280 px, at 320 px and on paper, one card per
    option, each answer labelled with its short header (beside it where there is room, so a
    column never holds a word or two a line). Raters AF and AG failed the wide-screen table of
    bullet lists as not simple (PEMAT-P item 19). The topic caption is for screen readers only."""
    heads = load("options.yml")["headers"]
    labels = [[heads[f] for f in fields] for _caption, fields in GRIDS if len(fields) > 1]
    for width, media in ((1280, "screen"), (320, "screen"), (round((210 - 30) / 25.4 * 96), "print")):
        context, _ = context_for(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.emulate_media(media=media)
        page.goto(served_site + "choices/")
        found = page.evaluate(GRID_LAYOUT_JS)
        assert len(found) == len(labels), (width, media)
        for grid, names in zip(found, labels, strict=True):
            assert not grid["caption"], (width, media)
            assert grid["display"] == "block" and not grid["sideBySide"] and not grid["header"], (width, media, grid)
            assert grid["labels"] == names, (width, media, grid)
            # Beside its answer where there is room (a wide screen, paper); above it on a phone.
            assert grid["labelBeside"] == (width != 320), (width, media, grid)
            if media == "print":
                assert grid["fontPt"] >= 11.9, grid  # 12 pt like the body text


def png_grey(data: bytes) -> list[int]:
    """Luminance (0-255) of every pixel of an 8-bit RGB/RGBA PNG, as Chromium writes them
    (stdlib only: no image library is a dependency)."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, head = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = head
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(b"".join(chunks)), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return [round(0.299 * r[i] + 0.587 * r[i + 1] + 0.114 * r[i + 2]) for r in rows for i in range(0, stride, bpp)]


@browser
@pytest.mark.slow
@pytest.mark.parametrize("media", ["screen", "print"])
def test_greyscale_screenshot_tells_the_icons_apart(context_for, served_site, media):
    context, _ = context_for(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(served_site + "choices/")
    page.emulate_media(media=media)
    page.add_style_tag(content="html { filter: grayscale(1); }")  # as a greyscale printer sees it
    svg = page.locator("svg.hb-icon-array").first
    svg.scroll_into_view_if_needed()
    shots = [png_grey(svg.locator(sel).first.screenshot()) for sel in (".hb-icon--yes", ".hb-icon--no")]
    dark = [sum(1 for px in shot if px < 128) / len(shot) for shot in shots]
    assert dark[0] > dark[1] + 0.25, f"filled vs empty icon, share of dark pixels: {dark}"


@browser
@pytest.mark.slow
def test_printed_summary_holds_the_answers_and_the_edition(context_for, served_site, tmp_path, handbook_site):
    from pypdf import PdfReader

    context, seen = context_for(viewport={"width": 800, "height": 1000})
    page = context.new_page()
    page.goto(served_site + "what-matters/")
    page.locator("fieldset.hb-rate").first.get_by_label("4: very much").check()
    page.goto(served_site + "am-i-ready/")
    page.locator("fieldset.hb-yn").nth(3).get_by_label("No").check()
    page.goto(served_site + "my-decision-summary/")
    page.get_by_role("textbox", name="My questions for my care team").fill("Can I drive home after?")
    page.get_by_role("textbox", name="Who I will bring with me").fill("Alex Example")
    page.locator("fieldset.hb-leaning").get_by_label("I am not sure yet").check()
    edition = page.locator(".hb-edition").inner_text().strip()
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        out = tmp_path / f"summary-{paper}.pdf"
        page.pdf(path=str(out), format=paper, print_background=True)
        reader = PdfReader(str(out))
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))
        assert len(reader.pages) <= 2, f"{paper}: {len(reader.pages)} pages"
        first = load("values.yml")["statements"][_statement_order()[0]]["text"]
        for expected in ("Can I drive home after?", "Alex Example", first, "not a consent form"):
            assert expected in text, (paper, expected)
        assert re.sub(r"\s+", " ", edition) in text
    assert seen.problems() == []


@browser
@pytest.mark.slow
def test_summary_priorities_come_in_small_groups_and_paper_asks_for_them(context_for, served_site, tmp_path):
    """Blank, the paper says what to write on its lines (PEMAT-P item 22) and fits 2 sheets.
    With the top 3 rated (what the paper asks for), the priorities print in their groups on 2
    sheets. With every statement rated, the screen shows them in their groups: no list over 7
    items (CDC index item 8)."""
    from pypdf import PdfReader

    def printed(name):
        page.emulate_media(media="print")
        texts = []
        for paper in ("A4", "Letter"):
            out = tmp_path / f"{name}-{paper}.pdf"
            page.pdf(path=str(out), format=paper, print_background=True)
            reader = PdfReader(str(out))
            assert len(reader.pages) <= 2, f"{name}, {paper}: {len(reader.pages)} pages"
            texts.append(re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages)))
        page.emulate_media(media="screen")
        return texts

    context, seen = context_for(viewport={"width": 800, "height": 1000})
    page = context.new_page()
    page.goto(served_site + "my-decision-summary/")
    prompt = 'Copy the 3 statements you rated highest on "What matters to you"'
    assert all(prompt in text for text in printed("blank"))
    assert not page.get_by_text(prompt).is_visible(), "the prompt is for paper"
    values = load("values.yml")
    page.goto(served_site + "what-matters/")
    rates = page.locator("fieldset.hb-rate")
    order = _statement_order()
    for group in values["groups"]:  # the first statement of each group
        rates.nth(order.index(group["statements"][0])).get_by_label("4: very much").check()
    page.goto(served_site + "my-decision-summary/")
    page.get_by_role("textbox", name="My questions for my care team").fill("How many visits? Who do I call at night?")
    page.get_by_role("textbox", name="Who I will bring with me").fill("My sister")
    page.locator("fieldset.hb-leaning").get_by_label("Something else, or a mix").check()
    for text in printed("top-3"):
        assert prompt not in text
        assert all(values["statements"][g["statements"][0]]["text"] in text for g in values["groups"])

    page.goto(served_site + "what-matters/")
    rated = rates.count()
    for i in range(rated):
        rates.nth(i).get_by_label("4: very much").check()
    page.goto(served_site + "my-decision-summary/")
    assert page.locator("[data-hb-priority]:visible").count() == rated == len(values["statements"])
    titles = [g["title"] for g in values["groups"]]
    assert page.locator(".hb-priority-group__title:visible").all_inner_texts() == titles
    sizes = page.evaluate("""() => [...document.querySelectorAll('article :is(ul, ol, .hb-leaning__choices)')]
        .filter((l) => l.offsetParent).map((l) => [...l.children].filter((c) => c.offsetParent).length)""")
    assert sizes and max(sizes) <= 7, sizes
    assert seen.problems() == []


@browser
@pytest.mark.slow
def test_make_pdf_prints_the_blank_summary_form(printed_pdfs, handbook_site):
    from pypdf import PdfReader

    # The A4 PDFs tests/test_pdf_packet.py reads too: printed once per session.
    summary = printed_pdfs("handbook", ROOT, handbook_site.site)["decision_summary_pdf"]
    assert summary.path.parts[-2:] == ("pdf", "my-decision-summary.pdf")
    assert summary.pages <= 2
    text = " ".join(p.extract_text() or "" for p in PdfReader(str(summary.path)).pages)
    edition = load_edition()
    assert "not a consent form" in text
    assert edition in text


def test_a_marker_without_decision_data_fails_naming_page_and_line(project):
    """A project without data/options.yml etc. has nothing for decision_data to check, but a
    page that still asks for the grid must not silently print nothing."""
    site = project("decision")
    for rel in decision_data.DATA_FILES:
        (site / rel).unlink()
    (site / "docs" / "sources.md").write_text((site / "docs" / "sources.md").read_text().split("# Sources")[0] + "# Sources\n")
    (site / "data" / "references.yml").write_text("{}\n")
    result = build_project(site)
    assert not result.ok
    assert result.warned("choices.md line", "<!-- options-grid -->", "needs the decision-support data"), result.warnings


@pytest.mark.slow
def test_a_marker_the_grid_cannot_draw_fails_the_build_naming_page_line_and_fix(project):
    site = project("decision")
    page = site / "docs" / "choices.md"
    text = page.read_text(encoding="utf-8")
    text += "\n## Too wide\n\n<!-- options-grid: what_it_is, visits, how_soon, cost -->\n\n<!-- options-grid: visits, side_effects -->\n"
    page.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    wide = lines.index("<!-- options-grid: what_it_is, visits, how_soon, cost -->") + 1
    unknown = lines.index("<!-- options-grid: visits, side_effects -->") + 1
    result = build_project(site)
    assert not result.ok
    assert result.warned(f"choices.md line {wide}:", "names 4 questions; a grid holds at most 3",
                         "Split it into two grids"), result.warnings
    assert result.warned(f"choices.md line {unknown}:", "names no question 'side_effects'", "Use one of:"), result.warnings


def test_grid_numbers_end_their_clause_so_a_bar_never_splits_a_sentence():
    """number_bars draws a bar right after each "N in 100" in a grid cell: a number in the middle
    of a sentence ("fewer than half (38 in 100) had depression return") split it (raters V, W)."""
    phrase = re.compile(r"(?<![\d.,])\d{1,3}\s+(?:(?:people|adults|patients)\s+)?in\s+(?:every\s+)?100(?!\d)")
    clause_end = re.compile(r"(?:\s+(?:people|adults|patients)\b)?(?:\s*\([^()]*\))?\s*(?:[.;:,]|$)")
    bound = re.compile(r"(?:\b(?:fewer|less)\s+than\s+(?:about\s+)?|\d\s*(?:to|-|–|or)\s*)$")
    options = load("options.yml")
    checked, mid = 0, []
    for option, entry in options["options"].items():
        for field, answer in entry.items():
            for point in decision_data.answer_points(answer):
                for match in phrase.finditer(point["text"]):
                    if bound.search(point["text"][: match.start()]):
                        continue
                    checked += 1
                    if not clause_end.match(point["text"], match.end()):
                        mid.append(f"{option}.{field}: {point['text']}")
    assert checked >= 14 and mid == []


@browser
@pytest.mark.slow
def test_tables_printed_as_cards_have_no_frame_of_their_own_on_the_print_page(context_for, served_site):
    """Rater BD: the grid of options printed as cards on the packet's pages, but print-site's
    `#print-site-page table` frame went round all of them and, split over pages, drew empty
    sides down to the foot of a page. Each card keeps its own frame."""
    context, seen = context_for(viewport={"width": 800, "height": 1000})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(served_site + "print_page/")
    frames = page.evaluate("""() => [...document.querySelectorAll('#print-site-page table[data-hb-stack-print]')].map(
        (t) => [getComputedStyle(t).borderLeftWidth, getComputedStyle(t).borderRightWidth,
                getComputedStyle(t.querySelector('tbody tr')).borderLeftWidth])""")
    assert len(frames) >= 2
    assert all(left == right == "0px" and card == "1px" for left, right, card in frames), frames
    assert seen.problems() == []

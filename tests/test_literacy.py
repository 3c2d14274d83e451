"""Health-literacy checks (issue 13): main message, terms explained at first use, numbers a
reader can use, reader tools, the literacy report. Each check is shown the bad input it
exists for, and its message must name the page and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, build_project, serve
from literacy_report import (
    build_reports,
    built_page_abbreviations,
    instructions_without_reason,
    long_lists,
    main_message,
    page_report,
    render,
)

from handbook import pipeline
from handbook.literacy_text import closed_tab_lines, literacy_settings, sentences
from handbook.steps.first_use import (
    ABBREVIATION_LIMIT,
    INSERTED,
    abbreviations_in,
    chapter_abbreviations,
    explain_message,
    included_texts,
    is_acronym,
    is_explained,
    long_name,
    too_many_message,
    unexplained_first_uses,
)
from handbook.steps.gloss_shape import gloss_problems
from handbook.steps.list_length import long_list_message
from handbook.steps.list_length import long_lists as long_html_lists
from handbook.steps.main_message import main_message_problems
from handbook.steps.plain_numbers import denominator_problems, number_problems
from handbook.steps.plain_words import jargon_problems
from handbook.steps.table_cells import cell_problems
from handbook.steps.tools import add_tools

TERMS = [
    ("ECT", "Electroconvulsive therapy: a treatment that passes a brief current through the brain."),
    ("placebo", "A dummy treatment with no active medicine."),
    ("IV", "Intravenous: given into a vein through a thin tube (a drip)."),
]


# ---- Sentences: what the checks read --------------------------------------------------------


def test_sentences_keep_body_lines_and_drop_citations_code_and_markup():
    text = (
        "# Title\n\n"
        "First [sentence](x.md) here [@key]. Second **one**.\n"
        "Still the same paragraph.\n\n"
        "```\nECT in code\n```\n\n"
        "| A | B |\n|---|---|\n| cell one | cell two |\n\n"
        '!!! note "Box title"\n    - Item text.\n'
        '--8<-- "includes/crisis-inline.md"\n'
        "*[ECT]: Electroconvulsive therapy.\n"
    )
    found = [(s.line, s.kind, s.text) for s in sentences(text)]
    assert found == [
        (0, "heading", "Title"),
        (2, "text", "First sentence here."),
        (2, "text", "Second one."),
        (3, "text", "Still the same paragraph."),
        (9, "table", "A"),
        (9, "table", "B"),
        (11, "table", "cell one"),
        (11, "table", "cell two"),
        (13, "title", "Box title"),
        (14, "text", "Item text."),
    ]


def test_settings_default_to_the_reference_pages_and_no_pending_checks():
    assert literacy_settings({"extra": {}}) == {
        "exempt": ["glossary.md", "references.md", "what-changed.md"],
        "pending": [],
        "lists_checked": ["glossary.md", "references.md"],  # printed in the packet: list_length judges them
    }


# ---- Main message ----------------------------------------------------------------------------

GOOD = (
    '<h1 id="t">Risks</h1>\n<p class="hb-review">Checked</p>\n'
    '<p class="hb-main-message">Most side effects pass the same day. Call 911 for chest pain.</p>\n'
    '<div class="admonition abstract"><p class="admonition-title">Key points</p></div>\n'
)


def test_a_good_main_message_passes():
    assert main_message_problems(GOOD) == []


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<h1>R</h1><div class="admonition abstract"><p class="admonition-title">Key points</p></div>',
         "no main message"),
        (GOOD + '<p class="hb-main-message">Another one.</p>', "2 main messages"),
        ('<h1>R</h1><div class="admonition abstract"><p class="admonition-title">Key points</p></div>'
         '<p class="hb-main-message">Late.</p>', "not the first thing under the H1"),
        ('<h1>R</h1><div class="admonition"><p class="hb-main-message">Boxed.</p></div>',
         "inside another element"),
        ('<h1>R</h1><p class="hb-main-message">' + "One. " * 4 + "</p>", "4 sentences"),
    ],
    ids=["missing", "two", "after-key-points", "nested", "too-long"],
)
def test_main_message_problems(html, expected):
    problems = main_message_problems(html)
    assert any(expected in p for p in problems), problems


# ---- Terms explained at first use ------------------------------------------------------------


def test_unexplained_first_use_is_found_with_its_line():
    text = "# T\n\nSome text.\n\nYou could try ECT. It can help. ECT (electroconvulsive therapy) is old.\n"
    assert unexplained_first_uses(text, TERMS) == [(4, "ECT", "Electroconvulsive therapy")]


@pytest.mark.parametrize(
    "sentence",
    [
        "You could try ECT (electroconvulsive therapy: a treatment using a brief current).",
        "You could try electroconvulsive therapy (ECT: a treatment using a brief current).",
        "Electroconvulsive therapy (ECT) is a treatment that passes a brief current through the brain.",
        "You could try electroconvulsive therapy (ECT), a treatment using a brief current.",
        "ECT means electroconvulsive therapy, a treatment that passes a brief current through the brain.",
        "This is called a placebo by researchers.",
        "Some get a placebo. A placebo is a dummy treatment.",
        "Some had an intravenous drip, into a vein (IV).",
        "A dummy spray with no medicine in it (a placebo) was used.",
        "Doctors call this a placebo.",
        'It had a placebo. "A placebo" is a dummy treatment.',
    ],
)
def test_explanations_in_the_text_count(sentence):
    assert unexplained_first_uses(sentence, TERMS) == []


@pytest.mark.parametrize(
    "sentence, term",
    [
        ("You could try ECT (a treatment using a brief current).", "ECT"),
        ("ECT means a treatment that passes a brief current through the brain.", "ECT"),
        ("ECT, a treatment with a brief current, is one choice.", "ECT"),
        ("Some had a drip into a vein (IV).", "IV"),
    ],
)
def test_an_acronym_is_spelled_out_not_only_described(sentence, term):
    """CDC item 7 as raters apply it: "NICE (the body that advises ...)" says what NICE is, not
    what the letters stand for, so a reader who meets them again cannot place them."""
    assert [found for _, found, _ in unexplained_first_uses(sentence, TERMS)] == [term]
    assert is_acronym("PHQ-9") and is_acronym("IV") and not is_acronym("placebo") and not is_acronym("Spravato")


def test_a_bare_or_is_not_an_explanation():
    assert unexplained_first_uses("Ask about ECT or TMS.", TERMS + [("TMS", "Transcranial magnetic stimulation: pulses.")]) == [
        (0, "ECT", "Electroconvulsive therapy"), (0, "TMS", "Transcranial magnetic stimulation")]
    assert unexplained_first_uses("They got a dummy treatment, or placebo.", TERMS) == []


def test_headings_do_not_count_as_first_use_and_lowercase_terms_match_plurals():
    text = "## ECT\n\nECT (electroconvulsive therapy) is a choice.\n\nPlacebos were used.\n"
    assert unexplained_first_uses(text, TERMS) == [(4, "placebo", None)]


def test_long_name_comes_from_the_definition():
    assert long_name(TERMS[0][1]) == "Electroconvulsive therapy"
    assert long_name("A dummy treatment. Studies: many.") is None
    assert is_explained("ECT", "Electroconvulsive therapy", "ECT helps.", 0, 3, "", "Electroconvulsive therapy is...")


# ---- Numbers ---------------------------------------------------------------------------------


def _checks(text):
    return [(line, check) for line, check, _ in number_problems(text)]


def test_comparison_without_worked_difference_fails():
    text = "Dizziness: 38 in 100 (fewer than half) with the spray, compared with 14 in 100 (some) with a dummy spray.\n"
    assert _checks(text) == [(0, "comparisons")]
    assert "about 24 more in 100" in number_problems(text)[0][2]


def test_comparison_with_worked_difference_passes_in_the_same_or_next_sentence():
    same = "Dizziness: 38 in 100 (fewer than half) with the spray, 14 in 100 (some) with a dummy spray: about 24 more in 100.\n"
    following = ("It happened to 38 in 100 (fewer than half) with the spray compared with 14 in 100 (some) with a dummy spray. "
                 "That is 24 more in 100.\n")
    assert _checks(same) == [] and _checks(following) == []
    gap = "It was seen in 60 in 100 with ketamine, compared with 50 in 100 with salt water. That gap of 10 in 100 could be chance.\n"
    more_than = "| Fully well | 27 in 100 | 45 in 100: 18 more than on esketamine |\n"
    assert _checks(gap) == [] and _checks(more_than) == []


def test_placebo_figure_alone_is_a_comparison():
    text = "Sleepiness: 50 in 100 (about half) on the spray.\n\nOn placebo it was 10 in 100 (some).\n"
    assert _checks(text) == [(2, "comparisons")]


@pytest.mark.parametrize("relative", ["twice as likely", "3 times more", "50% lower", "doubles the risk"])
def test_relative_only_comparison_fails_unless_both_absolute_numbers_are_given(relative):
    bad = f"People on the spray were {relative} to feel sick.\n"
    assert ("comparisons" in {c for _, c in _checks(bad)}), bad
    good = (f"Feeling sick was {relative}: 4 in 100 (few) with the spray compared with 2 in 100 (few) "
            "with a dummy spray, 2 more in 100.\n")
    assert [c for _, c in _checks(good) if c == "comparisons"] == []


def test_frequency_without_a_scale_word_fails():
    assert _checks("About 7 in 100 people felt sick.\n") == [(0, "frequency_words")]
    assert '"7 in 100 (few)"' in number_problems("About 7 in 100 people felt sick.\n")[0][2]
    assert _checks("About 7 in 100 people (few) felt sick.\n") == []
    assert _checks("Passing out was rare: fewer than 1 in 100 people.\n") == []
    assert _checks("Passing out happened to fewer than 1 in 100 people.\n") == [(0, "frequency_words")]
    assert '"rare: fewer than 1 in 100"' in number_problems("Passing out happened to fewer than 1 in 100 people.\n")[0][2]
    # Leaflets' words are not on the handbook's one scale, next to a number
    for word in ("uncommon", "very common", "common", "very rare"):
        text = f"Passing out was {word}: 7 in 100 people (few).\n"
        messages = [m for _, c, m in number_problems(text) if c == "frequency_words"]
        assert len(messages) == 1 and f'"{word}" is a medicine-leaflet word' in messages[0], (word, messages)
    assert _checks("The price would need to drop by 25% to 52%.\n") == []


def test_table_rows_take_no_word_their_bars_are_the_picture():
    rows = ("| Dizziness [@x] | 29 in 100 | 8 in 100 | 21 more in 100 |\n"
            "| Nausea [@x] | 28 in 100 | 9 in 100 | 19 more in 100 |\n")
    table = "| Side effect | Spray | Dummy spray | More |\n|---|---|---|---|\n" + rows
    assert [c for _, c in _checks(table) if c == "frequency_words"] == []


def test_one_scale_for_harms_and_benefits_alike():
    """The same word for the same number, whether it is a side effect or a benefit (raters failed
    "13 in 100 (some)" as a benefit beside "very common" for 13 in 100 as a side effect)."""
    harm_without = "Dizziness: 29 in 100 people on the spray.\n"
    assert _checks(harm_without) == [(0, "frequency_words")]
    assert "side effect or other harm" in number_problems(harm_without)[0][2]
    assert _checks("Dizziness: 29 in 100 people (some) on the spray.\n") == []
    assert _checks("About 27 in 100 (some) reached remission.\n") == []
    wrong = "Dizziness: 13 in 100 people (few) on the spray.\n"
    assert 'is called "few", but on the Glossary\'s scale 13 in 100 is "some"' in number_problems(wrong)[0][2]
    assert _checks("About 55 in 100 (common) had a big drop in symptoms.\n") == [(0, "frequency_words")] * 2
    # A range takes the words of both ends; a sentence about neither harm nor benefit is left alone.
    assert _checks("Blood pressure rose in 8 to 19 in 100 (few to some).\n") == []
    assert _checks("Blood pressure rose in 8 to 19 in 100 (some).\n") == [(0, "frequency_words")]
    assert _checks("About 22 in 100 people in the study were over 65.\n") == []


def test_relapse_numbers_need_the_word_for_their_size():
    """CDC index item 20: every risk of depression coming back also in words (or a picture)."""
    bad = "After the course ended, 62 in 100 had relapsed within 6 months.\n"  # invented
    assert _checks(bad) == [(0, "frequency_words")]
    message = number_problems(bad)[0][2]
    assert '"62 in 100" is about depression coming back (relapse)' in message
    assert '"62 in 100 (more than half)"' in message and "Glossary" in message
    assert _checks("Depression came back in 30 in 100 people within a year.\n") == [(0, "frequency_words")]
    assert _checks("After the course ended, more than half (62 in 100) had relapsed within 6 months.\n") == []
    assert _checks("About half (51 in 100) had their depression come back within a year.\n") == []
    assert _checks("About 43 in 100 (fewer than half) relapsed, compared with 71 in 100 (most): 28 fewer in 100.\n") == []
    # The harm scale is not the word for it, and a worked difference alone is not a frequency.
    assert _checks("Relapse was very common: 62 in 100 within 6 months.\n") == [(0, "frequency_words")] * 2
    assert _checks("Relapse was very common: more than half (62 in 100) within 6 months.\n") == [(0, "frequency_words")]
    assert _checks("Keeping the spray meant 18 fewer in 100 relapsed.\n") == []
    # A table row's numbers are drawn as bars by number_bars: the picture is its word.
    table = ("| Group | Depression came back: kept on the spray | Depression came back: dummy spray |\n"
             "|---|---|---|\n| People who were fully well | 27 in 100 | 45 in 100: 18 more than on the spray |\n")
    assert _checks(table) == []


@pytest.mark.parametrize(("sentence", "fragment"), [
    # no word at all, one group of two, a benefit named after the numbers, "people" between
    ("About 69 in 100 improved a lot with the spray.", '"69 in 100 (more than half)"'),
    ("About 69 in 100 (more than half) improved a lot, compared with 52 in 100 with a dummy spray: 17 more in 100.",
     '"52 in 100 (about half)"'),
    ("With the spray, 27 in 100 people became well.", '"27 in 100 (some)"'),
    ("After 3 weeks, 13 in 100 had improved.", '"13 in 100 (some)"'),
    ("In one study, 95 in 100 felt better.", '"95 in 100 (almost all)"'),
    # a word, but the wrong one for the number
    ("About 54 in 100 (most) improved a lot.", 'is called "most", but on the Glossary\'s scale 54 in 100 is "about half"'),
    ("Half of them (62 in 100) relapsed within a year.", '"62 in 100" is about depression coming back'),
    ("About 52 in 100 (more than half) became well.", 'is "about half"'),
    ("Most people (45 in 100) got better.", 'is "about half"'),
])
def test_benefit_numbers_need_the_share_word_for_their_size(sentence, fragment):
    """Every group's number about a benefit or relapse has the word for its size next to it,
    and the word fits the number on the Glossary's scale (raters: "59 in 100 (more than half)")."""
    messages = [message for _, check, message in number_problems(sentence + "\n") if check == "frequency_words"]
    assert len(messages) == 1 and fragment in messages[0], messages


@pytest.mark.parametrize("sentence", [
    "About 69 in 100 (more than half) improved a lot with the spray, compared with 52 in 100 (about half) with a dummy spray: 17 more in 100.",
    "About half (51 in 100) had their depression come back within a year.",
    "About 27 in 100 people (some) became well with esketamine, compared with 18 in 100 (some) with quetiapine: 9 more in 100.",
    "Most (70 in 100) became well again.",
    "Getting better took 2 weeks for 9 more in 100.",  # a worked difference alone takes no word
    "Rare: fewer than 1 in 100 improved with salt water.",  # a bound, with its word
])
def test_benefit_numbers_with_the_right_word_pass(sentence):
    assert [check for _, check, _ in number_problems(sentence + "\n")] == []


def test_glossary_gives_the_one_scale_the_check_uses():
    """The words a reader looks up are the words the check enforces, with the same ranges."""
    from handbook.steps.plain_numbers import SCALE
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert '--8<-- "number-words.md"' in text.split("## Words for numbers", 1)[1].split("\n## ", 1)[0]
    # The same key stands where the numbers are (rater AN, PEMAT-P item 6: it was only in the Glossary).
    for page in ("evidence.md", "risks.md", "choices.md", "what-matters.md"):
        assert '--8<-- "number-words.md"' in (ROOT / "docs" / page).read_text(encoding="utf-8"), page
    table = (ROOT / "includes" / "number-words.md").read_text(encoding="utf-8")
    lines = [line.strip() for line in table.splitlines() if line.strip().startswith("|")]  # the table's rows
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    ranges = {(-1, -1): "fewer than 1"}
    expected = [[word.capitalize(), ranges.get((low, high), f"{low} to {high}")]
                for low, high, word in reversed(SCALE) if word != "none"]
    assert rows == expected


def test_share_scale_covers_every_number_once():
    """Every number from 0 to 100 has exactly one word, and the words run in order."""
    from handbook.steps.plain_numbers import SCALE, share_word
    covered = [n for low, high, _ in SCALE for n in range(low, high + 1) if low >= 0]
    assert covered == list(range(101))
    assert share_word(50) == "about half" and share_word(55) == "more than half" and share_word(44) == "fewer than half"
    assert share_word(-1) == "rare"


def test_table_rows_are_read_as_one_unit():
    table = "| Effect | Spray | Dummy | Difference |\n|---|---|---|---|\n| Sick | 9 in 100 | 2 in 100 | 7 more in 100 |\n"
    assert _checks(table) == []
    assert _checks(table.replace("| 7 more in 100 |", "| |")) == [(2, "comparisons")]


# ---- Reader tools ------------------------------------------------------------------------------


def test_tool_markers_are_replaced_and_unknown_names_left_for_a_warning():
    seen = []

    def render(name):
        seen.append(name)
        return f'<div data-hb-tool="{name}">TOOL</div>' if name == "mood-record" else None

    html = add_tools("<p>a</p>\n<!-- tool: mood-record -->\n<!-- tool: moood -->\n<!-- other -->", render, "p")
    assert seen == ["mood-record", "moood"]
    assert '<div data-hb-tool="mood-record">TOOL</div>' in html and "<!-- tool: moood -->" in html


def test_my_shortlist_asks_the_same_questions_of_two_choices_with_a_box_for_each(handbook_site):
    """The worksheet raters asked for on Your choices compared: a row naming each choice, the 7
    questions for any provider, then what the reader likes and fears; every cell a labelled
    box saved under its own key, so two choices can be compared side by side."""
    from handbook import html as parser

    page = parser.fragment((handbook_site.site / "choices" / "index.html").read_text(encoding="utf-8"))
    tool = page.css_first('[data-hb-tool="my-shortlist"]')
    rows = [parser.text(th) for th in tool.css("tbody th")]
    assert rows[0] == "Which choice is it?" and len(rows) == 10
    assert rows[1].startswith("1. ") and rows[7].startswith("7. ") and rows[-1] == "What worries me about it"
    fields = [box.attributes["data-hb-tool-field"] for box in tool.css("input")]
    assert len(fields) == 20 == len(set(fields)) and all(f.startswith("my-shortlist.") for f in fields)
    labels = {box.attributes["aria-label"] for box in tool.css("input")}
    assert "Choice 2: What will it cost me?" in labels and "Choice 1: Which choice is it?" in labels
    assert tool.css_first("[data-hb-tool-clear]") is not None


def test_my_answer_column_gets_a_labelled_saved_box_and_wide_tables_stack():
    table = (
        "<table><thead><tr><th>Think about</th><th>Question</th><th>My answer</th></tr></thead>"
        "<tbody><tr><td>Time</td><td>Can I come twice a week?</td><td></td></tr></tbody></table>"
    )
    html = add_tools(table, lambda name: None, "is-it-right-for-me")
    assert 'data-hb-tool-field="is-it-right-for-me-think-about.time"' in html
    assert 'aria-label="My answer: Time"' in html and "Clear my answers" in html
    assert 'data-label="Question"' in html
    wide = "<table><thead><tr>" + "<th>H</th>" * 4 + "</tr></thead><tbody><tr>" + "<td>x</td>" * 4 + "</tr></tbody></table>"
    assert "data-hb-stack" in add_tools(wide, lambda n: None, "k")
    narrow = "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>x</td><td>y</td></tr></tbody></table>"
    assert add_tools(narrow, lambda n: None, "k") == narrow


def test_a_wide_table_of_sentences_stacks_on_paper_but_one_of_figures_does_not():
    def table(cell: str) -> str:
        return ("<table><thead><tr>" + "<th>H</th>" * 4 + "</tr></thead><tbody>"
                + ("<tr>" + f"<td>{cell}</td>" * 4 + "</tr>") * 3 + "</tbody></table>")
    sentences = add_tools(table("Magnetic pulses on the scalp while you are awake."), lambda n: None, "k")
    figures = add_tools(table("common: 9 in 100"), lambda n: None, "k")
    assert "data-hb-stack-print" in sentences
    assert "data-hb-stack" in figures and "data-hb-stack-print" not in figures


# ---- Literacy report -----------------------------------------------------------------------------


def test_instructions_without_a_reason_are_listed():
    text = ("Bring a friend. Arrange a ride home, because you must not drive. "
            "Do not eat for 2 hours. This lowers the chance of being sick.\n\nIf you feel faint, tell staff.\n")
    assert instructions_without_reason(text) == [(0, "Bring a friend."), (2, "If you feel faint, tell staff.")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Do they check you first?",  # a question, not an instruction
        "Keep your current plan",  # a label or table heading
        "Ask your GP or psychiatrist:",  # a lead-in: its list follows
        "If you are in danger now, call or text 988.",  # a crisis line: the danger is the reason
        "If you have thoughts of ending your life, do not wait.",  # the danger it names is the reason
        "Bring a friend, so you have help on the way home.",
        "Ask your clinic for its rules. Staff can tell you what to bring.",
        "Ketamine can make you sleepy. So arrange a ride home.",
        "Tell your team about every pill you take, for your safety.",
        "Ketamine can make you sleepy. So do not drive. After a drip, follow the same rule for the same reason.",
    ],
)
def test_good_or_non_instructions_are_not_listed(sentence):
    assert instructions_without_reason(sentence + "\n") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Bring a friend.",
        "Ask your insurer what they pay for.",
        "Do not eat for 2 hours before.",
        "Keep your current plan for now.",  # a full sentence, not a label
        "If you feel faint, tell staff.",  # the condition says when, not why
        "So much can change. Tell your team about every pill you take.",  # "So" opens a non-instruction
    ],
)
def test_instructions_still_without_a_reason_are_listed(sentence):
    assert [text for _, text in instructions_without_reason(sentence + "\n")] == [sentence.split(". ")[-1]]


def test_a_why_line_gives_the_reason_for_its_part_of_the_page_only():
    text = (
        "## Before you go\n\n**Why:** planning ahead keeps the day calm.\n\n- [ ] Book time off.\n\n"
        "## Questions\n\n- [ ] Book a second visit.\n\n"
        '!!! warning "Watch for: pregnancy"\n    **What to do:** ask about birth control.\n\n'
        "    **Why:** the medicine may harm an unborn baby.\n\n"
        '!!! warning "Watch for: sleepiness"\n    Rest for the day.\n'
    )
    assert [s for _, s in instructions_without_reason(text)] == ["Book a second visit.", "Rest for the day."]


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Do not stop a medicine on your own. Stopping some suddenly can make you unwell.", []),
        ("Keep a mood record. That way you can see changes.", []),
        ("Do not stop a medicine on your own. Some people stop suddenly.", ["Do not stop a medicine on your own."]),
        ("Keep a mood record. A record can make you a list.", ["Keep a mood record."]),
    ],
)
def test_a_consequence_in_the_next_sentence_is_a_reason(text, flagged):
    assert [s for _, s in instructions_without_reason(text + "\n")] == flagged


def test_a_follow_up_to_a_crisis_line_shares_its_reason_only_in_the_same_paragraph():
    text = (
        "If you have thoughts of ending your life, call or text 988. Then tell your care team.\n\n"
        "| Thoughts of ending your life | Call 988 now. Then tell your team. |\n\n"
        "Call 988 if you are in danger.\n\nThen tell your care team.\n"
    )
    assert [s for _, s in instructions_without_reason(text)] == ["Then tell your care team."]


def test_lists_over_seven_items_are_counted():
    eight = "".join(f"- item {n}\n" for n in range(8))
    nested = "- a\n" + "".join(f"    - sub {n}\n" for n in range(8)) + "- b\n"
    assert long_lists("Intro\n\n" + eight + "\nAfter.\n") == [(2, "8 items")]
    assert long_lists(nested) == [(1, "8 items")]
    assert long_lists("".join(f"{n}. step\n" for n in range(7))) == []


def test_report_lists_main_message_and_problems_per_page():
    source = ("---\ntitle: T\n---\n\n# T\n\n<p class=\"hb-main-message\" markdown>Call **911** now.</p>\n\n"
              "You could try ECT. About 7 in 100 felt sick. Bring a friend.\n")
    report = page_report("t.md", source, TERMS)
    assert report.main_message == "Call 911 now."
    assert report.undefined == [(9, "ECT")]
    assert report.unlabelled == [(9, "7 in 100")]
    table = render([report], details=True)
    assert "| t.md | yes | 1 | 0 | 1 | 1 | 0 | 1 |" in table and "Scale word, line 9" in table
    assert "Abbreviations: ECT" in table
    assert report.no_reason == [(9, "Bring a friend.")]  # the crisis call in the main message is not counted
    assert main_message("no block here") is None


# ---- Abbreviations: at most 3 different ones per chapter (PEMAT-P item 3) --------------------------


def test_abbreviations_are_counted_once_each_with_their_first_line():
    text = ("# About ECT\n\nECT and TMS (magnetic pulses) are offered in the US, UK and NHS.\n\n"
            "Ask about ECT again [@ECT2020]. In TRANSFORM-2 and PHQ-9 scores, see Schedule III and IV.\n\n"
            "The US FDA and the CC BY 4.0 licence.\n")
    found = abbreviations_in(text, TERMS)
    # headings count; US and UK do not, NHS does (US readers do not know it); a citation key is not seen;
    # III is a number, IV a glossary term; a run of capitals is one name
    assert found == {"ECT": 0, "TMS": 2, "NHS": 2, "TRANSFORM-2": 4, "PHQ-9": 4, "IV": 4, "FDA": 6, "CC BY": 6}


def test_abbreviations_in_included_files_count_and_name_the_file():
    found = chapter_abbreviations("ECT is one choice.\n", {"figure.md": "<li>IV and ECT and REMS</li>\n"}, TERMS)
    assert found == {"ECT": "line 1", "IV": "in figure.md", "REMS": "in figure.md"}


def test_abbreviations_only_data_brings_into_the_page_count_and_say_so():
    source = "ECT is one choice.\n<!-- options-grid -->\n"
    built = "ECT is one choice.\n| Ketamine drip | 55 in 100 with IV, 41 with ECT (TMS: 29) |\n"
    found = chapter_abbreviations(source, {"figure.md": "<li>REMS</li>\n"}, TERMS, built)
    assert found == {"ECT": "line 1", "REMS": "in figure.md", "IV": INSERTED, "TMS": INSERTED}
    message = too_many_message(found)
    assert message.startswith("4 different abbreviations (ECT (line 1), IV (in text the build inserts from data/)")
    assert "data/options.yml" in message and '"magnetic pulse treatment" for TMS' in message


def test_the_example_keeps_a_proper_name_capitalised_and_asks_plain_words_for_a_medical_one():
    assert 'e.g. "NHS (National Health Service)"' in explain_message("NHS", "National Health Service")
    message = explain_message("ECT", "Electroconvulsive therapy")
    assert 'e.g. "ECT (electroconvulsive therapy: …plain words…)"' in message
    assert "the long name alone only swaps the letters for another medical term" in message


@pytest.mark.parametrize(
    "sentence",
    [
        "Researchers test it for pain and post-traumatic stress disorder (PTSD).",  # rater BB
        "You could try electroconvulsive therapy (ECT).",
        "ECT (electroconvulsive therapy) and TMS help some people.",
        "Ask about ECT. Electroconvulsive therapy (ECT) helps some.",
    ],
)
def test_a_medical_long_name_alone_does_not_explain_its_letters(sentence):
    terms = TERMS + [("PTSD", "Post-traumatic stress disorder: a condition that can follow a frightening event.")]
    found = [term for _, term, _ in unexplained_first_uses(sentence, terms)]
    assert found and found[0] in ("PTSD", "ECT")
    # plain words after the name explain it, however the letters are paired with it
    for explained in ("Post-traumatic stress disorder (PTSD) is a condition that can follow a frightening event.",
                      "It may help PTSD (post-traumatic stress disorder: lasting distress after a frightening event).",
                      "Some have post-traumatic stress disorder (PTSD), a condition that can follow a frightening event."):
        assert unexplained_first_uses(explained, terms) == [], explained
    # a name that is a proper name says what the letters are
    assert unexplained_first_uses("The NHS (National Health Service) pays.", [("NHS", "National Health Service: x.")]) == []


def test_included_files_are_read_only_from_the_snippet_folders(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "figure.md").write_text("GP and AVM\n", encoding="utf-8")
    (tmp_path / "secret.md").write_text("SECRET\n", encoding="utf-8")
    source = '--8<-- "figure.md"\n--8<-- "../secret.md"\n--8<-- "missing.md"\n'
    assert included_texts(source, [tmp_path / "inc"]) == {"figure.md": "GP and AVM\n"}


def test_the_warning_names_each_abbreviation_where_it_is_and_how_to_fix_it():
    found = {"CBT": "line 3", "ECT": "line 1", "GP": "line 9", "IV": "in figure.md", "SSRI": "line 4", "TRD": "line 2"}
    message = too_many_message(found, offset=8)
    assert message.startswith("6 different abbreviations (CBT (line 11), ECT (line 9), GP (line 17), IV (in figure.md)")
    assert f"at most {ABBREVIATION_LIMIT}" in message and '"the Spravato safety program" for REMS' in message
    assert "each explained at first use" in message


def test_a_run_of_short_capitals_is_one_name_but_longer_ones_stay_apart():
    text = "Under CC BY 4.0. The US FDA. ECT ELEKT-D. SPRAVATO REMS.\n"
    assert list(abbreviations_in(text, TERMS)) == ["CC BY", "FDA", "ECT", "ELEKT-D", "SPRAVATO", "REMS"]


def test_built_page_count_sees_words_from_data_but_not_screen_only_parts_or_the_leaflet_line():
    html = ('<html><body><nav>NAV</nav><article><h1>T</h1><p>ECT and <abbr title="Intravenous">IV</abbr>.</p>'
            "<figure><figcaption>ELEKT-D trial: 365 adults.</figcaption></figure>"
            '<p class="hb-screen-only">Download the PDF.</p><div class="hb-leaflet">Leaflet TRDK-2026</div>'
            "</article></body></html>")
    assert built_page_abbreviations(html, TERMS) == ["ECT", "ELEKT-D", "IV"]
    report = page_report("t.md", "# T\n\nECT (electroconvulsive therapy: a brief current).\n", TERMS)
    report.built = ["ECT", "ELEKT-D", "IV", "CBT", "FDA", "NICE"]
    table = render([report], details=False)
    assert "| t.md | MISSING | 0 | 0 | 0 | 0 | 0 | 1 | 6 |" in table and "on the built page" in table
    assert "On the built page, 6 (incl. words from data files)" in table


def test_every_handbook_chapter_uses_at_most_three_abbreviations():
    reports = build_reports(Path(__file__).resolve().parents[1] / "mkdocs.yml")
    over = {r.page: sorted(r.abbreviations) for r in reports if len(r.abbreviations) > ABBREVIATION_LIMIT}
    assert reports and over == {}


# ---- Lists of at most 7 items (CDC item 8), one short idea per table cell (PEMAT-P item 19) ------


def test_a_list_over_seven_items_is_found_with_its_first_words():
    eight = "<ul>" + "".join(f"<li>Week {n} <strong>2 visits</strong></li>" for n in range(1, 9)) + "</ul>"
    assert long_html_lists(eight) == [("Week 1 2 visits", 8)]
    message = long_list_message("Week 1 2 visits", 8)
    assert 'a list of 8 items (it starts "Week 1 2 visits") is longer than 7' in message
    assert "CDC Clear Communication Index item 8" in message and "Fix: group the items" in message


def test_lists_of_seven_and_nested_lists_pass_and_a_scale_written_as_a_list_fails():
    seven = "<ol>" + "<li>step</li>" * 7 + "</ol>"
    # 2 items, each holding a list of 4: no list has more than 7 items of its own
    nested = "<ul>" + ("<li>Group<ul>" + "<li>x</li>" * 4 + "</ul></li>") * 2 + "</ul>"
    assert long_html_lists(seven + nested) == []
    # a 0-10 scale written as a list reads as 11 items (CDC 8): write it as a row of boxes
    scale = '<ol class="hb-scale__steps">' + "".join(f"<li>{i}</li>" for i in range(11)) + "</ol>"
    assert long_html_lists(scale) == [("0", 11)]
    row = '<span class="hb-scale__steps">' + "".join(f"<span>{i}</span>" for i in range(11)) + "</span>"
    assert long_html_lists(row) == []


def test_a_long_table_cell_and_a_cell_with_two_questions_fail():
    long_cell = "For Spravato, can I get to the clinic twice a week for the first 4 weeks and stay for 2 hours " \
                "each time, and for a ketamine drip, can I come 6 times in 3 weeks?"
    html = (f"<table><tr><th>Question</th><th>My answer</th></tr><tr><td>{long_cell}</td><td></td></tr>"
            "<tr><td>What will my insurance pay? Can I afford it?</td><td></td></tr></table>")
    problems = cell_problems(html)
    assert [start for start, _ in problems] == ["For Spravato, can I get", "What will my insurance pay?"]
    assert "a table cell of 36 words" in problems[0][1] and "longer than 30" in problems[0][1]
    assert "PEMAT-P item 19" in problems[0][1] and "put the details in the text" in problems[0][1]
    assert "asks 2 questions" in problems[1][1] and "one short question per cell" in problems[1][1]


def test_a_cell_holding_a_list_is_judged_item_by_item():
    item = "<li>" + "word " * 12 + "</li>"
    assert cell_problems(f"<table><tr><td><ul>{item * 3}</ul></td></tr></table>") == []  # 36 words, 3 short points
    long_item = "<li>" + "word " * 31 + "</li>"
    problems = cell_problems(f"<table><tr><td><ul>{item}{long_item}</ul></td></tr></table>")
    assert len(problems) == 1 and "a table cell of 31 words" in problems[0][1]


def test_citation_numbers_do_not_count_and_short_cells_pass():
    cell = "Approved in the US." + '<sup class="hb-cite"><a href="#r1">[1</a>, <a href="#r2">2]</a></sup>' * 12
    assert cell_problems(f"<table><tr><td>{cell}</td><td>Can I get there?</td><td></td></tr></table>") == []


@pytest.mark.parametrize(
    "sentence, flagged",
    [
        ("About half or more showed some when staff measured alertness.", "About half"),
        ("Over half showed some of it on a rating scale.", "Over half"),
        ("Half of the people felt sick.", "Half of the people"),
        ("Nearly two thirds of them felt dizzy.", "Nearly two thirds"),
        ("The majority of patients got better.", "The majority of patients"),
        ("About half (51 in 100) felt sick.", None),   # the word sits next to the number
        ("Symptoms dropped by at least half.", None),  # a measure, not a share of people
        ("It takes about half an hour.", None),
    ],
)
def test_fraction_words_without_a_number_fail(sentence, flagged):
    problems = [(check, message) for _, check, message in number_problems(sentence + "\n") if check == "fraction_words"]
    if flagged is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0][1].startswith(f'"{flagged}" gives a share of people as a fraction')
        assert '"N in 100"' in problems[0][1] and "PEMAT-P item 6" in problems[0][1]


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Breathing stopped fewer than 1 time in every 10,000 visits: very rare.", '"10,000"'),
        ("Rare: 1 to 9 in 1,000 people.", '"1,000"'),
        ("Very rare: fewer than 1 in a thousand people.", '"thousand"'),
        ("It was reported 3 times per 100,000 prescriptions (rare).", '"100,000"'),
        ("About 1 in 20 people felt sick (common).", '"20"'),
        ("3 out of 50 people felt dizzy (common).", '"50"'),
        ("It happened 2 times in every 500 visits (rare).", '"500"'),
        ("3 out of 10 people felt sick (very common).", '"10"'),
        ("Very rare: far fewer than 1 in 100 visits.", None),
        ("A study of 1,000 people ran in 2019; rate your mood 7 out of 10.", None),
        ("Only 2 out of 3 studies met their goal; often 6 times in 2 to 3 weeks.", None),
    ],
)
def test_every_frequency_is_out_of_100(sentence, flagged):
    problems = denominator_problems(sentence + "\n")
    if flagged is None:
        assert problems == []
    else:
        assert [check for _, check, _ in problems] == ["one_denominator"]
        assert f"counts out of {flagged}" in problems[0][2] and "CDC index item 17" in problems[0][2]
        assert '"fewer than 1 in 100"' in problems[0][2]


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("About 14 to 17 more in 100 people had a big drop with the spray.", "14 to 17 more in 100"),
        ("Between 3-5 fewer in 100 felt sick with a dummy spray.", "3-5 fewer in 100"),
        ("17, 15 and 14 more in 100 in the three studies.", None),
        ("Common: 1 to 9 in 100 people.", None),  # a range of a rate, not of gaps
    ],
)
def test_a_range_of_worked_differences_is_flagged(sentence, flagged):
    problems = denominator_problems(sentence + "\n")
    if flagged is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0][2].startswith(f'"{flagged}" is a range of differences')


@pytest.mark.parametrize(
    ("sentence", "bare"),
    [
        ("The other two found 54 compared with 39 in 100 (15 more).", "54"),
        ("27 people versus 13 people in 100 had a big drop: 14 more in 100.", "27"),
        ("It was 41 and 9 in every 100: 32 more in 100.", "41"),
        ("54 in 100 compared with 39 in 100: 15 more in 100.", None),
        ("It happened to 8 to 19 in 100 people on the spray.", None),  # a range is one figure
        ("In 2 studies and 27 in 100 of all people.", None),
        ("7 in 100, compared with about 1 in 100: about 6 more in 100.", None),
        ("7 out of 100 and 3 in 100: 4 more in 100.", None),
        # the group named between the bare number and the comparison
        ("It helped 54 with the spray, compared with 39 in 100 with a dummy spray.", "54"),
        ("54 people on the spray and 39 in 100 on a dummy spray: 15 more in 100.", "54"),
        # a week, a count of studies: not a group
        ("Well by week 8 and still well at week 32 with esketamine, compared with 14 in 100.", None),
        ("In 2 studies, compared with 39 in 100 before.", None),
    ],
)
def test_each_group_gives_its_own_in_100(sentence, bare):
    problems = denominator_problems(sentence + "\n")
    if bare is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0][1] == "one_denominator"
        assert f'the first group\'s {bare} has no "in 100"' in problems[0][2]


@pytest.mark.parametrize(
    ("html", "flagged"),
    [
        ("<p>10 in 100 did with a sham treatment.</p>", ['"sham"', '"pretend"']),
        ("<figcaption>29 in 100 Reached  Remission with it.</figcaption>", ['"Reached Remission"', '"became well"']),
        ("<td>People who were early responders</td>", ['"responders"', '"people who improved a lot"']),
        ("<p>By the next day, 60 in 100 had responded with ketamine.</p>", ['"had responded"', '"improved a lot"']),
        ("<p>Almost no one Responded with salt water.</p>", ['"Responded"', '"improved a lot"']),
        ("<li>54 in 100 had a big drop in symptoms.</li>", ['"a big drop in symptoms"', '"improved a lot"']),
        ("<p>Did you have a Big Drop?</p>", ['"a Big Drop"', '"improved a lot"']),
        ("<li>Do not use it if it is contraindicated.</li>", ['"contraindicated"', '"must not be used"']),
        ("<p>The nurse will administer the spray.</p>", ['"administer"', '"give"']),
        ("<p>The Food and Drug Administration approved it.</p>", None),  # a name
        ("<p>Doctors call this remission.</p>", None),  # the term taught, not the study phrase
        ('<p>Became well<sup class="hb-cite"><a title="Sham trial 2020">1</a></sup>.</p>', None),
        ("<p><code>sham</code> is a key in data/outcomes.yml.</p>", None),
    ],
)
def test_jargon_is_found_with_its_plain_word(html, flagged):
    problems = jargon_problems(html)
    if flagged is None:
        assert problems == []
    else:
        assert len(problems) == 1
        for fragment in [*flagged, "PEMAT-P item 3"]:
            assert fragment in problems[0][1]


def test_a_first_use_in_an_included_file_or_data_text_is_found_where_the_reader_meets_it():
    """Rater AI: a term came first in an included picture or in text from data/, where only the
    tooltip explained it; the check read the page's own Markdown and missed both."""
    from handbook.steps.first_use import reader_text, unexplained_first_uses

    terms = [("esketamine", "One of the two mirror-image forms of ketamine.")]
    built = ("# Page\n\nA plain opening line.\n\n--8<-- \"figure-spray.md\"\n\n"
             "Later, esketamine (a nasal spray made from ketamine) is explained.\n")
    includes = {"figure-spray.md": "How you take the esketamine spray at the clinic.\n"}
    text, origins = reader_text(built, includes)
    found = unexplained_first_uses(text, terms)
    assert [(origins[line], term) for line, term, _ in found] == [("figure-spray.md", "esketamine")]
    # Explained in the included file itself: nothing to report.
    includes = {"figure-spray.md": "How you take esketamine (a nasal spray made from ketamine).\n"}
    text, origins = reader_text(built, includes)
    assert unexplained_first_uses(text, terms) == []
    # A file the page does not include is left as the snippet line.
    text, origins = reader_text(built, {})
    assert '--8<-- "figure-spray.md"' in text and set(origins) == {None}


def test_jargon_is_reported_once_per_phrase_and_page():
    assert len(jargon_problems("<p>A sham. Another sham.</p><p>Sham again.</p>")) == 1


# ---- Whole builds: the hooks warn with page and line ----------------------------------------------


def test_fixture_with_good_content_builds_without_warnings(project):
    result = build_project(project("literacy"))
    assert result.ok and result.warnings == [], result.warnings


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "old, new, fragments",
    [
        ('<p class="hb-main-message" markdown>Most side effects pass the same day. Call 911 at once if you have chest pain.</p>',
         "", ("index.md line 10", "no main message")),
        ("ECT (electroconvulsive therapy) is one choice.", "ECT is not explained here; then TMS.",
         ("index.md line 15", 'first use of "TMS"')),
        (": about 24 more in 100.", ".", ("index.md line 20", "does not give the difference")),
        ("Passing out was rare: fewer", "Passing out happened in fewer", ("index.md line 22", '"rare: fewer than 1 in 100"')),
        ("about half (50 in 100) had their", "50 in 100 had their", ("index.md line 30", "depression coming back")),
        ("<!-- tool: my-questions -->", "<!-- tool: my-qestions -->", ("tools.md line 21", "unknown tool 'my-qestions'")),
        ("ECT (electroconvulsive therapy) is one choice.",
         "ECT (electroconvulsive therapy), TMS (magnetic pulses), CBT (a talking therapy), GP (family doctor) "
         "and REMS (a safety program) are words you may hear.",
         ("index.md: 6 different abbreviations", "CBT (line 15)", "IV (in fixture-visit.md)", "at most 3", "Fix:")),
        ("ECT (electroconvulsive therapy) is one choice.", "ECT (electroconvulsive therapy) therapy is one choice.",
         ("index.md line 15", '"therapy" right after the bracket repeats a word inside it')),
        ("Remission means your symptoms are mild or gone.",
         "Remission means your symptoms are mild or gone. Over half of the people felt better.",
         ("index.md line 18", '"Over half" gives a share of people as a fraction')),
        ("Remission means your symptoms are mild or gone.",
         "Remission means your symptoms are mild or gone.\n\n" + "".join(f"- Point {n}\n" for n in range(1, 9)),
         ("index.md line 20", 'a list of 8 items (it starts "Point 1")')),
        ("| Feeling sick | 9 in 100 |",
         "| Feeling sick, and what to do about it? Who do I call? | 9 in 100 |",
         ("index.md line 28", "a table cell asks 2 questions")),
        ("Passing out was rare: fewer than 1 in 100 [@fixture2026].",
         "Passing out was rare: 5 in every 10,000 people [@fixture2026].",
         ("index.md line 22", 'counts out of "10,000"')),
        ("Remission means your symptoms are mild or gone.",
         "Remission means your symptoms are mild or gone. The sham spray had no drug in it.",
         ("index.md line 18", '"sham" is a word most readers do not use', '"pretend"')),
    ],
    ids=["main-message", "first-use", "worked-difference", "frequency-word", "relapse-word", "unknown-tool",
         "abbreviations", "gloss-shape", "fraction-words", "list-length", "table-cells", "one-denominator",
         "plain-words"],
)
def test_each_check_fails_the_build_naming_page_and_line(project, old, new, fragments):
    root = project("literacy")
    page = root / "docs" / ("tools.md" if "tool:" in old else "index.md")
    _break(page, old, new)
    result = build_project(root)
    assert result.warned(*fragments), result.warnings


def test_a_first_use_in_an_included_picture_fails_the_build_naming_the_file(project):
    """The included figure's caption was the first place the page met "IV"; with its long name
    gone, the build names the page and the included file (rater AI's cause)."""
    root = project("literacy")
    include = next(root.rglob("fixture-visit.md"))
    _break(include, "IV (intravenous): a drip", "IV: a drip")
    _break(include, "its IV (intravenous) counts", "its IV counts")
    result = build_project(root)
    assert result.warned("index.md: in fixture-visit.md, which the page includes", 'first use of "IV"'), result.warnings


TABS = """Before.

=== "Spray"

    Line in the open tab.

=== "Drip"

    Line in a closed tab.

    More of it.

=== "Pill"
    Another closed tab.

After the tabs.

===! "New set"

    Open again.

=== "Second"

    Closed again.
"""


def test_closed_tab_lines_are_every_tab_but_the_open_one_of_each_set():
    lines = TABS.split("\n")
    closed = sorted(closed_tab_lines(TABS))
    assert [lines[i] for i in closed if lines[i].strip()] == [
        '=== "Drip"', "    Line in a closed tab.", "    More of it.", '=== "Pill"', "    Another closed tab.",
        '=== "Second"', "    Closed again."]
    # `===+` opens a later tab: then the first is the closed one
    opened = TABS.replace('=== "Drip"', '===+ "Drip"')
    assert "    Line in the open tab." in [opened.split("\n")[i] for i in closed_tab_lines(opened)]
    assert closed_tab_lines("No tabs here.\n\n    Indented code.\n") == frozenset()


def test_a_term_explained_only_in_a_closed_tab_is_unexplained_where_a_screen_meets_it():
    text = ('=== "Spray"\n\n    You stay 2 hours.\n\n=== "Drip"\n\n    A placebo is a dummy treatment. '
            "Some got a placebo.\n\nIn one study, some got a placebo.\n")
    assert unexplained_first_uses(text, TERMS) == []  # on paper every tab prints: explained
    assert unexplained_first_uses(text, TERMS, skip=closed_tab_lines(text)) == [(8, "placebo", None)]


@pytest.mark.parametrize("explained_in", ["closed", "open"])
def test_a_term_explained_only_in_a_closed_tab_fails_the_build_where_a_screen_meets_it(project, explained_in):
    """Rater AT: "antidepressant" was explained only in the second tab of Ways it is given, then
    met bare in a table: on screen that tab is closed, so the table was the first use."""
    root = project("literacy")
    page = root / "docs" / "tools.md"
    spray, drip = "You stay at the clinic for 2 hours.", "A placebo is a dummy treatment. Some got a placebo."
    if explained_in == "open":
        spray, drip = drip, spray
    text = page.read_text(encoding="utf-8") + (
        f'\n=== "Spray"\n\n    {spray}\n\n=== "Drip"\n\n    {drip}\n\nIn one study, some people got a placebo.\n')
    page.write_text(text, encoding="utf-8")
    line = text.split("\n").index("In one study, some people got a placebo.") + 1
    result = build_project(root)
    if explained_in == "closed":
        assert result.warned(f"tools.md line {line}", 'first use of "placebo"', "a content tab that a screen shows closed"), \
            result.warnings
    else:
        assert result.ok, result.warnings


def test_a_pending_check_is_reported_without_failing_the_build(project, caplog):
    root = project("literacy")
    _break(root / "docs" / "index.md", "Passing out was rare: fewer", "Passing out happened in fewer")
    _break(root / "mkdocs.yml", "pending: []", "pending: [frequency_words]")
    with caplog.at_level("INFO", logger="mkdocs"):
        result = build_project(root)
    assert result.ok and result.warnings == []
    assert any("rare: fewer than 1 in 100" in r.getMessage() and "pending" in r.getMessage() for r in caplog.records)


def test_glossary_page_is_exempt(project):
    result = build_project(project("literacy"))
    assert not result.warned("glossary.md")


def test_the_glossary_is_still_held_to_one_denominator_but_the_references_are_not(project):
    root = project("literacy")
    scale = "\n\n| Word | How many |\n|---|---|\n| Rare | 1 to 9 in every 10,000 |\n"
    _break(root / "docs" / "glossary.md", "that is fine on this page.", "that is fine on this page." + scale)
    references = root / "docs" / "references.md"
    references.write_text(references.read_text(encoding="utf-8") + "\nA survey of adverse events per 100,000 visits.\n",
                          encoding="utf-8")
    result = build_project(root)
    assert result.warned("glossary.md line 16", 'counts out of "10,000"'), result.warnings
    assert not result.warned("references.md"), result.warnings


def test_every_literacy_check_is_switched_on_in_the_handbook():
    from handbook import config as handbook_config

    config = handbook_config.load()  # the handbook's effective configuration (mkdocs.yml + mkdocs.base.yml)
    steps = [pipeline.name(step) for step in pipeline.STEPS]
    for step in ("main_message", "first_use", "gloss_shape", "plain_numbers", "plain_words", "tools"):
        assert step in steps
        assert steps.index(step) < steps.index("check_disclaimer")
    assert literacy_settings(config)["pending"] == [], "switch every literacy check on"


# ---- Browser: tools keep answers, clear them, pass axe, and stack on phones -----------------------


@pytest.fixture(scope="module")
def literacy_site(tmp_path_factory):
    from conftest import copy_project

    root = copy_project("literacy", tmp_path_factory.mktemp("literacy") / "literacy")
    result = build_project(root)
    assert result.ok, result.warnings
    with serve(result.site, "/literacy/") as url:
        yield url


@pytest.mark.browser
def test_tools_keep_answers_across_reload_and_clear_them(chromium, literacy_site):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(literacy_site + "tools/")
        page.get_by_label("Week 1: my mood, 0 to 10").fill("4")
        page.get_by_label("Row 1: medicine, alcohol or drug").fill("sertraline")
        page.get_by_label("My questions").fill("How long does it last?")
        page.get_by_label("My answer: Travel").fill("My sister")
        page.get_by_label("Clinic 2: What is the full price, in writing?").fill("$450 a drip")
        page.get_by_label("Choice 1: Which choice is it?").fill("keeping my current plan")
        page.get_by_label("Choice 2: What worries me about it").fill("the drive home")
        page.reload()
        assert page.get_by_label("Choice 1: Which choice is it?").input_value() == "keeping my current plan"
        assert page.get_by_label("Choice 2: What worries me about it").input_value() == "the drive home"
        assert page.get_by_label("Clinic 2: What is the full price, in writing?").input_value() == "$450 a drip"
        assert page.get_by_label("Week 1: my mood, 0 to 10").input_value() == "4"
        assert page.get_by_label("My questions").input_value() == "How long does it last?"
        assert page.get_by_label("My answer: Travel").input_value() == "My sister"
        # Every key but the theme's colour-scheme choice (Material's `.__palette`, set on load
        # by the real theme's palette toggle, which the fixture inherits): no reader answers.
        answers = "() => Object.keys(localStorage).filter((k) => !k.endsWith('.__palette'))"
        stored = page.evaluate(answers)
        assert stored == ["/literacy/hb-tools.v1"]
        # Clearing one tool leaves the others.
        page.locator('[data-hb-tool="mood-record"] [data-hb-tool-clear]').click()
        assert page.get_by_label("Week 1: my mood, 0 to 10").input_value() == ""
        assert page.get_by_label("Row 1: medicine, alcohol or drug").input_value() == "sertraline"
        for tool in ("medicines-list", "my-questions", "compare-clinics", "my-shortlist"):
            page.locator(f'[data-hb-tool="{tool}"] [data-hb-tool-clear]').click()
        page.locator('[data-hb-tool-for] [data-hb-tool-clear]').click()
        assert page.evaluate(answers) == []
        page.reload()
        assert page.get_by_label("My answer: Travel").input_value() == ""
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390])
def test_tools_pass_axe_and_tables_stack_on_phones(chromium, literacy_site, width):
    from gates import OVERFLOW, axe_violations

    context = chromium.new_context(viewport={"width": width, "height": 700}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for path in ("", "tools/"):
            page.goto(literacy_site + path)
            assert axe_violations(page) == [], path
            assert page.evaluate(OVERFLOW) == [], path
            widths = page.evaluate(
                "() => [...document.querySelectorAll('table[data-hb-stack]')].map(t => t.scrollWidth - t.clientWidth)"
            )
            assert widths and max(widths) <= 1, (path, widths)
    finally:
        context.close()


# ---- Printed packet: one main message on the cover, before the contents ---------------------------


def test_print_cover_has_one_main_message_with_a_call_to_action():
    """CDC Clear Communication Index items 1-3 and 5 for the packet: the cover template (rendered by
    print-site before the table of contents) carries exactly one main message, emphasised, with
    what to do. Rendered here with a bare Jinja environment, as print-site does."""
    import jinja2

    from handbook import html as parser

    config = {"site_name": "H", "site_description": "D", "site_url": "https://example.org/",
              "extra": {"edition": "2026.3", "leaflet": {"number": "L", "published": "P", "review": "R"}}}
    cover_file = Path(__file__).resolve().parents[1] / "overrides" / "print-cover.tpl"
    template = jinja2.Environment(autoescape=False).from_string(cover_file.read_text(encoding="utf-8"))
    cover = parser.fragment(template.render(config=config, page=None))
    messages = cover.css(".hb-main-message")
    assert len(messages) == 1
    message = messages[0]
    assert message.css_first("strong") is not None  # emphasised on paper even without the stylesheet
    text = parser.text(message)
    page = (f'<h1>H</h1><p class="hb-main-message">{text}</p>'
            '<div class="admonition abstract"><p class="admonition-title">Key points</p></div>')
    assert main_message_problems(page) == []
    assert "including keeping your current plan" in text  # what the packet says, not what it is for
    assert "bring these pages and your questions to your next visit." in text  # fits the short leaflet too
    assert len(message.css("strong")) == 1  # one message in bold, the action after it
    # Right after the title and lead, before the edition line (the contents follow the cover).
    ids = [node.attributes.get("id") for node in cover.css("h1, p")]
    assert ids.index("hb-cover-message") < ids.index("hb-cover-edition")
    # One main message for the whole packet: Start here (its first chapter) opens with the
    # cover's words, so the reader never meets two competing "main messages" (CDC item 1).
    start = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    block = start.split('<p class="hb-main-message" markdown>', 1)[1].split("</p>", 1)[0]
    assert " ".join(block.replace("**", "").split()) == " ".join(text.split())


# ---- Brackets that explain a term read as plain English (gloss_shape) ---------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("It is used with an SSRI (a type of antidepressant (medicine for depression)) pill.",
         "a bracket inside a bracket"),
        ("You may have ketamine through a drip (IV ketamine) (a drip into a vein).", "two brackets in a row"),
        ("These are the label (the official information)'s reasons.", "a possessive after a bracket"),
        ("Esketamine (a nasal spray made from ketamine) nasal spray (Spravato) is approved.",
         '"nasal" right after the bracket repeats a word inside it'),
        ("Antidepressants (medicines for depression) medicine doses vary.",
         '"medicine" right after the bracket repeats'),
        ('Doctors use it "off-label (for a use it is not approved for)" in the US.',
         "inside quotation marks"),
    ],
)
def test_garbled_brackets_are_found_with_the_fix(sentence, expected):
    problems = gloss_problems(f"# Title\n\nIntro.\n\n{sentence}\n")
    assert problems, sentence
    line, _words, message = problems[0]
    assert line == 4
    assert expected in message
    assert "Fix:" in message


@pytest.mark.parametrize(
    "sentence",
    [
        "Esketamine nasal spray (a spray made from ketamine) is approved [@spravato_label].",
        "ECT (electroconvulsive therapy) uses a brief current. TMS (magnetic pulses) does not.",
        "A drip into a vein (IV) takes 40 minutes, and the drip (it is slow) is then removed.",
        'Doctors call this "off-label" (used for something it is not approved for).',
        "It was tested in a 2010 study (Can Fam Physician 56(8):e308-14).",
        "About 27 in 100 (about 1 in 4) became well, (and) the rest did not.",
    ],
)
def test_plain_brackets_pass(sentence):
    assert gloss_problems(f"# Title\n\n{sentence}\n") == []



# ---- Sentences: an abbreviation's full stop does not end one ----------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("About 54 vs. 39 in 100 improved. Then more.", ["About 54 vs. 39 in 100 improved.", "Then more."]),
    ("Ask about it, e.g. 5 visits. Then ask again.", ["Ask about it, e.g. 5 visits.", "Then ask again."]),
    ("Ask Dr. Lee. No. Yes.", ["Ask Dr. Lee.", "No.", "Yes."]),
    ("It went up (vs. 12 before). Then down.", ["It went up (vs. 12 before).", "Then down."]),
])
def test_sentences_do_not_end_at_an_abbreviation(text, expected):
    from handbook.literacy_text import split_sentences
    assert [piece for _, piece in split_sentences(text)] == expected


def test_a_bare_group_before_vs_is_caught_in_one_sentence():
    """The known gap: "54 vs. 39 in 100" was split after "vs." and so passed."""
    problems = number_problems("About 54 vs. 39 in 100 (fewer than half) improved a lot: 15 more in 100.\n")
    assert [check for _, check, _ in problems] == ["one_denominator"]
    assert '"54 vs. 39 in 100"' in problems[0][2]


@pytest.mark.parametrize(("sentence", "fragment"), [
    # "out of 100" is the same denominator, and needs the same word
    ("Vomiting: 9 out of 100 with the spray.", '"9 out of 100 (few)"'),
    ("About 69 out of 100 improved a lot.", '"69 out of 100 (more than half)"'),
])
def test_variants_of_a_number_without_its_word_are_caught(sentence, fragment):
    messages = [m for _, check, m in number_problems(sentence + "\n") if check == "frequency_words"]
    assert len(messages) == 1 and fragment in messages[0], messages


@pytest.mark.parametrize(("sentence", "word"), [
    ("Getting better took 17 more in 100 (some).", "some"),
    ("With the spray, 32 more in 100 (fewer than half) felt cut off.", "fewer than half"),
    ("Dizziness: 38 in 100 (fewer than half) with the spray, 14 in 100 (some) with a dummy spray: "
     "24 fewer in every 100 (some) with the dummy.", "some"),
    ("It came back for 18 fewer out of 100 (few) who kept the spray.", "few"),
    # the gap said the other way round, and the word put before it
    ("Dizziness: 38 in 100 (fewer than half) with the spray, 14 in 100 (some) with a dummy spray, "
     "so 24 in 100 more (some) felt dizzy.", "some"),
    ("Dizziness: 38 in 100 (fewer than half) with the spray, 14 in 100 (some) with a dummy spray: "
     "some (24 more in 100).", "some"),
])
def test_a_word_on_a_worked_difference_fails(sentence, word):
    """The scale's words say how many in one group had something; on a gap between two groups
    they read wrong (raters AD and AE: "32 more in 100 (fewer than half)"), right or wrong for
    the number alike."""
    messages = [m for _, check, m in number_problems(sentence + "\n") if check == "frequency_words"]
    assert len(messages) == 1, messages
    assert "is a difference between two groups" in messages[0] and f'"({word})"' in messages[0]
    assert "Take the word out" in messages[0]

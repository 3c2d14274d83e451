"""handbook/steps/lead_ins.py: a bold line of its own is marked so paper keeps it with what
follows (the print rule is in assets/stylesheets/print.css; the PDF check in
scripts/pdf_measure.py stranded_lead_ins, tests/test_paper.py)."""

from __future__ import annotations

import pytest

from handbook.steps.lead_ins import LEAD_IN, mark_lead_ins


@pytest.mark.parametrize(("html", "marked"), [
    ("<p><strong>What is not known</strong></p>", True),
    ("<p>\n  <strong>What is known</strong>\n</p>", True),
    ('<p class="hb-x"><strong>Before you go</strong></p>', True),
    # A sentence that starts in bold is not a lead-in.
    ("<p><strong>Note:</strong> ask your team first.</p>", False),
    ("<p>Ask <strong>your team</strong>.</p>", False),
    ("<p><em>What is not known</em></p>", False),
    ("<p><strong>One</strong><strong>Two</strong></p>", False),
    ("<p><strong> </strong></p>", False),
    ("<div><strong>Not a paragraph</strong></div>", False),
])
def test_only_a_paragraph_that_is_one_bold_phrase_is_a_lead_in(html, marked):
    out = mark_lead_ins(html)
    assert (LEAD_IN in out) is marked, out


def test_marking_keeps_the_words_and_other_classes_and_runs_once():
    html = '<p class="hb-x"><strong>What is known</strong></p>\n<ul><li>A fact.</li></ul>'
    once = mark_lead_ins(html)
    assert once == '<p class="hb-x hb-lead-in"><strong>What is known</strong></p>\n<ul><li>A fact.</li></ul>'
    assert mark_lead_ins(once) == once


def test_a_built_page_marks_its_lead_ins(handbook_site):
    page = (handbook_site.site / "trd" / "index.html").read_text(encoding="utf-8")
    assert f'<p class="{LEAD_IN}"><strong>What is not known</strong></p>' in page

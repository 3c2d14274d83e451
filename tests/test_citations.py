"""handbook/steps/citations.py (the checks) and handbook/markdown/citations.py (the rendering):
[@key] citations, the reference list, and numbers that need a source."""

from __future__ import annotations

import re

import markdown
import pytest
from conftest import ROOT, build_project

from handbook.markdown.citations import (
    format_reference,
    load_references,
    reference_order,
    render_citations,
    render_reference_list,
)
from handbook.markdown_source import split_front_matter
from handbook.steps.citations import (
    ABOUT_KNOWN_ABBREVIATIONS,
    SOURCE_NOTE,
    about_problems,
    bibliography_path,
    check_citations,
    claims_without_citation,
    html_citation_problems,
    validate_references,
    with_source_note,
)

REFS = {
    "alpha2020": {"authors": "Alpha A, et al.", "title": "T", "about": "A trial.", "journal": "Journal", "year": 2020, "doi": "10.1/a", "status": "verified"},
    "beta2021": {"authors": "Beta B.", "title": "T", "about": "A guideline.", "publisher": "P", "year": 2021, "url": "https://x.org/", "status": "verified"},
    "gamma2019": {"authors": "Gamma G, et al.", "title": "T", "about": "A review.", "journal": "Journal", "year": 2019, "pmid": "1", "status": "verified"},
}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-12-01")


# -- Citations in page text ------------------------------------------------------------------


def test_unknown_key_is_reported_with_its_line():
    problems = check_citations("# T\n\nA claim [@alpha2020; @nosuchkey].\n", REFS)
    assert problems == [
        (
            2,
            "unknown citation key 'nosuchkey' in [@alpha2020; @nosuchkey]. Use a key from data/references.yml "
            "(list in notes/CONVENTIONS.md) or ask the lead to add the source.",
        )
    ]


@pytest.mark.parametrize("bad", ["[@alpha2020, @beta2021]", "[@]", "[@Alpha2020]", "[@alpha2020 @beta2021]"])
def test_malformed_citation_is_reported(bad):
    problems = check_citations(f"Text {bad}.", REFS)
    assert problems and "is not written as [@key] or [@key1; @key2]" in problems[0][1]


def test_citations_in_code_are_ignored():
    text = "Use `[@nope]` like this.\n\n```\n[@nope]\n```\n\n~~~md\n[@nope]\n~~~\n"
    assert check_citations(text, REFS) == []
    rendered, cited = render_citations(text, REFS, reference_order(REFS), "references.md")
    assert rendered == text and cited == set()


def test_numbers_follow_the_reference_list_order_on_every_page():
    order = reference_order(REFS)
    assert order == ["alpha2020", "beta2021", "gamma2019"]  # first author, then year
    out, cited = render_citations("X [@gamma2019; @alpha2020].", REFS, order, "../references.md")
    assert cited == {"alpha2020", "gamma2019"}
    assert out == (
        'X <sup class="hb-cite">&#91;[1](../references.md#ref-alpha2020 "Alpha A, et al. 2020"), '
        '[3](../references.md#ref-gamma2019 "Gamma G, et al. 2019")&#93;</sup>.'
    )


def test_unknown_keys_are_left_visible_not_rendered():
    out, cited = render_citations("X [@nope].", REFS, reference_order(REFS), "references.md")
    assert out == "X [@nope]." and cited == set()


# -- The bibliography ------------------------------------------------------------------------


def test_reference_shows_doi_pubmed_and_url_as_visible_addresses():
    entry = {
        "authors": "Anand A, et al.",
        "title": "Ketamine *versus* ECT_x",
        "journal": "N Engl J Med",
        "year": 2023,
        "doi": "10.1016/S0006-3223(99)00230-9",
        "pmid": "37224232",
        "url": "https://example.org/a?b=1&c=2",
        "status": "secondary",
        "note": "Checked only in a copy.",
    }
    text = format_reference(entry)
    assert text.startswith(r"Anand A, et al. Ketamine \*versus\* ECT\_x. *N Engl J Med*. 2023. ")
    assert "DOI: [https://doi.org/10.1016/S0006-3223(99)00230-9](<https://doi.org/10.1016/S0006-3223(99)00230-9>)." in text
    assert "PubMed: [https://pubmed.ncbi.nlm.nih.gov/37224232/](<https://pubmed.ncbi.nlm.nih.gov/37224232/>)." in text
    assert "Link: [https://example.org/a?b=1&amp;c=2](<https://example.org/a?b=1&c=2>)." in text
    assert text.endswith("*Not yet fully checked.* Checked only in a copy.")


def test_an_entry_opens_with_its_plain_line_in_bold_before_the_title():
    """Readers meet what the source is before its own medical title (CDC index item 7)."""
    entry = {"authors": "Anand A, et al.", "title": "Ketamine versus ECT for nonpsychotic TRD", "journal": "N Engl J Med",
             "year": 2023, "pmid": "37224232", "status": "verified",
             "about": "A trial comparing ketamine drips with *ECT*\n  in adults"}
    text = format_reference(entry)
    assert text.startswith(r"**A trial comparing ketamine drips with \*ECT\* in adults.**<br> Anand A, et al. Ketamine versus")
    html = render_reference_list({"anand2023": entry}, ["anand2023"])
    rendered = markdown.markdown(html, extensions=["md_in_html"])
    assert "<li" in rendered and "<strong>A trial comparing ketamine drips with *ECT* in adults.</strong><br> Anand A" in rendered


def test_reference_list_items_carry_ref_ids_and_numbers():
    html = render_reference_list(REFS, reference_order(REFS))
    assert re.findall(r'<li id="(ref-[a-z0-9_]+)" value="(\d)"', html) == [
        ("ref-alpha2020", "1"),
        ("ref-beta2021", "2"),
        ("ref-gamma2019", "3"),
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"authors": ""}, "'alpha2020' is missing authors."),
        ({"journal": None}, "'alpha2020' is missing journal or publisher."),
        ({"doi": "https://doi.org/10.1/a"}, "write the bare DOI"),
        ({"doi": None, "pmid": "PMID 123"}, "write the PubMed number only"),
        ({"doi": None, "url": "http://x.org/"}, "use a full https:// address"),
        ({"status": "maybe"}, "use one of: verified, secondary"),
        ({"doi": None}, "needs at least one of doi, pmid or url"),
        ({"year": "2020a"}, "write the year as four digits"),
        ({"journal": "Am J Psychiatry"}, "has journal 'Am J Psychiatry', an abbreviation; write the journal's full name"),
        ({"journal": "N Engl J Med"}, "an abbreviation"),
        ({"journal": "J. Affect. Disord."}, "an abbreviation"),
        ({"journal": "JAMA Netw Open"}, "an abbreviation"),
        ({"journal": "Eur Neuropsychopharmacol"}, "an abbreviation"),
        ({"about": None}, "'alpha2020' has no about: add one plain line saying what the source is"),
        ({"about": "   "}, "'alpha2020' has no about"),
        ({"about": " ".join(["word"] * 31) + "."}, "has an about of 31 words; keep it to 30 or fewer"),
        ({"about": "A trial of ketamine drips"}, "has an about that does not end with a full stop"),
        # Jargon a reader never needs is refused here as on the chapters (plain_words).
        ({"about": "A trial of the efficacy of ketamine drips."}, 'has an about that says "efficacy" is a word most readers do not use'),
        ({"about": "A trial of ketamine against a sham drip."}, 'write "pretend" ("a pretend treatment") instead'),
        ({"about": "A review of ketamine as monotherapy."}, 'write "on its own" instead'),
        # An abbreviation the line does not explain (References explains only FDA, NICE and NHS).
        ({"about": "A later look at the two ASPIRE trials of esketamine spray."},
         "uses ASPIRE without saying what it means"),
        ({"about": "A trial of CBT added to usual care."}, "uses CBT without saying what it means"),
        ({"about": "A study of the PHQ-9 in clinics."}, "uses PHQ-9 without saying what it means"),
        ({"about": "A review of rTMS and ECT for depression."}, "uses ECT without saying what it means"),
        ({"about": "A record letting a TMS machine (magnetic pulses) be sold."}, "uses TMS without saying what it means"),
        ({"about": "A look at two MDD trials in the UK."}, "uses MDD without saying what it means"),
    ],
)
def test_bibliography_problems_are_caught(change, expected):
    entry = {**REFS["alpha2020"], **change}
    problems = validate_references({"alpha2020": entry})
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("journal", ["American Journal of Psychiatry", "JAMA Psychiatry", "The Lancet", "Neuropsychopharmacology",
                                     "JAMA Network Open", "European Neuropsychopharmacology", "Acta Psychiatrica Scandinavica",
                                     "BMC Medical Informatics and Decision Making", "Journal of Affective Disorders"])
def test_a_journal_written_out_passes(journal):
    problems = validate_references({"alpha2020": {**REFS["alpha2020"], "journal": journal}})
    assert not any("journal" in p for p in problems), problems


def test_secondary_entry_without_identifier_needs_a_note():
    entry = {**REFS["alpha2020"], "doi": None, "status": "secondary"}
    assert validate_references({"alpha2020": entry})
    assert validate_references({"alpha2020": {**entry, "note": "No DOI confirmed yet."}}) == []


def test_duplicate_keys_are_refused(tmp_path):
    path = tmp_path / "refs.yml"
    path.write_text("a2020:\n  title: one\na2020:\n  title: two\n")
    with pytest.raises(ValueError, match="duplicate key 'a2020'"):
        load_references(path)


def test_real_bibliography_is_valid_and_has_every_conventions_key():
    refs = load_references(ROOT / "data" / "references.yml")
    assert validate_references(refs) == []
    assert len(refs) >= 25
    conventions = (ROOT / "notes" / "CONVENTIONS.md").read_text(encoding="utf-8")
    block = conventions.split("Keys (ids are in")[1].split("\n\n")[0]
    keys = set(block.split("\n", 1)[1].split())
    assert {"anand2023", "nice_ta854", "spravato_label", "lifeline988", "samaritans", "murrough2013b"} <= keys
    assert keys - set(refs) == set()


# -- Numbers that need a source --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "what"),
    [
        ("About 55 in 100 people got better.", "paragraph", 'a frequency ("55 in 100")'),
        ("Roughly one in five people felt sick.", "paragraph", 'a frequency ("one in five")'),
        ("It helped 3 out of 10 people.", "paragraph", 'a frequency ("3 out of 10")'),
        ("- Dissociation: 41%", "list item", 'a percentage ("41%")'),
        ("- Given at 0.5 mg/kg over 40 minutes", "list item", 'a dose ("0.5 mg/kg")'),
        ("- The spray dose is 56 mg.", "list item", 'a dose ("56 mg")'),
        ("| Nausea | 28 percent |", "table row", 'a percentage ("28 percent")'),
    ],
)
def test_number_without_citation_is_reported(text, kind, what):
    problems = claims_without_citation(f"# T\n\n{text}\n")
    assert problems == [
        (2, f"this {kind} gives {what} but cites no source. Add [@key] right after the claim (keys: data/references.yml).")
    ]


def test_each_unit_needs_its_own_citation():
    text = "- 41% felt dizzy [@alpha2020]\n- 28% felt sick\n\n| a | b |\n|---|---|\n| 1 in 10 | [@beta2021] |\n| 2 in 10 | |\n"
    assert [line for line, _ in claims_without_citation(text)] == [1, 6]


def test_what_does_not_need_a_citation():
    text = (
        "## 50% of people: a heading is not checked\n\n"
        "Call 988 or 116 123, 24/7. Wait 2 hours.\n\n"
        "See [the page](https://example.org/a%2050%) for more.\n\n"
        "```\n30% of code\n```\n\n"
        'Inline `5 mg` code.\n\n'
        '!!! note "About 8 in 100"\n    The numbers in this box come from one study [@alpha2020].\n'
    )
    assert claims_without_citation(text) == []


def test_every_docs_page_cites_its_numbers():
    pages = sorted((ROOT / "docs").glob("*.md"))
    if not pages:
        pytest.skip("no docs/*.md pages yet")
    refs = load_references(ROOT / "data" / "references.yml")
    problems = []
    for page in pages:
        body, offset = split_front_matter(page.read_text(encoding="utf-8"))
        for index, message in claims_without_citation(body) + check_citations(body, refs):
            problems.append(f"{page.name} line {index + offset + 1}: {message}")
    assert problems == [], "\n".join(problems)


# -- Whole builds ----------------------------------------------------------------------------


def test_fixture_builds_cleanly_with_citations_and_reference_ids(project):
    site = project("rules")
    result = build_project(site)
    assert result.ok, result.warnings
    assert result.warnings == []
    page = (result.site / "index.html").read_text(encoding="utf-8")
    # Built HTML is serialised by the one HTML parser, which writes &#91; as "[" (same text).
    assert '<sup class="hb-cite">[<a href="references/#ref-alpha2020" title="Alpha A, et al. 2020">1</a>]</sup>' in page
    assert "[@" in (site / "docs" / "index.md").read_text() and "[@alpha2020" not in page
    refs = (result.site / "references" / "index.html").read_text(encoding="utf-8")
    assert '<li id="ref-beta2021" value="2">' in refs
    # The address is the link text (and print_urls marks it, so paper prints it once).
    assert ('<a href="https://pubmed.ncbi.nlm.nih.gov/12345678/" class="hb-bare-url">'
            'https://pubmed.ncbi.nlm.nih.gov/12345678/</a>') in refs


def test_print_page_links_citations_to_existing_ids(project):
    result = build_project(project("rules"))
    html = (result.site / "print_page" / "index.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'href="#([^"]*ref-[a-z0-9_]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert targets and targets <= ids


def test_reference_ids_are_anchors_mkdocs_validates(project):
    site = project("rules")
    risks = site / "docs" / "risks.md"
    risks.write_text(risks.read_text() + "\nSee [Alpha](references.md#ref-alpha2020) and [nothing](references.md#ref-nothing).\n")
    result = build_project(site)
    assert not result.ok
    anchor_warnings = [w for w in result.warnings if "#ref-" in w]
    # MkDocs' own anchor validation, and the real pipeline's link gate on the built HTML:
    assert anchor_warnings and all("ref-nothing" in w for w in anchor_warnings), result.warnings
    assert any(w.startswith("Doc file 'risks.md'") for w in anchor_warnings), result.warnings


def test_unknown_key_fails_the_build_naming_page_and_line(project):
    site = project("rules")
    index = site / "docs" / "index.md"
    index.write_text(index.read_text().replace("[@alpha2020].", "[@alpha2021]."))
    result = build_project(site)
    assert not result.ok
    assert result.warned("index.md line 12", "unknown citation key 'alpha2021'")


def test_uncited_reference_fails_the_build(project):
    site = project("rules")
    risks = site / "docs" / "risks.md"
    risks.write_text(risks.read_text().replace(" [@gamma2019]", ""))
    index = site / "docs" / "index.md"
    index.write_text(index.read_text().replace("[@gamma2019]", "[@alpha2020]"))
    result = build_project(site)
    assert not result.ok
    assert result.warned("data/references.yml", "'gamma2019' is not cited on any page")


def test_number_without_citation_fails_the_build(project):
    site = project("rules")
    risks = site / "docs" / "risks.md"
    risks.write_text(risks.read_text().replace("goes up for a while.", "goes up in 8 to 19 in 100 people."))
    result = build_project(site)
    assert not result.ok
    assert result.warned("risks.md line 22", 'gives a frequency ("19 in 100") but cites no source')


def test_missing_references_marker_is_reported(project):
    site = project("rules")
    refs = site / "docs" / "references.md"
    refs.write_text(refs.read_text().replace("<!-- references -->", ""))
    result = build_project(site)
    assert not result.ok
    assert result.warned("references.md", "the marker <!-- references --> is missing")
    assert result.warned("ref-alpha2020")  # and MkDocs' anchor check catches the dangling links


def test_broken_bibliography_is_reported(project):
    site = project("rules")
    data = site / "data" / "references.yml"
    data.write_text(data.read_text().replace('pmid: "87654321"', 'pmid: "PMID87654321"'))
    result = build_project(site)
    assert not result.ok
    assert result.warned("data/references.yml", "'gamma2019' has pmid 'PMID87654321'")


def test_the_step_checks_the_bibliography_the_extension_renders(tmp_path):
    from handbook import config

    cfg = config.load()
    assert bibliography_path(cfg.mdx_configs, ROOT) == ROOT / "data" / "references.yml"
    other = {"handbook.markdown.citations": {"bibliography": "data/other.yml"}}
    assert bibliography_path(other, tmp_path) == tmp_path / "data" / "other.yml"
    assert bibliography_path({}, tmp_path) == tmp_path / "data" / "references.yml"


@pytest.mark.parametrize(
    "about",
    [
        "A trial in UK practices. It compared adding talking therapy (CBT) to usual care with usual care alone.",
        "A review of ECT (a brief electric current to the brain, under anesthesia) for depression.",
        "The FDA's record letting a machine for TMS (magnetic pulses on the scalp) be sold in the US.",
        "The study that tested SURE (a test of 4 yes-or-no questions about how sure you feel).",
        "The study that tested the PHQ-9, a 9-question check of depression.",
        "NICE's decision on whether the NHS in England should offer esketamine spray.",
    ],
)
def test_plain_lines_that_explain_their_abbreviations_pass(about):
    assert about_problems(about) == []


def test_references_page_explains_the_abbreviations_plain_lines_may_use_bare():
    """ABOUT_KNOWN_ABBREVIATIONS may stand bare only because References explains them above the list."""
    text = (ROOT / "docs" / "references.md").read_text(encoding="utf-8")
    intro = text[:text.index("<!-- references -->")]
    for word in sorted(ABOUT_KNOWN_ABBREVIATIONS - {"US", "UK"}):
        assert re.search(rf"\({word}\)|\b{word} \(", intro), word


# ---- Citations in included files and raw HTML ----------------------------------------------


def test_a_citation_inside_raw_html_is_refused_but_markdown_html_may_cite():
    text = "\n".join([
        "<figcaption>From a trial [@alpha2020].</figcaption>",
        '<li markdown><strong>First</strong> It starts soon [@alpha2020].</li>',
        '<p class="hb-main-message" markdown>Most pass the same day [@alpha2020].</p>',
        "Plain text [@alpha2020].",
        '<span class="x">In a span [@alpha2020]</span>',
    ])
    found = html_citation_problems(text)
    assert [index for index, _ in found] == [0, 4]
    assert "inside raw HTML, where it cannot be rendered" in found[0][1]
    assert "cite the source in the Markdown text next to it" in found[0][1]


def _include(root, text):
    (root / "includes" / "fixture-cited.md").write_text(text, encoding="utf-8")
    page = root / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "fixture-cited.md"\n', encoding="utf-8")


def test_a_citation_in_an_included_file_is_rendered(project):
    root = project("literacy")
    _include(root, "- **A shared line:** most of it passes the same day [@fixture2026].\n")
    result = build_project(root)
    assert result.ok, result.warnings
    html = (result.site / "index.html").read_text(encoding="utf-8")
    assert "[@fixture2026]" not in html
    assert 'most of it passes the same day <sup class="hb-cite">' in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- A shared line [@nobody1999].\n", "fixture-cited.md line 1 (included by index.md): unknown citation key 'nobody1999'"),
        ("- 30 in 100 felt sick with the spray.\n", "fixture-cited.md line 1 (included by index.md): this list item gives a frequency"),
        ("<figcaption>From a trial [@fixture2026].</figcaption>\n",
         "fixture-cited.md line 1 (included by index.md): citation [@fixture2026] is inside raw HTML"),
    ],
    ids=["unknown-key", "uncited-number", "raw-html"],
)
def test_an_included_file_is_checked_as_the_page_is(project, text, message):
    root = project("literacy")
    _include(root, text)
    result = build_project(root)
    assert result.warned(message), result.warnings


def test_the_gate_finds_a_citation_left_as_a_markdown_link_in_raw_html(tmp_path):
    from handbook.sitecheck import Site
    from handbook.steps.citations import judge_site

    page = tmp_path / "risks" / "index.html"
    page.parent.mkdir()
    page.write_text('<html><body><article class="md-content__inner"><h1>R</h1><figure><figcaption>From a trial '
                    '[[50](references.md#ref-rush2006 "Rush AJ")].</figcaption></figure></article></body></html>',
                    encoding="utf-8")
    messages = judge_site(Site.read(tmp_path))
    assert any("risks/index.html: a citation was not rendered" in m for m in messages), messages


# -- What "[3]" is, on each page that cites (rater BC, CDC index item 16) ----------------------

CITED = ('<h1>Risks</h1><p class="hb-main-message">M.</p><p class="hb-review">Last reviewed: 1 May 2026</p>'
         '<p>Rare: fewer than 1 in 100 <sup class="hb-cite">[<a href="../references/#ref-x">24</a>]</sup>.</p>')


def test_a_page_that_cites_says_under_its_review_line_what_the_numbers_in_brackets_are():
    from handbook import html as parser

    tree = parser.fragment(with_source_note(CITED, "../references/"))
    review = tree.css_first("p.hb-review")
    note = review.next
    while note is not None and note.tag == "-text":
        note = note.next
    assert note is not None and note.tag == "p"
    assert parser.classes(note) == ["hb-source-note", "hb-screen-only"]  # paper says it once, on Start here
    assert parser.text(note).startswith("A number in square brackets, like [3], is not a result")
    assert note.css_first("a").attributes["href"] == "../references/"
    assert len(tree.css("p.hb-source-note")) == 1
    assert "{link}" in SOURCE_NOTE


def test_the_note_goes_under_the_h1_without_a_review_line_and_nowhere_without_a_citation():
    from handbook import html as parser

    no_review = CITED.replace('<p class="hb-review">Last reviewed: 1 May 2026</p>', "")
    tree = parser.fragment(with_source_note(no_review, None))
    h1 = tree.css_first("h1")
    assert "hb-source-note" in (h1.next.attributes.get("class") or "")
    assert "References page" in parser.text(tree.css_first("p.hb-source-note"))
    plain = '<h1>T</h1><p class="hb-review">R</p><p>No sources [here].</p>'
    assert with_source_note(plain, "../references/") == plain


@pytest.mark.slow
def test_every_built_page_that_cites_has_the_note_and_references_has_none(handbook_site):
    from handbook import html as parser

    assert handbook_site.ok, handbook_site.error
    cited = 0
    for path in handbook_site.site.glob("*/index.html"):
        if path.parent.name in ("print_page", "404", "what-changed"):
            continue
        tree = parser.document(path.read_text(encoding="utf-8"))
        article = tree.css_first("article")
        notes = article.css("p.hb-source-note")
        if path.parent.name == "references":
            assert not notes
        elif article.css_first("sup.hb-cite") is not None:
            cited += 1
            assert len(notes) == 1, path
    assert cited >= 12

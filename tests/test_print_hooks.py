"""Pure helpers behind the checklist form and the PDF packet (no browser, no build)."""

from __future__ import annotations

import re

import make_pdf
import pytest
from conftest import ROOT

from handbook import html as parser
from handbook.markdown.print_urls import is_bare, mark_bare_urls
from handbook.markdown.tab_titles import add_tab_titles
from handbook.steps.checklist import add_head, add_notes, item_id, label_task_items
from handbook.steps.edition import build_date, edition_info, git_commit, short_sha
from handbook.steps.pdf_link import link_html

# ---- handbook/steps/edition.py ----


def test_build_date_honours_source_date_epoch():
    assert build_date({"SOURCE_DATE_EPOCH": "1798416000"}) == "2026-12-28"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", build_date({}))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", build_date({"SOURCE_DATE_EPOCH": "not a number"}))


def test_not_a_git_checkout_is_fine(tmp_path):
    assert git_commit(tmp_path) == (None, False)
    info = edition_info("2026.1", "2026-11-27", None)
    assert info["label"] == "Edition 2026.1 · built 2026-11-27"
    assert info["commit"] is None and info["modified"] is False


def test_edition_label_names_commit_and_local_changes():
    assert edition_info("2026.1", "2026-11-27", "88e1d02")["label"] == "Edition 2026.1 · built 2026-11-27 · commit 88e1d02"
    assert edition_info("2026.1", "2026-11-27", "88e1d02", True)["label"].endswith("commit 88e1d02 with local changes")
    assert short_sha("88e1d02f00") == "88e1d02"
    assert short_sha("not-a-sha") is None and short_sha(None) is None


def test_git_commit_of_this_checkout():
    sha, _modified = git_commit(ROOT)
    if sha is None:
        pytest.skip("not a git checkout (or git is not installed)")
    assert re.fullmatch(r"[0-9a-f]{7}", sha)


# ---- handbook/steps/checklist.py ----

TASKS = (
    '<ul class="task-list">\n'
    '<li class="task-list-item"><input type="checkbox" disabled/> Read the pages on <a href="../risks/">risks</a>.</li>\n'
    '<li class="task-list-item"><input type="checkbox" disabled checked/> Ask what your other choices are.'
    '<ul class="task-list"><li class="task-list-item"><input type="checkbox" disabled/> Ask about therapy.</li></ul></li>\n'
    '<li class="task-list-item"><input type="checkbox" disabled/> Ask what your other choices are.</li>\n'
    "</ul>"
)


def test_item_ids_are_stable_readable_and_distinct():
    first = item_id("Read the pages on risks and evidence.")
    assert first == item_id("Read  the pages on risks and evidence. ")  # whitespace does not matter
    assert re.fullmatch(r"cl-read-the-pages-on-risks-and-[0-9a-f]{6}", first)
    assert item_id("Read the pages on risks and the evidence.") != first
    assert item_id("Same", {item_id("Same")}) == item_id("Same") + "-2"


def test_task_items_become_enabled_labelled_checkboxes():
    html, count = label_task_items(TASKS)
    soup = parser.fragment(html)
    boxes = soup.css("input[type=checkbox]")
    assert count == len(boxes) == 4
    for box in boxes:
        assert "disabled" not in box.attributes
        label = soup.css_first(f'label[for="{box.attributes["id"]}"]')
        assert label is not None and parser.get_text(label, strip=True)
        assert box.attributes["data-hb-item"] == box.attributes["id"]
    assert len({box.attributes["id"] for box in boxes}) == 4  # the repeated item gets its own id
    first = soup.css_first(f'label[for="{boxes[0].attributes["id"]}"]')
    assert parser.get_text(first) == "Read the pages on risks."  # no leading space; link kept inside
    assert first.css_first('a[href="../risks/"]')
    parent = soup.css_first(f'label[for="{boxes[1].attributes["id"]}"]')
    assert parser.get_text(parent) == "Ask what your other choices are."  # the nested list stays outside
    assert "checked" in boxes[1].attributes  # `- [x]` stays ticked by default


def test_each_checkbox_starts_its_own_line():
    # print-site renames ids with a line-based regex from <li> to the next id on that line.
    html, _ = label_task_items(TASKS)
    assert not re.search(r'<li[^>]*><input', html)


def test_notes_replace_the_placeholder_or_are_appended():
    assert add_notes("<h2>Notes</h2>\n<!-- checklist-notes -->\n<p>x</p>", "NOTES") == "<h2>Notes</h2>\nNOTES\n<p>x</p>"
    assert add_notes("<p>x</p>", "NOTES") == "<p>x</p>\nNOTES"
    assert add_head('<div class="admonition"></div><h2 id="a">A</h2>', "HEAD").startswith('<div class="admonition"></div>HEAD\n<h2')


# ---- handbook/markdown/tab_titles.py ----

TABS = (
    '<h2 id="ways">Ways</h2>'
    '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked id="__tabbed_1_1" name="__tabbed_1" type="radio"/>'
    '<input id="__tabbed_1_2" name="__tabbed_1" type="radio"/><div class="tabbed-labels">'
    '<label for="__tabbed_1_1"><abbr title="Intravenous">IV</abbr> drip</label><label for="__tabbed_1_2">Pill</label></div>'
    '<div class="tabbed-content"><div class="tabbed-block"><p>Drip text.</p></div>'
    '<div class="tabbed-block"><p>Pill text.</p>'
    '<div class="tabbed-set tabbed-alternate" data-tabs="2:1"><input checked id="__tabbed_2_1" name="__tabbed_2" type="radio"/>'
    '<div class="tabbed-labels"><label for="__tabbed_2_1">Swallowed</label></div>'
    '<div class="tabbed-content"><div class="tabbed-block"><p>Swallowed text.</p></div></div></div>'
    "</div></div></div>"
)


def test_every_tab_panel_gets_its_name_as_a_heading():
    html, problems = add_tab_titles(TABS)
    assert problems == []
    soup = parser.fragment(html)
    titles = [(h.tag, parser.get_text(h)) for h in soup.css(".hb-tab-title")]
    assert titles == [("h3", "IV drip"), ("h3", "Pill"), ("h4", "Swallowed")]
    assert soup.css_first(".tabbed-block > h3.hb-tab-title abbr[title=Intravenous]")
    assert add_tab_titles(html)[0] == html  # idempotent


# ---- handbook/markdown/print_urls.py and handbook/steps/pdf_link.py ----


def test_links_whose_text_is_the_address_are_marked():
    assert is_bare("https://988lifeline.org/", "https://988lifeline.org/")
    assert is_bare("www.988lifeline.org", "https://988lifeline.org")
    assert not is_bare("the 988 Lifeline", "https://988lifeline.org/")
    html = mark_bare_urls(
        '<a href="https://a.org/">https://a.org/</a> <a href="https://b.org/">B</a> '
        '<a class="x" href="https://c.org/x">c.org/x</a> <a href="../page/">page</a>'
    )
    assert '<a href="https://a.org/" class="hb-bare-url">' in html
    assert '<a href="https://b.org/">B</a>' in html
    assert 'class="x hb-bare-url"' in html
    assert '<a href="../page/">page</a>' in html


def test_pdf_link_paragraph():
    html = link_html("../pdf/ketamine-handbook.pdf")
    assert 'href="../pdf/ketamine-handbook.pdf"' in html and "Download the PDF packet" in html
    assert 'class="hb-pdf-link hb-screen-only"' in html  # hidden on paper (print.css)
    short = link_html("../pdf/ketamine-handbook.pdf", "../pdf/ketamine-at-a-glance.pdf")
    assert 'href="../pdf/ketamine-at-a-glance.pdf"' in short and "Ketamine at a glance" in short


# ---- scripts/make_pdf.py ----


def test_paper_formats():
    assert make_pdf.paper_format(None) == "A4"
    assert make_pdf.paper_format("A4") == "A4"
    assert make_pdf.paper_format("letter") == "Letter"
    assert make_pdf.paper_format("US-Letter") == "Letter"
    with pytest.raises(ValueError):
        make_pdf.paper_format("a5")


def test_browser_choice():
    def exe(*paths):
        return lambda p: p in paths

    def which(*names):
        return lambda name, path=None: f"/usr/bin/{name}" if name in names else None

    find = make_pdf.find_browser
    assert find({"CHROMIUM": "/opt/chrome"}, exe("/opt/chrome"), which()) == "/opt/chrome"
    with pytest.raises(FileNotFoundError):
        find({"CHROMIUM": "/missing"}, exe(), which())
    assert find({}, exe("/usr/bin/chromium"), which("google-chrome")) == "/usr/bin/chromium"
    assert find({"CHROMIUM": ""}, exe(), which("google-chrome")) == "/usr/bin/google-chrome"  # GitHub runners
    assert find({}, exe(), which()) is None  # Playwright's own, if installed


def test_jobs_come_from_the_one_list_of_generated_outputs():
    settings = make_pdf.load_settings(ROOT / "mkdocs.yml")
    jobs = {job.key: job for job in make_pdf.jobs_for(settings["extra"], settings["site_name"])}
    assert jobs["packet_pdf"].output == "pdf/ketamine-handbook.pdf"
    assert jobs["packet_pdf"].page == "print_page/"
    assert jobs["checklist_pdf"].output == "pdf/consent-checklist.pdf"
    assert settings["extra"]["edition"] in jobs["packet_pdf"].title
    with pytest.raises(KeyError):
        make_pdf.jobs_for({"generated_outputs": {"packet_pdf": "a.pdf"}}, "x")


def test_pdf_options_margins_and_page_rule():
    options = make_pdf.pdf_options("letter")
    assert options["format"] == "Letter" and options["prefer_css_page_size"] is True
    assert options["tagged"] is True and options["outline"] is True
    # Chromium prints no header or footer: they are stamped later, as artifacts (pdf_pages).
    assert options["display_header_footer"] is False and options["print_background"] is True
    # A column of about 70 characters: 140 mm, centred, on either paper.
    assert options["margin"]["left"] == options["margin"]["right"] == "38.0mm"  # (215.9 - 140) / 2
    assert make_pdf.pdf_margins("a4")["left"] == "35.0mm"
    assert "size: A4 portrait" in make_pdf.page_style("a4") and "35.0mm" in make_pdf.page_style("a4")
    assert make_pdf.is_local("http://127.0.0.1:8123/assets/x.js", "http://127.0.0.1:8123")
    assert not make_pdf.is_local("https://fonts.googleapis.com/css", "http://127.0.0.1:8123")


class FakePrintPage:
    """A page whose prints put the link targets on the pages listed in `layouts`, one per
    print; the options of each print are kept."""

    def __init__(self, layouts):
        self.layouts, self.options, self.filled = list(layouts), [], None

    def pdf(self, **options):
        self.options.append(options)
        return str(len(self.options)).encode()  # stands for the PDF: which print it was

    def evaluate(self, script, pages):
        assert script == make_pdf.NUMBERS_JS
        self.filled = dict(pages)
        return sorted(pages)


@pytest.mark.parametrize("layouts, prints", [
    ([{"a": 5, "b": 9}, {"a": 5, "b": 9}], 2),  # the numbers fit: the draft, then one checked print
    ([{"a": 5, "b": 9}, {"a": 5, "b": 10}, {"a": 5, "b": 10}], 3),  # a number moved: once more
])
def test_the_first_print_is_a_draft_and_never_the_output(monkeypatch, layouts, prints):
    page = FakePrintPage(layouts)
    monkeypatch.setattr("pypdf.PdfReader", lambda stream: stream)  # the "PDF" as it came
    monkeypatch.setattr(make_pdf.pdf_pages, "dest_pages", lambda pdf: page.layouts[int(pdf.getvalue()) - 1])
    pdf, found, made = make_pdf.print_with_page_numbers(page, "a4")
    assert made == prints == len(page.options) and int(pdf) == prints
    assert page.options[0]["tagged"] is False and page.options[0]["outline"] is False  # the draft
    assert all(o["tagged"] and o["outline"] for o in page.options[1:])  # every later print is the real one
    assert found == page.filled == layouts[-1]  # the output's numbers are the ones printed in it


def test_jobs_booklets_and_optional_short_leaflet():
    extra = {"edition": "1", "generated_outputs": {"packet_pdf": "a.pdf", "checklist_pdf": "b.pdf"}}
    jobs = {job.key: job for job in make_pdf.jobs_for(extra, "x")}
    assert set(jobs) == {"packet_pdf", "checklist_pdf"}  # the short leaflet is optional
    assert jobs["packet_pdf"].booklet == 4 and jobs["packet_pdf"].cover
    assert jobs["checklist_pdf"].booklet == 1 and not jobs["checklist_pdf"].cover
    extra["generated_outputs"]["glance_pdf"] = "c.pdf"
    glance = {job.key: job for job in make_pdf.jobs_for(extra, "x")}["glance_pdf"]
    assert glance.booklet == 4 and glance.page == "print_page/at-a-glance.html"
    settings = make_pdf.load_settings(ROOT / "mkdocs.yml")
    assert settings["extra"]["generated_outputs"]["glance_pdf"] == "pdf/ketamine-at-a-glance.pdf"
    assert settings["site_url"].startswith("https://")


# ---- Makefile, README and the deploy workflow ----


def test_make_pdf_target_readme_and_deploy_step():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^pdf: .*## ", makefile, re.M), "Makefile needs a `pdf` target with `## help`"
    assert "scripts/make_pdf.py" in makefile
    assert "make pdf" in (ROOT / "README.md").read_text()
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text()
    step = re.search(r"^\s*run: .*\bmake\b[^\n]*\bpdf\b", deploy, re.M)
    assert step, "the deploy workflow must run `make pdf`"
    assert step.start() < deploy.index("upload-pages-artifact")


# ---- handbook/html.py helpers the print scripts use (scripts/pdf_glance.py) ----


def test_parser_helpers_for_the_print_scripts():
    tree = parser.document('<div class="a"><p>x <b>y</b></p><script>var s</script><section><p>z</p></section></div>')
    div, bold = tree.css_first("div"), tree.css_first("b")
    assert div.css_matches("p")  # Lexbor's own answer is about the subtree ...
    assert not parser.matches(div, "p") and parser.matches(div, "div.a")  # ... ours about the element
    assert parser.closest(bold, "div").tag == "div" and parser.closest(div, "div") is None
    assert [n.tag for n in parser.child_elements(div, "p, section")] == ["p", "section"]  # not the inner <p>
    assert parser.get_text(div, " ", strip=True) == "x y z"  # no script text
    copy = parser.copy(div)
    parser.set_text(copy.css_first("p"), "<i>")
    assert "<p>&lt;i&gt;</p>" in copy.html and parser.get_text(div.css_first("p")) == "x y"  # the original is untouched
    parser.append_html(copy, "<h2>t</h2> tail")
    assert copy.html.endswith("<h2>t</h2> tail</div>")

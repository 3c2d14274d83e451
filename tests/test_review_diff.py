"""scripts/review_diff.py (what changed for readers), scripts/release.py (releasing an edition)
and handbook/steps/release_links.py (each edition on "What changed" links to its release)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import release  # scripts/release.py
import review_diff as rd  # scripts/review_diff.py
from conftest import ROOT, copy_project

from handbook.steps.release_links import add_release_links, github_repo

HAS_GIT = shutil.which("git") is not None


# ---- Helpers for building small inputs ----------------------------------------------------


def _html(body: str, safety: str = "") -> str:
    """A page shaped like a built Material page: chrome around article.md-content__inner."""
    return (
        '<html><body><header class="md-header">Site name <p class="hb-announce">In crisis? call 988.</p></header>'
        '<nav class="md-nav">Contents</nav><div class="md-content"><article class="md-content__inner md-typeset">'
        f'<h1>Title</h1><p class="hb-review">Last reviewed: 1 January 2026 · Edition 1.1</p>{body}{safety}'
        '</article></div><footer>Edition 1.1 · built today</footer></body></html>'
    )


def _cite(*keys: str) -> str:
    links = ", ".join(f'<a href="../references/#ref-{k}">{n}</a>' for n, k in enumerate(keys, 1))
    return f'<sup class="hb-cite">&#91;{links}&#93;</sup>'


def _page(src: str, body: str, meta: dict | None = None, source: str | None = None, safety: str = "") -> rd.Page:
    page_html = _html(body, safety)
    meta = meta or {"last_reviewed": "2026-01-01", "next_review": "2027-01-01", "reviewer": "Lead editor"}
    return rd.Page(src, rd.page_url(src), src, meta, source if source is not None else body, page_html,
                   rd.readers_text(page_html))


def _sections(report: str) -> dict[str, str]:
    """`{section title: its text}` of a report."""
    parts = re.split(r"^## (.+)$", report, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def _only_in(report: str, section: str, text: str) -> None:
    """`text` is in `section` exactly once, and in no other section except the text diff."""
    sections = _sections(report)
    assert sections.get(section, "").count(text) == 1, f"{text!r} not once in {section!r}:\n{report}"
    others = {t: s for t, s in sections.items() if t not in (section, "Text changes")}
    assert not [t for t, s in others.items() if text in s], f"{text!r} also outside {section!r}:\n{report}"


# ---- Reading what readers see -------------------------------------------------------------


def test_readers_text_leaves_out_chrome_and_reads_citation_keys():
    text = rd.readers_text(_html(f"<p>About 55 in 100 improved {_cite('alpha2020', 'beta2021')}. Then it faded.</p>"))
    assert text.blocks == ["Title", "About 55 in 100 improved. Then it faded."]
    assert text.sentences[1] == rd.Sentence("About 55 in 100 improved.", ("alpha2020", "beta2021"), 1)
    assert text.sentences[2] == rd.Sentence("Then it faded.", (), 1)
    joined = " ".join(text.blocks)
    for chrome in ("Site name", "Contents", "Last reviewed", "Edition", "In crisis"):
        assert chrome not in joined


def test_safety_text_is_kept_apart_from_the_text():
    safety = ('<aside class="hb-safety"><div id="crisis-help"><p class="admonition-title">If you need help now</p>'
              '<p>US: call or text <a href="tel:988">988</a>.</p></div>'
              '<div id="disclaimer"><p>This is not medical advice.</p></div></aside>')
    body = ('<div class="admonition danger"><p class="admonition-title">Do not use esketamine if you have</p>'
            f'<ul><li>a brain bleed {_cite("label")}.</li></ul></div>'
            '<div class="admonition warning"><p class="admonition-title">Watch for: sleepiness</p><p>Rest.</p></div>'
            '<div class="hb-crisis-inline"><p>Need help now? Call 988.</p></div>')
    text = rd.readers_text(_html(body, safety))
    kinds = {item.kind: item for item in text.safety}
    assert set(kinds) == {"Crisis numbers at the top of every page", "Crisis help box", "Disclaimer",
                          '"Do not use" box', "Crisis help in the text"}
    assert kinds["Crisis help box"].text == "If you need help now US: call or text 988."
    assert kinds['"Do not use" box'].text == "Do not use esketamine if you have a brain bleed [@label]."
    assert text.blocks == ["Title", "Watch for: sleepiness", "Rest."]  # safety boxes are not in the text


def test_sentences_keep_quotes_and_take_a_citation_written_after_the_full_stop():
    mark = f"{rd._CITE_OPEN}alpha{rd._CITE_CLOSE}"
    assert rd.split_sentences(f'It felt "outside yourself." Then 2 days. {mark} Then more.') == [
        ('It felt "outside yourself."', ()),
        ("Then 2 days.", ("alpha",)),
        ("Then more.", ()),
    ]
    assert rd.split_sentences("Give 0.5 mg/kg, e.g. slowly.") == [("Give 0.5 mg/kg, e.g. slowly.", ())]


@pytest.mark.parametrize("sentence, expected", [
    ("About 55 in 100 people improved after 3 weeks.", ["55 in 100", "3 weeks"]),
    ("The dose is 0.5 mg/kg over 40 minutes.", ["0.5 mg/kg", "40 minutes"]),
    ("Two in ten people felt sick for two hours.", ["two in ten", "two hours"]),
    ("It went up by 25% in 2026.", ["25%", "2026"]),
    ("One of the drugs is a spray.", []),
    ("No numbers here at all.", []),
])
def test_numbers_found_with_their_unit(sentence, expected):
    assert rd.numbers(sentence) == expected


def test_pair_items_pairs_edited_texts_and_leaves_new_ones_alone():
    old = ["A stays.", "About 55 in 100 people improved.", "B goes."]
    new = ["A stays.", "About 60 in 100 people improved.", "Something else entirely new here."]
    assert rd.pair_items(old, new, rd.SENTENCE_SIMILARITY) == [(0, 0), (1, 1), (2, None), (None, 2)]


# ---- Sections from pure inputs -----------------------------------------------------------


def test_sentence_changes_sort_numbers_lost_and_swapped_citations():
    old = _page("a.md", f"<p>About 55 in 100 improved {_cite('alpha')}. It lasted 2 days {_cite('gamma')}.</p>"
                        f"<p>Side effects pass {_cite('alpha')}.</p>")
    new = _page("a.md", f"<p>About 60 in 100 improved {_cite('alpha')}. It lasted 2 days.</p>"
                        f"<p>Side effects pass {_cite('beta')}.</p>")
    report = rd.sentence_changes([rd.PagePair(old, new)])
    assert [(c.old.text, c.new.text) for c in report.numbers] == [("About 55 in 100 improved.", "About 60 in 100 improved.")]
    assert [(c.old.keys, c.new.text) for c in report.lost_citation] == [(("gamma",), "It lasted 2 days.")]
    assert [(c.old.keys, c.new.keys) for c in report.citation_changed] == [(("alpha",), ("beta",))]


def test_a_citation_moved_within_its_paragraph_is_not_a_change():
    old = _page("a.md", f"<p>It lasted 2 days {_cite('gamma')}. It helped.</p>")
    new = _page("a.md", f"<p>It lasted 2 days. It helped {_cite('gamma')}.</p>")
    report = rd.sentence_changes([rd.PagePair(old, new)])
    assert (report.numbers, report.lost_citation, report.citation_changed) == ([], [], [])


def test_reference_section_says_status_and_when_a_source_changed():
    old = {"alpha": {"authors": "Alpha A", "year": 2020, "title": "T", "doi": "10.1/a", "status": "verified"},
           "gone": {"authors": "Gone G", "year": 2001, "title": "Old", "pmid": "1", "status": "verified"}}
    new = {"alpha": {"authors": "Alpha A", "year": 2020, "title": "T", "doi": "10.1/b", "status": "secondary"},
           "fresh": {"authors": "Fresh F", "year": 2025, "title": "New", "url": "https://x.example", "status": "secondary"}}
    lines = "\n".join(rd.section_references(rd.reference_changes(old, new), {"alpha": ["risks.md"]}))
    assert "- Added `fresh`: Fresh F (2025). New. https://x.example; **not yet fully checked**" in lines
    assert "- Removed `gone`: Gone G (2001). Old. PMID 1; **verified**" in lines
    assert ("- Changed `alpha` — **now points to a different source** (cited on risks.md); now not yet fully checked:"
            in lines)
    assert "  - doi: 10.1/a → 10.1/b" in lines and "  - status: verified → secondary" in lines
    same_source = {"alpha": dict(old["alpha"], pmid="123")}
    lines = "\n".join(rd.section_references(rd.reference_changes({"alpha": old["alpha"]}, same_source), {}))
    assert lines.startswith("- Changed `alpha` — **its identifiers changed**: check they still lead to the same source")


def test_review_changes_and_pages_edited_without_a_new_review_date():
    meta = {"last_reviewed": "2026-01-01", "next_review": "2027-01-01", "reviewer": "Lead editor"}
    old_a, new_a = _page("a.md", "<p>Old.</p>", dict(meta)), _page("a.md", "<p>New.</p>", dict(meta))
    old_b = _page("b.md", "<p>Same.</p>", dict(meta))
    new_b = _page("b.md", "<p>Same.</p>", dict(meta, reviewer="Clinical pharmacist"))
    # c.md's text changed only through an included file: its own file did not change.
    old_c, new_c = _page("c.md", "<p>One.</p>", dict(meta), "same"), _page("c.md", "<p>Two.</p>", dict(meta), "same")
    changes, stale = rd.review_changes([rd.PagePair(old_a, new_a), rd.PagePair(old_b, new_b), rd.PagePair(old_c, new_c)])
    assert [(c.page, c.key, c.old, c.new) for c in changes] == [("b.md", "reviewer", "Lead editor", "Clinical pharmacist")]
    assert stale == ["a.md"]


def test_a_safety_change_on_every_page_is_listed_once():
    def notice(number):
        return f'<div id="crisis-help"><p>Call {number}.</p></div>'

    old = {s: _page(s, "<p>Text.</p>", safety=notice("988")) for s in ("a.md", "b.md")}
    new = {s: _page(s, "<p>Text.</p>", safety=notice("989")) for s in ("a.md", "b.md")}
    report = rd.build_report(rd.Side("base", old), rd.Side("branch", new), grades={})
    assert _sections(report)["Safety text"].count("Crisis help box") == 1
    assert "on all 2 pages" in report and "<del>988.</del> <ins>989.</ins>" in report


def test_identical_sides_give_an_empty_report():
    pages = {"a.md": _page("a.md", f"<p>About 55 in 100 {_cite('alpha')}.</p>")}
    report = rd.build_report(rd.Side("base", pages, {"alpha": {}}, {"x.pdf": 3}),
                             rd.Side("branch", pages, {"alpha": {}}, {"x.pdf": 3}))
    assert report.rstrip().endswith(rd.NO_CHANGES)
    assert "## " not in report


def test_pdf_page_counts_before_and_after():
    assert rd.section_pdfs({"packet.pdf": 40, "old.pdf": 2}, {"packet.pdf": 42, "new.pdf": 1}) == [
        "- `new.pdf`: not made → 1 pages", "- `old.pdf`: 2 → not made pages", "- `packet.pdf`: 40 → 42 pages"]
    assert rd.section_pdfs({"a.pdf": 2}, {"a.pdf": 2}) == []


def test_reader_text_cannot_inject_markup_into_the_report():
    assert rd.word_diff("<b>old</b>", "<script>x</script>") == "<del>&lt;b&gt;old&lt;/b&gt;</del> <ins>&lt;script&gt;x&lt;/script&gt;</ins>"
    assert rd._esc("[link](https://evil.example) *bold*") == r"\[link\](https://evil.example) \*bold\*"


# ---- The whole thing, on throwaway git repositories -----------------------------------------


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


def _edit(path, old, new):
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new))


@pytest.fixture(scope="module")
def fixture_repo(tmp_path_factory):
    """The `reviewdiff` fixture committed on main, a branch `review` with one change of each
    kind, and a branch `same` that changes nothing readers see."""
    repo = copy_project("reviewdiff", tmp_path_factory.mktemp("reviewdiff") / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "same")
    (repo / "README.md").write_text("Notes for editors only.\n")
    _git(repo, "add", "README.md")
    _git(repo, "commit", "-q", "-m", "no reader change")
    _git(repo, "checkout", "-q", "-b", "review", "main")
    docs = repo / "docs"
    _edit(docs / "index.md", "About 55 in 100", "About 60 in 100")                      # a number
    _edit(docs / "index.md", "within 2 days [@gamma2019].", "within 2 days.")             # a dropped citation
    _edit(docs / "index.md", "within hours [@alpha2020]", "within hours [@beta2021]")     # a swapped source
    _edit(docs / "index.md", "last_reviewed: 2026-11-27", "last_reviewed: 2026-11-30")
    _edit(docs / "risks.md", "for a while", "for a short time")                           # last_reviewed left alone
    _edit(repo / "includes" / "crisis-inline.md", "UK: call Samaritans on", "UK and Ireland: call Samaritans free on")
    _git(repo, "mv", "docs/about.md", "docs/about-us.md")                                 # a moved page
    _edit(repo / "data" / "references.yml", "status: secondary\n  note: The address was seen only in a copy.\n",
          "status: verified\n")                                                            # a source checked
    _edit(repo / "mkdocs.yml", "About: about.md", "About: about-us.md")
    _git(repo, "commit", "-q", "-am", "branch")
    return repo


@pytest.mark.slow
@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_each_change_shows_once_in_its_section(fixture_repo):
    report = rd.run(fixture_repo, "main", None, sys.executable, None)  # the checkout, as CI has it
    assert list(_sections(report)) == [
        "Safety text", "Pages added, removed or moved", "Reading grade and length", "Numbers that changed",
        "Numbers that lost their citation", "References", "Citations that now point to a different source",
        "Review dates",
        "Text changes",
    ], report
    _only_in(report, "Safety text", "Crisis help in the text")
    assert "<del>UK:</del> <ins>UK and Ireland:</ins>" in _sections(report)["Safety text"]
    _only_in(report, "Pages added, removed or moved", "`about.md` → `about-us.md`")
    _only_in(report, "Numbers that changed", "**55 in 100, 4 weeks → 60 in 100, 4 weeks**")
    _only_in(report, "Numbers that lost their citation", "Most who improved felt it within 2 days.")
    assert "used to cite `gamma2019` (Gamma G 2019)" in _sections(report)["Numbers that lost their citation"]
    _only_in(report, "Citations that now point to a different source", "Side effects pass within hours.")
    _only_in(report, "References", "Changed `beta2021`")
    assert "  - status: secondary → verified" in _sections(report)["References"]
    assert "references.md" not in report  # its list is compared entry by entry, not as text
    assert "was: `alpha2020` (Alpha A 2020)\n  - now: `beta2021` (Beta B. 2021)" in report
    _only_in(report, "Review dates", "index.md: `last_reviewed` 2026-11-27 → 2026-11-30")
    stale = _sections(report)["Review dates"].split("did not**", 1)[1]
    assert stale.strip().splitlines()[-1] == "- risks.md" and "index.md" not in stale
    grades = _sections(report)["Reading grade and length"]
    assert re.search(r"\| index\.md \| [\d.]+ → [\d.]+ \| [\d.]+ → [\d.]+ \| \d+ → \d+ \|", grades), grades
    assert "about" not in grades  # moved, but its text is the same
    assert "<details><summary>index.md" in report and "<details><summary>risks.md" in report
    assert "about" not in _sections(report)["Text changes"]


@pytest.mark.slow
@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_unchanged_branch_gives_an_empty_report(fixture_repo, tmp_path, capsys):
    out = tmp_path / "site" / "review-diff.md"
    assert rd.main(["--repo", str(fixture_repo), "--base", "main", "--head", "same", "--out", str(out)]) == 0
    report = out.read_text()
    assert report.rstrip().endswith("No changes for readers.") and "## " not in report, report
    assert capsys.readouterr().out == report
    worktrees = subprocess.run(["git", "worktree", "list"], cwd=fixture_repo, capture_output=True, text=True).stdout
    assert len(worktrees.strip().splitlines()) == 1, worktrees  # the temporary worktrees are gone


def test_unknown_base_fails_with_a_message(tmp_path, capsys):
    if not HAS_GIT:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    assert rd.main(["--repo", str(tmp_path), "--base", "no-such-branch"]) == 2
    assert "review-diff failed" in capsys.readouterr().err


def test_contributing_shows_a_report_from_this_fixture():
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    example = contributing.split("## 4a. Reading the review report", 1)[1].split("\n## 5.", 1)[0]
    # The same lines test_each_change_shows_once_in_its_section finds in the fixture's report.
    for line in ("**55 in 100, 4 weeks → 60 in 100, 4 weeks**", "used to cite `gamma2019` (Gamma G 2019)",
                 "Moved: **About** `about.md` → `about-us.md`", "- Changed `beta2021`",
                 "index.md: `last_reviewed` 2026-11-27 → 2026-11-30", "<del>UK:</del> <ins>UK and Ireland:</ins>"):
        assert line in example, line


# ---- Releasing an edition ---------------------------------------------------------------


CHANGELOG = """# Changelog

<!-- --8<-- [start:entries] -->

## Unreleased

- Nothing yet.

## Edition 2099.2 (1 February 2099)

### Changed

- Risks: new numbers.

## Edition 2099.1 (1 January 2099)

- First edition.

<!-- --8<-- [end:entries] -->
"""


def test_changelog_section_is_the_text_under_the_edition_heading():
    assert release.changelog_section(CHANGELOG, "2099.2") == "### Changed\n\n- Risks: new numbers.\n"
    assert release.changelog_section(CHANGELOG, "2099.1") == "- First edition.\n"
    assert release.changelog_section(CHANGELOG, "2099.3") is None
    assert release.changelog_section(CHANGELOG, "2099.") is None  # no prefix match: 2099.2 is not "2099."


def test_release_problems_name_the_mismatch_and_the_fix():
    assert release.release_problems("2099.2", CHANGELOG, "edition-2099.2") == []
    [tag] = release.release_problems("2099.2", CHANGELOG, "edition-2099.1")
    assert "tag 'edition-2099.1' does not match mkdocs.yml extra.edition '2099.2'" in tag
    [missing] = release.release_problems("2099.3", CHANGELOG)
    assert "no section for edition 2099.3" in missing and "## Edition 2099.3 (day month year)" in missing
    assert "write it as YYYY.N" in release.release_problems("next", CHANGELOG)[0]


def test_release_assets_have_the_edition_in_their_names():
    outputs = {"packet_pdf": "pdf/ketamine-handbook.pdf", "checklist_pdf": "pdf/consent-checklist.pdf"}
    assert release.asset_names(outputs, "2099.2") == {
        "pdf/ketamine-handbook.pdf": "ketamine-handbook-edition-2099.2.pdf",
        "pdf/consent-checklist.pdf": "consent-checklist-edition-2099.2.pdf",
    }


def _release_project(tmp_path, edition, changelog=CHANGELOG):
    (tmp_path / "mkdocs.yml").write_text(
        f'site_name: x\nextra:\n  edition: "{edition}"\n  generated_outputs:\n    packet_pdf: pdf/p.pdf\n'
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir\n")
    (tmp_path / "CHANGELOG.md").write_text(changelog)
    return tmp_path


def test_release_check_command(tmp_path, capsys):
    root = str(_release_project(tmp_path, "2099.2"))
    assert release.main(["--root", root, "check", "--tag", "edition-2099.2"]) == 0
    assert release.main(["--root", root, "check", "--tag", "edition-2099.1"]) == 1
    assert "does not match" in capsys.readouterr().err
    (tmp_path / "next").mkdir()
    no_section = _release_project(tmp_path / "next", "2099.3")  # edition bumped, CHANGELOG not
    assert release.main(["--root", str(no_section), "check", "--tag", "edition-2099.3"]) == 1
    assert "no section for edition 2099.3" in capsys.readouterr().err


def test_release_notes_and_assets(tmp_path, capsys):
    root = _release_project(tmp_path, "2099.2")
    assert release.main(["--root", str(root), "notes"]) == 0
    assert capsys.readouterr().out == "### Changed\n\n- Risks: new numbers.\n"
    site = tmp_path / "site"
    assert release.main(["--root", str(root), "assets", "--site-dir", str(site), "--out", str(tmp_path / "dist")]) == 1
    assert "Run `make pdf` first" in capsys.readouterr().err
    (site / "pdf").mkdir(parents=True)
    (site / "pdf" / "p.pdf").write_bytes(b"%PDF-1.4\n")
    assert release.main(["--root", str(root), "assets", "--site-dir", str(site), "--out", str(tmp_path / "dist")]) == 0
    assert (tmp_path / "dist" / "p-edition-2099.2.pdf").read_bytes() == b"%PDF-1.4\n"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_release_check_fails_on_a_tag_that_disagrees_with_the_edition():
    def make(tag):
        # STAMP= : use this Python as it is; never set up or install anything from a test.
        return subprocess.run(["make", "-s", "release-check", f"TAG={tag}", f"PY={sys.executable}", "STAMP="],
                              cwd=ROOT, capture_output=True, text=True)

    edition = release.edition_of(release.read_config(ROOT / "mkdocs.yml"))
    wrong = make("edition-1999.1")
    assert wrong.returncode != 0
    assert f"must be 'edition-{edition}'" in wrong.stderr
    right = make(f"edition-{edition}")
    assert right.returncode == 0, right.stderr
    assert f"release check passed: edition {edition}" in right.stdout


# ---- "What changed" links each edition's release ------------------------------------------


def test_each_edition_heading_gets_its_release_link():
    page = ('<h1>What changed</h1><h2 id="unreleased">Unreleased</h2><p>x</p>'
            '<h2 id="e2">Edition 2099.2 (1 February 2099)</h2><p>y</p><h2 id="e1">Edition 2099.1 (1 January 2099)</h2>')
    out = add_release_links(page, "owner/handbook")
    assert out.count('class="hb-release"') == 2
    assert ('<h2 id="e2">Edition 2099.2 (1 February 2099)</h2><p class="hb-release">Printed copies of edition '
            '2099.2: <a href="https://github.com/owner/handbook/releases/tag/edition-2099.2">') in out
    assert "releases/tag/edition-2099.1" in out and "Unreleased</h2><p>x" in out
    assert add_release_links("<h2>Edition notes</h2>", "owner/handbook") == "<h2>Edition notes</h2>"


@pytest.mark.parametrize("name, url, expected", [
    ("trd-handbook/ketamine-handbook", None, "trd-handbook/ketamine-handbook"),
    ("GitHub", "https://github.com/owner/repo", "owner/repo"),
    (None, "https://github.com/owner/repo.git/", "owner/repo"),
    (None, "https://gitlab.com/owner/repo", None),
    (None, None, None),
])
def test_github_repo_from_the_config(name, url, expected):
    assert github_repo(name, url) == expected


@pytest.mark.slow
def test_real_what_changed_page_links_every_edition_release(handbook_site):
    from handbook import html as parser

    repo = release.read_config(ROOT / "mkdocs.yml")["repo_name"]
    tree = parser.document((handbook_site.site / "what-changed" / "index.html").read_text())
    editions = [m.group(1) for h in tree.css("article h2")
                if (m := re.match(r"Edition (\d{4}\.\d+)", h.text(deep=True, strip=True)))]
    links = [a.attributes["href"] for a in tree.css("article p.hb-release a")]
    assert editions and links == [f"https://github.com/{repo}/releases/tag/edition-{e}" for e in editions]


# ---- Workflows -------------------------------------------------------------------------------


def _workflow(name: str) -> dict:
    import yaml

    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def _actions(workflow: dict) -> set[str]:
    return {s["uses"].split("@")[0] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s}


def test_pull_request_workflow_puts_the_report_in_the_summary_and_the_site():
    workflow = _workflow("pull-request.yml")
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["test"]["steps"]
    runs = [s.get("run", "") for s in steps]
    report = next(i for i, r in enumerate(runs) if "make review-diff" in r)
    assert 'BASE="$GITHUB_BASE_REF"' in runs[report] and 'site/review-diff.md >> "$GITHUB_STEP_SUMMARY"' in runs[report]
    pdf = next(i for i, r in enumerate(runs) if "make pdf" in r)
    upload = next(i for i, s in enumerate(steps) if s.get("with", {}).get("path") == "site/")
    assert pdf < report < upload  # after the PDFs (page counts), before the site is uploaded


def test_release_workflow_checks_the_tag_and_publishes_pdfs_with_the_notes():
    workflow = _workflow("release.yml")
    trigger = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads `on` as True
    assert trigger == {"push": {"tags": ["edition-*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    runs = [s.get("run", "") for s in job["steps"]]
    order = [next(i for i, r in enumerate(runs) if needle in r)
             for needle in ('make release-check TAG="$GITHUB_REF_NAME"', "make browser pdf",
                            "scripts/release.py notes", "scripts/release.py assets", "gh release create")]
    assert order == sorted(order)
    assert "--notes-file" in runs[order[-1]] and "assets/*.pdf" in runs[order[-1]]
    assert all("${{" not in r for r in runs), "no expression interpolated into a shell script"
    others = _actions(_workflow("pull-request.yml")) | _actions(_workflow("deploy.yml"))
    assert _actions(workflow) <= others  # no new third-party action

"""scripts/readability.py: reading grades of the chapters, measured on the rendered text."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import ROOT, build_project

_spec = importlib.util.spec_from_file_location("readability_script", ROOT / "scripts" / "readability.py")
readability = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = readability  # dataclasses look their module up while it loads
_spec.loader.exec_module(readability)
Score = readability.Score

PAGE = """<html><body><header>Site header words</header><nav>Navigation words</nav>
<div class="md-content"><article class="md-content__inner md-typeset">
<a class="md-content__button" href="#">Edit this page</a>
<h1 id="risks">Risks<a class="headerlink" href="#risks">¶</a></h1>
<p class="hb-review">Last reviewed: 27 November 2026 · Next review due: 27 November 2027</p>
<p>Blood pressure goes up <sup class="hb-cite">&#91;<a href="#">3</a>&#93;</sup></p>
<div class="tabbed-set"><input id="t1" type="radio"><div class="tabbed-labels"><label for="t1">IV drip</label></div>
<div class="tabbed-content"><div class="tabbed-block"><h3 class="hb-tab-title">IV drip</h3><p>It is given in a vein!</p></div></div></div>
<ul><li>Item one<ul><li>Nested item</li></ul></li></ul>
<table><tr><th>Effect</th><td>Dose: 0.5 mg/kg, e.g. for most</td></tr></table>
<div class="admonition note"><p class="admonition-title">Good to know</p><p>Ask <abbr title="A long definition">TRD</abbr> questions?</p></div>
<div class="hb-crisis-inline"><p>Need help now? Call 988.</p></div>
<!-- a comment -->
<aside class="hb-safety"><div id="crisis-help"><p>If you need help now</p></div><div id="disclaimer"><p>This is not medical advice</p></div></aside>
</article></div><footer>Footer words</footer></body></html>"""


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-12-01")


def test_only_the_chapter_prose_is_measured_one_sentence_per_block():
    assert readability.main_text(PAGE).split("\n") == [
        "Risks.",
        "Blood pressure goes up.",
        "It is given in a vein!",
        "Item one.",
        "Nested item.",
        "Effect.",
        "Dose: 05 mg/kg, eg for most.",
        "Good to know.",
        "Ask TRD questions?",
    ]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([Score("a.md", 100, 10, 8.0, 10.0), Score("b.md", 100, 10, 6.0, 9.0)], []),
        (
            [Score("a.md", 100, 10, 8.1, 9.0), Score("b.md", 1, 1, 5.0, 9.0)],
            ["a.md: Flesch-Kincaid grade 8.1 is above 8."],
        ),
        ([Score("a.md", 100, 10, 5.0, 10.2)], ["a.md: SMOG 10.2 is above 10."]),
        (
            [Score("a.md", 1, 1, 7.5, 9.0), Score("b.md", 1, 1, 7.5, 9.0), Score("c.md", 1, 1, 3.0, 9.0)],
            ["median Flesch-Kincaid grade 7.5 is above 7."],
        ),
    ],
)
def test_gate_limits(scores, expected):
    assert readability.gate_failures(scores) == expected


def test_reference_pages_are_not_chapters(tmp_path):
    for name in ("index.md", "risks.md", "checklist.md", "glossary.md", "references.md", "about.md", "what-changed.md"):
        (tmp_path / name).write_text("# x\n")
    assert readability.chapter_sources(tmp_path) == ["checklist.md", "index.md", "risks.md"]
    assert readability.built_path(tmp_path, "index.md") == tmp_path / "index.html"
    assert readability.built_path(tmp_path, "risks.md") == tmp_path / "risks" / "index.html"


def test_textstat_works_without_network():
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\nsocket.getaddrinfo = refuse\n"
        "import textstat\n"
        "t = 'You may feel sleepy after the spray. Staff will watch you for two hours. Then you can go home.'\n"
        "print(textstat.flesch_kincaid_grade(t), textstat.smog_index(t), textstat.syllable_count('extraordinary'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    grade, smog, syllables = map(float, done.stdout.split())
    assert -5 < grade < 8 and smog > 0 and syllables >= 5


def test_cli_fails_on_a_hard_chapter(tmp_path, capsys):
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    (site / "hard").mkdir(parents=True)
    for name in ("index.md", "hard.md"):
        (docs / name).write_text("# x\n")
    easy = "<article class='md-content__inner'><p>You can ask the staff. They will help you. It is fine to ask.</p></article>"
    hard = (
        "<article class='md-content__inner'>"
        + "<p>Pharmacological characterisation of intravenous racemic ketamine administration demonstrates "
        "considerable heterogeneity regarding interindividual variability, necessitating individualised "
        "cardiovascular monitoring considerations throughout administration.</p>" * 3
        + "</article>"
    )
    (site / "index.html").write_text(easy)
    (site / "hard" / "index.html").write_text(hard)
    assert readability.main(["--site-dir", str(site), "--docs-dir", str(docs)]) == 1
    out = capsys.readouterr()
    assert "hard.md" in out.out and "FAIL" in out.out
    assert "hard.md: Flesch-Kincaid grade" in out.err and "hard.md: SMOG" in out.err

    (site / "hard" / "index.html").write_text(easy)
    assert readability.main(["--site-dir", str(site), "--docs-dir", str(docs)]) == 0
    assert "Readability gate passed." in capsys.readouterr().out


def test_fixture_chapters_are_measured_without_page_furniture(project):
    site = project("rules")
    result = build_project(site)
    assert result.ok, result.warnings
    scores, missing = readability.score_site(result.site, site / "docs")
    assert [s.page for s in scores] == ["index.md", "risks.md"] and missing == []
    text = readability.main_text((result.site / "risks" / "index.html").read_text(encoding="utf-8"))
    assert text.startswith("Risks.\nSome people feel sleepy.\nMood.\n")
    for furniture in ("Last reviewed", "If you need help now", "not medical advice", "Need help now", "[", "¶"):
        assert furniture not in text


@pytest.mark.slow
def test_real_handbook_chapters_pass_the_gate(handbook_site):
    chapters = readability.chapter_sources(ROOT / "docs")
    if not chapters:
        pytest.skip("no chapter pages in docs/ yet")
    scores, missing = readability.score_site(handbook_site.site, ROOT / "docs")
    assert missing == [], f"chapters missing from the built site (build error: {handbook_site.error})"
    assert readability.gate_failures(scores) == [], "\n" + readability.table(scores)

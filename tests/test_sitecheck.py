"""`python -m handbook check SITE_DIR`: the gates that read only built HTML, on any built site."""

from __future__ import annotations

import json
import shutil

import pytest

from handbook import sitecheck
from handbook.__main__ import main

pytestmark = pytest.mark.slow  # uses the real handbook's build


@pytest.fixture
def built(handbook_site, tmp_path):
    """A private copy of the real handbook's built site, to break by hand."""
    assert handbook_site.ok, handbook_site.warnings
    return shutil.copytree(handbook_site.site, tmp_path / "site")


def test_the_real_build_passes_every_gate_and_lists_every_step(built, capsys):
    assert main(["check", str(built)]) == 0
    assert "passes" in capsys.readouterr().out
    ran = json.loads((built / sitecheck.MANIFEST).read_text())["steps"]
    assert "safe_messaging" in ran and "page_markdown" in ran["safe_messaging"]


def test_a_page_without_its_disclaimer_fails_naming_the_page(built, capsys):
    page = built / "risks" / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('id="disclaimer"')
    start = html.rindex("<", 0, start)
    end = html.index("</div>", start) + len("</div>")  # the partial's disclaimer <div>
    page.write_text(html[:start] + html[end:], encoding="utf-8")
    assert main(["check", str(built)]) == 1
    err = capsys.readouterr().err
    assert "check_disclaimer: risks/index.html has no disclaimer" in err


def test_a_site_built_without_the_plugin_fails(built, capsys):
    (built / sitecheck.MANIFEST).unlink()
    assert main(["check", str(built)]) == 1
    assert "handbook-manifest.json: missing" in capsys.readouterr().err


def test_a_skipped_step_fails_naming_it(built, capsys):
    manifest = built / sitecheck.MANIFEST
    data = json.loads(manifest.read_text())
    del data["steps"]["safe_messaging"]
    manifest.write_text(json.dumps(data))
    assert main(["check", str(built)]) == 1
    assert "step safe_messaging did not run" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("page", "old", "new", "message"),
    [
        ("risks/index.html", 'class="hb-review"', 'class="x"', "risks/index.html: no review line"),
        ("trd/index.html", "<h2", "<h1", "trd/index.html: 2 H1 headings"),
        ("trd/index.html", "</h1>", "</h1><p>[@raw_key]</p>", "a citation was not rendered"),
        ("trd/index.html", 'http-equiv="Content-Security-Policy"', 'name="hb-csp"', "0 active Content-Security-Policy"),
        ("trd/index.html", "</h1>", '</h1><a href="#nowhere">x</a>', "a link to #nowhere"),
        ("trd/index.html", "</h1>", "</h1><iframe src=x></iframe>", "a <iframe> element"),
    ],
)
def test_each_gate_reports_its_fault(built, capsys, page, old, new, message):
    path = built / page
    html = path.read_text(encoding="utf-8")
    assert old in html
    path.write_text(html.replace(old, new, 1), encoding="utf-8")
    assert main(["check", str(built)]) == 1
    assert message in capsys.readouterr().err


def test_a_hidden_crisis_box_fails_naming_the_page(built, capsys):
    """check_notice_visibility on any built site: a notice inside a hiding element fails."""
    page = built / "risks" / "index.html"
    html = page.read_text(encoding="utf-8")
    at = html.rindex("<", 0, html.index('id="crisis-help"'))
    page.write_text(html[:at] + "<div hidden>" + html[at:], encoding="utf-8")
    assert main(["check", str(built)]) == 1
    err = capsys.readouterr().err
    assert "check_notice_visibility: risks/index.html: the #crisis-help notice is inside <div hidden>" in err

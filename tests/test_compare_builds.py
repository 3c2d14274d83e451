"""scripts/compare_builds.py: the ProperDocs job's comparison of two builds."""

from __future__ import annotations

import shutil

import pytest
from compare_builds import differences, main

pytestmark = pytest.mark.slow  # uses the real handbook's build


@pytest.fixture
def two_builds(handbook_site, tmp_path):
    assert handbook_site.ok, handbook_site.warnings
    return (shutil.copytree(handbook_site.site, tmp_path / "a"), shutil.copytree(handbook_site.site, tmp_path / "b"))


def test_the_same_build_twice_matches(two_builds):
    assert differences(*two_builds) == []
    assert main([str(p) for p in two_builds]) == 0


def test_a_missing_page_and_a_changed_sentence_are_reported(two_builds):
    a, b = two_builds
    (b / "glossary" / "index.html").unlink()
    risks = b / "risks" / "index.html"
    html = risks.read_text(encoding="utf-8")
    assert "Blood pressure" in html
    risks.write_text(html.replace("Blood pressure", "Bl00d pressure", 1), encoding="utf-8")
    found = differences(a, b)
    assert f"glossary/index.html: only in {a}" in found
    assert any(line.startswith("risks/index.html: main text differs") for line in found), found


def test_chrome_outside_the_content_is_not_compared(two_builds):
    a, b = two_builds
    page = b / "trd" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<footer>other engine</footer></body>"),
                    encoding="utf-8")
    assert differences(a, b) == []

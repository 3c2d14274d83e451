"""The real handbook: a strict build with zero warnings, and the safety notice everywhere."""

from __future__ import annotations

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def test_strict_build_has_zero_warnings(handbook_site):
    assert handbook_site.warnings == []
    assert handbook_site.ok, handbook_site.error


def test_every_built_page_has_disclaimer_and_crisis_help(handbook_site):
    pages = sorted(handbook_site.site.rglob("*.html"))
    names = {p.relative_to(handbook_site.site).as_posix() for p in pages}
    assert {"index.html", "404.html", "print_page/index.html"} <= names
    assert len(pages) >= 16
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('id="disclaimer"') == 1, page
        assert html.count('id="crisis-help"') == 1, page
        assert "116 123" in html and "988" in html, page


def test_every_docs_page_is_built(handbook_site):
    for md in (ROOT / "docs").glob("*.md"):
        built = "index.html" if md.stem == "index" else f"{md.stem}/index.html"
        assert (handbook_site.site / built).exists(), md.name


def test_every_page_opens_with_key_points():
    """Content rule: one H1, then (on chapters) the main message, then a "Key points" box
    before any section (hooks/main_message.py checks the main message itself)."""
    for md in sorted((ROOT / "docs").glob("*.md")):
        body = md.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        lines = [line for line in body.splitlines() if line.strip()]
        assert lines[0].startswith("# "), md.name
        if 'class="hb-main-message"' in lines[1]:
            lines.pop(1)
        assert lines[1] == '!!! abstract "Key points"', f"{md.name}: the first block after the H1 (and main message) must be the Key points box"

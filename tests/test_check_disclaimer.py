"""handbook/steps/check_disclaimer.py: disclaimer and crisis help on every page, 404 and paper."""

from __future__ import annotations

from conftest import ROOT, build_project

from handbook.steps.check_disclaimer import CONTENT_AREA, disclaimer_text, notice_problems

PARTIAL = (ROOT / "overrides" / "partials" / "safety-notice.html").read_text()
EXPECTED = disclaimer_text(PARTIAL)


def _page(inner: str) -> str:
    return f'<html><body><article class="md-content__inner">{inner}</article></body></html>'


def test_partial_holds_the_disclaimer():
    assert "not medical advice" in PARTIAL
    assert "does not replace" in EXPECTED


def test_complete_page_passes():
    assert notice_problems(_page(PARTIAL), EXPECTED, CONTENT_AREA) == []


def test_missing_disclaimer_is_named():
    html = _page('<div id="crisis-help">988 116 123 911 999</div>')
    assert notice_problems(html, EXPECTED, CONTENT_AREA) == ['has no disclaimer (id="disclaimer") inside `article.md-content__inner`']


def test_disclaimer_outside_content_area_does_not_count():
    html = f"<html><body><footer>{PARTIAL}</footer><article class=\"md-content__inner\"></article></body></html>"
    problems = notice_problems(html, EXPECTED, CONTENT_AREA)
    assert any("no disclaimer" in p for p in problems)
    assert any("no crisis-help box" in p for p in problems)


def test_altered_disclaimer_text_is_caught():
    html = _page(PARTIAL.replace("general information", "medical advice"))
    assert any("text differs" in p for p in notice_problems(html, EXPECTED, CONTENT_AREA))


def test_crisis_box_without_uk_number_is_caught():
    html = _page(PARTIAL.replace("116 123", "call us"))
    assert any("without 116 123" in p for p in notice_problems(html, EXPECTED, CONTENT_AREA))


def test_page_with_own_template_fails_build(project):
    site = project("minisite")
    (site / "overrides" / "bare.html").write_text('{% extends "base.html" %}\n{% block content %}{{ page.content }}{% endblock %}\n')
    risks = site / "docs" / "risks.md"
    risks.write_text("---\ntemplate: bare.html\n---\n" + risks.read_text())
    result = build_project(site)
    assert not result.ok  # the front-matter schema refuses `template` first (step check_front_matter) ...
    assert result.warned("risks.md:2", "has the key `template`")
    config = site / "mkdocs.yml"  # ... and without that step, this gate still catches the page
    config.write_text(config.read_text() + "\nplugins:\n  handbook:\n    skip: [check_front_matter]\n")
    result = build_project(site)
    assert not result.ok
    assert result.warned("risks.md", "has no disclaimer")
    assert result.warned("risks.md", "has no crisis-help box")
    assert not result.warned("index.md", "has no disclaimer")


def test_theme_override_dropping_notice_fails_on_pages_and_404(project):
    site = project("minisite")
    (site / "overrides" / "main.html").write_text('{% extends "base.html" %}\n')
    result = build_project(site)
    assert not result.ok
    for where in ("index.md", "risks.md"):
        assert result.warned(where, "has no disclaimer")
    # 404.html still includes the partial itself, so remove it there too:
    (site / "overrides" / "404.html").write_text('{% extends "main.html" %}\n{% block content %}<h1>404</h1>{% endblock %}\n')
    result = build_project(site)
    assert result.warned("404.html", "has no disclaimer")


def test_print_page_without_cover_fails(project):
    site = project("minisite")
    cfg = site / "mkdocs.base.yml"  # the real build configuration, copied into the fixture
    cfg.write_text(cfg.read_text().replace("add_cover_page: true", "add_cover_page: false"))
    result = build_project(site)
    assert not result.ok
    assert result.warned("print page", "no cover section")
    assert result.warned("print page", "has no `#print-site-cover-page`")


def test_built_pages_carry_notice_once(project):
    result = build_project(project("minisite"))
    assert result.ok, result.warnings
    for page in ("index.html", "risks/index.html", "404.html", "print_page/index.html"):
        html = (result.site / page).read_text()
        assert html.count('id="disclaimer"') == 1, page
        assert html.count('id="crisis-help"') == 1, page

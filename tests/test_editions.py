"""Editions and the contribution path: the edition in one place and on every page, the
"What changed" page, and the "Suggest a change" / "Report a problem" links."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from conftest import ROOT, build_project
from test_changelog import edition

from handbook import html as parser

REPO = "https://github.com/trd-handbook/fixture-handbook"


def _soup(path):
    return parser.document(path.read_text(encoding="utf-8"))


def _footer_edition(soup):
    node = soup.css_first("footer .hb-footer-edition")
    return parser.text(node) if node else None


@pytest.fixture(scope="module")
def editions_site(tmp_path_factory):
    from conftest import copy_project

    site = copy_project("editions", tmp_path_factory.mktemp("editions") / "editions")
    result = build_project(site)
    assert result.ok, result.warnings
    return result


# ---- Fixture site ----


def test_footer_shows_edition_with_links_on_every_page(editions_site):
    for page in ("index.html", "risks/index.html", "what-changed/index.html", "404.html"):
        soup = _soup(editions_site.site / page)
        assert _footer_edition(soup) == "Edition 2099.3 · What changed · About", page
        base = "https://example.org/handbook/" + page.removesuffix("index.html")
        links = [urljoin(base, a.attributes["href"]) for a in soup.css("footer .hb-footer-edition a")]
        assert links == ["https://example.org/handbook/what-changed/", "https://example.org/handbook/about/"], page


def test_what_changed_page_shows_changelog_entries_under_one_h1(editions_site):
    soup = _soup(editions_site.site / "what-changed" / "index.html")
    article = soup.css_first("article")
    assert [h.text(deep=True, strip=True).rstrip("¶") for h in article.css("h1")] == ["What changed"]
    assert "Edition 2099.3 (1 January 2099)" in article.text(deep=True)
    assert "A fixture page." in article.text(deep=True)
    assert "not shown on the site" not in article.text(deep=True)  # CHANGELOG's own preamble stays out


def test_page_has_worded_suggest_and_report_links(editions_site):
    soup = _soup(editions_site.site / "risks" / "index.html")
    nav = soup.css_first("footer nav.hb-feedback")
    assert nav is not None
    # In the footer, after the page: it is for people who improve the handbook (PEMAT-P item 2).
    assert soup.css_first("article .hb-feedback") is None
    links = {a.text(deep=True, strip=True): a.attributes["href"] for a in nav.css("a")}
    assert set(links) == {"Suggest a change", "Report a problem"}
    assert links["Suggest a change"] == f"{REPO}/edit/main/docs/risks.md"
    report = urlsplit(links["Report a problem"])
    assert (report.scheme, report.netloc, report.path) == ("https", "github.com", "/trd-handbook/fixture-handbook/issues/new")
    query = parse_qs(report.query)
    assert query["title"] == ["Problem on the page: Risks and side effects"]
    assert "File: docs/risks.md" in query["body"][0]
    assert "Page: https://example.org/handbook/risks/" in query["body"][0]
    assert "Edition: 2099.3" in query["body"][0]
    assert all(href.startswith("https://") for href in links.values())


def test_no_feedback_links_on_the_print_page(editions_site):
    assert "hb-feedback" not in (editions_site.site / "print_page" / "index.html").read_text()


def test_site_without_repository_or_edition_shows_neither(project):
    site = project("minisite")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace('extra:\n  edition: "9.9-test"\n', ""))
    result = build_project(site, strict=False)
    assert result.warned("has no `extra.edition`")  # a strict build stops here
    html = (result.site / "risks" / "index.html").read_text()
    assert "hb-feedback" not in html and "hb-footer-edition" not in html


# ---- The real handbook ----


def test_edition_is_set_in_one_place_only():
    value = edition()
    assert re.fullmatch(r"\d{4}\.\d+", value), "extra.edition looks like 2026.1"
    offenders = []
    # What readers see comes from these folders; hooks and scripts may mention it in docstrings.
    for folder in ("docs", "overrides", "includes"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".md", ".html", ".tpl", ".py", ".js", ".css", ".yml"}:
                if value in path.read_text(encoding="utf-8", errors="replace"):
                    offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == [], f"edition {value} typed outside mkdocs.yml/CHANGELOG.md: use config.extra.edition"


def test_real_config_has_https_edit_and_issue_links():
    text = (ROOT / "mkdocs.yml").read_text() + (ROOT / "mkdocs.base.yml").read_text()
    assert re.search(r"^repo_url: https://github\.com/trd-handbook/", text, re.M)
    assert re.search(r"^edit_uri: edit/main/docs/$", text, re.M)
    # The edit link is "Suggest a change" in the footer, in words, not a pencil on every article.
    assert "- content.action.edit" not in text
    assert not re.search(r"^\s*analytics:", text, re.M), "feedback must work without analytics"


@pytest.mark.slow
def test_real_handbook_shows_the_edition(handbook_site):
    value = edition()
    site = handbook_site.site
    pages = [p for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("print_page/")]
    for page in pages:
        assert _footer_edition(_soup(page)).startswith(f"Edition {value} · What changed"), page
    # The review block under each H1 (handbook/steps/review_dates.py) names the edition too.
    review = _soup(site / "risks" / "index.html").css_first("article .hb-review")
    assert review is not None and f"Edition {value}" in review.text(deep=True)


@pytest.mark.slow
def test_real_handbook_has_what_changed_page(handbook_site):
    soup = _soup(handbook_site.site / "what-changed" / "index.html")
    article = soup.css_first("article")
    assert len(article.css("h1")) == 1
    assert f"Edition {edition()} (" in article.text(deep=True)
    nav = [a.text(deep=True, strip=True) for a in soup.css("nav.md-nav--primary a.md-nav__link")]
    assert nav.index("What changed") == nav.index("About this handbook") + 1


@pytest.mark.slow
def test_real_handbook_edition_on_pdf_cover_and_checklist(handbook_site):
    value = edition()
    cover = _soup(handbook_site.site / "print_page" / "index.html").css_first("#print-site-cover-page")
    assert cover is not None and f"Edition {value}" in cover.text(deep=True, separator=" ")
    checklist = _soup(handbook_site.site / "checklist" / "index.html").css_first("article")
    assert f"Edition {value}" in checklist.text(deep=True, separator=" ")


@pytest.mark.slow
def test_real_handbook_pages_have_feedback_links(handbook_site):
    for page in ("index.html", "risks/index.html", "checklist/index.html"):
        nav = _soup(handbook_site.site / page).css_first("footer nav.hb-feedback")
        assert nav is not None, page
        hrefs = {a.text(deep=True, strip=True): a.attributes["href"] for a in nav.css("a")}
        assert hrefs["Suggest a change"].startswith("https://github.com/trd-handbook/ketamine-handbook/edit/main/docs/")
        assert hrefs["Report a problem"].startswith("https://github.com/trd-handbook/ketamine-handbook/issues/new?title=")

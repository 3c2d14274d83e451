"""handbook/steps/check_links.py: the links MkDocs does not validate, and unsafe URLs."""

from __future__ import annotations

import pytest
from conftest import FRONT_MATTER_LINES, build_project

from handbook.htmlscan import scan_html
from handbook.steps.check_links import check_link


def _append(project, page: str, text: str) -> None:
    path = project / "docs" / page
    path.write_text(path.read_text() + "\n" + text + "\n")


def test_fixture_builds_clean(project):
    result = build_project(project("minisite"))
    assert result.ok, result.warnings
    assert result.warnings == []


def test_broken_markdown_link_fails_naming_page(project):
    site = project("minisite")
    _append(site, "index.md", "[x](missing.md)")
    result = build_project(site)
    assert not result.ok
    assert result.warned("index.md", "missing.md")


def test_broken_markdown_anchor_fails_naming_page(project):
    site = project("minisite")
    _append(site, "index.md", "[x](risks.md#nope)")
    result = build_project(site)
    assert not result.ok
    assert result.warned("index.md", "#nope")


def test_broken_anchor_in_raw_html_fails_naming_page_and_line(project):
    site = project("minisite")
    _append(site, "risks.md", '<a href="#nope">jump</a>')
    result = build_project(site)
    assert not result.ok
    assert result.warned(f"risks.md line {7 + FRONT_MATTER_LINES}", "#nope", "no element with that id")


def test_broken_page_link_in_raw_html_fails(project):
    site = project("minisite")
    _append(site, "index.md", '<a href="../no-such-page/">gone</a>')
    result = build_project(site)
    assert not result.ok
    assert result.warned(f"index.md line {5 + FRONT_MATTER_LINES}", "no-such-page")


def test_link_broken_only_on_print_page_fails(project):
    # On the page the link works; print-site renames the href to #risks-box but keeps the
    # div's id, so only the print page is broken.
    site = project("minisite")
    _append(site, "risks.md", '<div id="box">A box</div>\n\n<a href="#box">to the box</a>')
    result = build_project(site)
    assert not result.ok
    assert result.warned("print page", "#risks-box")
    assert not result.warned("risks.md line", "#box")


def test_http_link_fails_naming_page(project):
    site = project("minisite")
    _append(site, "index.md", "[a journal](http://example.org/paper)")
    result = build_project(site)
    assert not result.ok
    assert result.warned(f"index.md line {5 + FRONT_MATTER_LINES}", "insecure http://")


def test_broken_link_in_template_fails(project):
    site = project("minisite")
    main = site / "overrides" / "main.html"
    main.write_text(main.read_text().replace("{% block announce %}", '{% block announce %}<a href="../../gone.html">x</a>'))
    result = build_project(site)
    assert not result.ok
    assert result.warned("from a template or hook", "gone.html")


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("javascript:alert(1)", "`javascript:` URL"),
        ("data:text/html,hi", "`data:` URL"),
        ("http://example.org/", "insecure http://"),
        ("//cdn.example.org/x.js", "protocol-relative"),
        ("/elsewhere/page/", "outside the site's path"),
        ("", "empty link"),
    ],
)
def test_unsafe_urls_are_named(url, fragment):
    message = check_link("a/index.html", url, {}, {"a/index.html"}, "/handbook/")
    assert message and fragment in message


@pytest.mark.parametrize(
    "url",
    ["https://doi.org/10.1056/NEJMoa2302399", "tel:988", "mailto:x@example.org", "../b/", "../b/#part", "#top", "other.md"],
)
def test_good_urls_pass(url):
    scans = {"a/index.html": scan_html('<h2 id="top">x</h2>'), "b/index.html": scan_html('<p id="part">y</p>')}
    files = {"a/index.html", "b/index.html"}
    assert check_link("a/index.html", url, scans, files) is None


def test_root_absolute_links_resolve_against_site_path():
    files = {"index.html", "risks/index.html"}
    scans = {name: scan_html("") for name in files}
    assert check_link("404.html", "/handbook/risks/", scans, files, "/handbook/") is None
    assert "no risks2" in check_link("404.html", "/handbook/risks2/", scans, files, "/handbook/")


def test_links_to_the_sites_own_url_are_checked_inside_the_site():
    files = {"index.html", "risks/index.html"}
    scans = {name: scan_html("") for name in files}
    served = "http://127.0.0.1:8000/handbook/"  # what `mkdocs serve` sets site_url to
    assert check_link("risks/index.html", "http://127.0.0.1:8000/handbook/risks/", scans, files, served) is None
    assert "no gone" in check_link("index.html", "https://example.org/handbook/gone/", scans, files, "https://example.org/handbook/")
    assert "insecure http://" in check_link("index.html", "http://example.org/handbook/", scans, files, served)

"""handbook/steps/check_content_safety.py: no code, no third-party files, and trusted links only."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import FRONT_MATTER, FRONT_MATTER_LINES, ROOT, build_project

from handbook.steps.check_content_safety import (
    Finding,
    css_findings,
    from_other_host,
    html_findings,
    is_trusted,
    load_allowlist,
    locate,
    own_site,
    snippet_paths,
    static_file_findings,
)

ALLOWLIST = load_allowlist((ROOT / "data" / "trusted-domains.yml").read_text())
GATE = "Content-safety gate"

# The fixture's risks.md, with the construct under test on line 7.
PAGE = FRONT_MATTER + "# Risks\n\n## Blood pressure\n\nBlood pressure goes up for a few hours.\n\n{construct}\n"
LINE = f"docs/risks.md:{7 + FRONT_MATTER_LINES}"

# Each forbidden construct, as a contributor might write it, and what the message must say.
FORBIDDEN = {
    "script": ('<script>alert("hi")</script>', "<script> element"),
    "script-src": ('<script src="https://cdn.example.com/x.js"></script>', "<script> element"),
    "iframe": ('<iframe src="https://www.youtube.com/embed/abc"></iframe>', "<iframe> element"),
    "object": ('<object data="movie.swf" type="application/x-shockwave-flash"></object>', "<object> element"),
    "embed": ('<embed src="movie.swf">', "<embed> element"),
    "form": ('<form action="https://example.com/collect"><input name="mood"></form>', "<form> element"),
    "style-block": ("<style>#disclaimer { display: none }</style>", "<style> element"),
    "meta-refresh": ('<meta http-equiv="refresh" content="0; url=https://example.com/">', "<meta> element"),
    "event-handler": ('<p onmouseover="steal()">Hover here</p>', "`onmouseover=`"),
    "event-handler-img": ('<img src="chart.png" alt="Chart" onerror="steal()">', "`onerror=`"),
    "event-handler-attr-list": ('[Start here](index.md){ onclick="steal()" }', "`onclick=`"),
    "javascript-markdown-link": ("[Click here](javascript:alert(1))", "`javascript:` URL"),
    "javascript-raw-link": ('<a href="JavaScript:alert(1)">Click here</a>', "`javascript:` URL"),
    "css-url-other-host": ('<span style="background: url(https://tracker.example.com/p.gif)">Hi</span>',
                           "CSS that loads https://tracker.example.com/p.gif"),
    "markdown-image-other-host": ("![A chart](https://images.example.com/chart.png)",
                                  "<img src> loads https://images.example.com/chart.png"),
    "img-other-host": ('<img src="https://images.example.com/a.png" alt="A">', "<img src> loads"),
    "img-srcset-other-host": ('<img src="a.png" srcset="a.png 1x, https://images.example.com/a2.png 2x" alt="A">',
                              "<img srcset> loads https://images.example.com/a2.png"),
    "video-other-host": ('<video src="https://media.example.com/v.mp4" controls></video>', "<video src> loads"),
    "video-poster-other-host": ('<video poster="https://media.example.com/p.jpg" controls></video>', "<video poster> loads"),
    "audio-other-host": ('<audio src="https://media.example.com/a.mp3" controls></audio>', "<audio src> loads"),
    "source-other-host": ('<video controls><source src="https://media.example.com/v.webm" type="video/webm"></video>',
                          "<source src> loads"),
    "protocol-relative-image": ('<img src="//images.example.com/a.png" alt="A">', "<img src> loads //images.example.com"),
}


def _write_page(site: Path, construct: str) -> None:
    (site / "docs" / "risks.md").write_text(PAGE.format(construct=construct))


def _skip(site: Path, *steps: str) -> None:
    """Build `site` without `steps` (the plugin's `skip`): to show a later gate catching what
    an earlier one would have stopped."""
    config = site / "mkdocs.yml"
    config.write_text(config.read_text() + f"\nplugins:\n  handbook:\n    skip: [{', '.join(steps)}]\n")


def _unsafe(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.unsafe]


# ---- Whole builds: each construct fails the build, naming page and line ----


@pytest.mark.parametrize("construct, fragment", FORBIDDEN.values(), ids=FORBIDDEN.keys())
def test_forbidden_construct_fails_build_naming_page_and_line(project, construct, fragment):
    site = project("contentsafety")
    _write_page(site, construct)
    result = build_project(site)
    assert not result.ok
    assert result.warned(LINE, fragment), result.warnings
    assert result.warned(GATE)
    assert not result.warned("docs/index.md")


def test_fixture_builds_clean(project):
    result = build_project(project("contentsafety"))
    assert result.ok, result.warnings
    assert result.warnings == []


def test_unsafe_construct_fails_even_without_strict(project):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    site = project("contentsafety")
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text() + "strict: false\n")
    _write_page(site, FORBIDDEN["script"][0])
    cfg = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"), strict=False)
    with pytest.raises(Abort):
        build(cfg)
    assert not (site / "site" / "risks" / "index.html").exists()  # nothing unsafe was written


def test_code_shown_as_code_is_safe(project):
    site = project("contentsafety")
    _write_page(site, "Never paste `<script>` into a page.\n\n```html\n<script>alert(1)</script>\n"
                      '<iframe src="https://example.com/"></iframe>\n```')
    result = build_project(site)
    assert result.ok, result.warnings


def test_repeated_construct_names_each_line(project):
    site = project("contentsafety")
    _write_page(site, '<iframe src="a.html"></iframe>\n\nText.\n\n<iframe src="b.html"></iframe>')
    result = build_project(site)
    assert result.warned(f"docs/risks.md:{7 + FRONT_MATTER_LINES}", "<iframe>")
    assert result.warned(f"docs/risks.md:{11 + FRONT_MATTER_LINES}", "<iframe>")


def test_construct_in_a_snippet_names_the_included_file(project):
    site = project("contentsafety")
    (site / "includes" / "bad-snippet.md").write_text("Hello.\n\n<script>alert(1)</script>\n")
    _write_page(site, '--8<-- "bad-snippet.md"')  # snippets come from includes/ (mkdocs.base.yml)
    result = build_project(site)
    assert not result.ok
    assert result.warned("includes/bad-snippet.md:3", "(included in docs/risks.md)", "<script>")


def test_off_list_domain_warns_naming_the_link(project):
    site = project("contentsafety")
    _write_page(site, "Read [this blog](https://random-blog.example.com/post).")
    result = build_project(site)
    assert not result.ok  # strict: a warning fails the build
    assert result.warned(LINE, "a link to https://random-blog.example.com/post",
                         "random-blog.example.com is not in data/trusted-domains.yml")
    assert not result.warned(GATE)  # a warning, not an unsafe construct


def test_trusted_links_and_own_images_pass(project):
    site = project("contentsafety")
    (site / "docs" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    _write_page(site, "See [the trial](https://doi.org/10.1176/appi.ajp.2013.13030392), "
                      "[the label](https://www.accessdata.fda.gov/drugsatfda_docs/label/2025/x.pdf), "
                      "[NICE](https://www.nice.org.uk/guidance/ta854) and "
                      "[our repository](https://github.com/trd-handbook/ketamine-handbook).\n\n"
                      "![A chart](chart.png)")
    result = build_project(site)
    assert result.ok, result.warnings


@pytest.mark.parametrize("name, text, fragment", [
    ("docs/extra.css", "body { color: black; }\n@font-face { src: url('https://fonts.example.com/f.woff2'); }\n",
     "docs/extra.css:2"),
    ("docs/assets/stylesheets/fonts.css", '@import "https://fonts.example.com/css";\n',
     "docs/assets/stylesheets/fonts.css:1"),
    ("docs/widget.html", "<div>\n<script>alert(1)</script>\n</div>\n", "docs/widget.html:2"),
    ("docs/diagram.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<circle onclick="x()" r="4"/>\n</svg>\n',
     "docs/diagram.svg:2"),
    ("docs/tracker.js", "fetch('https://example.com/');\n", "docs/tracker.js:1"),
])
def test_unsafe_static_file_fails_build(project, name, text, fragment):
    # check_files refuses .html anywhere and .css outside docs/assets/stylesheets/ before this
    # gate runs (tests/test_security_cases.py); skipped here to show this gate's own scan.
    site = project("contentsafety")
    _skip(site, "check_files")
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text(text)
    result = build_project(site)
    assert not result.ok
    assert result.warned(fragment), result.warnings


def test_theme_code_under_assets_may_use_scripts(project):
    site = project("contentsafety")
    scripts = site / "docs" / "assets" / "javascripts"
    scripts.mkdir(parents=True, exist_ok=True)  # the real docs/assets are copied in too
    (scripts / "checklist.js").write_text("document.querySelectorAll('input');\n")
    result = build_project(site)
    assert result.ok, result.warnings
    # Theme code may hold <script> as far as this gate is concerned ...
    assert html_findings("<script>console.log(1)</script>", ALLOWLIST, theme_code=True) == []
    # ... but no HTML file is published from docs/, not even under assets/ (step check_files),
    # and an inline script the project did not write would not pass the CSP (step csp).
    (site / "docs" / "assets" / "demo.html").write_text("<script>console.log(1)</script>\n")
    result = build_project(site)
    assert not result.ok and result.warned("docs/assets/demo.html:1", "`.html`"), result.warnings


# ---- Pure functions ----


def test_allowlist_file_is_valid_and_has_the_core_sources():
    for domain in ("doi.org", "ncbi.nlm.nih.gov", "fda.gov", "nice.org.uk", "nhs.uk",
                   "988lifeline.org", "samaritans.org", "clinicaltrials.gov", "github.com/trd-handbook"):
        assert domain in ALLOWLIST


@pytest.mark.parametrize("text", ["", "trusted: []", "trusted: [https://doi.org]", "trusted: [doi.org/]",
                                  "trusted: [3]", "- doi.org"])
def test_bad_allowlist_is_rejected(text):
    with pytest.raises(ValueError):
        load_allowlist(text)


@pytest.mark.parametrize("url", [
    "https://doi.org/10.1001/x", "https://pubmed.ncbi.nlm.nih.gov/123/", "https://pmc.ncbi.nlm.nih.gov/articles/PMC1/",
    "https://www.accessdata.fda.gov/x", "https://WWW.NICE.ORG.UK/guidance", "https://111.nhs.uk/",
    "https://github.com/trd-handbook", "https://github.com/trd-handbook/ketamine-handbook/issues/new?title=a",
    "https://GitHub.com/TRD-Handbook/ketamine-handbook",
])
def test_trusted_urls(url):
    assert is_trusted(url, ALLOWLIST)


@pytest.mark.parametrize("url", [
    "https://example.com/", "https://doi.org.evil.example/x", "https://evildoi.org/x",
    "https://github.com/someone-else/repo", "https://github.com/trd-handbook-fake/repo",
    "https://gist.github.com/trd-handbook/abc", "https://fda.gov.example.net/",
])
def test_untrusted_urls(url):
    assert not is_trusted(url, ALLOWLIST)


def test_own_site_is_trusted_only_under_its_path():
    allow = own_site("https://trd-handbook.github.io/ketamine-handbook/")
    assert is_trusted("https://trd-handbook.github.io/ketamine-handbook/risks/", allow)
    assert not is_trusted("https://trd-handbook.github.io/other-site/", allow)
    assert own_site(None) == []


def test_from_other_host():
    assert from_other_host("https://cdn.example.com/a.png")
    assert from_other_host("//cdn.example.com/a.png")
    assert not from_other_host("assets/images/a.png")
    assert not from_other_host("/handbook/a.png")
    assert not from_other_host("https://example.org/handbook/a.png", own_host="example.org")


def test_encoded_javascript_url_is_caught():
    findings = html_findings('<a href="&#106;ava\tscript:alert(1)">x</a>', ALLOWLIST)
    assert [f.message.split(" (")[0] for f in findings] == ["a `javascript:` URL"]


def test_escaped_html_is_text_not_markup():
    assert html_findings("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", ALLOWLIST) == []


def test_safe_page_html_has_no_findings():
    html = ('<h1 id="risks">Risks</h1><p><a href="../evidence/#x">see</a> '
            '<a href="https://doi.org/10.1/x">trial</a> <a href="tel:988">988</a></p>'
            '<p><img alt="Chart" src="../assets/images/chart.png"></p>'
            '<ul class="task-list"><li><input type="checkbox" disabled> Ask</li></ul>'
            '<span class="hb-warn">red</span>')
    assert html_findings(html, ALLOWLIST, "example.org") == []


def test_style_attribute_in_content_is_unsafe():
    # The CSP blocks style attributes (no 'unsafe-hashes'); the build says so at the source.
    (finding,) = html_findings('<span style="color: #b71c1c">red</span>', ALLOWLIST, "example.org")
    assert finding.unsafe and "style attribute" in finding.message


def test_untrusted_link_is_a_warning_not_an_error():
    (finding,) = html_findings('<a href="https://random.example.com/">x</a>', ALLOWLIST)
    assert not finding.unsafe
    assert "https://random.example.com/" in finding.message


def test_css_findings_give_lines():
    css = "a { color: red }\n\n.x { background: url(\"https://t.example.com/p.gif\") }\n.y { background: url(img/ok.png) }\n"
    (finding,) = css_findings(css)
    assert finding.line == 3 and finding.unsafe


def test_theme_code_may_script_but_not_load_from_other_hosts(tmp_path):
    page = tmp_path / "demo.html"
    page.write_text('<script src="checklist.js"></script>\n<img src="https://cdn.example.com/a.png" alt="">\n'
                    '<link rel="stylesheet" href="https://fonts.example.com/css">\n')
    assert [f.line for f in static_file_findings("assets/demo.html", page, ALLOWLIST)] == [2, 3]
    assert len(_unsafe(static_file_findings("demo.html", page, ALLOWLIST))) == 4
    assert static_file_findings("assets/javascripts/checklist.js", page, ALLOWLIST) == []


def test_snippet_paths():
    md = ('Intro\n--8<-- "includes/crisis-inline.md"\n  --8<-- \'CHANGELOG.md:entries\'\n'
          '--8<--\nincludes/a.md\nincludes/b.md:3:5\n--8<--\n;--8<-- "escaped.md"\n')
    assert snippet_paths(md) == ["includes/crisis-inline.md", "CHANGELOG.md", "includes/a.md", "includes/b.md"]


def test_locate_prefers_page_and_counts_repeats():
    sources = [("docs/risks.md", "", ["# Risks", "<iframe>", "", "<IFRAME>"]),
               ("includes/x.md", " (included in docs/risks.md)", ["<script>"])]
    finding = Finding(True, "m", (r"<iframe\b",))
    used = Counter()
    assert locate(finding, sources, used) == "docs/risks.md:2"
    assert locate(finding, sources, used) == "docs/risks.md:4"
    assert locate(Finding(True, "m", (r"<script\b",)), sources, used) == "includes/x.md:1 (included in docs/risks.md)"
    assert "line not found" in locate(Finding(True, "m", (r"<embed\b",)), sources, used)


# ---- The real handbook ----


@pytest.mark.slow
def test_real_handbook_passes_the_gate(handbook_site):
    # The gate ran on every file and page (the build manifest says so), and found nothing.
    # (This used to filter warnings by a logger name that no message carried.)
    assert handbook_site.ok and handbook_site.warnings == [], handbook_site.warnings
    ran = json.loads((handbook_site.site / "handbook-manifest.json").read_text(encoding="utf-8"))["steps"]
    assert {"files", "page_content", "env"} <= set(ran["check_content_safety"])

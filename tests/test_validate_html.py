"""The HTML the project writes validates (W3C Nu checker, tools/nu/validate.py; issue 10).

The filter is tested on the messages it exists to separate; the real site is checked when Java
and vnu.jar are installed (`make validate-html` installs vnu.jar), and skipped otherwise.
"""

from __future__ import annotations

import os
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools" / "nu"))
import validate

AUTOCOMPLETE = ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
                "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
                "“tel”, “text”, “time”, “url”, or “week”.")


def _message(text: str, extract: str, line: int = 3, column: int = 10) -> dict:
    return {"type": "error", "message": text, "extract": extract, "lastLine": line, "lastColumn": column}


def test_the_themes_own_markup_is_left_to_it():
    drawer = _message(AUTOCOMPLETE, '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">')
    toc = _message("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
                   '    <label class="md-nav__title" for="__toc">\n')
    section = _message("Attribute “heading-number” not allowed on element “section” at this point.",
                       '</section><section class="print-page" id="risks" heading-number="8"><h1 id')
    source = "a\nb\n" + "</div><style>.print-site-enumerate-headings #index > h1:before { content: '1 ' }</style>"
    style = _message("A “style” element in “body” must be the first child of its parent.",
                     "ion></div><style>.print", line=3, column=13)
    owners = [validate.classify("print_page/index.html", m, source).owner for m in (drawer, toc, section, style)]
    assert owners == ["Material", "Material", "print-site", "print-site"]


def test_the_same_messages_about_our_own_markup_are_errors():
    radio = _message(AUTOCOMPLETE, '<label class="hb-choice"><input type="radio" name="sure.1" value="yes" data-hb-d="sure.1" autocomplete="off">')
    label = _message("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
                     '<label for="cl-consent" class="hb-check__label">')
    style = _message("A “style” element in “body” must be the first child of its parent.", "<p>x</p><style>.hb", line=1, column=15)
    errors = [validate.classify("checklist/index.html", m, "<p>x</p><style>.hb-x { color: red }</style>") for m in (radio, label, style)]
    assert [e.owner for e in errors] == ["", "", ""]
    assert errors[0].file == "checklist/index.html" and errors[0].line == 3


@pytest.mark.slow
def test_the_built_handbook_has_no_error_in_our_own_markup(handbook_site):
    missing = validate.missing_tools()
    if missing:
        # `make test` installs vnu.jar and CI installs Java, so there a missing checker is a failure.
        if os.environ.get("CI"):
            pytest.fail(f"W3C Nu checker not available in CI: {missing} (make test installs vnu.jar; .ci/run installs Java)")
        pytest.skip(f"W3C Nu checker not available: {missing}")
    assert handbook_site.ok, handbook_site.error
    errors = validate.run_vnu(handbook_site.site)
    ours = [f"{e.file}:{e.line}: {e.message} {' '.join(e.extract.split())[:120]}" for e in errors if not e.owner]
    assert ours == [], f"{len(ours)} Nu checker error(s) in the project's own markup:\n" + "\n".join(ours[:20])

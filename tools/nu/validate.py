"""Validate the built site with the W3C Nu HTML checker (npm `vnu-jar`), reporting only the
errors in markup the project writes.

    python tools/nu/validate.py SITE_DIR        # `make validate-html` installs vnu.jar first

The checker (Java 17+) reads every .html file under SITE_DIR and reports errors (not warnings).
Errors in markup that mkdocs-material or mkdocs-print-site-plugin write themselves are
listed as "left to the theme or plugin" and do not fail the run: the project cannot change
them without forking those templates. Each is matched by its message AND by the markup it
quotes, so the same message about the project's own markup still fails:

- Material: `autocomplete` on its hidden `data-md-toggle` checkboxes (drawer, search), and on
  the print page the table-of-contents `<label for="__toc">` whose checkbox Material only writes
  in the navigation of a normal page (templates/partials/toc.html).
- print-site: the `heading-number` attribute on each chapter `<section>` of the print page,
  and the `<style>` with its heading numbers that it appends in the page body (renderer.py).

Exit status: 0 when the project's own markup has no error, 1 otherwise (each error printed
with file, line and message), 2 when Java or vnu.jar is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
VNU_JAR = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: (who writes it, message pattern, pattern the quoted markup must match)
THIRD_PARTY = (
    ("Material", r"^Attribute “autocomplete” is only allowed when the input type is", r'data-md-toggle="(drawer|search)"'),
    ("Material", r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     r'<label class="md-nav__title" for="__toc">'),
    ("print-site", r"^Attribute “heading-number” not allowed on element “section”", r'<section class="print-page" id="[^"]*" heading-number="\d+">'),
    ("print-site", r"^A “style” element in “body” must be the first child of its parent", r"<style>\.print-site-enumerate-headings "),
)


@dataclass(frozen=True)
class Error:
    file: str
    line: int
    message: str
    extract: str
    owner: str = ""  # "" = the project's own markup


def classify(file: str, message: dict, source: str = "") -> Error:
    """One vnu JSON message as an Error, with the theme or plugin that wrote it, if any.
    The markup is the checker's extract plus what follows the reported position in `source`
    (the extract is cut short: print-site's `<style>` shows only as "<style>.print")."""
    text, extract = message.get("message", ""), message.get("extract", "")
    line, column = int(message.get("lastLine") or message.get("firstLine") or 0), int(message.get("lastColumn") or 0)
    markup = extract
    if source and line:
        lines = source.split("\n")
        if line <= len(lines):
            start = max(0, column - 1 - len("<style>"))
            markup += "\n" + lines[line - 1][start:start + 200]
    owner = next((who for who, msg, pattern in THIRD_PARTY if re.search(msg, text) and re.search(pattern, markup)), "")
    return Error(file, line, text, extract, owner)


def run_vnu(site: Path, java: str = "java", jar: Path = VNU_JAR) -> list[Error]:
    """Errors (not warnings) the checker finds in every HTML file under `site`."""
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", "--stdout", "--exit-zero-always",
         "--skip-non-html", str(site)],
        capture_output=True, text=True, check=True,
    )
    data = json.loads(result.stdout or "{\"messages\": []}")
    errors = []
    for message in data.get("messages", []):
        if message.get("type") != "error":
            continue
        url = message.get("url", "")
        path = url.removeprefix("file:")
        try:
            file = Path(path).resolve().relative_to(site.resolve()).as_posix()
        except ValueError:
            file = path
        source = Path(path).read_text(encoding="utf-8") if Path(path).is_file() else ""
        errors.append(classify(file, message, source))
    return errors


def missing_tools(java: str = "java", jar: Path = VNU_JAR) -> str | None:
    if shutil.which(java) is None:
        return "Java (17 or later) is not installed: `apt-get install default-jre-headless`"
    if not jar.exists():
        return f"vnu.jar is not installed: run `make validate-html` (npm ci in {HERE.name}/)"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path, help="the built site (e.g. site/)")
    args = ap.parse_args(argv)
    problem = missing_tools()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    errors = run_vnu(args.site)
    ours = [e for e in errors if not e.owner]
    theirs = len(errors) - len(ours)
    for error in ours:
        print(f"{error.file}:{error.line}: {error.message}\n    {' '.join(error.extract.split())[:160]}")
    print(f"Nu HTML checker: {len(ours)} error(s) in the project's own markup; "
          f"{theirs} left to the theme or plugin (Material, print-site; see tools/nu/validate.py).")
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main())

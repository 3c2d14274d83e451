"""Compare two builds of the handbook: the same pages, and the same main text on each.

    python scripts/compare_builds.py SITE_A SITE_B

Used by CI to prove the handbook builds the same with ProperDocs (the maintained MkDocs 1.6
fork) as with MkDocs (`make properdocs-compare`), the first step off Material 9 and MkDocs
(notes/MIGRATION.md). A page's main text is the text of its content area (the print page:
of each chapter section), white space collapsed; theme chrome around it may differ. Exit 1
with one line per difference.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from handbook import html as parser
from handbook.selectors import CONTENT_AREA, PRINT_PAGE_DIR, PRINT_SECTION


def main_texts(site: Path) -> dict[str, str]:
    """Built page (posix path) -> its main text."""
    texts = {}
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        tree = parser.document(path.read_text(encoding="utf-8", errors="replace"))
        areas = tree.css(PRINT_SECTION) if page.startswith(PRINT_PAGE_DIR) else tree.css(CONTENT_AREA)
        texts[page] = "\n".join(parser.text(area) for area in areas)
    return texts


def differences(a: Path, b: Path) -> list[str]:
    """What differs between the builds at `a` and `b`; empty if they match."""
    first, second = main_texts(a), main_texts(b)
    problems = [f"{page}: only in {a}" for page in sorted(first.keys() - second.keys())]
    problems += [f"{page}: only in {b}" for page in sorted(second.keys() - first.keys())]
    for page in sorted(first.keys() & second.keys()):
        if first[page] != second[page]:
            left, right = first[page].split(". "), second[page].split(". ")
            diff = [line for line in difflib.unified_diff(left, right, lineterm="", n=0) if line[:1] in "+-"][2:4]
            problems.append(f"{page}: main text differs: {' | '.join(d[:120] for d in diff)}")
    if not first:
        problems.append(f"{a}: no HTML pages")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("site_a", type=Path)
    args.add_argument("site_b", type=Path)
    ns = args.parse_args(argv)
    problems = differences(ns.site_a, ns.site_b)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{ns.site_a} and {ns.site_b}: same {len(main_texts(ns.site_a))} pages, same main text")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

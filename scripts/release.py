#!/usr/bin/env python3
"""Releasing an edition: the tag, mkdocs.yml `extra.edition` and CHANGELOG.md must agree.

An edition is released by pushing the tag `edition-YYYY.N`; .github/workflows/release.yml
then builds the site and the PDFs and publishes a GitHub release whose notes are that
edition's CHANGELOG.md section and whose assets are the PDFs, named with the edition
(`ketamine-handbook-edition-2026.2.pdf`), so a clinic can always fetch the packet a patient
was given ("What changed" links each edition's release: handbook/steps/release_links.py).

    python scripts/release.py check [--tag edition-2026.2]   # make release-check [TAG=...]
    python scripts/release.py notes                           # the CHANGELOG section, for gh
    python scripts/release.py assets --site-dir site --out dist

`check` fails (exit 1), saying how to fix it, when `extra.edition` is not YYYY.N, when
CHANGELOG.md has no "## Edition YYYY.N (date)" section with text in it, or when the tag
(TAG, else $GITHUB_REF_NAME when it starts with "edition-") is not `edition-` + the edition.
The edition is only ever read from mkdocs.yml.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path, PurePosixPath

import yaml

ROOT = Path(__file__).resolve().parents[1]
TAG_PREFIX = "edition-"
_EDITION_RE = re.compile(r"^\d{4}\.\d+$")
_END_MARK = "[end:entries]"


def read_config(path: Path) -> dict:
    """mkdocs.yml as data; MkDocs' own tags (`!relative`, `!ENV`) read as None."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}


def edition_of(config: dict) -> str:
    return str(((config.get("extra") or {}).get("edition")) or "").strip()


def changelog_section(changelog: str, edition: str) -> str | None:
    """The text under `## Edition <edition> (...)` up to the next `## ` heading (or the end of
    the entries shown on the site); None if there is no such heading."""
    lines = changelog.splitlines()
    heading = re.compile(rf"^##\s+Edition\s+{re.escape(edition)}(?:\s|\(|$)")
    for start, line in enumerate(lines):
        if heading.match(line):
            body = []
            for line in lines[start + 1:]:
                if line.startswith("## ") or _END_MARK in line:
                    break
                body.append(line)
            return "\n".join(body).strip() + "\n"
    return None


def release_problems(edition: str, changelog: str, tag: str | None = None) -> list[str]:
    """Why this edition cannot be released as `tag`; empty if it can."""
    if not _EDITION_RE.match(edition):
        return [f"mkdocs.yml extra.edition is {edition!r}; write it as YYYY.N, e.g. \"2026.2\"."]
    problems = []
    section = changelog_section(changelog, edition)
    if section is None:
        problems.append(
            f"CHANGELOG.md has no section for edition {edition}. Fix: rename \"## Unreleased\" to "
            f"\"## Edition {edition} (day month year)\" and add a new empty \"## Unreleased\" above it "
            "(CONTRIBUTING.md, \"Say what changed\")."
        )
    elif not section.strip():
        problems.append(f"CHANGELOG.md's section for edition {edition} is empty. Say what changed for readers.")
    if tag is not None and tag != TAG_PREFIX + edition:
        problems.append(
            f"tag {tag!r} does not match mkdocs.yml extra.edition {edition!r}: the tag must be "
            f"'{TAG_PREFIX}{edition}'. Fix the tag, or set extra.edition to the edition you mean to release."
        )
    return problems


def asset_names(outputs: dict, edition: str) -> dict[str, str]:
    """`{path in the site: release asset name}` for each generated PDF, the edition in the name:
    pdf/ketamine-handbook.pdf -> ketamine-handbook-edition-2026.2.pdf."""
    names = {}
    for path in (outputs or {}).values():
        path = str(path)
        if path.endswith(".pdf"):
            stem = PurePosixPath(path).stem
            names[path] = f"{stem}-{TAG_PREFIX}{edition}.pdf"
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this one)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="do the edition, CHANGELOG.md and tag agree?")
    check.add_argument("--tag", default=None, help="the tag to release (default: $GITHUB_REF_NAME if it is an edition tag)")
    commands.add_parser("notes", help="print the edition's CHANGELOG.md section (release notes)")
    assets = commands.add_parser("assets", help="copy the PDFs into --out, named with the edition")
    assets.add_argument("--site-dir", type=Path, required=True)
    assets.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    config = read_config(args.root / "mkdocs.yml")
    edition = edition_of(config)
    changelog_file = args.root / "CHANGELOG.md"
    changelog = changelog_file.read_text(encoding="utf-8") if changelog_file.exists() else ""

    if args.command == "check":
        tag = args.tag or None
        ref = os.environ.get("GITHUB_REF_NAME", "")
        if tag is None and ref.startswith(TAG_PREFIX):
            tag = ref
        problems = release_problems(edition, changelog, tag)
        if problems:
            print("release check failed:\n- " + "\n- ".join(problems), file=sys.stderr)
            return 1
        print(f"release check passed: edition {edition}, CHANGELOG.md section found"
              + (f", tag {tag}." if tag else " (no tag given: TAG=edition-YYYY.N to check one)."))
        return 0

    problems = release_problems(edition, changelog)
    if problems:
        print("release failed:\n- " + "\n- ".join(problems), file=sys.stderr)
        return 1
    if args.command == "notes":
        print(changelog_section(changelog, edition), end="")
        return 0

    names = asset_names((config.get("extra") or {}).get("generated_outputs"), edition)
    missing = [path for path in names if not (args.site_dir / path).is_file()]
    if not names or missing:
        print(f"release failed: no PDF at {', '.join(missing) or 'extra.generated_outputs'} in {args.site_dir}. "
              "Run `make pdf` first.", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for path, name in names.items():
        shutil.copyfile(args.site_dir / path, args.out / name)
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A pull request that changes what readers see must say so in CHANGELOG.md.

Guarantee: if the files changed since the base branch include reader-facing content (anything
under docs/ or includes/, except theme code in docs/assets/stylesheets/ and
docs/assets/javascripts/) and CHANGELOG.md is not among them, the check fails and says how to
fix it. The "What changed" page (docs/what-changed.md) shows CHANGELOG.md to readers.

Where the base comes from: --base, else $GITHUB_BASE_REF (set by GitHub in pull requests).
With neither, there is nothing to compare with, so the check is skipped and says why. With a
base that git cannot find, the check fails: in a pull request the base must be there
(actions/checkout with fetch-depth: 0).

    python scripts/check_changelog.py              # in a pull request
    python scripts/check_changelog.py --base main  # locally, before you push

Standard library only, so CI can run it before installing anything. tests/test_changelog.py
tests the decision (`changelog_problem`) and runs this check in pull requests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHANGELOG = "CHANGELOG.md"
CONTENT = ("docs/", "includes/")
THEME_CODE = ("docs/assets/stylesheets/", "docs/assets/javascripts/")
SKIPPED = 0  # exit code when there is no base to compare with


def content_changes(changed: Iterable[str]) -> list[str]:
    """The changed paths that readers see (posix paths relative to the repository root)."""
    return sorted(p for p in changed if p.startswith(CONTENT) and not p.startswith(THEME_CODE))


def changelog_problem(changed: Iterable[str]) -> str | None:
    """Why this set of changed files needs a changelog entry; None if it is fine."""
    changed = list(changed)
    content = content_changes(changed)
    if not content or CHANGELOG in changed:
        return None
    shown = ", ".join(content[:5]) + (f" and {len(content) - 5} more" if len(content) > 5 else "")
    return (
        f"This change edits what readers see ({shown}) but does not add a line to {CHANGELOG}. "
        f"Fix: under \"## Unreleased\" in {CHANGELOG}, add a line in plain words saying what changed "
        "and on which page (see CONTRIBUTING.md, \"Say what changed\")."
    )


def _git(*args: str, cwd: Path = ROOT) -> str:
    # CI runs the tests as root in a checkout owned by the runner user; git refuses such a
    # repository unless it is marked safe. Command-line config counts as trusted.
    result = subprocess.run(
        ["git", "-c", f"safe.directory={cwd}", *args],
        cwd=cwd, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout


def resolve_base(base: str, cwd: Path = ROOT) -> str | None:
    """The commit to compare with: origin/<base> if fetched, else <base>; None if neither exists."""
    for candidate in (f"origin/{base}", base):
        try:
            return _git("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}", cwd=cwd).strip()
        except RuntimeError:
            continue
    return None


def changed_files(base_commit: str, cwd: Path = ROOT) -> list[str]:
    """Files changed since the merge base with `base_commit`: commits, uncommitted edits and new files."""
    merge_base = _git("merge-base", "HEAD", base_commit, cwd=cwd).strip()
    diff = _git("diff", "--name-only", "--no-renames", merge_base, cwd=cwd).splitlines()
    new = _git("ls-files", "--others", "--exclude-standard", cwd=cwd).splitlines()
    return sorted({p for p in diff + new if p})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=os.environ.get("GITHUB_BASE_REF") or None,
                        help="branch to compare with (default: $GITHUB_BASE_REF)")
    args = parser.parse_args(argv)
    if not args.base:
        print("changelog check skipped: no base branch to compare with (not a pull request; "
              "$GITHUB_BASE_REF is unset). Run with --base main to check your branch.")
        return SKIPPED
    commit = resolve_base(args.base)
    if commit is None:
        print(f"changelog check failed: git has no branch {args.base} or origin/{args.base}. "
              "Fix: fetch it (`git fetch origin " + args.base + "`; in CI, actions/checkout with fetch-depth: 0).")
        return 2
    problem = changelog_problem(changed_files(commit))
    if problem:
        print(f"changelog check failed: {problem}")
        return 1
    print(f"changelog check passed (compared with {args.base}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

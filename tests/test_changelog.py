"""scripts/check_changelog.py: a content change in a pull request needs a CHANGELOG.md entry."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from check_changelog import changed_files, changelog_problem, content_changes, main, resolve_base
from conftest import ROOT


def edition() -> str:
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # mkdocs tags like !relative
    return str(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=loader)["extra"]["edition"])


# ---- The decision ----


@pytest.mark.parametrize("changed", [
    ["docs/risks.md"],
    ["docs/risks.md", "handbook/steps/citations.py"],
    ["includes/abbreviations.md"],
    ["docs/assets/images/chart.png"],
    ["docs/changelog.md"],  # not the changelog
])
def test_content_change_without_entry_fails(changed):
    problem = changelog_problem(changed)
    assert problem is not None
    assert "CHANGELOG.md" in problem and "Unreleased" in problem
    assert content_changes(changed)[0] in problem


@pytest.mark.parametrize("changed", [
    ["docs/risks.md", "CHANGELOG.md"],
    ["CHANGELOG.md"],
    ["handbook/steps/citations.py", "tests/test_citations.py"],
    ["docs/assets/stylesheets/handbook.css", "docs/assets/javascripts/checklist.js"],
    ["README.md", ".github/workflows/pull-request.yml"],
    [],
])
def test_change_with_entry_or_without_content_passes(changed):
    assert changelog_problem(changed) is None


def test_message_lists_at_most_five_pages():
    problem = changelog_problem([f"docs/p{i}.md" for i in range(8)])
    assert "docs/p4.md" in problem and "and 3 more" in problem and "docs/p5.md" not in problem


# ---- Git plumbing, on a throwaway repository ----


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_files_since_the_base_branch(tmp_path):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "risks.md").write_text("# Risks\n")
    (repo / "CHANGELOG.md").write_text("# Changelog\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "fix-risks")
    (repo / "docs" / "risks.md").write_text("# Risks\n\nFixed.\n")
    _git(repo, "commit", "-q", "-am", "fix")
    (repo / "docs" / "new.md").write_text("# New\n")  # untracked, not yet committed
    base = resolve_base("main", cwd=repo)
    assert base is not None and resolve_base("no-such-branch", cwd=repo) is None
    changed = changed_files(base, cwd=repo)
    assert changed == ["docs/new.md", "docs/risks.md"]
    assert changelog_problem(changed) is not None
    (repo / "CHANGELOG.md").write_text("# Changelog\n\n## Unreleased\n\n- Fixed the risks page.\n")
    assert changelog_problem(changed_files(base, cwd=repo)) is None


def test_no_base_skips_with_a_reason(capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    assert main([]) == 0
    assert "skipped" in capsys.readouterr().out


# ---- This pull request ----


def test_this_pull_request_has_a_changelog_entry():
    base = os.environ.get("GITHUB_BASE_REF")
    if not base:
        pytest.skip("not a pull request: GITHUB_BASE_REF is unset, so there is no base branch to compare with "
                    "(run `GITHUB_BASE_REF=main make test-fast` or `make changelog-check` to check a branch)")
    commit = resolve_base(base)
    assert commit is not None, f"base branch {base} not found: fetch it (actions/checkout with fetch-depth: 0)"
    problem = changelog_problem(changed_files(commit))
    assert problem is None, problem


# ---- CHANGELOG.md and the "What changed" page ----


def test_changelog_has_an_entry_for_the_current_edition():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(rf"^## Edition {re.escape(edition())} \(", text, re.M), \
        f"CHANGELOG.md needs a '## Edition {edition()} (date)' heading for mkdocs.yml extra.edition"


def test_changelog_section_shown_on_the_site_has_no_h1():
    text = (ROOT / "CHANGELOG.md").read_text()
    section = text.split("[start:entries]", 1)[1].split("[end:entries]", 1)[0]
    assert "## Unreleased" in section
    assert not re.search(r"^# ", section, re.M), "a second H1 would break the page's one-H1 rule"


def test_what_changed_page_includes_the_changelog():
    page = (ROOT / "docs" / "what-changed.md").read_text()
    assert '--8<-- "CHANGELOG.md:entries"' in page
    assert page.count("\n# ") == 1
    assert "what-changed.md" in (ROOT / "mkdocs.yml").read_text()

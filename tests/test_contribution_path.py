"""The contribution path: CONTRIBUTING.md, the pull-request template, CODEOWNERS and the
workflows say what the issue asks, and stay in step with the Makefile."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

from handbook import fences

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text()
TEMPLATE = (ROOT / ".github" / "pull_request_template.md").read_text()
CODEOWNERS = (ROOT / ".github" / "CODEOWNERS").read_text()
MAKEFILE = (ROOT / "Makefile").read_text()
WORKFLOWS = ROOT / ".github" / "workflows"
SHA_PIN = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?P<comment>\s+#\s*(?P<version>v\d+(?:\.\d+)*))?\s*$")


def test_every_path_contributing_names_exists():
    """CONTRIBUTING.md guides contributors to files; a renamed or removed file must not leave
    it pointing at nothing (this failed when hooks/ became handbook/)."""
    # Not inside code blocks: an example shown as written (the review report's sample output,
    # from the review-diff fixture's pages) names that fixture's files, not the repository's.
    guide = "\n".join(line for _index, line, code in fences.classify(CONTRIBUTING) if not code)
    named = set(re.findall(r"`((?:[\w.-]+/)+[\w.-]*)`", guide))
    named |= set(re.findall(r"`([\w.-]+\.(?:md|yml|py|toml|lock|txt))`", guide))
    # Built output (site/...) is made by the build; a folder a contributor creates (docs/assets/images/)
    # needs its parent to exist.
    missing = sorted(
        p for p in named
        if "<" not in p and not p.startswith("site/") and not (ROOT / p).exists()
        and not (p.endswith("/") and (ROOT / p).parent.exists())
    )
    assert named and missing == [], f"CONTRIBUTING.md names files that do not exist: {missing}"


def test_every_make_target_named_in_the_docs_exists():
    targets = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.M))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", CONTRIBUTING + TEMPLATE))
    assert named - targets == set(), "CONTRIBUTING.md or the PR template names a make target that does not exist"


def test_pull_request_template_is_a_checklist_of_the_rules():
    boxes = re.findall(r"^- \[ \] (.+)$", TEMPLATE, re.M)
    assert len(boxes) >= 10
    text = " ".join(boxes)
    for needle in ("[@key]", "DOI, PMID or official URL", "clinician", "make readability", "next_review",
                   "crisis box", "CHANGELOG.md", "make test", "trusted-domains.yml"):
        assert needle in text, needle


def _owners(path: str) -> list[str]:
    """Owners of `path` per CODEOWNERS (last matching line wins; only the patterns used here)."""
    owners: list[str] = []
    for line in CODEOWNERS.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *names = line.split()
        regex = "^" + re.escape(pattern.lstrip("/")).replace(r"\*", "[^/]*")
        regex += "" if pattern.endswith("/") else "$"
        if pattern == "*" or re.match(regex, path):
            owners = names
    return owners


@pytest.mark.parametrize("path", ["docs/risks.md", "docs/checklist.md", "data/references.yml",
                                  "includes/crisis-inline.md", "data/trusted-domains.yml",
                                  "overrides/partials/safety-notice.html"])
def test_clinical_files_need_a_clinician(path):
    # Any one owner on the line can approve, so clinicians must be the only owners.
    assert _owners(path) == ["@trd-handbook/clinical-reviewers"]


def test_code_needs_an_engineer_and_other_files_an_editor():
    assert _owners("handbook/steps/check_content_safety.py") == ["@trd-handbook/engineers"]
    assert _owners("docs/assets/javascripts/checklist.js") == ["@trd-handbook/engineers"]
    assert _owners("CHANGELOG.md") == ["@trd-handbook/editors"]


def test_codeowners_teams_are_placeholders_named_in_contributing():
    teams = set(re.findall(r"@[\w-]+/[\w-]+", CODEOWNERS))
    assert teams == {"@trd-handbook/editors", "@trd-handbook/clinical-reviewers", "@trd-handbook/engineers"}
    for team in teams:
        assert team in CONTRIBUTING


def _uses_lines():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.match(r"^\s*(-\s*)?uses:", line):
                yield f"{path.name}:{number}", line


def test_every_action_is_pinned_to_a_commit_with_a_version_comment():
    lines = list(_uses_lines())
    assert lines
    for where, line in lines:
        match = SHA_PIN.match(line)
        assert match and re.fullmatch(r"[0-9a-f]{40}", match["ref"]) and match["version"], \
            f"{where}: pin the action to a full commit SHA with a `# vX.Y.Z` comment: {line.strip()}"


def _steps(name: str) -> list[dict]:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text())
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_pull_request_workflow_tests_builds_and_uploads_site_and_pdf():
    steps = _steps("pull-request.yml")
    runs = " ; ".join(step.get("run", "") for step in steps)
    assert ".ci/run" in runs and "make pdf" in runs and "scripts/check_changelog.py" in runs
    assert "--preserve-env=GITHUB_BASE_REF" in runs  # so the changelog test runs instead of skipping
    uploads = [step["with"]["path"] for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert "site/" in uploads and any(p.endswith(".pdf") for p in uploads)
    checkouts = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    assert all(step["with"]["fetch-depth"] == 0 for step in checkouts)


def test_main_branch_workflow_deploys():
    steps = _steps("deploy.yml")
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in steps)
    assert any(re.search(r"\bmake\b.*\b(pdf|build)\b", step.get("run", "")) for step in steps)

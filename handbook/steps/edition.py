"""Stamp every build with its edition: version, build date and git commit.

A clinic must be able to record which edition a patient saw. The version lives only in
mkdocs.yml `extra.edition`; this hook adds, at build time, the date and the short git
commit, and publishes them as `config.extra.build` for templates (the print cover, the
checklist page):

    config.extra.build = {"version": "2026.1", "date": "2026-11-27",
                          "commit": "88e1d02", "modified": False, "label": "..."}

- date: from SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC);
- commit: `git rev-parse --short HEAD`, else $GITHUB_SHA, else None ("not a git checkout",
  no git installed, or an unreadable repository never fails the build);
- modified: True when the checkout has uncommitted changes, so a test print is not
  mistaken for the published edition. Git is only read, never written
  (`--no-optional-locks`).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from handbook.logs import step_logger

log = step_logger(__name__)

# ---- Hooks ----


def on_config(config, **kwargs):
    root = Path(config.config_file_path).parent
    version = str(config.extra.get("edition") or "").strip()
    if not version:
        log.warning("mkdocs.yml has no `extra.edition`; printed pages cannot say which edition they are. Fix: set extra.edition.")
    commit, modified = git_commit(root)
    commit = commit or short_sha(os.environ.get("GITHUB_SHA"))
    config.extra["build"] = edition_info(version, build_date(os.environ), commit, modified)
    return config


# ---- Helper functions ----


def build_date(environ) -> str:
    """ISO date of the build: SOURCE_DATE_EPOCH if set and valid, else today in UTC."""
    epoch = (environ.get("SOURCE_DATE_EPOCH") or "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.datetime.now(dt.UTC).date().isoformat()


def short_sha(sha: str | None) -> str | None:
    sha = (sha or "").strip()
    return sha[:7] if len(sha) >= 7 and all(c in "0123456789abcdef" for c in sha.lower()) else None


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "--no-optional-locks", "-C", str(root), *args],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # git is not installed, or hung
    return done.stdout if done.returncode == 0 else None


def git_commit(root: Path) -> tuple[str | None, bool]:
    """(short commit, has uncommitted changes) of the checkout at `root`; (None, False) if none."""
    sha = short_sha(_git(root, "rev-parse", "HEAD"))
    if sha is None:
        return None, False
    status = _git(root, "status", "--porcelain")
    return sha, bool(status and status.strip())


def edition_info(version: str, date: str, commit: str | None, modified: bool = False) -> dict:
    """The edition as data plus one printable line, e.g. 'Edition 2026.1 · built 2026-11-27 · commit 88e1d02'."""
    parts = [f"Edition {version}" if version else "Edition not set", f"built {date}"]
    if commit:
        parts.append(f"commit {commit}" + (" with local changes" if modified else ""))
    return {
        "version": version,
        "date": date,
        "commit": commit,
        "modified": bool(commit and modified),
        "label": " · ".join(parts),
    }

"""Finding the Chromium to drive (make pdf, make bench, browser tests): one rule everywhere.

$CHROMIUM if set (it must be an executable file), else Debian's /usr/bin/chromium, else a
Chromium or Chrome on PATH (GitHub's runners have google-chrome); None means "let Playwright
use its own", which fails here (no downloads) with a message saying what to install.
"""

from __future__ import annotations

import os
import shutil

DEBIAN_CHROMIUM = "/usr/bin/chromium"
ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Flags for a headless Chromium as root in CI, with no background requests.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOW_TO_INSTALL = "Install Debian's chromium (`make browser`) or set CHROMIUM=/path/to/chromium."


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find(environ=os.environ, is_executable=_is_executable, which=shutil.which) -> str | None:
    """Path of the Chromium to drive, or None (see the module docstring)."""
    chosen = (environ.get("CHROMIUM") or "").strip()
    if chosen:
        if not is_executable(chosen):
            raise FileNotFoundError(f"CHROMIUM={chosen} is not an executable file")
        return chosen
    if is_executable(DEBIAN_CHROMIUM):
        return DEBIAN_CHROMIUM
    for name in ON_PATH:
        found = which(name, path=environ.get("PATH"))
        if found:
            return found
    return None

"""Reading the project's configuration, inside a build or outside one (scripts, checks, tests).

One way to load mkdocs.yml outside MkDocs (`load`), and the settings several steps share.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root (this package lives in it, installed editable).
ROOT = Path(__file__).resolve().parents[1]
CONFIG_FILE = ROOT / "mkdocs.yml"


def load(config_file: str | os.PathLike | None = None, **overrides):
    """mkdocs.yml validated by MkDocs itself (plugins loaded, `!relative` resolved, INHERIT
    followed), for code that runs outside a build. Nothing is built."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config

    return load_config(str(config_file or CONFIG_FILE), **overrides)


def project_root(config) -> Path:
    """The folder of the mkdocs.yml a build was started with."""
    return Path(config.config_file_path).parent


def generated_outputs(config) -> dict[str, str]:
    """Paths (relative to the site) of the files `make pdf` writes after the build.

    The one list: scripts/make_pdf.py writes exactly these, steps pdf_link and checklist
    link to them, and check_links accepts links to them before they exist."""
    return dict((config.extra or {}).get("generated_outputs") or {})


def print_page_path(config) -> Path | None:
    """Where print-site writes the print page in this build, or None if the plugin is off."""
    plugin = config.plugins.get("print-site")
    if plugin is None or not plugin.config.get("enabled", True):
        return None
    return Path(plugin.print_page.file.abs_dest_path)


def in_print_page(config, src_path: str) -> bool:
    """Does print-site put this page (docs path, e.g. `what-changed.md`) on the print page?
    Pages matched by its `exclude` option (mkdocs.yml) are on the web only."""
    plugin = config.plugins.get("print-site")
    if plugin is None:
        return False
    from mkdocs_print_site_plugin.exclude import exclude

    return not exclude(src_path, list(plugin.config.get("exclude") or []))

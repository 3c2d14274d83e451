"""Engineer-owned settings in mkdocs.yml keep the handbook's promises too.

The theme prints these settings into every page, before the CSP and outside the checks on
content, so they are checked here when the configuration is loaded:

- `extra_javascript`, `extra_css`, `theme.favicon`, `theme.logo`: local files only (no
  scheme, no `//host`, no backslash tricks; parsed as a browser would, handbook/steps/weburl.py);
- `theme.font` is `false` (otherwise the theme loads Google Fonts on every page);
- no `extra.analytics`, `extra.consent`, `extra.polyfills`, `extra.alternate` with hosts;
- values the templates print as text (site_name, site_description, site_author, copyright,
  repo_name, extra.edition) are plain text: no <, >, &, double quote or control characters;
- `site_url`, `repo_url` use https://;
- pymdownx.snippets reads only from includes/ (and the CHANGELOG.md file), never downloads.

Any problem stops the build at once, naming mkdocs.yml, the line of the setting and the fix.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from handbook import urls as weburl
from handbook.logs import step_logger

log = step_logger(__name__)

PLAIN = re.compile(r"^[^<>&\"`\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]*$")
TEXT_SETTINGS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
BANNED_EXTRA = ("analytics", "consent", "polyfills", "social", "alternate")

# ---- Hooks ----


def on_config(config, **kwargs):
    root = Path(config.config_file_path).parent
    problems = config_problems(config, root)
    if problems:
        source = _read(config.config_file_path)
        for key, message in problems:
            log.error(f"mkdocs.yml:{setting_line(source, key)}: {key}: {message}")
        raise PluginError(f"mkdocs.yml: {len(problems)} setting(s) break the handbook's privacy or safety rules; listed above.")
    return config


# ---- Helper functions ----


def _read(path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, TypeError):
        return ""


def _local_problem(value: str) -> str | None:
    value = str(value or "")
    if not value.strip():
        return "is empty"
    parsed = weburl.parse(value)
    if not parsed.ok:
        return f"`{value}` is not a path a browser can load"
    if weburl.is_absolute(value) or parsed.scheme not in ("https",) or value.strip().startswith(("/", "\\")):
        return (f"`{value}` loads from another host or outside the site. Readers' browsers would contact it on "
                "every page, before the CSP. Fix: save the file under docs/assets/ and list its relative path.")
    return None


def config_problems(config, root: Path) -> list[tuple[str, str]]:
    """`(setting, message)` for each engineer-owned setting that breaks the rules."""
    problems: list[tuple[str, str]] = []
    for key in ("extra_javascript", "extra_css"):
        for item in config.get(key) or []:
            path = getattr(item, "path", item)
            problem = _local_problem(path)
            if problem:
                problems.append((key, problem))
    theme = config.theme
    if theme.get("font") not in (False, None):
        problems.append(("font", "must be `false`: the theme would load Google Fonts from fonts.googleapis.com on "
                         "every page. Fix: set `font: false` (the system fonts are used)."))
    for key in ("favicon", "logo"):
        value = theme.get(key)
        if value:
            problem = _local_problem(value)
            if problem:
                problems.append((key, problem))
    extra = config.get("extra") or {}
    for key in BANNED_EXTRA:
        if extra.get(key):
            problems.append((key, f"`extra.{key}` makes the theme load or send to other hosts (tracking, fonts, "
                             "scripts). The handbook sends nothing anywhere. Fix: remove it."))
    for key in TEXT_SETTINGS:
        value = config.get(key)
        if value and not PLAIN.match(str(value)):
            problems.append((key, "must be plain text (templates print it as it is): no <, >, &, double quotes, "
                             "backticks or control characters."))
    if extra.get("edition") is not None and not re.fullmatch(r"[0-9A-Za-z.\- ]{1,20}", str(extra.get("edition"))):
        problems.append(("edition", "`extra.edition` must be a short version like 2026.1 (letters, digits, dots)."))
    for key in ("site_url", "repo_url"):
        value = config.get(key)
        if value and weburl.parse(value).scheme != "https":
            problems.append((key, f"`{value}` must be an https:// address."))
    if "pymdownx.snippets" in (config.markdown_extensions or []):
        options = config.mdx_configs.get("pymdownx.snippets", {})
        bases = options.get("base_path", ["."])
        bases = bases if isinstance(bases, (list, tuple)) else [bases]
        allowed = {os.path.realpath(root / "includes"), os.path.realpath(root / "CHANGELOG.md")}
        for base in bases:
            if os.path.realpath(root / os.fspath(base)) not in allowed:
                problems.append(("base_path", f"snippets may come only from includes/ (and CHANGELOG.md), not "
                                 f"`{os.fspath(base)}`: a page could include .git/config or CI files. Fix: "
                                 "`base_path: [!relative $config_dir/includes, !relative $config_dir/CHANGELOG.md]`."))
        if options.get("url_download"):
            problems.append(("url_download", "snippets may not be downloaded from the web. Fix: remove it."))
        if options.get("restrict_base_path") is False:
            problems.append(("restrict_base_path", "must stay true. Fix: remove it."))
    return problems


def setting_line(source: str, key: str) -> int:
    for number, line in enumerate(source.split("\n"), start=1):
        if re.match(rf"^\s*-?\s*{re.escape(key)}\s*:", line):
            return number
    return 1

"""Turn on the Content-Security-Policy of every built page, with hashes of its inline code.

overrides/main.html writes the policy as the first element of each page's <head> (block
`site_meta`) as an inert `<meta name="hb-csp" content="...">`. After every other hook and
plugin has written its HTML (print-site writes the print page last, in on_post_build), this
hook reads each built HTML file with the build's one HTML parser (handbook/html.py), hashes
each inline <script> and <style> that is on the project's allowlist (handbook/csp_policy.py: the
theme's trusted templates and print-site's code -- never whatever the page contains), puts
the hashes where the policy says `{script-hashes}` / `{style-hashes}`, and renames the tag to
`<meta http-equiv="Content-Security-Policy" ...>`, which switches the policy on. Any other
inline code, style attribute or event handler, and a missing, empty, duplicated or
misplaced policy, fails the build naming the file and line.

Why hashes and not 'unsafe-inline': the theme needs a few small inline scripts (palette,
tabs, search config) and print-site adds one inline <script> and one <style> to the print
page. Hashing exactly those keeps the policy strict: code the build did not write (say,
injected through a crafted URL) cannot run, and nothing loads from another host.

Guarantees, for every built HTML file:
- it carries exactly one active CSP <meta>, and no `{...-hashes}` placeholder is left;
- every inline script and style in it is on the allowlist and matches a hash in its policy;
- the policy allows no host but the site itself ('self'), never 'unsafe-inline',
  'unsafe-eval' or 'unsafe-hashes'; base-uri, form-action and object-src are 'none';
- no inline event handler attribute (onclick=...) is used: the policy would block it.
A fixture site without this hook keeps the meta inert (name="hb-csp"), so it still works.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from handbook import csp_policy
from handbook.csp_policy import Allowlist, inline_code, policy_problems, sha256
from handbook.logs import step_logger
from handbook.selectors import CSP_ACTIVE, CSP_INERT

log = step_logger(__name__)

_serving = False
RUNS_AFTER = {
    "inject_cover_notice": "the notice it adds to the print page is part of what is hashed",
    "checklist": "hashes are computed on the finished HTML",
}

# ---- Hooks ----


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_post_build(config, **kwargs) -> None:
    if _serving:
        # `mkdocs serve` adds its own inline live-reload script to every page as it serves
        # it; an enforced policy would block it. `make build`, `make pdf` and the tests
        # build without serving, so the published site and the gates always have the CSP.
        log.info("Content-Security-Policy left inactive while serving (live reload).")
        return
    site = Path(config.site_dir)
    allowed = csp_policy.allowlist_from_templates([Path(d) for d in config.theme.dirs])
    failures = 0
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        new_html, problems = apply_csp(html, allowed)
        for problem in problems:
            failures += 1
            log.error("%s: %s", path.relative_to(site).as_posix(), problem)
        if new_html != html:
            path.write_text(new_html, encoding="utf-8")
    if failures:
        raise PluginError(f"Content-Security-Policy: {failures} problem(s), each listed above with its file.")


def judge_site(site) -> list[str]:
    """On any built site: every page has one active, strict policy that allows exactly its
    inline code (by hash) and nothing from another host."""
    messages = []
    for page, html in site.pages.items():
        tree = site.tree(page)
        active = tree.css(CSP_ACTIVE)
        if tree.css(CSP_INERT) or len(active) != 1:
            messages.append(
                f"{page}: {len(active)} active Content-Security-Policy <meta> (one is needed), "
                f"{len(tree.css(CSP_INERT))} left inert. Fix: build with the handbook plugin (step csp), "
                "from a template that extends main.html."
            )
            continue
        policy = active[0].attributes.get("content") or ""
        messages += [f"{page}: {problem}" for problem in policy_problems(policy)]
        found = inline_code(html)
        wanted = {sha256(code) for _line, code in found.scripts + found.styles}
        allowed = set(policy.replace(";", " ").split())
        missing = sorted(h for h in wanted if h not in allowed)
        if missing:
            messages.append(
                f"{page}: {len(missing)} inline script(s) or style(s) not allowed by the page's CSP "
                f"(first: {missing[0]}), so browsers block them. Fix: rebuild; do not edit built HTML."
            )
        messages += [f"{page} line {line}: has an inline event handler ({h}), which the CSP blocks. Fix: move it "
                     "into a .js file" for line, h in found.handlers]
        messages += [f"{page} line {line}: has a style attribute, which the CSP blocks. Fix: use a class"
                     for line, _value in found.style_attrs]
    return messages


# ---- Helper functions ----


def apply_csp(html: str, allowed: Allowlist | None = None) -> tuple[str, list[str]]:
    """Activate the page's CSP meta with hashes of its allowed inline code. Returns (html, problems).
    Without an allowlist, only print-site's code is trusted."""
    return csp_policy.apply_csp(html, allowed if allowed is not None else Allowlist(scripts=list(csp_policy.PLUGIN_SCRIPTS)))

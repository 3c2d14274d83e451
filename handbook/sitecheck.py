"""Gates that judge a built site from its HTML alone, and the build manifest.

`python -m handbook check SITE_DIR` runs every gate that can be judged from built HTML on
any built site (made by MkDocs, ProperDocs or anything else), with the same messages as
the build. It also reads the manifest the build wrote (`handbook-manifest.json`): a build
that skipped a step of the pipeline (an engine that ignores plugins does so silently) is
missing it there, and the check fails.

A step takes part by defining `judge_site(site: Site) -> list[str]` (each message names the
built page and says how to fix it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "handbook-manifest.json"


# ---- The manifest ----


def write_manifest(site_dir, name: str, ran: dict[str, set[str]], config) -> Path:
    """Write which steps ran, for which events, into the built site."""
    path = Path(site_dir) / name
    data = {
        "generator": "handbook",
        "edition": (config.extra or {}).get("edition"),
        "steps": {step: sorted(events) for step, events in sorted(ran.items())},
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return path


def manifest_problems(site: Path, name: str = MANIFEST) -> list[str]:
    """Steps of the pipeline missing from the manifest (or the manifest itself missing)."""
    from handbook import pipeline

    path = site / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [
            f"{name}: missing or unreadable, so nothing shows the handbook's steps and gates ran. "
            "Fix: build with the handbook plugin enabled (`plugins: [search, handbook, print-site]` "
            "in mkdocs.yml, package installed by `make setup`)."
        ]
    ran = data.get("steps") or {}
    problems = []
    for step in pipeline.STEPS:
        step_name = pipeline.name(step)
        wanted = {e for e in pipeline.events(step) if e != "startup"}  # startup is not run by `build()` callers
        missing = sorted(wanted - set(ran.get(step_name, ())))
        if missing:
            problems.append(
                f"{name}: step {step_name} did not run ({', '.join(missing)}), so its guarantee does not hold "
                "for this site. Fix: build with the handbook plugin (see README, 'How it is built')."
            )
    return problems


# ---- The built site, parsed once ----


@dataclass
class Site:
    root: Path
    pages: dict[str, str] = field(default_factory=dict)  # built HTML files: posix path -> text

    @classmethod
    def read(cls, root: Path) -> Site:
        root = Path(root)
        pages = {
            p.relative_to(root).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(root.rglob("*.html"))
        }
        return cls(root, pages)

    # ---- What the gates need to know about the project (not the engine) ----

    project: Path | None = None  # the repository the site was built from (overrides/, data/)
    site_url: str = "/"
    generated: frozenset[str] = frozenset()  # files `make pdf` adds after the build
    _trees: dict = field(default_factory=dict)

    def tree(self, page: str):
        """The parsed page (parsed once, shared by every gate)."""
        from handbook import html as parser

        if page not in self._trees:
            self._trees[page] = parser.document(self.pages[page])
        return self._trees[page]

    def is_print_page(self, page: str) -> bool:
        from handbook.selectors import PRINT_PAGE_DIR

        return page.startswith(PRINT_PAGE_DIR)

    def content_pages(self) -> list[str]:
        """Built pages written from docs/*.md (not the 404 page, not the print page)."""
        return [p for p in self.pages if p != "404.html" and not self.is_print_page(p)]


def gates():
    """(name, check_site) of every step that can judge a built site, in pipeline order."""
    from handbook import pipeline

    return [(pipeline.name(s), s.judge_site) for s in pipeline.STEPS if hasattr(s, "judge_site")]


def check(site_dir, config_file=None) -> list[str]:
    """Every problem the gates find in the built site at `site_dir`, one message each."""
    from handbook import config as project_config

    cfg = project_config.load(config_file)
    site = Site.read(Path(site_dir))
    if not site.pages:
        return [f"{site_dir}: no built HTML pages here. Fix: build the site first (`make build`)."]
    site.project = project_config.project_root(cfg)
    site.site_url = cfg.site_url or "/"
    site.generated = frozenset(path.strip("/") for path in project_config.generated_outputs(cfg).values())
    plugin = cfg.plugins.get("handbook")
    manifest = plugin.config.manifest if plugin is not None else MANIFEST
    problems = manifest_problems(site.root, manifest)
    for name, gate in gates():
        problems += [f"{name}: {message}" for message in gate(site)]
    return problems

"""The handbook's MkDocs plugin: thin adapters from MkDocs events to the pipeline's steps.

mkdocs.yml enables it as `plugins: [..., handbook, print-site]` (entry point in pyproject.toml).
Each event below calls the steps of handbook.pipeline.STEPS that handle it, in that order;
nothing else decides order. Where this plugin's place among the other plugins matters, the
event carries an `@event_priority` with the reason. Every step that ran is written to the
build manifest, which `python -m handbook check` requires, so a build by an engine that
silently skipped this plugin cannot pass the check.
"""

from __future__ import annotations

from collections import defaultdict

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority

from handbook import pipeline, sitecheck


class HandbookConfig(base.Config):
    #: The build manifest, relative to the site: which steps ran, for `python -m handbook check`.
    manifest = c.Type(str, default=sitecheck.MANIFEST)
    #: Steps not to run. Only for test fixtures that must show a later gate (the browser's)
    #: catching what an earlier one would have stopped; a skipped step is missing from the
    #: manifest, so `python -m handbook check` fails on such a site.
    skip = c.ListOfItems(c.Choice([pipeline.name(step) for step in pipeline.STEPS]), default=[])


class HandbookPlugin(BasePlugin[HandbookConfig]):
    def __init__(self) -> None:
        self.ran: dict[str, set[str]] = defaultdict(set)

    # ---- Events (MkDocs calls these; each dispatches to the steps in pipeline order) ----

    def on_startup(self, *, command, dirty):
        self._notify("startup", command=command, dirty=dirty)

    def on_config(self, config):
        self.ran.clear()
        return self._chain("config", config)

    def on_pre_build(self, *, config):
        self._notify("pre_build", config=config)

    def on_files(self, files, *, config):
        return self._chain("files", files, config=config)

    def on_nav(self, nav, *, config, files):
        return self._chain("nav", nav, config=config, files=files)

    def on_page_markdown(self, markdown, *, page, config, files):
        return self._chain("page_markdown", markdown, page=page, config=config, files=files)

    # 50: before print-site (priority 0) saves each page's HTML for the print page, so paper
    # gets the transformed HTML, and content safety judges it before any step adds markup.
    @event_priority(50)
    def on_page_content(self, html, *, page, config, files):
        return self._chain("page_content", html, page=page, config=config, files=files)

    def on_env(self, env, *, config, files):
        return self._chain("env", env, config=config, files=files)

    def on_post_page(self, output, *, page, config):
        return self._chain("post_page", output, page=page, config=config)

    def on_post_template(self, output_content, *, template_name, config):
        return self._chain("post_template", output_content, template_name=template_name, config=config)

    # -50: after print-site's on_post_build (0) has written the print page, which the cover
    # notice, the CSP and the link and disclaimer gates must see; then the manifest, last.
    @event_priority(-50)
    def on_post_build(self, *, config):
        self._notify("post_build", config=config)
        sitecheck.write_manifest(config.site_dir, self.config.manifest, self.ran, config)

    # ---- Helper functions ----

    def _steps(self, event: str):
        for step in pipeline.STEPS:
            if pipeline.name(step) in self.config.skip:
                continue
            handler = getattr(step, f"on_{event}", None)
            if handler is not None:
                yield pipeline.name(step), handler

    def _chain(self, event: str, value, **kwargs):
        """Pass `value` through every step's handler; a handler returning None keeps it."""
        for name, handler in self._steps(event):
            result = handler(value, **kwargs)
            value = value if result is None else result
            self.ran[name].add(event)
        return value

    def _notify(self, event: str, **kwargs) -> None:
        for name, handler in self._steps(event):
            handler(**kwargs)
            self.ran[name].add(event)

    def steps_for(self, event: str) -> list[str]:
        """The steps this plugin runs for `event`, in order (for tests and docs)."""
        return [name for name, _ in self._steps(event)]

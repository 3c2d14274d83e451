"""The handbook's build logic: one MkDocs plugin (`handbook.plugin`) that runs the steps in
`handbook.pipeline` in the order written there, and gates that judge any built site
(`python -m handbook check SITE_DIR`).

Layout:
- pipeline.py   the steps, in order (the one place order is written)
- plugin.py     the MkDocs plugin: thin adapters from MkDocs events to the steps
- steps/        one module per step (a transform or a gate), pure functions + `on_*` events
- markdown/     the transforms as Python-Markdown extensions (citations, glossary, tab titles,
                bare URLs on paper, table regions): they run under any Python-Markdown engine
- sitecheck.py  the gates that read only built HTML, and the build manifest
- html.py (the one HTML parser), selectors.py (shared ids/classes), frontmatter.py, fences.py,
  markdown_source.py, config.py, urls.py, chromium.py, htmlscan.py, sitehttp.py, logs.py:
                shared helpers (one way to do each job)
"""

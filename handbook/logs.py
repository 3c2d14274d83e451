"""One logger per step, under `mkdocs.` so `mkdocs build --strict` counts its warnings.

Messages read `check_links: risks.md line 12: ...`: the step's name first, so a reader
knows which gate spoke.
"""

from __future__ import annotations

import logging

from mkdocs.plugins import PrefixedLogger


def step_logger(module_name: str) -> PrefixedLogger:
    """The logger for a step module (`handbook.steps.check_links` -> prefix `check_links`)."""
    short = module_name.rsplit(".", 1)[-1]
    return PrefixedLogger(short, logging.getLogger(f"mkdocs.plugins.handbook.{short}"))

#!/usr/bin/env python3
"""Check the handbook's external links online (opt-in: `make linkcheck-external`).

The normal build never touches the network. This command reads the built site, collects
every https:// link with the pages that use it, asks each host once per URL (HEAD, then
GET when HEAD is refused), and prints the dead ones with their pages. Exit code 1 if any
link is dead, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from handbook.htmlscan import scan_html

USER_AGENT = "ketamine-handbook-linkcheck/1.0 (+https://github.com/trd-handbook/ketamine-handbook)"
# Links that are the handbook's own or need no check.
SKIP_PREFIXES = ("https://github.com/trd-handbook/",)


def external_links(site: Path) -> dict[str, set[str]]:
    """Map each external https URL in the built site to the pages that link to it."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        for link in scan_html(path.read_text(encoding="utf-8", errors="replace")).links:
            url = link.url.split("#", 1)[0]
            if url.startswith("https://") and not url.startswith(SKIP_PREFIXES):
                found[url].add(page)
    return dict(found)


def status_of(url: str, timeout: float = 20.0) -> str | None:
    """None if the URL answers, else a short reason."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 429, 501):
                continue
            return f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return f"no answer ({getattr(exc, 'reason', exc)})"
    return "refused"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args(argv)
    links = external_links(args.site)
    print(f"Checking {len(links)} external links from {args.site}/ ...")
    with ThreadPoolExecutor(args.workers) as pool:
        results = dict(zip(links, pool.map(status_of, links), strict=True))
    dead = {url: why for url, why in results.items() if why}
    for url, why in sorted(dead.items()):
        print(f"DEAD {why}: {url}\n    used on: {', '.join(sorted(links[url]))}")
    print(f"{len(links) - len(dead)} ok, {len(dead)} dead")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())

"""URLs: where a page's Markdown ends up, and how a browser parses a link (one module for both).

Where a page ends up: one rule, MkDocs' `use_directory_urls` (the default). `docs/index.md` -> `` / `index.html`; `docs/risks.md` -> `risks/` / `risks/index.html`;
`docs/a/index.md` -> `a/` / `a/index.html`.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import ada_url
import yaml


def page_url(src_uri: str) -> str:
    """The page's URL relative to the site root (`risks/`, or `` for the start page)."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return f"{stem}/"


def built_file(src_uri: str) -> str:
    """The built HTML file of the page, relative to the site (`risks/index.html`)."""
    return posixpath.join(page_url(src_uri), "index.html")


# ---- URLs as a browser parses them (WHATWG URL Standard, via ada-url; issue 11) ----
#
# Python's urlsplit disagrees with browsers on backslashes, `@`, tabs and newlines, dot segments
# and percent-encoding: `https://evil.example\\@doi.org/` is doi.org to urlsplit and evil.example
# to a browser. Every host or scheme decision in the build goes through `parse()` here.
# `tel:` links may dial only the numbers in data/service-numbers.yml.

#: Stands in for "this page" when a URL is relative: it resolves like the browser would,
#: and a URL that stays on this host stays inside the site.
BASE = "https://handbook.invalid/site/page/"
BASE_HOST = "handbook.invalid"
NUMBERS_FILE = Path(__file__).resolve().parents[1] / "data" / "service-numbers.yml"  # the repository's data/
_SEPARATORS = re.compile(r"[\s\-.()/]")


class Parsed:
    """The parts of a URL as the browser sees them; `ok` is False if the browser would not
    parse it at all (such a link goes nowhere)."""

    def __init__(self, url: str, base: str = BASE) -> None:
        try:
            parsed = ada_url.URL(url, base)
        except ValueError:
            self.ok, self.scheme, self.host, self.path, self.href = False, "", "", "", ""
            return
        self.ok = True
        self.scheme = parsed.protocol.rstrip(":").lower()
        self.host = (parsed.hostname or "").rstrip(".").lower()
        self.path = parsed.pathname
        self.href = parsed.href


def parse(url: str, base: str = BASE) -> Parsed:
    return Parsed(url, base)


def scheme(url: str) -> str:
    """The scheme a browser would use for this link on a page (`https` for a relative one)."""
    return parse(url).scheme


def is_absolute(url: str) -> bool:
    """True if the link leaves the site: another host (also `//host`, `/\\host`, `\\\\host`)."""
    parsed = parse(url)
    return parsed.ok and parsed.scheme in ("http", "https", "ws", "wss", "ftp") and parsed.host != BASE_HOST


def host(url: str) -> str:
    return parse(url).host


def from_other_host(url: str, own_host: str | None = None) -> bool:
    """True if loading `url` from a page of the site would contact another host."""
    parsed = parse(url)
    if not parsed.ok or parsed.scheme not in ("http", "https", "ws", "wss", "ftp"):
        return False
    return parsed.host not in (BASE_HOST, (own_host or "").lower())


def is_trusted(url: str, allowlist) -> bool:
    """True if the browser would go to a listed domain (or a subdomain of one) over https, or,
    for an entry with a path, to that host with a path under that path (dot segments and
    percent-encoding resolved first, as the browser does)."""
    parsed = parse(url)
    if not parsed.ok or parsed.scheme != "https":
        return False
    path = unquote(parsed.path).lower()
    for entry in allowlist:
        domain, _, prefix = entry.partition("/")
        if not prefix:
            if parsed.host == domain or parsed.host.endswith("." + domain):
                return True
        elif parsed.host in (domain, "www." + domain):
            prefix = "/" + prefix.strip("/")
            if path == prefix or path.startswith(prefix + "/"):
                return True
    return False


@lru_cache(maxsize=4)
def service_numbers(path: Path = NUMBERS_FILE) -> frozenset[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    numbers = data.get("numbers") if isinstance(data, dict) else None
    if not isinstance(numbers, list) or not numbers:
        raise ValueError(f"{path.name} needs a non-empty list under `numbers:`")
    found = set()
    for item in numbers:
        value = str(item.get("number", "")) if isinstance(item, dict) else ""
        if not re.fullmatch(r"\+?\d{3,15}", value):
            raise ValueError(f"{path.name}: `{value}` is not a number written as digits")
        found.add(value)
    return frozenset(found)


def tel_number(url: str) -> str | None:
    """The number a `tel:` link dials (digits, leading + kept), or None if it is not one."""
    parsed = parse(url)
    if not parsed.ok or parsed.scheme != "tel":
        return None
    raw = unquote(parsed.href[len("tel:"):]).split(";", 1)[0].split("?", 1)[0].split("#", 1)[0]
    number = _SEPARATORS.sub("", raw)
    return number if re.fullmatch(r"\+?\d+", number) else ""


def tel_problem(url: str, numbers: frozenset[str] | None = None) -> str | None:
    """Why this `tel:` link may not be used, or None if it dials a listed service number."""
    numbers = service_numbers() if numbers is None else numbers
    number = tel_number(url)
    if number is None:
        return None
    if number in numbers:
        return None
    return (f"a `tel:` link to {url!r}: a phone would dial {number or 'something that is not a number'}, "
            "which is not a crisis or service number in data/service-numbers.yml. Fix: link one of "
            f"{', '.join(sorted(numbers))}, or add the number with its service to that file for review.")

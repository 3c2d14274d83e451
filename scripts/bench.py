"""`make bench`: how fast the handbook loads on a phone, and how long it takes to build.

A benchmark, not a test: it prints numbers and whether they meet the targets, and exits 0
unless --fail-on-target is given (or a tool is missing).

1. Builds the handbook into a temp dir and serves it gzipped (as GitHub Pages does) on
   127.0.0.1, at the path of site_url.
2. Runs Lighthouse 12.2.3 (node_modules, from package-lock.json; `make bench` runs `npm ci`)
   with the mobile preset in Debian's Chromium (CHROME_PATH) on three pages: Start here,
   the longest chapter and the checklist. Prints the four category scores, the KiB
   transferred without images, FCP and LCP.
3. Does the same for "plain Material": the same docs and Markdown extensions with a plain
   mkdocs.yml (theme: material, no overrides, no handbook plugin, no extra CSS/JS, default fonts).
4. Times `mkdocs build` 5 times with the handbook's steps and 5 times with every step skipped, prints both
   medians, the steps' share, and the time each step took in one instrumented build.

Targets: every score >= 98 (aim 100) and <= 100 KiB transferred per page without images.
Lighthouse runs 3 times per page and the median run is shown: a busy machine makes single
runs noisy (TBT especially), so run it on a quiet one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from handbook import chromium
from handbook.sitehttp import SiteHandler, serve

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH") or chromium.find() or chromium.DEBIAN_CHROMIUM
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MIN_SCORE, MAX_KIB, RUNS = 98, 100, 5
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# ---- Serving, gzipped ----


class GzipHandler(SiteHandler):
    """Static files under `prefix`, gzipped when the client accepts it, cached 10 minutes.
    Every response is logged as (path, content type, bytes sent) in `served`."""

    served: list = []

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()  # the redirect to the slash URL
            path = path / "index.html"
        if not path.is_file():
            return self.send_error(404)
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(GZIP_TYPES)
        if gz:
            body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if gz:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        self.served.append((self.path, kind, len(body)))



@contextmanager
def serve_gzipped(site: Path, prefix: str):
    """Yields (base URL, log of what was sent) for `site` served with gzip."""
    handler = type("Handler", (GzipHandler,), {"served": []})
    with serve(site, prefix, handler) as base:
        yield base, handler.served


# ---- Building ----

BUILD = """
import sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
from handbook import pipeline
cfg = load_config(sys.argv[1], site_dir=sys.argv[2], strict=False)
if sys.argv[3] == "nohooks":  # the handbook plugin with every step skipped
    cfg.plugins["handbook"].config["skip"] = [pipeline.name(s) for s in pipeline.STEPS]
build(cfg)
"""

PROFILE = """
import json, sys, time, logging
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.disable(logging.WARNING)
from handbook import pipeline
cfg = load_config(sys.argv[1], site_dir=sys.argv[2], strict=False)
spent = {}
for step in pipeline.STEPS:  # the plugin looks each step's handler up when it calls it
    for event in pipeline.events(step):
        method = getattr(step, "on_" + event)
        def timed(*a, _m=method, _h=pipeline.name(step), **k):
            t = time.perf_counter()
            try:
                return _m(*a, **k)
            finally:
                spent[_h] = spent.get(_h, 0.0) + time.perf_counter() - t
        setattr(step, "on_" + event, timed)
build(cfg)
print(json.dumps(spent))
"""


def build_once(config: Path, site: Path, mode: str = "hooks") -> float:
    start = time.perf_counter()
    subprocess.run([PY, "-c", BUILD, str(config), str(site), mode], cwd=config.parent, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def plain_config(tmp: Path) -> Path:
    """The handbook's docs with a plain Material mkdocs.yml: no overrides, handbook plugin or extras."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: str(ROOT))  # !relative $config_dir
    real = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    docs = tmp / "plain-docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("assets"))
    plain = {
        "site_name": real["site_name"],
        "site_url": real.get("site_url"),
        "site_description": real.get("site_description"),
        "docs_dir": str(docs),
        "theme": {"name": "material", "language": "en"},
        "markdown_extensions": real.get("markdown_extensions", []),
        "plugins": ["search"],
        "nav": real.get("nav"),
        "validation": {"nav": {"omitted_files": "ignore", "not_found": "ignore"},
                       "links": {"not_found": "ignore", "anchors": "ignore", "unrecognized_links": "ignore"}},
    }
    path = tmp / "plain-mkdocs.yml"
    path.write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    return path


# ---- Measuring ----


def longest_chapter(site: Path) -> str:
    """The chapter (not the print page) with the most words in its article."""
    from handbook import html as parser

    words = {}
    for page in site.glob("*/index.html"):
        if page.parent.name in ("print_page", "search", "assets"):
            continue
        article = parser.document(page.read_text(encoding="utf-8")).css_first("article")
        words[page.parent.name + "/"] = len(parser.text(article).split())
    return max(words, key=words.get)


def lighthouse(url: str, out: Path, served: list) -> dict:
    """One Lighthouse run. `served` is the server's log: it gives the bytes really sent."""
    env = dict(os.environ, CHROME_PATH=CHROME)
    served.clear()
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--form-factor=mobile", "--only-categories=" + ",".join(CATEGORIES),
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True, env=env, cwd=ROOT,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    items = report["audits"]["network-requests"]["details"]["items"]
    host = urlsplit(url).netloc
    return {
        **{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        # Body bytes the server sent for the page load, images excluded. (Lighthouse's own
        # count misses the search worker's script; the source map is fetched by Lighthouse's
        # best-practices audit, not by a browser, so it is left out.)
        "kib": sum(size for path, kind, size in served
                   if not kind.startswith("image/") and not path.endswith(".map")) / 1024,
        "lh_kib": sum(i.get("transferSize", 0) for i in items if i.get("resourceType") != "Image") / 1024,
        "requests": len(items),
        "third_party": sum(1 for i in items if urlsplit(i["url"]).netloc not in (host, "")),
        "fcp": report["audits"]["first-contentful-paint"]["numericValue"],
        "lcp": report["audits"]["largest-contentful-paint"]["numericValue"],
        "tbt": report["audits"]["total-blocking-time"]["numericValue"],
        "failed": sorted(
            f"{c}: {a['id']}" for c in CATEGORIES
            for a in (report["audits"][r["id"]] for r in report["categories"][c]["auditRefs"] if r.get("weight"))
            if a.get("score") is not None and a["score"] < 1
        ),
    }


def table(rows: list[tuple[str, str, dict]]) -> str:
    head = "| site | page | perf | a11y | best pr. | SEO | KiB (no img) | requests | 3rd-party | FCP | LCP | TBT |"
    lines = [head, "|---" * (head.count("|") - 1) + "|"]
    for site, page, r in rows:
        lines.append(
            f"| {site} | {page} | {r['performance']} | {r['accessibility']} | {r['best-practices']} | {r['seo']} "
            f"| {r['kib']:.1f} | {r['requests']} | {r['third_party']} | {r['fcp'] / 1000:.2f} s | {r['lcp'] / 1000:.2f} s "
            f"| {r['tbt']:.0f} ms |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="builds per variant for the median (default 5)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page; the median is shown (default 3)")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain-Material comparison")
    parser.add_argument("--fail-on-target", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `npm ci` (make bench does).", file=sys.stderr)
        return 2
    if not Path(CHROME).exists():
        print(f"No Chromium at {CHROME}: run `make browser` or set CHROME_PATH.", file=sys.stderr)
        return 2

    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    site_url = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader).get("site_url") or "/"
    prefix = urlsplit(site_url).path

    rows, missed = [], []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        sites = {"handbook": (ROOT / "mkdocs.yml", tmp / "site")}
        if not args.no_plain:
            sites["plain Material"] = (plain_config(tmp), tmp / "plain-site")
        for name, (config, site) in sites.items():
            print(f"building {name} ...", flush=True)
            build_once(config, site)
        pages = ["", longest_chapter(sites["handbook"][1]), "checklist/"]
        for name, (_config, site) in sites.items():
            with serve_gzipped(site, prefix) as (base, served):
                for page in pages:
                    print(f"lighthouse: {name} /{page} x{args.lighthouse_runs} ...", flush=True)
                    runs = [lighthouse(base + page, tmp / "report.json", served) for _ in range(args.lighthouse_runs)]
                    # The median run by performance score (Lighthouse's advice for noisy machines).
                    result = sorted(runs, key=lambda r: (r["performance"], -r["tbt"]))[len(runs) // 2]
                    rows.append((name, page or "index (Start here)", result))
                    if name == "handbook":
                        low = [c for c in CATEGORIES if result[c] < MIN_SCORE]
                        if low or result["kib"] > MAX_KIB:
                            missed.append(f"{page or 'index'}: {low} {result['kib']:.1f} KiB")

        print(f"timing {args.runs} builds with the steps and {args.runs} with every step skipped ...", flush=True)
        config = ROOT / "mkdocs.yml"
        with_hooks, without = [], []
        for _ in range(args.runs):  # interleaved, so a busy machine slows both alike
            with_hooks.append(build_once(config, tmp / "t1", "hooks"))
            without.append(build_once(config, tmp / "t2", "nohooks"))
        profile = subprocess.run([PY, "-c", PROFILE, str(config), str(tmp / "t3")], cwd=ROOT,
                                 capture_output=True, text=True, check=True)
        per_hook = json.loads(profile.stdout.strip().splitlines()[-1])

    print("\n## Lighthouse (mobile preset, simulated slow 4G, Chromium " + CHROME + ")\n")
    print(table(rows))
    for name, page, r in rows:
        if r["failed"]:
            print(f"- {name} {page}: audits below 100%: {', '.join(r['failed'])}")
    med_h, med_n = statistics.median(with_hooks), statistics.median(without)
    print(f"\n## mkdocs build (median of {args.runs})\n")
    print(f"- with the steps: {med_h:.2f} s   (runs: {', '.join(f'{t:.2f}' for t in with_hooks)})")
    print(f"- steps skipped: {med_n:.2f} s   (runs: {', '.join(f'{t:.2f}' for t in without)})")
    print(f"- steps' share: {med_h - med_n:.2f} s = {100 * (med_h - med_n) / med_h:.0f}% of the build")
    print("- time in each hook (one instrumented build): " + ", ".join(
        f"{Path(h).name} {t:.3f} s" for h, t in sorted(per_hook.items(), key=lambda kv: -kv[1])))
    print("\nTargets (handbook pages): every score >= 98, <= 100 KiB without images: "
          + ("met" if not missed else "MISSED: " + "; ".join(missed)))
    return 1 if (missed and args.fail_on_target) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The accessibility and privacy gates, as plain functions on a Playwright page.

tests/test_browser_gates.py runs them on every built page of the handbook, and on fixture
pages with injected faults to prove that each gate reports what it should.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from conftest import ROOT

from handbook.urls import page_url

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Records CSP violations in the page (runs before the page's own scripts; an init script
# is not subject to the page's CSP).
CSP_LISTENER = """
window.__hbCsp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__hbCsp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${(e.sample || "").slice(0, 60)})`);
});
"""


@lru_cache(maxsize=1)
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_violations(page, tags=AXE_TAGS, rules: list[str] | None = None, exclude: list[str] | None = None) -> list[str]:
    """axe-core violations on the page, one line each: rule, impact, count, first targets.
    exclude: CSS selectors of parts axe skips (each is audited elsewhere)."""
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags}
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    results = _axe().run(page, context=context, options={"runOnly": run_only, "resultTypes": ["violations"]})
    lines = []
    for v in results.response["violations"]:
        targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} -- {targets}")
    return lines


def is_local(url: str, base: str) -> bool:
    """True for a request to the served site itself (same scheme, host and port)."""
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about", "chrome-error"):
        return True
    here, there = urlsplit(base), urlsplit(url)
    return (there.scheme, there.netloc) == (here.scheme, here.netloc)


@dataclass
class Watch:
    """What a browser context did while pages loaded: requests elsewhere, errors, CSP reports."""

    base: str
    external: list[str] = field(default_factory=list)  # every request to another host the page tried
    sent: list[str] = field(default_factory=list)  # ... of which reached the network layer (then aborted)
    console_errors: list[str] = field(default_factory=list)
    pages: list = field(default_factory=list)

    def problems(self) -> list[str]:
        """The privacy gate: every request to another host, CSP violation and console error."""
        return (
            [f"request to another host: {u}" for u in self.external]
            + [f"CSP violation: {v}" for v in self.csp_violations()]
            + [f"console error: {e}" for e in self.console_errors]
        )

    def csp_violations(self) -> list[str]:
        found = []
        for page in self.pages:
            try:
                found += page.evaluate("window.__hbCsp || []")
            except Exception:  # the page has closed or navigated away
                pass
        return found


def watch(context, base: str) -> Watch:
    """Record (and abort) every request to another host; collect console errors and CSP reports.

    Requests are intercepted with context.route, so nothing reaches the network; the
    "request" event also catches what routing never sees, such as a request the CSP blocked
    (an attempt still counts: the page asked for something from another host)."""
    seen = Watch(base)

    def route(route):
        url = route.request.url
        if is_local(url, base):
            route.continue_()
        else:
            seen.sent.append(url)
            if url not in seen.external:
                seen.external.append(url)
            route.abort("blockedbyclient")

    def on_request(request):
        if not is_local(request.url, base) and request.url not in seen.external:
            seen.external.append(request.url)

    def on_page(page):
        seen.pages.append(page)
        page.on("request", on_request)
        page.on("console", lambda m: m.type == "error" and seen.console_errors.append(m.text))
        page.on("pageerror", lambda e: seen.console_errors.append(f"uncaught: {e}"))

    context.add_init_script(CSP_LISTENER)
    context.route("**/*", route)
    context.on("page", on_page)
    return seen


# ---- In-page checks (JavaScript run with page.evaluate) ----

SMALL_CONTROLS = """
() => {
  // Buttons and form controls smaller than 24 x 24 CSS px (WCAG 2.5.8). A control's target
  // includes its <label>s, since a click on the label works the control.
  const out = [];
  // A control that is not drawn itself (the theme's hidden toggles, worked through a label)
  // is left to axe's target-size rule, which also applies the spacing exception.
  const sel = 'button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  for (const el of document.querySelectorAll(sel)) {
    const s = getComputedStyle(el);
    const own = el.getBoundingClientRect();
    if (!own.width || !own.height || s.visibility === 'hidden' || s.opacity === '0') continue;
    const boxes = [el, ...(el.labels || [])].map((e) => e.getBoundingClientRect()).filter((r) => r.width && r.height);
    const w = Math.max(...boxes.map((r) => r.right)) - Math.min(...boxes.map((r) => r.left));
    const h = Math.max(...boxes.map((r) => r.bottom)) - Math.min(...boxes.map((r) => r.top));
    if (w < 24 || h < 24) out.push(`${el.tagName.toLowerCase()}.${el.className || ''}#${el.id || ''} ${Math.round(w)}x${Math.round(h)}`);
  }
  return out;
}
"""

OVERFLOW = """
() => {
  // Page-level horizontal scrolling, and text cut off inside the content (WCAG 1.4.4/1.4.10/1.4.12).
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) out.push(`page scrolls sideways: ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`);
  for (const el of document.querySelectorAll('.md-content :is(p, li, h1, h2, h3, h4, td, th, label, summary, .admonition-title)')) {
    const s = getComputedStyle(el);
    if (!el.offsetParent) continue;
    const clipsX = ['hidden', 'clip'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const clipsY = ['hidden', 'clip'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (clipsX || clipsY) out.push(`text cut off in <${el.tagName.toLowerCase()}>: ${el.textContent.trim().slice(0, 50)}`);
  }
  return out;
}
"""

FOCUS_STATE = """
() => {
  // The focused element, what shows its focus (itself, or the visible stand-in of a hidden
  // input) and whether that shows a ring and is not hidden behind anything (WCAG 2.4.7, 2.4.11).
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  let shown = el;
  const r0 = el.getBoundingClientRect();
  const hidden = r0.width < 2 || r0.height < 2 || getComputedStyle(el).opacity === '0';
  if (hidden && el.matches('.tabbed-set > input')) shown = el.parentElement.querySelector('.tabbed-labels');
  else if (hidden && el.matches('.md-option'))  // the palette toggle: whichever of its labels is shown
    shown = [...el.parentElement.querySelectorAll(':scope > label')].find((l) => getComputedStyle(l).display !== 'none') || el;
  else if (hidden && el.labels && el.labels.length) shown = el.labels[0];
  const s = getComputedStyle(shown);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
  const r = shown.getBoundingClientRect();
  const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 2, r.top + 2], [r.right - 2, r.bottom - 2]];
  const visible = r.width > 0 && r.height > 0 && points.some(([x, y]) => {
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === shown || shown.contains(hit) || hit.contains(shown) || el.contains(hit));
  });
  const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
  return {name, ring, visible};
}
"""


# The disclaimer and crisis box: present, visible, of some size and not covered by anything
# (tests/test_browser_gates.py in the light and 320 px visits; test_security_cases.py in dark
# and print). Returns one line per problem.
NOTICES_SEEN = """
() => ["disclaimer", "crisis-help"].map((id) => {
  const el = document.getElementById(id);
  if (!el) return `#${id} is missing`;
  el.scrollIntoView({block: "center"});
  const r = el.getBoundingClientRect();
  if (r.width < 20 || r.height < 20) return `#${id} has no size (${r.width}x${r.height})`;
  if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true}))
    return `#${id} is hidden`;
  for (const fx of [0.25, 0.5, 0.75]) {
    const x = r.left + r.width * fx, y = Math.min(Math.max(r.top + r.height / 2, 1), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    if (!top || !(top === el || el.contains(top)))
      return `#${id} is covered at ${Math.round(x)},${Math.round(y)} by ${top ? top.outerHTML.slice(0, 80) : "nothing"}`;
  }
  return null;
}).filter(Boolean)
"""


def handbook_pages() -> list[str]:
    """Every page the build makes: one per docs/*.md, the print page and the 404 page."""
    pages = [page_url(md.name) for md in sorted((ROOT / "docs").glob("*.md"))]
    return pages + ["print_page/", "404.html"]

"""Make the consent checklist a real, labelled, saveable form (docs/checklist.md).

Writers keep writing plain task lists (`- [ ] item`). On the checklist page this hook:

- turns each task-list item into `<input type="checkbox" id=... data-hb-item=...>` +
  `<label for=...>item text</label>`: enabled, clickable (mouse and keyboard) and announced
  with its text by screen readers. The id is the item's own stable key, written at the end
  of the item as `{#some-key}` (shown to nobody): saved answers are keyed by it, so editing
  an item's words never drops a reader's tick. An item without a key, or a key used twice,
  fails the strict build (the message suggests a key); the id then falls back to one
  derived from the text (a slug plus a short hash);
- adds the form's head before the first section (overrides/partials/checklist-head.html:
  the edition as printed from config.extra.build, name and date lines, the "Clear my
  answers" button, the PDF links);
- replaces the writer's `<!-- checklist-notes -->` placeholder with the notes block
  (overrides/partials/checklist-notes.html: text areas on screen, ruled lines on paper),
  or adds it at the end if the placeholder is gone.

Saving in the browser is docs/assets/javascripts/checklist.js (localStorage only; nothing
leaves the device). Runs before print-site, so the printed packet gets the same form.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from bs4 import BeautifulSoup, NavigableString, Tag
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

from pdf_link import generated_outputs

log = get_plugin_logger(__name__)

CHECKLIST_PAGE = "checklist.md"
NOTES_PLACEHOLDER = "<!-- checklist-notes -->"
HEAD_PARTIAL = "partials/checklist-head.html"
NOTES_PARTIAL = "partials/checklist-notes.html"
ID_PREFIX = "cl-"
# Elements that end a task-list item's label (a nested list, a paragraph, ...).
_BLOCK = {"ul", "ol", "p", "div", "table", "blockquote", "pre", "dl", "details", "figure"}

# ---- Hooks ----


@event_priority(50)  # before print-site copies the page into the print page
def on_page_content(html: str, *, page, config, files) -> str:
    if page.file.src_uri != CHECKLIST_PAGE:
        return html
    problems: list[str] = []
    html, count = label_task_items(html, problems)
    for problem in problems:
        log.warning("%s: %s", CHECKLIST_PAGE, problem)
    if count == 0:
        log.warning("%s has no task-list items (`- [ ] item`); the checklist form is empty.", CHECKLIST_PAGE)
    env = config.theme.get_env()
    outputs = generated_outputs(config)
    context = {
        "config": config,
        "build": (config.extra or {}).get("build") or {},
        "pdf": {name: get_relative_url(path, page.url or ".") for name, path in outputs.items()},
    }
    head = env.get_template(HEAD_PARTIAL).render(**context)
    notes = env.get_template(NOTES_PARTIAL).render(**context)
    return add_notes(add_head(html, head), notes)


# ---- Helper functions ----


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def item_id(text: str, taken: set[str] | frozenset = frozenset()) -> str:
    """A stable, readable id for an item: `cl-` + first words + 6 hex of the full text's hash."""
    text = normalise(text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = "-".join(words[:6])[:40].rstrip("-") or "item"
    digest = hashlib.sha1(text.lower().encode("utf-8")).hexdigest()[:6]
    base = f"{ID_PREFIX}{slug}-{digest}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


_KEY_RE = re.compile(r"\s*\{#(?P<key>[a-z0-9][a-z0-9-]{0,60})\}\s*$")


def take_key(label: Tag) -> str | None:
    """Remove the item's `{#key}` (at the end of its text) and return the key, if it has one.
    The key may have been split by other markup (a glossary <abbr> inside it)."""
    full = label.get_text()
    match = _KEY_RE.search(full)
    if match is None:
        return None
    remaining = len(full) - match.start()
    for node in reversed([n for n in label.descendants if isinstance(n, NavigableString)]):
        if remaining <= 0:
            break
        text = str(node)
        if len(text) <= remaining:
            remaining -= len(text)
            node.extract()
        else:
            node.replace_with(NavigableString(text[: len(text) - remaining]))
            remaining = 0
    for tag in label.find_all(True):
        if not tag.get_text() and tag.name not in ("img", "br", "input"):
            tag.decompose()
    return match.group("key")


def label_task_items(html: str, problems: list[str] | None = None) -> tuple[str, int]:
    """Rewrite task-list checkboxes into enabled, labelled checkboxes. Returns (html, count).
    Items without a `{#key}`, or with a key used before, are added to `problems`."""
    soup = BeautifulSoup(html, "html.parser")
    taken: set[str] = set()
    count = 0
    for li in soup.select("li.task-list-item"):
        box = li.find("input", attrs={"type": "checkbox"})
        if box is None or box.find_parent("li") is not li:
            continue
        label = soup.new_tag("label")
        for sibling in list(box.next_siblings):
            if isinstance(sibling, Tag) and sibling.name in _BLOCK:
                break
            label.append(sibling.extract())
        _strip_leading_space(label)
        key = take_key(label)
        ident = ID_PREFIX + key if key else None
        if ident is None or ident in taken:
            suggestion = item_id(label.get_text(" "), taken)
            if problems is not None:
                why = f"uses the key {{#{key}}} again" if key else "has no stable key"
                problems.append(f"the item \"{normalise(label.get_text(' '))[:70]}\" {why}. Saved answers are "
                                f"keyed by it. Fix: end the item with {{#{suggestion[len(ID_PREFIX):]}}} (any "
                                "short, unique, lower-case key; never change it once published).")
            ident = suggestion
        taken.add(ident)
        label["for"] = ident
        label["class"] = ["hb-check__label"]
        checked = box.has_attr("checked")
        box.attrs = {
            "type": "checkbox",
            "id": ident,
            "name": ident,
            "class": ["hb-check"],
            "data-hb-item": ident,
            "autocomplete": "off",
        }
        if checked:
            box["checked"] = ""
        box.insert_after(label)
        # A line break between <li> and <input>: print-site renames ids with a regex that
        # runs from an <li> to the next id on the same line, which would rename this
        # checkbox twice and detach it from its label on the print page.
        box.insert_before(NavigableString("\n"))
        li["class"] = li.get("class", []) + ["hb-check-item"]
        count += 1
    return str(soup), count


def _strip_leading_space(label: Tag) -> None:
    first = label.contents[0] if label.contents else None
    if isinstance(first, NavigableString):
        first.replace_with(NavigableString(first.lstrip()))


def add_head(html: str, head: str) -> str:
    """Put the form's head right before the first H2 (or at the end if there is none)."""
    at = html.find("<h2")
    return html + head if at == -1 else html[:at] + head + "\n" + html[at:]


def add_notes(html: str, notes: str) -> str:
    """Replace the writer's notes placeholder with the notes block (or append it)."""
    if NOTES_PLACEHOLDER in html:
        return html.replace(NOTES_PLACEHOLDER, notes, 1)
    return html + "\n" + notes

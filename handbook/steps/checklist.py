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

from mkdocs.utils import get_relative_url

from handbook import html as parser
from handbook.config import generated_outputs
from handbook.logs import step_logger

log = step_logger(__name__)
RUNS_AFTER = {"check_content_safety": "content safety must judge what contributors wrote, before this step adds markup"}

CHECKLIST_PAGE = "checklist.md"
NOTES_PLACEHOLDER = "<!-- checklist-notes -->"
HEAD_PARTIAL = "partials/checklist-head.html"
NOTES_PARTIAL = "partials/checklist-notes.html"
ID_PREFIX = "cl-"
# Elements that end a task-list item's label (a nested list, a paragraph, ...).
_BLOCK = {"ul", "ol", "p", "div", "table", "blockquote", "pre", "dl", "details", "figure"}

# ---- Hooks ----


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
_KEEP_EMPTY = ("img", "br", "input")


def take_key(label) -> str | None:
    """Remove the item's `{#key}` (at the end of its text) from `label` (a parsed node) and
    return the key, if it has one. The key may have been split by other markup (a glossary
    <abbr> inside it); elements the removal leaves empty go too (others, like an empty
    answer line, stay)."""
    full = label.text(deep=True)
    match = _KEY_RE.search(full)
    if match is None:
        return None
    remaining = len(full) - match.start()
    texts = [node for node in label.traverse(include_text=True) if node.tag == "-text"]
    emptied = []  # elements that held text the key took: removed if nothing else is left in them
    for node in reversed(texts):
        if remaining <= 0:
            break
        text = node.text(deep=False)
        if len(text) <= remaining:
            remaining -= len(text)
            if node.parent is not None and node.parent.mem_id != label.mem_id:
                emptied.append(node.parent)
            node.decompose()
        else:
            node.replace_with(text[: len(text) - remaining])
            remaining = 0
    for node in emptied:  # e.g. a glossary <abbr> the key ran through
        if node.tag not in _KEEP_EMPTY and not node.text(deep=True) and not node.css_first(", ".join(_KEEP_EMPTY)):
            node.decompose()
    return match.group("key")


def label_task_items(html: str, problems: list[str] | None = None) -> tuple[str, int]:
    """Rewrite task-list checkboxes into enabled, labelled checkboxes. Returns (html, count).
    Items without a `{#key}`, or with a key used before, are added to `problems`."""
    tree = parser.fragment(html)
    taken: set[str] = set()
    count = 0
    for li in tree.css("li.task-list-item"):
        box = next((b for b in li.css('input[type="checkbox"]') if _closest_li(b).mem_id == li.mem_id), None)
        if box is None:
            continue
        parts, sibling = [], box.next
        while sibling is not None and not (sibling.is_element_node and sibling.tag in _BLOCK):
            parts.append(sibling)
            sibling = sibling.next
        inner = "".join(part.html or "" for part in parts).lstrip()
        label = parser.parse_node(f'<label class="hb-check__label">{inner}</label>')
        key = take_key(label)
        ident = ID_PREFIX + key if key else None
        if ident is None or ident in taken:
            suggestion = item_id(label.text(deep=True, separator=" "), taken)
            if problems is not None:
                why = f"uses the key {{#{key}}} again" if key else "has no stable key"
                problems.append(f"the item \"{normalise(label.text(deep=True, separator=' '))[:70]}\" {why}. Saved "
                                f"answers are keyed by it. Fix: end the item with {{#{suggestion[len(ID_PREFIX):]}}} "
                                "(any short, unique, lower-case key; never change it once published).")
            ident = suggestion
        inner = "".join(child.html or "" for child in label.iter(include_text=True)).rstrip()
        taken.add(ident)
        checked = " checked" if "checked" in box.attributes else ""
        # A line break between <li> and <input>: print-site renames ids with a regex that
        # runs from an <li> to the next id on the same line, which would rename this
        # checkbox twice and detach it from its label on the print page.
        markup = (
            f'\n<input type="checkbox" id="{ident}" name="{ident}" class="hb-check" data-hb-item="{ident}"'
            f'{checked}><label for="{ident}" class="hb-check__label">{inner}</label>'
        )
        for part in parts:
            part.decompose()
        for node in parser.nodes(markup):
            box.insert_before(node)
        box.decompose()
        parser.add_class(li, "hb-check-item")
        count += 1
    return (tree.html if count else html), count


def _closest_li(node):
    parent = node.parent
    while parent is not None and parent.tag != "li":
        parent = parent.parent
    return parent


def add_head(html: str, head: str) -> str:
    """Put the form's head right before the first H2 (or at the end if there is none)."""
    at = html.find("<h2")
    return html + head if at == -1 else html[:at] + head + "\n" + html[at:]


def add_notes(html: str, notes: str) -> str:
    """Replace the writer's notes placeholder with the notes block (or append it)."""
    if NOTES_PLACEHOLDER in html:
        return html.replace(NOTES_PLACEHOLDER, notes, 1)
    return html + "\n" + notes

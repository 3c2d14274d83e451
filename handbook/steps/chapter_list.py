"""Start here's road-map picture and chapter list, both made from one list of groups.

data/roadmap.yml groups the pages of mkdocs.yml `nav` (Learn, Decide, If you go ahead, Look
things up). A writer puts, each on a line of its own:

- `<!-- roadmap -->`       the picture: one box per group, each with its chapters;
- `<!-- chapter-list -->`  the same groups as lists, each chapter with its front-matter
                           `description`.

In the picture, each group's name has a small drawing (its `icon`: one of the names in
ICONS, such as `book` or `scale`), hidden from screen readers as the name says the same.

Both come from the same groups, so the picture and the list cannot disagree, and both are
checked against the nav: every page after the one carrying the marker is in exactly one
group, pages keep their nav order inside a group, and no group has more than 7 pages (CDC
Clear Communication Index item 8). A broken rule is a warning naming the file and the fix
(strict builds fail). Each chapter keeps its number, as the printed packet numbers its
chapter headings (print-site's `enumerate_headings` counts the nav from 1, Start here
included); on paper each entry also gets its page number (scripts/make_pdf.py: "(page N)").
Without data/roadmap.yml (a test fixture), the list is one numbered list in nav order.

The printed contents follow the same groups. print-site's script builds the print page's
contents in the browser, by copying the list in the page's right-hand sidebar (its
"Table of contents", one flat list of every chapter). So after print-site has written the
print page, this step groups that sidebar list (`group_contents`): Start here on its own,
then one item per group, "A. Learn", holding a list of its chapters, so no list of the
contents has more than 7 items (CDC Clear Communication Index item 8), on screen and on paper.
No script of ours is needed (the CSP allows none inline); print-site's copies the grouped
list as it is, and scripts/make_pdf.py adds each chapter's page number as before.

The site's menu (Material's left-hand sidebar, the ☰ menu on a phone) follows the same groups
on every page (`group_primary_nav`, after MkDocs renders the page): a bold "A. Learn" over its
chapters, so a reader never meets the 20 chapters as one list. The nav itself stays flat, so
print-site's chapter numbers, and the packet's, do not change.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from mkdocs.utils import get_relative_url

from handbook import frontmatter, lists
from handbook import html as parser
from handbook.config import in_print_page, print_page_path
from handbook.logs import step_logger
from handbook.markdown_source import replace_marker
from handbook.selectors import PRINT_PAGE_FILE

log = step_logger(__name__)

RUNS_AFTER = {"check_content_safety": "content safety must judge what contributors wrote first"}

MARKER = "<!-- chapter-list -->"
ROADMAP_MARKER = "<!-- roadmap -->"
GROUPS_FILE = "data/roadmap.yml"
MAX_PAGES = lists.MAX_ITEMS  # CDC Clear Communication Index item 8: no list over 7 items

_state: dict = {"groups": None, "keys": {}}

# ---- Hooks ----


def on_config(config, **kwargs):
    _state["groups"] = load_groups(Path(config.config_file_path).parent)
    return config


def on_nav(nav, *, config, files):
    from handbook.steps.check_notice_visibility import print_key

    # Each page's section id on the print page (print-site's key of its URL: `trd`, `index`).
    _state["keys"] = {page.file.src_uri: print_key(page.url) for page in nav.pages}
    _state["urls"] = {page.file.src_uri: page.url for page in nav.pages}
    return nav


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    if MARKER not in markdown and ROADMAP_MARKER not in markdown:
        return markdown
    chapters = nav_pages(config.nav or [])
    current = page.file.src_uri
    groups = _state.get("groups")
    if groups is not None:
        for problem in check_groups(groups, chapters, current):
            log.warning("%s (used by %s): %s", GROUPS_FILE, current, problem)
    descriptions, urls = {}, {}
    for _title, src in chapters:
        file = files.get_file_from_path(src)
        if file is not None:
            descriptions[src] = str((frontmatter.meta(file.content_string) or {}).get("description") or "")
            urls[src] = get_relative_url(file.url, page.url or ".")
    web_only = frozenset(src for _t, src in chapters
                         if config.plugins.get("print-site") and not in_print_page(config, src))
    for marker, listing in ((MARKER, lambda: chapter_list(chapters, current, descriptions, urls, groups)),
                            (ROADMAP_MARKER, lambda: roadmap(chapters, urls, groups or [], web_only))):
        if marker not in markdown:
            continue
        markdown, done = replace_marker(markdown, marker, listing())
        if not done:
            log.warning("%s: `%s` must be on a line of its own (not in code). Fix: move it.", current, marker)
    return markdown


def on_post_page(output: str, *, page, config) -> str:
    groups = _state.get("groups")
    if not groups or page.file.src_uri == PRINT_PAGE_FILE:
        return output
    url_of = _state.get("urls") or {}
    titled = [(f"{part_letter(index)}. {group.get('title') or ''}",
               [url_of[str(p)] for p in (group.get("pages") or []) if str(p) in url_of])
              for index, group in enumerate(groups)]
    return group_primary_nav(output, page.url, titled)


def on_post_build(config, **kwargs) -> None:
    path = print_page_path(config)
    groups = _state.get("groups")
    if not groups or path is None or not path.exists():
        return
    key_of = _state.get("keys") or {}
    titled = [(f"{part_letter(index)}. {group.get('title') or ''}",
               [key_of[str(p)] for p in (group.get("pages") or []) if str(p) in key_of])
              for index, group in enumerate(groups)]
    html, done = group_contents(path.read_text(encoding="utf-8"), titled)
    if done:
        path.write_text(html, encoding="utf-8")
    else:
        log.warning("print page %s: no contents list in its sidebar to group (print-site copies it into the "
                    "printed contents). Fix: keep `add_table_of_contents: true` and `toc_depth: 1` for "
                    "print-site in mkdocs.base.yml.", path.relative_to(config.site_dir))


# ---- Helper functions ----


#: The list print-site's script copies into the printed contents (its generate_toc: the first
#: <ul> of the page's right-hand sidebar).
CONTENTS = ".md-sidebar--secondary ul"
GROUP_ITEM = '<li class="md-nav__item hb-toc-group"><span class="hb-toc-group__title">{title}</span>' \
             '<ul class="md-nav__list">{items}</ul></li>'


#: The site's menu: Material's left-hand sidebar (on a phone, the menu behind the ☰ button).
PRIMARY = "nav.md-nav--primary > ul.md-nav__list"
NAV_GROUP_ITEM = '<li class="md-nav__item hb-nav-group"><span class="hb-nav-group__title" id="{id}">{title}</span>' \
                 '<ul class="md-nav__list" aria-labelledby="{id}">{items}</ul></li>'


def group_primary_nav(html: str, page_url: str, groups: list[tuple[str, list[str]]]) -> str:
    """The page with its menu in the road-map's groups, as the printed contents are: Start here
    on its own, then each group's title over its chapters, so the menu is not one list of 20
    (CDC Clear Communication Index item 8). `groups`: [(title, [page URL, such as "trd/"])].
    Each menu entry is matched by where its link leads from `page_url`; entries keep their
    order and markup (the open page's entry keeps its contents). A menu whose entries are not
    all page links is left as it is."""
    tree = parser.document(html)
    menu = tree.css_first(PRIMARY)
    if menu is None:
        return html
    items = parser.children(menu, "li")
    base = "https://site.invalid/" + (page_url or "")
    by_key: dict[str, str] = {}
    for item in items:
        link = next((child for child in parser.children(item, "a") if child.attributes.get("href") is not None), None)
        if link is None:
            return html
        target = urlsplit(urljoin(base, link.attributes.get("href") or ""))
        by_key[target.path[1:]] = item.html or ""
    if len(by_key) != len(items) or not items:
        return html
    markup = []
    for number, (title, keys) in enumerate(contents_parts(list(by_key), groups), start=1):
        entries = "".join(by_key[key] for key in keys)
        markup.append(NAV_GROUP_ITEM.format(id=f"hb-nav-part-{number}", title=escape(title), items=entries)
                      if title else entries)
    parser.clear(menu)
    parser.append_html(menu, "".join(markup))
    return tree.html


def contents_parts(keys: list[str], groups: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """`[(title, [key, ...])]`: the contents' entries (print-page section ids, in order) as parts.
    Entries of one group that follow each other form one part with the group's title; an entry
    in no group (Start here) is a part of its own with no title ("")."""
    group_of = {key: title for title, members in groups for key in members}
    parts: list[tuple[str, list[str]]] = []
    for key in keys:
        title = group_of.get(key, "")
        if title and parts and parts[-1][0] == title:
            parts[-1][1].append(key)
        else:
            parts.append((title, [key]))
    return parts


def group_contents(html: str, groups: list[tuple[str, list[str]]]) -> tuple[str, bool]:
    """The print page with its sidebar contents grouped: each entry in a group moves into a
    list under the group's title; entries keep their order, links and text. Returns
    (html, whether the page had a contents list)."""
    tree = parser.document(html)
    contents = tree.css_first(CONTENTS)
    if contents is None:
        return html, False
    items = parser.children(contents, "li")
    by_key: dict[str, str] = {}
    for item in items:
        link = item.css_first('a[href^="#"]')
        by_key[(link.attributes.get("href") or "#")[1:] if link is not None else ""] = item.html or ""
    if "" in by_key or not items:
        return html, bool(items)  # not one chapter link an item: not print-site's list; leave it
    markup = []
    for title, keys in contents_parts(list(by_key), groups):
        entries = "".join(by_key[key] for key in keys)
        markup.append(GROUP_ITEM.format(title=escape(title), items=entries) if title else entries)
    parser.clear(contents)
    parser.append_html(contents, "".join(markup))
    return tree.html, True



def load_groups(root: Path) -> list[dict] | None:
    """The groups of data/roadmap.yml, or None when the project has none (or it is unreadable:
    check_groups then reports it)."""
    path = Path(root) / GROUPS_FILE
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        log.warning("%s cannot be read: %s", GROUPS_FILE, error)
        return []
    groups = data.get("groups") if isinstance(data, dict) else None
    return [g for g in groups if isinstance(g, dict)] if isinstance(groups, list) else []


def nav_pages(nav) -> list[tuple[str, str]]:
    """[(title, docs path)] of every page in the nav, in order (sections flattened)."""
    out = []
    for entry in nav:
        if isinstance(entry, str):
            out.append((entry, entry))
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    if "://" not in value:
                        out.append((str(title), value))
                elif isinstance(value, list):
                    out.extend(nav_pages(value))
    return out


def check_groups(groups: list[dict], chapters: list[tuple[str, str]], current: str) -> list[str]:
    """Problems with the groups: each says what is wrong and how to fix it."""
    if not groups:
        return ["has no `groups`. Fix: list the groups, each with `title`, `about` and `pages`."]
    srcs = [src for _title, src in chapters]
    after = srcs[srcs.index(current) + 1:] if current in srcs else srcs
    position = {src: n for n, src in enumerate(srcs)}
    problems, seen = [], {}
    for number, group in enumerate(groups, start=1):
        title = str(group.get("title") or "")
        name = f"group {number} ('{title}')" if title else f"group {number}"
        if not title:
            problems.append(f"{name} has no `title`. Fix: give it a short name, such as 'Decide'.")
        drawing = group.get("icon")
        if not drawing:
            problems.append(f"{name} has no `icon`, the small drawing next to its name in the road-map picture. "
                            f"Fix: add `icon:` with one of: {', '.join(sorted(ICONS))}.")
        elif str(drawing) not in ICONS:
            problems.append(f"{name} has `icon: {drawing}`, which is not a drawing the road-map has. "
                            f"Fix: use one of: {', '.join(sorted(ICONS))}.")
        pages = [str(p) for p in (group.get("pages") or [])]
        if not pages:
            problems.append(f"{name} has no `pages`. Fix: list its pages or remove the group.")
        if len(pages) > MAX_PAGES:
            problems.append(f"{name} has {len(pages)} pages, more than {MAX_PAGES} (a list a reader can take in). "
                            "Fix: split it into two groups.")
        for page in pages:
            if page not in position:
                problems.append(f"{name} lists '{page}', which is not in mkdocs.yml `nav`. Fix: remove it, or add it to the nav.")
            elif page not in after:
                problems.append(f"{name} lists '{page}', which comes before {current} in the nav. Fix: remove it.")
            elif page in seen:
                problems.append(f"'{page}' is in {seen[page]} and in {name}. Fix: keep it in one group only.")
            else:
                seen[page] = name
        known = [p for p in pages if p in position]
        if known != sorted(known, key=position.get):
            problems.append(f"{name} lists its pages out of the nav's order ({', '.join(known)}). "
                            "Fix: list them in the order of mkdocs.yml `nav`.")
    for page in after:
        if page not in seen:
            problems.append(f"'{page}' is in mkdocs.yml `nav` but in no group. Fix: add it to the group it belongs to.")
    # The printed handbook follows the nav: a group whose chapters are not next to each other
    # there sends a paper reader back and forth, and its numbers jump (PEMAT item 10).
    grouped = [p for p in after if p in seen]
    runs = [seen[p] for n, p in enumerate(grouped) if n == 0 or seen[grouped[n - 1]] != seen[p]]
    for name in dict.fromkeys(r for r in runs if runs.count(r) > 1):
        problems.append(f"{name}'s chapters are not next to each other in mkdocs.yml `nav`, so the printed "
                        "handbook (which follows the nav) splits the group. Fix: move its chapters together in the nav.")
    return problems


def _grouped(chapters, current, urls, groups):
    """[(group title, about, [(number, title, src)])]: the groups, or one untitled group of
    every chapter after `current` when there are none."""
    numbered = {src: (number, title) for number, (title, src) in enumerate(chapters, start=1)}
    if not groups:
        srcs = [src for _title, src in chapters]
        after = srcs[srcs.index(current) + 1:] if current in srcs else srcs
        return [("", "", [(*numbered[s], s) for s in after if s in urls])]
    out = []
    for group in groups:
        pages = [str(p) for p in (group.get("pages") or []) if str(p) in numbered and str(p) in urls]
        out.append((str(group.get("title") or ""), str(group.get("about") or ""), [(*numbered[s], s) for s in pages]))
    return out


def chapter_list(chapters: list[tuple[str, str]], current: str, descriptions: dict[str, str],
                 urls: dict[str, str], groups: list[dict] | None = None) -> str:
    """HTML: per group, its name and an ordered list of its chapters, each numbered by its nav
    position (`value`: Markdown lists always restart at 1) and described."""
    parts = []
    for index, (title, about, pages) in enumerate(_grouped(chapters, current, urls, groups)):
        letter = part_letter(index)
        items = [
            f'<li value="{number}"><a href="{escape(urls[src])}">{escape(name)}</a>. '
            f'{escape(descriptions.get(src, "").strip())}</li>'
            for number, name, src in pages
        ]
        if not items:
            continue
        if title:
            parts.append(f'<p class="hb-chapter-group"><strong>{letter}. {escape(title)}</strong>: {escape(about)}</p>')
        parts.append(f'<ol class="hb-chapter-list" start="{pages[0][0]}">\n' + "\n".join(items) + "\n</ol>")
    return "\n".join(parts) or '<ol class="hb-chapter-list"></ol>'


SCREEN_ONLY_ATTR = ' class="hb-screen-only"'

#: The small drawing a group may show next to its name (`icon` in data/roadmap.yml): a few
#: strokes in currentColor on the page colour (tools.css `.hb-svg-*`), so it follows dark mode
#: and prints in black. Drawn here, not by contributors, so the road-map's SVG is fixed and safe.
ICONS = {
    "book": (  # Learn: an open book
        '<path class="hb-svg-light" d="M24 12 Q14 6 4 9 V39 Q14 36 24 42 Z"/>'
        '<path class="hb-svg-light" d="M24 12 Q34 6 44 9 V39 Q34 36 24 42 Z"/>'
        '<path class="hb-svg-thin" d="M9 17 Q14 15 19 17 M9 23 Q14 21 19 23 M29 17 Q34 15 39 17 M29 23 Q34 21 39 23"/>'
    ),
    "scale": (  # Decide: a balance scale
        '<path class="hb-svg-line" d="M24 8 V42 M14 43 H34 M6 12 H42"/>'
        '<path class="hb-svg-thin" d="M6 12 L2 27 M6 12 L10 27 M42 12 L38 27 M42 12 L46 27"/>'
        '<path class="hb-svg-light" d="M1 27 H11 Q6 35 1 27 Z M37 27 H47 Q42 35 37 27 Z"/>'
        '<circle class="hb-svg-fill" cx="24" cy="8" r="3"/>'
    ),
    "door": (  # If you go ahead: a clinic door
        '<rect class="hb-svg-light" x="9" y="4" width="30" height="39" rx="1"/>'
        '<path class="hb-svg-line" d="M24 10 V22 M18 16 H30 M3 44 H45"/>'
        '<circle class="hb-svg-fill" cx="33" cy="29" r="2.5"/>'
    ),
    "calendar": (  # a calendar page
        '<rect class="hb-svg-light" x="5" y="8" width="38" height="35" rx="2"/>'
        '<path class="hb-svg-line" d="M5 17 H43 M14 4 V11 M34 4 V11"/>'
        '<path class="hb-svg-fill" d="M11 23 h6 v5 h-6 Z M21 23 h6 v5 h-6 Z M31 23 h6 v5 h-6 Z M11 32 h6 v5 h-6 Z M21 32 h6 v5 h-6 Z"/>'
    ),
    "magnifier": (  # Look things up: a magnifying glass
        '<path class="hb-svg-light" d="M31 27 L45 41 L41 45 L27 31 Z"/>'
        '<circle class="hb-svg-light" cx="20" cy="20" r="13"/>'
        '<path class="hb-svg-thin" d="M13 17 Q14 12 19 11"/>'
    ),
}


def icon(name: str) -> str:
    """The inline SVG of a road-map icon: hidden from screen readers (the group's name, next to
    it, says the same), or "" for a name that is not in ICONS."""
    drawing = ICONS.get(name)
    if drawing is None:
        return ""
    return (f'<svg class="hb-drawing hb-roadmap__icon hb-roadmap__icon--{name}" viewBox="0 0 48 48" '
            f'aria-hidden="true" focusable="false">{drawing}</svg>')


def part_letter(index: int) -> str:
    """Parts are lettered (A, B, C ...), so they never read as chapter numbers (1 to 21)."""
    return chr(ord("A") + index)


def roadmap(chapters: list[tuple[str, str]], urls: dict[str, str], groups: list[dict],
            web_only: frozenset[str] = frozenset()) -> str:
    """HTML: the road-map picture, one box per group with its chapters (number and name).

    Chapters in `web_only` (print-site `exclude`, e.g. What changed) are screen-only in the
    picture, so the printed road-map names only chapters the printed handbook has."""
    sections = []
    for index, (title, about, pages) in enumerate(_grouped(chapters, "", urls, groups)):
        letter = part_letter(index)
        items = "\n".join(f'<li value="{number}"{SCREEN_ONLY_ATTR if src in web_only else ""}>'
                          f'<a href="{escape(urls[src])}">{escape(name)}</a></li>'
                          for number, name, src in pages)
        drawing = icon(str(groups[index].get("icon") or "")) if index < len(groups) else ""
        sections.append(
            f'<section class="hb-roadmap__group">\n<p class="hb-roadmap__title">{drawing}{letter}. {escape(title)}</p>\n'
            f'<p class="hb-roadmap__about">{escape(about[:1].upper() + about[1:])}.</p>\n'
            f'<ol>\n{items}\n</ol>\n</section>'
        )
    names = ", then ".join(escape(t) for t, _a, _p in _grouped(chapters, "", urls, groups))
    return (
        '<figure class="hb-figure hb-roadmap-figure">\n<div class="hb-roadmap">\n' + "\n".join(sections) + "\n</div>\n"
        f"<figcaption>How this handbook is laid out: {names}. The numbers are the chapters' "
        "numbers.</figcaption>\n</figure>"
    )

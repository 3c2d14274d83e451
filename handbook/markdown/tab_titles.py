"""On paper, every content tab is shown under its own tab name as a heading.

On screen a tab set (pymdownx.tabbed, alternate style) shows one panel at a time, with
the tab names as clickable labels. Paper cannot click, so the print styles show every
panel. This extension copies each tab's name into its panel as a real heading
(`<hN class="hb-tab-title">`, one level below the heading the tab set sits under), so the
printed and tagged PDF reads "IV infusion" (heading) + its text, then the next tab, and so on.
The headings are hidden on screen (the labels do that job there) and the labels are hidden
on paper (assets/stylesheets/print.css).
"""

from __future__ import annotations

from markdown import Extension

from handbook import html as parser
from handbook.markdown import HtmlTransform, logger, page_uri
from handbook.selectors import TAB_TITLE_CLASS

log = logger(__name__)

TITLE_CLASS = TAB_TITLE_CLASS
_HEADINGS = "h1, h2, h3, h4, h5, h6"
PRIORITY = 3  # postprocessors: before print_urls (2) and table_regions (1), as the steps ran

# ---- The extension (`handbook.markdown.tab_titles` in mkdocs.base.yml) ----


class TabTitlesExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(HtmlTransform(md, lambda html: titled(html, md)), "hb_tab_titles", PRIORITY)


def makeExtension(**kwargs):
    return TabTitlesExtension(**kwargs)


def titled(html: str, md=None) -> str:
    """The page with its tab names as headings; a tab set that cannot be titled is a warning."""
    if "tabbed-set" not in html:
        return html
    new_html, problems = add_tab_titles(html)
    for problem in problems:
        log.warning("%s: %s", (page_uri(md) if md else None) or "a page", problem)
    return new_html


# ---- Helper functions ----


def _children(node, css_class: str, tag: str | None = None):
    child = node.child if node is not None else None
    while child is not None:
        if child.is_element_node and css_class in parser.classes(child) and (tag is None or child.tag == tag):
            yield child
        child = child.next


def _first_element(node):
    child = node.child
    while child is not None and not child.is_element_node:
        child = child.next
    return child


def add_tab_titles(html: str) -> tuple[str, list[str]]:
    """Insert a heading with the tab's name at the top of every tab panel (outer sets first,
    so a nested set's titles sit one level below its panel's title)."""
    tree = parser.fragment(html)
    problems: list[str] = []
    changed = False
    count = len(tree.css("div.tabbed-set"))
    for index in range(count):
        tabset = tree.css("div.tabbed-set")[index]
        labels_box = next(_children(tabset, "tabbed-labels"), None)
        content = next(_children(tabset, "tabbed-content"), None)
        labels = [c for c in (labels_box.iter() if labels_box is not None else ()) if c.tag == "label"]
        blocks = list(_children(content, "tabbed-block"))
        if len(labels) != len(blocks):
            problems.append(f"a tab set has {len(labels)} tab names but {len(blocks)} panels; cannot title them for print")
            continue
        level = min(heading_level_before(tree, tabset) + 1, 6)
        for label, block in zip(labels, blocks, strict=True):  # equal lengths, checked above
            first = _first_element(block)
            if first is not None and TITLE_CLASS in parser.classes(first):
                continue
            heading = parser.parse_node(f'<h{level} class="{TITLE_CLASS}">{label.inner_html}</h{level}>')
            if block.child is not None:
                block.child.insert_before(heading)
            else:
                block.insert_child(heading)
            changed = True
    return (tree.html if changed else html), problems


def heading_level_before(tree, node) -> int:
    """Level of the nearest heading before `node` in document order (1 if none)."""
    level = 1
    for element in tree.css(f"{_HEADINGS}, div.tabbed-set"):
        if element.mem_id == node.mem_id:
            return level
        if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(element.tag[1])
    return level

"""Lead-ins stay with what they introduce on paper (PEMAT-P item 10: a logical sequence).

Writers often head a short block with a bold line of its own instead of a heading:

    **What is not known**

    - Which choice works best for which person.

On paper Chromium may end a page on that bold line and start its list on the next (rater AL,
round 18: "What is not known" alone at the foot of a page). Headings have a print rule that
keeps them with what follows (assets/stylesheets/print.css); a bold paragraph looks the same
to a reader but not to the browser. This step marks each such paragraph with the class
`hb-lead-in`, and print.css gives the class the headings' rule.

A lead-in is a `<p>` whose only content is one `<strong>` (whitespace aside): "**Note:** more
words" is a sentence, not a lead-in, and stays as it is. CSS alone cannot tell the two apart
(`:only-child` ignores text), so the class is added here, on the rendered page content,
after every step that writes paragraphs in. Running it twice adds nothing.
"""

from __future__ import annotations

from handbook import html as parser

RUNS_AFTER = {
    "check_content_safety": "content safety judges what contributors wrote, before any step adds markup",
    "decision_tools": "its tools write bold lead-ins too",
    "tools": "the reader tools write paragraphs in",
}

LEAD_IN = "hb-lead-in"


# ---- Hooks ----


def on_page_content(html, *, page, config, files):
    return mark_lead_ins(html)


# ---- Helper functions ----


def is_lead_in(node) -> bool:
    """A `<p>` holding one `<strong>` and nothing else but whitespace."""
    if node.tag != "p":
        return False
    kids = [kid for kid in node.iter(include_text=True)
            if kid.tag != "-text" or (kid.text_content or "").strip()]
    return len(kids) == 1 and kids[0].tag == "strong" and bool(parser.text(kids[0]).strip())


def mark_lead_ins(html: str) -> str:
    """`html` with the class `hb-lead-in` on every lead-in paragraph."""
    tree = parser.fragment(html)
    found = [node for node in tree.css("p") if is_lead_in(node)]
    if not found:
        return html
    for node in found:
        parser.add_class(node, LEAD_IN)
    return tree.html

"""The short leaflet "Ketamine at a glance", cut from the built print page.

For clinics that will not hand out 60 pages: 8 to 12 pages made from the same sources as
the handbook, never retyped. From the print page (print-site's one page of all chapters)
it keeps:

- the cover (retitled) with the crisis help and disclaimer, and its back page with the
  leaflet basics (leaflet number, dates, "Your clinic" box, other formats);
- the main messages: each chapter's "Key points", under the chapter's title, and after the
  evidence's and the risks' key points the picture of the one result each gives in numbers;
- the options in short: the seven-choices picture, second, right after the first chapter
  (Your choices compared's key points describe its tables, which do not fit);
- the most important risks, right after the risks chapter's key points (one place): every
  "danger" and "warning" box of the risks chapter, and the "call your care team" and "do not
  drive" boxes of the other chapters;
- the consent checklist, whole;
- where the sources are (citation numbers stay, the list is in the full handbook).

glance_html() is pure (tests call it); scripts/make_pdf.py serves its result next to the
print page and prints it like the other PDFs.
"""

from __future__ import annotations

from html import escape

from handbook import html as parser

URL_PATH = "print_page/at-a-glance.html"
TITLE = "Ketamine and esketamine at a glance"
KICKER = "A short leaflet for patients and families"
# Chapters whose key points are about the handbook or the future, not the decision.
# The decision tools' key points describe their page's forms, which the leaflet does not carry.
SKIP = {"index", "research", "checklist", "glossary", "references", "about", "what-changed",
        "what-matters", "am-i-ready", "my-decision-summary",
        # How the drug may work in the brain (a receptor's name) does not help a reader decide;
        # the ways it is given repeat Ketamine and esketamine's key points (approval, the
        # certified clinic, the 2 hours, the warning about ketamine at home).
        "how-it-works", "ways-given",
        # Who may not use it is in the risks' key points and boxes, and keeping your current
        # plan is on the cover and in the choices: the leaflet fits 12 pages on Letter too.
        "is-it-right-for-me",
        # Preparing's key points (ride home, medicines list, food, time off, the clinic) are the
        # checklist's "Getting ready", which the leaflet prints whole: room for the two pictures.
        "preparing",
        # On the day's key points are said in the leaflet already: blood pressure checks and
        # the driving rule in the risk boxes, the 2 hours in Ketamine and esketamine's points,
        # feeling cut off in the risks' points and picture.
        "on-the-day"}
#: The seven-choices picture (includes/figure-choices.md, on Start here, whose main message it
#: pictures), in place of the key points of "Your choices compared".
CHOICES_PICTURE = ("index", ".hb-cards--drawn")
#: The words-for-numbers table's shared name (includes/number-words.md, `data-hb-shared`).
NUMBER_WORDS = "number-words"
#: The two results the leaflet's text gives as numbers also come as pictures (PEMAT-P item 15,
#: raters AF and AG): after a chapter's key points, that chapter's icon array of this outcome
#: (data/outcomes.yml), without the screen-only table.
KEY_PICTURES = {"evidence": "transform2_response", "risks": "label_dissociation"}
#: Before the first citation, with the key to the number words (rater BC, CDC item 16: the
#: leaflet's "[24]" was explained only on its last page, so it could be read as a result; and
#: "the word in brackets" did not say which brackets).
SOURCES_LEAD = "A number in square brackets, like [3], is a source in the full handbook's list."
NUMBER_WORDS_LEAD = ("Numbers are out of 100 people. " + SOURCES_LEAD + " A word in round brackets says how big a "
                     "number is; a gap between two groups has a striped bar, not a word. The words:")
#: Under each key picture: how to use it (PEMAT-P item 25; rater AM: the handbook's sentences
#: around its pictures stay in the handbook, so the leaflet's pictures came with captions only).
PICTURE_USE = ("How to use this picture: compare the two groups. The gap is the difference the medicine made. "
               "Ask your care team what it could mean for you.")
PURPOSE = ("The main points of the full handbook: the treatments, your choices, the main risks, "
           "where to get help, and a consent checklist.")
# No options table: the key points of "Your choices compared" are the options in short. (Edition
# 2026.2 printed Treatment-resistant depression's first table, remission by step, as "Your options
# side by side"; the real comparison tables do not fit a 12-page leaflet.)
# Where the safety boxes come from: the risks chapter, and what to do on the day and after.
RISK_CHAPTERS = ("risks", "on-the-day", "after-treatment")
RISKS_TITLE = "The most important risks, and when to get help"
URGENT_TITLE = "Get help right away"
#: A chapter's heading in the leaflet when the leaflet holds less than the chapter: "Your
#: choices compared" over a picture with no numbers promised what the leaflet lacks (rater O).
GLANCE_TITLES = {"choices": "Your 7 choices"}
#: Chapters whose picture stands for their key points in the leaflet: Your choices compared's
#: points describe the handbook's tables, which the leaflet does not have (rater AF), and the
#: seven-choices picture's caption says the rest (keeping your plan is one; none fits everyone).
PICTURE_ONLY = {"choices"}
#: Chapters the leaflet brings forward, right after Start here and the first chapter.
EARLY = ("choices",)
HELP_BOXES = ("warning", "danger")
SHORT_CLOSE = 240  # characters: a box's closing "what to do" paragraph kept in the leaflet
# Parts of the checklist chapter the leaflet already has (the leaflet basics are on its
# cover's back) or that belong to the handbook (review line, key points).
# The checklist's step picture stays in the handbook and the checklist's own PDF; the short
# leaflet (12 pages at most, on Letter too) keeps its questions and answer lines instead.
CHECKLIST_DROP = ".hb-review, .admonition.abstract, .hb-leaflet, .hb-edition, .hb-figure"


def _chapter_title(section) -> str:
    h1 = section.css_first("h1")
    text = parser.get_text(h1, " ", strip=True).rstrip("¶").strip() if h1 else section.attributes.get("id", "")
    return text


def _plain_citations(node) -> None:
    """Citation numbers stay on paper, as text: their list is in the full handbook."""
    for link in node.css("sup a[href^='#']"):
        link.unwrap()


def _no_ids(node) -> None:
    for tag in node.css("[id]"):  # `node` itself included
        if tag.tag != "input":
            del tag.attrs["id"]


def _shorten(box) -> None:
    """A long box keeps its title, its first paragraph (what the risk is, or what you may
    notice) and what to do: the paragraph that starts "What to do", or else its last if short.
    The rest (the why) is in the full handbook."""
    paragraphs = parser.children(box, "p")
    body = [p for p in paragraphs if "admonition-title" not in parser.classes(p)]
    if len(body) < 2 or parser.children(box, "ul", "ol"):
        return
    todo = next((p for p in body[1:] if parser.get_text(p, " ", strip=True).lower().startswith("what to do")), None)
    last = body[-1] if len(parser.get_text(body[-1], " ", strip=True)) <= SHORT_CLOSE else None
    keep = todo or last
    for p in body[1:]:
        if p is not keep:
            p.decompose()


def site_href(fragment: str, chapter_ids: list[str], site_url: str) -> str | None:
    """The hosted page for a print-page anchor: `risks` -> <site>/risks/,
    `references-ref-x` -> <site>/references/#ref-x, `index` -> <site>."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    for cid in sorted(chapter_ids, key=len, reverse=True):
        if fragment == cid or fragment.startswith(cid + "-"):
            page = "" if cid == "index" else cid + "/"
            rest = fragment[len(cid) + 1:]
            return base + page + (f"#{rest}" if rest else "")
    return None


def _outside_links(node, ids: set[str], chapter_ids: list[str], site_url: str) -> None:
    """Links to chapters the leaflet leaves out point to the hosted handbook."""
    for link in node.css("a[href^='#']"):
        fragment = link.attributes["href"][1:]
        if fragment in ids:
            continue
        target = site_href(fragment, chapter_ids, site_url)
        if target:
            link.attrs["href"] = target


def glance_order(chapters: dict) -> list:
    """The chapters in the leaflet's order: the handbook's, except that the choices come right
    after the first chapter, because the cover's message is about the 7 choices and the reader
    should see them before one choice's evidence and risks (rater AH, PEMAT-P item 10)."""
    items = list(chapters.items())
    moved = [item for item in items if item[0] in EARLY]
    rest = [item for item in items if item[0] not in EARLY]
    first = next((i for i, (cid, _) in enumerate(rest) if cid not in SKIP), None)
    if not moved or first is None:
        return items
    return rest[: first + 1] + moved + rest[first + 1:]


def number_words(chapters: dict):
    """The Glossary's table of number words (includes/number-words.md) as one short paragraph
    of two sentences ("Almost all: 90 to 100; most: 70 to 89; ... . Fewer than half: ...";
    a table took 11 lines of a 12-page leaflet),
    or None if the print page has no such table."""
    # The packet prints the shared table once (handbook/steps/print_once.py), in the first
    # chapter that has it; the Glossary's copy is then only a pointer.
    found = next((table for section in chapters.values()
                  for table in section.css(f'[data-hb-shared="{NUMBER_WORDS}"] table')), None)
    glossary = chapters.get("glossary")
    heading = glossary.css_first("h2#glossary-words-for-numbers, h2#words-for-numbers") if glossary is not None else None
    node = heading.next if heading is not None and found is None else None
    while found is None and node is not None and node.tag not in ("h2", "h3"):
        found = node if node.tag == "table" else (node.css_first("table") if node.tag != "-text" else None)
        node = node.next
    if found is None:
        return None
    words = []
    for row in found.css("tbody tr"):
        cells = [parser.get_text(cell, " ", strip=True) for cell in row.css("td")]
        if len(cells) == 2 and all(cells):
            words.append((cells[0].lower(), cells[1]))
    if not words:
        return None
    # Two sentences of at most 4, not one series of 8 (rater AS, CDC index item 8: no list over 7).
    half = (len(words) + 1) // 2
    sentences = ["; ".join(f"<strong>{escape(word[:1].upper() + word[1:] if i == 0 else word)}</strong>: {escape(n)}"
                           for i, (word, n) in enumerate(part)) + "."
                 for part in (words[:half], words[half:]) if part]
    return parser.new_element("p", {"class": "hb-glance-words"}, " ".join(sentences))


def choices_picture(chapters: dict):
    """A copy of the seven-choices picture, or None if the print page has none."""
    cid, cards = CHOICES_PICTURE
    section = chapters.get(cid)
    figure = next((f for f in section.css("figure") if f.css_first(cards)), None) if section is not None else None
    if figure is None:
        return None
    figure = parser.copy(figure)
    _plain_citations(figure)
    _no_ids(figure)
    return figure


def key_picture(section, outcome: str):
    """A copy of the chapter's icon array for `outcome`, or None if the chapter has none."""
    figure = section.css_first(f'figure.hb-icon-figure[data-hb-outcome="{outcome}"]')
    if figure is None:
        return None
    figure = parser.copy(figure)
    # The study's facts (from, who, when) stay in the handbook: the leaflet has 12 pages.
    for node in figure.css(".hb-screen-only, .hb-icon-figure__facts"):
        node.decompose()
    _plain_citations(figure)
    _no_ids(figure)
    figure.insert_child(parser.new_element("p", {"class": "hb-glance-use"}, escape(PICTURE_USE)))
    return figure


def risk_boxes(chapters: dict) -> list:
    """Copies of every danger and warning box of the risk chapters, shortened to what you may
    notice and what to do."""
    boxes, said = [], ""
    for cid in RISK_CHAPTERS:
        section = chapters.get(cid)
        for box in section.css(".admonition") if section is not None else []:
            kind = [c for c in parser.classes(box) if c in HELP_BOXES]
            if not kind or parser.closest(box, ".hb-safety"):
                continue
            # A box whose whole title an earlier box already says ("Do not drive" after "Watch
            # for: slower thinking", which ends "do not drive ..."): said twice (rater AF).
            title = box.css_first(".admonition-title")
            heading = " ".join(parser.get_text(title, " ", strip=True).lower().split()) if title else ""
            if heading and heading in said:
                continue
            said += " " + " ".join(parser.get_text(box, " ", strip=True).lower().split())
            box = parser.copy(box)
            _plain_citations(box)
            _no_ids(box)
            _shorten(box)
            boxes.append(box)
    return boxes


def urgent_box(chapters: dict):
    """A copy of the risks chapter's "Get help right away" block, up to its "Why" (when to tell
    staff or call 911 or 999, and why), or None if it has none. Rater AQ: the leaflet promised
    "when to get help" and never said when to call for an ambulance."""
    section = chapters.get(RISK_CHAPTERS[0])
    urgent = section.css_first(".hb-urgent") if section is not None else None
    if urgent is None:
        return None
    urgent = parser.copy(urgent)
    # Up to its "Why": the leaflet has suicidal thoughts in a box of their own (from After
    # treatment, with crisis help and the under-25 warning), and 12 pages on Letter.
    cut = False
    for child in parser.child_elements(urgent):
        if cut:
            child.decompose()
            continue
        cut = child.tag == "p" and parser.get_text(child, " ", strip=True).startswith("Why")
    _plain_citations(urgent)
    _no_ids(urgent)
    return urgent


def _risks_part(boxes: list, section: bool = False):
    """The risk boxes under their heading: in the main points (a part of it), or as a section."""
    if section:
        part = parser.new_element("section", {"class": "print-page hb-glance-part", "id": "glance-risks"})
        parser.append_html(part, f"<h1>{escape(RISKS_TITLE)}</h1>")
    else:
        part = parser.new_element("div", {"class": "hb-glance-risks", "id": "glance-risks"})
        parser.append_html(part, f"<h3>{escape(RISKS_TITLE)}</h3>")
    for box in boxes:
        part.insert_child(box)
    return part


def glance_html(print_page: str, site_url: str = "") -> str:
    """The short leaflet's HTML, from the print page's HTML."""
    tree = parser.document(print_page)
    page = tree.css_first("#print-site-page")
    if page is None:
        raise ValueError("not a print page: no #print-site-page")
    chapters = {s.attributes["id"]: s for s in parser.child_elements(page, "section.print-page[id]")}
    # Built apart, then copied into the page in one piece (Lexbor inserts copies).
    out = parser.new_element("div", {"id": "hb-glance"})

    cover = page.css_first("#print-site-cover-page")
    if cover is not None:
        cover = parser.copy(cover)
        h1 = cover.css_first("h1")
        if h1:
            parser.set_text(h1, TITLE)
        kicker = cover.css_first(".hb-cover__kicker")
        if kicker:
            parser.set_text(kicker, KICKER)
        # The cover's main message stays the leaflet's main message (CDC index items 1-3); what
        # the leaflet holds follows it in plain type.
        lead = cover.css_first(".hb-cover__lead")
        if lead:
            lead.insert_after(parser.new_element("p", {"class": "hb-cover__purpose"}, escape(PURPOSE)))
        out.insert_child(cover)
    # The leaflet basics ("Your clinic" box) go on the last page, after the sources.
    back = page.css_first("#hb-cover-back")

    main = parser.new_element("section", {"class": "print-page hb-glance-part", "id": "glance-main"})
    parser.append_html(main, f'<h1 id="glance-main-title">{escape(TITLE)}: the main points</h1>')
    key = number_words(chapters)
    if key is not None:
        # The key to the words beside the numbers, before the first number (rater AN, PEMAT-P
        # item 6: the leaflet used "(some)" and "(few)" with no key; the Glossary is not in it).
        parser.append_html(main, f'<p class="hb-glance-key">{escape(NUMBER_WORDS_LEAD)}</p>')
        main.insert_child(key)
    urgent = urgent_box(chapters)
    if urgent is not None:
        # When to get help at once, before any chapter (rater AQ: the leaflet never said when
        # to call 911 or 999). Here, too, because it fits the room the 7 choices' picture,
        # kept whole on the next page, leaves on this one.
        parser.append_html(main, f"<h2>{escape(URGENT_TITLE)}</h2>")
        main.insert_child(urgent)
    boxes = risk_boxes(chapters)
    for cid, section in glance_order(chapters):
        if cid in SKIP:
            continue
        points = section.css_first(".admonition.abstract ul")
        if points is None:
            continue
        points = parser.copy(points)
        _plain_citations(points)
        _no_ids(points)
        parser.append_html(main, f"<h2>{escape(GLANCE_TITLES.get(cid) or _chapter_title(section))}</h2>")
        picture = choices_picture(chapters) if cid == "choices" else None
        if picture is not None:
            main.insert_child(picture)
        if picture is None or cid not in PICTURE_ONLY:
            main.insert_child(points)
        picture = key_picture(section, KEY_PICTURES[cid]) if cid in KEY_PICTURES else None
        if picture is not None:
            main.insert_child(picture)
        if cid == RISK_CHAPTERS[0] and boxes:
            # The risks in one place (rater M, PEMAT-P item 10: they came twice, pages apart):
            # the boxes follow the risks chapter's key points.
            main.insert_child(_risks_part(boxes))
            boxes = []
    out.insert_child(main)
    if boxes:  # no key points for the risks chapter: the boxes still print, after the points
        out.insert_child(_risks_part(boxes, section=True))

    checklist = chapters.get("checklist")
    if checklist is not None:
        checklist = parser.copy(checklist)
        for node in checklist.css(CHECKLIST_DROP):
            node.decompose()
        # The checklist's two ruled note lines, with their heading, give way to the two pictures
        # (12 pages on Letter). The checklist's own PDF keeps them, and the leaflet still has
        # "Where I am leaning today"; any page the booklet adds is a "My notes" page.
        for notes in checklist.css(".hb-notes"):
            heading = notes.prev
            while heading is not None and heading.tag == "-text":
                heading = heading.prev
            if heading is not None and heading.tag == "h2":
                heading.decompose()
            notes.decompose()
        _plain_citations(checklist)
        if "heading-number" in checklist.attributes:
            del checklist.attrs["heading-number"]
        out.insert_child(checklist)

    home = escape(site_url or "")
    parser.append_html(
        out,
        f'<section class="print-page hb-glance-part" id="glance-sources"><h2>Sources</h2>'
        f"<p>Every fact here is checked against a study, a drug label or a guideline. A number in "
        f"square brackets, like [3], is one of those sources: the full handbook lists them in its "
        f'References chapter, online at <a class="hb-bare-url" href="{home}">{home}</a> or printed '
        f"by your clinic.</p></section>")

    if back is not None:
        back = parser.copy(back)
        back.attrs["id"] = "glance-leaflet"
        back.attrs["class"] = "hb-glance-back"
        out.insert_child(back)
    ids = {tag.attributes["id"] for tag in out.css("[id]") if tag.mem_id != out.mem_id}
    _outside_links(out, ids, list(chapters), site_url)
    parser.clear(page)
    page.insert_child(out)
    title = tree.css_first("title")
    if title is not None:
        parser.set_text(title, TITLE)
    for toc in tree.css("#print-page-toc"):
        toc.decompose()
    return tree.html

"""Icon arrays: pictures of "N in 100", made at build time from data/outcomes.yml.

A writer puts `<!-- icon-array: <outcome id> [<outcome id> ...] -->` on a line of its own (handbook/steps/options_grid.py
adds them after the "how many does it help" table). Each becomes

- a <figure class="hb-icon-figure"> with, for every arm of the ONE trial the outcome comes
  from, an inline <svg class="hb-icon-array" role="img" aria-label="..."> of 100 icons in a
  10 x 10 grid, filled from the top-left, row by row. An icon for "it happened" is a filled
  circle; one for "it did not" is an empty square: the two differ in shape and fill, not
  colour alone, so greyscale print and colour-blind readers can tell them apart. Styling is by
  class only (stylesheets/decision.css), never style="" (the CSP has no need to change).
  The accessible name gives both sides, the time frame, the comparison and the population:
  "55 in 100 improved a lot and 45 did not, after 3 weeks, with IV ketamine, compared with
  41 in 100 with ECT, in 403 adults ...";
- a small table of the same numbers (class hb-icon-table), with the group sizes, folded in a
  `<details>` that shows on screen only (the caption and the labels give the numbers already);
- a caption (<figcaption>) that gives the title, every group's number with its word from the one scale (plain_numbers.SCALE) and the difference
  worked out in absolute numbers (with three or more arms, every pair, the higher first), then
  where the numbers come from (`trial`, any wording: each field is printed as a sentence of its
  own), who took part and when;
- a Markdown paragraph after the figure: the uncertainty (95% confidence interval where
  known), how sure we can be and why, and the citation (numbered by handbook/steps/citations.py).

Rules (checked by handbook/steps/decision_data.py): arms of the same trial only, absolute numbers
only, only sources with status verified. An unknown id here is a warning naming the page.
"""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

from handbook.logs import step_logger
from handbook.selectors import SCREEN_ONLY
from handbook.steps import decision_data
from handbook.steps.plain_numbers import share_word

log = step_logger(__name__)

RUNS_AFTER = {"decision_data": "it draws data/outcomes.yml, which decision_data checks first", "options_grid": "the grid's cells may hold icon-array markers"}

MARKER = re.compile(r"^<!-- icon-array: (?P<ids>[A-Za-z0-9_]+(?: +[A-Za-z0-9_]+)*) -->\s*$", re.M)
GRID = 10
CELL = 10  # viewBox units per icon

_state: dict = {"outcomes": {}}


# ---- Hooks ----


def on_config(config, **kwargs):
    root = Path(config.config_file_path).parent
    path = root / decision_data.OUTCOMES_FILE
    _state["outcomes"] = decision_data.read_yaml(path) if path.exists() else {}
    return config


def on_page_markdown(markdown, *, page, config, files):
    if "<!-- icon-array:" not in markdown:
        return markdown
    outcomes = _state["outcomes"]

    def replace(match):
        out = []
        for oid in match.group("ids").split():
            if oid not in outcomes:
                log.warning(
                    "%s: <!-- icon-array: %s --> names no outcome of %s. Use one of: %s.",
                    page.file.src_uri, oid, decision_data.OUTCOMES_FILE, ", ".join(outcomes),
                )
                continue
            out.append(figure_markdown(outcomes[oid], oid))
        return "".join(out)

    return MARKER.sub(replace, markdown)


# ---- Helper functions ----


def _e(text) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


def icon_positions(filled: int) -> list[tuple[int, int, bool]]:
    """(column, row, filled) for the 100 icons, filled first from the top-left, row by row."""
    return [(i % GRID, i // GRID, i < filled) for i in range(GRID * GRID)]


def inline(label) -> str:
    """A label inside a sentence: "Dummy spray" -> "dummy spray"; "IV ketamine", "ECT" stay."""
    label = " ".join(str(label).split())
    first = label.split(" ", 1)[0]
    return label if len(first) > 1 and first[:2].isupper() else label[:1].lower() + label[1:]


def accessible_name(outcome: dict, arm: dict, others: list[dict]) -> str:
    k = decision_data.in_100(arm)
    parts = [
        f"{k} in 100 {outcome['outcome']} and {100 - k} {outcome['not_outcome']}",
        str(outcome["time_frame"]),
        f"with {inline(arm['label'])}",
    ]
    if others:
        parts.append("compared with " + " and ".join(
            f"{decision_data.in_100(o)} in 100 with {inline(o['label'])}" for o in others))
    parts.append(f"in {outcome['population']}")
    return ", ".join(parts) + "."


def icon_svg(filled: int, name: str) -> str:
    """One 10 x 10 icon array as inline SVG (no style attributes)."""
    shapes = []
    for col, row, on in icon_positions(filled):
        x, y = col * CELL, row * CELL
        if on:
            shapes.append(f'<circle class="hb-icon hb-icon--yes" cx="{x + 5}" cy="{y + 5}" r="4"/>')
        else:
            shapes.append(f'<rect class="hb-icon hb-icon--no" x="{x + 1.5}" y="{y + 1.5}" width="7" height="7"/>')
    return (
        f'<svg class="hb-icon-array" role="img" aria-label="{_e(name)}" viewBox="0 0 100 100" '
        f'width="160" height="160" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        + "".join(shapes) + "</svg>"
    )


def key_svg(kind: str) -> str:
    if kind == "yes":
        shape = '<circle class="hb-icon hb-icon--yes" cx="5" cy="5" r="4"/>'
    else:
        shape = '<rect class="hb-icon hb-icon--no" x="1.5" y="1.5" width="7" height="7"/>'
    return f'<svg class="hb-icon-key__icon" viewBox="0 0 10 10" width="16" height="16" aria-hidden="true" focusable="false">{shape}</svg>'


def _group(arm: dict) -> str:
    n = arm.get("n")
    return f"{arm['label']} ({n} people)" if n else str(arm["label"])


def as_sentence(text) -> str:
    """`text` as one sentence: first letter capital, a full stop unless it already ends a sentence.
    "Pooled review of 29 TMS trials" -> "Pooled review of 29 TMS trials."; "ELEKT-D" stays "ELEKT-D."."""
    text = " ".join(str(text).split()).rstrip(",;:")
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def differences(outcome: dict) -> str:
    """Both (or all) groups and the difference worked out, in one or two plain sentences:
    "55 in 100 improved a lot with IV ketamine, compared with 41 in 100 with ECT: 14 more in
    every 100 with IV ketamine." With three or more arms, every pair gets its difference, the
    higher first, so no reader has to subtract."""
    arms = outcome["arms"]
    ks = [decision_data.in_100(a) for a in arms]
    what = " ".join(str(outcome["outcome"]).split())
    first = f"{ks[0]} in 100 ({share_word(ks[0])}) {what} with {inline(arms[0]['label'])}"
    rest = [f"{k} in 100 ({share_word(k)}) with {inline(a['label'])}" for a, k in zip(arms[1:], ks[1:], strict=True)]
    if len(arms) == 2:
        (a, b), (ka, kb) = arms, ks
        if ka == kb:
            return f"{first}, compared with {rest[0]}: no difference."
        more = a if ka > kb else b
        return (f"{first}, compared with {rest[0]}: {abs(ka - kb)} more in every 100 "
                f"with {inline(more['label'])}.")
    listed = ", ".join([first, *rest[:-1]]) + f", and {rest[-1]}."
    parts = []
    # Every pair, not only each against the comparison group: a reader weighing the two
    # choices on offer should not have to subtract (CDC index item 17; rater AG).
    for i, j in itertools.combinations(range(len(arms)), 2):
        (hi, khi), (lo, klo) = sorted(((arms[i], ks[i]), (arms[j], ks[j])), key=lambda pair: -pair[1])
        if khi == klo:
            parts.append(f"With {inline(arms[i]['label'])} and with {inline(arms[j]['label'])}, the same number {what}.")
        else:
            parts.append(f"With {inline(hi['label'])}, {khi - klo} more in every 100 "
                         f"{what} than with {inline(lo['label'])}.")
    return " ".join([listed[:1].upper() + listed[1:], *parts])


def caption_html(outcome: dict) -> str:
    """The figure's caption: the title, both groups with the difference, then where the
    numbers come from, who took part and when, each on a line of its own in plain type, so the
    caption's message is its first two sentences (raters L and M: 60-90 italic words read as
    one block). Reads correctly whatever `trial` says ("ELEKT-D", "A pooled review of 29 TMS
    trials", "Two trials, ASPIRE I and II")."""
    title = outcome.get("title") or f"How many {outcome['outcome']}"
    return (
        f'<figcaption class="hb-icon-figure__caption"><strong>{_e(as_sentence(title))}</strong> '
        f'{_e(as_sentence(differences(outcome)))} '
        f'<span class="hb-icon-figure__facts">'
        f'<span><strong>From:</strong> {_e(as_sentence(outcome["trial"]))}</span> '
        f'<span><strong>Who took part:</strong> {_e(as_sentence(outcome["population"]))}</span> '
        f'<span><strong>When:</strong> {_e(as_sentence(outcome["time_frame"]))}</span></span></figcaption>'
    )


def figure_html(outcome: dict, oid: str = "") -> str:
    """The picture: caption, one icon array per group, the key, and (on screen) the same numbers
    as a table. `oid`, the outcome's key in data/outcomes.yml, is kept as `data-hb-outcome`, so the
    short leaflet (scripts/pdf_glance.py) can pick the same picture from the print page."""
    arms = outcome["arms"]
    title = outcome.get("title") or f"How many {outcome['outcome']}"
    lines = [
        f'<figure class="hb-icon-figure" data-hb-outcome="{_e(oid)}">' if oid else '<figure class="hb-icon-figure">',
        caption_html(outcome),
        '<div class="hb-icon-arms">',
    ]
    for i, arm in enumerate(arms):
        others = [a for j, a in enumerate(arms) if j != i]
        k = decision_data.in_100(arm)
        lines += [
            '<div class="hb-icon-arm">',
            f'<p class="hb-icon-arm__label" aria-hidden="true"><strong>{_e(arm["label"])}:</strong> '
            f'{k} in 100 {_e(outcome["outcome"])}, {100 - k} {_e(outcome["not_outcome"])}</p>',
            icon_svg(k, accessible_name(outcome, arm, others)),
            "</div>",
        ]
    lines += [
        "</div>",
        f'<p class="hb-icon-key" aria-hidden="true"><span>{key_svg("yes")} {_e(outcome["outcome"])}</span> '
        f'<span>{key_svg("no")} {_e(outcome["not_outcome"])}</span></p>',
        # On screen only, and folded: the caption and the arm labels already give every number,
        # and a third copy in view only lengthens the page (PEMAT item 2; rater BC). Opened, it
        # serves a reader who prefers a table; on paper it is left out.
        f'<details class="hb-icon-table-details {SCREEN_ONLY}">',
        f"<summary>Show these numbers as a table: {_e(title)}</summary>",
        '<table class="hb-icon-table">',
        f"<caption>The same numbers as a table: {_e(title)}</caption>",
        f'<thead><tr><th scope="col">Group</th><th scope="col">{_e(outcome["outcome"]).capitalize()}</th>'
        f'<th scope="col">{_e(outcome["not_outcome"]).capitalize()}</th></tr></thead>',
        "<tbody>",
    ]
    for arm in arms:
        k = decision_data.in_100(arm)
        lines.append(
            f'<tr><th scope="row">{_e(_group(arm))}</th><td>{k} in 100</td><td>{100 - k} in 100</td></tr>'
        )
    lines += ["</tbody>", "</table>", "</details>", "</figure>"]
    return "\n".join(lines)


def _gap(points: int) -> str:
    if points == 0:
        return "no gap at all"
    return f"about {abs(points)} {'more' if points > 0 else 'fewer'} in 100"


def uncertainty_sentence(ci) -> str:
    """What the difference's 95% interval means, in words and without a range to decode (CDC
    index item 16: explain what the numbers mean): 'as small as ... or as big as ...'."""
    low, high = round(ci[0]), round(ci[1])
    start = "This gap comes from one study, so it is not exact. In other people, "
    if low < 0 < high:  # the interval crosses "no difference"
        return (start + f"there might be no gap at all, or even {_gap(low)}; or the gap could be "
                f"as big as {_gap(high)}.")
    small, big = (high, low) if high <= 0 else (low, high)
    return start + f"the gap could come out as small as {_gap(small)} or as big as {_gap(big)}."


def summary_markdown(outcome: dict) -> str:
    """The uncertainty, the certainty and the source (the difference itself is in the caption)."""
    arms = outcome["arms"]
    cite = "[" + "; ".join(f"@{k}" for k in outcome["cite"]) + "]"
    sentences = []
    ci = outcome.get("difference_ci")
    if ci:
        sentences.append(uncertainty_sentence(ci))
    for arm in arms:
        if arm.get("ci"):
            sentences.append(
                f"For {_e(inline(arm['label']))}, the true number could be from about {round(arm['ci'][0])} "
                f"to {round(arm['ci'][1])} in 100."
            )
    sentences.append(f"**How sure can we be?** {_e(outcome['certainty']).capitalize()}: {_e(outcome['certainty_reason'])}")
    return f'<p class="hb-icon-note" markdown="span">{" ".join(sentences)} {cite}</p>'


def figure_markdown(outcome: dict, oid: str = "") -> str:
    return "\n\n" + figure_html(outcome, oid) + "\n\n" + summary_markdown(outcome) + "\n\n"

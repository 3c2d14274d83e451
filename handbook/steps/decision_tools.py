"""Decision tools: what matters to you, the knowledge check and my decision summary.

Writers place markers on their own lines; this hook fills them from data/ and from small
templates (overrides/partials/decision-*.html; every value escaped there):

- `<!-- values-form -->`       the "What matters to you" statements (data/values.yml), in
                               their groups (a <fieldset> each, at most 7 statements), each a
                               <fieldset> with a <legend> and five radio buttons (0-4), plus a
                               free-text box. On paper: a form to circle.
- `<!-- values-fit -->`        for each statement, in its group, one line per option in the
                               fixed order of data/options.yml: fits / trade-off / depends, or
                               "not settled" where the cited facts do not settle it, with a
                               cited fact that answers the statement (values.yml `says`, or the
                               options grid's cell) and the name of the table on Your choices
                               compared. On paper and without script every statement shows;
                               with script only those the reader rated 3 or 4. It never scores,
                               sums or ranks options.
- `<!-- knowledge-check -->`   the true / false / not sure items (data/knowledge.yml).
- `<!-- knowledge-answers -->` the answers, with links to the sections that explain them:
                               after all questions; on screen hidden until the reader asks
                               (with script), always shown without script and on paper.
- `<!-- decision-summary: part -->` parts of "My decision summary" (head, priorities,
                               leaning, sure, questions, tools): filled from this browser by
                               assets/javascripts/decision.js, a blank form without it.

The SURE test is not made here: it lives, with its attribution, in includes/sure-test.md.
Answers are kept by assets/javascripts/decision.js in localStorage only ("Clear my answers").
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from handbook.config import generated_outputs
from handbook.logs import step_logger
from handbook.steps import decision_data, options_grid

log = step_logger(__name__)

RUNS_AFTER = {"decision_data": "it reads data/values.yml and knowledge.yml, which decision_data checks first", "checklist": "its forms are finished after the consent form, as before the move (page_content)"}

SUMMARY_PARTS = ("head", "priorities", "leaning", "sure", "questions", "tools")
HTML_MARKER = re.compile(r"<!-- (?P<name>values-form|knowledge-check|decision-summary)(?::\s*(?P<part>[a-z]+))? -->")
MD_MARKER = re.compile(r"^<!-- (?P<name>values-fit|knowledge-answers) -->\s*$", re.M)
FIT_LABEL = {"fits": "Fits", "trade-off": "Trade-off", "depends": "Depends", "see": "Not settled"}
MAX_GROUP = 7  # CDC Clear Communication Index item 8: no list over 7 items
CHOICES_PAGE = "choices.md"
SUMMARY_PDF = "decision_summary_pdf"

_state: dict = {"data": {}}


# ---- Hooks ----


def on_config(config, **kwargs):
    root = Path(config.config_file_path).parent
    try:
        _state["data"] = decision_data.load_all(root)
    except Exception:  # decision_data's own hook reports unreadable files
        _state["data"] = {}
        return config
    data = _state["data"]
    if data.get("values"):
        problems = check_values(data["values"], data.get("options") or {})
        for message in problems:
            log.error(message)
        if problems:
            raise PluginError(f"{VALUES} has {len(problems)} problem(s); the first: {problems[0]}")
    return config


def on_page_markdown(markdown, *, page, config, files):
    if "<!-- values-fit" not in markdown and "<!-- knowledge-answers" not in markdown:
        return markdown
    data = _state["data"]

    def replace(match):
        if match.group("name") == "values-fit":
            there = posixpath.relpath(CHOICES_PAGE, posixpath.dirname(page.file.src_uri) or ".")
            choices = files.get_file_from_path(CHOICES_PAGE)
            url = there if choices is not None else None
            captions = options_grid.grid_captions(choices.content_string, data.get("options") or {}) if choices else {}
            return fit_markdown(data.get("values") or {}, data.get("options") or {}, url, captions)
        return answers_markdown(data.get("knowledge") or {})

    return MD_MARKER.sub(replace, markdown)


def on_page_content(html_text, *, page, config, files):
    if not HTML_MARKER.search(html_text):
        return html_text
    env = config.theme.get_env()
    data = _state["data"]
    outputs = generated_outputs(config)
    context = {
        "config": config,
        "build": (config.extra or {}).get("build") or {},
        "pdf": {name: get_relative_url(path, page.url or ".") for name, path in outputs.items()},
        "statements": statements(data.get("values") or {}),
        "value_groups": statement_groups(data.get("values") or {}),
        "options": option_names(data.get("options") or {}),
        "items": knowledge_items(data.get("knowledge") or {}),
        "scale": SCALE,
    }

    def replace(match):
        name, part = match.group("name"), match.group("part")
        if name == "decision-summary" and part not in SUMMARY_PARTS:
            log.warning("%s: <!-- decision-summary: %s -->: use one of %s.", page.file.src_uri, part, ", ".join(SUMMARY_PARTS))
            return ""
        template = {"values-form": "partials/decision-values.html", "knowledge-check": "partials/decision-knowledge.html",
                    "decision-summary": "partials/decision-summary.html"}[name]
        return env.get_template(template).render(part=part, **context)

    return HTML_MARKER.sub(replace, html_text)


# ---- Helper functions ----

SCALE = [
    ("0", "0: not at all"),
    ("1", "1: a little"),
    ("2", "2: somewhat"),
    ("3", "3: a lot"),
    ("4", "4: very much"),
]


def statements(values: dict) -> list[dict]:
    """Every statement, in the order of its groups (the order of `statements` without groups)."""
    return [s for group in statement_groups(values) for s in group["statements"]]


def statement_groups(values: dict) -> list[dict]:
    """[{title, statements: [{id, text}]}]: the groups of data/values.yml (one untitled group
    of every statement when there are none)."""
    items = values.get("statements") or {}
    groups = values.get("groups") or [{"title": "", "statements": list(items)}]
    return [{"title": str(g.get("title") or ""),
             "statements": [{"id": sid, "text": items[sid]["text"]} for sid in g.get("statements") or [] if sid in items]}
            for g in groups if isinstance(g, dict)]


VALUES = decision_data.VALUES_FILE


def check_values(values: dict, options: dict) -> list[str]:
    """Groups and fit lines of data/values.yml: each problem names the key and the fix.

    - every statement is in exactly one group, and no group has more than 7;
    - a `says` line belongs to an option of the grid, has text, and cites only sources that
      data/options.yml already cites for that option (the line restates a cited fact)."""
    problems = []
    items = values.get("statements") or {}
    order = decision_data.option_order(options)
    entries = options.get("options") or {}
    groups = values.get("groups")
    if groups is not None:
        seen = {}
        for number, group in enumerate(groups if isinstance(groups, list) else [], start=1):
            where = f"{VALUES}: groups[{number}]"
            if not isinstance(group, dict) or not group.get("title"):
                problems.append(f"{where} needs a `title` (a few plain words) and `statements`.")
                continue
            ids = list(group.get("statements") or [])
            if len(ids) > MAX_GROUP:
                problems.append(f"{where} ('{group['title']}') has {len(ids)} statements, more than {MAX_GROUP}. "
                                "Split it into two groups.")
            for sid in ids:
                if sid not in items:
                    problems.append(f"{where} lists unknown statement '{sid}'. Use an id from `statements`.")
                elif sid in seen:
                    problems.append(f"{where} lists '{sid}' again (it is in {seen[sid]}). Keep it in one group.")
                else:
                    seen[sid] = where
        for sid in items:
            if sid not in seen:
                problems.append(f"{VALUES}: statements.{sid} is in no group. Add it to one of `groups`.")
    for sid, item in items.items():
        if not isinstance(item, dict):
            continue
        says = item.get("says") or {}
        for option, line in says.items():
            where = f"{VALUES}: statements.{sid}.says.{option}"
            if option not in order:
                problems.append(f"{where}: '{option}' is not an option of {decision_data.OPTIONS_FILE}.")
                continue
            if not isinstance(line, dict) or not str(line.get("text") or "").strip():
                problems.append(f"{where} needs `text:` (plain words) and `cite:`.")
                continue
            cites = line.get("cite") if isinstance(line.get("cite"), list) else [line.get("cite")]
            cited = _option_cites(entries.get(option) or {})
            if not [c for c in cites if c]:
                problems.append(f"{where} is not cited. Cite the source {decision_data.OPTIONS_FILE} gives for this fact.")
            for key in cites:
                if key and key not in cited:
                    problems.append(f"{where} cites '{key}', which {decision_data.OPTIONS_FILE} does not cite for "
                                    f"options.{option}. A fit line restates a fact of the grid: use one of "
                                    f"{', '.join(sorted(cited))}, or add the fact to the grid first.")
    return problems


def _cell(value) -> tuple[str, list[str]]:
    """(text, citation keys) of a grid cell: `{text, cite}`, or a list of such points (also
    under `points:`), which are joined in order."""
    if isinstance(value, dict) and "text" not in value and isinstance(value.get("points"), list):
        value = value["points"]
    points = value if isinstance(value, list) else [value]
    texts, keys = [], []
    for point in points:
        if not isinstance(point, dict):
            continue
        texts.append(" ".join(str(point.get("text") or "").split()))
        cite = point.get("cite")
        keys += [k for k in (cite if isinstance(cite, list) else [cite]) if k and k not in keys]
    return " ".join(t for t in texts if t), keys


def _option_cites(entry: dict) -> set[str]:
    return {key for field, value in entry.items() if field != "name" for key in _cell(value)[1]}


def option_names(options: dict) -> list[dict]:
    entries = options.get("options") or {}
    return [{"id": o, "name": entries[o]["name"]} for o in decision_data.option_order(options) if o in entries]


def knowledge_items(knowledge: dict) -> list[dict]:
    return [{"id": kid, **item} for kid, item in (knowledge.get("items") or {}).items()]


def _md(text) -> str:
    return html.escape(" ".join(str(text).split()), quote=False)


def _fit_line(item: dict, option: str, entry: dict) -> tuple[str, str, list[str]]:
    """(tag, text, citation keys) of one option's line for one statement."""
    tag = (item.get("fit") or {}).get(option)
    text, keys = _cell((item.get("says") or {}).get(option) or entry.get(item["field"]) or {})
    return tag, text, keys


def fit_markdown(values: dict, options: dict, choices_url: str | None = None,
                 captions: dict | None = None) -> str:
    """Per statement (in its group), one line per option in the fixed order: its tag and a
    cited fact that answers the statement, or (tag `see`) the table to read. No score, no rank.
    Every statement shows on paper and without script; decision.js shows the rated ones.
    `captions` (options_grid.grid_captions of Your choices compared) names the table that holds
    each question; in a table of several questions, the line names its column too."""
    entries = options.get("options") or {}
    items = values.get("statements") or {}
    qs = decision_data.questions(options)
    heads = decision_data.headers(options)
    captions = captions or {}
    page = f"[Your choices compared]({choices_url})" if choices_url else "Your choices compared"
    out = [
        '<div class="hb-fit" data-hb-fit markdown>',
        "",
        '<p class="hb-fit__none hb-js-only" data-hb-fit-none hidden>Rate some statements 3 or 4 above. '
        "Then this list shows what each choice is like for the things that matter most to you.</p>",
        "",
    ]
    for group in statement_groups(values):
        if group["title"]:
            # Headings, not bold lines: the list is long, and a reader (and paper's contents)
            # finds a group and a statement by its heading (PEMAT-P item 8, CDC index item 9).
            out += ['<div class="hb-fit__grp" data-hb-fit-group markdown>', "",
                    f'### {_md(group["title"])} {{ .hb-fit__group }}', ""]
        for statement in group["statements"]:
            sid = statement["id"]
            item = items[sid]
            field = item["field"]
            question = qs.get(field, field)
            caption = captions.get(field, question)
            if caption == question:
                table = f'the table "{_md(caption)}"'
            else:  # a column of a table of several questions
                table = f'"{_md(heads.get(field) or question)}" in the table "{_md(caption)}"'
            out += [f'<div class="hb-fit__statement" data-hb-fit-value="{sid}" markdown>', "",
                    f'#### {_md(item["text"])} {{ .hb-fit__name }}', "",
                    f'<p class="hb-fit__source" markdown="span">All the facts: {table} on {page}.</p>', "",
                    '<ul class="hb-fit__list" markdown>']
            for option in decision_data.option_order(options):
                tag, text, keys = _fit_line(item, option, entries[option])
                name = _md(entries[option]["name"])
                fact = f'{_md(text)} [{"; ".join("@" + k for k in keys)}]'
                if tag == "see" and not (item.get("says") or {}).get(option):
                    fact = f"The facts here do not settle it. Read {table} and ask your care team."
                out.append(
                    f'<li class="hb-fit__item hb-fit__item--{tag}" data-hb-fit-option="{option}" markdown="span">'
                    f'<span class="hb-fit__tag">{FIT_LABEL[tag]}</span> *{name}:* {fact}</li>'
                )
            out += ["</ul>", "", "</div>", ""]
        if group["title"]:
            out += ["</div>", ""]  # the group: decision.js hides it when none of its statements shows
    out += ["</div>", ""]
    return "\n".join(out)


def answers_markdown(knowledge: dict) -> str:
    """The answers, after all questions, each linking to the section that explains it."""
    out = ['<div class="hb-answers" data-hb-answers markdown>', "", '<p class="hb-answers__title"><strong>Answers</strong></p>', ""]
    for number, item in enumerate((knowledge.get("items") or {}).values(), start=1):
        verdict = "True" if item["answer"] == "true" else "False"
        out.append(f"{number}. **{verdict}.** {_md(item['explain'])} [{_md(item['link_text'])}]({item['link']})")
    out += ["", "</div>", ""]
    return "\n".join(out)

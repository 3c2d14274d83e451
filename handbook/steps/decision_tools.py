"""Decision tools: what matters to you, the knowledge check and my decision summary.

Writers place markers on their own lines; this hook fills them from data/ and from small
templates (overrides/partials/decision-*.html; every value escaped there):

- `<!-- values-form -->`       the "What matters to you" statements (data/values.yml), each a
                               <fieldset> with a <legend> and five radio buttons (0-4), plus a
                               free-text box. On paper: a form to circle.
- `<!-- values-fit -->`        for each option, in the fixed order of data/options.yml, the
                               statements where it fits and where it is a trade-off, each with
                               the cited fact from the options grid. Script shows only the
                               statements the reader rated 3 or 4; it never scores, sums or
                               ranks options.
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
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

from handbook.config import generated_outputs
from handbook.logs import step_logger
from handbook.steps import decision_data

log = step_logger(__name__)

RUNS_AFTER = {"decision_data": "it reads data/values.yml and knowledge.yml, which decision_data checks first", "checklist": "its forms are finished after the consent form, as before the move (page_content)"}

SUMMARY_PARTS = ("head", "priorities", "leaning", "sure", "questions", "tools")
HTML_MARKER = re.compile(r"<!-- (?P<name>values-form|knowledge-check|decision-summary)(?::\s*(?P<part>[a-z]+))? -->")
MD_MARKER = re.compile(r"^<!-- (?P<name>values-fit|knowledge-answers) -->\s*$", re.M)
FIT_LABEL = {"fits": "Fits", "trade-off": "Trade-off", "depends": "Depends"}
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


def on_page_markdown(markdown, *, page, config, files):
    if "<!-- values-fit" not in markdown and "<!-- knowledge-answers" not in markdown:
        return markdown
    data = _state["data"]

    def replace(match):
        if match.group("name") == "values-fit":
            return fit_markdown(data.get("values") or {}, data.get("options") or {})
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
    return [{"id": sid, "text": item["text"]} for sid, item in (values.get("statements") or {}).items()]


def option_names(options: dict) -> list[dict]:
    entries = options.get("options") or {}
    return [{"id": o, "name": entries[o]["name"]} for o in decision_data.option_order(options) if o in entries]


def knowledge_items(knowledge: dict) -> list[dict]:
    return [{"id": kid, **item} for kid, item in (knowledge.get("items") or {}).items()]


def _md(text) -> str:
    return html.escape(" ".join(str(text).split()), quote=False)


def fit_markdown(values: dict, options: dict) -> str:
    """Per option (fixed order), where it fits and where it is a trade-off, cited; no score."""
    entries = options.get("options") or {}
    out = [
        '<div class="hb-fit hb-js-only" data-hb-fit hidden markdown>',
        "",
        '<p class="hb-fit__none" data-hb-fit-none>Rate some statements 3 or 4 above. '
        "Then this list shows what each choice is like for the things that matter most to you.</p>",
        "",
    ]
    for option in decision_data.option_order(options):
        out += [f'<div class="hb-fit__option" data-hb-fit-option="{option}" markdown>', "",
                f'<p class="hb-fit__name"><strong>{_md(entries[option]["name"])}</strong></p>', "",
                '<ul class="hb-fit__list" markdown>']
        for sid, item in (values.get("statements") or {}).items():
            fit = (item.get("fit") or {}).get(option)
            facts = " ".join(f'{_md(p["text"])} [{"; ".join("@" + k for k in p["cite"])}]'
                             for p in decision_data.answer_points(entries[option][item["field"]]))
            out.append(
                f'<li class="hb-fit__item hb-fit__item--{fit}" data-hb-fit-value="{sid}" hidden markdown="span">'
                f'<span class="hb-fit__tag">{FIT_LABEL[fit]}</span> '
                f'*{_md(item["text"])}:* {facts}</li>'
            )
        out += ["</ul>", "", "</div>", ""]
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

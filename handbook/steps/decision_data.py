"""The decision-support data: options, outcomes, values and knowledge-check items.

Four files under data/ feed the "Your choices compared" page, the icon arrays and the
decision tools (handbook/steps/options_grid.py, handbook/steps/icon_arrays.py, handbook/steps/decision_tools.py):

- data/options.yml   every treatment option, each with the SAME fields (one per question of
                     the options grid; `headers` gives each question a short column header of
                     at most MAX_HEADER_WORDS words), every field one idea `{text, cite}` or a short list
                     `{points: [{text, cite}, ...]}` (one idea each); `how_many` may also list
                     `outcomes` (ids from outcomes.yml). `order` fixes the row order, from the
                     least to the most intensive option.
- data/outcomes.yml  numbers that become icon arrays: one trial, its population, the outcome in
                     plain words, the time frame, two or more arms with absolute numbers, the
                     certainty and why, and the citation. A picture pairs arms of ONE trial.
- data/values.yml    the "What matters to you" statements; each names the options.yml field
                     that holds the facts and says, for every option, whether it fits or is a
                     trade-off for a person to whom that matters (never a score or a rank).
- data/knowledge.yml true/false items of the knowledge check, each linked to its section.

This hook checks them once, in on_config, and fails the build (even without --strict) with
every problem, each naming the file and the key and saying how to fix it. Two warnings are
softer, and strict builds still turn them into a failure:

- equal detail: a grid cell more than 1.5 times the median length of its question's row;
- one idea per point (PEMAT-P item 19, a cell a reader takes in at a glance): a `text` of
  more than one sentence (a full stop, "?" or "!" before a capital or a digit, or a ";"),
  longer than MAX_POINT_WORDS words, or a cell with more than MAX_POINTS points. It counts
  sentences, not ideas: "dizzy, sick and sleepy" passes, and an abbreviation with a full stop
  before a capital ("Dr. Smith") would count as two sentences.

Pure functions (load_*, validate_*, equal_detail_warnings, idea_warnings) are what the tests call.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

from handbook.logs import step_logger
from handbook.markdown_source import page_source
from handbook.steps import plain_numbers

log = step_logger(__name__)

OPTIONS_FILE = "data/options.yml"
OUTCOMES_FILE = "data/outcomes.yml"
VALUES_FILE = "data/values.yml"
KNOWLEDGE_FILE = "data/knowledge.yml"
REFERENCES_FILE = "data/references.yml"

FIELD_KEYS = {"text", "cite", "outcomes", "points"}
POINT_KEYS = {"text", "cite"}
FITS = ("fits", "trade-off", "depends", "see")  # see: the facts do not settle it; the line names the table
ANSWERS = ("true", "false")
# Relative measures are never shown alone (IPDAS): outcomes hold absolute numbers only.
RELATIVE_KEYS = {"rr", "or", "hr", "relative_risk", "odds_ratio", "hazard_ratio", "relative", "nnt"}
EQUAL_DETAIL_RATIO = 1.5
MAX_POINT_WORDS = 16  # one sentence a reader takes in at a glance
MAX_POINTS = 4  # per cell
MAX_HEADER_WORDS = 5  # a grid's column header (`headers:`): short, so 3 columns fit a screen
_CITE_RE = re.compile(r"\[@[^\]]*\]")
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s+[\"'(]?[A-Z0-9])|;(?=\s)")


# ---- Hook ----


def on_config(config, **kwargs):
    root = Path(config.config_file_path).parent
    _state["present"] = has_decision_data(root)
    problems, warnings = check_project(root)
    for message in warnings:
        log.warning(message)
    if problems:
        for message in problems:
            log.error(message)
        raise PluginError(
            f"decision-support data has {len(problems)} problem(s); the first: {problems[0]}"
        )
    return config


def on_page_markdown(markdown, *, page, config, files):
    """A page that uses decision support in a project without its data fails, naming the line."""
    if _state.get("present", True):
        return markdown
    body, offset = page_source(page)
    for number, marker in orphan_markers(body):
        log.warning(
            "%s line %d: %s needs the decision-support data (%s), which this project does not have. "
            "Add the data files or remove the marker.",
            page.file.src_uri, number + offset, marker, ", ".join(DATA_FILES),
        )
    return markdown


_state: dict = {}
#: The markers the decision steps (options_grid, icon_arrays, decision_tools) replace.
_MARKER_RE = re.compile(r"<!--\s*(options-grid|icon-array|values-form|values-fit|knowledge-[a-z]+|decision-summary)\b")
DATA_FILES = ("data/options.yml", "data/outcomes.yml", "data/values.yml", "data/knowledge.yml")


def has_decision_data(root: Path) -> bool:
    """Does the project at `root` use decision support (any of its data files)?"""
    return any((Path(root) / rel).exists() for rel in DATA_FILES)


def orphan_markers(markdown: str) -> list[tuple[int, str]]:
    """(line, marker) for each decision-support marker in `markdown` (1-based lines)."""
    found = []
    for number, line in enumerate(markdown.splitlines(), 1):
        match = _MARKER_RE.search(line)
        if match:
            found.append((number, f"<!-- {match.group(1)} -->"))
    return found


# ---- Loading ----


def read_yaml(path: Path):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def load_all(root: Path) -> dict:
    """Every decision-support file of the project at `root` (missing files are empty)."""
    root = Path(root)
    data = {}
    for name, rel in (("options", OPTIONS_FILE), ("outcomes", OUTCOMES_FILE), ("values", VALUES_FILE),
                      ("knowledge", KNOWLEDGE_FILE), ("references", REFERENCES_FILE)):
        path = root / rel
        data[name] = read_yaml(path) if path.exists() else {}
    return data


def check_project(root: Path) -> tuple[list[str], list[str]]:
    """(problems, warnings) for the project at `root`; a project without any decision-support
    data file has none to check (a page that still uses a marker fails: on_page_markdown)."""
    if not has_decision_data(root):
        return [], []
    try:
        data = load_all(root)
    except (OSError, yaml.YAMLError) as error:
        return [f"decision-support data cannot be read: {error}"], []
    refs = data["references"] if isinstance(data["references"], dict) else {}
    problems = validate_outcomes(data["outcomes"], refs)
    outcome_ids = set(data["outcomes"]) if isinstance(data["outcomes"], dict) else set()
    problems += validate_options(data["options"], refs, outcome_ids)
    problems += validate_values(data["values"], data["options"])
    problems += validate_knowledge(data["knowledge"])
    warnings = (equal_detail_warnings(data["options"]) + idea_warnings(data["options"])
                + says_number_warnings(data["values"]) + how_many_warnings(data["options"])) if not problems else []
    return problems, warnings


# ---- Options ----


def option_order(options: dict) -> list[str]:
    return [str(o) for o in (options.get("order") or [])] if isinstance(options, dict) else []


def questions(options: dict) -> dict:
    return dict(options.get("questions") or {}) if isinstance(options, dict) else {}


def headers(options: dict) -> dict:
    """Each question's short column header (`headers:`), for the grids of several questions."""
    found = options.get("headers") if isinstance(options, dict) else None
    return {str(k): " ".join(str(v).split()) for k, v in found.items()} if isinstance(found, dict) else {}


def _cite_problems(where: str, cite, refs: dict) -> list[str]:
    keys = cite if isinstance(cite, list) else ([cite] if cite else [])
    if not keys:
        return [f"{where} is not cited. Add `cite: [key]` with a key from {REFERENCES_FILE}."]
    return [
        f"{where} cites unknown key '{key}'. Use a key from {REFERENCES_FILE} (or add the source there)."
        for key in keys if key not in refs
    ]


def validate_options(options, refs: dict, outcome_ids: set) -> list[str]:
    """Same fields for every option, every field cited, known outcome ids, a fixed order."""
    f = OPTIONS_FILE
    if not isinstance(options, dict):
        return [f"{f}: must be a mapping with `order`, `questions` and `options`."]
    problems = []
    order = option_order(options)
    qs = questions(options)
    entries = options.get("options") or {}
    if not order:
        problems.append(f"{f}: `order` is missing; list the option ids from least to most intensive.")
    if not qs:
        problems.append(f"{f}: `questions` is missing; map each field id to the question it answers.")
    problems += _header_problems(options, qs)
    if not isinstance(entries, dict) or not entries:
        return problems + [f"{f}: `options` is missing or empty."]
    for dup in sorted({o for o in order if order.count(o) > 1}):
        problems.append(f"{f}: order lists '{dup}' twice.")
    for option in order:
        if option not in entries:
            problems.append(f"{f}: order lists unknown option '{option}'; add options.{option} or remove it from order.")
    for option in entries:
        if option not in order:
            problems.append(f"{f}: options.{option} is not in `order`; add it where it belongs (least to most intensive).")
    for option, fields in entries.items():
        where = f"{f}: options.{option}"
        if not isinstance(fields, dict):
            problems.append(f"{where} must be a mapping with `name` and one entry per question.")
            continue
        if not fields.get("name"):
            problems.append(f"{where}.name is missing; give the option's plain name.")
        for field in qs:
            if field not in fields:
                problems.append(f"{where}.{field} is missing; every option answers every question ({qs[field]}).")
                continue
            value = fields[field]
            problems += _answer_problems(f"{where}.{field}", value, refs)
            if not isinstance(value, dict):
                continue
            for outcome in value.get("outcomes") or []:
                if outcome not in outcome_ids:
                    problems.append(f"{where}.{field} names unknown outcome id '{outcome}'; use an id from {OUTCOMES_FILE}.")
        for field in fields:
            if field != "name" and field not in qs:
                problems.append(f"{where}.{field} is not a question in `questions`; remove it or add the question for every option.")
    return problems


def _header_problems(options: dict, qs: dict) -> list[str]:
    """Every question has a short column header of at most MAX_HEADER_WORDS words, and only questions have one."""
    f = OPTIONS_FILE
    raw = options.get("headers")
    if raw is not None and not isinstance(raw, dict):
        return [f"{f}: `headers` must map each question's id to its short column header."]
    heads = headers(options)
    problems = []
    for field, question in qs.items():
        head = heads.get(field, "")
        if not head:
            problems.append(f"{f}: headers.{field} is missing; give '{question}' a short column header "
                            f"(at most {MAX_HEADER_WORDS} words), e.g. the question's key words.")
        elif len(head.split()) > MAX_HEADER_WORDS:
            problems.append(f"{f}: headers.{field} '{head}' has {len(head.split())} words; a column header has at most "
                            f"{MAX_HEADER_WORDS}. Shorten it (the question itself stays in `questions`).")
    for field in heads:
        if field not in qs:
            problems.append(f"{f}: headers.{field} is not a question in `questions`; remove it.")
    return problems


def _answer_problems(where: str, value, refs: dict) -> list[str]:
    """One answer: `{text, cite}` (one idea) or `{points: [{text, cite}, ...]}`, each cited."""
    how = "`text:` (one idea, plain words) and `cite:`, or `points:`, a list of `{text: ..., cite: [...]}`"
    if not isinstance(value, dict):
        return [f"{where} needs {how}."]
    problems = []
    extra = set(value) - FIELD_KEYS
    if extra:
        problems.append(f"{where} has unknown key(s) {', '.join(sorted(extra))}; use text, cite, points, outcomes.")
    if "points" in value:
        if "text" in value or "cite" in value:
            return problems + [f"{where} has both `points:` and `text:`/`cite:`; give each point its own text and cite."]
        points = value["points"]
        if not isinstance(points, list) or not points:
            return problems + [f"{where}.points must be a list of `{{text: ..., cite: [...]}}`, one idea each."]
        for i, point in enumerate(points):
            at = f"{where}.points[{i}]"
            if not isinstance(point, dict) or not str(point.get("text") or "").strip():
                problems.append(f"{at} needs `text:` (one idea, plain words) and `cite:`.")
                continue
            extra = set(point) - POINT_KEYS
            if extra:
                problems.append(f"{at} has unknown key(s) {', '.join(sorted(extra))}; a point has text and cite.")
            problems += _cite_problems(at, point.get("cite"), refs)
        return problems
    if not str(value.get("text") or "").strip():
        return problems + [f"{where} needs {how}."]
    return problems + _cite_problems(where, value.get("cite"), refs)


def answer_points(value) -> list[dict]:
    """An answer's ideas, each `{"text", "cite": [keys]}`: its `points`, or its one `text`."""
    if not isinstance(value, dict):
        return []
    items = value["points"] if isinstance(value.get("points"), list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict) and str(item.get("text") or "").strip():
            cite = item.get("cite")
            out.append({"text": " ".join(str(item["text"]).split()),
                        "cite": [str(k) for k in (cite if isinstance(cite, list) else [cite] if cite else [])]})
    return out


def plain_length(text) -> int:
    """Words in a cell (an answer, or a text), without citations."""
    if isinstance(text, dict):
        return sum(plain_length(point["text"]) for point in answer_points(text))
    return len(_CITE_RE.sub("", str(text)).split())


def sentence_count(text: str) -> int:
    """Sentences in a text: ends of sentence (see the module docstring) plus one."""
    return len(_SENTENCE_END_RE.findall(_CITE_RE.sub("", str(text)).strip())) + 1


def idea_warnings(options) -> list[str]:
    """One idea per point: a text of one sentence of at most MAX_POINT_WORDS words, and at
    most MAX_POINTS points in a cell. Each warning names the file, option, question and fix."""
    warnings = []
    entries = (options or {}).get("options") or {} if isinstance(options, dict) else {}
    for option in option_order(options):
        for field, question in questions(options).items():
            value = (entries.get(option) or {}).get(field)
            points = answer_points(value)
            where = f"{OPTIONS_FILE}: options.{option}.{field} ('{question}')"
            listed = isinstance(value, dict) and "points" in value
            if len(points) > MAX_POINTS:
                warnings.append(
                    f"{where} has {len(points)} points, more than {MAX_POINTS}. Keep the {MAX_POINTS} that matter most "
                    "to a reader, or split the question in two (for every option)."
                )
            for i, point in enumerate(points):
                at = f"{where}{f' point {i + 1}' if listed else ''}"
                sentences = sentence_count(point["text"])
                if sentences > 1:
                    warnings.append(
                        f"{at} has {sentences} sentences: \"{point['text']}\". One idea per cell: give each sentence "
                        "its own point (`points: [{text: ..., cite: [...]}, ...]`), with the citation of the source that says it."
                    )
                words = plain_length(point["text"])
                if words > MAX_POINT_WORDS:
                    warnings.append(
                        f"{at} has {words} words, more than {MAX_POINT_WORDS}: \"{point['text']}\". Shorten it, or split "
                        "it into points of one idea each, without changing the facts."
                    )
    return warnings


def equal_detail_warnings(options) -> list[str]:
    """A cell more than 1.5x the median length (in words) of its question's row is flagged."""
    warnings = []
    entries = (options or {}).get("options") or {} if isinstance(options, dict) else {}
    for field, question in questions(options).items():
        lengths = {o: plain_length((entries.get(o) or {}).get(field) or {}) for o in option_order(options)}
        if not lengths:
            continue
        median = statistics.median(lengths.values())
        for option, length in lengths.items():
            if median and length > EQUAL_DETAIL_RATIO * median:
                warnings.append(
                    f"{OPTIONS_FILE}: options.{option}.{field} has {length} words, more than "
                    f"{EQUAL_DETAIL_RATIO}x the median ({median:g}) of '{question}'. Give every option equal "
                    "detail: shorten this cell or add detail to the others."
                )
    return warnings


# ---- Outcomes ----


def arm_percent(arm: dict) -> float | None:
    """An arm's figure as a percentage: `percent`, or `events` of `n`."""
    if arm.get("percent") is not None:
        return float(arm["percent"])
    if arm.get("events") is not None and arm.get("n"):
        return 100.0 * float(arm["events"]) / float(arm["n"])
    return None


def in_100(arm: dict) -> int:
    """How many icons of 100 are filled: the figure rounded half up."""
    return int(float(arm_percent(arm)) + 0.5)


def validate_outcomes(outcomes, refs: dict) -> list[str]:
    """One trial per picture, absolute numbers only, only verified sources."""
    f = OUTCOMES_FILE
    if not isinstance(outcomes, dict):
        return [f"{f}: must be a mapping of outcome id to outcome."]
    problems = []
    required = ("trial", "population", "outcome", "not_outcome", "time_frame", "arms", "certainty",
                "certainty_reason", "cite")
    for oid, entry in outcomes.items():
        where = f"{f}: {oid}"
        if not isinstance(entry, dict):
            problems.append(f"{where} must be a mapping.")
            continue
        for key in required:
            if not entry.get(key):
                problems.append(f"{where}.{key} is missing.")
        for key in set(entry) & RELATIVE_KEYS:
            problems.append(f"{where}.{key}: relative measures are not shown; give each arm's absolute number.")
        problems += _cite_problems(f"{where}.cite", entry.get("cite"), refs)
        for key in (entry.get("cite") or []):
            if key in refs and (refs[key] or {}).get("status") != "verified":
                problems.append(
                    f"{where}.cite: '{key}' is status '{(refs[key] or {}).get('status')}' in {REFERENCES_FILE}; "
                    "only verified sources become pictures. Verify it first, or remove the outcome."
                )
        arms = entry.get("arms") or []
        if entry.get("arms") and (not isinstance(arms, list) or len(arms) < 2):
            problems.append(f"{where}.arms needs at least two arms of the same trial (the comparison).")
            continue
        trial = entry.get("trial")
        for i, arm in enumerate(arms if isinstance(arms, list) else []):
            at = f"{where}.arms[{i}]"
            if not isinstance(arm, dict):
                problems.append(f"{at} must be a mapping.")
                continue
            if not arm.get("label"):
                problems.append(f"{at}.label is missing.")
            if arm.get("trial", trial) != trial:
                problems.append(
                    f"{at} is from trial '{arm.get('trial')}', not '{trial}': a picture pairs arms of the same "
                    "trial only. Make a separate outcome for the other trial."
                )
            for key in set(arm) & RELATIVE_KEYS:
                problems.append(f"{at}.{key}: relative measures are not shown; give the absolute number.")
            value = arm_percent(arm)
            if value is None:
                problems.append(f"{at} needs `percent` or `events` and `n`.")
            elif not 0 <= value <= 100:
                problems.append(f"{at} gives {value:g}%, outside 0-100.")
            ci = arm.get("ci")
            if ci is not None and (not isinstance(ci, list) or len(ci) != 2):
                problems.append(f"{at}.ci must be [low, high] in percent.")
    return problems


# ---- Values and knowledge ----


def validate_values(values, options) -> list[str]:
    f = VALUES_FILE
    if not isinstance(values, dict) or not values.get("statements"):
        return [f"{f}: `statements` is missing."]
    problems = []
    order = option_order(options)
    qs = questions(options)
    for sid, item in (values.get("statements") or {}).items():
        where = f"{f}: statements.{sid}"
        if not isinstance(item, dict) or not item.get("text"):
            problems.append(f"{where}.text is missing.")
            continue
        if item.get("field") not in qs:
            problems.append(f"{where}.field '{item.get('field')}' is not a question of {OPTIONS_FILE}.")
        fit = item.get("fit") or {}
        for option in order:
            if option not in fit:
                problems.append(f"{where}.fit.{option} is missing; say fits, trade-off or depends for every option.")
            elif fit[option] not in FITS:
                problems.append(f"{where}.fit.{option} is '{fit[option]}'; use one of {', '.join(FITS)}.")
        for option in fit:
            if option not in order:
                problems.append(f"{where}.fit names unknown option '{option}'.")
    return problems


#: "How many it helps" is three columns, one idea a cell, so a reader sees what each number
#: counts and against what before comparing rows (raters failed a column that set "improved a
#: lot" after 6 months beside "became well" after 8 weeks, and then cells of 4 bullets):
#: `counted` (what, when, in what study), `how_many` (one point: "With <option>: N in 100
#: (word)."), `compared` (two points: "<the other group>: N in 100 (word).", "Difference: ...").
HOW_MANY_SHAPE = {"how_many": ("With ",), "compared": ("", "Difference:")}


def how_many_warnings(options) -> list[str]:
    """Each option's "How many it helps" cells in the shape above."""
    warnings = []
    entries = (options.get("options") or {}) if isinstance(options, dict) else {}
    for option in option_order(options) if isinstance(options, dict) else []:
        entry = entries.get(option) or {}
        counted = answer_points(entry.get("counted"))
        if len(counted) != 1 or counted[0]["text"].lower().startswith("counted"):
            warnings.append(f'{OPTIONS_FILE}: options.{option}.counted: give one line on what the study counted, '
                            'when and in what study ("People who improved a lot, after 6 months, in one study.").')
        for field, starts in HOW_MANY_SHAPE.items():
            texts = [point["text"] for point in answer_points(entry.get(field))]
            ok = len(texts) == len(starts) and all(
                text.startswith(start) and (start or not text.startswith("Difference"))
                for text, start in zip(texts, starts, strict=False))
            if not ok:
                want = ('one point, "With <this option>: N in 100 (word)."' if field == "how_many" else
                        'two points, "<the other group>: N in 100 (word)." then "Difference: N more/fewer in 100 ..."')
                warnings.append(f"{OPTIONS_FILE}: options.{option}.{field} has {len(texts)} point(s) "
                                f"({'; '.join(repr(t[:30]) for t in texts) or 'none'}); give {want}.")
    return warnings


def says_number_warnings(values) -> list[str]:
    """What Matters prints each statement's `says` lines as running text (no table, so no
    number bars): every number of people out of 100 there (a harm's, a benefit's, a worked
    difference) needs its word from the one scale, as on the pages
    (handbook/steps/plain_numbers.py, CDC index item 20)."""
    warnings = []
    for sid, item in ((values or {}).get("statements") or {}).items():
        for option, said in ((item or {}).get("says") or {}).items():
            text = " ".join(str((said or {}).get("text") or "").split())
            topic = plain_numbers.number_topic(text)
            if topic:
                about = {"harm": "a side effect or other harm", "relapse": "depression coming back (relapse)",
                         "benefit": "a benefit"}[topic]
                warnings += [f"{VALUES_FILE}: statements.{sid}.says.{option}: {message}"
                             for message in plain_numbers.share_problems(text, about)]
    return warnings


def validate_knowledge(knowledge) -> list[str]:
    f = KNOWLEDGE_FILE
    items = (knowledge or {}).get("items") if isinstance(knowledge, dict) else None
    if not items:
        return [f"{f}: `items` is missing."]
    problems = []
    if not 6 <= len(items) <= 8:
        problems.append(f"{f}: has {len(items)} items; keep 6 to 8.")
    for kid, item in items.items():
        where = f"{f}: items.{kid}"
        for key in ("text", "answer", "explain", "link", "link_text"):
            if not (item or {}).get(key):
                problems.append(f"{where}.{key} is missing.")
        if (item or {}).get("answer") not in ANSWERS:
            problems.append(f"{where}.answer must be true or false (as text: \"true\" or \"false\").")
    return problems

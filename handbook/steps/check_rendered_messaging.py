"""Safe messaging about suicide, checked on the text readers see.

handbook/steps/safe_messaging.py lints the Markdown as written; that misses `committed **suicide**`,
`sui&shy;cide`, a zero-width space, a link inside the phrase, and text pulled in by a
snippet. This hook checks each page's rendered HTML (after Markdown, snippets and the hooks
that generate text), read with the build's one HTML parser (handbook/steps/parser.py): tags
dropped, entities decoded, soft hyphens and zero-width characters removed, spacing and
letter forms normalised (NFKC). Guarantees, each a build error naming the page and line:

- none of the phrases banned in handbook/steps/safe_messaging.py appears in the visible text;
- no method details: lethal/fatal/deadly doses or amounts, how much or how many "to die",
  or a method named in the same sentence as suicide (notes/CONVENTIONS.md);
- every H2 section (and the introduction) whose text mentions suicide holds a real crisis
  box: an element with the class hb-crisis-inline that gives 988 and 116 123 (a class name
  in a comment or in text does not count).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from mkdocs.exceptions import PluginError

from handbook import html as parser
from handbook.logs import step_logger
from handbook.steps.check_content_safety import page_sources
from handbook.steps.safe_messaging import BANNED

log = step_logger(__name__)

# The reference list and the glossary list are rendered by Markdown extensions (handbook/markdown/),
# which run before every page_content step, so this check always sees them.
RUNS_AFTER = {"safe_messaging": "the Markdown lint runs first; this checks what it cannot see"}

_BANNED_RE = [(re.compile(rf"\b{pattern}\b", re.I), replacement) for pattern, replacement in BANNED]
_MENTION = re.compile(r"\bsuicid\w*", re.I)
_SELF_HARM = r"(?:suicid\w*|kill(?:s|ed|ing)?\s+(?:him|her|them|your|my|one)sel(?:f|ves)|(?:take|end)s?\s+(?:his|her|their|your|my|one's)\s+(?:own\s+)?life)"
_METHOD_WORDS = (r"(?:hang(?:s|ed|ing)?|noose|jump(?:s|ed|ing)?\s+(?:off|from)|firearms?|guns?|shoot(?:s|ing)?|shot|"
                 r"overdos\w*|poison\w*|suffocat\w*|drown\w*|cut(?:s|ting)?\s+(?:(?:his|her|their|your|my)\s+)?wrists?|"
                 r"pills?|tablets?|car\s+exhaust|carbon\s+monoxide|train|bridge|rope|razor|blade)")
METHOD_RULES = (
    (re.compile(r"\b(?:lethal|fatal|deadly|killing)\s+(?:doses?|amounts?|quantit(?:y|ies)|levels?|combinations?)\b", re.I),
     "names a lethal dose or amount"),
    (re.compile(r"\b(?:how\s+(?:much|many)|enough)\b[^.!?\n]{0,80}?\b(?:to\s+(?:die|kill|end\s+(?:a|your|my|their|his|her)\s+life)|"
                r"would\s+(?:be\s+fatal|kill))", re.I),
     "says how much it takes to die"),
    (re.compile(rf"\b{_SELF_HARM}\b[^.!?\n]{{0,80}}?\b{_METHOD_WORDS}\b|\b{_METHOD_WORDS}\b[^.!?\n]{{0,80}}?\b{_SELF_HARM}", re.I),
     "names a method of suicide"),
)
CRISIS_CLASS = "hb-crisis-inline"
CRISIS_NUMBERS = ("988", "116 123")
_errors: list[str] = []

# ---- Hooks ----


def on_pre_build(config, **kwargs) -> None:
    _errors.clear()


def on_page_content(html, *, page, config, files):
    problems = check_html(html)
    if problems:
        sources, used = page_sources(page, config), Counter()
        for words, message in problems:
            _fail(f"{locate(words, sources, used)}: {message}")
    return html


def on_post_build(config, **kwargs) -> None:
    if _errors:
        raise PluginError(f"Safe messaging: {len(_errors)} problem(s), each listed above with its file and line.")


# ---- Helper functions ----


def _fail(message: str) -> None:
    _errors.append(message)
    log.error(message)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", parser.INVISIBLE.sub("", text))
    return re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)


def check_text(text: str) -> list[tuple[str, str]]:
    """`(matched words, message)` for banned phrases and method details in visible text."""
    text = normalise(text)
    found = []
    for pattern, replacement in _BANNED_RE:
        for match in pattern.finditer(text):
            words = " ".join(match.group(0).split())
            found.append((words, f'"{words}" is not safe-messaging language. Write "{replacement}" instead '
                                 "(notes/CONVENTIONS.md, 'Suicide: safe messaging')."))
    for pattern, what in METHOD_RULES:
        for match in pattern.finditer(text):
            words = " ".join(match.group(0).split())
            found.append((words, f'"{words[:80]}" {what}: no method details, ever (notes/CONVENTIONS.md, '
                                 "'Suicide: safe messaging'). Fix: remove the detail; say that help is available."))
    return found


def sections(html: str) -> list[tuple[str, list]]:
    """`(H2 title or "", top-level nodes)` of a page's content."""
    tree = parser.document(html)
    result: list[tuple[str, list]] = [("", [])]
    body = tree.body
    if body is None:
        return result
    for node in body.iter(include_text=True):
        if (node.tag or "").lower() == "h2":
            result.append((node.text(deep=True).strip(), []))
        result[-1][1].append(node)
    return result


def check_html(html: str) -> list[tuple[str, str]]:
    problems = check_text(parser.visible_text(html))
    for title, nodes in sections(html):
        text = normalise("".join(parser.visible_text(n.html or "") if (n.tag or "") != "-text"
                                 else (n.text(deep=False) or "") for n in nodes))
        mention = _MENTION.search(text)
        if not mention:
            continue
        boxes = []
        for node in nodes:
            if (node.tag or "") in ("-text", "-comment"):
                continue
            classes = (node.attributes or {}).get("class") or ""
            if CRISIS_CLASS in classes.split():
                boxes.append(node)
            boxes += node.css(f".{CRISIS_CLASS}")
        if not any(all(n in normalise(b.text(deep=True)) for n in CRISIS_NUMBERS) for b in boxes):
            name = f'the section "{title}"' if title else "the introduction (before the first H2)"
            problems.append((mention.group(0), f"{name} mentions suicide but has no crisis box a reader can see "
                             f"(an element with class {CRISIS_CLASS} giving 988 and 116 123). Fix: add the line "
                             '--8<-- "crisis-inline.md" to this section.'))
    return problems


def locate(words: str, sources, used: Counter) -> str:
    """`docs/risks.md:12`: the first source line holding the first word of `words`, preferring
    one that also holds its last word (markup may sit between them)."""
    tokens = re.findall(r"\w+", words)
    if not tokens:
        return sources[0][0]
    first, last = tokens[0].lower(), tokens[-1].lower()
    for require_last in (True, False):
        for name, note, lines in sources:
            for number, line in enumerate(lines, start=1):
                flat = parser.INVISIBLE.sub("", re.sub(r"&shy;|&#173;|&#xad;|<[^>]*>", "", line, flags=re.I)).lower()
                if first[:6] in flat and (not require_last or last[:5] in flat):
                    key = (name, number, words)
                    if used[key]:
                        continue
                    used[key] += 1
                    return f"{name}:{number}{note}"
    return f"{sources[0][0]} (line not found: the text may come from a hook)"

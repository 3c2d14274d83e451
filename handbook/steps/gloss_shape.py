"""Explanations in brackets read as plain English: no garbled glosses.

first_use (handbook/steps/first_use.py) asks that every term be explained where it first
appears, and the easy way to satisfy it is a bracket after the term. Dropped into a
sentence without rewording it, the bracket garbles what the reader sees, on screen and on
paper:

- a bracket inside a bracket: `an SSRI or SNRI (common types of antidepressant (medicine
  for depression)) pill`;
- two brackets in a row: `ketamine through a drip (IV ketamine) (a drip into a vein)`;
- a possessive after a bracket: `the label (the official information ...)'s reasons`;
- words repeated right after the bracket: `Esketamine (a nasal spray made from ketamine)
  nasal spray`: the bracket was put inside the noun phrase instead of after it;
- a bracket inside quotation marks: `"off-label (for a use it is not approved for)"`,
  which makes the explanation look like part of what someone said.

Each is a warning (a strict build fails) naming the page, line and words, with how to
reword it. What it cannot tell: whether the explanation is right or plain (first_use and a
human reviewer), and garbles without brackets. Pages in `extra.literacy.exempt` (the
glossary, references, what changed) are skipped, as for the other literacy checks.
"""

from __future__ import annotations

import re

from handbook.literacy_text import literacy_settings, report, sentences
from handbook.logs import step_logger
from handbook.markdown_source import location, page_source

log = step_logger(__name__)

CHECK = "gloss_shape"

#: Short words that may follow a bracket and also be in it without repeating anything.
_SMALL = frozenset(
    "a an the and or of for to in on at by with from into is are was were be it its this that "
    "these those as not no your you they them their which who what when can may".split()
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")
_QUOTED_RE = re.compile(r"[\"“][^\"“”()]{1,60}\([^\"“”()]{2,}\)[\"”]")

# ---- Hooks ----


def on_page_markdown(markdown, *, page, config, files):
    if page.file.src_uri in literacy_settings(config)["exempt"]:
        return markdown
    source, offset = page_source(page)
    for index, words, message in gloss_problems(source):
        report(log, CHECK, config, f"{location(page, config, index + offset + 1)}: {message} (\"{words}\")")
    return markdown


# ---- Helper functions ----


def _stem(word: str) -> str:
    """`medicines` and `medicine` alike: a plural's last s is dropped (`therapies` -> `therapy`)."""
    word = word.lower().strip("'-")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _brackets(text: str) -> list[tuple[int, int, int]]:
    """`(start, end, depth)` of each bracket pair in `text` that opens after a space or at the
    start; unbalanced brackets and brackets glued to a word (`56(8)`) are ignored."""
    pairs, stack = [], []
    for position, char in enumerate(text):
        if char == "(":
            stack.append(position)
        elif char == ")" and stack:
            start = stack.pop()
            if not (start and text[start - 1].isalnum()):  # `56(8)`, `f(x)`: not an explanation
                pairs.append((start, position + 1, len(stack)))
    return sorted(pairs)


def _excerpt(text: str, start: int, end: int) -> str:
    words = text[max(0, start - 30) : end + 30].split()
    return " ".join(words)[:120]


def sentence_problems(text: str) -> list[tuple[str, str]]:
    """`(words, message)` for each garbled bracket in one sentence a reader sees."""
    problems = []
    pairs = _brackets(text)
    for start, end, depth in pairs:
        inside = text[start + 1 : end - 1]
        after = text[end:]
        if depth > 0:
            continue  # reported with its outer bracket
        if any(depth_inner > 0 and start < s < end for s, _e, depth_inner in pairs):
            problems.append((_excerpt(text, start, end),
                             "a bracket inside a bracket is hard to read. Fix: explain the inner term in the "
                             "bracket's own words, or give it a sentence of its own"))
        if re.match(r"\s*\(", after):
            problems.append((_excerpt(text, start, end + 2),
                             "two brackets in a row. Fix: keep one explanation, or move one into the sentence"))
        if re.match(r"['’]s\b", after):
            problems.append((_excerpt(text, start, end + 2),
                             "a possessive after a bracket (\")'s\"). Fix: reword, e.g. \"the reasons the label "
                             "(...) gives\""))
        following = _WORD_RE.match(after.lstrip(" ,"))
        if following and not re.match(r"\s*[,;:.]", after):
            word = following.group(0)
            inside_words = {_stem(w) for w in _WORD_RE.findall(inside)}
            if word.lower() not in _SMALL and len(word) > 3 and _stem(word) in inside_words:
                problems.append((_excerpt(text, start, end + len(word) + 1),
                                 f"\"{word}\" right after the bracket repeats a word inside it: the bracket sits "
                                 "inside the noun phrase. Fix: put the explanation after the whole phrase, "
                                 "e.g. \"esketamine nasal spray (a spray made from ketamine)\""))
    for match in _QUOTED_RE.finditer(text):
        problems.append((match.group(0)[:120],
                         "an explanation in brackets inside quotation marks reads as part of the quote. Fix: "
                         "close the quote first, e.g. '\"off-label\" (used for something it is not approved for)'"))
    return problems


def gloss_problems(markdown: str) -> list[tuple[int, str, str]]:
    """`(body line index, words, message)` for every garbled bracket a reader would see."""
    found = []
    for sentence in sentences(markdown):
        if sentence.kind == "heading":
            continue
        for words, message in sentence_problems(sentence.text):
            found.append((sentence.line, words, message))
    return found

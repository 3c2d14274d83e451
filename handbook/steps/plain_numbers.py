"""Numbers a reader can use without doing sums (PEMAT-P items 6-7, CDC index items 15-17, 20).

Checks each sentence (table rows as a whole) of every page not in `extra.literacy.exempt`,
and warns with the page and line:

- `comparisons`: a comparison gives both groups and the difference already worked out.
  A sentence that compares (two or more "N in 100" figures with "compared with", "than",
  "versus", "placebo", "dummy" ..., one figure for a placebo/dummy group, or a table row
  with two figures, its columns being the groups) needs a
  worked difference ("about 24 more in 100", "17 fewer in 100", "no real difference",
  "about the same") in the same sentence or the one right before or after it.
- `relative`: "twice as likely", "3 times more", "50% lower risk", "halves the risk", odds,
  hazard or risk ratios fail unless the same sentence also gives both absolute numbers.
- `frequency_words`: one word scale for every number (`SCALE`: rare, few, some, fewer than
  half, about half, more than half, most, almost all; each with its range in 100 on the
  Glossary page), for harms and benefits alike (raters failed two scales side by side: 13 in
  100 was "few" as a benefit and "very common" as a side effect). In running text, every
  group's "N in 100" in a sentence about a harm (`HARM_RE`), a benefit (`BENEFIT_RE`) or
  depression coming back (`RELAPSE_RE`) carries its word right next to it: "69 in 100 (more
  than half)", "about half (51 in 100)", "rare: fewer than 1 in 100". The word must be the one
  for that number: "54 in 100 (most)" fails (CDC index item 20: every probability also in
  words; item 16: the same word always means the same numbers). A worked difference ("17
  more in 100") takes no word: the words say what share of a group had something, and on a
  gap between two groups they read wrong ("32 more in 100 (fewer than half)", raters AD and
  AE); the two groups beside it carry theirs, and a word after a difference fails. Medicine leaflets' words
  ("very common", "common", "uncommon", "very rare") are not on the scale and fail next to a
  number. Table rows
  take none either: the `number_bars` step draws every group's number in a table cell as a
  bar, which is the picture. A sentence about none of these (how many people were in a
  study) is left alone.

- `one_denominator` (CDC index item 17: the same denominator throughout): every frequency is
  "in 100". "1 in 20", "3 out of 50 people", "in every 10,000 visits", "per 100,000" make the
  reader rescale; a rarer harm is "fewer than 1 in 100" with its scale word ("rare"). Not
  frequencies: counts of studies, weeks or steps ("2 out of 3 studies", "in 2 to 3 weeks"), and
  a score "out of 10". It also judges the
  pages in `extra.literacy.exempt` except the reference list and the change log (whose source
  titles and history quote others' words): the Glossary's scale is where a second denominator
  crept in. A range of worked differences ("14 to 17 more in 100") is flagged too: give each
  study's difference, or one figure and what it comes from, so no one decodes a range of gaps.
  And each group gives its own "in 100": "54 compared with 39 in 100" leaves the reader to
  carry the denominator over (a range, "1 to 4 in 100", is one figure and passes).
- `fraction_words`: a share of people given only as a fraction ("about half or more", "over
  a third", "half of the people", "the majority of patients") with no "N in 100" in the same
  sentence (PEMAT-P item 6: numbers the reader can use; CDC item 15). "Half an hour" and
  "dropped by at least half" (a measure, not people) are not shares of people.

What it misses: comparisons written without a cue word or spread over more than 3
sentences; differences stated wrongly (it checks that one is there, not the sums); a scale
word for a number the sentence names only in words ("half of people"); a number whose
picture sits next to the sentence instead of a word; a number said as "of 100" or "per 100"; a harm or benefit named only in an earlier sentence or a table's
heading row ("It happened to 9 in 100"), or in words outside the cue lists. A human
reviewer still reads the numbers. Each check can be listed in `extra.literacy.pending`
(mkdocs.yml) to log at INFO until the content is fixed.
"""

from __future__ import annotations

import re

from handbook.literacy_text import Sentence, literacy_settings, report, sentences
from handbook.logs import step_logger
from handbook.markdown_source import location, page_source

log = step_logger(__name__)

# It reads sentences with their raw [@key] citations (handbook.literacy_text strips them); it needs no other step.
RUNS_AFTER: dict[str, str] = {}

_NUM = r"(?:\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)"
_RANGE = rf"{_NUM}(?:\s*(?:to|-|–|or)\s*{_NUM})?"
_DENOM = r"(?:\d[\d,]*|ten|a\s+hundred|hundred|a\s+thousand|thousand)"
FREQUENCY_RE = re.compile(
    rf"\b{_RANGE}\s+(?:people\s+|adults\s+|patients\s+)?(?:in|out\s+of)\s+(?:every\s+)?{_DENOM}\b"
    rf"|\b{_RANGE}\s?(?:%|percent\b|per\s+cent\b)",
    re.I,
)
DIFFERENCE_RE = re.compile(
    rf"\b{_RANGE}\s+(?:more|fewer|less|extra|additional)\s+(?:people\s+)?(?:in|out\s+of)\s+(?:every\s+)?{_DENOM}\b"
    rf"|\b{_RANGE}\s+(?:people\s+)?(?:in|out\s+of)\s+(?:every\s+)?{_DENOM}\s+(?:more|fewer|less)\b"
    rf"|\b(?:difference|gain|benefit|gap)\s+(?:of|was|is)\s+(?:about\s+)?{_NUM}"
    rf"|\b{_RANGE}\s+(?:more|fewer|less)\s+than\s+(?:on|with|in|after|for)\b"
    r"|\bno\s+(?:real\s+|clear\s+)?difference\b|\babout\s+the\s+same\b|\bthe\s+same\s+(?:in|for|with)\b",
    re.I,
)
_COMPARE_RE = re.compile(
    r"\b(?:compared|than|versus|vs\.?|placebo|dummy|whereas|while)\b", re.I
)
_GROUP_RE = re.compile(r"\b(?:placebo|dummy|compared|versus|vs\.?)\b|(?<!more )(?<!fewer )(?<!less )\bthan\b", re.I)
RELATIVE_RE = re.compile(
    rf"\b(?:twice|three\s+times|half)\s+as\s+(?:likely|many|often|common|much|high)\b"
    rf"|\b{_NUM}(?:\.\d+)?\s*(?:times|x|×)\s+(?:more|less|as|higher|lower|greater|the)\b"
    rf"|\b{_NUM}\s?(?:%|percent)\s+(?:more|less|higher|lower|fewer|greater|reduction|increase)\b"
    r"|\b(?:double[sd]?|halve[sd]?|triple[sd]?)\s+(?:the\s+|your\s+)?(?:risk|chance|odds)\b"
    r"|\b(?:odds|hazard|risk)\s+ratio\b|\brelative\s+risk\b",
    re.I,
)
#: A frequency and its denominator: "1 in 20", "3 out of 50 people", "2 times in every 500
#: visits", "per 100,000". A count of studies, weeks or steps is not a frequency.
_WORD_NUM = r"\d[\d,]*|a\s+thousand|thousand|ten\s+thousand|a\s+million|million"
_NOT_PEOPLE = (r"weeks?|days?|months?|years?|hours?|minutes?|seconds?|studies|trials?|steps?|ways?|parts?"
               r"|questions?|chapters?|pages?|points?|items?|statements?|groups?")
OTHER_DENOMINATOR_RE = re.compile(
    rf"\b\d[\d,]*\s+(?:(?:people|adults|patients|times?)\s+)?(?P<conj>in|out\s+of)\s+(?:every\s+|each\s+)?"
    rf"(?P<d1>{_WORD_NUM})\b(?!(?:\s*(?:to|-|–|or)\s*\d[\d,]*)?\s+(?:{_NOT_PEOPLE})\b)(?P<after>\s+\w+)?"
    rf"|\b(?:in|per)\s+every\s+(?P<d2>{_WORD_NUM})\b|\bper\s+(?P<d3>{_WORD_NUM})\b",
    re.I,
)
_PEOPLE_AFTER = re.compile(r"\s+(?:people|adults|patients|users|men|women|visits|doses|participants)\b", re.I)


def other_denominator(match) -> str | None:
    """The denominator of a frequency match when it is not 100 ("out of 10" on its own is a
    rating scale, not a frequency), else None."""
    denominator = match.group("d1") or match.group("d2") or match.group("d3")
    number = denominator.replace(",", "")
    if number == "100":
        return None
    if (match.group("conj") or "").lower().startswith("out") and number == "10" \
            and not _PEOPLE_AFTER.match(match.group("after") or ""):
        return None
    return re.sub(r"^a\s+", "", " ".join(denominator.split()), flags=re.I)


#: A worked difference given as a range of gaps ("14 to 17 more in 100").
DIFFERENCE_RANGE_RE = re.compile(
    rf"\b{_NUM}\s*(?:to|-|–)\s*{_NUM}\s+(?:more|fewer|less|extra)\s+(?:people\s+)?(?:in|out\s+of)\s+(?:every\s+)?100\b",
    re.I,
)
#: A group's number without its "in 100", leaning on the next group's ("54 compared with 39 in
#: 100"): each group says its own "in 100", so the reader never carries a denominator across
#: (and the number_bars step can picture each one). A range ("1 to 4 in 100") is not this.
BARE_GROUP_RE = re.compile(
    # the bare number: not itself "N in 100", not a count of weeks or studies; then up to 4
    # words naming its group ("54 with the spray, compared with 39 in 100")
    r"(?<!in )(?<!every )(?<!out of )(?<!week )(?<!weeks )(?<!day )(?<!days )(?<!month )(?<!step )"
    r"(?<!session )\b(?P<bare>\d+(?:,\d{3})*)"
    r"(?!\s+(?:(?:people|adults|patients)\s+)?(?:in|out\s+of)\s+(?:every\s+)?\d)"
    rf"(?!\s+(?:{_NOT_PEOPLE})\b)"
    r"(?:\s+[a-z-]+){0,4}?,?\s+"
    r"(?:compared\s+with|versus|vs\.?|and)\s+"
    r"(?:about\s+)?\d[\d,]*\s+(?:(?:people|adults|patients)\s+)?in\s+(?:every\s+)?100\b",
    re.I,
)
#: Pages whose words are others' (source titles) or history: no denominator check.
DENOMINATOR_EXEMPT = frozenset({"references.md", "what-changed.md"})
#: Medicine leaflets' frequency words, not on the handbook's one scale.
_OLD_WORD_RE = re.compile(r"\b(?:very\s+common|common|uncommon|very\s+rare)\b", re.I)
#: Harms and side effects: a frequency about one of these needs a scale word.
HARM_RE = re.compile(
    r"\bside[\s-]effects?\b|\badverse\b|\bharms?\b|\bdizz|\bnause|\bsick\b|\bvomit"
    r"|\bsleep(?:y|iness)\b|\bdrows|\bsedat|\bnumb(?:ness)?\b|\bvertigo\b|\bspinning\b|\banxi|\bworry\b"
    r"|\bheadaches?\b|\bblood\s+pressure\b|\bdissociat|\bcut\s+off\b|\bdetached\b|\bdisconnected\b"
    r"|\bspaced\s+out\b|\bbladder\b|\bhallucinat|\bpass(?:ed|ing)?\s+out\b|\bfaint"
    r"|\bstopped\s+(?:the\s+\w+\s+)?because\b|\bmisuse\b|\baddict",
    re.I,
)
#: Benefits and outcomes of treatment.
#: Depression coming back (relapse): a frequency about this needs a plain word for its size.
RELAPSE_RE = re.compile(
    r"\brelaps|\b(?:come|comes|came|coming)\s+back\b|\bdepression\s+return", re.I
)
#: The one scale for every number, harm or benefit: (lowest, highest, word) in 100, lowest
#: first; ranges on glossary.md. Each word is literally true of its range ("more than half" is
#: 55 to 69, never 50), and none needs a second denominator ("about 1 in 3"): "rare" is any
#: number below 1 in 100 (shown as -1 here), said as "fewer than 1 in 100".
SCALE = (
    (-1, -1, "rare"),
    (0, 0, "none"),
    (1, 9, "few"),
    (10, 29, "some"),
    (30, 44, "fewer than half"),
    (45, 54, "about half"),
    (55, 69, "more than half"),
    (70, 89, "most"),
    (90, 100, "almost all"),
)
_SHARE_WORD = r"(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for *_, w in sorted(SCALE, key=lambda s: -len(s[2]))) + r")"
#: The word right after the number ("69 in 100 people (more than half)") or right before it
#: ("about half (51 in 100)").
_SHARE_AFTER_RE = re.compile(
    r"\s*(?:(?:people|adults|patients)\s*)?\(\s*(?P<word>" + _SHARE_WORD + r"(?:\s+to\s+" + _SHARE_WORD + r")?)\b[^)]*\)", re.I
)
_SHARE_BEFORE_RE = re.compile(r"\b(?P<word>" + _SHARE_WORD + r")(?:\s+(?:people|of\s+them))?\s*\((?:about\s+|around\s+|nearly\s+)?$", re.I)
#: A worked difference said as people out of 100 ("17 more in 100", "24 fewer in every 100").
_GAP_RE = re.compile(
    r"\b(?P<n>\d+)\s+(?:more|fewer|less|extra)\s+(?:people\s+)?(?:in|out\s+of)\s+(?:every\s+)?100\b"
    r"|\b(?P<n2>\d+)\s+(?:people\s+)?(?:in|out\s+of)\s+(?:every\s+)?100\s+(?:more|fewer|less)\b", re.I)
_GROUP_NUMBER_RE = re.compile(
    r"\b(?P<low>\d+)(?:\s*(?:to|-|–)\s*(?P<high>\d+))?\s+(?:(?:people|adults|patients)\s+)?(?:in|out\s+of)\s+(?:every\s+)?100\b", re.I
)


def share_word(number: int) -> str:
    """The `SCALE` word for `number` in 100 (-1: fewer than 1 in 100)."""
    for low, high, word in SCALE:
        if low <= number <= high:
            return word
    raise ValueError(f"{number} is not a number in 100")


def share_problems(text: str, about: str = "a benefit") -> list[str]:
    """Messages for each group's number of people out of 100 in `text` (a sentence about
    `about`: a harm, a benefit or relapse) that has no scale word next to it, or the wrong one,
    and for each worked difference ("N more in 100") that has one."""
    messages = []
    for match in _GAP_RE.finditer(text):  # a worked difference takes no scale word, after or before it
        word = _SHARE_AFTER_RE.match(text, match.end()) or _SHARE_BEFORE_RE.search(text[: match.start()])
        if word is not None and int(match.group("n") or match.group("n2")) <= 100:
            messages.append(
                f'"{match.group(0)}" is a difference between two groups, but it is followed by '
                f'"({" ".join(word.group("word").split())})", a word for a share of one group. Take the '
                'word out: the scale on the Glossary page describes how many in a group had something, '
                'and each group\'s number beside the difference already carries its word.'
            )
    masked = DIFFERENCE_RE.sub(lambda m: " " * len(m.group(0)), text)
    for match in _GROUP_NUMBER_RE.finditer(masked):
        if re.search(r"\b(?:fewer|less)\s+than\s*$", masked[: match.start()], re.I) and match.group("low") == "1":
            if not re.search(r"\brare\b", text, re.I):
                messages.append(
                    f'"fewer than {text[match.start():match.end()]}" is about {about} but has no word for its '
                    'size. Add the scale\'s word for it, "rare: fewer than 1 in 100", from the Glossary '
                    'page (CDC index item 20: every number also in words or a picture).'
                )
            continue
        if re.search(r"\b(?:fewer|less|more)\s+than\s*$", masked[: match.start()], re.I):
            continue  # another bound ("more than 50 in 100"): said in words already
        low, high = int(match.group("low")), int(match.group("high") or match.group("low"))
        if high > 100:
            continue
        figure = text[match.start():match.end()]
        near = _SHARE_AFTER_RE.match(text, match.end()) or _SHARE_BEFORE_RE.search(text[: match.start()])
        right = share_word(low) if share_word(low) == share_word(high) else f"{share_word(low)} to {share_word(high)}"
        if near is None:
            messages.append(
                f'"{figure}" is about {about} but says how many people with a number only. Add the '
                f'word for its size right next to it, "{figure} ({right})", '
                'from the scale on the Glossary page (CDC index item 20: every number also in words '
                'or a picture).'
            )
        elif " ".join(near.group("word").lower().split()) != right:
            messages.append(
                f'"{figure}" is called "{" ".join(near.group("word").split())}", but on the Glossary\'s '
                f'scale {figure} is "{right}". Use that word, so the same word always means the same numbers.'
            )
    return messages
#: A share of people said only as a fraction ("about half or more", "over a third of them").
FRACTION_RE = re.compile(
    r"\b(?:about|around|roughly|over|under|nearly|almost|more\s+than|less\s+than|fewer\s+than|at\s+least)"
    r"\s+(?:a\s+|one\s+|two\s+)?(?:half|thirds?|quarters?)\b(?!\s+(?:an?\s+)?(?:hour|day|week|month|year|dose))"
    r"|\b(?:half|a\s+third|one\s+third|two\s+thirds|a\s+quarter|one\s+quarter|three\s+quarters|the\s+majority|a\s+minority)"
    r"\s+of\s+(?:the\s+|these\s+|those\s+)?(?:people|patients|adults|them|those|users|men|women|participants)\b",
    re.I,
)
BENEFIT_RE = re.compile(
    r"\bbetter\b|\bimprov|\brespon(?:d|ded|se|ders?)\b|\bremission\b|\bwell\b|\brelaps"
    r"|\bdrop\s+in\s+symptoms\b|\bsymptoms\s+(?:dropped|fell|eased)\b|\brecover|\bbenefit",
    re.I,
)

# ---- Hooks ----


def on_page_markdown(markdown, *, page, config, files):
    src = page.file.src_uri
    exempt = src in literacy_settings(config)["exempt"]
    if exempt and src in DENOMINATOR_EXEMPT:
        return markdown
    source, offset = page_source(page)
    problems = denominator_problems(source) if exempt else number_problems(source)
    for index, check, message in problems:
        report(log, check, config, f"{location(page, config, index + offset + 1)}: {message}")
    return markdown


# ---- Helper functions ----


def units(markdown: str) -> list[Sentence]:
    """Sentences of running text, and each table row joined into one unit."""
    out: list[Sentence] = []
    for sentence in sentences(markdown):
        if sentence.kind == "heading":
            continue
        if sentence.kind == "table" and out and out[-1].kind == "table" and out[-1].line == sentence.line:
            out[-1] = Sentence(sentence.line, out[-1].text + " | " + sentence.text, "table")
        else:
            out.append(sentence)
    return out


_MONEY_RE = re.compile(r"\$|£|\b(?:price|prices|cost|costs|pay|paid|discount|fee|fees)\b", re.I)
_PERCENT_ONLY_RE = re.compile(r"%|percent|per\s+cent", re.I)


def frequencies(text: str) -> list[str]:
    """Absolute frequencies in `text`, leaving out worked differences ("24 more in 100") and
    percentages of money ("the price would need to drop by 25%")."""
    found = FREQUENCY_RE.findall(DIFFERENCE_RE.sub(" ", text))
    if _MONEY_RE.search(text):
        found = [f for f in found if not _PERCENT_ONLY_RE.search(f)]
    return found


def number_topic(text: str) -> str | None:
    """"harm" when the sentence names a harm or side effect (it wins when both are named:
    "stopped because of side effects"), "relapse" when it names depression coming back,
    "benefit" when it names only another benefit or outcome, else None."""
    if HARM_RE.search(text):
        return "harm"
    if RELAPSE_RE.search(text):
        return "relapse"
    if BENEFIT_RE.search(text):
        return "benefit"
    return None


def is_comparison(text: str, table_row: bool = False) -> bool:
    """Two figures with a comparing word, one figure for a placebo/dummy group, or a table
    row with two figures (its columns are the groups)."""
    found = frequencies(text)
    if len(found) >= 2 and (table_row or _COMPARE_RE.search(text)):
        return True
    return len(found) == 1 and bool(_GROUP_RE.search(text))


def denominator_problems(markdown: str) -> list[tuple[int, str, str]]:
    """`(body line index, "one_denominator", message)`: a frequency not out of 100, or a range of
    worked differences."""
    problems = []
    for unit in units(markdown):
        for match in OTHER_DENOMINATOR_RE.finditer(unit.text):
            if (denominator := other_denominator(match)) is None:
                continue
            quoted = unit.text[max(0, match.start() - 30):match.end()].strip()
            problems.append((unit.line, "one_denominator", (
                f'"{_short(quoted)}" counts out of "{denominator}", but every other number in the '
                'handbook is "in 100" (CDC index item 17: one denominator). Say it out of 100 ("5 in '
                '100", not "1 in 20"); say a rarer harm as "fewer than 1 in 100" with its scale word '
                '("rare: fewer than 1 in 100"); leave the exact rate to the cited source.'
            )))
        for match in BARE_GROUP_RE.finditer(unit.text):
            problems.append((unit.line, "one_denominator", (
                f'"{match.group(0)}": the first group\'s {match.group("bare")} has no "in 100", so the '
                'reader has to carry it over. Give each group its own: "54 in 100 compared with 39 in 100".'
            )))
        for match in DIFFERENCE_RANGE_RE.finditer(unit.text):
            problems.append((unit.line, "one_denominator", (
                f'"{match.group(0)}" is a range of differences, which the reader has to decode. Give '
                'each study\'s difference ("17, 15 and 14 more in 100 in the three studies") or one '
                'figure and what it comes from ("about 15 more in 100, on average").'
            )))
    return problems


def number_problems(markdown: str) -> list[tuple[int, str, str]]:
    """`(body line index, check name, message)` for every number a reader cannot use as is."""
    problems = denominator_problems(markdown)
    items = units(markdown)
    for position, unit in enumerate(items):
        text = unit.text
        near = [items[i].text for i in (position - 1, position + 1) if 0 <= i < len(items)]
        near = [t for t, i in zip(near, (position - 1, position + 1), strict=False) if items[i].kind == unit.kind]
        if is_comparison(text, unit.kind == "table") and not any(DIFFERENCE_RE.search(t) for t in [text, *near]):
            problems.append((unit.line, "comparisons", (
                f'"{_short(text)}" compares groups but does not give the difference. Give both '
                'groups and work it out: "38 in 100 (fewer than half) with the spray, 14 in 100 (some) '
                'with a dummy spray: about 24 more in 100."'
            )))
        relative = RELATIVE_RE.search(text)
        if relative and len(frequencies(text)) < 2:
            problems.append((unit.line, "comparisons", (
                f'"{relative.group(0)}" is a relative comparison on its own. Give both absolute '
                'numbers in the same sentence ("4 in 100 compared with 2 in 100: 2 more in 100").'
            )))
        found = frequencies(text)
        if (fraction := fraction_share(text)) and not found:
            problems.append((unit.line, "fraction_words", (
                f'"{fraction.group(0)}" gives a share of people as a fraction with no number. Say it as '
                '"N in 100" with its time frame ("about 50 in 100 people, in the first 2 hours"), or '
                'keep the word next to the number ("about half (51 in 100)"), so every share on the '
                'page uses one scale (PEMAT-P item 6, CDC index item 15).'
            )))
        topic = number_topic(text) if found or _GAP_RE.search(text) else None
        if topic and unit.kind != "table":
            about = {"harm": "a side effect or other harm", "relapse": "depression coming back (relapse)",
                     "benefit": "a benefit"}[topic]
            if old := _OLD_WORD_RE.search(text):
                problems.append((unit.line, "frequency_words", (
                    f'"{old.group(0)}" is a medicine-leaflet word, not on the handbook\'s one scale, so '
                    'it can clash with the word next to the number. Take it out and give each '
                    'number its word from the scale on the Glossary page ("41 in 100 (fewer than '
                    'half)", "rare: fewer than 1 in 100").'
                )))
            problems.extend((unit.line, "frequency_words", message) for message in share_problems(text, about))
    return problems


def fraction_share(text: str):
    """The first fraction that stands for a share of people ("over half"), not a measure ("by at least half")."""
    for match in FRACTION_RE.finditer(text):
        if not re.search(r"\bby\s*$", text[: match.start()], re.I):
            return match
    return None


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

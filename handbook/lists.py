"""Long look-up lists cut into short ones, under headings a reader can scan (CDC Clear
Communication Index item 8: every list has at most 7 items, or is broken into sub-lists).

The reference list (handbook/markdown/citations.py, by first author) and the glossary
(handbook/markdown/glossary.py, by term) are sorted A to Z, so each is cut where the first
letter changes, and each part is headed by its letters ("A to C"). Pure functions only: the
callers render the parts.

- `initial(text)`: the letter a name files under: `Büchter` -> `B`; a digit or sign -> `#`.
- `group_by_initial(names)`: the positions of a list sorted A to Z, in parts of at most
  `MAX_ITEMS`, in order, each with its heading. A letter is never split over two parts unless
  it alone has more than `MAX_ITEMS` entries (then its parts say "part 1 of 2").
"""

from __future__ import annotations

import math
import unicodedata

MAX_ITEMS = 7  # CDC index item 8; handbook/steps/list_length.py and chapter_list.py use this one
NUMBERS = "#"  # the initial of a name that starts with a digit or a sign ("988 Lifeline")


def initial(text: str) -> str:
    """The letter `text` files under, upper case and without accents; `#` if not a letter."""
    first = unicodedata.normalize("NFKD", text.strip()[:1]).encode("ascii", "ignore").decode()[:1]
    return first.upper() if first.isalpha() else NUMBERS


def _name(letter: str) -> str:
    return "Numbers" if letter == NUMBERS else letter


def heading(letters: list[str]) -> str:
    """`A`, `A to C`, `Numbers`, `Numbers and A`, `Numbers and A to C`: the letters of one part."""
    if not letters:
        return ""
    lead = [_name(NUMBERS)] if letters[0] == NUMBERS else []
    rest = [letter for letter in letters if letter != NUMBERS]
    if rest:
        lead.append(rest[0] if rest[0] == rest[-1] else f"{rest[0]} to {rest[-1]}")
    return " and ".join(lead)


def group_by_initial(names: list[str], max_items: int = MAX_ITEMS) -> list[tuple[str, list[int]]]:
    """`[(heading, [position, ...])]`: the positions (0-based) of `names`, in order, in parts of at
    most `max_items`. Consecutive names with the same initial stay in one part; parts are filled
    greedily (the fewest parts that keep every letter whole). A letter with more names than
    `max_items` gets parts of its own, as even as possible, headed "S, part 1 of 2"."""
    if max_items < 1:
        raise ValueError("max_items must be at least 1")
    runs: list[tuple[str, list[int]]] = []  # (initial, positions) of each run of one initial
    for position, name in enumerate(names):
        letter = initial(name)
        if runs and runs[-1][0] == letter:
            runs[-1][1].append(position)
        else:
            runs.append((letter, [position]))
    parts: list[tuple[str, list[int]]] = []
    letters: list[str] = []
    current: list[int] = []

    def close() -> None:
        if current:
            parts.append((heading(letters), list(current)))
        letters.clear()
        current.clear()

    for letter, positions in runs:
        if len(positions) > max_items:
            close()
            count = math.ceil(len(positions) / max_items)
            size, longer = divmod(len(positions), count)  # the first `longer` parts get one more
            start = 0
            for number in range(count):
                end = start + size + (number < longer)
                parts.append((f"{_name(letter)}, part {number + 1} of {count}", positions[start:end]))
                start = end
            continue
        if len(current) + len(positions) > max_items:
            close()
        letters.append(letter)
        current.extend(positions)
    close()
    return parts

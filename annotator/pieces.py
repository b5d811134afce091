"""Long texts scanned a piece at a time, so that no single call holds Python's lock long.

A call into C (an Aho-Corasick scan, `str.lower`) holds the interpreter's lock until it
returns: over a 10 MB article that is a tenth of a second in which no other thread
runs Python, the window's included, while the suggestions are searched in a thread.
These give the same results as one call over the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

SCAN_PIECE = 65_536  # code points scanned in one call
# Keys in one automaton: making one of 10,000 quotes is a single call of 50 ms (one of
# 2,048, 7 ms); each group's automaton scans the text in turn.
AUTOMATON_KEYS = 2048
_SPACE = re.compile(r"\s")
Automaton = Any  # a pyahocorasick Automaton (its `iter(text, start, end)`)


def _go_on() -> None:
    """No pause."""


def scan(
    automaton: Automaton, text: str, longest: int, pause: Callable[[], object] = _go_on
) -> Iterator[tuple[int, Any]]:
    """`automaton.iter(text)`, a piece at a time, with the same matches in the same order.

    One call of `iter` runs until the next match, holding the interpreter's lock: over
    10 MB with few matches that is a tenth of a second in which no other thread (the
    window's) runs Python. Each piece is scanned from `longest - 1` code points before
    it, so a match across two pieces is found whole, and kept where it ends. `pause` is
    called before each piece (a worker's thread, which the window's may ask to wait).
    """
    length = len(text)
    for start in range(0, length, SCAN_PIECE):
        pause()
        end = min(length, start + SCAN_PIECE)
        for last, value in automaton.iter(text, max(0, start - longest + 1), end):
            if last >= start:
                yield last, value


def scan_for(
    keys: Iterable[str], text: str, pause: Callable[[], object] = _go_on
) -> Iterator[tuple[int, str]]:
    """(end offset, key) of every occurrence of each non-empty key in `text`: `scan`
    with an automaton made for each group of at most AUTOMATON_KEYS keys. The offsets
    of one key come in order; the keys come group by group."""
    import ahocorasick

    unique = [key for key in dict.fromkeys(keys) if key]
    for first in range(0, len(unique), AUTOMATON_KEYS):
        group = unique[first : first + AUTOMATON_KEYS]
        automaton = ahocorasick.Automaton()
        for key in group:
            automaton.add_word(key, key)
        pause()
        automaton.make_automaton()
        yield from scan(automaton, text, max(map(len, group)), pause)


def lower_case(text: str) -> str:
    """`text.lower()`, a piece at a time (10 MB at once holds the interpreter's lock for
    70 ms). Each piece ends just after a white space, where no letter's lower case
    depends on what follows (a final sigma looks past punctuation, not past a space)."""
    if len(text) <= SCAN_PIECE:
        return text.lower()
    return "".join(piece for _, piece in _lowered(text))


def _lowered(text: str) -> Iterator[tuple[int, str]]:
    """(offset, lower case) of each piece of `text`, cut as `lower_case` cuts it."""
    start = 0
    while start < len(text):
        end = start + SCAN_PIECE
        space = _SPACE.search(text, end) if end < len(text) else None
        end = space.end() if space else len(text)
        yield start, text[start:end].lower()
        start = end


# The one character whose lower case is longer than itself (tests/test_long_calls_in_pieces
# checks this Python's tables): without it, the lower case of a text has its offsets.
LONGER_IN_LOWER_CASE = re.compile("\u0130")


def scan_lower_case(
    automaton: Automaton, text: str, longest: int, pause: Callable[[], object] = _go_on
) -> Iterator[tuple[int, Any]]:
    """`scan(automaton, lower_case(text), longest, pause)` without ever making the whole
    lower case (joining 10 MB holds the interpreter's lock for 30 ms): each piece is
    lowered and scanned with the `longest - 1` code points of lower case before it. For
    a text without `LONGER_IN_LOWER_CASE`, whose lower case has the same offsets."""
    tail = ""
    for start, piece in _lowered(text):
        pause()
        window = tail + piece
        for last, value in automaton.iter(window):
            if last >= len(tail):
                yield start - len(tail) + last, value
        tail = window[max(0, len(window) - longest + 1) :] if longest > 1 else ""

"""Long texts scanned a piece at a time, so that no single call holds Python's lock long.

A call into C (an Aho-Corasick scan, `str.lower`) holds the interpreter's lock until it
returns: over a 10 MB article that is a tenth of a second in which no other thread
runs Python, the window's included, while the suggestions are searched in a thread.
These give the same results as one call over the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

SCAN_PIECE = 65_536  # code points scanned in one call
_SPACE = re.compile(r"\s")
Automaton = Any  # a pyahocorasick Automaton (its `iter(text, start, end)`)


def scan(automaton: Automaton, text: str, longest: int) -> Iterator[tuple[int, Any]]:
    """`automaton.iter(text)`, a piece at a time, with the same matches in the same order.

    One call of `iter` runs until the next match, holding the interpreter's lock: over
    10 MB with few matches that is a tenth of a second in which no other thread (the
    window's) runs Python. Each piece is scanned from `longest - 1` code points before
    it, so a match across two pieces is found whole, and kept where it ends.
    """
    length = len(text)
    for start in range(0, length, SCAN_PIECE):
        end = min(length, start + SCAN_PIECE)
        for last, value in automaton.iter(text, max(0, start - longest + 1), end):
            if last >= start:
                yield last, value


def lower_case(text: str) -> str:
    """`text.lower()`, a piece at a time (10 MB at once holds the interpreter's lock for
    70 ms). Each piece ends just after a white space, where no letter's lower case
    depends on what follows (a final sigma looks past punctuation, not past a space)."""
    if len(text) <= SCAN_PIECE:
        return text.lower()
    pieces, start = [], 0
    while start < len(text):
        end = start + SCAN_PIECE
        space = _SPACE.search(text, end) if end < len(text) else None
        end = space.end() if space else len(text)
        pieces.append(text[start:end].lower())
        start = end
    return "".join(pieces)

"""A text as one byte per code point, for edlib (which takes 256 symbols at most).

The 255 commonest code points get bytes 1 to 255 (every one, in any order, when the
text has no more: only which are equal counts); the rest share byte 0. A collision can
only make a candidate look better than it is, and every candidate is checked against
the real text, so nothing is matched wrongly.

The text is encoded by Python's charmap codec, in C (a 10 MB article: 0.02 s, against
0.2 s for `str.translate` with a table); the codec's map holds only the Basic
Multilingual Plane, so the few code points beyond it (emoji) are first replaced by
stand-ins from the Private Use Area that the text does not use.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from annotator.context import TableWithDefault

_CHUNK = 1 << 16
PIECE = 1 << 20  # code points looked through, or coded, in one call
_UNMAPPED = "\ufffe"  # what the charmap codec reads as "no byte"


@dataclass(frozen=True)
class OneByte:
    """The text coded, and how: `table` translates any string the same way."""

    table: TableWithDefault
    encoded: bytes
    injective: bool  # whether every code point of the text has a byte of its own

    @property
    def coded(self) -> str:
        """The coded text as a str of code points below 256."""
        return self.encoded.decode("latin-1")


def encode(text: str, pause: Callable[[], object] | None = None) -> OneByte:
    """`text` coded; `pause` is called between pieces of a long one (a worker's thread,
    which the window's may ask to wait: coding 10 MB in one call held the interpreter's
    lock 25-50 ms at a time)."""
    pause = pause or _go_on
    distinct = _distinct(text, 255, pause)
    if distinct is not None:  # any order: only which characters are equal counts
        common = sorted(distinct - {"\x00"})
    else:
        counts: Counter[str] = Counter()
        for start in range(0, len(text), PIECE):
            pause()
            counts.update(text[start : start + PIECE])
        distinct = set(counts)
        common = [ch for ch, _ in counts.most_common(256) if ch != "\x00"][:255]
    table = TableWithDefault({ord(ch): n + 1 for n, ch in enumerate(common)})
    coded = _charmap(text, common, distinct, pause)
    return OneByte(table, coded, len(distinct) <= 255)


def _go_on() -> None:
    """No pause."""


def _distinct(text: str, limit: int, pause: Callable[[], object]) -> set[str] | None:
    """The text's distinct code points, or None beyond `limit` of them.

    Looked for a chunk at a time: a regular expression skips in C over what is known,
    a piece at most at a time.
    """
    found = set(text[:_CHUNK])
    position = _CHUNK
    unseen = None
    while len(found) <= limit:
        if position >= len(text):
            return found
        pause()
        unseen = unseen or re.compile(f"[^{''.join(map(re.escape, found))}]")
        match = unseen.search(text, position, position + PIECE)
        if match is None:
            position += PIECE
            continue
        found.update(text[match.start() : match.start() + _CHUNK])
        position = match.start() + _CHUNK
        unseen = None  # (more are known now)
    return None


def _charmap(text: str, common: list[str], avoid: set[str], pause: Callable[[], object]) -> bytes:
    """`common[n]` as byte n + 1, every other code point as 0; stand-ins are taken among
    code points not in `avoid` (the text's own, when it has no more than 255)."""
    stand_ins = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in avoid)
    decoding = [_UNMAPPED] * 256
    decoding[0] = "\x00"
    replaced: dict[str, str] = {}
    for n, ch in enumerate(common):
        if ord(ch) > 0xFFFF or ch == _UNMAPPED:
            replaced[ch] = ch = next(stand_ins)
        decoding[n + 1] = ch
    kept = "".join(re.escape(ch) for ch in decoding[1:] if ch != _UNMAPPED)
    # Everything without a byte of its own becomes byte 0.
    pattern = re.compile(f"[^{kept}]" if kept else "[\\s\\S]")
    codec = codecs.charmap_build("".join(decoding))
    pieces = []
    for start in range(0, len(text), PIECE):  # (each code point is one: pieces cut anywhere)
        pause()
        piece = pattern.sub(lambda m: replaced.get(m.group(), "\x00"), text[start : start + PIECE])
        pieces.append(codecs.charmap_encode(piece, "strict", codec)[0])
    return b"".join(pieces)

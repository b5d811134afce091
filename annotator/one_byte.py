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
from dataclasses import dataclass

from annotator.context import TableWithDefault

_CHUNK = 1 << 16
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


def encode(text: str) -> OneByte:
    distinct = _distinct(text, limit=255)
    if distinct is not None:  # any order: only which characters are equal counts
        common = sorted(distinct - {"\x00"})
    else:
        counts = Counter(text)
        distinct = set(counts)
        common = [ch for ch, _ in counts.most_common(256) if ch != "\x00"][:255]
    table = TableWithDefault({ord(ch): n + 1 for n, ch in enumerate(common)})
    return OneByte(table, _charmap(text, common, avoid=distinct), len(distinct) <= 255)


def _distinct(text: str, limit: int) -> set[str] | None:
    """The text's distinct code points, or None beyond `limit` of them.

    Looked for a chunk at a time: a regular expression skips in C over what is known.
    """
    found = set(text[:_CHUNK])
    position = _CHUNK
    while len(found) <= limit:
        if position >= len(text):
            return found
        unseen = re.compile(f"[^{''.join(map(re.escape, found))}]").search(text, position)
        if unseen is None:
            return found
        found.update(text[unseen.start() : unseen.start() + _CHUNK])
        position = unseen.start() + _CHUNK
    return None


def _charmap(text: str, common: list[str], avoid: set[str]) -> bytes:
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
    text = pattern.sub(lambda match: replaced.get(match.group(), "\x00"), text)
    return codecs.charmap_encode(text, "strict", codecs.charmap_build("".join(decoding)))[0]

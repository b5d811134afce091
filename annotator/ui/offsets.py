"""The one conversion between Python code-point offsets and Qt UTF-16 positions."""

from __future__ import annotations

import bisect
import re
import sys

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_APART = re.compile("([\U00010000-\U0010ffff])")  # (each kept by `split`)
_CHUNK = 1 << 16  # code points searched at a time for astral characters


class Offsets:
    """Converts offsets for one document text; built once per text.

    Every character outside the Basic Multilingual Plane (emoji, some CJK) is one code
    point in Python and two UTF-16 units in Qt, so each one before an offset shifts it.
    The text is searched for them only as far as a conversion needs: opening a long
    article converts offsets near its start, not through all of it.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self.length = len(text)
        # Code-point positions of the astral characters found so far, and where each
        # stands in UTF-16; text[:_searched] has been searched.
        self._astral: list[int] = []
        self._astral_qt: list[int] = []
        self._searched = self.length if text.isascii() else 0

    @property
    def identity(self) -> bool:
        """True when code points and UTF-16 units coincide (no astral characters)."""
        self._search(self.length)
        return not self._astral

    @property
    def qt_length(self) -> int:
        """The text's length in UTF-16 units."""
        self._search(self.length)
        return self.length + len(self._astral)

    def to_qt(self, offset: int) -> int:
        """The UTF-16 position of a code-point offset."""
        self._search(offset)
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """The code-point offset of a UTF-16 position (inside a surrogate pair: its start)."""
        self._search(position)  # every astral character before it starts before `position`
        if not self._astral:
            return position
        return position - bisect.bisect_left(self._astral_qt, position)

    def _search(self, offset: int) -> None:
        """Find the astral characters before code point `offset`, if not yet done."""
        if offset <= self._searched or self._searched == self.length:
            return
        end = min(self.length, max(offset, self._searched + _CHUNK))
        # A chunk a call, however far: a long text with few of them (an emoji or two in
        # 10 MB) is otherwise scanned in one call holding the interpreter's lock 30 ms.
        for start in range(self._searched, end, _CHUNK):
            for match in _ASTRAL.finditer(self._text, start, min(end, start + _CHUNK)):
                self._astral_qt.append(match.start() + len(self._astral))
                self._astral.append(match.start())
        self._searched = end


def utf16_text(text: str) -> str:
    """`text` as Qt holds it, each astral character written as its two surrogates.

    PySide copies a str of one or two bytes a character into a QString at memory speed,
    but converts one of four (which one astral character anywhere makes the whole str)
    ten times slower: 150 ms for a 10 MB article, while holding the interpreter's lock.
    Made here, the QString is the same and the whole costs a third of that.
    """
    if sys.getsizeof(text) < 4 * len(text):  # two bytes a character or one: none astral
        return text  # (CPython stores a str as narrow as its widest character, PEP 393)
    pieces = _ASTRAL_APART.split(text)  # (a piece is stored as narrow as its characters)
    if len(pieces) == 1:
        return text
    pieces[1::2] = [_surrogates(character) for character in pieces[1::2]]
    return "".join(pieces)


def _surrogates(character: str) -> str:
    code = ord(character) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))

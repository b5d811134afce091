"""The one conversion between Python code-point offsets and Qt UTF-16 positions."""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Offsets:
    """Converts offsets for one document text; built once per text.

    Every character outside the Basic Multilingual Plane (emoji, some CJK) is one code
    point in Python and two UTF-16 units in Qt, so each one before an offset shifts it.
    """

    def __init__(self, text: str) -> None:
        # Code-point positions of astral characters, and where each stands in UTF-16.
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        self._astral_qt = [position + n for n, position in enumerate(self._astral)]
        self.length = len(text)
        self.qt_length = len(text) + len(self._astral)

    @property
    def identity(self) -> bool:
        """True when code points and UTF-16 units coincide (no astral characters)."""
        return not self._astral

    def to_qt(self, offset: int) -> int:
        """The UTF-16 position of a code-point offset."""
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """The code-point offset of a UTF-16 position (inside a surrogate pair: its start)."""
        if not self._astral:
            return position
        return position - bisect.bisect_left(self._astral_qt, position)

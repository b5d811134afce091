"""Matching what people type against what articles hold.

A reporter types straight quotes, hyphens and plain spaces; articles hold curly quotes,
dashes, no-break spaces, full-width forms, ligatures, and in Arabic the tatweel (ـ, a
stretching stroke) and optional vowel marks. Folding both sides the same way lets Find,
`add --quote`, the passage search and re-anchoring match them, while every offset they
report is an offset into the unfolded document text.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable

_SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
# Typographic variants of what a keyboard types, one code point for one.
_TYPOGRAPHIC = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
    **dict.fromkeys(_SPACES, " "),
}
# Marks a reader never types and a match should not need: the Arabic tatweel, Arabic
# vowel marks (harakat, shadda, sukun, superscript alef), the soft hyphen and
# zero-width joiners.
_IGNORED = "\u0640\u0670\u00ad\u200b\u200c\u200d\u2060\ufeff" + "".join(
    chr(c) for c in range(0x064B, 0x0660)
)


def _fold_char(char: str, ignore_case: bool) -> str:
    if char in _IGNORED:
        return ""
    folded = _TYPOGRAPHIC.get(char)
    if folded is None:
        folded = unicodedata.normalize("NFKC", char)  # compatibility forms: ﬁ, Ａ, ①
        folded = "".join(_TYPOGRAPHIC.get(c, c) for c in folded if c not in _IGNORED)
    return folded.casefold() if ignore_case else folded


@functools.cache
def _tables(ignore_case: bool) -> tuple[dict[int, str], re.Pattern[str] | None]:
    """The str.translate table, and a pattern of the characters that fold to more or
    fewer than one (so offsets shift there). Built once, on first use."""
    table, changing = _folding(ignore_case)
    return table, re.compile(f"[{''.join(changing)}]") if changing else None


@functools.cache
def _folded_pattern() -> re.Pattern[str]:
    """Every character that folds (case kept): most text has few, so replacing them
    where they stand is far quicker than translating every character (1.5 s → 0.05 s
    for 10 MB)."""
    table = _tables(False)[0]
    return re.compile(f"[{''.join(re.escape(chr(code)) for code in table)}]")


def _folding(ignore_case: bool) -> tuple[dict[int, str], list[str]]:
    """What each code point folds to, and (escaped) those that fold to more or fewer."""
    table: dict[int, str] = {}
    changing = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = _fold_char(char, ignore_case)
        if folded != char:
            table[code] = folded
            if len(folded) != 1:
                changing.append(re.escape(char))
    return table, changing


FOLD_PIECE = 1 << 20  # code points folded, or looked through, in one call


def fold(text: str, ignore_case: bool = False, pause: Callable[[], object] | None = None) -> str:
    """`text` folded for matching (typed needles, search words). A long text is folded
    a piece at a time, each character alone: in one call, 10 MB held the interpreter's
    lock for tens of milliseconds, in which the window's thread could not run (an
    article is re-anchored on a worker while she works). `pause`: called before each
    piece (a worker's thread, which the window's may ask to wait)."""
    if text.isascii() and not ignore_case:
        return text  # (told without a scan: a str knows its widest character)
    if len(text) > FOLD_PIECE:
        pieces = []
        for start in range(0, len(text), FOLD_PIECE):
            if pause is not None:
                pause()
            pieces.append(fold(text[start : start + FOLD_PIECE], ignore_case))
        return "".join(pieces)
    table = _tables(ignore_case)[0]
    if ignore_case:
        return text.translate(table)
    return _folded_pattern().sub(lambda match: table[ord(match.group())], text)


class Folded:
    """A document text folded once, with a way back to offsets in the original."""

    def __init__(
        self, text: str, ignore_case: bool = False, pause: Callable[[], object] | None = None
    ) -> None:
        """`pause`: called now and then (a worker's thread, which the window's may ask
        to wait)."""
        self.original = text
        self.ignore_case = ignore_case
        self.text = fold(text, ignore_case, pause)
        # Where the text changed length while folding: (folded offset, original offset)
        # just after each such character; between them offsets shift alike.
        self._folded_marks: list[int] = []
        self._original_marks: list[int] = []
        table, changing = _tables(ignore_case)
        if changing is None:
            return
        pieces = range(0, len(text), FOLD_PIECE)  # (see `fold`)
        if len(self.text) == len(text) and not any(
            changing.search(text, start, start + FOLD_PIECE) for start in pieces
        ):
            return
        shift = 0
        for start in pieces:
            for match in changing.finditer(text, start, start + FOLD_PIECE):
                shift += len(table[ord(match.group())]) - 1
                self._folded_marks.append(match.end() + shift)
                self._original_marks.append(match.end())

    def to_original(self, offset: int) -> int:
        """The original offset of a folded one."""
        index = bisect.bisect_right(self._folded_marks, offset) - 1
        if index < 0:
            return min(offset, len(self.original))
        mapped = self._original_marks[index] + offset - self._folded_marks[index]
        return min(mapped, len(self.original))

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """Every match of a typed needle, as (start, end) offsets into the original."""
        folded = fold(needle, self.ignore_case)
        if not folded:
            return []
        found = []
        position = self.text.find(folded)
        while position != -1:
            start, end = self.to_original(position), self.to_original(position + len(folded))
            if end > start:
                found.append((start, end))
            position = self.text.find(folded, position + 1)
        return found


def find_occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of `quote` in `text` (overlaps included)."""
    if not quote:
        return []
    found = []
    position = text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def find_typed(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of a quote typed by a person: exact, else as folded (see `folding`): straight
    quotes for curly ones, hyphens for dashes, a word typed without tatweel or vowel marks.
    """
    found = find_occurrences(text, quote)
    if found:
        return [(start, start + len(quote)) for start in found]
    return Folded(text).find_all(quote)


def find_quote(text: str, quote: str) -> list[int]:
    """Start offsets of a quote typed by a person (see `find_typed`)."""
    return [start for start, _ in find_typed(text, quote)]

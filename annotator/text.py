"""Facts about document text that the window and the exports both need: no Qt, no I/O."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator

DIRECTION_SAMPLE = 4000  # code points read to tell a text's direction
# Every character whose direction is right-to-left (bidi class R or AL) is in these blocks
# (Hebrew to Arabic Extended-A, the RTL mark, the presentation forms, and the historic
# and Adlam blocks); tests/test_text_direction.py checks it. Quick to compile (under a
# millisecond): it is needed before the window's first paint, to set the text's direction.
_RIGHT_TO_LEFT_BLOCKS = (
    "\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff"
)
_MAYBE_RIGHT_TO_LEFT = re.compile(f"[{_RIGHT_TO_LEFT_BLOCKS}]")


@functools.cache
def _scan_for_right_to_left() -> re.Pattern[str]:
    """The same class written as the complement of the other blocks, so that the usual
    character fails at the first range: scans a long text 1.7 times as fast, but takes
    9 ms to compile, so it is made on its first use (an export)."""
    return re.compile(
        "[^\x00-\u058f\u0900-\u200e\u2010-\ufb1c\ufe00-\ufe6f\uff00-\U000107ff"
        "\U00011000-\U0001e7ff\U0001f000-\U0010ffff]"
    )


def snippet(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def is_right_to_left(
    text: str, sample: int = DIRECTION_SAMPLE, start: int = 0, end: int | None = None
) -> bool:
    """True when most strongly directional letters near the start are right-to-left.

    A Latin name or figure at the start of an Arabic paragraph does not turn it around.
    `start` and `end` ask about that part of `text` alone, without copying it first.
    """
    end = min(len(text) if end is None else end, start + sample)
    if not _MAYBE_RIGHT_TO_LEFT.search(text, start, end):
        return False  # the usual case, told by one scan: no right-to-left letter at all
    text = text[start:end]
    kinds = {char: unicodedata.bidirectional(char) for char in set(text)}  # each once
    rtl = [char for char, kind in kinds.items() if kind in ("R", "AL")]
    ltr = [char for char, kind in kinds.items() if kind == "L"]
    return sum(map(text.count, rtl)) > sum(map(text.count, ltr))


def right_to_left_spans(
    text: str, spans: list[tuple[int, int]], sample: int = DIRECTION_SAMPLE
) -> list[bool]:
    """`is_right_to_left` of each (start, end) span of `text`, in order and apart from one
    another (paragraphs), told with one scan of the text for all of them: only a span
    with a right-to-left letter in its sample is looked at further."""
    found = [False] * len(spans)
    starts = [start for start, _ in spans]
    position = 0
    scan = _scan_for_right_to_left()
    while match := scan.search(text, position):
        index = bisect.bisect_right(starts, match.start()) - 1
        if index >= 0:
            start, end = spans[index]
            if match.start() < min(end, start + sample):
                found[index] = is_right_to_left(text, sample, start, end)
        if index + 1 == len(spans):
            break
        position = starts[index + 1]  # the next span's start: this one is settled
    return found


LINES_PIECE = 1 << 20  # code points split into lines in one call
PAUSE_EVERY = 256  # lines or paragraphs gone through between a worker's pauses


def lines(text: str) -> Iterator[str]:
    """`text.split("\n")`, a megabyte at a time: 10 MB at once holds the interpreter's
    lock for 10-30 ms, in which the window's thread cannot run (a long article's
    paragraphs are found on a worker while she works)."""
    start, length = 0, len(text)
    while start + LINES_PIECE < length:
        end = text.find("\n", start + LINES_PIECE)
        if end < 0:
            break
        yield from text[start:end].split("\n")
        start = end + 1
    yield from text[start:].split("\n")


class Paragraphs:
    """The paragraphs of a text: runs of non-blank lines between blank lines.

    The brief numbers paragraphs this way, and the window says "paragraph N" the same way.
    """

    def __init__(self, text: str, pause: Callable[[], object] | None = None) -> None:
        """`pause`: called every `PAUSE_EVERY` lines (a thread that may be asked to wait)."""
        self.spans: list[tuple[int, int]] = []  # (start, end) of each paragraph's text
        start = end = -1
        position = 0
        for number, line in enumerate(lines(text)):
            if pause is not None and not number % PAUSE_EVERY:
                pause()
            if line.strip():
                if start < 0:
                    start = position
                end = position + len(line)
            elif start >= 0:
                self.spans.append((start, end))
                start = -1
            position += len(line) + 1
        if start >= 0:
            self.spans.append((start, end))
        self.starts = [start for start, _ in self.spans]

    def number(self, offset: int) -> int:
        """The 1-based paragraph number holding `offset` (0 before the first)."""
        return bisect.bisect_right(self.starts, offset)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """What changed from `before` to `after`, word by word: ("=", "-" or "+", text) pieces.

    White space stays with the word before it, so joining the "=" and "+" pieces gives
    `after` and joining the "=" and "-" pieces gives `before`.
    """
    import difflib
    import re

    old, new = re.findall(r"\S+\s*|\s+", before), re.findall(r"\S+\s*|\s+", after)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(("=", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("-", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(("+", "".join(new[b1:b2])))
    return pieces


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] without the white space at its ends; None when nothing is left.

    A selection dragged across a line's end, or a double-click that took the space after
    a word, marks the words and not the white space around them.
    """
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None

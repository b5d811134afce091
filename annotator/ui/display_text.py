"""The text the article view gives Qt: a very long paragraph cut into shorter lines.

Qt lays a text block out whole: any change of colour on a block of a million characters
(marking a passage, a suggestion shown) lays all of it out again, for seconds. A
paragraph longer than `LIMIT` code points is therefore shown as several blocks, by
giving Qt the text with a space turned into a line break every so often — after a
sentence's end where there is one. The display text has exactly the article's length,
so every offset (code point or UTF-16) is the same in both; the article's own text is
never changed, and whatever leaves the view (a copy, a passage, Find) is taken from it.
`ShownInLines` gives the view what a reader expects of one paragraph: its copies and
drags, and a triple click.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QMouseEvent

LIMIT = 4000  # code points a shown line may hold before it is cut (benchmarks/README.md)
_STRONG = {"L": "ltr", "R": "rtl", "AL": "rtl"}


def display_text(text: str, limit: int | None = None) -> str:
    """`text` with a space turned into "\\n" wherever a paragraph runs past `limit`
    (`LIMIT` unless given)."""
    limit = limit or LIMIT
    if len(text) <= limit:
        return text
    breaks = line_breaks(text, limit)
    if not breaks:
        return text
    pieces, start = [], 0
    for position in breaks:
        pieces.append(text[start:position])
        start = position + 1
    pieces.append(text[start:])
    return "\n".join(pieces)


def line_breaks(text: str, limit: int | None = None) -> list[int]:
    """The positions of the spaces `display_text` turns into line breaks, in order."""
    limit = limit or LIMIT
    breaks: list[int] = []
    start, length = 0, len(text)
    while length - start > limit:
        # The last line break within reach: every line before it is short enough.
        last = text.rfind("\n", start, start + limit + 1)
        if last >= 0:
            start = last + 1
            continue
        end = text.find("\n", start)
        if end < 0:
            end = length
        _cut(text, start, end, limit, breaks)
        start = end + 1
    return breaks


def _cut(text: str, start: int, end: int, limit: int, breaks: list[int]) -> None:
    """Add the breaks of the paragraph text[start:end], each line at most `limit` long
    where the text has spaces to cut at."""
    direction = _direction(text, start, end)
    shortest = max(1, limit // 2)
    while end - start > limit:
        cut = _choose(text, start + shortest, start + limit, direction)
        if cut < 0:  # no space in the whole window: the first one after it
            cut = text.find(" ", start + limit, end)
            if cut < 0:
                return
        breaks.append(cut)
        start = cut + 1


def _choose(text: str, low: int, high: int, direction: str | None) -> int:
    """The space to cut at in text[low:high]: the last after a sentence's end, else the
    last space; one before a word in the paragraph's own direction if there is one (Qt
    sets each line's direction from its first letter). -1: no space there."""
    ends = [match.end() - 1 for match in _sentence_end().finditer(text, low, high)]
    for candidates in (ends[::-1], _spaces_backward(text, low, high)):
        first = None
        for cut in candidates:
            if first is None:
                first = cut
            if direction is None or _direction(text, cut + 1, high + 200) in (None, direction):
                return cut
            if cut < high - 400:  # not worth a line much shorter than the others
                break
        if first is not None:
            return first
    return -1


@functools.cache
def _sentence_end() -> re.Pattern[str]:
    """A sentence's end: its mark, any closing quotes or brackets, then the space cut.
    (Made when first needed: the window's first paint does without it.)"""
    return re.compile(r"[.!?…؟۔।。][\"'”’»)\]]* ")


def _spaces_backward(text: str, low: int, high: int):
    """The spaces of text[low:high], last first."""
    cut = text.rfind(" ", low, high)
    while cut >= 0:
        yield cut
        cut = text.rfind(" ", low, cut)


def _direction(text: str, start: int, end: int) -> str | None:
    """The direction, "ltr" or "rtl", of the first strong letter of text[start:end], or None."""
    import unicodedata

    for character in text[start : min(end, start + 200)]:
        found = _STRONG.get(unicodedata.bidirectional(character))
        if found is not None:
            return found
    return None


class ShownInLines:
    """What the article view (a QPlainTextEdit with `text`, `offsets` and `selection()`)
    does so that a paragraph shown in several lines reads as the one it is."""

    _double_click: tuple = (None, None)  # when and where the last one was, for a triple click

    def selected_text(self) -> str:
        """The article's own text selected (a long paragraph is shown cut in lines)."""
        span = self.selection()
        return self.text[span[0] : span[1]] if span else ""

    def createMimeDataFromSelection(self) -> QMimeData:
        """A copy or a drag gives the article's characters, not the lines shown."""
        from PySide6.QtCore import QStringListModel

        # Made by Qt, not by Python: a QMimeData made in Python has a Python side that
        # PySide frees while the clipboard still holds it, and the process crashes when
        # the clipboard lets go of it (at the latest, on exit). A model's is plain C++.
        model = QStringListModel([""])
        data = model.mimeData([model.index(0)])
        for name in data.formats():
            data.removeFormat(name)
        data.setText(self.selected_text())
        return data

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        self._double_click = (event.timestamp(), event.position())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtWidgets import QApplication

        when, where = self._double_click
        super().mousePressEvent(event)
        if (
            when is not None
            and event.timestamp() - when < QApplication.doubleClickInterval()
            and (event.position() - where).manhattanLength() < QApplication.startDragDistance()
        ):  # a triple click: Qt selected one line shown, she meant the paragraph
            self._select_paragraph()

    def _select_paragraph(self) -> None:
        """Stretch the line a triple click selected to the whole paragraph it is cut from."""
        from PySide6.QtGui import QTextCursor

        cursor = self.textCursor()
        block = self.document().findBlock(cursor.selectionStart())
        start = self.offsets.from_qt(block.position())
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        start = self.text.rfind("\n", 0, start) + 1
        after = cursor.selectionEnd() - (block.position() + block.length() - 1)  # its "\n"
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end) + after, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

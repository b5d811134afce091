"""The article: read-only text, passages highlighted in their tag's colour."""

from __future__ import annotations

import bisect
import itertools
import unicodedata
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.ui.offsets import Offsets

LINE_LENGTH = 75  # characters per line at most: a comfortable measure for reading
TAG_KEYS = "123456789"
ZOOM_RANGE = (-6, 24)


def mostly_right_to_left(text: str, sample: int = 4000) -> bool:
    """True when most strongly directional letters near the start are right-to-left."""
    rtl = ltr = 0
    for ch in text[:sample]:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return rtl > ltr


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws text on a dark base."""
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` moved `amount` (0..1) of the way towards `b`."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


class PassageHighlighter(QSyntaxHighlighter):
    """Paints passages from a per-block index, so a change repaints only its blocks.

    `_blocks` maps a block number to its spans: (start in block, length, passage id),
    in UTF-16 units, sorted by start. `_where` maps a passage id to the blocks it spans.
    """

    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self._blocks: dict[int, list[tuple[int, int, str]]] = {}
        self._where: dict[str, tuple[int, int]] = {}
        self._colors: dict[str, QColor] = {}
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}
        self.set_palette(palette)

    def set_palette(self, palette: QPalette) -> None:
        """Choose highlight colours readable on this palette's base."""
        self._base = palette.color(QPalette.ColorRole.Base)
        self._text = palette.color(QPalette.ColorRole.Text)
        self._dark = is_dark(palette)
        self._formats.clear()

    # -- the index -----------------------------------------------------------------

    def set_passages(self, passages: Iterable[tuple[str, int, int, QColor]]) -> None:
        """Index every passage (id, UTF-16 start, UTF-16 end, colour) afresh; no repaint."""
        self._blocks.clear()
        self._where.clear()
        self._colors.clear()
        for passage_id, start, end, color in sorted(passages, key=lambda p: (p[1], p[2])):
            self._index(passage_id, start, end, color)

    def add(self, passage_id: str, start: int, end: int, color: QColor) -> None:
        """Show one passage, repainting only the blocks it touches."""
        first, last = self._index(passage_id, start, end, color)
        self._repaint(first, last)

    def remove(self, passage_id: str) -> None:
        """Stop showing a passage, repainting only the blocks it touched."""
        where = self._where.pop(passage_id, None)
        self._colors.pop(passage_id, None)
        if where is None:
            return
        first, last = where
        for number in range(first, last + 1):
            spans = [s for s in self._blocks.get(number, []) if s[2] != passage_id]
            if spans:
                self._blocks[number] = spans
            else:
                self._blocks.pop(number, None)
        self._repaint(first, last)

    def spans(self, block_number: int) -> list[tuple[int, int, str]]:
        """The spans indexed for a block (for tests and tools)."""
        return list(self._blocks.get(block_number, []))

    def _index(self, passage_id: str, start: int, end: int, color: QColor) -> tuple[int, int]:
        document = self.document()
        block = document.findBlock(start)
        first = block.blockNumber()
        last = first
        while block.isValid() and block.position() < end:
            position = block.position()
            span_start = max(start, position) - position
            span_end = min(end, position + block.length() - 1) - position
            if span_end > span_start:
                bisect.insort(
                    self._blocks.setdefault(block.blockNumber(), []),
                    (span_start, span_end - span_start, passage_id),
                )
            last = block.blockNumber()
            block = block.next()
        self._where[passage_id] = (first, last)
        self._colors[passage_id] = QColor(color)
        return first, last

    def _repaint(self, first: int, last: int) -> None:
        document = self.document()
        block = document.findBlockByNumber(first)
        while block.isValid() and block.blockNumber() <= last:
            self.rehighlightBlock(block)
            block = block.next()

    # -- painting ------------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:
        spans = self._blocks.get(self.currentBlock().blockNumber())
        if not spans:
            return
        # Cut the block where any passage starts or ends, so an overlap gets its own look.
        cuts = sorted({p for start, length, _ in spans for p in (start, start + length)})
        for left, right in itertools.pairwise(cuts):
            covering = tuple(pid for start, length, pid in spans if start <= left < start + length)
            if covering:
                self.setFormat(left, right - left, self._format(covering))

    def _format(self, passage_ids: tuple[str, ...]) -> QTextCharFormat:
        key = tuple(self._colors[pid].name() for pid in passage_ids)
        found = self._formats.get(key)
        if found is not None:
            return found
        colors = [QColor(name) for name in key]
        background = colors[0]
        for color in colors[1:]:
            background = mix(background, color, 0.5)
        if self._dark:
            background = mix(self._base, background, 0.35)  # dim: light text stays readable
        fmt = QTextCharFormat()
        if len(colors) > 1:
            # An overlap: a deeper shade, underlined in the colour of the innermost passage.
            background = background.darker(100 + 20 * (len(colors) - 1))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            underline = colors[-1].darker(160) if not self._dark else colors[-1]
            fmt.setUnderlineColor(underline)
        fmt.setBackground(background)
        fmt.setForeground(self._text)
        self._formats[key] = fmt
        return fmt


class ArticleView(QPlainTextEdit):
    """The article text, read-only; selecting and pressing a tag key marks a passage."""

    tagKeyPressed = Signal(str)  # "1".."9"
    clicked = Signal(int)  # a code-point offset clicked without selecting

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAccessibleName("Article")
        self.setAccessibleDescription("Select a passage and press a tag's key (1–9) to mark it")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.offsets = Offsets("")
        self.text = ""
        self._base_size = QFont(self.font()).pointSizeF() * 1.2
        self._zoom = 0
        self.document().setDocumentMargin(12)
        self.highlighter = PassageHighlighter(self.document(), self.palette())
        self._apply_font()

    # -- text ------------------------------------------------------------------------

    def set_article(self, text: str, passages: Iterable[tuple[str, int, int, QColor]]) -> None:
        """Show a document text with its passages (code-point spans), in one pass."""
        self.text = text
        self.offsets = Offsets(text)
        self.highlighter.setDocument(None)  # index first, then paint each block once
        self.setPlainText(text)
        self._align_for(text)
        self.highlighter.setDocument(self.document())
        self.set_passages(passages)

    def _align_for(self, text: str) -> None:
        # A plain-text layout draws every paragraph from the left, whatever its script;
        # an article mostly in a right-to-left script is set against the right edge.
        option = self.document().defaultTextOption()
        alignment = Qt.AlignmentFlag.AlignLeft
        if mostly_right_to_left(text):
            alignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
        option.setAlignment(alignment)
        self.document().setDefaultTextOption(option)

    def set_passages(self, passages: Iterable[tuple[str, int, int, QColor]]) -> None:
        """Index every passage afresh and repaint (after a reload or a tag-colour change)."""
        to_qt = self.offsets.to_qt
        self.highlighter.set_passages(
            (pid, to_qt(start), to_qt(end), color) for pid, start, end, color in passages
        )
        self.highlighter.rehighlight()

    def add_passage(self, passage_id: str, start: int, end: int, color: QColor) -> None:
        """Highlight one passage given in code points."""
        to_qt = self.offsets.to_qt
        self.highlighter.add(passage_id, to_qt(start), to_qt(end), color)

    def remove_passage(self, passage_id: str) -> None:
        """Remove one passage's highlight."""
        self.highlighter.remove(passage_id)

    def selection(self) -> tuple[int, int] | None:
        """The selected span in code points, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        from_qt = self.offsets.from_qt
        start, end = from_qt(cursor.selectionStart()), from_qt(cursor.selectionEnd())
        return (start, end) if end > start else None

    def deselect(self) -> None:
        """Drop the selection, leaving the cursor at its end, so highlights show."""
        cursor = self.textCursor()
        cursor.setPosition(cursor.selectionEnd())
        self.setTextCursor(cursor)

    def select_span(self, start: int, end: int) -> None:
        """Select text[start:end] (code points) and bring it into view."""
        to_qt = self.offsets.to_qt
        cursor = QTextCursor(self.document())
        cursor.setPosition(to_qt(end))
        self.setTextCursor(cursor)
        self.centerCursor()
        cursor.setPosition(to_qt(start), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def find_text(self, needle: str, backward: bool = False) -> bool:
        """Select the next (or previous) occurrence of `needle`, wrapping around."""
        if not needle:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if self.find(needle, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self.setTextCursor(cursor)
        return self.find(needle, flags)

    # -- reading comfort -------------------------------------------------------------

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, steps: int) -> None:
        """Make the type `steps` points larger (or smaller) than the default."""
        self._zoom = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], steps))
        self._apply_font()

    def _apply_font(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, self._base_size + self._zoom))
        self.setFont(font)
        self._update_margins()

    def _update_margins(self) -> None:
        measure = self.fontMetrics().horizontalAdvance("n" * LINE_LENGTH) + 24
        spare = max(0, self.width() - measure - self.verticalScrollBar().sizeHint().width())
        self.setViewportMargins(spare // 2, 0, spare - spare // 2, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_margins()
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and hasattr(self, "highlighter"):
            self.highlighter.set_palette(self.palette())
            self.highlighter.rehighlight()

    # -- input -----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.text()
        if modifiers == Qt.KeyboardModifier.NoModifier and key and key in TAG_KEYS:
            self.tagKeyPressed.emit(key)
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        cursor = self.textCursor()
        if event.button() == Qt.MouseButton.LeftButton and not cursor.hasSelection():
            self.clicked.emit(self.offsets.from_qt(cursor.position()))

"""The article: read-only text, passages highlighted in their tag's colour."""

from __future__ import annotations

import bisect
import itertools
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.anchoring import map_offset
from annotator.folding import Folded
from annotator.text import is_right_to_left
from annotator.ui.offsets import Offsets
from annotator.ui.palette import is_dark, mix
from annotator.ui.qt_models import TAG, AnnotationModel

if TYPE_CHECKING:
    from annotator.ui.session import ArticleSession

LINE_LENGTH = 75  # characters per line at most: a comfortable measure for reading
TAG_KEYS = "123456789"
ZOOM_RANGE = (-6, 24)
LONG_PASSAGE = 4096  # code points; longer passages are kept apart in the index


class PassageHighlighter:
    """Paints passages onto the blocks of the article as they come into view.

    Passages are indexed by position (code points), so the passages of any block are
    found by bisection and nothing is done for blocks no one looks at: opening an article
    indexes its passages and colours only the blocks on screen; a scroll colours the
    blocks it reveals; marking or removing a passage recolours its blocks. The colours
    are set on each block's layout, which Qt lays out again when it draws it.
    """

    def __init__(self, view: QPlainTextEdit, palette: QPalette) -> None:
        self._view = weakref.proxy(view)  # the view owns this; no cycle to collect
        # Passages up to LONG_PASSAGE code points, sorted by (start, end, id), and their
        # starts; the few longer ones apart, so that a block's search stays short.
        self._short: list[tuple[int, int, str]] = []
        self._starts: list[int] = []
        self._long: dict[str, tuple[int, int]] = {}
        self._spans: dict[str, tuple[int, int]] = {}
        self._colors: dict[str, str] = {}  # passage id -> colour name
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}
        # Paragraphs shown dimmed (clutter): sorted code-point spans, and their starts.
        self._dimmed: list[tuple[int, int]] = []
        self._dimmed_starts: list[int] = []
        self._done: set[int] = set()  # blocks whose colours match the index
        self._coloured: set[int] = set()  # blocks holding any colour at all
        self.set_palette(palette)

    def set_palette(self, palette: QPalette) -> None:
        """Choose highlight colours readable on this palette's base (recolours lazily)."""
        self._base = palette.color(QPalette.ColorRole.Base)
        self._text = palette.color(QPalette.ColorRole.Text)
        self._dark = is_dark(palette)
        self._formats.clear()
        self._dim = QTextCharFormat()
        self._dim.setForeground(mix(self._text, self._base, 0.55))
        self._invalidate()

    def set_dimmed(self, spans: Iterable[tuple[int, int]]) -> None:
        """Show these code-point spans dimmed (a passage on them keeps the text's colour)."""
        self._dimmed = sorted(spans)
        self._dimmed_starts = [start for start, _ in self._dimmed]
        self._invalidate()

    def _block_dims(self, position: int, length: int) -> list[tuple[int, int]]:
        """The dimmed stretches of the block at `position`: (start in block, length) in UTF-16."""
        if not self._dimmed:
            return []
        offsets = self._view.offsets
        first = offsets.from_qt(position)
        last = offsets.from_qt(position + length - 1)
        found = []
        for start, end in self._dimmed[: bisect.bisect_left(self._dimmed_starts, last)]:
            if end > first:
                left = offsets.to_qt(max(start, first)) - position
                right = offsets.to_qt(min(end, last)) - position
                if right > left:
                    found.append((left, right - left))
        return found

    # -- the index -----------------------------------------------------------------

    def set_passages(self, passages: Iterable[tuple[str, int, int, QColor | str]]) -> None:
        """Index every passage (id, start, end in code points, colour) afresh.

        Blocks are recoloured as they are next painted.
        """
        self._short, self._long, self._spans, self._colors = [], {}, {}, {}
        for passage_id, start, end, color in passages:
            self._spans[passage_id] = (start, end)
            self._colors[passage_id] = color if isinstance(color, str) else color.name()
            if end - start > LONG_PASSAGE:
                self._long[passage_id] = (start, end)
            else:
                self._short.append((start, end, passage_id))
        self._short.sort()
        self._starts = [start for start, _, _ in self._short]
        self._invalidate()

    def add(self, passage_id: str, start: int, end: int, color: QColor | str) -> None:
        """Show one passage, recolouring only the blocks it touches."""
        self.remove(passage_id)
        self._spans[passage_id] = (start, end)
        self._colors[passage_id] = color if isinstance(color, str) else color.name()
        if end - start > LONG_PASSAGE:
            self._long[passage_id] = (start, end)
        else:
            index = bisect.bisect_left(self._short, (start, end, passage_id))
            self._short.insert(index, (start, end, passage_id))
            self._starts.insert(index, start)
        self._recolour(start, end)

    def remove(self, passage_id: str) -> None:
        """Stop showing a passage, recolouring only the blocks it touched."""
        span = self._spans.pop(passage_id, None)
        self._colors.pop(passage_id, None)
        if span is None:
            return
        start, end = span
        if self._long.pop(passage_id, None) is None:
            index = bisect.bisect_left(self._short, (start, end, passage_id))
            del self._short[index]
            del self._starts[index]
        self._recolour(start, end)

    def spans(self, block_number: int) -> list[tuple[int, int, str]]:
        """A block's passages: (start in block, length, passage id), sorted by start."""
        block = self._view.document().findBlockByNumber(block_number)
        return self._block_spans(block.position(), block.length()) if block.isValid() else []

    def _block_spans(self, position: int, length: int) -> list[tuple[int, int, str]]:
        """The passages on the block at `position`: (start in block, length, id) in UTF-16."""
        offsets = self._view.offsets
        first = offsets.from_qt(position)
        last = offsets.from_qt(position + length - 1)  # the end of its text, before "\n"
        low = bisect.bisect_left(self._starts, first - LONG_PASSAGE)
        high = bisect.bisect_left(self._starts, last)
        found = [(s, e, pid) for s, e, pid in self._short[low:high] if e > first]
        found += [(s, e, pid) for pid, (s, e) in self._long.items() if s < last and e > first]
        spans = []
        for start, end, passage_id in found:
            span_start = offsets.to_qt(max(start, first)) - position
            span_end = offsets.to_qt(min(end, last)) - position
            if span_end > span_start:
                spans.append((span_start, span_end - span_start, passage_id))
        spans.sort()
        return spans

    # -- colouring -----------------------------------------------------------------

    def text_replaced(self) -> None:
        """The document holds a new text: no block is coloured yet."""
        self._coloured.clear()
        self._invalidate()

    def _invalidate(self) -> None:
        """Recolour every block when it is next painted."""
        self._done.clear()
        self._view.viewport().update()

    def colour_visible(self) -> None:
        """Colour the blocks on screen that are not yet coloured (before they are drawn)."""
        view = self._view
        bottom = view.viewport().rect().bottom()
        top = view.contentOffset().y()
        block = view.firstVisibleBlock()
        while block.isValid() and top <= bottom:
            if block.blockNumber() not in self._done:
                self._colour(block)
            if block.isVisible():
                top += view.blockBoundingRect(block).height()
            block = block.next()

    def _recolour(self, start: int, end: int) -> None:
        """Colour the blocks of the span [start, end) now, and have them redrawn."""
        to_qt = self._view.offsets.to_qt
        block, end = self._view.document().findBlock(to_qt(start)), to_qt(end)
        while block.isValid():
            self._colour(block)
            block = block.next()
            if block.position() >= end:
                break
        self._view.viewport().update()

    def _colour(self, block: QTextBlock) -> None:
        number = block.blockNumber()
        self._done.add(number)
        spans = self._block_spans(block.position(), block.length())
        dims = self._block_dims(block.position(), block.length())
        if not spans and not dims and number not in self._coloured:
            return
        ranges = []
        for start, length in dims:  # first: a passage's colours are laid over them
            span = QTextLayout.FormatRange()
            span.start, span.length, span.format = start, length, self._dim
            ranges.append(span)
        # Cut the block where any passage starts or ends, so an overlap gets its own look.
        cuts = sorted({p for start, length, _ in spans for p in (start, start + length)})
        for left, right in itertools.pairwise(cuts):
            covering = tuple(pid for start, length, pid in spans if start <= left < start + length)
            if covering:
                span = QTextLayout.FormatRange()
                span.start, span.length, span.format = left, right - left, self._format(covering)
                ranges.append(span)
        block.layout().setFormats(ranges)  # Qt lays the block out again when it draws it
        if ranges:
            self._coloured.add(number)
        else:
            self._coloured.discard(number)

    def _format(self, passage_ids: tuple[str, ...]) -> QTextCharFormat:
        key = tuple(self._colors[pid] for pid in passage_ids)
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
    firstPainted = Signal()  # the article has been drawn once

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
        self._model: AnnotationModel | None = None  # set by attach()
        self._folded: Folded | None = None  # the text folded for Find, made on first use
        self._base_size = QFont(self.font()).pointSizeF() * 1.2
        self._zoom = 0
        self._painted = False
        self.document().setDocumentMargin(12)
        self.highlighter = PassageHighlighter(self, self.palette())
        self._apply_font()

    # -- text ------------------------------------------------------------------------

    def set_article(
        self, text: str, passages: Iterable[tuple[str, int, int, QColor | str]]
    ) -> None:
        """Show a document text with its passages (code-point spans, colour)."""
        self.text = text
        self.offsets = Offsets(text)
        self.setPlainText(text)
        self.highlighter.text_replaced()
        self._align_for(text)
        self.set_passages(passages)

    def attach(self, session: ArticleSession) -> None:
        """Show a session's article and follow its passages as they change.

        The view listens to the item model itself: a passage inserted, removed, retagged
        or moved is repainted here, and nothing else relays rows to it.
        """
        self._model = model = session.model
        self.set_article(session.article.text, self._passages())
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._rows_removing)
        model.dataChanged.connect(self._data_changed)
        for wholesale in (model.layoutChanged, model.tagsChanged):
            wholesale.connect(self._repaint_all)
        session.reloaded.connect(self._reloaded)

    def _passages(self) -> list[tuple[str, int, int, str]]:
        sidecar = self._model.sidecar
        colors = {tag: sidecar.tag_color(tag) for tag in {a.tag for a in sidecar.annotations}}
        return [
            (a.id, a.start, a.end, colors[a.tag]) for a in sidecar.annotations if not a.orphaned
        ]

    def _rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        for annotation in self._model.annotations[first : last + 1]:
            if not annotation.orphaned:
                color = self._model.sidecar.tag_color(annotation.tag)
                self.add_passage(annotation.id, annotation.start, annotation.end, color)

    def _rows_removing(self, _parent: QModelIndex, first: int, last: int) -> None:
        for annotation in self._model.annotations[first : last + 1]:
            self.remove_passage(annotation.id)

    def _data_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        if top.column() > TAG:
            return  # status or note: the highlight's colour is the tag's, unchanged
        if bottom.row() - top.row() > 8:
            self._repaint_all()  # a wholesale change: index every passage again
            return
        self._rows_removing(top.parent(), top.row(), bottom.row())
        self._rows_inserted(top.parent(), top.row(), bottom.row())

    def _repaint_all(self) -> None:
        self.set_passages(self._passages())

    def _reloaded(self, old_text: str) -> None:
        """Show the article's new text where the reporter was reading, selection kept."""
        from_qt = self.offsets.from_qt
        top = from_qt(self.firstVisibleBlock().position())
        cursor = self.textCursor()
        anchor, position = from_qt(cursor.anchor()), from_qt(cursor.position())
        text = self._model.article.text
        self.set_article(text, [])  # the passages follow from the model's new layout
        to_qt = self.offsets.to_qt
        cursor = QTextCursor(self.document())
        cursor.setPosition(to_qt(map_offset(old_text, text, anchor)))
        if position != anchor:
            position = map_offset(old_text, text, position)
            cursor.setPosition(to_qt(position), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.scroll_to(map_offset(old_text, text, top))

    def scroll_to(self, offset: int) -> None:
        """Scroll so that the line holding a code-point offset is the first one shown."""
        block = self.document().findBlock(self.offsets.to_qt(offset))
        self.verticalScrollBar().setValue(block.firstLineNumber())

    def _align_for(self, text: str) -> None:
        # A plain-text layout draws every paragraph from the left, whatever its script;
        # an article mostly in a right-to-left script is set against the right edge.
        option = self.document().defaultTextOption()
        alignment = Qt.AlignmentFlag.AlignLeft
        if is_right_to_left(text):
            alignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
        option.setAlignment(alignment)
        self.document().setDefaultTextOption(option)

    def set_passages(self, passages: Iterable[tuple[str, int, int, QColor | str]]) -> None:
        """Index every passage afresh and repaint (after a reload or a tag-colour change)."""
        self.highlighter.set_passages(passages)

    def set_clutter(
        self, spans: list[tuple[int, int]], hidden: list[tuple[int, int]] | None = None
    ) -> None:
        """Dim these paragraphs (code-point spans); hide those `hidden`, each with the blank
        line after it. Their text stays, so every offset stays as it was."""
        self.highlighter.set_dimmed(spans)
        document = self.document()
        to_qt = self.offsets.to_qt
        for block_number in range(document.blockCount()):
            document.findBlockByNumber(block_number).setVisible(True)
        if hidden:
            for start, end in hidden:
                block, last = document.findBlock(to_qt(start)), to_qt(end)
                while block.isValid() and block.position() <= last:
                    block.setVisible(False)
                    block = block.next()
                if block.isValid() and not block.text().strip():
                    block.setVisible(False)  # the blank line after it
        document.markContentsDirty(0, document.characterCount())
        self.viewport().update()

    def add_passage(self, passage_id: str, start: int, end: int, color: QColor | str) -> None:
        """Highlight one passage given in code points."""
        self.highlighter.add(passage_id, start, end, color)

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
        """Select the next (or previous) match of what she typed, wrapping around.

        Matching ignores case and folds what a keyboard cannot type (see `folding`):
        straight quotes find curly ones, a word typed without tatweel finds it with one.
        """
        if not needle:
            return False
        if self._folded is None or self._folded.original is not self.text:
            self._folded = Folded(self.text, ignore_case=True)
        matches = self._folded.find_all(needle)
        if not matches:
            return False
        cursor = self.textCursor()
        from_qt = self.offsets.from_qt
        low, high = from_qt(cursor.selectionStart()), from_qt(cursor.selectionEnd())
        if backward:
            before = [m for m in matches if m[0] < low]
            start, end = before[-1] if before else matches[-1]
        else:
            after = [m for m in matches if m[0] >= high]
            start, end = after[0] if after else matches[0]
        self.select_span(start, end)
        return True

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

    def paintEvent(self, event: QPaintEvent) -> None:
        self.highlighter.colour_visible()  # only what is about to be drawn
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.firstPainted.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_margins()
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and hasattr(self, "highlighter"):
            self.highlighter.set_palette(self.palette())

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

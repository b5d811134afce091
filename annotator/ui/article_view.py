"""The article: read-only text, passages highlighted in their tag's colour."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Q_ARG, QMetaObject, QPoint, Signal
from PySide6.QtGui import QFont, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit, QWidget

from annotator.text import is_right_to_left
from annotator.ui.display_text import ShownInLines, display_text
from annotator.ui.highlighter import (
    HighlightIndex,
    PassageHighlighter,
    faint_id,
    faint_index,
    prepare_faint,
)
from annotator.ui.offsets import Offsets, utf16_text
from annotator.ui.prepared_text import (
    Looks,
    Prepared,
    TakesPrepared,
    alignment_for,
    new_place,
    prepare_document,
)

# The view is the first thing the window paints, before the passages are even read: it
# imports nothing of the engine's (anchoring, the sidecar, the item model) until it is
# given a session, and does not touch Qt's namespace `Qt` (93 enums, 15 ms to make)
# until it needs it.
if TYPE_CHECKING:  # (each Qt class costs the first paint its making, when first named)
    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import (
        QColor,
        QContextMenuEvent,
        QKeyEvent,
        QMouseEvent,
        QPaintEvent,
        QResizeEvent,
    )

    from annotator.folding import Folded
    from annotator.ui.qt_models import AnnotationModel
    from annotator.ui.session import ArticleSession

LINE_LENGTH = 75  # characters per line at most: a comfortable measure for reading
TAG_KEYS = "123456789"
KEYS = (  # what the article's own keys do (Help ▸ Keyboard Shortcuts)
    ("Mark the selection with that key's tag", "1 – 9"),
    ("Retag the current passage (nothing selected)", "1 – 9"),
    ("Menu of the passages there", "Menu key, right-click"),
)
ZOOM_RANGE = (-6, 24)


class ArticleView(ShownInLines, TakesPrepared, QPlainTextEdit):
    """The article text, read-only; selecting and pressing a tag key marks a passage."""

    tagKeyPressed = Signal(str)  # "1".."9"
    clicked = Signal(int)  # a code-point offset clicked without selecting
    firstPainted = Signal()  # the article has been drawn once
    menuRequested = Signal(int, QPoint)  # right-click (or the menu key): offset, where

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)  # selectable by mouse; by keyboard too once attached
        self.setAccessibleName("Article")
        self.setAccessibleDescription("Select a passage and press a tag's key (1–9) to mark it")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.offsets = Offsets("")
        self.text = ""
        self._model: AnnotationModel | None = None  # set by attach()
        self.suggestions_shown = True
        self._folded: Folded | None = None  # the text folded for Find, made on first use
        # The document shown, ours (not the one Qt made, which a new document would
        # delete there and then: a 10 MB one takes 20 ms): let go of when replaced.
        self._shown_document = QTextDocument(self)
        self._shown_document.setUndoRedoEnabled(False)  # (read-only: nothing to undo)
        self._shown_document.setDocumentLayout(QPlainTextDocumentLayout(self._shown_document))
        self.setDocument(self._shown_document)
        self._pending_index: HighlightIndex | None = None  # made with it, until the rows come
        self._base_size = QFont(self.font()).pointSizeF() * 1.2
        self._zoom = 0
        self._painted = False
        self._right_to_left = False  # the text set against the right edge
        self._hidden_blocks: list[int] = []  # the numbers of the blocks set_clutter hid
        self.document().setDocumentMargin(12)
        self.highlighter = PassageHighlighter(self, self.palette())
        self._apply_font()

    # -- text ------------------------------------------------------------------------

    def set_article(
        self,
        text: str,
        passages: Iterable[tuple[str, int, int, QColor | str]],
        prepared: Prepared | None = None,
        meanwhile: Callable[[], object] | None = None,
    ) -> None:
        """Show a document text with its passages (code-point spans, colour).

        `prepared`: what changes in the document shown, or a new one, made by
        `prepare_document`.
        `meanwhile`: called just before Qt takes the text in, which lets go of the
        interpreter's lock (see `_fill`): a thread started then runs beside it.
        """
        if prepared is not None and prepared.edit is not None and prepared.edit.before == self.text:
            self._edit_text(prepared.edit, text)  # (`==`: the very same text, as a rule)
            self.offsets = prepared.offsets
        elif prepared is not None and prepared.document is not None:
            self.offsets = prepared.offsets
            self._show_document(prepared, text)
            self.highlighter.text_replaced()
        else:
            if text is not self.text:  # (the text shown first, before its session, stays)
                self.offsets = Offsets(text)
                self._fill(display_text(text), meanwhile)  # a long paragraph cut in lines
                self._hidden_blocks = []
            self.text = text
            self.highlighter.text_replaced()
        self._align_for(text)
        self.set_passages(passages)

    def _fill(self, text: str, meanwhile: Callable[[], object] | None = None) -> None:
        """`setPlainText`, called through Qt's meta-object system: PySide lets go of the
        interpreter's lock for such a call, not for `setPlainText` itself, so another
        thread runs Python meanwhile (a 10 MB article takes a tenth of a second; opening
        one, its notes are read then: see `first_paint.open_showing`)."""
        argument = Q_ARG(str, utf16_text(text))  # (the same QString, made much faster)
        if meanwhile is not None:
            meanwhile()
        if not QMetaObject.invokeMethod(self, "setPlainText", argument):
            self.setPlainText(text)  # (a slot of QPlainTextEdit's: never expected)

    def attach(self, session: ArticleSession) -> None:
        """Show a session's article and follow its passages as they change.

        The view listens to the item model itself: a passage inserted, removed, retagged
        or moved is repainted here, and nothing else relays rows to it.
        """
        from PySide6.QtCore import Qt

        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._model = model = session.model
        self._session = session
        self._offer_looks()
        self.set_article(session.article.text, [])
        self._repaint_all()  # (with the passages' index made on a worker, if it was)
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._rows_removing)
        model.dataChanged.connect(self._data_changed)
        for wholesale in (model.layoutChanged, model.tagsChanged):
            wholesale.connect(self._repaint_all)
        session.reloaded.connect(self._reloaded)
        self._suggestions = suggestions = session.suggestions
        suggestions.prepare_rows = prepare_faint
        suggestions.modelReset.connect(self._show_suggestions)
        suggestions.rowsInserted.connect(self._suggestions_inserted)  # row by row: there
        suggestions.rowsAboutToBeRemoved.connect(self._suggestions_removing)  # are 100,000
        self._show_suggestions()

    def _offer_looks(self) -> None:
        """Tell the session how a document made for this view on a worker thread is to
        look (again whenever that changes)."""
        session = getattr(self, "_session", None)
        if session is not None:
            from PySide6.QtGui import QTextOption

            document = self.document()
            looks = Looks(
                self.font().pointSizeF(),
                document.documentMargin(),
                QTextOption(document.defaultTextOption()),
            )
            session.prepare_text = functools.partial(prepare_document, looks=looks)

    def expect_passages(self, index: HighlightIndex) -> None:
        """The index of the passages to come, made on a worker thread: shown as it is if
        the rows then attached or laid out anew are the ones it was made from."""
        self._pending_index = index

    def show_suggestions(self, shown: bool) -> None:
        """Show the suggestions as faint marks, or hide them all."""
        self.suggestions_shown = shown
        self._show_suggestions()

    def _suggestions_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self.suggestions_shown:
            model = self._suggestions
            for s in model.rows[first : last + 1]:
                self.highlighter.add_faint(faint_id(s), s.start, s.end, model.color(s))

    def _suggestions_removing(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self.suggestions_shown:
            for s in self._suggestions.rows[first : last + 1]:
                self.highlighter.remove_faint(faint_id(s))

    def _show_suggestions(self, *_args: object) -> None:
        from annotator.ui import background

        model = self._suggestions
        rows = model.rows if self.suggestions_shown else []
        made = model.take_made(rows) if rows else None
        if made is None:
            made = faint_index((faint_id(s), s.start, s.end, model.color(s)) for s in rows)
        background.let_go(self.highlighter.set_faint(made))  # the old: freed elsewhere

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
        from annotator.ui.qt_models import TAG  # loaded with the model it listens to

        if top.column() > TAG:
            return  # status or note: the highlight's colour is the tag's, unchanged
        if bottom.row() - top.row() > 8:
            self._repaint_all()  # a wholesale change: index every passage again
            return
        self._rows_removing(top.parent(), top.row(), bottom.row())
        self._rows_inserted(top.parent(), top.row(), bottom.row())

    def _repaint_all(self) -> None:
        index, self._pending_index = self._pending_index, None
        annotations = self._model.annotations
        if (
            index is not None
            and len(index.rows) == len(annotations)
            and all(map(operator.is_, index.rows, annotations))
        ):  # made on a worker thread for exactly these rows (a re-read article's)
            sidecar = self._model.sidecar
            colors = {tag: sidecar.tag_color(tag) for tag in set(index.tags.values())}
            self.highlighter.install(index, colors)
            return
        self.set_passages(self._passages())

    def _reloaded(self, old_text: str) -> None:
        """Show the article's new text where the reporter was reading, selection kept."""
        from_qt = self.offsets.from_qt
        top = from_qt(self.firstVisibleBlock().position())
        cursor = self.textCursor()
        anchor, position = from_qt(cursor.anchor()), from_qt(cursor.position())
        text = self._model.article.text
        prepared = self._session.prepared  # made on a worker thread, when it was
        if not isinstance(prepared, Prepared):
            prepared = None
        edit = prepared.edit if prepared is not None else None
        if edit is not None and edit.before != old_text:
            edit = None
        self.set_article(text, [], prepared)  # the passages follow from the model's new layout
        self._pending_index = prepared.index if prepared is not None else None
        to_qt = self.offsets.to_qt
        cursor = QTextCursor(self.document())
        cursor.setPosition(to_qt(new_place(old_text, text, anchor, edit)))
        if position != anchor:
            position = new_place(old_text, text, position, edit)
            cursor.setPosition(to_qt(position), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.scroll_to(new_place(old_text, text, top, edit))

    def scroll_to(self, offset: int) -> None:
        """Scroll so that the line holding a code-point offset is the first one shown."""
        block = self.document().findBlock(self.offsets.to_qt(offset))
        self.verticalScrollBar().setValue(block.firstLineNumber())

    def _align_for(self, text: str) -> None:
        right_to_left = is_right_to_left(text)
        if right_to_left == self._right_to_left:  # (setting it lays out every block again)
            return
        self._right_to_left = right_to_left
        option = self.document().defaultTextOption()
        option.setAlignment(alignment_for(text))
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
        if not hidden and not self._hidden_blocks:
            return  # nothing hidden, before or now: the dimming is coloured as it is drawn
        to_qt = self.offsets.to_qt
        for block_number in self._hidden_blocks:  # only those: a long article has 40,000
            document.findBlockByNumber(block_number).setVisible(True)
        self._hidden_blocks = []
        for start, end in hidden or ():
            block, last = document.findBlock(to_qt(start)), to_qt(end)
            while block.isValid() and block.position() <= last:
                block.setVisible(False)
                self._hidden_blocks.append(block.blockNumber())
                block = block.next()
            if block.isValid() and not block.text().strip():
                block.setVisible(False)  # the blank line after it
                self._hidden_blocks.append(block.blockNumber())
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
            from annotator.folding import Folded

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
        self._offer_looks()

    def _update_margins(self) -> None:
        measure = self.fontMetrics().horizontalAdvance("n" * LINE_LENGTH) + 24
        spare = max(0, self.width() - measure - self.verticalScrollBar().sizeHint().width())
        self.setViewportMargins(spare // 2, 0, spare - spare // 2, 0)

    @property
    def painted(self) -> bool:
        """True once the article has been drawn."""
        return self._painted

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
        from PySide6.QtCore import Qt

        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.text()
        if modifiers == Qt.KeyboardModifier.NoModifier and key and key in TAG_KEYS:
            self.tagKeyPressed.emit(key)
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Ask for the menu of what is under the pointer (under the cursor, from the keyboard)."""
        from PySide6.QtGui import QContextMenuEvent

        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            cursor = self.textCursor()
            point = self.cursorRect(cursor).center()
        else:
            point = event.pos()
            cursor = self.cursorForPosition(point)
        offset = self.offsets.from_qt(cursor.position())
        self.menuRequested.emit(offset, self.viewport().mapToGlobal(point))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        cursor = self.textCursor()
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton and not cursor.hasSelection():
            self.clicked.emit(self.offsets.from_qt(cursor.position()))

"""The note editor of the passage panel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.text import is_right_to_left

UNDO_KEYS = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)
REDO_EXTRA = QKeySequence("Ctrl+Y")


class NoteEditor(QPlainTextEdit):
    """The note editor; Undo and Redo go to the article's undo stack, not to the editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)  # every keystroke is a command on the page's stack
        self.textChanged.connect(self._follow_direction)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 12)

    def sizeHint(self) -> QSize:
        """Four lines: the room beyond goes to the lists first (a long note scrolls)."""
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def _follow_direction(self) -> None:
        """Set an Arabic or Hebrew note against the right edge, as she types it."""
        direction = (
            Qt.LayoutDirection.RightToLeft
            if is_right_to_left(self.toPlainText(), sample=200)
            else Qt.LayoutDirection.LeftToRight
        )
        option = self.document().defaultTextOption()
        if option.textDirection() != direction:
            option.setTextDirection(direction)
            self.document().setDefaultTextOption(option)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combined = QKeySequence(event.keyCombination())
            if any(event.matches(key) for key in UNDO_KEYS) or combined == REDO_EXTRA:
                event.ignore()  # let the window's Undo/Redo actions have it
                return True
        return super().event(event)

"""The Suggested list's keys: a tag's key or Enter marks a suggestion, Delete dismisses it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView

SUGGESTION_KEYS = "123456789"
KEYS = (  # what the list's keys do (Help ▸ Keyboard Shortcuts)
    ("Mark the suggestion", "Enter"),
    ("Mark it with that key's tag", "1 – 9"),
    ("Dismiss the suggestion", "Delete"),
)


class SuggestionList(QTableView):
    """The suggestions: a tag's key or Enter marks the current one, Delete dismisses it."""

    accepted = Signal(object, str)  # suggestion, the tag key pressed ("" for Enter)
    dismissed = Signal(object)

    def _current(self):
        index = self.currentIndex()
        return self.model().suggestion(index.row()) if index.isValid() else None

    def _ours(self, event: QKeyEvent) -> bool:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain != Qt.KeyboardModifier.NoModifier:
            return False
        return event.key() in _SUGGESTION_ACTIONS or (
            bool(event.text()) and event.text() in SUGGESTION_KEYS
        )

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._ours(event)
            and self._current() is not None
        ):
            event.accept()  # Delete here dismisses a suggestion, not the current passage
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        suggestion = self._current()
        if suggestion is None or not self._ours(event):
            super().keyPressEvent(event)
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.dismissed.emit(suggestion)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accepted.emit(suggestion, "")
        else:
            self.accepted.emit(suggestion, event.text())
        event.accept()


_SUGGESTION_ACTIONS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Return, Qt.Key.Key_Enter)

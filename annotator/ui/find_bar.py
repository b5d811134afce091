"""The find bar under the article: type, Return for the next match, Escape to go back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

KEYS = (  # what the bar's keys do (Help ▸ Keyboard Shortcuts)
    ("Find the next match", "Enter"),
    ("Find the previous match", "Shift+Enter"),
    ("Close the Find bar", "Esc"),
)


class FindBar(QWidget):
    """A line to find text in the current article."""

    findRequested = Signal(str, bool)  # text, backward
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setAccessibleName("Find in article")
        self.field.setPlaceholderText("Find in article")
        self.field.setClearButtonEnabled(True)
        self.result = QLabel()
        previous = QToolButton()
        previous.setText("Previous")
        previous.setAccessibleName("Find previous")
        following = QToolButton()
        following.setText("Next")
        following.setAccessibleName("Find next")
        close = QToolButton()
        close.setText("Close")
        close.setAccessibleName("Close find bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(self.result)
        layout.addWidget(close)
        self.field.returnPressed.connect(lambda: self.find(backward=False))
        previous.clicked.connect(lambda: self.find(backward=True))
        following.clicked.connect(lambda: self.find(backward=False))
        close.clicked.connect(self.close_bar)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)
        back = QShortcut(QKeySequence("Shift+Return"), self.field)
        back.setContext(Qt.ShortcutContext.WidgetShortcut)
        back.activated.connect(lambda: self.find(backward=True))
        self.hide()

    def open_bar(self, text: str = "") -> None:
        """Show the bar with its field focused (and filled with `text` if given)."""
        if text:
            self.field.setText(text)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def find(self, backward: bool = False) -> None:
        """Ask for the next (or previous) match of the field's text."""
        if self.field.text():
            self.findRequested.emit(self.field.text(), backward)

    def show_result(self, found: bool) -> None:
        self.result.setText("" if found else "Not found")

    def close_bar(self) -> None:
        self.hide()
        self.result.clear()
        self.closed.emit()

"""A message that stays in view while it applies: the window's way to say more than the
status bar holds without a dialog she did not ask for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from annotator.ui.palette import mix

WARNING_TINT, NOTICE_TINT = "#e53935", "#1e88e5"


class Banner(QFrame):
    """A tinted line of text with one button (none when `button_text` is empty)."""

    def __init__(self, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(button_text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.button.setVisible(bool(button_text))  # once it is a child: never a window of its own
        self.hide()

    def show_message(self, text: str, warning: bool) -> None:
        """Show `text`; a warning is tinted red so it is seen, a notice blue."""
        palette = self.palette()
        role = QPalette.ColorRole.Window
        base = self.parentWidget().palette().color(role) if self.parentWidget() else QColor()
        palette.setColor(role, mix(base, QColor(WARNING_TINT if warning else NOTICE_TINT), 0.22))
        self.setPalette(palette)
        self.label.setText(text)
        self.setAccessibleName("Warning" if warning else "Notice")
        self.show()

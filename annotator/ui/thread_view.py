"""A passage's thread under its note: the replies (author, date, text), a box to reply,
and Resolve / Reopen. It shows what it is given and asks for changes by signals."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.model import Annotation


class ThreadView(QWidget):
    """The thread of the selected passage."""

    replied = Signal(str)  # the reply's text
    resolvedChosen = Signal(bool)  # resolve (True) or reopen (False)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replies = QLabel()
        self.replies.setWordWrap(True)
        self.replies.setTextFormat(Qt.TextFormat.RichText)
        self.replies.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.replies.setAccessibleName("Replies")
        self.scroll = QScrollArea()  # a long thread scrolls; the note keeps its room
        self.scroll.setWidget(self.replies)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setMaximumHeight(160)
        self.reply = QLineEdit()
        self.reply.setAccessibleName("Reply")
        self.reply.setPlaceholderText("Reply to this passage's thread")
        self.resolve = QPushButton("Resolve")
        self.resolve.setToolTip("Mark the thread resolved (a resolved comment in the brief)")
        self._resolved = False
        row = QHBoxLayout()
        row.addWidget(self.reply, 1)
        row.addWidget(self.resolve)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        layout.addLayout(row)
        self.reply.returnPressed.connect(self._reply)
        self.resolve.clicked.connect(lambda: self.resolvedChosen.emit(not self._resolved))

    def show_thread(self, annotation: Annotation | None, editable: bool) -> None:
        """Show a passage's thread (none: empty and disabled)."""
        replies = (annotation.replies or []) if annotation is not None else []
        self._resolved = bool(annotation is not None and annotation.resolved)
        lines = []
        for reply in replies:
            who = html.escape(str(reply.get("author") or "Me"))
            when = html.escape(str(reply.get("created") or "")[:16].replace("T", " "))
            text = html.escape(str(reply.get("text") or "")).replace("\n", "<br>")
            lines.append(f"<b>{who}</b> <span style='color:gray'>{when}</span><br>{text}")
        if self._resolved:
            lines.append("<i>Resolved</i>")
        self.replies.setText("<br>".join(lines))
        self.scroll.setVisible(bool(lines))
        self.resolve.setText("Reopen" if self._resolved else "Resolve")
        for widget in (self.reply, self.resolve):
            widget.setEnabled(annotation is not None and editable)

    def _reply(self) -> None:
        text = self.reply.text().strip()
        if text:
            self.reply.clear()
            self.replied.emit(text)

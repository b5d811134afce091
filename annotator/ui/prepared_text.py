"""A new text made ready for the article view on a worker thread: its document, offsets
and passages' index (an article re-read after it changed on disk)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.ui.display_text import display_text
from annotator.ui.highlighter import HighlightIndex, highlight_index
from annotator.ui.offsets import Offsets

if TYPE_CHECKING:
    from annotator.model import Annotation

PREPARE_PIECE = 16384  # code points put in a document at a time off the UI thread


@dataclass(frozen=True)
class Prepared:
    """A new text made ready for the view on a worker thread (see `prepare_document`)."""

    document: QTextDocument
    offsets: Offsets
    index: HighlightIndex  # the passages by position, to be shown if they are the rows


def prepare_document(text: str, passages: list[Annotation]) -> Prepared:
    """A document holding `text`, its offsets and its passages' index, made on a worker
    thread for the view (see `ArticleSession.prepare_text`).

    Filling a document with a long article takes a fifth of a second; made here, the
    UI thread only gives it a layout (which needs fonts, and fonts are the UI thread's).
    It is filled piece by piece, so that the UI thread never waits long for its turn.
    """
    offsets = Offsets(text)
    offsets.to_qt(len(text))  # every emoji found here, not when she scrolls
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    cursor = QTextCursor(document)
    from annotator.ui import background

    shown = display_text(text)  # (the same length: every offset the same)
    for start in range(0, len(shown), PREPARE_PIECE):
        background.courtesy()  # the UI thread's turn, when it asked for one
        cursor.insertText(shown[start : start + PREPARE_PIECE])
    application = QCoreApplication.instance()
    if application is not None:
        document.moveToThread(application.thread())
    return Prepared(document, offsets, highlight_index(passages))

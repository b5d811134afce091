"""A new text made ready for the article view on a worker thread: what changes in the
document shown (or a new document), its offsets and passages' index (an article re-read
after it changed on disk)."""

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
# Code points taken out and put in, at most, for a change made in the document shown:
# Qt takes in about a hundred a microsecond (5 ms), and lays out only the blocks changed.
# More, and a new document is made here, whose every block Qt then lays out (15 ms for
# 10 MB). See benchmarks/README.md, "A re-read article shown by editing
# what changed".
EDIT_LIMIT = 1 << 19
_COMPARED = 1 << 16  # code points compared at a time, looking for where two texts differ


@dataclass(frozen=True)
class Edit:
    """What changes in the document shown: the UTF-16 span [start, end) of its text
    becomes `text` (display text: see `display_text`)."""

    before: str  # the article's text the document shows, to which this applies
    start: int
    end: int
    text: str
    at: int  # where the stretch starts, in code points (the same in both texts)
    removed: int  # its length in `before`, in code points

    def place(self, offset: int) -> int | None:
        """Where a code-point offset of `before` stands in the new text: the same words,
        if they are outside the stretch (None: inside it)."""
        if offset <= self.at:
            return offset
        if offset >= self.at + self.removed:
            return offset + len(self.text) - self.removed
        return None


@dataclass(frozen=True)
class Prepared:
    """A new text made ready for the view on a worker thread (see `prepare_document`):
    an edit of the document shown, or a new document."""

    offsets: Offsets
    index: HighlightIndex  # the passages by position, to be shown if they are the rows
    edit: Edit | None = None
    document: QTextDocument | None = None


def prepare_document(text: str, passages: list[Annotation], before: str | None = None) -> Prepared:
    """What the view needs to show `text` in place of `before` (the text it shows), its
    offsets and its passages' index, made on a worker thread for the view (see
    `ArticleSession.prepare_text`).

    Most changes on disk are small (a paragraph added, a figure corrected): the view is
    given the one stretch that changed, which it edits in the document it shows, and Qt
    lays out again only those lines. A text changed throughout is put in a new document
    here, piece by piece (filling one with a long article takes a fifth of a second), so
    that the UI thread never waits long for its turn; the UI thread only gives it a
    layout (which needs fonts, and fonts are the UI thread's).
    """
    offsets = Offsets(text)
    offsets.to_qt(len(text))  # every emoji found here, not when she scrolls
    index = highlight_index(passages)
    from annotator.ui import background

    shown = display_text(text)  # (the same length: every offset the same)
    if before is not None:
        edit = _edit(before, display_text(before), shown, offsets)
        if edit is not None:
            return Prepared(offsets, index, edit=edit)
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    cursor = QTextCursor(document)
    for start in range(0, len(shown), PREPARE_PIECE):
        background.courtesy()  # the UI thread's turn, when it asked for one
        cursor.insertText(shown[start : start + PREPARE_PIECE])
    application = QCoreApplication.instance()
    if application is not None:
        document.moveToThread(application.thread())
    return Prepared(offsets, index, document=document)


def _edit(before: str, old: str, new: str, offsets: Offsets) -> Edit | None:
    """The one stretch that changes display text `old` into `new`, or None when it is
    longer than an edit in place is worth (`offsets`: new's)."""
    prefix = common_prefix(old, new)
    suffix = common_suffix(old, new, min(len(old), len(new)) - prefix)
    taken_out, put_in = len(old) - suffix - prefix, len(new) - suffix - prefix
    if taken_out + put_in > EDIT_LIMIT:
        return None
    start = offsets.to_qt(prefix)  # (the same in both: the text before it is)
    end = start + Offsets(old[prefix : prefix + taken_out]).qt_length
    return Edit(before, start, end, new[prefix : prefix + put_in], prefix, taken_out)


def new_place(old_text: str, text: str, offset: int, edit: Edit | None) -> int:
    """Where an offset of the text before stands in the new one: moved with the words
    around it when only one stretch changed (`edit`); else, its words looked for near
    there (see `map_offset`)."""
    from annotator.anchoring import map_offset

    placed = edit.place(offset) if edit is not None else None
    if placed is not None:
        return placed
    near = None if edit is None else edit.at + min(offset - edit.at, len(edit.text))
    return map_offset(old_text, text, offset, near)


def common_prefix(a: str, b: str) -> int:
    """The length of the longest text both `a` and `b` start with."""
    from annotator.ui import background

    length = min(len(a), len(b))
    done = 0
    while done < length:  # a piece at a time: a byte comparison, the lock let go between
        step = min(_COMPARED, length - done)
        if a[done : done + step] == b[done : done + step]:
            done += step
            background.courtesy()
            continue
        low, high = 0, step  # the first difference is within this piece
        while low < high:
            middle = (low + high) // 2
            if a[done : done + middle + 1] == b[done : done + middle + 1]:
                low = middle + 1
            else:
                high = middle
        return done + low
    return done


def common_suffix(a: str, b: str, most: int) -> int:
    """The length of the longest text both `a` and `b` end with, `most` at most."""
    from annotator.ui import background

    done = 0
    while done < most:
        step = min(_COMPARED, most - done)
        if a[len(a) - done - step : len(a) - done] == b[len(b) - done - step : len(b) - done]:
            done += step
            background.courtesy()
            continue
        low, high = 0, step
        while low < high:
            middle = (low + high) // 2
            size = done + middle + 1
            if a[len(a) - size : len(a) - done] == b[len(b) - size : len(b) - done]:
                low = middle + 1
            else:
                high = middle
        return done + low
    return done

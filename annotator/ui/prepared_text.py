"""A new text made ready for the article view on a worker thread: what changes in the
document shown (or a new document), its offsets and passages' index (an article re-read
after it changed on disk); and the view's taking it in, a short turn of the window's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.text import is_right_to_left
from annotator.ui.display_text import display_text
from annotator.ui.highlighter import HighlightIndex, highlight_index
from annotator.ui.offsets import Offsets

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextOption

    from annotator.model import Annotation

PREPARE_PIECE = 16384  # code points put in a document at a time off the UI thread
# Code points taken out and put in, at most, for a change made in the document shown:
# Qt takes in about a hundred a microsecond (5 ms), and lays out only the blocks changed.
# More, and a new document is made here, whose every block Qt then lays out (15 ms for
# 10 MB). See benchmarks/README.md, "A re-read article shown by editing
# what changed".
EDIT_LIMIT = 1 << 19
_COMPARED = 1 << 16  # code points compared at a time, looking for where two texts differ
LAID_OUT_PIECE = 1024  # blocks given their layout at a time off the UI thread
DISMANTLED_PIECE = 1 << 18  # code units of a document no longer shown freed in one turn


def alignment_for(text: str) -> Qt.AlignmentFlag:
    """A plain-text layout draws every paragraph from the left, whatever its script;
    an article mostly in a right-to-left script is set against the right edge."""
    from PySide6.QtCore import Qt  # (not at first paint: see `article_view`)

    if is_right_to_left(text):
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
    return Qt.AlignmentFlag.AlignLeft


@dataclass(frozen=True)
class Looks:
    """How the view sets its text, for a document made for it on a worker thread: the
    size of its type, its margin and text option (plain values). The type is the
    application's: a font made here is one with only its size set (a font given whole,
    family and all, is looked for anew, script by script, when first laid out)."""

    size: float
    margin: float
    option: QTextOption

    def same_as(self, document: QTextDocument) -> bool:
        """Whether `document` (the view's own) still looks so."""
        option = document.defaultTextOption()
        return (
            document.documentMargin() == self.margin
            and option.wrapMode() == self.option.wrapMode()
            and option.flags() == self.option.flags()
            and option.tabStopDistance() == self.option.tabStopDistance()
        )


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
    looks: Looks | None = None  # the document's, and its layout made: see `_lay_out`


def prepare_document(
    text: str, passages: list[Annotation], before: str | None = None, looks: Looks | None = None
) -> Prepared:
    """What the view needs to show `text` in place of `before` (the text it shows), its
    offsets and its passages' index, made on a worker thread for the view (see
    `ArticleSession.prepare_text`).

    Most changes on disk are small (a paragraph added, a figure corrected): the view is
    given the one stretch that changed, which it edits in the document it shows, and Qt
    lays out again only those lines. A text changed throughout is put in a new document
    here, piece by piece (filling one with a long article takes a fifth of a second), so
    that the UI thread never waits long for its turn. Given the view's `looks`, it is
    given them and its layout here too (see `_lay_out`); else the UI thread does that.
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
    if looks is not None:  # (set before its text: nothing then to lay out again)
        from PySide6.QtGui import QFont, QTextOption

        font = QFont()  # (the application's)
        font.setPointSizeF(looks.size)
        document.setDefaultFont(font)
        document.setDocumentMargin(looks.margin)
        option = QTextOption(looks.option)
        option.setAlignment(alignment_for(text))
        document.setDefaultTextOption(option)
    cursor = QTextCursor(document)
    for start in range(0, len(shown), PREPARE_PIECE):
        background.courtesy()  # the UI thread's turn, when it asked for one
        cursor.insertText(shown[start : start + PREPARE_PIECE])
    if looks is not None:
        _lay_out(document)
    application = QCoreApplication.instance()
    if application is not None:
        document.moveToThread(application.thread())
    return Prepared(offsets, index, document=document, looks=looks)


def _lay_out(document: QTextDocument) -> None:
    """Give a document the view's kind of layout, and each of its blocks the object
    that will hold its lines. Qt makes those on the UI thread otherwise, all of them as
    the document is shown (44,000 for a 10 MB article: 10 ms of a 15 ms `setDocument`).
    Nothing is laid out: that needs the fonts, which are the UI thread's."""
    from PySide6.QtWidgets import QPlainTextDocumentLayout

    from annotator.ui import background

    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    block = document.firstBlock()
    while block.isValid():
        background.courtesy()
        for _ in range(LAID_OUT_PIECE):
            block.layout()
            block = block.next()
            if not block.isValid():
                break


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


class TakesPrepared:
    """What the article view (a QPlainTextEdit showing `text`, with its `highlighter`,
    the blocks it hid as clutter and the document it made, `_shown_document`) does with
    a text prepared for it: edits the document shown, or shows the new one."""

    def _edit_text(self, edit: Edit, text: str) -> None:
        """Change in the document shown the one stretch of it that changed (a paragraph
        added, a figure corrected): Qt lays out again only the blocks it touches, where a
        new document is laid out whole (15 ms for 10 MB, the window held still)."""
        document = self.document()
        first = document.findBlock(edit.start).blockNumber()
        last = document.findBlock(edit.end).blockNumber()
        kept = []
        for number in self._hidden_blocks:  # hidden as clutter: those changed are shown
            if first <= number <= last:
                document.findBlockByNumber(number).setVisible(True)  # (laid out with it)
            else:
                kept.append(number)
        blocks = document.blockCount()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()  # (else placing the cursor lays out the lines it is on)
        cursor.setPosition(edit.start)
        cursor.setPosition(edit.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(edit.text)
        cursor.endEditBlock()
        added = document.blockCount() - blocks
        self._hidden_blocks = [number if number < first else number + added for number in kept]
        self.highlighter.text_edited(first, last, added)
        self.text = text

    def _show_document(self, prepared: Prepared, text: str) -> None:
        """Show a document made on a worker thread with our looks and layout (made
        there too when it knew our looks, as it does)."""
        self.text = text
        self._hidden_blocks = []  # (every block of a new document is shown)
        self._right_to_left = is_right_to_left(self.text)
        old, document = self.document(), prepared.document
        # Each of these marks every block to be laid out again once it has a layout, 2-3
        # ms for 40,000: needed only when the view changed meanwhile (zoomed).
        if document.defaultFont() != old.defaultFont():
            document.setDefaultFont(old.defaultFont())
        if prepared.looks is None or not prepared.looks.same_as(old):
            document.setDocumentMargin(old.documentMargin())
            option = old.defaultTextOption()
            option.setAlignment(alignment_for(self.text))
            document.setDefaultTextOption(option)
        if prepared.looks is None:
            from PySide6.QtWidgets import QPlainTextDocumentLayout

            document.setDocumentLayout(QPlainTextDocumentLayout(document))
        document.setParent(self)
        self.setDocument(document)
        self._let_go_of(self._shown_document)  # the one shown before
        self._shown_document = document

    def _let_go_of(self, document: QTextDocument) -> None:
        """Free a document no longer shown a piece at a time, in turns of the window's
        own, then delete it: deleting a 10 MB one at once (44,000 blocks) holds the window
        for 6-10 ms, a piece of it for one."""
        from annotator.ui import background

        document.documentLayout().blockSignals(True)  # (nothing follows it any more)
        cursor = QTextCursor(document)

        def free_a_piece() -> None:
            end = document.characterCount() - 1
            if end <= 0:
                document.deleteLater()
                return
            cursor.beginEditBlock()  # (else a cursor placed lays out the line it is on)
            cursor.setPosition(max(0, end - DISMANTLED_PIECE))
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.endEditBlock()
            background.after_painting(self, free_a_piece)  # (not once the view is gone)

        background.after_painting(self, free_a_piece)

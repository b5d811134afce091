"""Reading a changed article again and re-anchoring its passages, off the UI thread.

Re-anchoring thousands of passages takes from a tenth of a second (an edit above them)
to minutes (a word changed in each, so each is matched approximately). It runs on a
worker thread on copies of the passages, while the reporter goes on working; what she
changes meanwhile is re-anchored again when the copies come back (see
`ArticleSession`). Past half a second, the progress is told every tenth of one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.article import Reread, reread
from annotator.document import stamp_of
from annotator.model import Annotation
from annotator.sidecar_bytes import chunks_of
from annotator.ui import background
from annotator.ui.qt_models import RowIndex, row_index

PROGRESS_AFTER_S = 0.5  # a re-anchoring this long shows its progress
PROGRESS_EVERY_MS = 100


@dataclass(frozen=True)
class Reanchored:
    """What a re-reading gives back: the text, the copies, their bytes, a prepared view."""

    reread: Reread
    chunks: list[Any]  # the copies' bytes in the sidecar file (see sidecar_bytes)
    ordered: tuple[list[Annotation], RowIndex]  # the copies in document order, indexed
    copies: dict[int, Annotation]  # each copy by the id() of the passage it copies
    prepared: object  # what `prepare` made of the new text (the view's document), or None


class Abandoned(Exception):
    """A re-reading given up, stopped at its next look: the article changed again, or
    was still being written as it was read (an editor writing in place: the rest of
    the write is seen by the watcher, and read next)."""


class Rereading(QObject):
    """One re-reading of an article, running on a worker thread.

    `landed(self)` is called on the UI thread when it is done (`result` then gives it or
    raises DocumentError). `progressChanged(done, total)` is emitted once it has taken
    more than half a second, and `progressChanged(0, 0)` when it is over.
    """

    progressChanged = Signal(int, int)

    def __init__(
        self,
        path: Path,
        annotations: list[Annotation],
        revision: int,
        prepare: Callable[[str, list[Annotation]], object] | None,
        landed: Callable[[Rereading], None],
        parent: QObject | None = None,
        wait: bool = False,
    ) -> None:
        super().__init__(parent)
        self.revision = revision  # the item model's, when the copies were taken
        self.total = len(annotations)
        self._landed = landed
        self._settled = [0]  # written by the worker, read here
        self._started = time.monotonic()
        self._shown = False
        settled = self._settled
        abandoned = self._abandoned = threading.Event()

        def look() -> None:
            background.courtesy()  # the UI thread's turn, when it asked for one
            if abandoned.is_set():
                raise Abandoned

        def work() -> Reanchored:
            unread = [not wait]  # not yet checked for a file still being written
            stamp = stamp_of(path)

            def progress(count: int) -> None:
                settled[0] = count
                if unread[0]:  # (the first word comes once it is read)
                    unread[0] = False
                    if stamp_of(path) != stamp:
                        raise Abandoned  # read as it was written: its end comes next
                look()

            look()  # (one started as the reading before is taken in waits)
            result = reread(path, annotations, progress)
            look()
            copies = [copy for _, copy in result.passages]
            chunks = chunks_of(copies)
            ordered = sorted(copies, key=Annotation.sort_key)
            result.document.sha256  # noqa: B018 - worked out here, kept by the document
            look()
            prepared = prepare(result.document.text, ordered) if prepare else None
            copied = {id(row): copy for row, copy in result.passages}
            return Reanchored(result, chunks, (ordered, row_index(ordered)), copied, prepared)

        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_EVERY_MS)
        self._timer.timeout.connect(self._tell_progress)
        # Searches (of the text before: it is being replaced) wait until it is taken in.
        self._ahead = ahead = background.AheadOfSearches()
        self.destroyed.connect(lambda *_: ahead.release())  # (never taken in: its page went)
        if wait:  # here and now, for a caller that must have it at once
            try:
                self.task: background.Task | background.Done = background.Done(work)
            finally:
                ahead.release()
        else:
            self.task = background.Task(work, self._done, self)
            self._timer.start()

    def result(self) -> Reanchored:
        """The re-reading's outcome (waiting for it); raises DocumentError, or Abandoned
        (the file was still being written as it was read)."""
        return self.task.result()

    def abandon(self) -> None:
        """No longer wanted (a newer reading takes its place): its worker stops at its
        next look, it lands unheard, and it is let go."""
        self._abandoned.set()
        self._landed = lambda _rereading: None
        self._ahead.release()
        self._done_showing()
        self.deleteLater()

    def _tell_progress(self) -> None:
        if time.monotonic() - self._started >= PROGRESS_AFTER_S:
            self._shown = True
            self.progressChanged.emit(min(self._settled[0], self.total), self.total)

    def _done(self, _task: background.Task) -> None:
        self._done_showing()
        try:
            self._landed(self)
        finally:
            self._ahead.release()

    def _done_showing(self) -> None:
        self._timer.stop()
        if self._shown:
            self._shown = False
            self.progressChanged.emit(0, 0)

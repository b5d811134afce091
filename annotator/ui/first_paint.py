"""A window's first stage: the article's text, painted before the rest is built.

Started on an article (`annotator FILE`), the window reads the text and paints it in the
article view on its own, full width; once that paint is done, the menus, the toolbar,
the passage panel, the file watcher and the suggestions are built around the same view
and the same document (see `MainWindow.open_first` and `finish_start`). Nothing here
imports what the text does without: the sidecar's modules, anchoring, the exporters.
An article opened once the window is up has its text laid out while its notes are read
on a thread of their own (`open_showing`).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from annotator.document import Document
from annotator.formats import read_source
from annotator.ui.article_view import ArticleView

OPENING_S = 0.5  # seconds other workers pause for while an article opens (10 MB: 0.3 s)

if TYPE_CHECKING:
    from annotator.article import Article
    from annotator.ui.highlighter import HighlightIndex
    from annotator.ui.page import ArticlePage
    from annotator.ui.qt_models import RowIndex


class StagedStart:
    """The staged start of `MainWindow` (which has `stack`, `_build_rest`, `_open`…)."""

    def open_first(self, path: Path | str) -> ArticleView | None:
        """A staged window's first stage: the article's text alone, shown at once; None
        when it cannot be read at once (`finish_start` says why)."""
        first = self._first = FirstText.read(Path(path).absolute(), self.settings.zoom)
        if first.view is not None:
            self.stack.addWidget(first.view)
            self.stack.setCurrentWidget(first.view)
            self.setWindowTitle(f"{first.path.name} — {self.windowTitle()}")
            first.view.firstPainted.connect(lambda: QTimer.singleShot(0, self, self.finish_start))
        return first.view

    def finish_start(self) -> ArticlePage | None:
        """A staged window's second stage, once the text was painted (at once if there is
        none): the rest of the window, then the first article in its tab, with the same
        view and document. A second call does nothing. Returns the first article's page."""
        if self.is_ready:
            return None
        self._build_rest()
        first, self._first = self._first, None
        page = None if first is None else self._open_first(first)
        self.ready.emit()
        return page

    def _open_first(self, first: FirstText) -> ArticlePage | None:
        if first.view is None:
            return self.open_path(first.path)  # to say why it could not be read
        self.stack.removeWidget(first.view)
        document = first.unchanged_document()
        page = self._open(first.path, document, first.view, first.stamp if document else None)
        if page is None:  # said why; the text shown is not an open article
            first.view.deleteLater()
            self._current_changed()
        return page


@dataclass(frozen=True)
class FirstText:
    """An article's text as the first stage read and showed it."""

    path: Path
    document: Document | None = None  # None: it could not be read (said when opened)
    stamp: tuple[int, int] = (0, 0)  # the file's size and time of change when it was read
    view: ArticleView | None = None  # showing the text, until its page takes it

    @classmethod
    def read(cls, path: Path, zoom: int) -> FirstText:
        """Read the article at `path` into a new view; never raises (the second stage,
        opening it as any article is opened, says what is wrong)."""
        try:
            stamp = _stamp(path)
            document = read_source(path)
        except Exception:  # (said when it is opened)
            return cls(path)
        view = ArticleView()
        view.setAcceptDrops(False)  # files dropped on the article open in the window
        view.set_zoom(zoom)
        view.set_article(document.text, [])
        return cls(path, document, stamp, view)

    def unchanged_document(self) -> Document | None:
        """The document read, if the file has not changed since; None: read it again."""
        try:
            return self.document if _stamp(self.path) == self.stamp else None
        except OSError:
            return None


def _stamp(path: Path) -> tuple[int, int]:
    """A file's size and time of change: whether it changed between two moments."""
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def open_showing(
    path: Path, zoom: int, document: Document | None = None
) -> tuple[Opened, ArticleView]:
    """Open an article as `open_article` does, with a new view showing its text.

    The text is read here (unless given); its notes are read, its passages found and
    indexed on a worker thread while Qt takes the text in, which lets go of the
    interpreter's lock (see `ArticleView._fill`): a long article's layout on one core,
    its notes on the other. Raises what `open_article` raises (the view is then let go
    of).
    """
    from annotator.ui import background

    background.give_way(OPENING_S)  # searches that look pause: the notes' thread runs alone
    document = document or read_source(path)
    view = ArticleView()
    tasks = []

    def read_notes() -> None:
        work = lambda: _opened(path, document)  # noqa: E731
        tasks.append(background.Task(work, lambda _task: None, waited_for=True))

    try:
        view.setAcceptDrops(False)  # files dropped on the article open in the window
        view.set_zoom(zoom)
        view.set_article(document.text, [], meanwhile=read_notes)
        if not tasks:
            read_notes()  # (an empty article: nothing was laid out)
        opened = tasks[0].result()  # (re-raises what the worker raised)
    except BaseException:
        view.deleteLater()
        raise
    view.expect_passages(opened.passages)
    return opened, view


@dataclass(frozen=True)
class Opened:
    """An article opened on a worker thread, with the indexes of its passages."""

    article: Article
    rows: RowIndex  # for the passage model
    passages: HighlightIndex  # for the article view


def _opened(path: Path, document: Document) -> Opened:
    from annotator.article import open_article
    from annotator.ui.highlighter import highlight_index
    from annotator.ui.qt_models import row_index

    article = open_article(path, document)
    annotations = article.sidecar.annotations
    opened = Opened(article, row_index(annotations), highlight_index(annotations))
    # The passages live on: left out of the cyclic collector's walks from now on (as
    # `autosave.settled` does once the article is shown), the first walk after this
    # task, before the first paint, would be of every object made here (10-30 ms).
    gc.freeze()
    return opened

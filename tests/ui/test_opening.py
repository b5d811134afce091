"""Opening an article: its notes read on a worker thread while Qt takes its text in."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from annotator import article as article_module
from annotator import store
from annotator.ui import background
from annotator.ui.article_view import ArticleView
from tests.ui.test_window import EMOJI_TEXT, drag_select, on_disk, write_article


def test_notes_read_beside_the_text_are_painted_with_it(window, qtbot, tmp_path, monkeypatch):
    article = write_article(tmp_path, EMOJI_TEXT)
    page = window.open_path(article)
    start, end = drag_select(page.view, EMOJI_TEXT, "fares will rise by 33%")
    qtbot.keyClick(page.view, "1")
    assert window.close_page(page)
    readers = []
    opening = article_module.open_article

    def spied(*args, **kwargs):
        readers.append(threading.current_thread())
        return opening(*args, **kwargs)

    monkeypatch.setattr(article_module, "open_article", spied)
    page = window.open_path(article)
    assert readers and readers[0] is not threading.main_thread()
    assert page.view.toPlainText() == EMOJI_TEXT  # astral characters and all
    [passage] = page.session.model.annotations
    assert (passage.start, passage.end) == (start, end)
    to_qt = page.view.offsets.to_qt
    block = page.view.document().findBlock(to_qt(start))
    assert page.view.highlighter.spans(block.blockNumber()) == [
        (to_qt(start) - block.position(), to_qt(end) - to_qt(start), passage.id)
    ]
    page.view.repaint()  # the first paint: the passage coloured in it
    assert block.layout().formats()
    page.panel.select(passage.id)  # the rows' index, made on the worker, finds it
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert not block.layout().formats()
    assert window.close_page(page)
    assert on_disk(article) == []


def test_notes_that_cannot_be_read_leave_no_text_shown_behind(window, tmp_path, said):
    article = write_article(tmp_path, EMOJI_TEXT)
    store.beside(article).write_bytes(b'{"format": "annotator-sidecar", "annotations": [')
    assert window.open_path(article) is None
    assert len(said) == 1 and "not valid JSON" in said[0][1]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    views = [w for w in QApplication.allWidgets() if isinstance(w, ArticleView)]
    assert not [v for v in views if v.toPlainText() == EMOJI_TEXT]
    assert window.tabs.count() == 0


def test_an_article_opens_while_every_worker_is_busy(window, tmp_path):
    """The notes are read on a thread of their own, not queued behind long tasks."""
    release = threading.Event()
    busy = [
        background.Task(lambda: release.wait(20), lambda _task: None)
        for _ in range(background.WORKERS)
    ]
    try:
        page = window.open_path(write_article(tmp_path, EMOJI_TEXT))
        assert page is not None and page.view.toPlainText() == EMOJI_TEXT
        assert not any(task.done() for task in busy)  # opened while they all still ran
    finally:
        release.set()
    for task in busy:
        task.result(20)

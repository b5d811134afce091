"""Every way out saves first: a signal to the real program, the session ending, a crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator import store
from annotator.ui import messages
from tests import texts

# The real program, started as `annotator FILE` starts it; a passage marked by its key
# and a note typed, then "typed" printed; the test sends the signal at once.
CHILD = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from annotator.ui import app

qapp, window = app.start(Path(sys.argv[1]))

def work():  # once the window is built around the article's text (app.start)
    page = window.page
    text = page.session.article.text
    start = text.index("Ines Moreau")
    cursor = QTextCursor(page.view.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len("Ines Moreau"), QTextCursor.MoveMode.KeepAnchor)
    page.view.setTextCursor(cursor)
    QTest.keyClick(page.view, "4")
    page.panel.note.setFocus()
    QTest.keyClicks(page.panel.note, sys.argv[2])
    print("typed", flush=True)

window.ready.connect(lambda: QTimer.singleShot(0, work))
sys.exit(qapp.exec())
"""


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_note_typed_just_before_a_signal_is_on_disk(tmp_path, number):
    article = tmp_path / "ferry.txt"
    article.write_text(texts.SCRAPED, encoding="utf-8")
    note = "Call her office before six"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(article), note],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert child.stdout.readline().strip() == "typed"
        sent = time.monotonic()
        child.send_signal(number)  # well within the half second before autosave
        assert time.monotonic() - sent < 0.3
        assert child.wait(timeout=20) == 0, child.stderr.read()
    finally:
        child.kill()
    saved = json.loads(store.beside(article).read_text(encoding="utf-8"))["annotations"]
    assert [(a["tag"], a["note"]) for a in saved] == [("person", note)]


def test_an_uncaught_exception_saves_every_article_then_says_so_once(window, qtbot, tmp_path, said):
    paths = []
    for name in ("one.txt", "two.txt"):
        path = tmp_path / name
        path.write_text(texts.SCRAPED, encoding="utf-8")
        paths.append(path)
        page = window.open_path(path)
        start = texts.SCRAPED.index("About 4,800")
        page.session.mark("figure", (start, start + len("About 4,800")))
    assert not any(store.beside(p).exists() for p in paths)  # within the autosave delay
    previous = messages.install_crash_hook(window.save_all)
    try:
        for _ in range(2):
            try:
                raise RuntimeError("a slot went wrong")
            except RuntimeError:
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert all(store.beside(p).exists() for p in paths)
    errors = [text for level, text in said if level is messages.Level.ERROR]
    assert len(errors) == 1
    assert "a slot went wrong" in errors[0] and "notes were saved" in errors[0]
    assert window.alert.isVisible() and window.alert.label.text() == errors[0]


def test_the_desktop_session_ending_saves_every_article(window, qtbot, tmp_path):
    from annotator.ui.app import commit_data

    path = tmp_path / "one.txt"
    path.write_text(texts.SCRAPED, encoding="utf-8")
    page = window.open_path(path)
    start = texts.SCRAPED.index("About 4,800")
    page.session.mark("figure", (start, start + len("About 4,800")))

    class Manager:
        released = False

        def release(self) -> None:
            self.released = True

    manager = Manager()
    commit_data(window, manager)
    assert manager.released and store.beside(Path(path)).exists()

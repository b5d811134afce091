"""Starting the window: the article's text first, the rest of the window a turn later."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator import store
from annotator.ui.main_window import MainWindow
from tests.ui.test_window import drag_select, on_disk, span_of, write_article

TEXT = (
    "The harbour ferry will stop at the new pier from Monday, the operator said.\n\n"
    "“We have waited for this for ten years,” said Ines Moreau, who runs the café.\n\n"
    "Fares will rise by 33% to £4.20 from 1 May, according to the council.\n"
)

# What the article's text does without: the sidecar, the passages and their anchoring,
# the suggestions' detector, the exporters and every reader's library.
HEAVY = (
    "annotator.store", "annotator.anchoring", "annotator.article", "annotator.suggest",
    "annotator.quotes", "annotator.figures", "annotator.export", "annotator.ui.session",
    "annotator.ui.annotation_panel", "annotator.ui.menus", "charset_normalizer", "docx",
    "lxml", "rapidfuzz", "edlib", "trafilatura", "pypdf", "orjson", "ahocorasick", "filelock",
)  # fmt: skip

# Starts the program as `annotator ARTICLE` does, and at the end of the first paint of
# the article prints what that paint showed and which modules were loaded by then.
CHILD = """
import json, os, sys
from annotator import entry
from annotator.ui.article_view import ArticleView

paint = ArticleView.paintEvent

def paint_and_report(view, event):
    paint(view, event)
    shown = view.document().toPlainText()
    if shown:
        print(json.dumps({"shown": shown, "modules": sorted(sys.modules)}), flush=True)
        os._exit(0)

ArticleView.paintEvent = paint_and_report
entry.main([sys.argv[1]])
"""


# Starts the program the same way, and once the session has made ready for its first
# save (off the UI thread), prints which modules are loaded by then.
CHILD_READY = """
import json, os, sys
from annotator import entry
from annotator.ui.autosave import Autosaving

warmed = Autosaving._warmed

def warmed_and_report(session, task):
    warmed(session, task)
    print(json.dumps({"modules": sorted(sys.modules)}), flush=True)
    os._exit(0)

Autosaving._warmed = warmed_and_report
entry.main([sys.argv[1]])
"""


def first_paint(article: Path, tmp_path: Path, child: str = CHILD) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    result = subprocess.run(
        [sys.executable, "-c", child, str(article)],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_first_paint_shows_the_text_before_anything_heavy_is_loaded(tmp_path):
    article = write_article(tmp_path, TEXT)
    window = MainWindow()  # a sidecar with a passage, as a reporter's article has
    try:
        page = window.open_path(article)
        page.session.mark("claim", (4, 17))
        assert page.session.save()
    finally:
        window.close()
        window.deleteLater()
    assert len(on_disk(article)) == 1
    painted = first_paint(article, tmp_path)
    assert painted["shown"] == TEXT
    loaded = set(painted["modules"])
    assert "annotator.ui.article_view" in loaded  # (the child did start the program)
    assert [name for name in HEAVY if name in loaded] == []


def test_what_the_first_save_needs_is_loaded_off_the_ui_thread_before_it(tmp_path):
    """Importing the lock's library on the first save held the window still for 60-100 ms
    as she typed her first note: it is loaded beforehand, on a worker, once shown."""
    article = write_article(tmp_path, TEXT)
    ready = first_paint(article, tmp_path, CHILD_READY)
    assert "filelock" in ready["modules"]
    assert not store.beside(article).exists()  # (no save had loaded it)


def staged_window(qtbot, article: Path) -> tuple[MainWindow, object]:
    window = MainWindow(staged=True)
    qtbot.addWidget(window)
    view = window.open_first(article)
    window.show()
    return window, view


def test_the_text_comes_first_then_the_window_is_built_around_the_same_view(qtbot, tmp_path):
    article = write_article(tmp_path, TEXT)
    window, view = staged_window(qtbot, article)
    assert view is not None and view.text == TEXT
    assert not window.is_ready and window.pages() == []
    assert window.menuBar().actions() == []  # no menus yet: they follow the paint
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: len(window.pages()) == 1)
    page = window.page
    assert page.view is view and view.document().toPlainText() == TEXT
    assert view.isVisible() and page.panel.isVisible()
    assert view.width() < window.width() * 0.8  # beside the panel now, not full width
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[:2] == ["&File", "&Edit"]
    # The window works as a window opened at once does: mark a passage with its key.
    start, end = drag_select(view, TEXT, "the new pier")
    QTest.keyClick(view, Qt.Key.Key_1)
    page.session.save()
    assert [span_of(a) for a in on_disk(article)] == [(start, end)]


def test_an_article_changed_between_the_stages_is_read_again(qtbot, tmp_path):
    article = write_article(tmp_path, TEXT)
    window, view = staged_window(qtbot, article)
    changed = TEXT.replace("Monday", "next Tuesday")
    article.write_text(changed, encoding="utf-8")
    page = window.finish_start()  # (before the first paint, as a slow display may)
    assert page is not None and page.view is view
    assert page.session.article.text == changed == view.document().toPlainText()


def test_an_article_that_cannot_be_read_is_said_once_the_window_is_ready(qtbot, tmp_path, said):
    article = tmp_path / "notes.txt"
    article.write_bytes(b"\x00\x01binary")
    window, view = staged_window(qtbot, article)
    assert view is None
    window.finish_start()
    qtbot.waitUntil(lambda: bool(said))
    assert window.pages() == [] and window.is_ready
    assert "Cannot open the article" in said[-1][1]


def test_unreadable_notes_leave_no_text_behind_and_are_not_overwritten(qtbot, tmp_path, said):
    article = write_article(tmp_path, TEXT)
    sidecar = store.beside(article)
    sidecar.write_text("{not json", encoding="utf-8")
    window, view = staged_window(qtbot, article)
    assert view is not None
    assert window.finish_start() is None
    assert window.pages() == [] and window.stack.currentWidget() is window.empty
    assert "cannot be read" in said[-1][1]
    assert sidecar.read_text(encoding="utf-8") == "{not json"

"""One window: a second `annotator FILE` opens a tab in the running window; tabs and the
story's folder come back on relaunch; Open Recent names each file's folder."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from annotator.ui import reopening, single_instance
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import Settings

TEXT = "The river rose 3 metres overnight, the mayor said.\n"


def article(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(TEXT, encoding="utf-8")
    return path


def listening(window) -> single_instance.Listener:
    """What `app.start` gives the first window: a listener that opens what it is handed."""
    listener = single_instance.Listener(
        lambda files: single_instance.bring_forward(window, files), window
    )
    assert listener.listen()
    return listener


@pytest.mark.slow
def test_a_second_start_opens_a_tab_in_the_running_window(window, qtbot, tmp_path):
    first, second = article(tmp_path, "first.txt"), article(tmp_path / "flood", "second.txt")
    window.open_path(first)
    listening(window)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", str(second)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=30000)
    _out, err = process.communicate()
    assert process.returncode == 0, err
    assert time.monotonic() - started < 30
    assert [page.path for page in window.pages()] == [first, second]
    assert window.session.path == second  # shown, in front


@pytest.mark.slow
def test_a_second_start_with_no_file_only_raises_the_window(window, qtbot, tmp_path):
    window.open_path(article(tmp_path, "first.txt"))
    listening(window)
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator"],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stderr=subprocess.PIPE,
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=30000)
    assert process.returncode == 0, process.stderr.read()
    assert window.tabs.count() == 1


def test_a_stale_socket_from_a_crash_is_replaced(window, qtbot):
    name = single_instance.server_name()
    path = Path(QDir.tempPath()) / name
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))  # bound, never listened on: what a killed window leaves
    stale.close()
    assert path.exists()
    listener = listening(window)
    assert listener.server.fullServerName() == str(path)
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.connect(str(path))  # it listens now
    probe.close()
    other = single_instance.Listener(lambda files: None)
    assert not other.listen()  # a live window's socket is left alone
    assert listener.server.isListening()
    listener.close()


def test_the_server_name_is_per_user_unless_named(monkeypatch):
    monkeypatch.delenv(single_instance.SERVER_ENV)
    name = single_instance.server_name()
    assert name == f"annotator-{os.getuid()}"
    assert len(name) < 60  # a socket path must stay short
    monkeypatch.setenv(single_instance.SERVER_ENV, "elsewhere")
    assert single_instance.server_name() == "elsewhere"


def test_tabs_and_the_current_one_come_back_and_the_missing_are_named_once(
    window, qtbot, tmp_path, said
):
    a, b, c = (article(tmp_path / "flood", name) for name in ("a.txt", "b.txt", "c.txt"))
    for path in (a, b, c):
        window.open_path(path)
    window.tabs.setCurrentIndex(0)
    window.close_page(window._page_at(2))
    window.open_path(c)
    window.tabs.setCurrentWidget(window.pages()[1])  # b
    window.close()
    b.unlink()

    again = MainWindow(Settings())
    qtbot.addWidget(again)
    said.clear()
    assert reopening.restore(again) == [a, c]
    assert [page.path for page in again.pages()] == [a, c]
    gone = [text for _level, text in said if "b.txt" in text]
    assert len(gone) == 1 and "no longer" in gone[0]
    assert again.session.path == a  # b was current and is gone: the first stays
    assert again.story.folder == tmp_path / "flood"


def test_the_story_folder_comes_back_with_no_article_open(window, qtbot, tmp_path):
    a = article(tmp_path / "flood", "a.txt")
    window.open_path(a)
    window.close_page(window.page)
    assert window.tabs.count() == 0 and window.story.folder == a.parent
    again = MainWindow(Settings())
    qtbot.addWidget(again)
    assert reopening.restore(again) == []
    assert again.story.folder == a.parent


def test_open_recent_names_the_folder_of_files_of_the_same_name(
    window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOME", str(tmp_path))
    one = article(tmp_path / "stories" / "flood", "article.txt")
    two = article(tmp_path / "stories" / "fire", "article.txt")
    outside = article(tmp_path.parent / f"{tmp_path.name}-else", "x & y.txt")
    for path in (one, two, outside):
        window.open_path(path)
    window.fill_recent()
    texts = [a.text() for a in window.menus.recent_menu.actions() if a.isEnabled()]
    assert texts[:3] == [
        f"x && y.txt — {outside.parent}",
        "article.txt — ~/stories/fire",
        "article.txt — ~/stories/flood",
    ]
    window.menus.recent_menu.actions()[2].trigger()
    assert window.session.path == one


# The real start-up, as `annotator FILE` and then `annotator` run it, in child processes
# sharing this test's settings folder.
START = r"""
import json, os, sys
from pathlib import Path
from annotator.ui import app

files = [Path(name) for name in sys.argv[1:]]
qapp, window = app.start(files[0] if files else None)
if not window.is_ready:  # the window's second stage, as the event loop's first turn builds it
    from PySide6.QtCore import QEventLoop
    loop = QEventLoop()
    window.ready.connect(loop.quit)
    loop.exec()
for path in files[1:]:
    window.open_path(path)
window.settings.sync()
print(json.dumps([str(page.path) for page in window.pages()] + [str(window.session.path)]))
sys.stdout.flush()
os._exit(0)
"""


@pytest.mark.slow
def test_started_on_its_own_the_window_reopens_last_times_tabs(tmp_path):
    a, b = article(tmp_path / "flood", "a.txt"), article(tmp_path / "flood", "b.txt")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def start(*files: Path) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", START, *map(str, files)],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert start(a, b) == [str(a), str(b), str(b)]
    assert start() == [str(a), str(b), str(b)]  # the tabs, and the current one
    c = article(tmp_path / "fire", "c.txt")
    assert start(c) == [str(c), str(c)]  # started on a file: that file

"""Figures of the window: start-up, opening a long article, marking a passage, peak memory.

Every figure runs in child processes with their own settings and data folders, so a run
never touches the user's. Start-up and memory start `benchmarks/launch.py` afresh each
run; opening and marking run in one child (`python -m benchmarks.window open|mark …`)
that prints its timings as JSON.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import data
from benchmarks.harness import Figure

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

    from annotator.ui.article_view import ArticleView
    from annotator.ui.offsets import Offsets
    from benchmarks.engine import Workspace

STARTUP_SIZE = 50_000  # code points: a long newspaper feature
STARTUP_PASSAGES = 50  # as dense as 10,000 passages on 10 MB
LAUNCH = Path(__file__).with_name("launch.py")
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 600  # seconds a child may take before the suite gives up on it


def figures(space: Workspace, runs: int) -> Iterator[Figure]:
    """Every window figure, one at a time."""
    with tempfile.TemporaryDirectory(prefix="annotator-window-") as folder:
        env = _environment(Path(folder))
        small = _small_article(space, Path(folder))
        yield _startup(small, env, runs)
        yield _open(space, small, env, runs)
        yield _mark(space, Path(folder), env, runs)
        yield _memory(space, env, runs)
        from benchmarks import long_paragraph

        yield long_paragraph.figure(space, Path(folder), env, runs)


# -- the parent side -------------------------------------------------------------------


def _environment(folder: Path) -> dict[str, str]:
    """Offscreen Qt, private settings and data, and bytecode cached as when installed."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(folder / name.lower())
    # An installed program starts from compiled bytecode: let the children write it
    # (into the run's own folder, not the source tree) and read it on later runs.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    env["ANNOTATOR_SERVER"] = f"annotator-bench-{os.getpid()}"  # never hand over to hers
    return env


def _small_article(space: Workspace, folder: Path) -> Path:
    from annotator import store
    from annotator.document import read_document

    text = data.article(STARTUP_SIZE)
    path = folder / "feature.txt"
    path.write_text(text, encoding="utf-8")
    sidecar = data.sidecar(text, STARTUP_PASSAGES)
    store.bind(sidecar, read_document(path))
    store.save(sidecar, path)
    return path


def _launch(mode: str, article: Path, env: dict[str, str], *options: str) -> tuple[float, int]:
    """Wall time from Popen to exit (which comes at the first paint), and peak KiB."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(LAUNCH), mode, str(article), *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = child.communicate(timeout=TIMEOUT)
    elapsed = time.perf_counter() - started
    if child.returncode != 0 or "peak-kib" not in out:
        raise RuntimeError(f"launch.py {mode} failed ({child.returncode}):\n{err[-2000:]}")
    return elapsed, int(out.split("peak-kib", 1)[1].split()[0])


def _startup(article: Path, env: dict[str, str], runs: int) -> Figure:
    for mode in ("bare", "ours"):  # untimed: compile bytecode, fill the file cache
        _launch(mode, article, env)
    times: dict[str, list[float]] = {"bare": [], "ours": []}
    for _ in range(3 * runs):  # a launch is short and its time scattered: take more
        for mode in times:
            times[mode].append(_launch(mode, article, env)[0])
    return Figure(
        f"start-up to first paint, {STARTUP_SIZE // 1000} KB, {STARTUP_PASSAGES} passages",
        statistics.median(times["ours"]),
        statistics.median(times["bare"]),
        1.3,
        note=f"floor: bare QMainWindow + QPlainTextEdit script; median of {3 * runs}",
        key="startup",
    )


def _memory(space: Workspace, env: dict[str, str], runs: int) -> Figure:
    peaks: dict[str, list[int]] = {"bare": [], "ours": []}
    for _ in range(runs):
        for mode in peaks:
            # Ours once its passages are open too: its first paint shows the text alone.
            peaks[mode].append(_launch(mode, space.article, env, "--ready")[1])
    megabytes = {mode: statistics.median(values) / 1024 for mode, values in peaks.items()}
    return Figure(
        f"peak memory, {_size(space)} with {_count(space)} passages open",
        megabytes["ours"],
        megabytes["bare"],
        1.5,
        unit="MB",
        note="floor: bare setPlainText of the text, at its first paint; ours once ready",
        key="memory",
    )


def _child(env: dict[str, str], *arguments: object) -> dict[str, list[float]]:
    """Run this module's child side and return the timings it prints."""
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.window", *map(str, arguments)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if child.returncode != 0:
        raise RuntimeError(f"benchmarks.window {arguments[0]} failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def _open(space: Workspace, small: Path, env: dict[str, str], runs: int) -> Figure:
    times = _child(env, "open", space.article, space.sidecar_path, small, runs)
    return Figure(
        f"open {_size(space)} with {_count(space)} passages, to paint",
        statistics.median(times["ours"]),
        statistics.median(times["floor"]),
        1.5,
        note="floor: read + setPlainText + orjson.loads of the sidecar, to first paint",
        key="open",
    )


def _mark(space: Workspace, folder: Path, env: dict[str, str], runs: int) -> Figure:
    # Copies: the marks are saved, and the other figures need the sidecar as it was.
    marked = folder / "marked"
    marked.mkdir()
    busy = marked / space.article.name
    shutil.copyfile(space.article, busy)
    shutil.copyfile(space.sidecar_path, marked / space.sidecar_path.name)
    empty = marked / f"unmarked-{space.article.name}"
    shutil.copyfile(space.article, empty)
    marks = max(3, 4 * runs)
    times = _child(env, "mark", busy, empty, marks)
    return Figure(
        f"mark one passage among {_count(space)}, key to paint (growth)",
        statistics.median(times["ours"]),
        statistics.median(times["floor"]),
        1.5,
        note=f"growth over the same mark among none, not a floor; median of {marks} marks",
        key="mark",
    )


def _size(space: Workspace) -> str:
    size = space.article.stat().st_size
    return f"{size / 1e6:.0f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"


def _count(space: Workspace) -> str:
    return f"{len(space.sidecar.annotations):,}"


# -- the child side: a QApplication that opens and marks --------------------------------


def _application() -> QApplication:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import configure

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QStandardPaths.setTestModeEnabled(True)
    configure(app)
    return app


class _Paint:
    """Waits for the end of a widget's next paint; also checks what that paint showed."""

    def __init__(self, app: QApplication) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.app = app
        self.done = False
        paint = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() != QEvent.Type.Paint:
                    return False
                watched.removeEventFilter(self)
                app.sendEvent(watched, event)  # the paint itself, then we know it is done
                paint.done = True
                return True

        self.filter = Filter()

    def wait(self, widget: QWidget, timeout: float = 120.0) -> None:
        """Process events until `widget` has painted, then what was already due."""
        from PySide6.QtCore import QEventLoop

        self.done = False
        widget.installEventFilter(self.filter)
        limit = time.perf_counter() + timeout
        while not self.done:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if time.perf_counter() > limit:
                raise RuntimeError("no paint within the time limit")
        self.app.processEvents()  # anything posted for right after the paint


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def _release(app: QApplication) -> None:
    """Delete what was closed, as the event loop would between two user actions."""
    import gc

    from PySide6.QtCore import QEvent

    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    _settle(app)


def _check_highlights(view: ArticleView) -> None:
    """Fail loudly when a passage in view was painted without its highlight."""
    block = view.firstVisibleBlock()
    bottom = view.viewport().height()
    offset = view.contentOffset()
    shown = 0
    while block.isValid() and view.blockBoundingGeometry(block).translated(offset).top() < bottom:
        if view.highlighter.spans(block.blockNumber()):
            if not block.layout().formats():
                raise RuntimeError(f"block {block.blockNumber()} was painted without highlights")
            shown += 1
        block = block.next()
    if not shown:
        raise RuntimeError("no highlighted passage in view at first paint: nothing was checked")


def _time_open(article: Path, sidecar: Path, small: Path, runs: int) -> dict[str, list[float]]:
    """Open the article in the window, against reading it into a bare QPlainTextEdit."""
    import orjson
    from PySide6.QtWidgets import QMainWindow, QPlainTextEdit, QWidget

    from annotator.ui.main_window import MainWindow

    app = _application()
    window = MainWindow()
    window.brief.offer_to_open = False
    window.show()
    bare = QMainWindow()
    bare.resize(window.size())
    bare.show()
    _settle(app)
    paint = _Paint(app)

    def floor(path: Path, notes: Path) -> float:
        started = time.perf_counter()
        text = path.read_text(encoding="utf-8")
        orjson.loads(notes.read_bytes())  # the JSON library the program reads it with
        edit = QPlainTextEdit()
        edit.setPlainText(text)
        bare.setCentralWidget(edit)
        paint.wait(edit.viewport())
        elapsed = time.perf_counter() - started
        bare.setCentralWidget(QWidget())  # deletes the text edit
        _release(app)
        return elapsed

    def ours(path: Path) -> float:
        started = time.perf_counter()
        page = window.open_path(path)
        assert page is not None, f"{path} did not open"
        paint.wait(page.view.viewport())
        elapsed = time.perf_counter() - started
        _check_highlights(page.view)
        window.close_page(page)
        del page
        _release(app)
        return elapsed

    floor(small, small.with_name(small.name + ".annotations.json"))  # warm up both
    ours(small)
    times: dict[str, list[float]] = {"floor": [], "ours": []}
    for _ in range(runs):
        times["floor"].append(floor(article, sidecar))
        times["ours"].append(ours(article))
    return times


def _time_marks(busy: Path, empty: Path, marks: int) -> dict[str, list[float]]:
    """Select a span in view and press a tag's key, until the article is repainted.

    Both articles are open in tabs and marked in turn, so that a slower moment of the
    machine falls on both alike; switching tabs and selecting are not timed.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.ui.main_window import MainWindow

    app = _application()
    window = MainWindow()
    window.brief.offer_to_open = False
    window.show()
    _settle(app)
    paint = _Paint(app)
    pages = {}
    for name, path in (("floor", empty), ("ours", busy)):
        pages[name] = window.open_path(path)
        assert pages[name] is not None, f"{path} did not open"
        paint.wait(pages[name].view.viewport())
    times: dict[str, list[float]] = {name: [] for name in pages}
    rng = random.Random(5)
    for _ in range(marks + 1):  # the first of each is a warm-up
        start = rng.randrange(len(pages["ours"].session.article.text) - 400)
        length = rng.randint(20, 120)
        for name, page in pages.items():
            window.tabs.setCurrentWidget(page)
            view, text = page.view, page.session.article.text
            first = text.find(" ", start) + 1
            end = text.find(" ", first + length)
            select(app, view, view.offsets, first, end)
            before = page.session.model.rowCount()
            started = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_1)
            paint.wait(view.viewport())
            times[name].append(time.perf_counter() - started)
            assert page.session.model.rowCount() == before + 1, "the key did not mark a passage"
            block = view.document().findBlock(view.offsets.to_qt(first))
            if not block.layout().formats():
                raise RuntimeError("the new passage was painted without its highlight")
    for name, page in pages.items():
        del times[name][0]
        page.session.save()
        window.close_page(page)
    return times


def select(app: QApplication, widget: QPlainTextEdit, offsets: Offsets, first: int, end: int):
    """Select [first, end) (code points) in a text edit, in view, as a drag would; the
    cursor."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(widget.document())
    cursor.setPosition(offsets.to_qt(first))
    widget.setTextCursor(cursor)
    widget.centerCursor()
    cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    widget.setTextCursor(cursor)
    _settle(app)
    return cursor


def main(argv: list[str]) -> int:
    """The child side: `open ARTICLE SIDECAR SMALL RUNS` or `mark BUSY EMPTY MARKS`."""
    command, *rest = argv
    if command == "open":
        article, sidecar, small, runs = rest
        times = _time_open(Path(article), Path(sidecar), Path(small), int(runs))
    elif command == "mark":
        busy, empty, marks = rest
        times = _time_marks(Path(busy), Path(empty), int(marks))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(times), flush=True)
    sys.stdout.flush()
    os._exit(0)  # no teardown of a window holding 10 MB: nothing is measured after this


if __name__ == "__main__":
    main(sys.argv[1:])

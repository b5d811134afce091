"""Figures of the window's responsiveness with 10,000 passages open.

- the passage list's search and tag filter, per keystroke or choice, and its sorting by a
  column (a header click), to the end of the list's next paint, against Qt's own
  QSortFilterProxyModel doing the same match or sort on the same rows (a
  QStandardItemModel holding them), turn about in one window;
- how long an autosave blocks the UI thread, against a frame (16 ms);
- the longest the event loop stalls while she types a note, while it saves, and while
  the article changes on disk and is re-anchored, against the longest stall of the same
  window left idle as long (the machine's own noise); reported, with 50 ms as the mark;
- switching to the tab of the long article and scrolling it a page, to the end of the
  article's next paint, against a QTabWidget of two bare QPlainTextEdits holding the
  same texts doing the same, turn about in one process.

Each runs in a child process (`python -m benchmarks.responsiveness filter|stalls …`)
with its own settings, as the other window figures do.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.harness import Figure
from benchmarks.window import ROOT, TIMEOUT, _application, _environment, _Paint, _settle

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from benchmarks.engine import Workspace

FRAME = 0.016  # seconds: one frame at 60 Hz, what an autosave may take of the UI thread
STALL_MARK = 0.050  # seconds: what typing, saving and re-anchoring must never freeze it for
TYPED = "passage 42"  # narrows the list keystroke by keystroke, as a search does
HEARTBEAT_MS = 1
STALL_SESSIONS = 3  # windows opened anew, each typed in, saved and its article changed
IDLE_S = 2.5  # seconds the opened window is left before the typing (see `_time_stalls`)


def figures(space: Workspace, runs: int) -> Iterator[Figure]:
    """Every responsiveness figure, one at a time."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="annotator-responsive-") as folder:
        env = _environment(Path(folder))
        copy = Path(folder) / space.article.name  # saved into: a copy, as for marking

        def fresh_copy() -> None:
            copy.write_bytes(space.article.read_bytes())
            sidecar = copy.with_name(copy.name + ".annotations.json")
            sidecar.write_bytes(space.sidecar_path.read_bytes())

        fresh_copy()

        def child(*arguments: object) -> dict:
            run = subprocess.run(
                [sys.executable, "-m", "benchmarks.responsiveness", *map(str, arguments)],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT,
            )  # fmt: skip
            if run.returncode != 0:
                raise RuntimeError(f"benchmarks.responsiveness failed:\n{run.stderr[-3000:]}")
            return json.loads(run.stdout.strip().splitlines()[-1])

        count = f"{len(space.sidecar.annotations):,}"
        times = child("filter", copy, runs)
        yield Figure(
            f"search the list of {count}, per keystroke",
            statistics.median(times["search-ours"]),
            statistics.median(times["search-floor"]),
            1.3,
            note=f"floor: Qt's QSortFilterProxyModel, same match, same rows; {TYPED!r} typed",
            key="search",
        )
        yield Figure(
            f"filter the list of {count} by tag",
            statistics.median(times["tag-ours"]),
            statistics.median(times["tag-floor"]),
            1.3,
            note="floor: Qt's QSortFilterProxyModel on the same tags; each tag in turn",
            key="filter-tag",
        )
        yield Figure(
            f"sort the list of {count} by a column",
            statistics.median(times["sort-ours"]),
            statistics.median(times["sort-floor"]),
            1.3,
            note="floor: Qt's QSortFilterProxyModel sorting the same rows by the text shown; "
            "tag, status, note, then the article's order",
            key="sort",
        )
        browsing = child("browse", copy, runs)
        for what, key in (("switch to its tab", "tab-switch"), ("scroll it a page", "scroll")):
            ours, floor = browsing[f"{key}-ours"], browsing[f"{key}-floor"]
            yield Figure(
                f"{what}, {count} passages, to paint",
                statistics.median(ours),
                statistics.median(floor),
                None,
                note=f"floor: bare QPlainTextEdit, same text; worst {max(ours) * 1000:.0f} ms; "
                f"mark {STALL_MARK * 1000:.0f} ms",
                key=key,
            )
        sessions = []
        for _ in range(STALL_SESSIONS):  # rare stalls are the ones that matter: look often
            fresh_copy()  # (each changes the article on disk)
            sessions.append(child("stalls", copy, runs))
        blocks = [block for session in sessions for block in session["autosave"]]
        yield Figure(
            f"UI thread blocked by an autosave of {count}",
            statistics.median(blocks),
            FRAME,
            1.0,
            note=f"floor: a frame; worst of {len(blocks)} saves {max(blocks) * 1000:.1f} ms",
            key="autosave-ui",
        )
        idle = max(session["idle"] for session in sessions)
        for phase, key in (
            ("typing a note", "stall-typing"),
            ("saving", "stall-saving"),
            ("the article changed on disk, re-anchored", "stall-reread"),
            ("the article changed throughout, re-anchored", "stall-throughout"),
        ):
            each = ", ".join(f"{session[key] * 1000:.0f}" for session in sessions)
            yield Figure(
                f"longest stall: {phase}",
                max(session[key] for session in sessions),
                idle,
                None,
                note=f"worst of {len(sessions)} sessions ({each} ms); floor: the same window "
                f"idle as long; mark {STALL_MARK * 1000:.0f} ms",
                key=key,
            )


# -- the child side ----------------------------------------------------------------------


def _open(app: QApplication, article: Path):
    from annotator.ui.main_window import MainWindow

    window = MainWindow()
    window.brief.offer_to_open = False
    window.resize(1180, 760)
    window.show()
    _settle(app)
    page = window.open_path(article)
    assert page is not None, f"{article} did not open"
    _Paint(app).wait(page.view.viewport())
    _settle(app)
    return window, page


def _floor_model(page):
    """Qt's own filter over a model of its own holding the same rows as the panel."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    from annotator.folding import fold
    from annotator.ui import qt_models

    model = page.session.model
    standard = QStandardItemModel(0, len(qt_models.HEADERS))
    haystack_role, tag_role = Qt.ItemDataRole.UserRole + 2, Qt.ItemDataRole.UserRole + 3
    for row, annotation in enumerate(model.annotations):
        items = []
        for column in range(len(qt_models.HEADERS)):
            item = QStandardItem(model.data(model.index(row, column)))
            items.append(item)
        items[0].setData(
            fold(f"{annotation.exact}\n{annotation.note}", ignore_case=True), haystack_role
        )
        items[0].setData(annotation.tag, tag_role)
        standard.appendRow(items)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(standard)
    proxy.setFilterKeyColumn(0)
    return standard, proxy, haystack_role, tag_role


def _time_filters(article: Path, runs: int) -> dict[str, list[float]]:
    """Type a search and choose each tag, in the panel and in Qt's own proxy, turn about."""
    from PySide6.QtCore import QRegularExpression, Qt

    from annotator.folding import fold
    from annotator.ui import qt_models
    from annotator.ui.passage_list import table as _table

    app = _application()
    _window, page = _open(app, article)
    panel = page.panel
    _standard, proxy, haystack_role, tag_role = _floor_model(page)
    floor_view = _table("Floor", proxy)
    floor_view.resize(panel.list.size())
    floor_view.show()
    _settle(app)
    paint = _Paint(app)
    ASCENDING = Qt.SortOrder.AscendingOrder

    def timed(change, view) -> float:
        started = time.perf_counter()
        change()
        view.viewport().update()  # painted again even where no row came or went
        paint.wait(view.viewport())
        return time.perf_counter() - started

    def floor_search(typed: str) -> None:
        words = fold(typed, ignore_case=True).split()
        pattern = r"\A" + "".join(f"(?=.*{re.escape(word)})" for word in words)  # all words
        proxy.setFilterRole(haystack_role)
        expression = QRegularExpression(
            pattern, QRegularExpression.PatternOption.DotMatchesEverythingOption
        )
        proxy.setFilterRegularExpression(expression)

    def floor_tag(tag: str | None) -> None:
        proxy.setFilterRole(tag_role)
        proxy.setFilterRegularExpression(QRegularExpression(f"^{re.escape(tag)}$" if tag else ""))

    times: dict[str, list[float]] = {
        k: []
        for k in ("search-ours", "search-floor", "tag-ours", "tag-floor", "sort-ours", "sort-floor")
    }
    tags = [panel.tag_filter.itemData(i) for i in range(panel.tag_filter.count())]
    for run in range(runs + 1):  # the first is a warm-up
        for length in range(1, len(TYPED) + 1):
            ours = timed(lambda n=length: panel.search.setText(TYPED[:n]), panel.list)
            floor = timed(lambda n=length: floor_search(TYPED[:n]), floor_view)
            if run:
                times["search-ours"].append(ours)
                times["search-floor"].append(floor)
        if proxy.rowCount() != panel.found.rowCount():
            raise RuntimeError(f"floor shows {proxy.rowCount()}, ours {panel.found.rowCount()}")
        panel.search.setText("")
        floor_search("")
        _settle(app)
        for index, tag in enumerate(tags[1:] + tags[:1], start=1):
            choice = index % len(tags)
            ours = timed(lambda i=choice: panel.tag_filter.setCurrentIndex(i), panel.list)
            floor = timed(lambda t=tag: floor_tag(t), floor_view)
            if proxy.rowCount() != panel.found.rowCount():
                raise RuntimeError(
                    f"tag {tag}: floor {proxy.rowCount()}, ours {panel.found.rowCount()}"
                )
            if run:
                times["tag-ours"].append(ours)
                times["tag-floor"].append(floor)
        for column in (qt_models.TAG, qt_models.STATUS, qt_models.NOTE, qt_models.QUOTE):
            ours = timed(lambda c=column: panel.list.sortByColumn(c, ASCENDING), panel.list)
            floor = timed(lambda c=column: floor_view.sortByColumn(c, ASCENDING), floor_view)
            if run:
                times["sort-ours"].append(ours)
                times["sort-floor"].append(floor)
        if panel.visible_ids() != [a.id for a in page.session.model.annotations]:
            raise RuntimeError("sorted by Passage, the list is not in the article's order")
    return times


def _time_browsing(article: Path, runs: int) -> dict[str, list[float]]:
    """Switch tabs to the long article and scroll it page by page, in the window and in
    a bare QTabWidget of QPlainTextEdits holding the same texts, turn about."""
    from PySide6.QtWidgets import QPlainTextEdit, QTabWidget

    app = _application()
    window, page = _open(app, article)
    other = article.with_name("short-note.txt")
    other.write_text("A short note beside the long report.\n" * 40, encoding="utf-8")
    second = window.open_path(other)
    floor = QTabWidget()
    edits = []
    for path in (article, other):
        edit = QPlainTextEdit()
        edit.setReadOnly(True)
        edit.setPlainText(path.read_text(encoding="utf-8"))
        floor.addTab(edit, path.name)
        edits.append(edit)
    floor.resize(page.view.size())
    floor.show()
    _settle(app)
    paint = _Paint(app)

    def timed(change, widget) -> float:
        started = time.perf_counter()
        change()
        paint.wait(widget.viewport())
        return time.perf_counter() - started

    times: dict[str, list[float]] = {
        k: [] for k in ("tab-switch-ours", "tab-switch-floor", "scroll-ours", "scroll-floor")
    }
    for run in range(runs + 1):  # the first is a warm-up
        for _ in range(4):
            window.tabs.setCurrentWidget(second)
            floor.setCurrentIndex(1)
            _settle(app)
            ours = timed(lambda: window.tabs.setCurrentWidget(page), page.view)
            bare = timed(lambda: floor.setCurrentIndex(0), edits[0])
            if run:
                times["tab-switch-ours"].append(ours)
                times["tab-switch-floor"].append(bare)
        for view in (page.view, edits[0]):  # somewhere else in the article each run
            bar = view.verticalScrollBar()
            bar.setValue(bar.maximum() * run // (runs + 1))
        _settle(app)
        for _ in range(10):
            for view, key in ((page.view, "scroll-ours"), (edits[0], "scroll-floor")):
                bar = view.verticalScrollBar()
                took = timed(lambda b=bar: b.setValue(b.value() + b.pageStep()), view)
                if run:
                    times[key].append(took)
    return times


class _Heartbeat:
    """A timer ticking every millisecond; the longest gap between ticks is the longest the
    event loop could not run (a stall), by the phase it fell in."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.phase = "idle"
        self.longest: dict[str, float] = {}
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._beat)
        self._timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        stall = now - self._last - HEARTBEAT_MS / 1000
        self.longest[self.phase] = max(self.longest.get(self.phase, 0.0), stall)
        self._last = now

    def enter(self, phase: str) -> None:
        self._beat()  # the gap so far belongs to the phase before
        self.phase = phase


def _run_until(app: QApplication, done, timeout: float = 120.0) -> None:
    from PySide6.QtCore import QEventLoop

    limit = time.perf_counter() + timeout
    while not done():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
        if time.perf_counter() > limit:
            raise RuntimeError("gave up waiting")


def _pump(app: QApplication, seconds: float) -> None:
    limit = time.perf_counter() + seconds
    _run_until(app, lambda: time.perf_counter() > limit, seconds + 5)


def _time_stalls(article: Path, runs: int) -> dict[str, object]:
    """Type a note, let it save, change the article on disk; the longest stall of each."""
    from PySide6.QtTest import QTest

    app = _application()
    _window, page = _open(app, article)
    session = page.session
    _pump(app, 2.0)  # what follows opening (the notes' bytes made off the UI thread)
    blocks: list[float] = []
    halves = [n for n in ("autosave", "_landed") if hasattr(session, n)] or ["save"]
    taken = dict.fromkeys(halves, 0.0)
    for name in taken:  # the UI thread's time in the two halves of a save
        real = getattr(session, name)

        def timed(*arguments, real=real, name=name):
            started = time.perf_counter()
            try:
                return real(*arguments)
            finally:
                taken[name] = time.perf_counter() - started

        setattr(session, name, timed)
    session._save_timer.timeout.disconnect()
    session._save_timer.timeout.connect(getattr(session, halves[0]))
    saved: list[object] = []
    session.saved.connect(saved.append)
    text = session.article.text
    # The two changes made on disk (made now: encoding 10 MB holds this thread 30 ms).
    added = "An editor's note added above the article.\n\n" + text
    changes = [added.encode("utf-8"), added.replace(" the ", " THE ").encode("utf-8")]
    heart = _Heartbeat()
    # Idle as long as she might look before typing: on the 10 MB article the searches
    # of its suggestions and clutter still run when she starts (a longer wait, as 1 s and
    # half a second a round gave with five rounds, let them end first: 3 ms stalls).
    _pump(app, IDLE_S)
    for run in range(runs):
        passage = session.model.annotations[(run * 1999) % session.model.rowCount()]
        page.panel.select(passage.id)
        _settle(app)
        page.panel.note.setFocus()
        heart.enter("typing")
        for char in " - checked":
            QTest.keyClick(page.panel.note, char)
            _pump(app, 0.05)  # about as fast as she types
        heart.enter("saving")
        before = len(saved)
        _run_until(app, lambda before=before: len(saved) > before)
        blocks.append(max(taken.values()))
        heart.enter("after")
        _pump(app, 0.3)
    reloaded: list[object] = []
    session.reloaded.connect(reloaded.append)
    # A paragraph added above (the passages found again where they moved), then a word
    # changed throughout (each of them found again approximately: seconds of re-anchoring).
    for phase, changed in zip(("article changed", "changed throughout"), changes, strict=True):
        go = threading.Event()
        # Written by another program (her editor), not by the window's UI thread: a thread
        # started beforehand (starting one waits for it to run), told to write now.
        writer = lambda go=go, changed=changed: go.wait() and article.write_bytes(changed)  # noqa: E731
        threading.Thread(target=writer).start()
        heart.enter(phase)
        before, shown = len(saved), len(reloaded)
        go.set()
        # Re-anchored, then saved.
        _run_until(
            app, lambda before=before, shown=shown: len(reloaded) > shown and len(saved) > before
        )
        _pump(app, 0.5)
        heart.enter("done")
    return {
        "autosave": blocks,
        "idle": heart.longest.get("idle", 0.0),
        "stall-typing": heart.longest.get("typing", 0.0),
        "stall-saving": heart.longest.get("saving", 0.0),
        "stall-reread": heart.longest.get("article changed", 0.0),
        "stall-throughout": heart.longest.get("changed throughout", 0.0),
    }


def main(argv: list[str]) -> int:
    """The child side: `filter|browse|stalls ARTICLE RUNS`."""
    command, article, runs = argv
    if command == "filter":
        result: dict = _time_filters(Path(article), int(runs))
    elif command == "browse":
        result = _time_browsing(Path(article), int(runs))
    elif command == "stalls":
        result = _time_stalls(Path(article), int(runs))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result), flush=True)
    sys.stdout.flush()
    os._exit(0)  # no teardown of a window holding 10 MB: nothing is measured after this


if __name__ == "__main__":
    main(sys.argv[1:])

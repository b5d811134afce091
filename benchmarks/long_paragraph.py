"""Marking a passage in an article that is one long paragraph (a scrape, a text file with
no line breaks), against a bare QPlainTextEdit doing the same colouring.

The article is the suite's generated text with every paragraph break turned into a
space: about 1 MB in one paragraph, with 2,000 passages. A mark is a span selected in
view and the tag's key pressed, to the end of the article's next paint; the floor is
the same span selected in a QPlainTextEdit holding the same text and given the same
colour with `QTextCursor.mergeCharFormat`, to the end of its next paint. The two are
marked turn about in one child process (`python -m benchmarks.long_paragraph mark …`).
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import data
from benchmarks.harness import Figure
from benchmarks.window import ROOT, TIMEOUT, _application, _Paint, _settle
from benchmarks.window import select as select_span

if TYPE_CHECKING:
    from benchmarks.engine import Workspace

SIZE = 1_000_000  # code points in the one paragraph (less when the suite's text is shorter)
DENSITY = 500  # code points per passage: 2,000 passages on 1 MB
MARK = 0.050  # seconds: what a mark must paint within (issues 13 and 14)


def figure(space: Workspace, folder: Path, env: dict[str, str], runs: int) -> Figure:
    """The figure "mark-long-paragraph"."""
    from annotator import store
    from annotator.document import read_document

    size = min(SIZE, len(space.text))
    text = data.article(size + size // 50).replace("\n\n", " ")[:size]
    path = folder / "one-paragraph.txt"
    path.write_text(text, encoding="utf-8")
    sidecar = data.sidecar(text, len(text) // DENSITY)
    store.bind(sidecar, read_document(path))
    store.save(sidecar, path)
    marks = max(3, 2 * runs)
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.long_paragraph", "mark", str(path), str(marks)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    if run.returncode != 0:
        raise RuntimeError(f"benchmarks.long_paragraph failed:\n{run.stderr[-3000:]}")
    times = json.loads(run.stdout.strip().splitlines()[-1])
    ours, floor = statistics.median(times["ours"]), statistics.median(times["floor"])
    shown = f"{size / 1e6:.0f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"
    within = sum(t <= MARK for t in times["ours"])
    return Figure(
        f"mark one of {len(sidecar.annotations):,} in a {shown} paragraph",
        ours,
        floor,
        1.0,
        note=(
            f"floor: bare QPlainTextEdit, same text, mergeCharFormat; median of {marks}; "
            f"{within} of {marks} within {MARK * 1000:.0f} ms, slowest {max(times['ours']) * 1000:.0f} ms"
        ),
        key="mark-long-paragraph",
    )


# -- the child side ----------------------------------------------------------------------


def _time_marks(path: Path, marks: int) -> dict[str, list[float]]:
    """Mark spans in the window and colour the same spans in a bare QPlainTextEdit, turn
    about; selecting and scrolling are not timed."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

    from annotator.ui.main_window import MainWindow

    app = _application()
    window = MainWindow()
    window.brief.offer_to_open = False
    window.show()
    _settle(app)
    paint = _Paint(app)
    page = window.open_path(path)
    assert page is not None, f"{path} did not open"
    paint.wait(page.view.viewport())
    view, text = page.view, page.session.article.text
    bare = QMainWindow()
    bare.resize(window.size())
    edit = QPlainTextEdit()
    edit.setReadOnly(True)  # as the article is; and never focused, so its cursor never
    edit.setTextInteractionFlags(view.textInteractionFlags())  # blinks (a blink repaints
    edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its whole block, into our timings)
    edit.setPlainText(text)
    bare.setCentralWidget(edit)
    bare.show()
    paint.wait(edit.viewport())
    colour = QTextCharFormat()
    colour.setBackground(QColor(page.session.model.sidecar.tags[0].color))

    def select(widget: QPlainTextEdit, first: int, end: int) -> QTextCursor:
        return select_span(app, widget, view.offsets, first, end)

    times: dict[str, list[float]] = {"floor": [], "ours": []}
    rng = random.Random(5)
    for _ in range(marks + 1):  # the first is a warm-up
        start = rng.randrange(len(text) - 400)
        first = text.find(" ", start) + 1
        end = text.find(" ", first + rng.randint(20, 120))
        cursor = select(edit, first, end)
        started = time.perf_counter()
        cursor.mergeCharFormat(colour)
        paint.wait(edit.viewport())
        times["floor"].append(time.perf_counter() - started)
        select(view, first, end)
        before = page.session.model.rowCount()
        started = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_1)
        paint.wait(view.viewport())
        times["ours"].append(time.perf_counter() - started)
        assert page.session.model.rowCount() == before + 1, "the key did not mark a passage"
        if not view.document().findBlock(view.offsets.to_qt(first)).layout().formats():
            raise RuntimeError("the new passage was painted without its highlight")
    for kept in times.values():
        del kept[0]
    page.session.save()
    window.close_page(page)
    return times


def main(argv: list[str]) -> int:
    """The child side: `mark ARTICLE MARKS`."""
    import os

    command, path, marks = argv
    if command != "mark":
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(_time_marks(Path(path), int(marks))), flush=True)
    os._exit(0)  # no teardown of the windows: nothing is measured after this


if __name__ == "__main__":
    main(sys.argv[1:])

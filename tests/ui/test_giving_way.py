"""What she does is painted before background work goes on: a passage picked in the list,
a note typed, suggestions arriving each ask workers that look to pause a moment."""

from __future__ import annotations

import gc
import threading
import time

from PySide6.QtCore import Qt

from annotator.ui import background
from annotator.ui.qt_models import ID_ROLE
from tests import texts
from tests.ui.test_window import open_in, write_article
from tests.ui.test_window_on_disk import mark


def paused_for(qtbot) -> float:
    """How long a worker looking now pauses (see `background.courtesy`), in seconds."""
    took: list[float] = []

    def look() -> None:
        started = time.monotonic()
        background.courtesy()
        took.append(time.monotonic() - started)

    threading.Thread(target=look).start()
    qtbot.waitUntil(lambda: bool(took), timeout=5000)
    return took[0]


def test_picking_a_passage_and_typing_its_note_make_workers_pause(window, qtbot, tmp_path):
    page = open_in(window, write_article(tmp_path, texts.SCRAPED))
    mark(qtbot, page, "Ines Moreau", "1")
    mark(qtbot, page, "the fuel bill doubled", "2")
    assert page.session.save()  # (an autosave landing asks for a pause of its own)
    background.give_way(0)
    qtbot.wait(150)
    assert paused_for(qtbot) < 0.05  # nothing asked: no pause

    panel = page.panel
    rows = panel.list.model()
    current = panel.current().id
    index = next(
        rows.index(row, 0)
        for row in range(rows.rowCount())
        if rows.index(row, 0).data(ID_ROLE) != current
    )
    qtbot.mouseClick(
        panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualRect(index).center()
    )
    assert paused_for(qtbot) > 0.05
    assert panel.current().id != current

    qtbot.wait(150)
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "x")
    assert paused_for(qtbot) > 0.05


def test_suggestions_arriving_make_workers_pause_while_they_are_painted(window, qtbot, tmp_path):
    """...and are left out of the cyclic collector's walks from then on."""
    path = write_article(tmp_path, texts.SCRAPED)
    ready: list[bool] = []
    page = window.open_path(path)
    qtbot.waitUntil(lambda: not page.session.suggestions.computing, timeout=10000)
    qtbot.wait(300)  # what follows opening, done
    page.session.suggestions.ready.connect(lambda: ready.append(True))
    gc.unfreeze()
    page.session.suggestions.compute()
    qtbot.waitUntil(lambda: bool(ready), timeout=10000)
    assert paused_for(qtbot) > 0.02
    assert page.session.suggestions.found
    walked = {id(o) for o in gc.get_objects()}  # what the collector walks: none of them
    assert not [s for s in page.session.suggestions.found if id(s) in walked]


def test_the_faint_marks_of_many_suggestions_are_made_with_pauses(monkeypatch):
    """Made on the search's thread while a re-read article may be taken in: the maker
    looks for the window's turn every so many marks, not once for 100,000."""
    from types import SimpleNamespace

    from annotator.ui import highlighter

    rows = [SimpleNamespace(kind="figure", start=n, end=n + 2) for n in range(0, 20_000, 4)]
    looks = []
    monkeypatch.setattr(background, "courtesy", lambda: looks.append(1))
    made = highlighter.prepare_faint(rows, {"figure": "#81c784"})
    assert len(made.spans) == len(rows)
    assert len(looks) >= len(rows) // highlighter.PAUSE_EVERY

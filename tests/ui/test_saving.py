"""The window's autosave: written off the UI thread, one save at a time, nothing lost.

A save is held mid-way with an event the test opens, so what happens "while a save is in
flight" is made to happen, not hoped for.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from annotator import article as article_module
from annotator import store
from annotator.article import open_article
from annotator.ui import background
from annotator.ui import watcher as watcher_module
from annotator.ui.session import ArticleSession
from tests import texts

TEXT = texts.SCRAPED
HOUR_MS = 3_600_000  # an autosave delay that never passes: the tests save when they choose
WAIT_S = 20  # how long a held save waits for the test before giving up (never, when right)


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def session(qtbot, article) -> ArticleSession:
    opened = ArticleSession(open_article(article), save_delay_ms=HOUR_MS)
    yield opened
    opened.close()
    opened.deleteLater()


class Gate:
    """Holds every call of a function until opened; records the calls and their threads."""

    def __init__(self, monkeypatch, owner, name: str) -> None:
        self.entered = threading.Event()
        self.open = threading.Event()
        self.threads: list[threading.Thread] = []
        real = getattr(owner, name)

        def held(*arguments, **keywords):
            self.threads.append(threading.current_thread())
            self.entered.set()
            assert self.open.wait(WAIT_S), "the test never let the save go on"
            return real(*arguments, **keywords)

        monkeypatch.setattr(owner, name, held)

    def wait_entered(self) -> None:
        assert self.entered.wait(WAIT_S), "no save reached the gate"


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def notes_on_disk(article: Path) -> dict[str, str]:
    data = json.loads(store.beside(article).read_text(encoding="utf-8"))
    return {
        next(s for s in a["target"]["selector"] if "exact" in s)["exact"]: a["note"]
        for a in data["annotations"]
    }


def test_an_autosave_is_written_off_the_ui_thread_as_a_whole_dump_would_write_it(
    session, article, qtbot, monkeypatch
):
    gate = Gate(monkeypatch, store, "write_atomic")
    gate.open.set()
    first = session.mark("claim", span("the fuel bill doubled"))
    second = session.mark("person", span("Ines Moreau"))
    session.set_note(first.id, "check the tariff sheet")
    session.set_status(second.id, "verified")
    session.delete(first.id)
    session.undo_stack.undo()  # the deletion undone: a copy of the passage put back
    with qtbot.waitSignal(session.saved, timeout=WAIT_S * 1000):
        session.autosave()
    assert gate.threads and threading.main_thread() not in gate.threads
    assert store.beside(article).read_bytes() == store.dumps(session.model.sidecar)
    assert not session.modified
    # A later save re-serialises only what changed, and still writes the same bytes.
    session.set_note(second.id, "spelling?")
    with qtbot.waitSignal(session.saved, timeout=WAIT_S * 1000):
        session.autosave()
    assert store.beside(article).read_bytes() == store.dumps(session.model.sidecar)
    assert notes_on_disk(article)["Ines Moreau"] == "spelling?"


def test_an_edit_made_while_a_save_is_in_flight_is_saved_by_the_save_queued_after_it(
    session, article, qtbot, monkeypatch
):
    gate = Gate(monkeypatch, store, "write_atomic")
    marked = session.mark("claim", span("the fuel bill doubled"))
    landed = []
    session.saved.connect(lambda saved: landed.append((saved.payload, session.modified)))
    session.autosave()
    gate.wait_entered()  # the first save is being written
    session.set_note(marked.id, "typed while it was written")
    session.autosave()  # one save in flight: this one waits for it
    assert session.modified
    gate.open.set()
    qtbot.waitUntil(lambda: len(landed) == 2, timeout=WAIT_S * 1000)
    (first, modified_after_first), (second, modified_after_second) = landed
    assert b"typed while it was written" not in first
    assert modified_after_first  # the first save did not cover her typing
    assert b"typed while it was written" in second and not modified_after_second
    assert notes_on_disk(article) == {"the fuel bill doubled": "typed while it was written"}
    assert store.beside(article).read_bytes() == second


def test_a_colleagues_save_found_by_a_save_in_flight_is_merged_and_ours_written_again(
    session, article, qtbot, monkeypatch
):
    marked = session.mark("claim", span("the fuel bill doubled"))
    assert session.save()
    gate = Gate(monkeypatch, article_module, "read_changes")
    session.set_note(marked.id, "hers")
    session.autosave()
    gate.wait_entered()  # holding the lock, about to look at the file
    colleague = open_article(article)
    start, end = span("About 4,800")
    from annotator.model import make_annotation

    colleague.sidecar.annotations.append(make_annotation(colleague.text, start, end, note="his"))
    store.save(colleague.sidecar, article)  # written just before our save looked
    gate.open.set()
    qtbot.waitUntil(lambda: not session.modified, timeout=WAIT_S * 1000)
    assert notes_on_disk(article) == {"the fuel bill doubled": "hers", "About 4,800": "his"}
    assert session.model.rowCount() == 2  # merged in row by row...
    assert session.undo_stack.count() == 2  # ...and not an edit of hers: undo is hers alone


def test_closing_in_the_middle_of_a_save_waits_for_it(session, article, qtbot, monkeypatch):
    gate = Gate(monkeypatch, store, "write_atomic")
    marked = session.mark("claim", span("the fuel bill doubled"))
    session.set_note(marked.id, "before the window closed")
    session.autosave()
    gate.wait_entered()
    real_result = background.Task.result

    def result_once_waited_for(task, timeout=None):
        gate.open.set()  # the save may finish only now that closing waits for it
        return real_result(task, timeout)

    monkeypatch.setattr(background.Task, "result", result_once_waited_for)
    assert session.close()
    assert notes_on_disk(article) == {"the fuel bill doubled": "before the window closed"}
    assert len(gate.threads) == 1  # written once, by the save in flight


def test_the_watcher_is_told_what_was_written_and_hashes_nothing_of_it(
    session, article, qtbot, monkeypatch
):
    hashed = []
    real = watcher_module.hashlib.sha256

    def sha256(*data: bytes):
        hashed.extend(len(d) for d in data)
        return real(*data)

    monkeypatch.setattr(watcher_module.hashlib, "sha256", sha256)
    session.mark("claim", span("the fuel bill doubled"))
    with qtbot.waitSignal(session.saved, timeout=WAIT_S * 1000) as saved:
        session.autosave()
    payload = saved.args[0].payload
    assert session.watcher._seen[store.beside(article)] == (len(payload), payload)
    session.watcher.check()  # the file compared with those bytes, not hashed
    qtbot.waitUntil(lambda: session.watcher._checking is None, timeout=WAIT_S * 1000)
    assert len(payload) not in hashed
    # ...and our own write is not taken for someone else's: a colleague's still is.
    merged = []
    session.watcher.sidecarChanged.connect(merged.append)
    colleague = open_article(article)
    colleague.sidecar.annotations[0].note = "his"
    with qtbot.waitSignal(session.watcher.sidecarChanged, timeout=WAIT_S * 1000):
        store.save(colleague.sidecar, article)
    assert merged == [str(store.beside(article))]


def test_searches_pause_while_a_save_is_written(session, article, qtbot, monkeypatch):
    """Three threads taking the interpreter in turn (the window's, a search's and the
    save's) left the window without it for 50-80 ms at a time: one of them waits, and
    goes on once the save has landed and been painted."""
    from annotator.ui import autosave

    monkeypatch.setattr(autosave, "LANDING_GIVE_WAY_S", 1.0)
    gate = Gate(monkeypatch, store, "write_atomic")
    session.mark("claim", span("the fuel bill doubled"))
    session.autosave()
    gate.wait_entered()  # being written
    looked: list[int] = []
    background.search(lambda: (background.courtesy(), looked.append(1)))
    qtbot.wait(200)
    assert looked == []  # the search waits at its look
    with qtbot.waitSignal(session.saved, timeout=WAIT_S * 1000):
        gate.open.set()
    assert looked == []  # nor while it lands
    qtbot.waitUntil(lambda: looked == [1], timeout=WAIT_S * 1000)  # and then goes on

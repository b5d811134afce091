"""Work off the UI thread: big data let go of elsewhere, searches one at a time, and
workers that give the UI thread its turn when it asks."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from dataclasses import dataclass

from annotator.ui import background


class _Item:
    """Something freed only when the last reference to it goes."""


@dataclass(frozen=True)
class _Index:
    rows: list
    by_name: dict


def _wait_for(condition, timeout: float = 5.0) -> bool:
    limit = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > limit:
            return False
        time.sleep(0.005)
    return True


def test_let_go_frees_lists_dicts_and_dataclasses_on_another_thread():
    items = [_Item() for _ in range(3 * background.LET_GO_PIECE + 5)]
    named = {str(n): _Item() for n in range(2 * background.LET_GO_PIECE)}
    index = _Index([_Item()], {"one": _Item()})
    watched = [weakref.ref(items[0]), weakref.ref(items[-1]), weakref.ref(named["0"])]
    watched += [weakref.ref(index.rows[0]), weakref.ref(index.by_name["one"])]
    freed_on = []
    last = items[-1]
    weakref.finalize(last, lambda: freed_on.append(threading.get_ident()))
    del last
    background.let_go(items, named, index)
    del items, named, index
    assert _wait_for(lambda: all(ref() is None for ref in watched))
    assert freed_on and freed_on[0] != threading.get_ident()


def test_searches_run_one_at_a_time_in_order_and_one_failing_stops_none():
    done: list[int] = []
    running = []
    overlapped = []

    def search(number: int, fail: bool = False):
        def work() -> None:
            running.append(number)
            overlapped.append(len(running) > 1)
            time.sleep(0.02)
            running.remove(number)
            if fail:
                raise RuntimeError("a search that fails")
            done.append(number)

        return work

    background.search(search(1))
    background.search(search(2, fail=True))
    background.search(search(3))
    assert _wait_for(lambda: done == [1, 3])
    assert not any(overlapped)


def test_a_worker_pauses_at_its_next_look_while_the_ui_thread_asked_for_a_turn():
    started = time.monotonic()
    background.courtesy()
    assert time.monotonic() - started < 0.02  # nothing asked: no pause
    background.give_way(0.15)
    paused: list[float] = []

    def worker() -> None:
        before = time.monotonic()
        background.courtesy()
        paused.append(time.monotonic() - before)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(5)
    assert paused and 0.1 <= paused[0] < 2.0


def test_the_ui_thread_never_pauses_for_itself():
    """Work a worker would do, done here and now (a re-reading waited for), does not
    pause when the UI thread asked for its turn."""
    background.give_way(0.5)
    started = time.monotonic()
    background.courtesy()
    assert time.monotonic() - started < 0.1
    background.give_way(0)


def test_a_search_queued_while_the_ui_thread_asked_for_a_turn_starts_after_it():
    """A search asked for as a re-read article is taken in waits for it to be painted."""
    started: list[float] = []
    background.give_way(0.15)
    asked = time.monotonic()
    background.search(lambda: started.append(time.monotonic()))
    assert _wait_for(lambda: started)
    assert 0.1 <= started[0] - asked < 2.0


def test_a_search_pauses_at_its_next_look_while_work_ahead_of_it_runs():
    """A changed article re-read goes first: the search of the text before waits."""
    looked = threading.Event()
    go_on = threading.Event()
    after: list[float] = []

    def work() -> None:
        looked.set()
        go_on.wait(5)
        background.courtesy()  # its next look
        after.append(time.monotonic())

    background.search(work)
    assert looked.wait(5)
    ahead = background.AheadOfSearches()
    also = background.AheadOfSearches()
    also.release()
    also.release()  # (again: nothing)
    go_on.set()
    started = time.monotonic()
    background.courtesy()  # another thread looking does not wait: only the search does
    assert time.monotonic() - started < 0.1
    time.sleep(0.15)
    assert after == []  # still waiting
    done = time.monotonic()
    ahead.release()
    assert _wait_for(lambda: after)
    assert after[0] >= done


def test_a_search_waits_for_work_ahead_of_it_only_so_long(monkeypatch):
    """A re-anchoring may take minutes: the searches of other articles go on after a while."""
    monkeypatch.setattr(background, "AHEAD_LIMIT_S", 0.2)
    ahead = background.AheadOfSearches()
    asked = time.monotonic()
    after: list[float] = []
    try:
        background.search(lambda: (background.courtesy(), after.append(time.monotonic())))
        assert _wait_for(lambda: after)
    finally:
        ahead.release()
    assert 0.15 <= after[0] - asked < 2.0


def test_a_search_let_go_by_the_work_ahead_of_it_still_waits_for_the_ui_threads_turn():
    """A re-read article is taken in (the UI thread asks for its turn), then the
    re-reading lets searches go: they go once the window has painted it."""
    started: list[float] = []
    ahead = background.AheadOfSearches()
    try:
        background.search(lambda: started.append(time.monotonic()))
        time.sleep(0.1)
        assert started == []
        background.give_way(0.2)
    finally:
        ahead.release()
    released = time.monotonic()
    assert _wait_for(lambda: started)
    assert 0.15 <= started[0] - released < 2.0


def test_a_search_walks_none_of_what_it_keeps_and_leaves_it_out_of_later_walks():
    """What a search finds grows to 50,000 objects: each full collection made on its
    thread walked them all, holding the interpreter's lock (15-35 ms of a still window)."""
    full_walks: list[int] = []  # the thread of each full collection

    def watch(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full_walks.append(threading.get_ident())

    kept: list[_Item] = []
    searched_on: list[int] = []

    def search() -> None:
        searched_on.append(threading.get_ident())
        kept.extend(_Item() for _ in range(300_000))

    threshold = gc.get_threshold()
    gc.freeze()  # (the test process's own objects: each search's then start a full walk)
    gc.collect()
    gc.callbacks.append(watch)
    try:
        background.search(search)
        assert _wait_for(lambda: len(kept) == 300_000)
        assert _wait_for(lambda: gc.get_threshold() == threshold)  # full walks come again
        assert searched_on[0] not in full_walks
        assert gc.get_freeze_count() >= len(kept)  # and will not walk what it kept
    finally:
        gc.callbacks.remove(watch)
        gc.unfreeze()


def test_what_comes_after_painting_waits_for_the_paint_and_what_was_posted(qtbot):
    """A follow-up of a long turn (a search started, a piece of an old document freed)
    comes after the paint that turn asked for, and after calls posted after it: not in
    the same pass of the event loop, which would hold the window for both."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    order = []

    class Painted(QWidget):
        def paintEvent(self, _event):
            order.append("painted")

    widget = Painted()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: "painted" in order)
    order.clear()
    background.after_painting(widget, lambda: order.append("after painting"))
    QTimer.singleShot(0, widget, lambda: order.append("posted after it"))
    widget.update()
    qtbot.waitUntil(lambda: "after painting" in order)
    assert order == ["posted after it", "painted", "after painting"]
    background.after_painting(widget, lambda: order.append("never"))
    widget.deleteLater()
    qtbot.wait(20)
    assert "never" not in order  # (its context gone)

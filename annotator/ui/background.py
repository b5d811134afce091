"""Work off the UI thread: a function runs on a thread of its own, and what it gave back
is handed to a callback on the UI thread.

The window's slow work (writing and fsyncing a sidecar, re-anchoring thousands of
passages, hashing files) runs this way so that typing never waits for it. The work
must touch nothing the UI thread changes meanwhile; its callback runs on the UI thread
and may change anything. Whoever started a task can also wait for it (`result`): the
callback then still comes, later, and should see that the result was taken.
"""

from __future__ import annotations

import _thread
import atexit
import gc
import itertools
import queue
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal

T = TypeVar("T")


class _Relay(QObject):
    """Carries word of finished tasks to the UI thread (it lives there, and lives on)."""

    landed = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.landed.connect(self._land, Qt.ConnectionType.QueuedConnection)

    def _land(self, token: int) -> None:
        task = _tasks.pop(token, None)
        try:
            if task is not None:
                task._land()
        finally:
            _collector_resumes()  # not before: taking in a big result is no time to collect


_relay: _Relay | None = None
_tasks: dict[int, Task[Any]] = {}  # tasks started and not yet landed, by token
_tokens = itertools.count()
_collector_paused = False


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:  # made by the first task, which the UI thread starts
        _relay = _Relay()
    return _relay


def _collector_pauses() -> None:
    """No cyclic garbage collection while a worker thread runs Python.

    A collection runs on whichever thread happens to allocate, and what it frees is
    destroyed there: a Qt object in a reference cycle destroyed on a worker thread
    takes the program down. So the collector waits until every task has landed, and
    then collects on the UI thread. (Reference counting frees all the rest as usual.)
    """
    global _collector_paused
    if not _collector_paused and gc.isenabled():
        gc.disable()
        _collector_paused = True


def _collector_resumes() -> None:
    global _collector_paused
    if _collector_paused and not _tasks:
        _collector_paused = False
        gc.enable()


class Task(Generic[T]):
    """`work()` running on a thread of its own; `then(task)` called on the UI thread after.

    `work` must hold no Qt object, nor anything that holds one: the worker thread lets go
    of it at the end, and a Qt object must not be destroyed there. `then` is not called
    once `owner` (a QObject) has been deleted.
    """

    def __init__(
        self,
        work: Callable[[], T],
        then: Callable[[Task[T]], None],
        owner: QObject | None = None,
        waited_for: bool = False,
    ) -> None:
        """`waited_for`: the UI thread waits for its result now, so it runs at once on a
        thread of its own, not queued behind other tasks (which may take minutes)."""
        self.future: Future[T] = Future()
        self._then = then
        self._owner = owner
        token = next(_tokens)
        _tasks[token] = self  # kept here, on the UI thread, until it has landed
        _collector_pauses()
        if waited_for:  # (started without waiting for it to be scheduled, as `search` is)
            _thread.start_new_thread(_run, (work, self.future, token, _the_relay()))
        else:
            _submit(work, self.future, token, _the_relay())

    def _land(self) -> None:
        if self._owner is None or shiboken6.isValid(self._owner):
            self._then(self)

    def done(self) -> bool:
        """True once the work has finished (well or not)."""
        return self.future.done()

    def result(self, timeout: float | None = None) -> T:
        """What the work gave back, waiting for it; re-raises what it raised."""
        return self.future.result(timeout)


WORKERS = 4  # threads at most; more tasks wait their turn
_queue: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
_workers: list[threading.Thread] = []
_idle = 0  # workers waiting for a task
_idle_lock = threading.Lock()


def _submit(work: Callable[[], T], future: Future[T], token: int, relay: _Relay) -> None:
    """Queue a task for the worker threads, starting one if none is free.

    Workers live on: starting a thread waits for it to be scheduled, which on a busy
    machine costs the UI thread milliseconds.
    """
    global _idle
    with _idle_lock:
        start = _idle == 0 and len(_workers) < WORKERS
        if not start and _idle:
            _idle -= 1
    _queue.put((work, future, token, relay))
    if start:
        worker = threading.Thread(target=_serve, name=f"annotator-worker-{len(_workers)}")
        worker.daemon = True
        _workers.append(worker)
        worker.start()


def _serve() -> None:
    global _idle
    while True:
        _run(*_queue.get())
        with _idle_lock:
            _idle += 1


def _run(work: Callable[[], T], future: Future[T], token: int, relay: _Relay) -> None:
    """On a worker thread: run, keep the outcome in the future, let go of it, say so."""
    try:
        future.set_result(work())
    except BaseException as error:  # handed to whoever asks for the result
        future.set_exception(error)
        del error
    del work, future  # the UI thread holds them; the last reference is never let go here
    emit(relay.landed, token)


_closing = False  # the program is on its way out: no word from worker threads any more
_closing_lock = threading.Lock()


def emit(signal: Any, *args: Any) -> None:
    """On a worker thread: emit a signal of an object of the UI thread's, unless the
    program is ending (Qt may already be gone, and a word to it would crash the exit)."""
    with _closing_lock:
        if not _closing:
            signal.emit(*args)


@atexit.register  # after Qt's own exit handler is registered, so run before it
def _close() -> None:
    global _closing
    with _closing_lock:
        _closing = True


class Done(Generic[T]):
    """Work run here and now, with a task's interface (for a caller that must wait anyway)."""

    def __init__(self, work: Callable[[], T]) -> None:
        self.future: Future[T] = Future()
        try:
            self.future.set_result(work())
        except Exception as error:
            self.future.set_exception(error)

    def done(self) -> bool:
        return True

    def result(self, timeout: float | None = None) -> T:
        return self.future.result(timeout)


def after_painting(context: QObject, call: Callable[[], object]) -> None:
    """On the UI thread: `call` once the window has painted what changed and taken her
    input. (`QTimer.singleShot(0)` posts the call, and Qt runs it in the same pass as
    the events posted before, the paint after a long turn among them: one stall of
    both. A timer comes after.) Not at all once `context` is deleted."""
    QTimer.singleShot(1, context, call)


# -- giving way to the UI thread ----------------------------------------------------------

_quiet_until = 0.0  # time.monotonic() until which workers pause at their next look
_UI_THREAD = threading.main_thread().ident


def give_way(seconds: float) -> None:
    """On the UI thread, before work that calls into Python many times (painting a page
    of tables: each cell asks Python, and waits for the interpreter's lock while a worker
    holds it): workers that look (`courtesy`) pause for at most `seconds`. (A worker whose
    result the UI thread takes in next may ask for it on the UI thread's behalf.)"""
    global _quiet_until
    _quiet_until = time.monotonic() + seconds


_searches: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
_searching = False
_search_thread: int | None = None  # the search thread's ident, once it runs
_urgent = 0  # works under way that searches give way to (see `AheadOfSearches`)
_urgent_until = 0.0  # time.monotonic() after which searches go on whatever is held
AHEAD_LIMIT_S = 3.0  # the longest searches wait for one (a re-anchoring may take minutes)
_urgent_lock = threading.Lock()
_no_urgent = threading.Event()
_no_urgent.set()


class AheadOfSearches:
    """Work the window waits for (a changed article re-read, until it is taken in): while
    one is held, searches pause at their next look. Each thread running Python takes the
    interpreter from the others in turn, and on a busy machine from the UI thread for
    tens of milliseconds at a time: one of them at a time is enough. Searches wait
    `AHEAD_LIMIT_S` at most (the search thread serves every open article)."""

    def __init__(self) -> None:
        global _urgent, _urgent_until
        self._held = True
        with _urgent_lock:
            _urgent += 1
            _urgent_until = max(_urgent_until, time.monotonic() + AHEAD_LIMIT_S)
            _no_urgent.clear()

    def release(self) -> None:
        """Searches may go on (once nothing else holds them); again does nothing."""
        global _urgent, _urgent_until
        with _urgent_lock:
            if self._held:
                self._held = False
                _urgent -= 1
                if not _urgent:
                    _urgent_until = 0.0
                    _no_urgent.set()


def search(work: Callable[[], object]) -> None:
    """Run `work` (a long search: an article's suggestions, its clutter) on the search
    thread, after the searches queued before it. One at a time: each thread running
    Python takes the interpreter from the UI thread in turn, so two searches at once
    make every call of the UI thread into Python wait twice as long. The thread is
    started without waiting for it (as `threading.Thread.start` does, which while other
    threads hold the interpreter cost the UI thread tens of milliseconds)."""
    global _searching
    _searches.put(work)
    if not _searching:
        _searching = True
        _thread.start_new_thread(_search, ())


def _search() -> None:
    global _search_thread
    _search_thread = _thread.get_ident()
    while True:
        work = _searches.get()
        courtesy()  # one queued as a re-read article was taken in waits for its painting
        _full_walks_wait()
        try:
            work()
        except BaseException:  # said, and the next search runs
            traceback.print_exc()
        del work
        _full_walks_resume()


FULL_WALKS_HELD = 1 << 30  # the collector's third threshold while a search runs: never


def _full_walks_wait() -> None:
    """While a search runs, the cyclic collector makes no full walk of every object.

    A search keeps what it finds (50,000 suggestions in a 10 MB article) until it ends,
    and each time they had grown by a quarter the collector walked them all, in the
    search's thread, holding the interpreter's lock: 15-35 ms in which the window could
    not run. The young generations are still collected as usual.
    """
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_WALKS_HELD)


def _full_walks_resume() -> None:
    """After a search: what it left alive (its findings, kept until the next search)
    is left out of the walks to come, as an open article's passages are; then full walks
    may come again."""
    gc.freeze()
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, _OLD_THRESHOLD)


_OLD_THRESHOLD = gc.get_threshold()[2]


def courtesy() -> None:
    """On a worker thread, now and then: pause while the UI thread has asked for the
    interpreter (see `give_way`), and on the search thread while work it gives way to
    runs (see `AheadOfSearches`). Waiting lets go of the interpreter's lock."""
    me = _thread.get_ident()
    if me == _UI_THREAD:
        return  # (work done here and now: no pause)
    while True:  # again after each wait: the UI thread may have asked again meanwhile
        wait = _quiet_until - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        elif me == _search_thread and not _no_urgent.is_set():
            if not _no_urgent.wait(_urgent_until - time.monotonic()):
                return  # waited as long as searches wait
        else:
            return


# -- letting go of big data off the UI thread -----------------------------------------------

LET_GO_PIECE = 4096  # items freed at a time: the UI thread gets the interpreter in between
_graveyard: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
_undertaker: threading.Thread | None = None


def let_go(*objects: Any) -> None:
    """Free big plain-Python data (lists, dicts, dataclasses of them) on a thread of its
    own: 100,000 suggestions take tens of milliseconds to free. The caller keeps no
    reference; nothing in them may hold a Qt object."""
    global _undertaker
    if _undertaker is None:
        _undertaker = threading.Thread(target=_bury, name="annotator-let-go", daemon=True)
        _undertaker.start()
    _graveyard.put(objects)


def _bury() -> None:
    while True:
        objects = _graveyard.get()
        for item in objects:
            _dismantle(item)
        del objects, item


def _dismantle(item: Any) -> None:
    """Free a list's or a dict's items a piece at a time (freeing it at once is one call,
    holding the interpreter's lock throughout); a dataclass's fields one by one."""
    if isinstance(item, list):
        while item:
            courtesy()
            del item[-LET_GO_PIECE:]
    elif isinstance(item, dict):
        keys = list(item)
        while keys:
            courtesy()
            for key in keys[-LET_GO_PIECE:]:
                del item[key]
            del keys[-LET_GO_PIECE:]
    elif hasattr(item, "__dataclass_fields__"):
        for name in item.__dataclass_fields__:
            _dismantle(getattr(item, name))

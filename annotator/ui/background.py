"""Work off the UI thread: a function runs on a thread of its own, and what it gave back
is handed to a callback on the UI thread.

The window's slow work (writing and fsyncing a sidecar, re-anchoring thousands of
passages, hashing files) runs this way so that typing never waits for it. The work
must touch nothing the UI thread changes meanwhile; its callback runs on the UI thread
and may change anything. Whoever started a task can also wait for it (`result`): the
callback then still comes, later, and should see that the result was taken.
"""

from __future__ import annotations

import gc
import itertools
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

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
    ) -> None:
        self.future: Future[T] = Future()
        self._then = then
        self._owner = owner
        token = next(_tokens)
        _tasks[token] = self  # kept here, on the UI thread, until it has landed
        _collector_pauses()
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
# Held while a worker says its task is done; once the event loop has ended (`closed`),
# none says so: the objects it would tell are being torn down with the program.
_landing = threading.Lock()
_closed = False


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
    with _landing:
        if not _closed:
            relay.landed.emit(token)


def closed() -> None:
    """The program's event loop has ended: no task still running reports back (it would
    reach objects Python and Qt are deleting as the program leaves)."""
    global _closed
    with _landing:
        _closed = True


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

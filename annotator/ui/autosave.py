"""Saving an open article's notes: a moment after each edit, off the UI thread, one save
in flight at a time, and everything still unsaved written on the way out.

`Autosaving` is a part of `ArticleSession` (mixed into it): it uses the session's
article, model, undo stack, watcher and signals, and keeps the saving state.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer

from annotator import store
from annotator.article import Changed, Written
from annotator.sidecar_bytes import Warm
from annotator.store import LockBusy, SidecarError
from annotator.ui import background, messages

SAVE_DELAY_MS = 500  # a change reaches the disk within a second
WARM_AFTER_MS = 200  # after opening, when the notes' bytes start being made off the UI thread
SAVE_GIVE_WAY_S = 0.03  # workers pause this long while the UI thread gathers a save
LANDING_GIVE_WAY_S = 0.1  # and while a save written is taken in and painted
LOCK_WAIT_S = 2.0  # the window waits this long for another writer, then tries again later


@dataclass(frozen=True)
class _Save:
    """A save started: its task, how many edits it covers, how long it waits for the lock."""

    task: background.Task | background.Done
    edits: int
    wait: float


class Autosaving:
    """The saving half of an `ArticleSession`."""

    def _init_saving(self, save_delay_ms: int) -> None:
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(save_delay_ms)
        self._save_timer.timeout.connect(self.autosave)
        self._edits = 0  # changes to the notes so far: a save knows which ones it wrote
        self._saving: _Save | None = None  # the save in flight
        self._save_again = False  # a save asked for while one was in flight

    def _edited(self) -> None:
        self._edits += 1
        self._set_modified(True)
        if not self.read_only:
            self._save_timer.start()
        self._update_summary()

    def _set_modified(self, modified: bool) -> None:
        if modified != self.modified:
            self.modified = modified
            self.modifiedChanged.emit(modified)

    def _update_summary(self) -> None:
        summary = self.summary()
        if summary != self._summary:
            self._summary = summary
            self.summaryChanged.emit(summary)

    def _warm(self) -> None:
        """Make the notes' bytes and the article's digest on a worker thread, and load the
        lock's library, so that the first save costs the window no more than any other."""
        make = self.model.serialised.warm(self.model.annotations)
        document = self.article.document

        def work() -> Warm:
            document.sha256  # noqa: B018 - worked out once, and kept by the document
            store.load_locking()
            return make()

        background.Task(work, self._warmed, self)

    def _warmed(self, task: background.Task) -> None:
        try:
            warm = task.result()
        except Exception as error:  # the bytes are then made at the first save
            messages.log.warning("preparing the notes' bytes failed: %s", error)
            return
        self.model.serialised.keep_warm(warm)
        settled()

    def autosave(self) -> None:
        """Save in the background (the autosave timer's doing).

        The UI thread only gathers the bytes of what changed; the lock, the check for
        someone else's save, the write and the fsync run on a thread of their own. One
        save is in flight at a time: one asked for meanwhile follows it.
        """
        if self._saving is not None:
            self._save_again = True
            return
        self._start_save(LOCK_WAIT_S)

    def _start_save(self, wait: float) -> None:
        self._save_timer.stop()
        if self.read_only or not self.modified:
            return
        background.give_way(SAVE_GIVE_WAY_S)  # a search that looks pauses meanwhile
        job = self.article.prepare_save(self.model.serialised, wait)
        # Searches pause while it is written: three threads taking the interpreter in turn
        # left the window without it for 50-80 ms at a time. And while it lands: the
        # window then paints what changed, each cell waiting its turn behind the search.
        ahead = background.AheadOfSearches()

        def run() -> Written | Changed:
            try:
                return job.run()
            finally:
                background.give_way(LANDING_GIVE_WAY_S)  # (set before searches go on)
                ahead.release()

        task = background.Task(run, self._landed, self)
        self._saving = _Save(task, self._edits, wait)

    def _landed(self, task: background.Task) -> None:
        """A save in flight finished (unless `save` already took it in)."""
        save = self._saving
        if save is None or save.task is not task:
            return
        self._saving = None
        if self._take(save) is None:  # someone else's save, merged: ours again, now
            self._start_save(save.wait)
            return
        if self._merge_waiting:
            self._merge_waiting = False
            self.merge_from_disk()
        if self._save_again:
            self._save_again = False
            self._start_save(LOCK_WAIT_S)

    def save(self, wait: float = LOCK_WAIT_S) -> bool:
        """Write the notes now if anything changed; on failure keep them and say so.

        A save in flight is waited for first. What someone else saved meanwhile is taken
        in, passage by passage. If another program holds the notes' lock for `wait`
        seconds, an autosave tries again a moment later; a save on the way out waits the
        full `store.LOCK_TIMEOUT`.
        """
        self._save_timer.stop()
        if self._saving is not None:
            flying, self._saving = self._saving, None
            self._take(flying)  # whatever it did, what is left is saved here
        while not self.read_only and self.modified:
            job = self.article.prepare_save(self.model.serialised, wait)
            taken = self._take(_Save(background.Done(job.run), self._edits, wait))
            if taken is not None:  # None: someone else's save was merged; write again
                return taken
        return True

    def _take(self, save: _Save) -> bool | None:
        """Take in what a save did: True when written, False when it failed (and why is
        said), None when someone else had saved first (merged in, to be saved again)."""
        try:
            outcome = save.task.result()
        except LockBusy as error:
            if save.wait < store.LOCK_TIMEOUT:
                self._save_timer.start()  # another program is saving these notes: soon again
                return False
            self._set_state(save_error=str(error))
            return False
        except (OSError, SidecarError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self._set_state(save_error=str(reason))
            return False
        if isinstance(outcome, Changed):
            self.model.apply(self.article.take_changes(outcome))
            return None
        self.article.saved(outcome)
        self._watch(outcome)
        if self._edits == save.edits:  # nothing changed while it was written
            self._set_modified(False)
            self.undo_stack.setClean()
        saved = outcome.saved
        self._set_state(save_error="", elsewhere=saved.path if saved.fallback else None)
        self.saved.emit(saved)
        return True

    def _set_state(self, save_error: str, elsewhere: Path | None = None) -> None:
        elsewhere = elsewhere or self.elsewhere
        if (save_error, elsewhere) == (self.save_error, self.elsewhere):
            return
        if elsewhere != self.elsewhere:
            messages.info(f"Notes kept in {elsewhere}")
        self.save_error, self.elsewhere = save_error, elsewhere
        self.stateChanged.emit()
        self._update_summary()

    def _watch(self, written: Written) -> None:
        """Our own write is not someone else's change; follow the notes if they moved."""
        saved = written.saved
        if saved.path != self._watched:
            self._watched = saved.path
            self.watcher.watch(self.path, saved.path)
        else:
            self.watcher.note_own_write(saved.path, saved.payload)

    def notes_file_name(self) -> str:
        """The name the notes file has beside the article (for "Save notes as…")."""
        return store.beside(self.path).name

    def save_copy(self, target: Path) -> bool:
        """Write the notes to `target`, atomically (when they cannot go beside the article)."""
        try:
            store.write_atomic(target, store.dumps(self.model.sidecar))
        except OSError as error:
            messages.warning(f"Could not write {target}: {error.strerror or error}")
            return False
        messages.info(f"Notes written to {target}")
        return True

    def close(self) -> bool:
        """Save and stop watching the files; False when the notes could not be saved."""
        self._closed = True  # a re-reading that lands after this is not shown
        self.suggestions.stop()  # its search, if one runs, is for no one now
        saved = self.save(wait=store.LOCK_TIMEOUT)
        self.watcher.unwatch(self.path)
        gc.unfreeze()  # what it held may now be collected (see `_settled`)
        return saved


def settled() -> None:
    """The objects alive now live on (an open article's passages): the cyclic collector
    need not walk them again on every full collection.

    Python's collector now and then walks every object it tracks; with 10,000 passages
    open that is a stall of 30-100 ms on the UI thread, most often just after their
    copies come back from a re-anchoring. Frozen, they are left out of those walks (they
    are still freed when no longer referenced); closing an article unfreezes them.
    """
    gc.freeze()

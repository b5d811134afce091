"""One open article: its notes, their item model, undo, autosave, merge and reload.

An `ArticleSession` is the one owner of an open article's state. It offers one method
per thing the reporter does (after Anki's aqt/operations), turns each into an undoable
command, saves a moment later, takes in what a colleague saved and what changed in the
article file, and announces all of it by signals. It has no widgets: the page shows it,
the window talks to the current one, and both can be tested without a screen.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from annotator import store
from annotator.anchoring import trim_span
from annotator.article import Article
from annotator.clutter import Clutter, find_clutter
from annotator.document import DocumentError
from annotator.metadata import source_details
from annotator.model import (
    FUZZY,
    METADATA_KEYS,
    MOVED,
    ORPHANED,
    Annotation,
    Tag,
    make_annotation,
    needs_review,
    reattached,
    reviewed,
)
from annotator.store import LockBusy, SidecarError
from annotator.ui import commands, messages
from annotator.ui.qt_models import AnnotationModel
from annotator.ui.watcher import FileWatcher

SAVE_DELAY_MS = 500  # a change reaches the disk within a second
CLUTTER_AT_ONCE = 1_000_000  # code points: longer articles' clutter is found in a thread
LOCK_WAIT_S = 2.0  # the window waits this long for another writer, then tries again later
Span = tuple[int, int]


class _Relay(QObject):
    """Carries a worker thread's result to the thread this was made in."""

    found = Signal(object, object)  # the text itself (not a copy), what was found in it


class ArticleSession(QObject):
    """An article being worked on; every edit is a command on its own undo stack."""

    modifiedChanged = Signal(bool)  # there are (or no longer are) unsaved changes
    summaryChanged = Signal(str)  # the passage counts, as `summary()` says them
    stateChanged = Signal()  # a save failed or recovered; notes went to another folder
    saved = Signal(object)  # store.Saved: where a save went and what it wrote
    reloaded = Signal(str)  # the article was re-read; the text it had before
    clutterFound = Signal()  # the article's clutter is known (see look_for_clutter)

    def __init__(self, article: Article, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.article = article
        self.model = AnnotationModel(article, self)
        self.undo_stack = QUndoStack(self)
        self.save_error = ""  # why the last save failed, until one succeeds
        self.elsewhere: Path | None = None  # where the notes went, if not beside the article
        self.modified = False  # changes not yet on disk (set only by _set_modified)
        self._summary = self.summary()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)
        self.model.edited.connect(self._edited)
        self.model.passageMissing.connect(messages.info)
        self.watcher = FileWatcher(self)
        self.watcher.articleChanged.connect(self.reload_article)
        self.watcher.sidecarChanged.connect(self.merge_from_disk)
        self._watched = article.sidecar_path or store.beside(article.path)
        self.watcher.watch(article.path, self._watched)

    # -- what it is ----------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The article file."""
        return self.article.path

    @property
    def read_only(self) -> bool:
        """Notes written by a newer Annotator: shown, never changed or saved."""
        return self.article.sidecar.read_only

    def summary(self) -> str:
        """Passage counts and anchoring verdicts: "12 passages · 2 moved · 1 orphaned"."""
        verdicts = self.model.verdicts()
        count = self.model.rowCount()
        parts = [f"{count} passage" if count == 1 else f"{count} passages"]
        parts += [f"{verdicts[v]} {v}" for v in (MOVED, FUZZY, ORPHANED) if verdicts[v]]
        if self.read_only:
            parts.append("read-only")
        elif self.save_error:
            parts.append("not saved")
        return " · ".join(parts)

    # -- edits (each one a command) ---------------------------------------------------

    def _editable(self) -> bool:
        if self.read_only:
            messages.info("These notes are read-only (written by a newer Annotator)")
        return not self.read_only

    def mark(self, tag_id: str, span: Span | None) -> Annotation | None:
        """Mark text[start:end] (white space at its ends left out) as a passage."""
        span = trim_span(self.article.text, *span) if span else None
        if span is None:
            messages.info("Select some text in the article first")
            return None
        if not self._editable():
            return None
        annotation = make_annotation(self.article.text, *span, tag=tag_id)
        self.undo_stack.push(commands.AddPassage(self.model, annotation))
        return annotation

    def tag_for_key(self, key: str) -> Tag | None:
        """The tag bound to a key, or None (and a word saying so)."""
        tag = self.model.sidecar.tag_with_key(key)
        if tag is None:
            messages.info(f"No tag has the key {key}")
        return tag

    def delete(self, annotation_id: str) -> None:
        """Delete a passage."""
        if self.model.get(annotation_id) and self._editable():
            self.undo_stack.push(commands.DeletePassage(self.model, annotation_id))

    def set_tag(self, annotation_id: str, tag_id: str) -> None:
        """Give a passage another tag."""
        self._set_field(annotation_id, "tag", tag_id)

    def set_status(self, annotation_id: str, status: str | None) -> None:
        """Set a passage's verification status."""
        self._set_field(annotation_id, "status", status)

    def set_note(self, annotation_id: str, note: str) -> None:
        """Keep a note as it is typed (a burst of typing is one undo step)."""
        annotation = self.model.get(annotation_id)
        if annotation and annotation.note != note and self._editable():
            self.undo_stack.push(commands.SetNote(self.model, annotation_id, note))

    def _set_field(self, annotation_id: str, field: str, value: object) -> None:
        annotation = self.model.get(annotation_id)
        if annotation and getattr(annotation, field) != value and self._editable():
            self.undo_stack.push(commands.SetField(self.model, annotation_id, field, value))

    def reattach(self, annotation_id: str, span: Span | None) -> None:
        """Pin a passage (an orphan, usually) to text[start:end]."""
        annotation = self.model.get(annotation_id)
        span = trim_span(self.article.text, *span) if span else None
        if annotation is None or not self._editable():
            return
        if span is None:
            messages.info("Select the text to re-attach the passage to")
            return
        new = reattached(annotation, self.article.text, *span)
        self.undo_stack.push(commands.ReplacePassage(self.model, new, "Re-attach passage"))

    def mark_reviewed(self, annotation_id: str) -> None:
        """Accept a moved or changed passage as it now reads."""
        annotation = self.model.get(annotation_id)
        if annotation and needs_review(annotation) and self._editable():
            new = reviewed(annotation, self.article.text)
            self.undo_stack.push(commands.ReplacePassage(self.model, new, "Mark reviewed"))

    def mark_all_reviewed(self) -> int:
        """Accept every passage awaiting review as it now reads: one undo step."""
        waiting = [a for a in self.model.annotations if needs_review(a)]
        if not waiting or not self._editable():
            return 0
        count = len(waiting)
        self.undo_stack.beginMacro(f"Mark {count} passage{'s' if count != 1 else ''} reviewed")
        with self.model.batch():
            for annotation in waiting:
                new = reviewed(annotation, self.article.text)
                self.undo_stack.push(commands.ReplacePassage(self.model, new, "Mark reviewed"))
        self.undo_stack.endMacro()
        return count

    def set_tags(self, tags: list[Tag]) -> None:
        """Replace the article's tags (Edit Tags)."""
        if tags != self.model.sidecar.tags and self._editable():
            self.undo_stack.push(commands.set_tags(self.model, tags))

    def set_metadata(
        self, metadata: dict[str, object], guessed: set[str] | list[str] | None = None
    ) -> None:
        """Replace the article's source details; `guessed` names those still guesses."""
        source = self.model.sidecar.source
        ordered = None if guessed is None else [k for k in METADATA_KEYS if k in guessed]
        if (metadata, ordered if ordered is not None else source.guessed) != (
            source.metadata,
            source.guessed,
        ) and self._editable():
            self.undo_stack.push(commands.set_metadata(self.model, metadata, ordered))

    def source_details(self) -> dict[str, str]:
        """What the program finds of the article's details (the file's, then the text's)."""
        return source_details(self.article.document)

    def clutter(self) -> list[Clutter]:
        """The article's paragraphs flagged as site furniture or repeats."""
        return self.article.clutter()

    def look_for_clutter(self) -> None:
        """Find the article's clutter; `clutterFound` says when it is known.

        An article of up to CLUTTER_AT_ONCE code points takes milliseconds and is looked
        at now; a longer one in a thread of its own, so that it is read and scrolled
        meanwhile.
        """
        if self.article.clutter_known() or len(self.article.text) <= CLUTTER_AT_ONCE:
            self.article.clutter()
            self.clutterFound.emit()
            return
        text, paged = self.article.text, bool(self.article.document.pages)
        relay = _Relay()  # lives in this thread: what it says from the worker comes queued
        relay.found.connect(self._clutter_found)
        self._relay = relay  # kept while the worker may still use it

        def work() -> None:
            relay.found.emit(text, find_clutter(text, paged))

        threading.Thread(target=work, name="clutter", daemon=True).start()

    def _clutter_found(self, text: str, found: list[Clutter]) -> None:
        self.article.remember_clutter(text, found)
        if self.article.clutter_known():
            self.clutterFound.emit()

    # -- saving ------------------------------------------------------------------------

    def _edited(self) -> None:
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

    def save(self, wait: float = LOCK_WAIT_S) -> bool:
        """Write the notes now if anything changed; on failure keep them and say so.

        What someone else saved meanwhile is taken in first, passage by passage. If
        another program holds the notes' lock for `wait` seconds, an autosave tries
        again a moment later; a save on the way out waits the full `store.LOCK_TIMEOUT`.
        """
        self._save_timer.stop()
        if self.read_only or not self.modified:
            return True
        try:
            with self.article.locked(timeout=wait):
                merged = self.article.changes_on_disk()
                if merged is not None:
                    self.model.apply(merged)
                    self._save_timer.stop()  # applying it was an edit: this save covers it
                saved = self.article.write()
        except LockBusy as error:
            if wait < store.LOCK_TIMEOUT:
                self._save_timer.start()  # another program is saving these notes: soon again
                return False
            self._set_state(save_error=str(error))
            return False
        except (OSError, SidecarError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self._set_state(save_error=str(reason))
            return False
        self._watch(saved)
        self._set_modified(False)
        self.undo_stack.setClean()
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

    def _watch(self, saved: store.Saved) -> None:
        """Our own write is not someone else's change; follow the notes if they moved."""
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
        saved = self.save(wait=store.LOCK_TIMEOUT)
        self.watcher.unwatch(self.path)
        return saved

    # -- changes from outside (file watcher) ---------------------------------------------

    def reload_article(self) -> bool:
        """Re-read the article file and re-anchor every passage in its new text.

        The passages stay the same rows and the undo history stays; an article that
        can no longer be read is left as it was shown.
        """
        old_text = self.article.text
        try:
            self.article.reload()
        except DocumentError as error:
            messages.warning(f"{self.path.name} changed but cannot be read: {error}")
            return False
        self.reloaded.emit(old_text)
        self.model.relayout()
        self._edited()  # the notes now describe the new text: save their new places
        messages.info(f"{self.path.name} changed on disk: passages re-anchored ({self.summary()})")
        return True

    def merge_from_disk(self) -> bool:
        """Take in what someone else saved to the notes; True when there was something."""
        if self.read_only:
            return False
        try:
            merged = self.article.changes_on_disk()
        except SidecarError as error:
            messages.warning(f"The notes changed on disk but cannot be read: {error}")
            return False
        if merged is None:
            return False
        pending = self.modified
        with self.model.batch():
            self.model.apply(merged)
        if not pending and not self.article.unsaved():
            self._save_timer.stop()  # nothing of ours to add to what is on disk
            self._set_modified(False)
            self.undo_stack.setClean()
        messages.info(f"Notes of {self.path.name} changed on disk and were merged with yours")
        return True

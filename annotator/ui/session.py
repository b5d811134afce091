"""One open article: its notes, their item model, undo, autosave, merge and reload.

An `ArticleSession` is the one owner of an open article's state. It offers one method
per thing the reporter does (after Anki's aqt/operations), turns each into an undoable
command, saves a moment later, takes in what a colleague saved and what changed in the
article file, and announces all of it by signals. It has no widgets: the page shows it,
the window talks to the current one, and both can be tested without a screen.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from annotator import store
from annotator.anchoring import anchor_all
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
    new_reply,
    reattached,
    reviewed,
)
from annotator.store import SidecarError
from annotator.suggest import TAG_OF_KIND, Suggestion, dismissal
from annotator.text import trim_span
from annotator.ui import background, commands, messages
from annotator.ui.autosave import SAVE_DELAY_MS, WARM_AFTER_MS, Autosaving, settled
from annotator.ui.qt_models import AnnotationModel, RowIndex
from annotator.ui.rereading import Abandoned, Rereading
from annotator.ui.suggestions import SuggestionModel
from annotator.ui.watcher import DEBOUNCE_MS, FileWatcher

GIVE_WAY_S = 0.2  # seconds workers pause for while a re-read article is taken in
CLUTTER_AT_ONCE = 200_000  # code points (about 40 ms): longer articles are looked at in a thread
Span = tuple[int, int]


class _Relay(QObject):
    """Carries a worker thread's result to the thread this was made in."""

    found = Signal(object, object)  # the text itself (not a copy), what was found in it


class ArticleSession(Autosaving, QObject):
    """An article being worked on; every edit is a command on its own undo stack."""

    modifiedChanged = Signal(bool)  # there are (or no longer are) unsaved changes
    summaryChanged = Signal(str)  # the passage counts, as `summary()` says them
    stateChanged = Signal()  # a save failed or recovered; notes went to another folder
    saved = Signal(object)  # store.Saved: where a save went and what it wrote
    # The article was re-read; the text it had before (as an object: 10 MB is not copied).
    reloaded = Signal(object)
    progressChanged = Signal(int, int)  # re-anchoring: passages settled, of how many; 0, 0: done
    clutterFound = Signal()  # the article's clutter is known (see look_for_clutter)
    unsigned = Signal()  # a passage was marked while no author name is set

    def __init__(
        self,
        article: Article,
        parent: QObject | None = None,
        save_delay_ms: int = SAVE_DELAY_MS,
        stamp: tuple[int, int] | None = None,
        rows: RowIndex | None = None,
    ) -> None:
        """`stamp`: the article file's size and time of change before it was read (see
        `FileWatcher.watch`): its baseline is then worked out off the UI thread. `rows`:
        the `row_index` of its passages as they are, made on a worker thread."""
        super().__init__(parent)
        self.article = article
        self.model = AnnotationModel(article, self, rows)
        self.suggestions = SuggestionModel(self.model, self)
        self.suggestions.compute_soon()  # in a thread, once the article is shown
        self.undo_stack = QUndoStack(self)
        self.save_error = ""  # why the last save failed, until one succeeds
        self.elsewhere: Path | None = None  # where the notes went, if not beside the article
        self.modified = False  # changes not yet on disk (set only by _set_modified)
        self.author = ""  # her name (Preferences): the author of what she marks and notes
        self._summary = self.summary()
        self._init_saving(save_delay_ms)
        self._merge_waiting = False  # someone else's save, noticed while ours was in flight
        self._rereading: Rereading | None = None  # the article being read again
        self._readings = 0  # re-readings started
        self._closed = False
        # Set by whoever shows the article: makes, on a worker thread, what it needs to
        # show a new text and its passages (copies, in document order) in place of the
        # text before — a plain function: it must hold no Qt object. What it made is
        # `prepared` while `reloaded` is emitted.
        self.prepare_text: Callable[[str, list[Annotation], str], object] | None = None
        self.prepared: object = None
        self.model.edited.connect(self._edited)
        self.model.passageMissing.connect(messages.info)
        self.watcher = FileWatcher(self)
        self.watcher.articleChanged.connect(self._article_changed)
        self.watcher.sidecarChanged.connect(self.merge_from_disk)
        self._watched = article.sidecar_path or store.beside(article.path)
        read = None if stamp is None else (stamp, article.base)
        self.watcher.watch(article.path, self._watched, read)
        # Once the article is on screen: made sooner, it would share the interpreter
        # with the first paint.
        QTimer.singleShot(WARM_AFTER_MS, self, self._warm)

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
        annotation = make_annotation(self.article.text, *span, tag=tag_id, author=self.author)
        self._add(annotation)
        return annotation

    def _add(self, annotation: Annotation) -> None:
        self.undo_stack.push(commands.AddPassage(self.model, annotation))
        if not self.author:
            self.unsigned.emit()

    def accept_suggestion(
        self, suggestion: Suggestion, tag_id: str | None = None
    ) -> Annotation | None:
        """Mark a suggestion as a passage (its kind's tag unless told), the speaker in its note."""
        if not self._current(suggestion) or not self._editable():
            return None
        if tag_id is None:
            tag_id = TAG_OF_KIND[suggestion.kind]
            tag_id = tag_id if self.model.sidecar.tag(tag_id) else ""
        annotation = make_annotation(
            self.article.text,
            suggestion.start,
            suggestion.end,
            tag=tag_id,
            note=self.suggestions.note(suggestion),
            author=self.author,
        )
        self._add(annotation)
        return annotation

    def dismiss_suggestion(self, suggestion: Suggestion) -> None:
        """Stop offering a suggestion, here and in every later session (kept in the sidecar)."""
        if self._current(suggestion) and self._editable():
            self.undo_stack.push(commands.DismissSuggestion(self.model, dismissal(suggestion)))

    def _current(self, suggestion: Suggestion) -> bool:
        if self.article.text[suggestion.start : suggestion.end] == suggestion.exact:
            return True
        messages.info("The article changed: its suggestions are being found again")
        return False

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
        """Keep a note as it is typed (a burst of typing is one undo step); a passage with
        no author takes hers."""
        annotation = self.model.get(annotation_id)
        if annotation and annotation.note != note and self._editable():
            self.undo_stack.push(commands.SetNote(self.model, annotation_id, note, self.author))

    def reply(self, annotation_id: str, text: str) -> None:
        """Add a reply to a passage's thread."""
        if text.strip() and self.model.get(annotation_id) and self._editable():
            reply = new_reply(text.strip(), author=self.author)
            self.undo_stack.push(commands.reply(self.model, annotation_id, reply))

    def set_resolved(self, annotation_id: str, resolved: bool) -> None:
        """Resolve a passage's thread, or reopen it."""
        annotation = self.model.get(annotation_id)
        if annotation and bool(annotation.resolved) != resolved and self._editable():
            self.undo_stack.push(commands.set_resolved(self.model, annotation_id, resolved))

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
            background.emit(relay.found, text, find_clutter(text, paged, background.courtesy))

        # Started once the window has painted: not to share the interpreter with what
        # the UI thread is doing now (taking in a re-read article, say).
        background.after_painting(self, lambda: background.search(work))

    def _clutter_found(self, text: str, found: list[Clutter]) -> None:
        self.article.remember_clutter(text, found)
        if self.article.clutter_known():
            self.clutterFound.emit()

    # -- changes from outside (file watcher) ---------------------------------------------

    def reload_article(self) -> bool:
        """Re-read the article file and re-anchor every passage in its new text, now.

        The passages stay the same rows and the undo history stays; an article that
        can no longer be read is left as it was shown. (When the file watcher sees the
        article change, the same is done on a worker thread: `_article_changed`.)
        """
        self._give_up_rereading()  # one under way: this one, reading now, wins
        rereading = self._reread(wait=True)
        try:
            return self._take_reread(rereading)
        finally:
            rereading.deleteLater()

    def _article_changed(self) -> None:
        """The article changed on disk: re-read it and re-anchor its passages off the UI
        thread. A re-reading under way is given up: the text it read is gone (an editor
        that writes in place may even have been caught half-way, and re-anchoring in half
        an article leaves thousands of passages to be looked for everywhere, for minutes).
        """
        self._give_up_rereading()
        self._rereading = self._reread(wait=False)

    def _read_again_unless(self, readings: int) -> None:
        """Once a file seen changing as it was read has settled, unless it was read again
        since (`readings` then: the watcher reports the rest of a write, but not a change
        of its time alone, a `touch`, after which the text first read would never show)."""
        if self._readings == readings and not self._closed:
            self._article_changed()

    def _give_up_rereading(self) -> None:
        if self._rereading is not None:
            self._rereading.abandon()
            self._rereading = None

    def _reread(self, wait: bool) -> Rereading:
        self._readings += 1
        prepare = self.prepare_text
        if prepare is not None:  # (made for the text shown now, which it replaces)
            prepare = functools.partial(prepare, before=self.article.text)
        rereading = Rereading(
            self.path, list(self.model.annotations), self.model.revision, prepare,
            self._reread_landed, self, wait,
        )  # fmt: skip
        rereading.progressChanged.connect(self.progressChanged)
        return rereading

    def _reread_landed(self, rereading: Rereading) -> None:
        if rereading is not self._rereading or self._closed:
            return
        self._rereading = None
        self._take_reread(rereading)
        rereading.deleteLater()

    def _take_reread(self, rereading: Rereading) -> bool:
        """Show the article as re-read, with her passages where they now stand.

        Passages she changed while the copies were being re-anchored (or added, or put
        back by an undo) are re-anchored here, as they now are: nothing she did is lost.
        """
        try:
            result = rereading.result()
        except DocumentError as error:
            messages.warning(f"{self.path.name} changed but cannot be read: {error}")
            return False
        except Abandoned:  # read while still being written (or touched): read it again
            readings = self._readings
            later = 2 * DEBOUNCE_MS  # (after the watcher's report of the rest, as a rule)
            QTimer.singleShot(later, self, lambda: self._read_again_unless(readings))
            return False
        settled()  # before taking in 10,000 copies, not while
        background.give_way(GIVE_WAY_S)  # workers that look pause: this is the UI's turn
        document = result.reread.document
        changed = self.model.changed_since(rereading.revision)
        copies = result.copies  # (made on the worker)
        late = []
        if changed:  # she worked meanwhile: what she changed is re-anchored as it now is
            rows = {id(annotation) for annotation in self.model.annotations}
            copies = {
                id(row): copy
                for row, copy in result.reread.passages
                if id(row) in rows and row.id not in changed
            }
            late = [a for a in self.model.annotations if id(a) not in copies]
            anchor_all(late, document.text)
        self.model.serialised.keep(result.chunks)  # (bytes of copies not used are let go)
        old_text = self.article.text
        self.article.document = document
        # The old text's suggestions are withdrawn now (not refiltered); the new text's are
        # looked for once this is done, not to share the interpreter with it.
        self.suggestions.compute_soon()
        self.prepared = result.prepared
        try:
            self.reloaded.emit(old_text)
        finally:
            self.prepared = None
        self.model.reanchored(copies, late, result.ordered)
        self.article.verdicts = self.model.verdicts()
        self._edited()  # the notes now describe the new text: save their new places
        messages.info(f"{self.path.name} changed on disk: passages re-anchored ({self.summary()})")
        background.give_way(GIVE_WAY_S)  # and again while the window is painted anew
        return True

    def merge_from_disk(self) -> bool:
        """Take in what someone else saved to the notes; True when there was something."""
        if self.read_only:
            return False
        if self._saving is not None:
            self._merge_waiting = True  # once ours is written: it may be all that changed
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
        if not pending and not self.article.unsaved(self.model.serialised):
            self._save_timer.stop()  # nothing of ours to add to what is on disk
            self._set_modified(False)
            self.undo_stack.setClean()
        messages.info(f"Notes of {self.path.name} changed on disk and were merged with yours")
        return True

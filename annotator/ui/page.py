"""One open article: its view, its passages panel, its undo stack and its saving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator import store
from annotator.anchoring import anchor_all
from annotator.article import Article
from annotator.document import read_document
from annotator.model import FUZZY, MOVED, ORPHANED, Annotation, make_annotation
from annotator.store import SidecarError
from annotator.ui import commands, qt_models
from annotator.ui.annotation_panel import AnnotationPanel
from annotator.ui.article_view import ArticleView
from annotator.ui.qt_models import AnnotationModel

SAVE_DELAY_MS = 500  # a change reaches the disk within a second


class Banner(QFrame):
    """A message that stays in the page until it no longer applies (never a dialog)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton("Save notes as…")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_message(self, text: str, warning: bool, offer_save_as: bool = False) -> None:
        """Show `text`; a warning is tinted so it is seen."""
        palette = self.palette()
        role = palette.ColorRole.Window
        base = self.parentWidget().palette().color(role) if self.parentWidget() else QColor()
        tint = QColor("#e53935" if warning else "#1e88e5")
        tint.setAlphaF(0.22)
        mixed = QColor.fromRgbF(
            base.redF() * (1 - tint.alphaF()) + tint.redF() * tint.alphaF(),
            base.greenF() * (1 - tint.alphaF()) + tint.greenF() * tint.alphaF(),
            base.blueF() * (1 - tint.alphaF()) + tint.blueF() * tint.alphaF(),
        )
        palette.setColor(role, mixed)
        self.setPalette(palette)
        self.label.setText(text)
        self.button.setVisible(offer_save_as)
        self.setAccessibleName("Warning" if warning else "Notice")
        self.show()


class ArticlePage(QWidget):
    """An article beside its passages; every edit is a command on its own undo stack."""

    summaryChanged = Signal()  # passage counts, saved state or read-only changed
    message = Signal(str)  # a short message for the status bar

    def __init__(self, article: Article, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article = article
        self.read_only = article.sidecar.read_only
        self.model = AnnotationModel(article.sidecar, self)
        self.undo_stack = QUndoStack(self)
        self.view = ArticleView()
        self.view.setAcceptDrops(False)  # files dropped on the article open in the window
        self.panel = AnnotationPanel(self.model)
        self.panel.set_read_only(self.read_only)
        self.banner = Banner(self)
        self.notice = Banner(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

        self.dirty = False
        self.save_error = ""
        self.watched_sidecar: Path | None = None
        self.own_write: Callable[[store.Saved], None] | None = None  # after a save: "mine"
        self._told_fallback = False
        self._following_view = False  # a click in the article chose the passage
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(SAVE_DELAY_MS)
        self.save_timer.timeout.connect(self.save)

        self.view.set_article(article.text, self._passages())
        self.model.rowsInserted.connect(self._rows_inserted)
        self.model.rowsAboutToBeRemoved.connect(self._rows_removing)
        self.model.dataChanged.connect(self._data_changed)
        self.model.modelReset.connect(self._repaint_all)
        self.model.tagsChanged.connect(self._repaint_all)
        self.model.edited.connect(self._edited)
        self.view.tagKeyPressed.connect(self.mark_with_key)
        self.view.clicked.connect(self._view_clicked)
        self.panel.currentChanged.connect(self._panel_current)
        self.panel.tagChosen.connect(self.set_tag)
        self.panel.statusChosen.connect(self.set_status)
        self.panel.noteEdited.connect(self.set_note)
        self.panel.deleteRequested.connect(self.delete)
        self.panel.reattachRequested.connect(self.reattach)
        self.panel.reviewRequested.connect(self.mark_reviewed)
        self.banner.button.clicked.connect(self.save_as)
        if self.read_only:
            self.notice.show_message(
                f"The notes of {article.path.name} were written by a newer version of "
                f"Annotator (sidecar version {article.sidecar.version}). They are shown "
                "read-only and will not be saved.",
                warning=False,
            )

    # -- what the window shows ---------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.article.path

    def summary(self) -> str:
        """Passage counts and anchoring verdicts: "12 passages · 2 moved · 1 orphaned"."""
        verdicts = self.model.verdicts()
        count = self.model.rowCount()
        parts = [f"{count} passage" if count == 1 else f"{count} passages"]
        for verdict in (MOVED, FUZZY, ORPHANED):
            if verdicts[verdict]:
                parts.append(f"{verdicts[verdict]} {verdict}")
        if self.read_only:
            parts.append("read-only")
        elif self.save_error:
            parts.append("not saved")
        return " · ".join(parts)

    def _passages(self) -> list[tuple[str, int, int, str]]:
        sidecar = self.model.sidecar
        colors = {tag: sidecar.tag_color(tag) for tag in {a.tag for a in sidecar.annotations}}
        return [
            (a.id, a.start, a.end, colors[a.tag]) for a in sidecar.annotations if not a.orphaned
        ]

    def _show(self, annotation: Annotation) -> None:
        if not annotation.orphaned:
            color = self.model.sidecar.tag_color(annotation.tag)
            self.view.add_passage(annotation.id, annotation.start, annotation.end, color)

    def _rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        for annotation in self.model.annotations[first : last + 1]:
            self._show(annotation)

    def _rows_removing(self, _parent: QModelIndex, first: int, last: int) -> None:
        for annotation in self.model.annotations[first : last + 1]:
            self.view.remove_passage(annotation.id)

    def _data_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        if top.column() > qt_models.TAG:
            return  # status or note: the highlight's colour is the tag's, unchanged
        if bottom.row() - top.row() > 8:
            return  # a wholesale change (tags) repaints everything through tagsChanged
        for annotation in self.model.annotations[top.row() : bottom.row() + 1]:
            self.view.remove_passage(annotation.id)
            self._show(annotation)

    def _repaint_all(self) -> None:
        self.view.set_passages(self._passages())

    def _view_clicked(self, offset: int) -> None:
        annotation = self.model.at(offset)
        if annotation is not None:
            self._following_view = True
            try:
                self.panel.select(annotation.id)
            finally:
                self._following_view = False

    def _panel_current(self, annotation_id: str) -> None:
        annotation = self.model.get(annotation_id) if annotation_id else None
        if annotation is not None and not annotation.orphaned and not self._following_view:
            self.view.select_span(annotation.start, annotation.end)
        self.summaryChanged.emit()

    # -- edits (each one a command) ---------------------------------------------------

    def _editable(self) -> bool:
        if self.read_only:
            self.message.emit("These notes are read-only (written by a newer Annotator)")
        return not self.read_only

    def mark_with_key(self, key: str) -> None:
        """Mark the selection with the tag whose key is `key`."""
        for tag in self.model.sidecar.tags:
            if tag.key == key:
                self.mark(tag.id)
                return
        self.message.emit(f"No tag has the key {key}")

    def mark(self, tag_id: str) -> Annotation | None:
        """Mark the selected text as a passage with this tag."""
        if not self._editable():
            return None
        span = self._selected_span()
        if span is None:
            self.message.emit("Select a passage in the article first")
            return None
        annotation = make_annotation(self.article.text, *span, tag=tag_id)
        self.undo_stack.push(commands.AddPassage(self.model, annotation))
        self._following_view = True  # keep the reader's scroll as it is
        try:
            self.panel.select(annotation.id)
        finally:
            self._following_view = False
        self.view.deselect()  # the passage shows in its tag's colour at once
        return annotation

    def _selected_span(self) -> tuple[int, int] | None:
        span = self.view.selection()
        if span is None:
            return None
        text = self.article.text
        start, end = span
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def delete(self, annotation_id: str = "") -> None:
        """Delete a passage (the current one by default)."""
        annotation_id = annotation_id or self.panel.current_id()
        if annotation_id and self._editable() and self.model.get(annotation_id):
            self.undo_stack.push(commands.DeletePassage(self.model, annotation_id))

    def set_tag(self, annotation_id: str, tag_id: str) -> None:
        """Give a passage another tag."""
        annotation = self.model.get(annotation_id)
        if annotation and annotation.tag != tag_id and self._editable():
            self.undo_stack.push(commands.SetField(self.model, annotation_id, "tag", tag_id))

    def set_status(self, annotation_id: str, status: str | None) -> None:
        """Set a passage's verification status."""
        annotation = self.model.get(annotation_id)
        if annotation and annotation.status != status and self._editable():
            self.undo_stack.push(commands.SetField(self.model, annotation_id, "status", status))

    def set_note(self, annotation_id: str, note: str) -> None:
        """Keep a note as it is typed."""
        annotation = self.model.get(annotation_id)
        if annotation and annotation.note != note and self._editable():
            self.undo_stack.push(commands.SetNote(self.model, annotation_id, note))

    def reattach(self, annotation_id: str = "") -> None:
        """Pin a passage (an orphan, usually) to the text selected in the article."""
        annotation = self.model.get(annotation_id or self.panel.current_id())
        if annotation is None or not self._editable():
            return
        span = self._selected_span()
        if span is None:
            self.message.emit("Select the text to re-attach the passage to")
            return
        new = commands.reattached(annotation, self.article.text, *span)
        self.undo_stack.push(commands.ReplacePassage(self.model, new, "Re-attach passage"))
        self.panel.select(new.id)

    def mark_reviewed(self, annotation_id: str = "") -> None:
        """Accept a moved or changed passage as it now reads."""
        annotation = self.model.get(annotation_id or self.panel.current_id())
        if annotation is None or annotation.orphaned or not self._editable():
            return
        if annotation.anchor not in (MOVED, FUZZY):
            return
        new = commands.reviewed(annotation, self.article.text)
        self.undo_stack.push(commands.ReplacePassage(self.model, new, "Mark reviewed"))
        self.panel.select(new.id)

    def step(self, forward: bool) -> None:
        """Go to the next (or previous) passage in document order."""
        ids = self.panel.visible_ids()
        if not ids:
            return
        current = self.panel.current_id()
        if current in ids:
            index = ids.index(current) + (1 if forward else -1)
        else:
            index = 0 if forward else len(ids) - 1
        self.panel.select(ids[index % len(ids)])

    # -- saving ------------------------------------------------------------------------

    def _edited(self) -> None:
        self.dirty = True
        if not self.read_only:
            self.save_timer.start()
        self.summaryChanged.emit()

    def save(self) -> bool:
        """Write the sidecar now if anything changed; on failure keep the work and say so."""
        self.save_timer.stop()
        if self.read_only or not self.dirty:
            return True
        try:
            saved = self.article.save()
        except (OSError, SidecarError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.save_error = str(reason)
            self.banner.show_message(
                f"Your notes could not be saved ({reason}). They are kept while the window "
                "stays open: save them elsewhere with “Save notes as…”.",
                warning=True,
                offer_save_as=True,
            )
            self.summaryChanged.emit()
            return False
        if self.own_write is not None:
            self.own_write(saved)
        if self.article.sidecar is not self.model.sidecar:
            self._show_merged()  # someone else's passages were merged in before writing
        self.save_timer.stop()
        self.dirty = False
        self.undo_stack.setClean()
        if self.save_error:
            self.save_error = ""
            self.banner.hide()
        if saved.fallback and not self._told_fallback:
            self._told_fallback = True
            self.notice.show_message(
                f"The folder of {self.path.name} cannot be written to, so its notes are "
                f"kept in {saved.path}",
                warning=False,
            )
            self.message.emit(f"Notes kept in {saved.path}")
        self.summaryChanged.emit()
        return True

    def save_as(self) -> bool:
        """Write the sidecar to a file she chooses (when it cannot be saved beside the article)."""
        suggested = str(Path.home() / store.beside(self.path).name)
        name, _ = QFileDialog.getSaveFileName(
            self, "Save notes as", suggested, "Annotator notes (*.annotations.json)"
        )
        return bool(name) and self.save_copy(Path(name))

    def save_copy(self, target: Path) -> bool:
        """Write the sidecar to `target`, atomically."""
        store.bind(self.model.sidecar, self.article.document)
        try:
            store.write_atomic(target, store.dumps(self.model.sidecar))
        except OSError as error:
            self.message.emit(f"Could not write {target}: {error.strerror or error}")
            return False
        self.message.emit(f"Notes written to {target}")
        return True

    # -- changes from outside (file watcher) ---------------------------------------------

    def reload_article(self) -> None:
        """Re-read the article file and re-anchor every passage in its new text."""
        document = read_document(self.path)
        anchor_all(self.model.sidecar.annotations, document.text)
        self.article.document = document
        self.undo_stack.clear()  # commands hold offsets into the old text
        self.view.set_article(document.text, [])
        self.model.reset()

    def merge_from_disk(self) -> bool:
        """Take in what someone else saved to the sidecar; True when there was something."""
        if not self.article.merge_from_disk():
            return False
        self._show_merged()
        if store.dumps(self.article.sidecar) != self.article.base:
            self._edited()  # ours holds what theirs lacks: write the union back
        return True

    def _show_merged(self) -> None:
        self.undo_stack.clear()  # commands hold passages of the sidecar before the merge
        self.model.reset(self.article.sidecar)


def shortcut_text(sequence: QKeySequence.StandardKey) -> str:
    """The first key sequence of a standard shortcut, as the user sees it."""
    bindings = QKeySequence.keyBindings(sequence)
    return bindings[0].toString(QKeySequence.SequenceFormat.NativeText) if bindings else ""

"""The passages beside the article: a filtered list, orphans apart, and an editor."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.model import AMBIGUOUS, FUZZY, MOVED, ORPHANED, STATUS_LABELS, STATUSES, Annotation
from annotator.text import snippet, word_diff
from annotator.ui import background, icons, qt_models
from annotator.ui.note_editor import NoteEditor
from annotator.ui.palette import is_dark
from annotator.ui.passage_filter import PassageFilter
from annotator.ui.passage_list import add_tag_choice, key_caps, size_columns, sortable, table
from annotator.ui.qt_models import NEEDS_REVIEW, AnnotationModel
from annotator.ui.suggested_list import SuggestionList
from annotator.ui.suggestions import KIND, WHAT, WHO, SuggestionModel
from annotator.ui.thread_view import ThreadView

GIVE_WAY_S = 0.1  # seconds workers pause for while what she did is painted

ORPHANS_TITLE = "Not found in the current text"
SUGGESTED_TITLE = "Suggested"


class AnnotationPanel(QWidget):
    """Lists the passages of one article and edits the selected one.

    It reads everything from the model and asks for changes by signals, so the page can
    turn each into an undoable command.
    """

    currentChanged = Signal(str)  # passage id, "" for none
    tagChosen = Signal(str, str)  # passage id, tag id
    statusChosen = Signal(str, object)  # passage id, status (None for no status)
    noteEdited = Signal(str, str)  # passage id, the note as typed
    replied = Signal(str, str)  # passage id, a reply to its thread
    resolvedChosen = Signal(str, bool)  # passage id, resolve (True) or reopen
    deleteRequested = Signal(str)
    reattachRequested = Signal(str)
    reviewRequested = Signal(str)
    suggestionAccepted = Signal(object, str)  # suggestion, tag key ("" for its kind's tag)
    suggestionDismissed = Signal(object)
    suggestionChosen = Signal(object)  # a suggestion made current: show it in the article
    passageMenuRequested = Signal(str, QPoint)  # right-click on a row: passage id, where
    shownChanged = Signal()  # the filters show other rows (see `shown`)

    def __init__(
        self,
        model: AnnotationModel,
        read_only: bool = False,
        parent: QWidget | None = None,
        suggestions: SuggestionModel | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._current = ""
        self._updating = False
        self.read_only = read_only

        self.tag_filter = QComboBox()
        self.tag_filter.setAccessibleName("Filter by tag")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        self.status_filter.addItem("Any status", None)
        for status in STATUSES:
            self.status_filter.addItem(STATUS_LABELS[status], status or "")
        self.status_filter.addItem(icons.icon(icons.REVIEW), "Needs review", NEEDS_REVIEW)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search quotes and notes")
        self.search.setPlaceholderText("Search quotes and notes")
        self.search.setClearButtonEnabled(True)

        self.found = PassageFilter(orphans=False, parent=self)
        self.found.setSourceModel(model)
        self.list = table("Passages", self.found)
        # Given the model once it has an orphan: filtering every row to find none is waste.
        self.orphans = PassageFilter(orphans=True, parent=self)
        self.orphan_label = QLabel(ORPHANS_TITLE)
        self.orphan_label.setToolTip(
            "These passages could not be found in the article as it now reads. Their notes "
            "are kept: re-attach one to a selection, or delete it."
        )
        self.orphan_list = table(ORPHANS_TITLE, self.orphans)
        self.orphan_list.setMaximumHeight(140)
        self.suggestion_model = suggestions
        self.suggested_label = QLabel(SUGGESTED_TITLE)
        self.suggested_label.setToolTip(
            "Quotations and who said them, figures and dates found in the article. Enter or "
            "a tag's key marks one (the speaker goes in the note); Delete dismisses it."
        )
        self.suggested = table(
            SUGGESTED_TITLE, suggestions, SuggestionList(), (WHAT,), ((KIND, 80), (WHO, 150))
        )
        self.suggested.setSortingEnabled(False)
        self.suggested.accepted.connect(self.suggestionAccepted)
        self.suggested.dismissed.connect(self.suggestionDismissed)
        if suggestions is not None:
            self.suggested.selectionModel().currentRowChanged.connect(self._suggestion_current)
            for change in (
                suggestions.modelReset,
                suggestions.rowsInserted,
                suggestions.rowsRemoved,
            ):
                change.connect(self._count_suggestions)
        self.suggestions_shown = suggestions is not None

        self.editor = QGroupBox("Selected passage")
        self.quote = QLabel()  # the passage's own quotation marks, in italics, not ours
        self.quote.setWordWrap(True)
        font = self.quote.font()
        font.setItalic(True)
        self.quote.setFont(font)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review = QLabel()
        self.review.setWordWrap(True)
        self.review_button = QPushButton("Mark reviewed")
        self.review_button.setToolTip("Accept the passage as it now reads in the article")
        self.tag_edit = QComboBox()
        self.tag_edit.setAccessibleName("Tag of the passage")
        self.status_edit = QComboBox()
        self.status_edit.setAccessibleName("Status of the passage")
        for status in STATUSES:
            self.status_edit.addItem(icons.status_icon(status), STATUS_LABELS[status], status)
        self.note = NoteEditor()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Note on this passage")
        self.note.setTabChangesFocus(True)
        self.reattach_button = QPushButton("Re-attach to selection")
        self.reattach_button.setToolTip("Pin this passage to the text selected in the article")
        self.delete_button = QPushButton("Delete")
        self.thread = ThreadView()
        self.thread.replied.connect(lambda text: self.replied.emit(self._current, text))
        self.thread.resolvedChosen.connect(lambda on: self.resolvedChosen.emit(self._current, on))

        self._layout()
        self._count_suggestions()  # once laid out: shown before, it would be a window of its own
        self._refresh_tags()
        self._show_editor(None)
        self._update_orphans()  # (and the Found column: shown while a passage needs review)
        self.orphan_list.setColumnHidden(qt_models.FOUND, True)  # every one "not found"

        self.tag_filter.currentIndexChanged.connect(self._filter)
        self.status_filter.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        key_caps(self.tag_filter, self)
        for view in (self.list, self.orphan_list):
            view.selectionModel().currentRowChanged.connect(self._row_changed)
            sortable(view)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda point, v=view: self._row_menu(v, point))
        for proxy in (self.found, self.orphans):
            for change in (proxy.layoutChanged, proxy.rowsInserted, proxy.rowsRemoved):
                change.connect(self.shownChanged)
            proxy.modelReset.connect(self.shownChanged)
        self.tag_edit.activated.connect(self._tag_chosen)
        self.status_edit.activated.connect(self._status_chosen)
        self.note.textChanged.connect(self._note_changed)
        self.delete_button.clicked.connect(lambda: self._ask(self.deleteRequested))
        self.reattach_button.clicked.connect(lambda: self._ask(self.reattachRequested))
        self.review_button.clicked.connect(lambda: self._ask(self.reviewRequested))
        model.dataChanged.connect(self._data_changed)
        for rows_changed in (model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            rows_changed.connect(self._rows_changed)
        model.tagsChanged.connect(self._refresh_tags)

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.status_filter, 1)
        form = QFormLayout()
        form.addRow("Tag", self.tag_edit)
        form.addRow("Status", self.status_edit)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review, 1)
        review_row.addWidget(self.review_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reattach_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        editor = QVBoxLayout(self.editor)
        editor.addWidget(self.quote)
        editor.addLayout(review_row)
        editor.addLayout(form)
        editor.addWidget(self.note, 1)
        editor.addWidget(self.thread)
        editor.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.orphan_label)
        layout.addWidget(self.orphan_list, 1)
        layout.addWidget(self.suggested_label)
        layout.addWidget(self.suggested, 3)
        layout.addWidget(self.editor, 2)

    # -- suggestions ---------------------------------------------------------------------

    def show_suggestions(self, shown: bool) -> None:
        """Show the Suggested section, or hide it."""
        self.suggestions_shown = shown and self.suggestion_model is not None
        self._count_suggestions()

    def select_suggestion(self, row: int) -> None:
        """Make the suggestion on a row (or the last one) current, to go on reviewing."""
        model = self.suggestion_model
        if model is None or not model.rowCount():
            return
        index = model.index(min(row, model.rowCount() - 1), 0)
        self.suggested.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.suggested.scrollTo(index)

    def _suggestion_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        suggestion = self.suggestion_model.suggestion(current.row()) if current.isValid() else None
        if suggestion is not None:
            self.suggestionChosen.emit(suggestion)

    def _count_suggestions(self, *_args: object) -> None:
        model = self.suggestion_model
        count = model.rowCount() if model is not None else 0
        busy = model is not None and model.computing
        self.suggested_label.setText(
            f"{SUGGESTED_TITLE} (finding…)"
            if busy and not count
            else f"{SUGGESTED_TITLE} ({count})"
        )
        for widget in (self.suggested_label, self.suggested):
            widget.setVisible(self.suggestions_shown)

    # -- the list ----------------------------------------------------------------------

    def current_id(self) -> str:
        """The id of the passage being edited, or ""."""
        return self._current

    def current(self) -> Annotation | None:
        """The passage being edited, or None."""
        return self.model.get(self._current) if self._current else None

    def select(self, annotation_id: str) -> None:
        """Make a passage current and show its row (if the filters let it show)."""
        row = self.model.row_of(annotation_id)
        if row < 0:
            return
        source = self.model.index(row, 0)
        for view, proxy, other in (
            (self.list, self.found, self.orphan_list),
            (self.orphan_list, self.orphans, self.list),
        ):
            if proxy.sourceModel() is None:
                continue
            index = proxy.mapFromSource(source)
            if index.isValid():
                other.selectionModel().clear()
                view.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                view.scrollTo(index)
                return
        self._set_current(annotation_id)  # filtered out of both lists: still edit it

    def visible_ids(self, orphans: bool = False) -> list[str]:
        """Ids of the rows the filters let through, top to bottom."""
        proxy = self.orphans if orphans else self.found
        return [
            proxy.data(proxy.index(row, 0), qt_models.ID_ROLE) for row in range(proxy.rowCount())
        ]

    def _filter(self) -> None:
        tag = self.tag_filter.currentData()
        status = self.status_filter.currentData()
        for proxy in (self.found, self.orphans):
            proxy.set_filter(tag, status, self.search.text())
        self._update_orphans()
        self.shownChanged.emit()

    def shown(self) -> tuple[int, int] | None:
        """How many passages the filters let through, of how many; None when unfiltered."""
        found = self.found
        if found.tag is None and found.status is None and not found.words:
            return None
        orphans = self.orphans.rowCount() if self.orphans.sourceModel() is not None else 0
        return found.rowCount() + orphans, self.model.rowCount()

    def _row_menu(self, view, point: QPoint) -> None:
        """A right-click on a row: make its passage current, then ask for its menu."""
        index = view.indexAt(point)
        if index.isValid():
            passage_id = index.data(qt_models.ID_ROLE)
            self.select(passage_id)
            self.passageMenuRequested.emit(passage_id, view.viewport().mapToGlobal(point))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        annotation_id = current.data(qt_models.ID_ROLE)
        other = self.orphan_list if current.model() is self.found else self.list
        other.selectionModel().clear()
        self._set_current(annotation_id)

    def _set_current(self, annotation_id: str) -> None:
        changed = annotation_id != self._current
        if changed:  # her pick: the article jumps to it and both are painted anew
            background.give_way(GIVE_WAY_S)  # (workers that look pause meanwhile)
        self._current = annotation_id
        self._show_editor(self.current())
        if changed:
            self.currentChanged.emit(annotation_id)

    def _rows_changed(self) -> None:
        self._update_orphans()
        if self._current and self.model.get(self._current) is None:
            if self.editor.isAncestorOf(self.focusWidget() or self):
                self.list.setFocus()  # the editor is about to be disabled: keep the focus here
            self._current = ""
            self._show_editor(None)
            self.currentChanged.emit("")
        elif self._current:
            self._show_editor(self.current())

    def _data_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        row = self.model.row_of(self._current) if self._current else -1
        if top.row() <= row <= bottom.row():
            self._show_editor(self.current())

    def _update_orphans(self) -> None:
        has_orphans = self.model.verdicts()[ORPHANED] > 0
        if has_orphans and self.orphans.sourceModel() is None:
            self.orphans.setSourceModel(self.model)
            size_columns(self.orphan_list)
            self.orphan_list.setColumnHidden(qt_models.FOUND, True)  # every one "not found"
        verdicts = self.model.verdicts()
        to_review = any(verdicts[v] for v in (MOVED, FUZZY, AMBIGUOUS))
        self.list.setColumnHidden(qt_models.FOUND, not to_review)
        self.orphan_label.setVisible(has_orphans)
        self.orphan_list.setVisible(has_orphans)

    def _refresh_tags(self) -> None:
        chosen = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        self.tag_edit.clear()
        known = set()
        for tag in self.model.sidecar.tags:
            add_tag_choice(self.tag_filter, tag, tag.label, tag.id)
            self.tag_edit.addItem(tag.label, tag.id)
            known.add(tag.id)
        for annotation in self.model.annotations:  # tags no longer in the list are kept
            if annotation.tag not in known:
                known.add(annotation.tag)
                label = self.model.sidecar.tag_label(annotation.tag)
                self.tag_filter.addItem(label, annotation.tag)
                self.tag_edit.addItem(label, annotation.tag)
        index = self.tag_filter.findData(chosen)
        self.tag_filter.setCurrentIndex(max(0, index))
        self.tag_filter.blockSignals(False)
        widest = max(
            (self.fontMetrics().horizontalAdvance(t.label) for t in self.model.sidecar.tags),
            default=60,
        )
        for view in (self.list, self.orphan_list):
            # Room for the swatch and the longest label, but never squeezing the quote out.
            view.horizontalHeader().resizeSection(qt_models.TAG, min(widest + 40, 140))
        self._filter()
        self._show_editor(self.current())

    # -- the editor --------------------------------------------------------------------

    def _show_editor(self, annotation: Annotation | None) -> None:
        self._updating = True
        try:
            self.editor.setEnabled(annotation is not None)
            editable = annotation is not None and not self.read_only
            for widget in (self.tag_edit, self.status_edit, self.delete_button):
                widget.setEnabled(editable)
            self.note.setReadOnly(not editable)
            self.thread.show_thread(annotation, editable)
            if annotation is None:
                self.quote.setText("Select a passage in the list, or mark one in the article.")
                self.review.hide()
                self.review_button.hide()
                self.reattach_button.setEnabled(False)
                self.note.setPlainText("")
                return
            self.quote.setText(snippet(annotation.exact, 240))
            review = qt_models.REVIEW_LABELS.get(annotation.anchor)
            if annotation.orphaned:
                self.review.setText("Not found in the current text: this is the stored quote.")
            elif review:
                self.review.setText(self._review_text(annotation, review))
            self.review.setVisible(annotation.orphaned or bool(review))
            self.review_button.setVisible(bool(review) and not annotation.orphaned)
            self.review_button.setEnabled(editable)
            self.reattach_button.setEnabled(editable)
            self.tag_edit.setCurrentIndex(max(0, self.tag_edit.findData(annotation.tag)))
            status = annotation.status
            self.status_edit.setCurrentIndex(STATUSES.index(status) if status in STATUSES else 0)
            if self.note.toPlainText() != annotation.note:
                self.note.setPlainText(annotation.note)
                self.note.moveCursor(self.note.textCursor().MoveOperation.End)
        finally:
            self._updating = False

    def _review_text(self, annotation: Annotation, label: str) -> str:
        """What changed, for her to check: the verdict, and the words before → after."""
        text = f"Found, but {label.replace(' — review', '')}: check it."
        previous = (annotation.review or {}).get("previous") or {}
        before = previous.get("exact")
        if not isinstance(before, str) or before == annotation.exact:
            return text
        dark = is_dark(self.palette())
        colors = {"-": "#ef9a9a" if dark else "#c62828", "+": "#a5d6a7" if dark else "#2e7d32"}
        pieces = []
        for operation, words in word_diff(snippet(before, 240), snippet(annotation.exact, 240)):
            words = html.escape(words)
            if operation == "=":
                pieces.append(words)
            elif operation == "-":
                gap = "" if words[-1:].isspace() else " "  # the new words follow, apart
                pieces.append(f'<s style="color:{colors["-"]}">{words}</s>{gap}')
            else:
                pieces.append(f'<u style="color:{colors["+"]}">{words}</u>')
        return f"{html.escape(text)}<br>{''.join(pieces)}"

    def _tag_chosen(self, index: int) -> None:
        annotation = self.current()
        tag = self.tag_edit.itemData(index)
        if annotation is not None and tag != annotation.tag:
            self.tagChosen.emit(annotation.id, tag)

    def _status_chosen(self, index: int) -> None:
        annotation = self.current()
        status = self.status_edit.itemData(index)
        if annotation is not None and status != annotation.status:
            self.statusChosen.emit(annotation.id, status)

    def _note_changed(self) -> None:
        if self._updating or not self._current or self.read_only:
            return
        background.give_way(GIVE_WAY_S)  # she types: her row and note are painted anew
        self.noteEdited.emit(self._current, self.note.toPlainText())

    def _ask(self, signal) -> None:
        if self._current:
            signal.emit(self._current)

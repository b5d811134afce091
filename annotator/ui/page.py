"""One open article on screen: the article beside its passages, showing one session."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMenu,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.clutter import summary as clutter_summary
from annotator.ui import icons
from annotator.ui.annotation_panel import AnnotationPanel
from annotator.ui.article_view import ArticleView
from annotator.ui.banner import Banner
from annotator.ui.passage_menu import add_mark_entries, add_passage_entries, passage_title
from annotator.ui.session import ArticleSession

StandardKey = QKeySequence.StandardKey
GIVE_WAY_S = 0.1  # seconds workers pause for while the page is laid out again


class ArticlePage(QWidget):
    """Shows an `ArticleSession`: its article, its passages, banners for its state.

    It holds no state of its own beyond what is on screen (the selection, the current
    passage); every change goes to the session, and comes back through its model.
    """

    summaryChanged = Signal(str)  # the counts for the status bar, as `summary()` says them

    def __init__(
        self,
        session: ArticleSession,
        parent: QWidget | None = None,
        view: ArticleView | None = None,
    ) -> None:
        """`view`: one already showing the article's text (the window's first paint)."""
        super().__init__(parent)
        self.session = session
        session.setParent(self)  # the session lives as long as its page
        self.view = view or ArticleView()
        self.view.setAcceptDrops(False)  # files dropped on the article open in the window
        self.view.attach(session)
        self.panel = AnnotationPanel(
            session.model, read_only=session.read_only, suggestions=session.suggestions
        )
        self.banner = Banner("Save notes as…", self)  # a failed save: until one succeeds
        self.notice = Banner("", self)  # read-only notes, notes kept in another folder
        self.progress = QProgressBar(self)  # a long re-anchoring of a changed article
        self.progress.setFormat("Finding the passages in the changed article… %v of %m")
        self.progress.setAccessibleName("Re-anchoring progress")
        self.progress.hide()
        self.clutter_notice = Banner("Hide", self)  # paragraphs dimmed as clutter
        self.clutter_notice.button.setAccessibleName("Show or hide the dimmed paragraphs")
        self.clutter_shown = True
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.view.show()  # (one shown before, on its own, was hidden when taken from there)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.progress)
        layout.addWidget(self.clutter_notice)
        layout.addWidget(self.splitter, 1)

        self._following_view = False  # a click in the article chose the passage
        self.context_menu: QMenu | None = None  # the right-click menu open, if any
        self.view.menuRequested.connect(self.show_article_menu)
        self.panel.passageMenuRequested.connect(self.show_passage_menu)
        self._summary = ""  # the counts last announced
        session.summaryChanged.connect(self._counts_changed)
        self.panel.shownChanged.connect(self._counts_changed)
        self.view.tagKeyPressed.connect(self.key_pressed)
        self.view.clicked.connect(self._view_clicked)
        self.panel.currentChanged.connect(self._panel_current)
        self.panel.tagChosen.connect(session.set_tag)
        self.panel.statusChosen.connect(session.set_status)
        self.panel.noteEdited.connect(session.set_note)
        self.panel.replied.connect(session.reply)
        self.panel.resolvedChosen.connect(session.set_resolved)
        self.panel.deleteRequested.connect(session.delete)
        self.panel.reattachRequested.connect(self.reattach)
        self.panel.reviewRequested.connect(session.mark_reviewed)
        self.panel.suggestionAccepted.connect(self.accept_suggestion)
        self.panel.suggestionDismissed.connect(self.dismiss_suggestion)
        self.panel.suggestionChosen.connect(lambda s: self.view.select_span(s.start, s.end))
        self.banner.button.clicked.connect(self.save_as)
        self.clutter_notice.button.clicked.connect(
            lambda: self.show_clutter(not self.clutter_shown)
        )
        session.stateChanged.connect(self._show_state)
        session.progressChanged.connect(self._show_progress)
        session.reloaded.connect(lambda _old: session.look_for_clutter())
        session.clutterFound.connect(lambda: self.show_clutter(self.clutter_shown))
        self._show_state()
        # Clutter is looked for once the article is on screen, in a thread: on a very long
        # article it takes a moment, which neither the first paint nor she should wait for.
        look = lambda: QTimer.singleShot(0, session, session.look_for_clutter)  # noqa: E731
        if self.view.painted:  # (the window's first stage painted it already)
            look()
        else:
            self.view.firstPainted.connect(look)

    @property
    def path(self) -> Path:
        return self.session.path

    def summary(self) -> str:
        """The session's counts; "3 of 12 passages shown" while the list is filtered."""
        text = self.session.summary()
        shown = self.panel.shown()
        if shown is None:
            return text
        _count, _, rest = text.partition(" · ")
        noun = "passage" if shown[1] == 1 else "passages"
        return " · ".join(filter(None, (f"{shown[0]} of {shown[1]} {noun} shown", rest)))

    def _counts_changed(self, *_args: object) -> None:
        summary = self.summary()
        if summary != self._summary:
            self._summary = summary
            self.summaryChanged.emit(summary)

    # -- right-click menus -------------------------------------------------------------

    def show_article_menu(self, offset: int, where: QPoint) -> None:
        """The menu of the article at an offset: mark the selected text; the passages
        there (one, or a submenu each where they overlap); copy."""
        menu = QMenu(self)
        selection = self.view.selection()
        if selection is not None:
            add_mark_entries(menu, self.session, self.apply_tag)
        passages = self.session.model.holding(offset)
        for annotation in passages:
            title = passage_title(self.session, annotation)
            if len(passages) == 1:
                menu.addSection(title)
                target = menu
            else:
                target = menu.addMenu(
                    icons.tag_icon(self.session.model.sidecar.tag_color(annotation.tag)), title
                )
            self._passage_entries(target, annotation.id)
        menu.addSeparator()
        native = QKeySequence.SequenceFormat.NativeText
        keys = {
            k: QKeySequence(k).toString(native) for k in (StandardKey.Copy, StandardKey.SelectAll)
        }
        copy = menu.addAction(f"&Copy\t{keys[StandardKey.Copy]}", self.view.copy)
        copy.setEnabled(selection is not None)
        menu.addAction(f"Select &All\t{keys[StandardKey.SelectAll]}", self.view.selectAll)
        self._popup(menu, where)

    def show_passage_menu(self, passage_id: str, where: QPoint) -> None:
        """The menu of a passage's row in the list."""
        if self.session.model.get(passage_id) is None:
            return
        menu = QMenu(self)
        self._passage_entries(menu, passage_id)
        self._popup(menu, where)

    def _passage_entries(self, menu: QMenu, passage_id: str) -> None:
        annotation = self.session.model.get(passage_id)
        assert annotation is not None
        add_passage_entries(
            menu, self.session, annotation, selection=self.view.selection(),
            edit_note=self.edit_note, reattach=self.reattach,
        )  # fmt: skip

    def _popup(self, menu: QMenu, where: QPoint) -> None:
        if self.context_menu is not None:
            self.context_menu.close()
        self.context_menu = menu
        menu.aboutToHide.connect(menu.deleteLater)
        menu.aboutToHide.connect(lambda: self._menu_closed(menu))
        menu.popup(where)

    def _menu_closed(self, menu: QMenu) -> None:
        if self.context_menu is menu:
            self.context_menu = None

    def edit_note(self, passage_id: str) -> None:
        """Make a passage current and put the cursor in its note."""
        self.panel.select(passage_id)
        self.panel.note.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what the reporter does here -------------------------------------------------

    def key_pressed(self, key: str) -> None:
        """A tag's key pressed in the article."""
        tag = self.session.tag_for_key(key)
        if tag is not None:
            self.apply_tag(tag.id)

    def apply_tag(self, tag_id: str) -> None:
        """Mark the selected text with a tag; with no text selected, retag the current passage."""
        span = self.view.selection()
        current = self.panel.current_id()
        if span is None and current:
            self.session.set_tag(current, tag_id)
            return
        annotation = self.session.mark(tag_id, span)
        if annotation is not None:
            self._following_view = True  # keep the reader's scroll as it is
            try:
                self.panel.select(annotation.id)
            finally:
                self._following_view = False
            self.view.deselect()  # the passage shows in its tag's colour at once

    def accept_suggestion(self, suggestion, key: str = "") -> None:
        """Mark a suggestion: with the tag of `key`, or its kind's tag; then on to the next."""
        tag = self.session.tag_for_key(key) if key else None
        if key and tag is None:
            return
        row = self.session.suggestions.row_of(suggestion)
        if self.session.accept_suggestion(suggestion, tag.id if tag else None) is not None:
            self.panel.select_suggestion(row)
            self.panel.suggested.setFocus()

    def dismiss_suggestion(self, suggestion) -> None:
        """Stop offering a suggestion; then on to the next."""
        row = self.session.suggestions.row_of(suggestion)
        self.session.dismiss_suggestion(suggestion)
        self.panel.select_suggestion(row)

    def show_suggestions(self, shown: bool) -> None:
        """Show the suggestions (faint marks and the Suggested section), or hide them all."""
        self.view.show_suggestions(shown)
        self.panel.show_suggestions(shown)

    def set_status(self, status: str | None) -> None:
        """Set the current passage's status."""
        if self.panel.current_id():
            self.session.set_status(self.panel.current_id(), status)

    def delete(self) -> None:
        """Delete the current passage."""
        if self.panel.current_id():
            self.session.delete(self.panel.current_id())

    def reattach(self, annotation_id: str = "") -> None:
        """Pin the current passage to the text selected in the article."""
        annotation_id = annotation_id or self.panel.current_id()
        if annotation_id:
            self.session.reattach(annotation_id, self.view.selection())
            self.panel.select(annotation_id)

    def mark_reviewed(self) -> None:
        """Accept the current passage as it now reads."""
        if self.panel.current_id():
            self.session.mark_reviewed(self.panel.current_id())

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

    def save_as(self) -> bool:
        """Write the notes to a file she chooses (when they cannot go beside the article)."""
        suggested = str(Path.home() / self.session.notes_file_name())
        name, _ = QFileDialog.getSaveFileName(
            self, "Save notes as", suggested, "Annotator notes (*.annotations.json)"
        )
        return bool(name) and self.session.save_copy(Path(name))

    def show_clutter(self, shown: bool) -> None:
        """Show the paragraphs flagged as clutter dimmed, or hide them; say how many."""
        if not self.session.article.clutter_known():
            return  # not looked for yet: shown when it is
        found = self.session.clutter()
        self.clutter_shown = shown
        marked = [(a.start, a.end) for a in self.session.model.annotations if not a.orphaned]
        kept = [c for c in found if any(s < c.end and e > c.start for s, e in marked)]
        hidden = [] if shown else [(c.start, c.end) for c in found if c not in kept]
        self.view.set_clutter([(c.start, c.end) for c in found], hidden)
        if not found:
            self.clutter_notice.hide()
            return
        what = clutter_summary(found)
        state = "dimmed" if shown else "hidden"
        if kept and not shown:
            state += f" ({len(kept)} with a passage on {'it' if len(kept) == 1 else 'them'} stays)"
        self.clutter_notice.show_message(
            f"{what[0].upper()}{what[1:]} — {state}; the brief leaves them out", warning=False
        )
        self.clutter_notice.button.setText("Hide" if shown else "Show")

    # -- keeping the view and the panel together ---------------------------------------

    def _view_clicked(self, offset: int) -> None:
        annotation = self.session.model.at(offset)
        if annotation is not None:
            self._following_view = True
            try:
                self.panel.select(annotation.id)
            finally:
                self._following_view = False

    def _panel_current(self, annotation_id: str) -> None:
        annotation = self.session.model.get(annotation_id) if annotation_id else None
        if annotation is not None and not annotation.orphaned and not self._following_view:
            self.view.select_span(annotation.start, annotation.end)

    def _show_progress(self, done: int, total: int) -> None:
        """How far a long re-anchoring has got; hidden when it is over (0 of 0)."""
        if bool(total) != self.progress.isVisible():  # the page is laid out and painted
            from annotator.ui import background  # again: workers give way meanwhile

            background.give_way(GIVE_WAY_S)
        if not total:
            self.progress.hide()
            return
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.show()

    def _show_state(self) -> None:
        session = self.session
        if session.save_error:
            self.banner.show_message(
                f"Your notes could not be saved ({session.save_error}). They are kept while "
                "the window stays open: save them elsewhere with “Save notes as…”.",
                warning=True,
            )
        else:
            self.banner.hide()
        if session.read_only:
            self.notice.show_message(
                f"The notes of {self.path.name} were written by a newer version of Annotator "
                f"(sidecar version {session.article.sidecar.version}). They are shown "
                "read-only and will not be saved.",
                warning=False,
            )
        elif session.elsewhere is not None:
            self.notice.show_message(
                f"The folder of {self.path.name} cannot be written to, so its notes are "
                f"kept in {session.elsewhere}",
                warning=False,
            )

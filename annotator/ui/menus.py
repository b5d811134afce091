"""Every action of the main window, its shortcut and its menu, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QToolBar

from annotator.model import STATUS_LABELS, STATUSES
from annotator.ui import brief_return, icons
from annotator.ui.actions import add_action

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import ArticleSession

STATUS_SHORTCUTS = ("Ctrl+Shift+0", "Ctrl+Shift+1", "Ctrl+Shift+2", "Ctrl+Shift+3")


class WindowActions:
    """The window's actions; `update` enables them for the current article."""

    def __init__(self, window: MainWindow) -> None:
        key = QKeySequence.StandardKey
        on_page = window.with_page
        self.open_action = add_action(
            window, "&Open…", window.open_dialog, key.Open, icon=icons.OPEN
        )
        self.close_action = add_action(window, "&Close", window.close_current, key.Close)
        self.save_as_action = add_action(
            window, "Save Notes &As…", lambda: on_page(lambda p: p.save_as()), key.SaveAs,
            tip="Write this article's notes to a file you choose",
        )  # fmt: skip
        self.export_action = add_action(
            window, "&Export Brief…", window.export_brief, "Ctrl+E", icon=icons.EXPORT
        )
        self.import_comments_action = add_action(
            window, "&Import Editor's Comments…", lambda: brief_return.import_comments(window),
            tip="Bring an editor's replies, resolved flags and new comments back from a Word brief",
        )  # fmt: skip
        self.print_action = add_action(
            window, "&Print…", window.print_article, key.Print,
            tip="Print the article with its highlights and notes",
        )  # fmt: skip
        self.details_action = add_action(
            window, "Source &Details…", window.edit_source_details, "Ctrl+I"
        )
        self.quit_action = add_action(window, "&Quit", window.close, key.Quit)

        self.undo_action = window.undo_group.createUndoAction(window, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(key.Undo))
        self.undo_action.setIcon(icons.icon(icons.UNDO))
        self.redo_action = window.undo_group.createRedoAction(window, "&Redo")
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        redo_keys += [k for k in QKeySequence.keyBindings(key.Redo) if k not in redo_keys]
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.setIcon(icons.icon(icons.REDO))
        window.addActions([self.undo_action, self.redo_action])
        self.find_action = add_action(window, "&Find…", window.show_find, key.Find, icon=icons.FIND)
        self.find_next_action = add_action(
            window, "Find &Next", lambda: window.find_bar.find(False), key.FindNext
        )
        self.find_previous_action = add_action(
            window, "Find Pre&vious", lambda: window.find_bar.find(True), key.FindPrevious
        )
        self.tags_action = add_action(window, "Edit &Tags…", window.edit_tags, icon=icons.TAG)

        self.zoom_in_action = add_action(
            window, "Zoom &In", lambda: window.zoom(1), key.ZoomIn, "Ctrl+="
        )
        self.zoom_out_action = add_action(window, "Zoom &Out", lambda: window.zoom(-1), key.ZoomOut)
        self.zoom_reset_action = add_action(
            window, "&Reset Zoom", lambda: window.zoom(None), "Ctrl+0"
        )

        self.status_actions = []
        for status, shortcut in zip(STATUSES, STATUS_SHORTCUTS, strict=True):
            action = add_action(
                window, STATUS_LABELS[status],
                lambda s=status: on_page(lambda p: p.set_status(s)), shortcut,
            )  # fmt: skip
            action.setIcon(icons.status_icon(status))
            self.status_actions.append(action)
        self.note_action = add_action(window, "Edit &Note", window.edit_note, "F2", icon=icons.NOTE)
        self.delete_action = add_action(
            window, "&Delete Passage", lambda: on_page(lambda p: p.delete()), key.Delete
        )
        self.next_action = add_action(
            window, "Ne&xt Passage", lambda: on_page(lambda p: p.step(True)), "F8"
        )
        self.previous_action = add_action(
            window, "Pre&vious Passage", lambda: on_page(lambda p: p.step(False)), "Shift+F8"
        )
        self.reattach_action = add_action(
            window, "&Re-attach to Selection", lambda: on_page(lambda p: p.reattach()),
            "Ctrl+Shift+R", tip="Pin the current passage to the text selected in the article",
            icon=icons.ORPHAN,
        )  # fmt: skip
        self.review_action = add_action(
            window, "&Mark Reviewed", lambda: on_page(lambda p: p.mark_reviewed()),
            "Ctrl+Shift+M", tip="Accept a moved or changed passage as it now reads",
            icon=icons.REVIEW,
        )  # fmt: skip
        self.review_all_action = add_action(
            window, "Mark &All Reviewed",
            lambda: on_page(lambda p: p.session.mark_all_reviewed()), "Ctrl+Alt+M",
            tip="Accept every moved or changed passage as it now reads (one undo step)",
        )  # fmt: skip
        self.suggestions_action = add_action(
            window, "Show &Suggestions", window.toggle_suggestions, "Ctrl+Alt+S",
            tip="Offer quotations and their speakers, figures and dates to mark", checkable=True,
        )  # fmt: skip
        self.sample_action = add_action(window, "Open &Sample Article", window.open_sample)
        self.about_action = add_action(window, "&About Annotator", window.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.preferences_action = add_action(
            window, "&Preferences…", window.edit_preferences, key.Preferences,
            tip="Your name, which signs your passages, notes and the brief's comments",
        )  # fmt: skip
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.shortcuts_action = add_action(
            window, "&Keyboard Shortcuts", window.show_shortcuts, key.HelpContents, "Ctrl+/"
        )
        self._fill_recent = window.fill_recent
        self._tags_shown: tuple | None = None  # what the tag actions show (see show_tags)

    def build_menus(self, bar: QMenuBar, tag_bar: QToolBar) -> None:
        """File, Edit, View, Passage and Help, as a desktop program has them."""
        file = bar.addMenu("&File")
        file.addAction(self.open_action)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addActions([self.save_as_action, self.export_action, self.import_comments_action])
        file.addAction(self.print_action)
        file.addAction(self.details_action)
        file.addSeparator()
        file.addActions([self.close_action, self.quit_action])
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.find_action, self.find_next_action, self.find_previous_action])
        edit.addSeparator()
        edit.addAction(self.tags_action)
        edit.addSeparator()
        edit.addAction(self.preferences_action)
        view = self.view_menu = bar.addMenu("&View")
        view.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action])
        view.addSeparator()
        view.addAction(self.suggestions_action)
        view.addAction(tag_bar.toggleViewAction())
        passage = bar.addMenu("&Passage")
        self.tag_menu = passage.addMenu("&Tag")
        self.status_menu = passage.addMenu("&Status")
        self.status_menu.addActions(self.status_actions)
        passage.addAction(self.note_action)
        passage.addSeparator()
        passage.addActions([self.next_action, self.previous_action])
        passage.addSeparator()
        passage.addActions([self.review_action, self.review_all_action])
        passage.addActions([self.reattach_action, self.delete_action])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.sample_action, self.about_action])

    def update(self, session: ArticleSession | None) -> None:
        """Enable what applies to the current article (none, read-only, or editable)."""
        has_page = session is not None
        editable = has_page and not session.read_only
        for action in (self.close_action, self.export_action, self.find_action,
                       self.find_next_action, self.find_previous_action, self.zoom_in_action,
                       self.zoom_out_action, self.zoom_reset_action, self.next_action,
                       self.previous_action, self.note_action, self.save_as_action,
                       self.details_action, self.print_action):  # fmt: skip
            action.setEnabled(has_page)
        for action in (*self.status_actions, self.delete_action, self.reattach_action,
                       self.review_action, self.review_all_action, self.tags_action):  # fmt: skip
            action.setEnabled(editable)
        self.status_menu.setEnabled(editable)

    def show_tags(self, window: MainWindow) -> None:
        """One toolbar button and one Passage ▸ Tag entry per tag of the current article
        (`window.tag_actions`)."""
        session = window.session
        tags = session.model.sidecar.tags if session else []
        shown = (
            tuple((t.id, t.label, t.color, t.key) for t in tags),
            bool(session and session.read_only),
        )
        if shown == self._tags_shown:
            return  # (a tab switched to shows the same tags: nothing to lay out again)
        self._tags_shown = shown
        for action in window.tag_actions:
            window.tag_bar.removeAction(action)
            action.deleteLater()
        window.tag_actions = []
        self.tag_menu.clear()
        for tag in tags:
            action = QAction(icons.tag_icon(tag.color, tag.key), tag.label, window)
            hint = f" (key {tag.key})" if tag.key else ""
            action.setToolTip(f"Mark the selection as {tag.label}{hint}")
            action.setStatusTip(action.toolTip())
            if tag.key:
                action.setIconText(tag.label)
                action.setText(f"{tag.label}\t{tag.key}")
            action.triggered.connect(
                lambda _checked=False, t=tag.id: window.with_page(lambda p: p.apply_tag(t))
            )
            action.setEnabled(not session.read_only)
            window.tag_bar.addAction(action)
            button = window.tag_bar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(f"Mark as {tag.label}")
            self.tag_menu.addAction(action)
            window.tag_actions.append(action)
        self.tag_menu.setEnabled(bool(tags))

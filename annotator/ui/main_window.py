"""The main window: open articles in tabs, menus and shortcuts, undo, find, export.

The window talks to the current article through `page` and `session`, and hears the
signals of the current tab only (through `CurrentTabFilter`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.formats import file_filter
from annotator.ui import messages, reopening
from annotator.ui.first_paint import StagedStart
from annotator.ui.settings import Settings
from annotator.ui.signal_filter import CurrentTabFilter
from annotator.ui.window_dialogs import WindowDialogs

# What the first paint does not need is imported when the rest of the window is built
# (see `MainWindow._build_rest`): the engine, the page and its panel, menus, dialogs;
# and Qt's namespace `Qt`, whose 93 enums take PySide6 15 ms to make when first touched.
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from annotator.document import Document
    from annotator.ui.article_view import ArticleView
    from annotator.ui.page import ArticlePage
    from annotator.ui.session import ArticleSession

APP_NAME = "Annotator"
ARTICLE_FILTER = file_filter()  # every supported format first, then each, then all files
# Suggestions, clutter and the notes' bytes are worked out in Python threads, which hold
# the interpreter's lock 5 ms at a time by default: with two or three of them running,
# the UI thread waited for it up to 100 ms at a time; every 1 ms, 30–60 ms at most.
SWITCH_INTERVAL = 0.001  # seconds a thread holds Python's lock before the UI thread's turn
GIVE_WAY_S = 0.1  # seconds workers pause for while a page is shown (see background.give_way)
INFO_MS = 8000  # how long a passing word stays in the status bar


class MainWindow(StagedStart, WindowDialogs, QMainWindow):
    """Articles in tabs, each shown by a page over its own session."""

    ready = Signal()  # a staged window is built, its first article open (see `staged`)

    def __init__(self, settings: Settings | None = None, staged: bool = False) -> None:
        """The window; `staged`: only what a first paint needs now, the rest once it is
        painted (see `first_paint`). Otherwise everything is built here (`is_ready`)."""
        super().__init__()
        self.settings = settings or Settings()
        self.is_ready = False
        self._first = None  # the text shown by open_first, until opened
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.setAccessibleName("Open articles")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        central = QWidget()
        self._layout = layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.resize(1180, 760)
        if not self.settings.geometry.isEmpty():
            self.restoreGeometry(self.settings.geometry)
        if not staged:
            self._build_rest()

    def _build_rest(self) -> None:
        """Everything the first paint can do without: a staged window's second stage.

        Menus, toolbars, docks and dialogs are added here, as they would be in
        `__init__`; the window is `ready` at the end.
        """
        if self.is_ready:
            return
        from PySide6.QtCore import QSize, Qt
        from PySide6.QtGui import QUndoGroup

        from annotator.ui import icons
        from annotator.ui.banner import Banner
        from annotator.ui.export_dialog import BriefExport
        from annotator.ui.find_bar import FindBar
        from annotator.ui.menus import WindowActions

        self.alert = Banner("Dismiss")  # what she asked for and could not be done
        self.alert.button.clicked.connect(self.alert.hide)
        self._layout.insertWidget(0, self.alert)

        sys.setswitchinterval(SWITCH_INTERVAL)  # (see SWITCH_INTERVAL)
        from annotator.ui.story_tags import StoryTags
        from annotator.ui.story_view import StoryDock

        self.brief = BriefExport(self, self.settings)
        self.brief.author = (self.settings.author_name, self.settings.author_initials)
        self._name_hinted = False  # the hint to set her name, given once a run
        self.story_tags = StoryTags(self)
        self.setWindowIcon(icons.app_icon())
        self.undo_group = QUndoGroup(self)
        self.current_only = CurrentTabFilter(self.tabs)
        self.empty = self._empty_page()
        self.stack.insertWidget(0, self.empty)
        self.find_bar = FindBar()
        self._layout.addWidget(self.find_bar)
        self.counts = QLabel()
        self.counts.setAccessibleName("Passage counts")
        self.statusBar().addPermanentWidget(self.counts)
        self.tag_bar = QToolBar("Tags")
        self.tag_bar.setObjectName("tags")
        self.tag_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tag_bar.setIconSize(QSize(18, 18))
        self.addToolBar(self.tag_bar)
        self.tag_actions: list[QAction] = []

        self.menus = WindowActions(self)
        self.menus.build_menus(self.menuBar(), self.tag_bar)
        self.menus.suggestions_action.setChecked(self.settings.show_suggestions)
        self.tabs.tabCloseRequested.connect(lambda index: self.close_page(self._page_at(index)))
        self.tabs.currentChanged.connect(self._current_changed)
        self.tabs.tabBar().tabMoved.connect(lambda *_: reopening.remember(self))
        self.find_bar.findRequested.connect(self._find)
        self.find_bar.closed.connect(self._find_closed)
        messages.bridge().shown.connect(self._show_message)

        self.story = StoryDock.docked(self)  # the sources of the current article's folder
        if not self.settings.window_state.isEmpty():
            self.restoreState(self.settings.window_state)
        self.is_ready = True
        self._current_changed()

    def _empty_page(self) -> QWidget:
        from PySide6.QtCore import Qt

        page = QWidget()
        label = QLabel(
            "<h2>No article open</h2><p>Open an article (Ctrl+O) — text, a saved web "
            "page, PDF, Word, OpenDocument or e-mail — drop one here, or try the sample "
            "article.</p>"
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        sample = QPushButton("Open the sample article")
        sample.clicked.connect(self.open_sample)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addWidget(sample, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return page

    # -- the current article -------------------------------------------------------------

    @property
    def page(self) -> ArticlePage | None:
        """The page of the current tab, or None when no article is open."""
        return self._page_at(self.tabs.currentIndex())

    @property
    def session(self) -> ArticleSession | None:
        """The session of the current tab, or None when no article is open."""
        page = self.page
        return page.session if page else None

    def _page_at(self, index: int) -> ArticlePage | None:
        widget = self.tabs.widget(index)
        if widget is None:
            return None
        from annotator.ui.page import ArticlePage  # loaded with the first article

        return widget if isinstance(widget, ArticlePage) else None

    def pages(self) -> list[ArticlePage]:
        """Every open article's page, in tab order."""
        return [p for p in map(self._page_at, range(self.tabs.count())) if p is not None]

    def with_page(self, action) -> None:
        """Run `action(page)` on the current page, if there is one."""
        page = self.page
        if page is not None:
            action(page)

    def _current_changed(self, _index: int = -1) -> None:
        page = self.page
        from annotator.ui import background  # (not before the first paint)

        background.give_way(GIVE_WAY_S)  # the page shown paints its tables cell by cell
        self.stack.setCurrentWidget(self.tabs if page else self.empty)
        if page is not None:
            self.undo_group.setActiveStack(page.session.undo_stack)
        self._rebuild_tags()
        if page is not None:  # with no article open, the story stays on its folder
            self.story.set_folder(page.path.parent)
            reopening.remember(self)
        self.menus.update(page.session if page else None)
        self._update_title()
        self.counts.setText(page.summary() if page else "")

    def _update_title(self) -> None:
        session = self.session
        if session is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowModified(False)
            return
        suffix = " (read-only)" if session.read_only else ""
        self.setWindowTitle(f"{session.path.name}[*]{suffix} — {APP_NAME}")
        self.setWindowModified(session.modified)

    def _update_tab(self, page: ArticlePage, notes: Path | None = None) -> None:
        """The tab's name (⚠ while its notes are not saved); its tip says where they are."""
        index = self.tabs.indexOf(page)
        if index >= 0:
            warning = " ⚠" if page.session.save_error else ""
            self.tabs.setTabText(index, page.path.name + warning)
            if notes is not None:
                self.tabs.setTabToolTip(index, f"{page.path}\nNotes: {notes}")

    def _rebuild_tags(self) -> None:
        """One toolbar button and one Passage ▸ Tag entry per tag of the current article."""
        self.menus.show_tags(self)

    def _show_message(self, level: messages.Level, text: str) -> None:
        """Where each kind of message goes: the status bar, or a banner for an error.

        A dialog is only for a question she must answer; an error stays in a banner
        until she dismisses it or opens an article.
        """
        if level is messages.Level.ERROR:
            self.alert.show_message(text, warning=True)
        else:
            self.statusBar().showMessage(text, INFO_MS if level is messages.Level.INFO else 0)

    # -- opening and closing -------------------------------------------------------------

    def open_dialog(self) -> None:
        folder = self.settings.last_folder or str(Path.home())
        names, _ = QFileDialog.getOpenFileNames(self, "Open article", folder, ARTICLE_FILTER)
        for name in names:
            self.open_path(Path(name))

    def open_sample(self) -> None:
        from annotator.samples import sample_copy

        try:
            self.open_path(sample_copy())
        except OSError as error:
            messages.error(f"The sample article cannot be copied: {error}")

    def open_path(self, path: Path | str) -> ArticlePage | None:
        """Open an article in a new tab (or show it if it is open); None when it cannot be.

        A staged window not yet built is built first (its first article opened first)."""
        if not self.is_ready:
            self.finish_start()
        return self._open(Path(path).absolute())

    def _open(
        self,
        path: Path,
        document: Document | None = None,
        view: ArticleView | None = None,
        stamp: tuple[int, int] | None = None,
    ) -> ArticlePage | None:
        """`stamp`: the file's size and time of change before `document` was read."""
        from annotator.article import open_article
        from annotator.document import DocumentError
        from annotator.model import FUZZY, MOVED
        from annotator.store import SidecarError
        from annotator.ui.first_paint import open_showing
        from annotator.ui.page import ArticlePage
        from annotator.ui.session import ArticleSession

        for page in self.pages():
            if page.path == path:
                self.tabs.setCurrentWidget(page)
                return page
        from annotator.ui.relink_offer import offer_relink

        offer_relink(self, path, self._close_tabs_of)  # notes left under its old name, if any
        from annotator.document import stamp_of

        if document is None or stamp is None:
            stamp = stamp_of(path)  # before it is read: a change after it is noticed
        rows = None
        try:
            if view is None:  # its notes read while the text is laid out
                opened, view = open_showing(path, self.settings.zoom, document)
                article, rows = opened.article, opened.rows
            else:
                article = open_article(path, document)
        except DocumentError as error:
            messages.error(f"Cannot open the article: {error}")
            return None
        except SidecarError as error:
            messages.error(
                f"The notes of {path.name} cannot be read: {error}.\n\n"
                "The article was not opened, so nothing will overwrite that file. Move or "
                "repair it, then open the article again."
            )
            return None
        except OSError as error:
            messages.error(f"Cannot open the article {path}: {error.strerror or error}")
            return None
        self.alert.hide()
        if article.sidecar_path is None:  # new notes: the story's tags, if it has any
            self.story_tags.report(path.parent)
        page = ArticlePage(ArticleSession(article, stamp=stamp, rows=rows), view=view)
        elsewhere = {
            other.path.name: other.session.article.text
            for other in self.pages()
            if other.path.parent != path.parent
        }
        if elsewhere:  # quotations compared with the open articles of other folders too
            page.session.suggestions.companions = elsewhere
            page.session.suggestions.compute()
        self._connect(page)
        self.undo_group.addStack(page.session.undo_stack)
        index = self.tabs.addTab(page, path.name)
        self.tabs.setTabToolTip(index, str(path))
        self.tabs.setCurrentIndex(index)
        self.settings.add_recent(str(path))
        self.settings.last_folder = str(path.parent)
        reopening.remember(self)
        page.view.setFocus()
        if article.reader_changed:
            messages.info(
                f"{path.name} was read by {article.reader_changed} when its notes were "
                f"written and by {article.document.reader} {article.document.reader_version} "
                "now: passages were found again in the new text; check those marked for review"
            )
        elif article.verdicts.get(MOVED) or article.verdicts.get(FUZZY):
            messages.info(
                "The article changed since the notes were written: check the passages "
                "marked for review"
            )
        return page

    def _connect(self, page: ArticlePage) -> None:
        session = page.session
        session.author = self.settings.author_name
        session.unsigned.connect(self._hint_name)
        page.view.set_zoom(self.settings.zoom)
        page.show_suggestions(self.settings.show_suggestions)
        page.splitter.setSizes(self.settings.splitter)
        page.splitter.splitterMoved.connect(
            lambda *_: setattr(self.settings, "splitter", page.splitter.sizes())
        )
        session.stateChanged.connect(lambda: self._update_tab(page))
        session.saved.connect(lambda saved: self._update_tab(page, saved.path))
        self.current_only.connect(
            session.modifiedChanged, page, lambda _modified: self._update_title()
        )
        self.current_only.connect(page.summaryChanged, page, self.counts.setText)
        self.current_only.connect(session.model.tagsChanged, page, self._rebuild_tags)

    def close_current(self) -> None:
        self.close_page(self.page)

    def close_page(self, page: ArticlePage | None) -> bool:
        """Save and close one article; False when she chose to keep it open."""
        if page is None:
            return True
        from annotator.store import LOCK_TIMEOUT

        if not page.session.save(wait=LOCK_TIMEOUT) and not self._confirm_discard(page):
            return False
        page.session.close()
        self.undo_group.removeStack(page.session.undo_stack)
        self.tabs.removeTab(self.tabs.indexOf(page))
        page.deleteLater()
        reopening.remember(self)
        return True

    def _close_tabs_of(self, path: Path) -> int | None:
        """Save and close the tabs of `path` (its notes are moving to another article):
        how many were closed, or None when she kept one open."""
        pages = [page for page in self.pages() if page.path.absolute() == path]
        return len(pages) if all(map(self.close_page, pages)) else None

    def _confirm_discard(self, page: ArticlePage) -> bool:
        answer = QMessageBox.warning(
            self,
            "Notes not saved",
            f"The notes of {page.path.name} could not be saved ({page.session.save_error}).\n\n"
            "Save them elsewhere first, or close and lose the changes since the last save?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return page.save_as()
        return answer == QMessageBox.StandardButton.Discard

    def save_all(self) -> bool:
        """Save every open article now (on quitting, a signal, a crash); True if all were."""
        from annotator.store import LOCK_TIMEOUT

        return all([page.session.save(wait=LOCK_TIMEOUT) for page in self.pages()])

    def closeEvent(self, event: QCloseEvent) -> None:
        from annotator.store import LOCK_TIMEOUT

        for page in self.pages():
            if not page.session.save(wait=LOCK_TIMEOUT) and not self._confirm_discard(page):
                event.ignore()
                return
        self.settings.geometry = self.saveGeometry()
        if self.is_ready:  # (before, there are no toolbars to remember)
            self.brief.wait()
            self.settings.window_state = self.saveState()
        self.settings.sync()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        for path in files:
            self.open_path(path)
        if files:
            event.acceptProposedAction()

    # -- reading -----------------------------------------------------------------------

    def show_find(self) -> None:
        page = self.page
        if page is None:
            return
        selected = page.view.selected_text()
        self.find_bar.open_bar(selected if "\n" not in selected else "")

    def _find(self, text: str, backward: bool) -> None:
        page = self.page
        if page is not None:
            self.find_bar.show_result(page.view.find_text(text, backward))

    def _find_closed(self) -> None:
        from PySide6.QtCore import Qt

        self.with_page(lambda page: page.view.setFocus(Qt.FocusReason.OtherFocusReason))

    def zoom(self, step: int | None) -> None:
        """Make the article type larger or smaller (None: back to the default)."""
        steps = 0 if step is None else self.settings.zoom + step
        for page in self.pages():
            page.view.set_zoom(steps)
        page = self.page
        self.settings.zoom = page.view.zoom if page else steps

    def toggle_suggestions(self) -> None:
        """Show or hide the suggestions in every open article (and remember it)."""
        shown = self.menus.suggestions_action.isChecked()
        self.settings.show_suggestions = shown
        for page in self.pages():
            page.show_suggestions(shown)

    def edit_note(self) -> None:
        page = self.page
        if page is not None and page.panel.current_id():
            from PySide6.QtCore import Qt

            page.panel.note.setFocus(Qt.FocusReason.ShortcutFocusReason)

"""The main window: open articles in tabs, menus and shortcuts, undo, find, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator import store
from annotator.article import open_article
from annotator.document import DocumentError
from annotator.model import STATUS_LABELS, STATUSES, Tag
from annotator.store import SidecarError
from annotator.ui import commands, icons
from annotator.ui.actions import add_action
from annotator.ui.export_dialog import ExportDialog, ExportWorker, snapshot
from annotator.ui.find_bar import FindBar
from annotator.ui.page import ArticlePage
from annotator.ui.settings import Settings
from annotator.ui.source_details import SourceDetailsDialog
from annotator.ui.tag_manager import TagManagerDialog
from annotator.ui.watcher import FileWatcher

APP_NAME = "Annotator"
ARTICLE_FILTER = "Text files (*.txt *.text *.md);;All files (*)"
STATUS_SHORTCUTS = ("Ctrl+Shift+0", "Ctrl+Shift+1", "Ctrl+Shift+2", "Ctrl+Shift+3")


def tag_icon(color: str, key: str, size: int = 18) -> QIcon:
    """A swatch in a tag's colour with its key written on it."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(color)
    painter.setBrush(fill)
    painter.setPen(fill.darker(150))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 4, 4)
    if key:
        painter.setPen(QColor("#000000") if fill.lightnessF() > 0.5 else QColor("#ffffff"))
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(size - 6)
        painter.setFont(font)
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, key)
    painter.end()
    return QIcon(pixmap)


class MainWindow(QMainWindow):
    """Articles in tabs, each with its passages and its own undo stack."""

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.open_exports = True  # offer to open a finished brief; tests switch this off
        self.export_worker: ExportWorker | None = None
        self.watcher = FileWatcher(self)
        self.watcher.articleChanged.connect(self._article_changed)
        self.watcher.sidecarChanged.connect(self._sidecar_changed)

        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.setWindowIcon(icons.app_icon())
        self.undo_group = QUndoGroup(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.setAccessibleName("Open articles")
        self.empty = self._empty_page()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tabs)
        self.find_bar = FindBar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.counts = QLabel()
        self.counts.setAccessibleName("Passage counts")
        self.statusBar().addPermanentWidget(self.counts)
        self.tag_bar = QToolBar("Tags")
        self.tag_bar.setObjectName("tags")
        self.tag_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tag_bar.setIconSize(QSize(18, 18))
        self.addToolBar(self.tag_bar)
        self.tag_actions: list[QAction] = []

        self._create_actions()
        self._create_menus()
        self.tabs.tabCloseRequested.connect(lambda index: self.close_page(self.page(index)))
        self.tabs.currentChanged.connect(self._current_changed)
        self.undo_group.cleanChanged.connect(self._update_title)
        self.find_bar.findRequested.connect(self._find)
        self.find_bar.closed.connect(self._find_closed)

        self.resize(1180, 760)
        if not self.settings.geometry.isEmpty():
            self.restoreGeometry(self.settings.geometry)
        if not self.settings.window_state.isEmpty():
            self.restoreState(self.settings.window_state)
        self._current_changed()

    def _empty_page(self) -> QWidget:
        page = QWidget()
        label = QLabel(
            "<h2>No article open</h2><p>Open a text file (Ctrl+O), drop one here, "
            "or try the sample article.</p>"
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

    # -- actions and menus ---------------------------------------------------------------

    def _create_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.open_action = add_action(self, "&Open…", self.open_dialog, key.Open)
        self.close_action = add_action(self, "&Close", self.close_current, key.Close)
        self.save_as_action = add_action(
            self, "Save Notes &As…", self.save_as, key.SaveAs,
            tip="Write this article's notes to a file you choose",
        )  # fmt: skip
        self.export_action = add_action(self, "&Export Brief…", self.export_brief, "Ctrl+E")
        self.details_action = add_action(
            self, "Source &Details…", self.edit_source_details, "Ctrl+I"
        )
        self.quit_action = add_action(self, "&Quit", self.close, key.Quit)

        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(key.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        redo_keys += [k for k in QKeySequence.keyBindings(key.Redo) if k not in redo_keys]
        self.redo_action.setShortcuts(redo_keys)
        self.addActions([self.undo_action, self.redo_action])
        self.find_action = add_action(self, "&Find…", self.show_find, key.Find)
        self.find_next_action = add_action(
            self, "Find &Next", lambda: self.find_bar.find(False), key.FindNext
        )
        self.find_previous_action = add_action(
            self, "Find Pre&vious", lambda: self.find_bar.find(True), key.FindPrevious
        )
        self.tags_action = add_action(self, "Edit &Tags…", self.edit_tags)

        self.zoom_in_action = add_action(
            self, "Zoom &In", lambda: self.zoom(1), key.ZoomIn, "Ctrl+="
        )
        self.zoom_out_action = add_action(self, "Zoom &Out", lambda: self.zoom(-1), key.ZoomOut)
        self.zoom_reset_action = add_action(self, "&Reset Zoom", lambda: self.zoom(None), "Ctrl+0")

        self.status_actions = []
        for status, shortcut in zip(STATUSES, STATUS_SHORTCUTS, strict=True):
            action = add_action(
                self, STATUS_LABELS[status], lambda s=status: self._on_page("set_status", s),
                shortcut,
            )  # fmt: skip
            self.status_actions.append(action)
        self.note_action = add_action(self, "Edit &Note", self.edit_note, "F2")
        self.delete_action = add_action(
            self, "&Delete Passage", lambda: self._on_page("delete"), key.Delete
        )
        self.next_action = add_action(
            self, "Ne&xt Passage", lambda: self._on_page("step", True), "F8"
        )
        self.previous_action = add_action(
            self, "Pre&vious Passage", lambda: self._on_page("step", False), "Shift+F8"
        )
        self.reattach_action = add_action(
            self, "&Re-attach to Selection", lambda: self._on_page("reattach"), "Ctrl+Shift+R",
            tip="Pin the current passage to the text selected in the article",
        )  # fmt: skip
        self.review_action = add_action(
            self, "&Mark Reviewed", lambda: self._on_page("mark_reviewed"), "Ctrl+Shift+M",
            tip="Accept a moved or changed passage as it now reads",
        )  # fmt: skip
        self.sample_action = add_action(self, "Open &Sample Article", self.open_sample)
        self.about_action = add_action(self, "&About Annotator", self.about)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self.open_action)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addAction(self.save_as_action)
        file.addAction(self.export_action)
        file.addAction(self.details_action)
        file.addSeparator()
        file.addAction(self.close_action)
        file.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(self.find_action)
        edit.addAction(self.find_next_action)
        edit.addAction(self.find_previous_action)
        edit.addSeparator()
        edit.addAction(self.tags_action)
        view = bar.addMenu("&View")
        view.addAction(self.zoom_in_action)
        view.addAction(self.zoom_out_action)
        view.addAction(self.zoom_reset_action)
        view.addSeparator()
        view.addAction(self.tag_bar.toggleViewAction())
        passage = bar.addMenu("&Passage")
        self.tag_menu = passage.addMenu("&Tag")
        self.status_menu = passage.addMenu("&Status")
        self.status_menu.addActions(self.status_actions)
        passage.addAction(self.note_action)
        passage.addSeparator()
        passage.addAction(self.next_action)
        passage.addAction(self.previous_action)
        passage.addSeparator()
        passage.addAction(self.review_action)
        passage.addAction(self.reattach_action)
        passage.addAction(self.delete_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.sample_action)
        help_menu.addAction(self.about_action)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(Path(p)))
        if not recent:
            self.recent_menu.addAction("No recent articles").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings.recent_files = []

    def _rebuild_tags(self) -> None:
        """One toolbar button and one Passage ▸ Tag entry per tag of the current article."""
        for action in self.tag_actions:
            self.tag_bar.removeAction(action)
            action.deleteLater()
        self.tag_actions = []
        self.tag_menu.clear()
        page = self.current_page()
        tags: list[Tag] = page.model.sidecar.tags if page else []
        for tag in tags:
            text = f"{tag.label}"
            action = QAction(tag_icon(tag.color, tag.key), text, self)
            hint = f" (key {tag.key})" if tag.key else ""
            action.setToolTip(f"Mark the selection as {tag.label}{hint}")
            action.setStatusTip(action.toolTip())
            if tag.key:
                action.setIconText(f"{tag.label}")
                action.setText(f"{tag.label}\t{tag.key}")
            action.triggered.connect(lambda _checked=False, t=tag.id: self._tag_action(t))
            action.setEnabled(not page.read_only)
            self.tag_bar.addAction(action)
            button = self.tag_bar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(f"Mark as {tag.label}")
            self.tag_menu.addAction(action)
            self.tag_actions.append(action)
        self.tag_menu.setEnabled(bool(tags))

    def _tag_action(self, tag_id: str) -> None:
        """A tag chosen from the toolbar or menu: mark the selection, or retag the current
        passage when nothing is selected."""
        page = self.current_page()
        if page is None:
            return
        if page.view.selection() is None and page.panel.current_id():
            page.set_tag(page.panel.current_id(), tag_id)
        else:
            page.mark(tag_id)

    def _on_page(self, method: str, *args: object) -> None:
        page = self.current_page()
        if page is None:
            return
        if method == "set_status":
            current = page.panel.current_id()
            if current:
                page.set_status(current, *args)  # type: ignore[arg-type]
            return
        getattr(page, method)(*args)

    def _update_actions(self) -> None:
        page = self.current_page()
        has_page = page is not None
        editable = has_page and not page.read_only
        for action in (self.close_action, self.export_action, self.find_action,
                       self.find_next_action, self.find_previous_action, self.zoom_in_action,
                       self.zoom_out_action, self.zoom_reset_action, self.next_action,
                       self.previous_action, self.note_action):  # fmt: skip
            action.setEnabled(has_page)
        self.save_as_action.setEnabled(has_page)
        for action in (*self.status_actions, self.delete_action, self.reattach_action,
                       self.review_action):  # fmt: skip
            action.setEnabled(editable)
        self.status_menu.setEnabled(editable)
        self.tags_action.setEnabled(editable)
        self.details_action.setEnabled(has_page)

    # -- pages -------------------------------------------------------------------------

    def page(self, index: int) -> ArticlePage | None:
        widget = self.tabs.widget(index)
        return widget if isinstance(widget, ArticlePage) else None

    def pages(self) -> list[ArticlePage]:
        return [p for p in (self.page(i) for i in range(self.tabs.count())) if p is not None]

    def current_page(self) -> ArticlePage | None:
        return self.page(self.tabs.currentIndex())

    def _current_changed(self, _index: int = -1) -> None:
        page = self.current_page()
        self.stack.setCurrentWidget(self.tabs if page else self.empty)
        if page is not None:
            self.undo_group.setActiveStack(page.undo_stack)
        self._rebuild_tags()
        self._update_actions()
        self._update_title()
        self._update_summary()

    def _update_title(self) -> None:
        page = self.current_page()
        if page is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowModified(False)
            return
        suffix = " (read-only)" if page.read_only else ""
        self.setWindowTitle(f"{page.path.name}[*]{suffix} — {APP_NAME}")
        self.setWindowModified(not page.read_only and not page.undo_stack.isClean())

    def _update_summary(self) -> None:
        page = self.current_page()
        self.counts.setText(page.summary() if page else "")

    def show_error(self, title: str, text: str) -> None:
        """One clear message the user must see."""
        QMessageBox.warning(self, title, text)

    # -- opening -----------------------------------------------------------------------

    def open_dialog(self) -> None:
        folder = self.settings.last_folder or str(Path.home())
        names, _ = QFileDialog.getOpenFileNames(self, "Open article", folder, ARTICLE_FILTER)
        for name in names:
            self.open_path(Path(name))

    def open_sample(self) -> None:
        from annotator.ui.app import sample_copy

        try:
            self.open_path(sample_copy())
        except OSError as error:
            self.show_error("Cannot open the sample", f"The sample cannot be copied: {error}")

    def open_path(self, path: Path | str) -> ArticlePage | None:
        """Open an article in a new tab (or show it if it is open); None when it cannot be."""
        path = Path(path).absolute()
        for page in self.pages():
            if page.path == path:
                self.tabs.setCurrentWidget(page)
                return page
        try:
            article = open_article(path)
        except DocumentError as error:
            self.show_error("Cannot open the article", str(error))
            return None
        except SidecarError as error:
            self.show_error(
                "Cannot open the notes",
                f"The notes of {path.name} cannot be read: {error}.\n\n"
                "The article was not opened, so nothing will overwrite that file. Move or "
                "repair it, then open the article again.",
            )
            return None
        except OSError as error:
            self.show_error("Cannot open the article", f"{path}: {error.strerror or error}")
            return None
        page = ArticlePage(article)
        page.view.set_zoom(self.settings.zoom)
        page.splitter.setSizes(self.settings.splitter)
        page.splitter.splitterMoved.connect(lambda _pos, _index, p=page: self._splitter_moved(p))
        page.summaryChanged.connect(lambda p=page: self._page_summary_changed(p))
        page.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        page.model.tagsChanged.connect(lambda p=page: self._page_tags_changed(p))
        page.own_write = lambda saved, p=page: self._own_write(p, saved)
        self.undo_group.addStack(page.undo_stack)
        index = self.tabs.addTab(page, path.name)
        self.tabs.setTabToolTip(index, str(path))
        self.tabs.setCurrentIndex(index)
        self.settings.add_recent(str(path))
        self.settings.last_folder = str(path.parent)
        self._watch(page)
        page.view.setFocus()
        if article.verdicts.get("moved") or article.verdicts.get("fuzzy"):
            self.statusBar().showMessage(
                "The article changed since the notes were written: check the passages "
                "marked for review",
                8000,
            )
        return page

    def _watch(self, page: ArticlePage) -> None:
        page.watched_sidecar = page.article.sidecar_path or store.beside(page.path)
        self.watcher.watch(page.path, page.watched_sidecar)

    def _own_write(self, page: ArticlePage, saved: store.Saved) -> None:
        """Tell the watcher a save was ours; follow the notes if they went elsewhere."""
        if page.watched_sidecar != saved.path:
            page.watched_sidecar = saved.path
            self.watcher.watch(page.path, saved.path)
        else:
            self.watcher.note_own_write(saved.path, saved.payload)

    def _splitter_moved(self, page: ArticlePage) -> None:
        self.settings.splitter = page.splitter.sizes()

    def _page_summary_changed(self, page: ArticlePage) -> None:
        if page is self.current_page():
            self._update_summary()
            self._update_title()
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.setTabText(index, page.path.name + (" ⚠" if page.save_error else ""))

    def _page_tags_changed(self, page: ArticlePage) -> None:
        if page is self.current_page():
            self._rebuild_tags()

    def close_current(self) -> None:
        page = self.current_page()
        if page is not None:
            self.close_page(page)

    def close_page(self, page: ArticlePage | None) -> bool:
        """Save and close one article; False when she chose to keep it open."""
        if page is None:
            return True
        if not page.save() and not self._confirm_discard(page):
            return False
        self.undo_group.removeStack(page.undo_stack)
        self.watcher.unwatch(page.path)
        self.tabs.removeTab(self.tabs.indexOf(page))
        page.deleteLater()
        return True

    def _confirm_discard(self, page: ArticlePage) -> bool:
        answer = QMessageBox.warning(
            self,
            "Notes not saved",
            f"The notes of {page.path.name} could not be saved ({page.save_error}).\n\n"
            "Save them elsewhere first, or close and lose the changes since the last save?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return page.save_as()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages():
            if not page.save() and not self._confirm_discard(page):
                event.ignore()
                return
        if self.export_worker is not None:
            self.export_worker.wait()
        self.settings.geometry = self.saveGeometry()
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
        page = self.current_page()
        if page is None:
            return
        cursor = page.view.textCursor()
        selected = cursor.selectedText() if cursor.hasSelection() else ""
        self.find_bar.open_bar(selected if "\u2029" not in selected else "")

    def _find(self, text: str, backward: bool) -> None:
        page = self.current_page()
        if page is not None:
            self.find_bar.show_result(page.view.find_text(text, backward))

    def _find_closed(self) -> None:
        page = self.current_page()
        if page is not None:
            page.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def zoom(self, step: int | None) -> None:
        """Make the article type larger or smaller (None: back to the default)."""
        steps = 0 if step is None else self.settings.zoom + step
        for page in self.pages():
            page.view.set_zoom(steps)
        page = self.current_page()
        self.settings.zoom = page.view.zoom if page else steps

    def edit_note(self) -> None:
        page = self.current_page()
        if page is not None and page.panel.current_id():
            page.panel.note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- saving and export -------------------------------------------------------------

    def save_as(self) -> None:
        page = self.current_page()
        if page is not None:
            page.save_as()

    def export_brief(self) -> None:
        page = self.current_page()
        if page is None or self.export_worker is not None:
            return
        folder = Path(self.settings.last_folder or page.path.parent)
        dialog = ExportDialog(page.path, len(self.pages()), folder, self)
        dialog.accepted.connect(lambda: self._start_export(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _start_export(self, dialog: ExportDialog) -> None:
        page = self.current_page()
        pages = self.pages() if dialog.include_all() else [page] if page else []
        if not pages:
            return
        out, fmt = dialog.output_path(), dialog.chosen_format()
        worker = ExportWorker([snapshot(p.article) for p in pages], out, fmt, self)
        progress = QProgressDialog("Writing the brief…", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowTitle("Export brief")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)

        def progressed(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        def finished() -> None:
            progress.close()
            progress.deleteLater()
            worker.deleteLater()
            self.export_worker = None

        worker.progressed.connect(progressed)
        worker.succeeded.connect(self._exported)
        worker.failed.connect(lambda error: self.show_error("The brief was not written", error))
        worker.finished.connect(finished)
        self.export_worker = worker
        self.statusBar().showMessage(f"Writing {out.name}…")
        worker.start()

    def _exported(self, out: str) -> None:
        self.statusBar().showMessage(f"Brief written to {out}", 8000)
        if not self.open_exports:
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Brief exported",
            f"The brief was written to {out}.",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(out)))
        box.open()

    # -- hooks to tag manager, source details and the file watcher ------------------------

    def edit_tags(self) -> None:
        page = self.current_page()
        if page is None or page.read_only:
            return
        dialog = TagManagerDialog(list(page.model.sidecar.tags), self)
        if dialog.exec():
            tags = dialog.tags()
            if tags != page.model.sidecar.tags:
                page.undo_stack.push(commands.SetTags(page.model, tags))

    def edit_source_details(self) -> None:
        page = self.current_page()
        if page is None:
            return
        metadata = dict(page.model.sidecar.source.metadata)
        dialog = SourceDetailsDialog(metadata, page.article.text, page.path, self)
        if dialog.exec() and not page.read_only:
            new = dialog.metadata()
            if new != page.model.sidecar.source.metadata:
                page.undo_stack.push(commands.SetMetadata(page.model, new))

    def _page_for(self, path: str, sidecar: bool) -> ArticlePage | None:
        wanted = Path(path).absolute()
        for page in self.pages():
            mine = page.article.sidecar_path or store.beside(page.path) if sidecar else page.path
            if Path(mine).absolute() == wanted:
                return page
        return None

    def _article_changed(self, path: str) -> None:
        page = self._page_for(path, sidecar=False)
        if page is None:
            return
        try:
            page.reload_article()
        except DocumentError as error:
            self.statusBar().showMessage(f"{page.path.name} changed but cannot be read: {error}")
            return
        self.statusBar().showMessage(
            f"{page.path.name} changed on disk: passages re-anchored ({page.summary()})", 8000
        )

    def _sidecar_changed(self, path: str) -> None:
        page = self._page_for(path, sidecar=True)
        if page is None or page.read_only:
            return
        try:
            merged = page.merge_from_disk()
        except SidecarError as error:
            self.statusBar().showMessage(f"The notes changed on disk but cannot be read: {error}")
            return
        if merged:
            self.statusBar().showMessage(
                f"Notes of {page.path.name} changed on disk and were merged with yours", 8000
            )

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Annotator",
            "<h3>Annotator</h3><p>Mark the passages of a source article, note them, "
            "and hand your editor a Word brief.</p>",
        )

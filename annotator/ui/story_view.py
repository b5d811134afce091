"""The story view: a panel listing every source of the current article's folder with what is
still to do on each, a search across every note and quote of the folder, and one brief for
the whole story.

The folder is read off the UI thread (`annotator.story`: sidecars only, each read again only
when it changed) and watched, so new and changed sidecars update the rows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator import tagsets
from annotator.article import Article, open_article
from annotator.model import ORPHANED, Tag
from annotator.story import Story, Summary, search
from annotator.ui import messages
from annotator.ui.background import Task
from annotator.ui.export_dialog import ExportDialog
from annotator.ui.story_model import COLUMNS, PATH_ROLE, SORT_ROLE, TITLE, StoryModel

RESCAN_MS = 300  # a burst of file changes (a save: temporary file, rename) is one rescan
SEARCH_MS = 150
MAX_HITS = 500
CHECK_AT_ONCE = 10  # articles read on a worker thread before the rows show what they found
WIDTH = 540  # the panel's width when first shown: the title and every count in view
PATH_ID_ROLE = Qt.ItemDataRole.UserRole + 3


class StoryDock(QDockWidget):
    """The story of the current article's folder, docked beside the articles.

    `window` is the main window: it opens articles (`open_path`), knows the open pages
    (`pages`), and writes briefs (`brief`).
    """

    scanned = Signal()  # the rows are up to date with the folder (tests wait for it)

    def __init__(self, window) -> None:
        super().__init__("Story", window)
        self.setObjectName("story")
        self.window_ = window
        self.folder: Path | None = None
        self._story: Story | None = None
        self._task: Task | None = None
        self._again = False  # the folder changed while it was being read
        self._checking: Task | None = None  # articles being read for what they no longer hold
        self._recheck = False  # after a scan: what was found in changed articles forgotten
        self.summaries: list[Summary] = []
        self._not_found: dict[Path, set[str]] = {}  # ids of passages not found when open

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Story folder")
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search every note and quote in the folder")
        self.search_box.setAccessibleName("Search the story")
        self.search_box.setClearButtonEnabled(True)
        self.model = StoryModel(self)
        self.sorted = QSortFilterProxyModel(self)
        self.sorted.setSourceModel(self.model)
        self.sorted.setSortRole(SORT_ROLE)
        self.table = QTreeView()
        self.table.setModel(self.sorted)
        self.table.setAccessibleName("Sources of the story")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        metrics = header.fontMetrics()
        for column in range(1, self.model.columnCount()):  # as wide as its heading, no wider
            width = metrics.horizontalAdvance(COLUMNS[column]) + metrics.averageCharWidth() * 3
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.hits = QListWidget()
        self.hits.setAccessibleName("Notes and quotes found")
        self.hits.setWordWrap(True)
        self.hits.hide()
        self.totals = QLabel()
        self.totals.setAccessibleName("Story totals")
        self.export_button = QPushButton("Export Story Brief…")
        self.export_button.setToolTip("One brief of every annotated article in this folder")
        self.export_button.clicked.connect(self.export_brief)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.search_box)
        layout.addWidget(self.hits, 1)
        layout.addWidget(self.table, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        self.setWidget(body)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self._rescan_soon.start())
        self._rescan_soon = QTimer(self, singleShot=True, interval=RESCAN_MS)
        self._rescan_soon.timeout.connect(self.rescan)
        self._search_soon = QTimer(self, singleShot=True, interval=SEARCH_MS)
        self._search_soon.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _text: self._search_soon.start())
        self.search_box.returnPressed.connect(self.run_search)
        self.table.activated.connect(self._open_row)
        self.table.clicked.connect(self._open_row)
        self.hits.itemActivated.connect(self._open_hit)
        self.hits.itemClicked.connect(self._open_hit)
        self.visibilityChanged.connect(self._shown)
        self._widened = False
        self._show_heading()

    def _shown(self, shown: bool) -> None:
        if not shown:
            return
        if not self._widened and not self.isFloating() and self.width() < WIDTH:
            self._widened = True  # wide enough for every column, once; then as she leaves it
            self.window_.resizeDocks([self], [WIDTH], Qt.Orientation.Horizontal)
        self.rescan()

    @classmethod
    def docked(cls, window) -> StoryDock:
        """The story view docked at the window's left, hidden, with View ▸ Story (F9)."""
        dock = cls(window)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        dock.hide()
        window.menus.view_menu.addAction(dock.toggleViewAction())
        dock.toggleViewAction().setShortcut("F9")
        return dock

    # -- which folder --------------------------------------------------------------------

    def set_folder(self, folder: Path | None) -> None:
        """Show the story of this folder (the current article's), watching it for changes."""
        if folder == self.folder:
            self.refresh()  # another article of the same story: which are open changed
            return
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.folder = folder
        self._story = Story(folder) if folder is not None else None
        self.summaries = []
        self.model.set_rows([], {}, set())
        self.hits.clear()
        if folder is not None:
            self.watcher.addPath(str(folder))
        self._show_heading()
        self.rescan()

    def _show_heading(self) -> None:
        folder = self.folder
        if folder is None:
            self.heading.setText("Open an article to see the other sources of its folder.")
        else:
            home = Path.home()
            shown = f"~/{folder.relative_to(home)}" if folder.is_relative_to(home) else folder
            self.heading.setText(f"<b>{folder.name}</b> — {shown}")
        self.export_button.setEnabled(folder is not None)

    # -- reading the folder off the UI thread ----------------------------------------------

    def rescan(self) -> None:
        """Read the folder again (only the sidecars that changed), if the panel is shown."""
        if self._story is None or not self.isVisible():
            return
        if self._task is not None:
            self._again = True
            return
        self._task = Task(self._story.scan, self._landed, owner=self)

    def _landed(self, task: Task[list[Summary]]) -> None:
        self._task = None
        try:
            summaries = task.result()
        except Exception as error:  # a folder that went away: say so, keep the window
            messages.warning(f"The story's folder cannot be read: {error}")
            summaries = []
        if self._story is not None and summaries and summaries[0].path.parent != self.folder:
            summaries = []  # the folder changed while this one was read
        self.summaries = summaries
        open_paths = {page.path for page in self.window_.pages()}
        self.model.set_rows(summaries, self._known_orphans(summaries), open_paths)
        self._recheck = True  # an article may have changed with its notes unchanged
        self._check_orphans()
        articles, passages, to_verify = self.model.totals()
        self.totals.setText(
            f"{articles} source{'s' * (articles != 1)}, {passages} passages, {to_verify} to verify"
        )
        if self.search_box.text().strip():
            self.run_search()
        if self._again:
            self._again = False
            self.rescan()
        else:
            self.scanned.emit()

    def refresh(self) -> None:
        """Show again which articles are open and what they could not find (no disk read)."""
        open_paths = {page.path for page in self.window_.pages()}
        self.model.set_rows(self.summaries, self._known_orphans(self.summaries), open_paths)

    def _known_orphans(self, summaries: list[Summary]) -> dict[Path, int]:
        """ "Not found" where it is known: the open articles' count, and for an article
        open earlier, how many of the passages it could not find then are still there."""
        live = {}
        for page in self.window_.pages():
            if page.path.parent == self.folder:
                model = page.session.model
                orphaned = model.verdicts()[ORPHANED]  # (counted as rows come and go)
                ids = {a.id for a in model.annotations if a.orphaned} if orphaned else set()
                self._not_found[page.path] = ids
                live[page.path] = len(ids)
        known = {}
        for summary in summaries:
            ids = self._not_found.get(summary.path)
            checked, count = self._story.checked(summary) if self._story else (False, None)
            if summary.path in live:
                known[summary.path] = live[summary.path]
            elif checked and count is not None:
                known[summary.path] = count
            elif ids is not None:
                found = summary.found
                known[summary.path] = sum(1 for p in found if p.id in ids or p.start < 0)
        return known

    def _check_orphans(self) -> None:
        """Find out, a few articles at a time on a worker thread, how many passages of each
        closed article its text no longer holds ("Not found" fills in as they are read).
        After a scan, what was found in articles changed since is forgotten first."""
        story = self._story
        if story is None or self._checking is not None:
            return
        if self._recheck:
            self._recheck = False
            self._checking = Task(story.forget_changed, self._checked(story), owner=self)
            return
        open_paths = {page.path for page in self.window_.pages()}
        batch = [
            summary
            for summary in self.summaries
            if summary.passages and summary.path not in open_paths and not story.checked(summary)[0]
        ][:CHECK_AT_ONCE]
        if not batch:
            return

        def work() -> None:
            for summary in batch:
                story.not_found(summary)

        self._checking = Task(work, self._checked(story), owner=self)

    def _checked(self, story: Story):
        """What a check does once done: show the rows as now known, then check on."""

        def then(task: Task[None]) -> None:
            self._checking = None
            try:
                task.result()
            except Exception as error:  # an article that cannot be read says so in its row
                messages.log.warning("checking the story's articles failed: %s", error)
                return
            if story is self._story:
                self.refresh()
                self._check_orphans()

        return then

    # -- opening -----------------------------------------------------------------------

    def _open_row(self, index: QModelIndex) -> None:
        path = self.sorted.data(index, PATH_ROLE)
        if path:
            self.window_.open_path(Path(path))

    def open_at(self, path: Path, passage_id: str) -> None:
        """Open an article (or show its tab) with this passage chosen and in view."""
        page = self.window_.open_path(path)
        if page is None or not passage_id:
            return
        page.panel.select(passage_id)
        annotation = page.session.model.get(passage_id)
        if annotation is not None and not annotation.orphaned:
            page.view.select_span(annotation.start, annotation.end)

    def _open_hit(self, item: QListWidgetItem) -> None:
        found = item.data(PATH_ID_ROLE)
        if found:
            self.open_at(Path(found[0]), found[1])

    # -- searching ---------------------------------------------------------------------

    def run_search(self) -> None:
        """List the passages whose note or quote holds what she typed."""
        text = self.search_box.text()
        self.hits.clear()
        if not text.strip():
            self.hits.hide()
            return
        found = search(self.summaries, text, MAX_HITS)
        for summary, passage in found:
            quote = _short(passage.quote, 80)
            note = f"\n{_short(passage.note, 120)}" if passage.note else ""
            item = QListWidgetItem(f"{summary.title}: “{quote}”{note}")
            item.setData(PATH_ID_ROLE, (str(summary.path), passage.id))
            item.setToolTip(f"{summary.path.name}\n{passage.quote}\n\n{passage.note}")
            self.hits.addItem(item)
        if not found:
            self.hits.addItem(QListWidgetItem("Nothing found in this folder's notes and quotes"))
        self.hits.show()

    # -- one brief of the story ------------------------------------------------------------

    def annotated(self) -> list[Path]:
        """The folder's articles that have passages, in the panel's order."""
        rows = range(self.sorted.rowCount())
        paths = [Path(self.sorted.data(self.sorted.index(row, 0), PATH_ROLE)) for row in rows]
        counted = {summary.path: summary.passages for summary in self.summaries}
        return [path for path in paths if counted.get(path)]

    def export_brief(self) -> ExportDialog | None:
        """Ask for the format and place, then write one brief of every annotated article."""
        folder, paths = self.folder, self.annotated()
        if folder is None:
            return None
        if not paths:
            messages.info(f"No article in {folder.name} has passages yet")
            return None
        dialog = ExportDialog(
            folder,
            len(paths),
            folder,
            self,
            tags=self._story_tags(),
            settings=self.window_.settings,
        )
        dialog.setWindowTitle("Export story brief")
        dialog.current_only.hide()
        dialog.all_open.setText(f"Every annotated article in {folder.name} ({len(paths)})")
        dialog.all_open.setEnabled(True)
        dialog.all_open.setChecked(True)
        dialog.accepted.connect(lambda: self._write(paths, dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _story_tags(self) -> list[Tag]:
        """The tags the brief may be limited to: the story's set and the open articles'."""
        try:
            tags = {tag.id: tag for tag in tagsets.story_tags(self.folder) or ()}
        except tagsets.TagSetError:
            tags = {}
        for page in self.window_.pages():
            if page.path.parent == self.folder:
                tags.update({tag.id: tag for tag in page.session.model.sidecar.tags})
        return list(tags.values())

    def _write(self, paths: list[Path], dialog: ExportDialog) -> None:
        out, fmt, options = dialog.output_path(), dialog.chosen_format(), dialog.options()
        dialog.remember()
        open_now = {page.path: page.session.article.snapshot() for page in self.window_.pages()}

        def work() -> list[Article]:  # the closed articles are read here, off the UI thread
            return [open_now.get(path) or open_article(path) for path in paths]

        def then(task: Task[list[Article]]) -> None:
            try:
                articles = task.result()
            except Exception as error:
                messages.error(f"The story brief was not written: {error}")
                return
            self.window_.brief.write(articles, out, fmt, options=options)

        messages.info(f"Reading the {len(paths)} articles of {self.folder.name}…")
        Task(work, then, owner=self)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

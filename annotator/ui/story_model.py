"""The story view's rows: one per source of the folder, with what is still to do on it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from annotator.story import Summary

COLUMNS = ("Title", "Passages", "To verify", "Disputed", "Review", "Not found")
TITLE, PASSAGES, TO_VERIFY, DISPUTED, REVIEW, NOT_FOUND = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # numbers as numbers, titles case-folded
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
_TIPS = {
    TO_VERIFY: "Passages marked to verify",
    DISPUTED: "Passages marked disputed",
    PASSAGES: "Passages marked in the article",
    REVIEW: "Needs review: passages that moved or changed with the article and wait for your review",
    NOT_FOUND: "Passages that can no longer be found in the article (kept with their notes)",
}

Index = QModelIndex | QPersistentModelIndex


class StoryModel(QAbstractTableModel):
    """The folder's summaries.

    "Not found" is known for the articles open now (in bold) and for those open earlier
    in this window (`orphans`); a sidecar records only passages kept with no position, so
    for the others a count of none shows as unknown.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Summary] = []
        self.orphans: dict[Path, int] = {}
        self.open: set[Path] = set()

    def set_rows(
        self, rows: list[Summary], orphans: dict[Path, int], open_paths: set[Path]
    ) -> None:
        """Show these summaries; rows that did not change keep their place and selection."""
        self.open = open_paths
        if [r.path for r in rows] == [r.path for r in self.rows]:
            self.rows, self.orphans = rows, orphans
            if rows:
                last = self.index(len(rows) - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.rows, self.orphans = rows, orphans
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return _TIPS.get(section)
        return None

    def value(self, row: int, column: int) -> int | str | None:
        summary = self.rows[row]
        if column == TITLE:
            return summary.title
        if column == NOT_FOUND:  # None: not known until the article is opened
            unknown = None if summary.passages else 0
            return self.orphans.get(summary.path, summary.orphaned or unknown)
        return (
            summary.passages,
            summary.to_verify,
            summary.disputed,
            summary.review,
        )[column - 1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        summary = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.value(row, column)
            if value is None:
                return "?"
            return value if column == TITLE or value else "–" if column != PASSAGES else "0"
        if role == SORT_ROLE:
            value = self.value(row, column)
            return value.casefold() if isinstance(value, str) else -1 if value is None else value
        if role == PATH_ROLE:
            return str(summary.path)
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            extra = f"\n{summary.problem}" if summary.problem else ""
            return f"{summary.title}\n{summary.path.name}{extra}"
        if role == Qt.ItemDataRole.ToolTipRole and self.value(row, column) is None:
            return "Known once the article has been opened: its notes do not record it"
        if role == Qt.ItemDataRole.FontRole and column == TITLE and summary.path in self.open:
            font = QFont()
            font.setBold(True)  # open in the window
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column != TITLE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            value = self.value(row, column)
            shown = "not known" if value is None else value
            return f"{COLUMNS[column]}: {shown}" if column != TITLE else str(value)
        return None

    def totals(self) -> tuple[int, int, int]:
        """Articles, passages and passages to verify across the story."""
        return (
            len(self.rows),
            sum(r.passages for r in self.rows),
            sum(r.to_verify for r in self.rows),
        )

"""The passage list's filter: a tag, a status and search words, over one section."""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.folding import fold
from annotator.model import ORPHANED, Annotation, needs_review
from annotator.ui.qt_models import HEADERS, NEEDS_REVIEW, AnnotationModel

_Index = QModelIndex | QPersistentModelIndex


class PassageFilter(QAbstractProxyModel):
    """Rows of one section (found or orphaned) matching a tag, a status and search text.

    Qt's QSortFilterProxyModel asks about each row in turn, and with the question asked
    in Python that is 10,000 calls a keystroke. This proxy decides for every row at once
    (a few list comprehensions over the passages, each quote and note folded for search
    once and kept until it changes), then tells the views what moved. The views ask
    Python only about the rows they show.
    """

    def __init__(self, orphans: bool, parent=None) -> None:
        super().__init__(parent)
        self.orphans = orphans
        self.tag: str | None = None  # None: every tag
        self.status: str | None = None  # None: every status; "" for none; or NEEDS_REVIEW
        self.words: list[str] = []
        self._rows: list[int] = []  # the source row of each row shown, in order
        self._removing: tuple[int, int] | None = None  # rows shown being removed
        self._held: list[tuple[QModelIndex, str]] = []  # kept places, while rows move
        # Each row's quote and note folded for search (None: to be made), and the folds
        # by quote and note.
        self._folded: list[str | None] | None = None
        self._haystacks: dict[tuple[str, str], str] = {}

    # -- what it shows -----------------------------------------------------------------

    def set_filter(self, tag: str | None, status: str | None, search: str) -> None:
        """Show only rows with this tag, status and every word of `search`."""
        words = fold(search, ignore_case=True).split()
        if (tag, status, words) == (self.tag, self.status, self.words):
            return  # filtering every row again would change nothing
        narrower = (tag, status) == (self.tag, self.status) and _narrower(words, self.words)
        self.tag, self.status, self.words = tag, status, words
        self._refilter(self._rows if narrower else None)  # typing on: only the rows shown

    def _accepted(self, rows: list[int] | None = None, shown: bool = False) -> list[int]:
        """The source rows the filters let through, of `rows` (all when None).

        `shown`: `rows` are rows shown, so only the search words are checked again.
        """
        model = self.sourceModel()
        if model is None:
            return []
        annotations = model.annotations
        if shown and rows is not None:
            return self._searched(annotations, rows)
        tag, status = self.tag, self.status
        if rows is None and not model.verdicts()[ORPHANED]:  # the usual case: no orphan
            if self.orphans:
                return []
            kept = (
                list(range(len(annotations)))
                if tag is None
                else [r for r, a in enumerate(annotations) if a.tag == tag]
            )
        else:
            orphans = self.orphans
            candidates = range(len(annotations)) if rows is None else rows
            kept = [r for r in candidates if annotations[r].orphaned == orphans]
            if tag is not None:
                kept = [r for r in kept if annotations[r].tag == tag]
        if status == NEEDS_REVIEW:
            kept = [r for r in kept if needs_review(annotations[r])]
        elif status is not None:
            kept = [r for r in kept if (annotations[r].status or "") == status]
        return self._searched(annotations, kept)

    def _searched(self, annotations: list[Annotation], rows: list[int]) -> list[int]:
        """Those of `rows` holding every search word in their quote or note."""
        if self.words:
            folded = self._folded_rows(annotations)
            for word in self.words:
                rows = [r for r in rows if word in folded[r]]
        return rows

    def _folded_rows(self, annotations: list[Annotation]) -> list[str]:
        """Each row's quote and note folded as what she types is folded (for search).

        Kept by row and made again only for rows that changed; a fold is kept by quote
        and note, so rows that move (a new text) are not folded again.
        """
        folded = self._folded
        if folded is None or len(folded) != len(annotations):
            folded = self._folded = [None] * len(annotations)  # type: ignore[list-item]
        if None in folded:
            cache = self._haystacks
            for row, annotation in enumerate(annotations):
                if folded[row] is None:
                    key = (annotation.exact, annotation.note)
                    made = cache.get(key)
                    if made is None:
                        made = cache[key] = fold(f"{key[0]}\n{key[1]}", ignore_case=True)
                    folded[row] = made
            if len(cache) > 2 * len(annotations) + 64:
                self._haystacks = {}  # quotes and notes long gone: let them go
        return folded  # type: ignore[return-value]

    def _refilter(self, within: list[int] | None = None) -> None:
        """Filter every row again (or only `within`, the rows shown: she typed on)."""
        rows = self._accepted(within, shown=within is not None)
        if rows == self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        sources = [self._rows[i.row()] if i.row() < len(self._rows) else -1 for i in old]
        self._rows = rows
        self.changePersistentIndexList(
            old, [self._shown(source, i.column()) for source, i in zip(sources, old, strict=True)]
        )
        self.layoutChanged.emit()

    def _shown(self, source_row: int, column: int) -> QModelIndex:
        row = bisect.bisect_left(self._rows, source_row)
        if source_row < 0 or row == len(self._rows) or self._rows[row] != source_row:
            return QModelIndex()
        return self.createIndex(row, column)

    # -- the proxy model ---------------------------------------------------------------

    def setSourceModel(self, model: AnnotationModel) -> None:
        self.beginResetModel()
        old = self.sourceModel()
        if old is not None:
            old.disconnect(self)
        super().setSourceModel(model)
        self._folded = None
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._rows_removing)
        model.rowsRemoved.connect(self._rows_removed)
        model.dataChanged.connect(self._data_changed)
        model.layoutAboutToBeChanged.connect(self._layout_changing)
        model.layoutChanged.connect(self._layout_changed)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._reset)
        self._rows = self._accepted()
        self.endResetModel()

    def _reset(self) -> None:
        self._folded = None
        self._rows = self._accepted()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.sourceModel() is None else len(HEADERS)

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (
            0 <= row < len(self._rows) and 0 <= column < self.columnCount()
        ):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: _Index | None = None) -> QModelIndex:
        if index is None:
            return super().parent()  # QObject.parent()
        return QModelIndex()

    def sibling(self, row: int, column: int, index: _Index) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def mapToSource(self, proxy: _Index) -> QModelIndex:
        if not proxy.isValid() or proxy.row() >= len(self._rows):
            return QModelIndex()
        return self.sourceModel().index(self._rows[proxy.row()], proxy.column())

    def mapFromSource(self, source: _Index) -> QModelIndex:
        if not source.isValid():
            return QModelIndex()
        return self._shown(source.row(), source.column())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        return self.sourceModel().value(self._rows[row], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            model = self.sourceModel()
            return None if model is None else model.headerData(section, orientation, role)
        return section + 1 if role == Qt.ItemDataRole.DisplayRole else None

    # -- following the passages as they change ------------------------------------------

    def _rows_inserted(self, _parent: _Index, first: int, last: int) -> None:
        count = last - first + 1
        if self._folded is not None:
            self._folded[first:first] = [None] * count
        at = bisect.bisect_left(self._rows, first)
        # The rows shown, numbered as the source now numbers them; then the new ones.
        self._rows[at:] = [row + count for row in self._rows[at:]]
        new = self._accepted(list(range(first, last + 1)))
        if new:
            self.beginInsertRows(QModelIndex(), at, at + len(new) - 1)
            self._rows[at:at] = new
            self.endInsertRows()

    def _rows_removing(self, _parent: _Index, first: int, last: int) -> None:
        low = bisect.bisect_left(self._rows, first)
        high = bisect.bisect_right(self._rows, last)
        self._removing = (low, high) if high > low else None
        if self._removing:
            self.beginRemoveRows(QModelIndex(), low, high - 1)

    def _rows_removed(self, _parent: _Index, first: int, last: int) -> None:
        count = last - first + 1
        if self._folded is not None:
            del self._folded[first : last + 1]
        low = bisect.bisect_left(self._rows, first)
        high = bisect.bisect_right(self._rows, last)
        self._rows[low:] = [row - count for row in self._rows[high:]]
        if self._removing:
            self._removing = None
            self.endRemoveRows()

    def _data_changed(self, top: QModelIndex, bottom: QModelIndex, _roles=()) -> None:
        first, last = top.row(), bottom.row()
        if self._folded is not None:
            self._folded[first : last + 1] = [None] * (last - first + 1)
        low = bisect.bisect_left(self._rows, first)
        high = bisect.bisect_right(self._rows, last)
        if self._accepted(list(range(first, last + 1))) != self._rows[low:high]:
            self._refilter()  # a row now passes the filters, or no longer does
            return
        if high > low:
            self.dataChanged.emit(
                self.createIndex(low, top.column()), self.createIndex(high - 1, bottom.column())
            )

    def _layout_changing(self) -> None:
        self.layoutAboutToBeChanged.emit()
        model, rows = self.sourceModel(), self._rows
        self._held = [
            (index, model.annotations[rows[index.row()]].id if index.row() < len(rows) else "")
            for index in self.persistentIndexList()
        ]

    def _layout_changed(self) -> None:
        """The passages moved (re-anchored in a new text): every row found again."""
        model = self.sourceModel()
        self._folded = None  # rows moved: folds are found again by quote and note
        self._rows = self._accepted()
        held, self._held = self._held, []
        self.changePersistentIndexList(
            [index for index, _ in held],
            [self._shown(model.row_of(pid) if pid else -1, index.column()) for index, pid in held],
        )
        self.layoutChanged.emit()


def _narrower(words: list[str], before: list[str]) -> bool:
    """True when every row matching `words` matches `before` (she typed more)."""
    return all(any(old in new for new in words) for old in before)

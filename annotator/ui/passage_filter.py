"""The passage list's filter: a tag, a status and search words, over one section."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)

from annotator.folding import fold
from annotator.model import (
    AMBIGUOUS,
    EXACT,
    FUZZY,
    MOVED,
    ORPHANED,
    STATUSES,
    Annotation,
    Tag,
    needs_review,
)
from annotator.ui.qt_models import (
    FOUND,
    HEADERS,
    NEEDS_REVIEW,
    NOTE,
    STATUS,
    TAG,
    AnnotationModel,
    fill,
)

_Index = QModelIndex | QPersistentModelIndex
SORTED_COLUMNS = (TAG, STATUS, NOTE, FOUND)  # the Passage column sorts by position
_GRAVITY = {AMBIGUOUS: 0, FUZZY: 1, MOVED: 2, ORPHANED: 3, EXACT: 4}


class PassageFilter(QAbstractProxyModel):
    """Rows of one section (found or orphaned) matching a tag, a status and search text.

    Qt's QSortFilterProxyModel asks about each row in turn, and with the question asked
    in Python that is 10,000 calls a keystroke. This proxy decides for every row at once
    (a few list comprehensions over the passages, each quote and note folded for search
    once and kept until it changes), then tells the views what moved. The views ask
    Python only about the rows they show.

    A header click sorts the rows by a column (`sort`); the rows are then kept in the
    order of their sort keys, and a passage added or changed goes to its place by
    bisection, as in document order.
    """

    def __init__(self, orphans: bool, parent=None) -> None:
        super().__init__(parent)
        self.orphans = orphans
        self.tag: str | None = None  # None: every tag
        self.status: str | None = None  # None: every status; "" for none; or NEEDS_REVIEW
        self.words: list[str] = []
        self._rows: list[int] = []  # the source row of each row shown, in order (see _keys)
        self._column = -1  # the column sorted by (-1: document order)
        self._descending = False  # shown last row first
        self._keys: list[tuple] | None = None  # sorted: each row's sort key, ascending
        self._key: Callable[[Annotation], tuple] = _by_place
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
        rows, keys = self._arranged(self._accepted(within, shown=within is not None))
        if rows == self._rows and keys == self._keys:
            return
        self._relayout(rows, keys)

    def _relayout(self, rows: list[int], keys: list[tuple] | None) -> None:
        """Show `rows` in this order; every place a view keeps follows its passage."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        sources = [self._source_at(i.row()) for i in old]
        self._rows, self._keys = rows, keys
        self.changePersistentIndexList(
            old, [self._shown(source, i.column()) for source, i in zip(sources, old, strict=True)]
        )
        self.layoutChanged.emit()

    def _shown(self, source_row: int, column: int) -> QModelIndex:
        """The index showing a source row (invalid when filtered out)."""
        rows, keys = self._rows, self._keys
        if source_row < 0:
            return QModelIndex()
        if keys is None:
            row = bisect.bisect_left(rows, source_row)
        else:  # found by its sort key: rows with equal keys are few
            key = self._key(self.sourceModel().annotations[source_row])
            row = bisect.bisect_left(keys, key)
            while row < len(rows) and rows[row] != source_row and keys[row] == key:
                row += 1
        if row == len(rows) or rows[row] != source_row:
            return QModelIndex()
        return self.createIndex(self._display(row), column)

    # -- sorting -----------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Show the rows by a column (the Passage column: document order), as a header
        click asks; the same rows stay selected."""
        column = column if column in SORTED_COLUMNS else -1
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._column, self._descending):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        sources = [self._source_at(i.row()) for i in old]
        self._column, self._descending = column, descending
        self._rows, self._keys = self._arranged(self._rows)
        self.changePersistentIndexList(
            old, [self._shown(source, i.column()) for source, i in zip(sources, old, strict=True)]
        )
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        """The column the rows are sorted by (-1: document order)."""
        return self._column

    def _arranged(self, rows: list[int]) -> tuple[list[int], list[tuple] | None]:
        """`rows` (source rows) in the order shown, and their sort keys (None: by position)."""
        if self._column < 0:
            return sorted(rows), None  # (already in order but after a sort: linear)
        model = self.sourceModel()
        self._key = key = sort_key(self._column, model.sidecar.tags) if model else _by_place
        annotations = model.annotations if model else []
        pairs = sorted(zip([key(annotations[r]) for r in rows], rows, strict=True))
        return [row for _, row in pairs], [k for k, _ in pairs]

    def _display(self, internal: int, count: int | None = None) -> int:
        """Where a row of `_rows` shows (last first, sorted descending); also the reverse."""
        if not self._descending:
            return internal
        return (len(self._rows) if count is None else count) - 1 - internal

    def _span(self, low: int, high: int, count: int | None = None) -> tuple[int, int]:
        """The rows shown for `_rows[low:high + 1]`, first to last."""
        return tuple(sorted((self._display(low, count), self._display(high, count))))  # type: ignore[return-value]

    def _source_at(self, row: int) -> int:
        """The source row shown on a row (-1: none)."""
        internal = self._display(row)
        return self._rows[internal] if 0 <= internal < len(self._rows) else -1

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
        self._rows, self._keys = self._arranged(self._accepted())
        self.endResetModel()

    def _reset(self) -> None:
        self._folded = None
        self._rows, self._keys = self._arranged(self._accepted())
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
        source = self._source_at(proxy.row()) if proxy.isValid() else -1
        if source < 0:
            return QModelIndex()
        return self.sourceModel().index(source, proxy.column())

    def mapFromSource(self, source: _Index) -> QModelIndex:
        if not source.isValid():
            return QModelIndex()
        return self._shown(source.row(), source.column())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self._source_at(index.row()) if index.isValid() else -1
        if source < 0:
            return None
        return self.sourceModel().value(source, index.column(), role)

    def multiData(self, index: _Index, roles: QModelRoleDataSpan) -> None:
        """Every role a view asks of a cell, in one call into Python (see RowsModel)."""
        source = self._source_at(index.row()) if index.isValid() else -1
        model = self.sourceModel()
        fill(roles, model.item_data, model.rows[source] if source >= 0 else None, index)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if self.sourceModel() is not None else None
        return section + 1

    # -- following the passages as they change ------------------------------------------

    def _rows_inserted(self, _parent: _Index, first: int, last: int) -> None:
        count = last - first + 1
        if self._folded is not None:
            self._folded[first:first] = [None] * count
        new = list(range(first, last + 1))
        if self._keys is not None:  # sorted: each new row goes to its key's place
            self._rows = [row + count if row >= first else row for row in self._rows]
            annotations, keys = self.sourceModel().annotations, self._keys
            for row in self._accepted(new):
                key = self._key(annotations[row])
                at = bisect.bisect_right(keys, key)
                shown = self._display(at, len(self._rows) + 1)
                self.beginInsertRows(QModelIndex(), shown, shown)
                self._rows.insert(at, row)
                keys.insert(at, key)
                self.endInsertRows()
            return
        at = bisect.bisect_left(self._rows, first)
        # The rows shown, numbered as the source now numbers them; then the new ones.
        self._rows[at:] = [row + count for row in self._rows[at:]]
        new = self._accepted(new)
        if new:
            low, high = self._span(at, at + len(new) - 1, len(self._rows) + len(new))
            self.beginInsertRows(QModelIndex(), low, high)
            self._rows[at:at] = new
            self.endInsertRows()

    def _rows_removing(self, _parent: _Index, first: int, last: int) -> None:
        self._removing = None
        if self._keys is not None:  # sorted: the rows going are anywhere; each leaves now
            rows, keys = self._rows, self._keys
            for at in reversed([i for i, row in enumerate(rows) if first <= row <= last]):
                shown = self._display(at)
                self.beginRemoveRows(QModelIndex(), shown, shown)
                del rows[at], keys[at]
                self.endRemoveRows()
            return
        low = bisect.bisect_left(self._rows, first)
        high = bisect.bisect_right(self._rows, last)
        if high > low:
            self._removing = (low, high)
            self.beginRemoveRows(QModelIndex(), *self._span(low, high - 1))

    def _rows_removed(self, _parent: _Index, first: int, last: int) -> None:
        count = last - first + 1
        if self._folded is not None:
            del self._folded[first : last + 1]
        if self._keys is not None:
            self._rows = [row - count if row > last else row for row in self._rows]
            return
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
        if self._keys is not None:
            self._sorted_data_changed(first, last, top.column(), bottom.column())
            return
        low = bisect.bisect_left(self._rows, first)
        high = bisect.bisect_right(self._rows, last)
        if self._accepted(list(range(first, last + 1))) != self._rows[low:high]:
            self._refilter()  # a row now passes the filters, or no longer does
            return
        if high > low:
            low, high = self._span(low, high - 1)
            self.dataChanged.emit(
                self.createIndex(low, top.column()), self.createIndex(high, bottom.column())
            )

    def _sorted_data_changed(self, first: int, last: int, left: int, right: int) -> None:
        """Rows changed while sorted: those whose key changed (or that now pass the
        filters, or no longer do) move to their place; the others are repainted."""
        model = self.sourceModel()
        self._key = key = sort_key(self._column, model.sidecar.tags)  # the tags may differ
        if last - first > 64:  # a wholesale change (new tags): sorted again
            self._refilter()
            if self._rows:
                last_cell = self.createIndex(len(self._rows) - 1, len(HEADERS) - 1)
                self.dataChanged.emit(self.createIndex(0, 0), last_cell)
            return
        changed = list(range(first, last + 1))
        accepted = set(self._accepted(changed))
        keys = {row: key(model.annotations[row]) for row in accepted}
        where = {row: at for at, row in enumerate(self._rows) if first <= row <= last}
        if any(
            (row in where) != (row in keys)
            or (row in where and self._keys[where[row]] != keys[row])
            for row in changed
        ):
            rows, old_keys = list(self._rows), list(self._keys)
            for at in sorted(where.values(), reverse=True):
                del rows[at], old_keys[at]
            for row, row_key in keys.items():
                at = bisect.bisect_right(old_keys, row_key)
                rows.insert(at, row)
                old_keys.insert(at, row_key)
            self._relayout(rows, old_keys)
        for row in accepted:
            index = self._shown(row, left)
            if index.isValid():
                self.dataChanged.emit(index, self.createIndex(index.row(), right))

    def _layout_changing(self) -> None:
        self.layoutAboutToBeChanged.emit()
        model = self.sourceModel()
        self._held = [
            (index, model.annotations[source].id if source >= 0 else "")
            for index, source in (
                (index, self._source_at(index.row())) for index in self.persistentIndexList()
            )
        ]

    def _layout_changed(self) -> None:
        """The passages moved (re-anchored in a new text): every row found again."""
        model = self.sourceModel()
        self._folded = None  # rows moved: folds are found again by quote and note
        self._rows, self._keys = self._arranged(self._accepted())
        held, self._held = self._held, []
        self.changePersistentIndexList(
            [index for index, _ in held],
            [self._shown(model.row_of(pid) if pid else -1, index.column()) for index, pid in held],
        )
        self.layoutChanged.emit()


def sort_key(column: int, tags: list[Tag]) -> Callable[[Annotation], tuple]:
    """How the rows are ordered by a column: tags in the order of the tag list (unknown
    ones after, by id), statuses as the menus list them, notes alphabetically (no note
    last), passages found moved, changed or ambiguous first; then by position."""
    if column == TAG:
        ranks = {tag.id: number for number, tag in enumerate(tags)}
        unknown = len(ranks)
        return lambda a: (ranks.get(a.tag, unknown), "" if a.tag in ranks else a.tag, *a.sort_key())
    if column == STATUS:
        order = {status: number for number, status in enumerate(STATUSES)}
        return lambda a: (order.get(a.status, len(order)), *a.sort_key())
    if column == NOTE:
        return lambda a: (not a.note, a.note.casefold(), *a.sort_key())
    if column == FOUND:
        return lambda a: (
            not needs_review(a),
            _GRAVITY.get(ORPHANED if a.orphaned else a.anchor, 5),
            *a.sort_key(),
        )
    return _by_place


def _by_place(annotation: Annotation) -> tuple:
    return annotation.sort_key()


def _narrower(words: list[str], before: list[str]) -> bool:
    """True when every row matching `words` matches `before` (she typed more)."""
    return all(any(old in new for new in words) for old in before)

"""The item model over one sidecar's annotations; every widget reads them through it."""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from annotator.model import FUZZY, MOVED, ORPHANED, STATUS_LABELS, Annotation, Sidecar, Tag

TAG, QUOTE, STATUS, NOTE = range(4)
HEADERS = ("Tag", "Passage", "Status", "Note")
_COLUMN_OF = {"tag": TAG, "exact": QUOTE, "status": STATUS, "note": NOTE}

ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1  # the Annotation itself
ID_ROLE = Qt.ItemDataRole.UserRole + 2
TAG_ROLE = Qt.ItemDataRole.UserRole + 3
STATUS_ROLE = Qt.ItemDataRole.UserRole + 4
ORPHAN_ROLE = Qt.ItemDataRole.UserRole + 5
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 6  # quote and note, casefolded
REVIEW_ROLE = Qt.ItemDataRole.UserRole + 7  # "moved" / "fuzzy" while awaiting review

REVIEW_LABELS = {MOVED: "moved — review", FUZZY: "changed — review"}

_Index = QModelIndex | QPersistentModelIndex


def snippet(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class AnnotationModel(QAbstractTableModel):
    """One row per annotation of a sidecar, in document order (orphans by stored place).

    All changes go through the methods below, which notify the views; `edited` is
    emitted after any change to what the sidecar would hold.
    """

    edited = Signal()
    tagsChanged = Signal()
    metadataChanged = Signal()

    def __init__(self, sidecar: Sidecar, parent=None) -> None:
        super().__init__(parent)
        self.sidecar = sidecar
        self._index()

    def _index(self) -> None:
        """Sort the rows, and build what spares an edit a scan of every row.

        `_keys` are the rows' sort keys, so a row is found by bisection; `_by_id` finds a
        passage by id; `_verdicts` counts the anchoring verdicts as rows come and go.
        """
        annotations = self.sidecar.annotations
        keys = [a.sort_key() for a in annotations]
        if keys != sorted(keys):  # usually already in order: then nothing moves
            self.sidecar.sort()
            keys = [a.sort_key() for a in annotations]
        self._keys = keys
        self._by_id = {a.id: a for a in reversed(annotations)}  # the first of an id wins
        self._shared_ids = {i for i, n in Counter(a.id for a in annotations).items() if n > 1}
        self._verdicts = Counter(_verdict(a) for a in annotations)

    # -- reading -------------------------------------------------------------------

    @property
    def annotations(self) -> list[Annotation]:
        """The annotations in row order (the sidecar's own list, not a copy)."""
        return self.sidecar.annotations

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sidecar.annotations)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        annotation = self.sidecar.annotations[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TAG:
                return self.sidecar.tag_label(annotation.tag)
            if column == QUOTE:
                return snippet(annotation.exact, 80)
            if column == STATUS:
                status = STATUS_LABELS.get(annotation.status, str(annotation.status))
                review = REVIEW_LABELS.get(annotation.anchor)
                return f"{status} · {review}" if review else status
            if column == NOTE:
                return snippet(annotation.note, 60)
        elif role == Qt.ItemDataRole.DecorationRole and column == TAG:
            return QColor(self.sidecar.tag_color(annotation.tag))
        elif role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(annotation)
        elif role == ANNOTATION_ROLE:
            return annotation
        elif role == ID_ROLE:
            return annotation.id
        elif role == TAG_ROLE:
            return annotation.tag
        elif role == STATUS_ROLE:
            return annotation.status or ""
        elif role == ORPHAN_ROLE:
            return annotation.orphaned
        elif role == SEARCH_ROLE:
            return f"{annotation.exact}\n{annotation.note}".casefold()
        elif role == REVIEW_ROLE:
            return annotation.anchor if annotation.anchor in REVIEW_LABELS else ""
        return None

    def _tooltip(self, annotation: Annotation) -> str:
        lines = [snippet(annotation.exact, 300)]
        if annotation.note:
            lines.append(f"Note: {snippet(annotation.note, 300)}")
        if annotation.anchor in REVIEW_LABELS:
            lines.append(f"Found {REVIEW_LABELS[annotation.anchor]}")
        return "\n".join(lines)

    def row_of(self, annotation_id: str) -> int:
        """The row of an annotation, or -1."""
        annotation = self._by_id.get(annotation_id)
        if annotation is None:
            return -1
        annotations = self.sidecar.annotations
        row = bisect.bisect_left(self._keys, annotation.sort_key())
        if row < len(annotations) and annotations[row] is annotation:
            return row
        for row, candidate in enumerate(annotations):  # rows put back out of order (undo)
            if candidate is annotation:
                return row
        return -1

    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id, or None."""
        return self._by_id.get(annotation_id)

    def at(self, offset: int) -> Annotation | None:
        """The shortest passage holding a code-point offset, or None."""
        holding = [
            a
            for a in self.sidecar.annotations
            if not a.orphaned and a.start <= offset < a.end  # type: ignore[operator]
        ]
        return min(holding, key=lambda a: a.end - a.start, default=None)  # type: ignore[operator]

    def verdicts(self) -> Counter[str]:
        """How many passages stand exact, moved, fuzzy, orphaned."""
        return +self._verdicts  # a copy, without the verdicts no passage has

    # -- changing ------------------------------------------------------------------

    def insert(self, annotation: Annotation, row: int | None = None) -> int:
        """Add an annotation at its place in document order (or at `row`); return the row."""
        key = annotation.sort_key()
        if row is None:
            row = bisect.bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self.sidecar.annotations.insert(row, annotation)
        self._keys.insert(row, key)
        if self._by_id.setdefault(annotation.id, annotation) is not annotation:
            self._shared_ids.add(annotation.id)  # two passages with one id (a merge's doing)
        self._verdicts[_verdict(annotation)] += 1
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, annotation_id: str) -> tuple[int, Annotation]:
        """Take an annotation out; return the row it had and the annotation."""
        row = self.row_of(annotation_id)
        if row < 0:
            raise KeyError(annotation_id)
        self.beginRemoveRows(QModelIndex(), row, row)
        annotation = self.sidecar.annotations.pop(row)
        del self._keys[row]
        self._forget(annotation)
        self.endRemoveRows()
        self.edited.emit()
        return row, annotation

    def update(self, annotation_id: str, **fields: Any) -> None:
        """Change fields of an annotation that do not move it (tag, status, note...)."""
        row = self.row_of(annotation_id)
        annotation = self.sidecar.annotations[row]
        self._verdicts[_verdict(annotation)] -= 1
        for name, value in fields.items():
            setattr(annotation, name, value)
        self._verdicts[_verdict(annotation)] += 1
        self._keys[row] = annotation.sort_key()
        # Only the columns that changed, so a keystroke in a note repaints no highlight.
        columns = [_COLUMN_OF[name] for name in fields if name in _COLUMN_OF] or [TAG, NOTE]
        self.dataChanged.emit(self.index(row, min(columns)), self.index(row, max(columns)))
        self.edited.emit()

    def replace(self, annotation: Annotation) -> int:
        """Put `annotation` in place of the one with its id, moving it if its span moved."""
        self.remove(annotation.id)
        return self.insert(annotation)

    def set_tags(self, tags: list[Tag]) -> None:
        """Replace the tag list."""
        self.sidecar.tags = tags
        self.tagsChanged.emit()
        if self.sidecar.annotations:
            last = self.index(len(self.sidecar.annotations) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.edited.emit()

    def set_metadata(self, metadata: dict[str, Any]) -> None:
        """Replace the article's source details."""
        self.sidecar.source.metadata = metadata
        self.metadataChanged.emit()
        self.edited.emit()

    def reset(self, sidecar: Sidecar | None = None) -> None:
        """Show a sidecar changed wholesale (re-read article, merged sidecar)."""
        self.beginResetModel()
        if sidecar is not None:
            self.sidecar = sidecar
        self._index()
        self.endResetModel()
        self.tagsChanged.emit()
        self.edited.emit()

    def _forget(self, annotation: Annotation) -> None:
        self._verdicts[_verdict(annotation)] -= 1
        if self._by_id.get(annotation.id) is annotation:
            del self._by_id[annotation.id]
            if annotation.id in self._shared_ids:
                twin = next((a for a in self.sidecar.annotations if a.id == annotation.id), None)
                if twin is not None:
                    self._by_id[annotation.id] = twin


def _verdict(annotation: Annotation) -> str:
    return ORPHANED if annotation.orphaned else annotation.anchor


class PassageFilter(QSortFilterProxyModel):
    """Rows of one section (found or orphaned) matching a tag, a status and search text."""

    def __init__(self, orphans: bool, parent=None) -> None:
        super().__init__(parent)
        self.orphans = orphans
        self.tag: str | None = None  # None: every tag
        self.status: str | None = None  # None: every status; "" for no status
        self.words: list[str] = []

    def set_filter(self, tag: str | None, status: str | None, search: str) -> None:
        """Show only rows with this tag, status and every word of `search`."""
        words = search.casefold().split()
        if (tag, status, words) == (self.tag, self.status, self.words):
            return  # filtering every row again would change nothing
        self.beginFilterChange()
        self.tag, self.status = tag, status
        self.words = words
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        # Called once per row of the source: read the passage itself, not through roles.
        annotation = self.sourceModel().annotations[source_row]
        if annotation.orphaned != self.orphans:
            return False
        if self.tag is not None and annotation.tag != self.tag:
            return False
        if self.status is not None and (annotation.status or "") != self.status:
            return False
        if self.words:
            haystack = f"{annotation.exact}\n{annotation.note}".casefold()
            return all(word in haystack for word in self.words)
        return True

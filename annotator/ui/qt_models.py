"""The item model over one article's annotations; every widget reads them through it."""

from __future__ import annotations

import bisect
import contextlib
import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from annotator.anchoring import anchor_all
from annotator.article import Article
from annotator.document import Document
from annotator.model import (
    AMBIGUOUS,
    FUZZY,
    MOVED,
    ORPHANED,
    STATUS_LABELS,
    Annotation,
    Sidecar,
    Tag,
)
from annotator.sidecar_bytes import PassageBytes
from annotator.text import Paragraphs, snippet

TAG, QUOTE, STATUS, NOTE, FOUND = range(5)
HEADERS = ("Tag", "Passage", "Status", "Note", "Found")
_COLUMN_OF = {"tag": TAG, "exact": QUOTE, "status": STATUS, "note": NOTE, "anchor": FOUND,
              "replies": NOTE, "resolved": NOTE}  # fmt: skip

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the passage's id

REVIEW_LABELS = {
    MOVED: "moved — review",
    FUZZY: "changed — review",
    AMBIGUOUS: "ambiguous — review",
}
FOUND_LABELS = {MOVED: "moved", FUZZY: "changed", AMBIGUOUS: "ambiguous", ORPHANED: "not found"}
NEEDS_REVIEW = "\x00review"  # the status filter's "Needs review": no status has this name

_Index = QModelIndex | QPersistentModelIndex


def fill(roles: QModelRoleDataSpan, item_data, item: Any, index: _Index) -> None:
    """Answer a `multiData` request with `item_data(item, column, role)` for each role
    (nothing for every role when `item` is None)."""
    if item is None:
        for wanted in roles:
            wanted.clearData()
        return
    column = index.column()
    for wanted in roles:
        wanted.setData(item_data(item, column, wanted.role()))


class RowsModel(QAbstractTableModel):
    """A flat table: one row per item of `rows` (a subclass's list), one column per name
    in HEADERS."""

    HEADERS: tuple[str, ...] = ()
    rows: list[Any]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.item_data(self.rows[index.row()], index.column(), role)

    def multiData(self, index: _Index, roles: QModelRoleDataSpan) -> None:
        """Every role a view asks of a cell, in one call into Python (a delegate asks
        seven; while a thread holds the interpreter, each call waits its turn)."""
        fill(roles, self.item_data, self.rows[index.row()] if index.isValid() else None, index)

    def item_data(self, item: Any, column: int, role: int) -> Any:
        """What a row's item shows in a column for a role (None for nothing)."""
        raise NotImplementedError

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """(Qt's own asks `rowCount` and `columnCount`: two calls into Python a cell.)"""
        if parent.isValid() or not (0 <= row < len(self.rows) and 0 <= column < len(self.HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class AnnotationModel(RowsModel):
    """One row per annotation of an article, in document order (orphans by stored place).

    The article's sidecar is changed only through the methods below, which notify the
    views row by row; `edited` is emitted once after any change to what the sidecar
    holds (once for a whole merge).
    """

    HEADERS = HEADERS
    edited = Signal()
    tagsChanged = Signal()
    passageMissing = Signal(str)  # an undo or redo found its passage gone: what it skipped
    dismissedChanged = Signal()  # a suggestion was dismissed, or its dismissal undone

    def __init__(self, article: Article, parent=None, index: RowIndex | None = None) -> None:
        """`index`: the `row_index` of the article's passages as they are, made elsewhere."""
        super().__init__(parent)
        self.article = article
        self._batching = 0
        self._changed_in_batch = False
        self._paragraphs: Paragraphs | None = None
        # Each passage's bytes in the sidecar file, made again only when it changes here.
        self.serialised = PassageBytes()
        self.revision = 0  # changes to passages so far
        self._changed_at: dict[str, int] = {}  # passage id -> revision of its last change
        self._index(index)

    def _index(self, index: RowIndex | None = None) -> None:
        """Sort the rows, and build what spares an edit a scan of every row.

        `_keys` are the rows' sort keys, so a row is found by bisection; `_by_id` finds a
        passage by id; `_verdicts` counts the anchoring verdicts as rows come and go.
        `index`: these, made elsewhere (see `row_index`) for the rows as they are.
        """
        if index is None:
            index = row_index(self.annotations)
            if index.keys != sorted(index.keys):  # usually already in order: nothing moves
                self.sidecar.sort()
                index = row_index(self.annotations)
        self._keys, self._by_id = index.keys, index.by_id
        self._shared_ids, self._verdicts = index.shared_ids, index.verdicts

    # -- reading -------------------------------------------------------------------

    @property
    def sidecar(self) -> Sidecar:
        return self.article.sidecar

    @property
    def annotations(self) -> list[Annotation]:
        """The annotations in row order (the sidecar's own list, not a copy)."""
        return self.article.sidecar.annotations

    @property
    def rows(self) -> list[Annotation]:
        return self.article.sidecar.annotations

    def value(self, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What `data` gives for a row and column (for a proxy that knows the row)."""
        return self.item_data(self.rows[row], column, role)

    def item_data(self, annotation: Annotation, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TAG:
                return self.sidecar.tag_label(annotation.tag)
            if column == QUOTE:
                return snippet(annotation.exact, 80)
            if column == STATUS:
                return STATUS_LABELS.get(annotation.status, str(annotation.status))
            if column == NOTE:
                return _with_thread(snippet(annotation.note, 60), annotation)
            if column == FOUND:
                return FOUND_LABELS.get(_verdict(annotation), "")
        elif role == Qt.ItemDataRole.DecorationRole and column == TAG:
            return QColor(self.sidecar.tag_color(annotation.tag))
        elif role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(annotation)
        elif role == ID_ROLE:
            return annotation.id
        return None

    def _tooltip(self, annotation: Annotation) -> str:
        lines = [snippet(annotation.exact, 300)]
        if annotation.start is not None:
            if self._paragraphs is None:  # counted on first use, once per text
                self._paragraphs = Paragraphs(self.article.text)
            lines.append(f"Paragraph {self._paragraphs.number(annotation.start)}")
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
        annotations = self.annotations
        row = bisect.bisect_left(self._keys, annotation.sort_key())
        if row < len(annotations) and annotations[row] is annotation:
            return row
        for row, candidate in enumerate(annotations):  # two passages with one sort key
            if candidate is annotation:
                return row
        return -1

    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id, or None."""
        return self._by_id.get(annotation_id)

    def at(self, offset: int) -> Annotation | None:
        """The shortest passage holding a code-point offset, or None."""
        return next(iter(self.holding(offset)), None)

    def holding(self, offset: int) -> list[Annotation]:
        """The passages holding a code-point offset, shortest first."""
        holding = [
            a
            for a in self.annotations
            if not a.orphaned and a.start <= offset < a.end  # type: ignore[operator]
        ]
        return sorted(holding, key=lambda a: a.end - a.start)  # type: ignore[operator]

    def verdicts(self) -> Counter[str]:
        """How many passages stand exact, moved, fuzzy, orphaned."""
        return +self._verdicts  # a copy, without the verdicts no passage has

    # -- changing ------------------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group changes so that `edited` is emitted once, after all of them."""
        self._batching += 1
        try:
            yield
        finally:
            self._batching -= 1
            if not self._batching and self._changed_in_batch:
                self._changed_in_batch = False
                self.edited.emit()

    def _edited(self) -> None:
        if self._batching:
            self._changed_in_batch = True
        else:
            self.edited.emit()

    def changed_since(self, revision: int) -> set[str]:
        """Ids of the passages changed (added, removed, edited) since `revision`."""
        return {pid for pid, changed in self._changed_at.items() if changed > revision}

    def _changed(self, annotation: Annotation) -> None:
        self.revision += 1
        self._changed_at[annotation.id] = self.revision
        self.serialised.forget(annotation)

    def insert(self, annotation: Annotation) -> int:
        """Add an annotation at its place in document order; return the row."""
        self._changed(annotation)
        key = annotation.sort_key()
        row = bisect.bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self.annotations.insert(row, annotation)
        self._keys.insert(row, key)
        if self._by_id.setdefault(annotation.id, annotation) is not annotation:
            self._shared_ids.add(annotation.id)  # two passages with one id (a merge's doing)
        self._verdicts[_verdict(annotation)] += 1
        self.endInsertRows()
        self._edited()
        return row

    def remove(self, annotation_id: str) -> Annotation:
        """Take an annotation out and return it; KeyError when there is none."""
        row = self.row_of(annotation_id)
        if row < 0:
            raise KeyError(annotation_id)
        self.beginRemoveRows(QModelIndex(), row, row)
        annotation = self.annotations.pop(row)
        del self._keys[row]
        self._forget(annotation)
        self._changed(annotation)
        self.endRemoveRows()
        self._edited()
        return annotation

    def update(self, annotation_id: str, **fields: Any) -> None:
        """Change fields of an annotation that do not move it (tag, status, note...)."""
        row = self.row_of(annotation_id)
        if row < 0:
            raise KeyError(annotation_id)
        annotation = self.annotations[row]
        self._verdicts[_verdict(annotation)] -= 1
        for name, value in fields.items():
            setattr(annotation, name, value)
        self._changed(annotation)
        self._verdicts[_verdict(annotation)] += 1
        self._keys[row] = annotation.sort_key()
        # Only the columns that changed, so a keystroke in a note repaints no highlight.
        columns = [_COLUMN_OF[name] for name in fields if name in _COLUMN_OF] or [TAG, NOTE]
        self.dataChanged.emit(self.index(row, min(columns)), self.index(row, max(columns)))
        self._edited()

    def put(self, annotation: Annotation, document: Document | None = None) -> None:
        """Put a copy of `annotation` in place of the one with its id, or add it.

        `document` is the text the annotation was anchored in; when the article has been
        re-read since, the copy is anchored in the text as it now reads.
        """
        annotation = annotation.clone()
        if document is not None and document is not self.article.document:
            anchor_all([annotation], self.article.text)
        with self.batch():
            if annotation.id in self._by_id:
                self.remove(annotation.id)
            self.insert(annotation)

    def set_tags(self, tags: list[Tag]) -> None:
        """Replace the tag list."""
        self.sidecar.tags = tags
        self.tagsChanged.emit()
        if self.annotations:
            last = self.index(len(self.annotations) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self._edited()

    def set_metadata(self, metadata: dict[str, Any], guessed: list[str] | None = None) -> None:
        """Replace the article's source details, and the list of those still guessed."""
        self.sidecar.source.metadata = metadata
        self.sidecar.source.guessed = guessed
        self._edited()

    def set_dismissed(self, dismissed: list[dict[str, Any]]) -> None:
        """Replace the list of dismissed suggestions."""
        self.sidecar.dismissed = dismissed
        self.dismissedChanged.emit()
        self._edited()

    def apply(self, merged: Sidecar) -> int:
        """Make the sidecar hold what `merged` holds, passage by passage, by id.

        Rows are inserted, updated and removed as they differ, so views keep their place
        and undo commands (which name passages by id) stay valid. Returns how many
        passages changed.
        """
        changed = 0
        with self.batch():
            wanted = {a.id: a for a in merged.annotations}
            for annotation in [a for a in self.annotations if a.id not in wanted]:
                self.remove(annotation.id)
                changed += 1
            for annotation in merged.annotations:
                current = self._by_id.get(annotation.id)
                if current is None:
                    self.insert(copy.deepcopy(annotation))
                elif current != annotation:
                    self._replace_fields(current, annotation)
                else:
                    continue
                changed += 1
            if merged.tags != self.sidecar.tags:
                self.set_tags(copy.deepcopy(merged.tags))
            if (merged.source.metadata, merged.source.guessed) != (
                self.sidecar.source.metadata,
                self.sidecar.source.guessed,
            ):
                self.set_metadata(
                    copy.deepcopy(merged.source.metadata), copy.deepcopy(merged.source.guessed)
                )
            if merged.dismissed != self.sidecar.dismissed:
                self.set_dismissed(copy.deepcopy(merged.dismissed))
            for name in ("extra", "version"):
                setattr(self.sidecar, name, copy.deepcopy(getattr(merged, name)))
            self.sidecar.source.extra = copy.deepcopy(merged.source.extra)
        return changed

    def _replace_fields(self, current: Annotation, new: Annotation) -> None:
        if current.sort_key() == new.sort_key():
            fields = {k: copy.deepcopy(v) for k, v in vars(new).items() if getattr(current, k) != v}
            self.update(current.id, **fields)
        else:  # it moved: take it out and put it back in its new place
            self.remove(current.id)
            self.insert(copy.deepcopy(new))

    def relayout(self) -> None:
        """Show passages re-anchored in place in a new text: rows keep their identity."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self.annotations[index.row()] for index in persistent]
        self.sidecar.sort()
        self._index()
        self.serialised.forget_all()
        self._paragraphs = None
        row_of = {id(annotation): row for row, annotation in enumerate(self.annotations)}
        self.changePersistentIndexList(
            persistent,
            [self.index(row_of[id(a)], i.column()) for a, i in zip(held, persistent, strict=True)],
        )
        self.layoutChanged.emit()
        if self.annotations:
            last = self.index(len(self.annotations) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def reanchored(
        self,
        copies: dict[int, Annotation],
        late: list[Annotation],
        ordered: tuple[list[Annotation], RowIndex] | None = None,
    ) -> None:
        """Show passages re-anchored in a new text: rows keep their identity.

        `copies` are re-anchored copies of rows (by the `id()` of the row's passage),
        put in their place; `late` are rows re-anchored in place (changed while the
        copies were made). `ordered`: when every row has a copy, the copies in document
        order and their `row_index`, made where it cost the UI thread nothing. Unlike
        `relayout`, nothing is read again that did not change: the views lay out once.
        """
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        rows = [self.annotations[index.row()] for index in persistent]
        held = [copies.get(id(annotation), annotation) for annotation in rows]
        annotations = self.annotations
        if ordered is not None and not late and len(ordered[0]) == len(annotations):
            annotations[:] = ordered[0]
            self._index(ordered[1])
        else:
            annotations[:] = [copies.get(id(annotation), annotation) for annotation in annotations]
            for annotation in late:
                self.serialised.forget(annotation)
            self._index()
        self._paragraphs = None
        self.changePersistentIndexList(
            persistent,
            [
                self.index(self._row_of_object(annotation), index.column())
                for annotation, index in zip(held, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _row_of_object(self, annotation: Annotation) -> int:
        """The row holding this very passage (-1: none)."""
        row = bisect.bisect_left(self._keys, annotation.sort_key())
        while row < len(self._keys) and self.annotations[row] is not annotation:
            row += 1  # passages with one sort key: rare
        return row if row < len(self._keys) else -1

    def _forget(self, annotation: Annotation) -> None:
        self._verdicts[_verdict(annotation)] -= 1
        if self._by_id.get(annotation.id) is annotation:
            del self._by_id[annotation.id]
            if annotation.id in self._shared_ids:
                twin = next((a for a in self.annotations if a.id == annotation.id), None)
                if twin is not None:
                    self._by_id[annotation.id] = twin


def _verdict(annotation: Annotation) -> str:
    return ORPHANED if annotation.orphaned else annotation.anchor


@dataclass(frozen=True)
class RowIndex:
    """What finds a row without scanning them all (see `AnnotationModel._index`)."""

    keys: list[tuple[int, int, str]]
    by_id: dict[str, Annotation]
    shared_ids: set[str]
    verdicts: Counter[str]


def row_index(annotations: list[Annotation]) -> RowIndex:
    """The index of rows holding `annotations` in this order (plain Python: any thread)."""
    keys = [a.sort_key() for a in annotations]
    by_id = {a.id: a for a in reversed(annotations)}  # the first of an id wins
    shared = set()
    if len(by_id) < len(annotations):
        shared = {i for i, n in Counter(a.id for a in annotations).items() if n > 1}
    return RowIndex(keys, by_id, shared, Counter(map(_verdict, annotations)))


def _with_thread(note: str, annotation: Annotation) -> str:
    """A passage's note as the list shows it: with how many replies it has, and whether
    its thread is resolved ("Ask the mayor · 2 replies, resolved")."""
    count = len(annotation.replies or ())
    thread = [f"{count} repl{'y' if count == 1 else 'ies'}"] if count else []
    thread += ["resolved"] if annotation.resolved else []
    return " · ".join(filter(None, (note, ", ".join(thread))))

"""One QUndoCommand per user edit; each captures what it needs to undo in __init__."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.model import EXACT, Annotation, Tag, now_iso, quote_selectors
from annotator.ui.qt_models import AnnotationModel, snippet

NOTE_COMMAND_ID = 1  # consecutive note edits of one passage merge into one undo step


class AddPassage(QUndoCommand):
    """Mark a new passage."""

    def __init__(self, model: AnnotationModel, annotation: Annotation) -> None:
        super().__init__(f"Mark “{snippet(annotation.exact, 30)}”")
        self.model = model
        self.annotation = annotation

    def redo(self) -> None:
        self.model.insert(self.annotation)

    def undo(self) -> None:
        self.model.remove(self.annotation.id)


class DeletePassage(QUndoCommand):
    """Delete a passage; undo puts it back at its row."""

    def __init__(self, model: AnnotationModel, annotation_id: str) -> None:
        annotation = model.get(annotation_id)
        assert annotation is not None
        super().__init__(f"Delete “{snippet(annotation.exact, 30)}”")
        self.model = model
        self.annotation_id = annotation_id
        self.row = model.row_of(annotation_id)
        self.annotation = annotation

    def redo(self) -> None:
        self.row, self.annotation = self.model.remove(self.annotation_id)

    def undo(self) -> None:
        self.model.insert(self.annotation, self.row)


class SetField(QUndoCommand):
    """Change a passage's tag or status."""

    def __init__(self, model: AnnotationModel, annotation_id: str, field: str, value: Any) -> None:
        annotation = model.get(annotation_id)
        assert annotation is not None
        names = {"tag": "tag", "status": "status", "note": "note"}
        super().__init__(f"Change {names[field]}")
        self.model = model
        self.annotation_id = annotation_id
        self.field = field
        self.old = (getattr(annotation, field), annotation.modified)
        self.new = (value, now_iso())

    def redo(self) -> None:
        value, modified = self.new
        self.model.update(self.annotation_id, **{self.field: value, "modified": modified})

    def undo(self) -> None:
        value, modified = self.old
        self.model.update(self.annotation_id, **{self.field: value, "modified": modified})


class SetNote(SetField):
    """Change a passage's note; a burst of typing on one note is one undo step."""

    def __init__(self, model: AnnotationModel, annotation_id: str, note: str) -> None:
        super().__init__(model, annotation_id, "note", note)
        self.setText("Edit note")

    def id(self) -> int:
        return NOTE_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetNote) or other.annotation_id != self.annotation_id:
            return False
        self.new = other.new
        return True


class ReplacePassage(QUndoCommand):
    """Swap a passage for a changed copy (re-attached, reviewed); undo swaps it back."""

    def __init__(self, model: AnnotationModel, new: Annotation, text: str) -> None:
        old = model.get(new.id)
        assert old is not None
        super().__init__(text)
        self.model = model
        self.old = old.clone()
        self.new = new

    def redo(self) -> None:
        self.model.replace(self.new.clone())

    def undo(self) -> None:
        self.model.replace(self.old.clone())


def reattached(annotation: Annotation, text: str, start: int, end: int) -> Annotation:
    """A copy of an annotation pinned to text[start:end] with its quote taken from there."""
    new = annotation.clone()
    new.exact, new.prefix, new.suffix = quote_selectors(text, start, end)
    new.start = new.stored_start = start
    new.end = new.stored_end = end
    new.anchor = EXACT
    new.modified = now_iso()
    return new


def reviewed(annotation: Annotation, text: str) -> Annotation:
    """A copy of a moved or fuzzy passage that accepts the text where it now stands."""
    assert annotation.start is not None and annotation.end is not None
    return reattached(annotation, text, annotation.start, annotation.end)


class SetTags(QUndoCommand):
    """Replace the article's tag list (Edit tags)."""

    def __init__(self, model: AnnotationModel, tags: list[Tag]) -> None:
        super().__init__("Edit tags")
        self.model = model
        self.old = copy.deepcopy(model.sidecar.tags)
        self.new = copy.deepcopy(tags)

    def redo(self) -> None:
        self.model.set_tags(copy.deepcopy(self.new))

    def undo(self) -> None:
        self.model.set_tags(copy.deepcopy(self.old))


class SetMetadata(QUndoCommand):
    """Replace the article's source details (title, outlet, URL...)."""

    def __init__(self, model: AnnotationModel, metadata: dict[str, Any]) -> None:
        super().__init__("Edit source details")
        self.model = model
        self.old = copy.deepcopy(model.sidecar.source.metadata)
        self.new = copy.deepcopy(metadata)

    def redo(self) -> None:
        self.model.set_metadata(copy.deepcopy(self.new))

    def undo(self) -> None:
        self.model.set_metadata(copy.deepcopy(self.old))

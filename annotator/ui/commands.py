"""One QUndoCommand per user edit; each captures what it needs to undo in __init__.

Commands name passages by id and keep their own copies of the before and after, so they
stay right when a colleague's save is merged in or the article is re-read between the
edit and its undo. A command whose passage someone else has since deleted does nothing,
says so, and leaves the stack.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.model import Annotation, Tag, now_iso
from annotator.text import snippet
from annotator.ui.qt_models import AnnotationModel

NOTE_COMMAND_ID = 1  # consecutive note edits of one passage merge into one undo step
FIELD_LABELS = {
    "tag": "Change tag", "status": "Change status", "note": "Edit note", "replies": "Reply",
    "resolved": "Resolve",
}  # fmt: skip


class PassageCommand(QUndoCommand):
    """A command on one passage; skipped, with a word to the user, if the passage is gone."""

    def __init__(self, model: AnnotationModel, annotation_id: str, text: str) -> None:
        super().__init__(text)
        self.model = model
        self.annotation_id = annotation_id
        self.document = model.article.document  # the text its offsets point into

    def _present(self) -> bool:
        if self.model.get(self.annotation_id) is not None:
            return True
        self.model.passageMissing.emit(f"{self.text()}: that passage was deleted meanwhile")
        self.setObsolete(True)
        return False


class AddPassage(PassageCommand):
    """Mark a new passage."""

    def __init__(self, model: AnnotationModel, annotation: Annotation) -> None:
        super().__init__(model, annotation.id, f"Mark “{snippet(annotation.exact, 30)}”")
        self.annotation = annotation.clone()

    def redo(self) -> None:
        self.model.put(self.annotation, self.document)

    def undo(self) -> None:
        if self._present():
            self.annotation = self.model.remove(self.annotation_id).clone()
            self.document = self.model.article.document


class DeletePassage(PassageCommand):
    """Delete a passage; undo puts it back in its place."""

    def __init__(self, model: AnnotationModel, annotation_id: str) -> None:
        annotation = model.get(annotation_id)
        assert annotation is not None
        super().__init__(model, annotation_id, f"Delete “{snippet(annotation.exact, 30)}”")
        self.annotation = annotation.clone()

    def redo(self) -> None:
        if self._present():
            self.annotation = self.model.remove(self.annotation_id).clone()
            self.document = self.model.article.document

    def undo(self) -> None:
        self.model.put(self.annotation, self.document)


class SetField(PassageCommand):
    """Change a passage's tag, status or note."""

    def __init__(self, model: AnnotationModel, annotation_id: str, field: str, value: Any) -> None:
        annotation = model.get(annotation_id)
        assert annotation is not None
        super().__init__(model, annotation_id, FIELD_LABELS[field])
        self.field = field
        self.old = (getattr(annotation, field), annotation.modified)
        self.new = (value, now_iso())

    def redo(self) -> None:
        self._set(*self.new)

    def undo(self) -> None:
        self._set(*self.old)

    def _set(self, value: Any, modified: str) -> None:
        if self._present():
            self.model.update(self.annotation_id, **{self.field: value, "modified": modified})


class SetNote(SetField):
    """Change a passage's note; a burst of typing on one note is one undo step.

    A passage with no author takes `author` (who writes the note), and undo gives it back.
    """

    def __init__(
        self, model: AnnotationModel, annotation_id: str, note: str, author: str = ""
    ) -> None:
        super().__init__(model, annotation_id, "note", note)
        annotation = model.get(annotation_id)
        self.signs = bool(author) and annotation is not None and not annotation.author
        self.author = author

    def _set(self, value: Any, modified: str) -> None:
        if not self.signs:
            super()._set(value, modified)
        elif self._present():
            signed = self.author if (value, modified) == self.new else ""
            self.model.update(self.annotation_id, note=value, modified=modified, author=signed)

    def id(self) -> int:
        return NOTE_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetNote) or other.annotation_id != self.annotation_id:
            return False
        self.new = other.new
        return True


def reply(model: AnnotationModel, annotation_id: str, reply: dict[str, Any]) -> SetField:
    """Add a reply to a passage's thread."""
    annotation = model.get(annotation_id)
    assert annotation is not None
    return SetField(model, annotation_id, "replies", [*(annotation.replies or []), reply])


def set_resolved(model: AnnotationModel, annotation_id: str, resolved: bool) -> SetField:
    """Resolve a passage's thread, or reopen it."""
    command = SetField(model, annotation_id, "resolved", resolved)
    command.setText("Resolve" if resolved else "Reopen")
    return command


class ReplacePassage(PassageCommand):
    """Swap a passage for a changed copy (re-attached, reviewed); undo swaps it back."""

    def __init__(self, model: AnnotationModel, new: Annotation, text: str) -> None:
        old = model.get(new.id)
        assert old is not None
        super().__init__(model, new.id, text)
        self.old = old.clone()
        self.new = new.clone()

    def redo(self) -> None:
        if self._present():
            self.model.put(self.new, self.document)

    def undo(self) -> None:
        if self._present():
            self.model.put(self.old, self.document)


class DismissSuggestion(QUndoCommand):
    """Dismiss a suggestion: kept in the sidecar's `dismissed`, so it is not offered again."""

    def __init__(self, model: AnnotationModel, entry: dict[str, Any]) -> None:
        super().__init__(f"Dismiss “{snippet(str(entry.get('exact', '')), 30)}”")
        self.model = model
        self.entry = copy.deepcopy(entry)

    def redo(self) -> None:
        self.model.set_dismissed([*self.model.sidecar.dismissed, copy.deepcopy(self.entry)])

    def undo(self) -> None:
        dismissed = list(self.model.sidecar.dismissed)
        if self.entry in dismissed:
            dismissed.remove(self.entry)
            self.model.set_dismissed(dismissed)


class ReplaceWhole(QUndoCommand):
    """Replace a whole part of the article's notes: its tag list, its source details."""

    def __init__(self, text: str, old: Any, new: Any, apply: Callable[[Any], None]) -> None:
        super().__init__(text)
        self.old, self.new, self.apply = copy.deepcopy(old), copy.deepcopy(new), apply

    def redo(self) -> None:
        self.apply(copy.deepcopy(self.new))

    def undo(self) -> None:
        self.apply(copy.deepcopy(self.old))


def set_tags(model: AnnotationModel, tags: list[Tag]) -> ReplaceWhole:
    """Edit Tags: the article's tag list replaced."""
    return ReplaceWhole("Edit tags", model.sidecar.tags, tags, model.set_tags)


def set_metadata(
    model: AnnotationModel, metadata: dict[str, Any], guessed: list[str] | None = None
) -> ReplaceWhole:
    """Source Details: the article's title, outlet, URL... replaced, and which of them are
    still the program's guesses (unchanged when `guessed` is None)."""
    source = model.sidecar.source
    new_guessed = source.guessed if guessed is None else guessed
    return ReplaceWhole(
        "Edit source details",
        (source.metadata, source.guessed),
        (metadata, new_guessed),
        lambda details: model.set_metadata(*details),
    )

"""Undo commands over the item model, with no widgets."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from annotator.model import EXACT, FUZZY, Sidecar, Tag, make_annotation, reattached, reviewed
from annotator.ui import commands
from annotator.ui.qt_models import AnnotationModel
from tests.texts import article_of

TEXT = "One claim here. A figure: 42. Another claim there. A name: Ines Moreau."


def _setup():
    model = AnnotationModel(article_of(TEXT, Sidecar(tags=[Tag("claim", "Claim", "#ffd54f", "1")])))
    stack = QUndoStack()
    return model, stack


def _annotation(quote: str, tag: str = "claim"):
    start = TEXT.index(quote)
    return make_annotation(TEXT, start, start + len(quote), tag=tag)


def _ids(model):
    return [a.id for a in model.annotations]


def test_add_undo_redo():
    model, stack = _setup()
    first = _annotation("One claim")
    stack.push(commands.AddPassage(model, first))
    assert _ids(model) == [first.id]
    stack.undo()
    assert _ids(model) == []
    stack.redo()
    assert _ids(model) == [first.id]


def test_undo_puts_a_deleted_passage_back_at_its_row():
    model, stack = _setup()
    marked = [_annotation(q) for q in ("One claim", "42", "Another claim", "Ines Moreau")]
    for annotation in marked:
        stack.push(commands.AddPassage(model, annotation))
    inserted = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append(first))
    stack.push(commands.DeletePassage(model, marked[2].id))
    assert _ids(model) == [marked[0].id, marked[1].id, marked[3].id]
    stack.undo()
    assert _ids(model) == [a.id for a in marked]
    assert inserted == [2]


def test_retag_and_status_undo():
    model, stack = _setup()
    annotation = _annotation("42")
    stack.push(commands.AddPassage(model, annotation))
    stack.push(commands.SetField(model, annotation.id, "tag", "figure"))
    stack.push(commands.SetField(model, annotation.id, "status", "verified"))
    assert (model.get(annotation.id).tag, model.get(annotation.id).status) == ("figure", "verified")
    stack.undo()
    assert model.get(annotation.id).status is None
    stack.undo()
    assert model.get(annotation.id).tag == "claim"


def test_typing_a_note_is_one_undo_step():
    model, stack = _setup()
    annotation = _annotation("Ines Moreau")
    stack.push(commands.AddPassage(model, annotation))
    typed = ""
    for ch in "Call her":
        typed += ch
        stack.push(commands.SetNote(model, annotation.id, typed))
    assert stack.count() == 2
    assert model.get(annotation.id).note == "Call her"
    stack.undo()
    assert model.get(annotation.id).note == ""
    stack.redo()
    assert model.get(annotation.id).note == "Call her"


def test_notes_of_different_passages_do_not_merge():
    model, stack = _setup()
    one, two = _annotation("One claim"), _annotation("42")
    stack.push(commands.AddPassage(model, one))
    stack.push(commands.AddPassage(model, two))
    stack.push(commands.SetNote(model, one.id, "a"))
    stack.push(commands.SetNote(model, two.id, "b"))
    assert stack.count() == 4
    stack.undo()
    assert (model.get(one.id).note, model.get(two.id).note) == ("a", "")


def test_reattach_and_review_replace_the_quote_and_undo():
    model, stack = _setup()
    orphan = _annotation("One claim")
    orphan.start = orphan.end = None
    orphan.anchor = "orphaned"
    stack.push(commands.AddPassage(model, orphan))
    start = TEXT.index("Another claim")
    new = reattached(orphan, TEXT, start, start + len("Another claim"))
    stack.push(commands.ReplacePassage(model, new, "Re-attach"))
    now = model.get(orphan.id)
    assert (now.start, now.exact, now.anchor) == (start, "Another claim", EXACT)
    assert now.prefix == TEXT[:start][-32:]
    stack.undo()
    assert model.get(orphan.id).orphaned and model.get(orphan.id).exact == "One claim"

    fuzzy = _annotation("A figure: 42")
    fuzzy.exact, fuzzy.anchor = "A figure: 41", FUZZY
    stack.push(commands.AddPassage(model, fuzzy))
    stack.push(commands.ReplacePassage(model, reviewed(fuzzy, TEXT), "Review"))
    assert (model.get(fuzzy.id).exact, model.get(fuzzy.id).anchor) == ("A figure: 42", EXACT)
    stack.undo()
    assert (model.get(fuzzy.id).exact, model.get(fuzzy.id).anchor) == ("A figure: 41", FUZZY)


def test_tags_and_source_details_undo():
    model, stack = _setup()
    stack.push(commands.set_tags(model, [Tag("lead", "Lead", "#ff0000", "1")]))
    assert [t.id for t in model.sidecar.tags] == ["lead"]
    stack.push(commands.set_metadata(model, {"title": "Ferry fares"}))
    assert model.sidecar.source.metadata["title"] == "Ferry fares"
    stack.undo()
    assert model.sidecar.source.metadata["title"] == ""
    stack.undo()
    assert [t.id for t in model.sidecar.tags] == ["claim"]

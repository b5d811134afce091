"""The passage list's filter decides for all rows at once, and follows every change."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex

from annotator.model import make_annotation
from annotator.ui import qt_models
from annotator.ui.passage_filter import PassageFilter
from annotator.ui.qt_models import NEEDS_REVIEW, AnnotationModel
from tests.texts import article_of

TEXT = (
    "The mayor said the bridge would cost 40 million. Critics said the figure was too low. "
    "The council met on Tuesday; the union asked for the report. Nobody answered."
)
QUOTES = ["The mayor said", "40 million", "Critics said", "The council", "the union", "Nobody"]


def model_with(*quotes: str) -> AnnotationModel:
    model = AnnotationModel(article_of(TEXT))
    for n, quote in enumerate(quotes):
        start = TEXT.index(quote)
        tag = "figure" if n % 2 else "claim"
        model.insert(make_annotation(TEXT, start, start + len(quote), tag=tag))
    return model


def shown(proxy: PassageFilter) -> list[str]:
    return [proxy.index(row, 0).data(qt_models.ID_ROLE) for row in range(proxy.rowCount())]


def exact(model: AnnotationModel, proxy: PassageFilter) -> list[str]:
    by_id = {a.id: a.exact for a in model.annotations}
    return [by_id[i] for i in shown(proxy)]


def test_rows_come_and_go_as_passages_are_marked_edited_and_deleted(qtmodeltester):
    model = model_with(*QUOTES)
    found = PassageFilter(orphans=False)
    found.setSourceModel(model)
    qtmodeltester.check(found)  # and it keeps checking every change below
    found.set_filter("claim", None, "")
    assert exact(model, found) == ["The mayor said", "Critics said", "the union"]
    start = TEXT.index("bridge")
    bridge = make_annotation(TEXT, start, start + 6, tag="claim")
    model.insert(bridge)  # in the middle, passing the filter
    assert exact(model, found) == ["The mayor said", "bridge", "Critics said", "the union"]
    model.insert(make_annotation(TEXT, 0, 3, tag="figure"))  # before all, filtered out
    assert exact(model, found) == ["The mayor said", "bridge", "Critics said", "the union"]
    critics = next(a for a in model.annotations if a.exact == "Critics said")
    model.update(critics.id, tag="figure")  # no longer passes
    assert exact(model, found) == ["The mayor said", "bridge", "the union"]
    model.update(critics.id, tag="claim", note="ask them")  # passes again
    assert exact(model, found) == ["The mayor said", "bridge", "Critics said", "the union"]
    model.remove(bridge.id)
    model.remove(next(a for a in model.annotations if a.exact == "40 million").id)
    assert exact(model, found) == ["The mayor said", "Critics said", "the union"]
    assert [found.mapToSource(found.index(r, 0)).row() for r in range(3)] == [
        model.row_of(i) for i in shown(found)
    ]


def test_searching_as_she_types_keeps_her_place_and_narrows(qtmodeltester):
    model = model_with(*QUOTES)
    model.update(model.annotations[2].id, note="Which critics? Ask the UNION")
    found = PassageFilter(orphans=False)
    found.setSourceModel(model)
    qtmodeltester.check(found)
    current = QPersistentModelIndex(found.index(2, 1))  # the row she had selected
    for typed in ("u", "un", "uni", "union"):
        found.set_filter(None, None, typed)
    assert exact(model, found) == ["Critics said", "the union"]
    assert current.isValid() and current.row() == 0 and current.column() == 1
    found.set_filter(None, None, "union critics")  # every word, in the quote or the note
    assert exact(model, found) == ["Critics said"]
    found.set_filter(None, None, "")  # wider again
    assert len(shown(found)) == len(QUOTES)
    assert current.isValid() and current.row() == 2


def test_status_and_review_filters_and_the_orphans_section():
    model = model_with(*QUOTES)
    first, second = model.annotations[0], model.annotations[1]
    model.update(first.id, status="disputed")
    model.update(second.id, anchor="moved")  # re-anchored: awaits her review
    found, orphans = PassageFilter(orphans=False), PassageFilter(orphans=True)
    found.setSourceModel(model)
    orphans.setSourceModel(model)
    found.set_filter(None, "disputed", "")
    assert shown(found) == [first.id]
    found.set_filter(None, NEEDS_REVIEW, "")
    assert shown(found) == [second.id]
    found.set_filter(None, "", "")  # no status
    assert first.id not in shown(found) and len(shown(found)) == len(QUOTES) - 1
    assert shown(orphans) == []
    model.update(second.id, start=None, end=None, anchor="orphaned")  # lost in a new text
    assert shown(orphans) == [second.id] and second.id not in shown(found)


def test_rows_re_laid_out_in_a_new_text_are_found_again(qtmodeltester):
    model = model_with(*QUOTES)
    found = PassageFilter(orphans=False)
    found.setSourceModel(model)
    qtmodeltester.check(found)
    found.set_filter("figure", None, "")
    held = QPersistentModelIndex(found.index(1, 0))
    held_id = held.data(qt_models.ID_ROLE)
    for annotation in model.annotations:  # a new text: every passage moved along...
        annotation.start, annotation.end = annotation.start + 10, annotation.end + 10
    moved = model.annotations[1]  # ...and "40 million" now comes last
    moved.start, moved.end = len(TEXT) + 20, len(TEXT) + 30
    model.relayout()
    assert exact(model, found) == ["The council", "Nobody", "40 million"]
    assert held.isValid() and held.data(qt_models.ID_ROLE) == held_id

"""The item model over the annotations, with no widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.model import Sidecar, Tag, make_annotation
from annotator.ui import qt_models
from annotator.ui.passage_filter import PassageFilter
from annotator.ui.qt_models import AnnotationModel
from tests.texts import article_of

TEXT = "The mayor said the bridge cost 40 million. Critics said it cost more."


def _sidecar() -> Sidecar:
    tags = [Tag("claim", "Claim", "#ffd54f", "1"), Tag("figure", "Figure", "#a5d6a7", "3")]
    return Sidecar(tags=tags)


def _mark(model: AnnotationModel, quote: str, tag: str = "claim", occurrence: int = 0):
    start = TEXT.find(quote)
    for _ in range(occurrence):
        start = TEXT.find(quote, start + 1)
    annotation = make_annotation(TEXT, start, start + len(quote), tag=tag)
    model.insert(annotation)
    return annotation


def test_insert_keeps_document_order_and_notifies_one_row(qtmodeltester):
    model = AnnotationModel(article_of(TEXT, _sidecar()))
    inserted = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    later = _mark(model, "Critics said")
    earlier = _mark(model, "The mayor")
    middle = _mark(model, "40 million", "figure")
    assert [a.id for a in model.annotations] == [earlier.id, middle.id, later.id]
    assert inserted == [(0, 0), (0, 0), (1, 1)]
    assert model.data(model.index(1, qt_models.TAG)) == "Figure"
    assert model.data(model.index(1, qt_models.QUOTE)) == "40 million"
    assert model.data(model.index(1, qt_models.TAG), Qt.ItemDataRole.DecorationRole).name() == (
        "#a5d6a7"
    )
    qtmodeltester.check(model)


def test_remove_and_update_emit_changes():
    model = AnnotationModel(article_of(TEXT, _sidecar()))
    edits = []
    model.edited.connect(lambda: edits.append(1))
    first = _mark(model, "The mayor")
    second = _mark(model, "Critics said")
    changed = []
    model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    model.update(second.id, status="verified", note="ok")
    assert changed == [(1, 1)]
    assert model.data(model.index(1, qt_models.STATUS)) == "Verified"
    assert model.data(model.index(1, qt_models.NOTE)) == "ok"
    removed = model.remove(first.id)
    assert removed is first
    assert [a.id for a in model.sidecar.annotations] == [second.id]
    assert len(edits) == 4


def test_filter_by_tag_status_and_words():
    model = AnnotationModel(article_of(TEXT, _sidecar()))
    mayor = _mark(model, "The mayor said")
    cost = _mark(model, "40 million", "figure")
    critics = _mark(model, "Critics said")
    model.update(critics.id, status="disputed", note="Which critics? Ask the union")
    found = PassageFilter(orphans=False)
    found.setSourceModel(model)

    def ids():
        return [found.data(found.index(r, 0), qt_models.ID_ROLE) for r in range(found.rowCount())]

    assert ids() == [mayor.id, cost.id, critics.id]
    found.set_filter("figure", None, "")
    assert ids() == [cost.id]
    found.set_filter(None, "disputed", "")
    assert ids() == [critics.id]
    found.set_filter(None, "", "")  # no status
    assert ids() == [mayor.id, cost.id]
    found.set_filter(None, None, "UNION critics")  # every word, in quote or note
    assert ids() == [critics.id]
    found.set_filter(None, None, "said")
    assert ids() == [mayor.id, critics.id]


def test_orphans_are_their_own_section():
    sidecar = _sidecar()
    orphan = make_annotation(TEXT, 0, 9, tag="claim")
    orphan.start = orphan.end = None
    orphan.anchor = "orphaned"
    sidecar.annotations.append(orphan)
    model = AnnotationModel(article_of(TEXT, sidecar))
    kept = _mark(model, "Critics said")
    found, orphans = PassageFilter(orphans=False), PassageFilter(orphans=True)
    found.setSourceModel(model)
    orphans.setSourceModel(model)
    assert found.rowCount() == 1 and found.index(0, 0).data(qt_models.ID_ROLE) == kept.id
    assert orphans.rowCount() == 1 and orphans.index(0, 0).data(qt_models.ID_ROLE) == orphan.id
    assert model.verdicts()["orphaned"] == 1
    assert model.at(TEXT.find("Critics") + 2) is kept
    assert model.at(0) is None  # an orphan is nowhere in the text


def test_a_merged_sidecar_is_applied_row_by_row_by_id(qtmodeltester):
    import copy

    from PySide6.QtCore import QPersistentModelIndex

    model = AnnotationModel(article_of(TEXT, _sidecar()))
    kept = _mark(model, "The mayor")
    gone = _mark(model, "40 million", "figure")
    edited = _mark(model, "Critics said")
    held = QPersistentModelIndex(model.index(model.row_of(kept.id), 0))
    merged = copy.deepcopy(model.sidecar)
    merged.annotations = [a for a in merged.annotations if a.id != gone.id]
    next(a for a in merged.annotations if a.id == edited.id).note = "their note"
    start = TEXT.index("cost more")
    merged.annotations.append(make_annotation(TEXT, start, start + 9, tag="figure"))
    merged.tags.append(Tag("quote", "Quote", "#81d4fa", "2"))
    merged.source.metadata["title"] = "Bridge costs"
    merged.extra["future"] = {"kept": True}

    seen, edits = [], []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.rowsRemoved.connect(lambda _p, first, _last: seen.append(("removed", first)))
    model.rowsInserted.connect(lambda _p, first, _last: seen.append(("inserted", first)))
    model.dataChanged.connect(lambda top, _bottom: seen.append(("changed", top.row())))
    model.edited.connect(lambda: edits.append(1))
    assert model.apply(merged) == 3
    assert "reset" not in seen and ("removed", 1) in seen and ("inserted", 2) in seen
    assert edits == [1]  # one announcement for the whole merge
    assert [a.exact for a in model.annotations] == ["The mayor", "Critics said", "cost more"]
    assert model.get(edited.id).note == "their note"
    assert model.get(kept.id) is kept and held.row() == 0  # untouched rows are not replaced
    assert [t.id for t in model.sidecar.tags] == ["claim", "figure", "quote"]
    assert model.sidecar.source.metadata["title"] == "Bridge costs"
    assert model.sidecar.extra == {"future": {"kept": True}}
    assert model.apply(copy.deepcopy(merged)) == 0
    qtmodeltester.check(model)


def test_relayout_after_re_anchoring_keeps_rows_attached_to_their_passages():
    from PySide6.QtCore import QPersistentModelIndex

    model = AnnotationModel(article_of(TEXT, _sidecar()))
    first = _mark(model, "The mayor")
    second = _mark(model, "Critics said")
    held = QPersistentModelIndex(model.index(model.row_of(first.id), qt_models.QUOTE))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    first.start, first.end = 60, 69  # re-anchored after the other passage
    model.relayout()
    assert [a.id for a in model.annotations] == [second.id, first.id]
    assert held.row() == 1 and held.column() == qt_models.QUOTE
    assert model.row_of(first.id) == 1 and not resets


def test_multi_data_answers_every_role_as_data_does():
    """A view asks a cell for seven roles in one call (multiData); each answer must be
    the one `data` gives, in the model and through the passage list's filter, sorted."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

    model = AnnotationModel(article_of(TEXT, _sidecar()))
    _mark(model, "bridge cost 40 million", tag="figure")
    critics = _mark(model, "Critics said")
    model.update(critics.id, note="Who are they?", status="verified")
    found = PassageFilter(orphans=False)
    found.setSourceModel(model)
    found.sort(qt_models.TAG, Qt.SortOrder.AscendingOrder)  # Claim first: rows swapped
    assert found.data(found.index(0, 0), qt_models.ID_ROLE) == critics.id
    roles = [
        Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole, qt_models.ID_ROLE,
    ]  # fmt: skip
    compared = 0
    for source in (model, found):
        for row in range(source.rowCount()):
            for column in range(source.columnCount()):
                index = source.index(row, column)
                for role in roles:  # (a span made in Python holds one role)
                    answer = QModelRoleData(role)
                    source.multiData(index, QModelRoleDataSpan(answer))
                    assert answer.data() == source.data(index, role), (row, column, role)
                    compared += answer.data() is not None
    assert compared > 20  # (the comparison saw real answers, not only empty ones)

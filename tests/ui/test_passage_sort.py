"""The passage list sorted by a column: the right order, through every change, places kept."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from annotator.model import STATUSES, Tag, make_annotation
from annotator.ui import qt_models
from annotator.ui.passage_filter import PassageFilter
from annotator.ui.qt_models import AnnotationModel
from tests.texts import article_of

WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike".split()
TEXT = " ".join(WORDS * 6)
TAGS = ["claim", "quote", "figure", "stray"]  # "stray" is in no tag list: sorted last
NOTES = ["", "", "ask the council", "Budget", "budget line", "zoning", "Émile"]
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def ids(proxy: PassageFilter) -> list[str]:
    return [proxy.index(row, 0).data(qt_models.ID_ROLE) for row in range(proxy.rowCount())]


def expected(
    model: AnnotationModel, column: int, order: Qt.SortOrder, tag: str | None
) -> list[str]:
    """The order a reader expects, worked out here independently of the proxy."""
    rows = [a for a in model.annotations if tag is None or a.tag == tag]
    tag_order = [t.id for t in model.sidecar.tags]
    if column == qt_models.TAG:
        rows.sort(key=lambda a: (tag_order.index(a.tag) if a.tag in tag_order else 99, a.tag))
    elif column == qt_models.STATUS:
        rows.sort(key=lambda a: STATUSES.index(a.status))
    elif column == qt_models.NOTE:
        rows.sort(key=lambda a: (a.note == "", a.note.lower()))
    # (Python's sort is stable: equal keys stay in document order, as the proxy keeps them.)
    found = [a.id for a in rows]
    return found[::-1] if order == DESC else found


def passage(text: str, rng: random.Random):
    word = rng.randrange(len(WORDS) * 6)
    start = len(" ".join((WORDS * 6)[:word])) + (1 if word else 0)
    end = start + len((WORDS * 6)[word])
    return make_annotation(
        text, start, end, tag=rng.choice(TAGS), status=rng.choice(STATUSES), note=rng.choice(NOTES)
    )


@pytest.mark.parametrize("seed", range(6))
def test_sorted_list_follows_marks_edits_deletes_and_filters(qtmodeltester, seed):
    rng = random.Random(seed)
    model = AnnotationModel(article_of(TEXT))
    model.sidecar.tags = [Tag("claim", "Claim", "#ffd54f", "1"), Tag("quote", "Quote", "#90caf9", "2"),
                          Tag("figure", "Figure", "#a5d6a7", "3")]  # fmt: skip
    for _ in range(25):
        model.insert(passage(TEXT, rng))
    proxy = PassageFilter(orphans=False)
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    column, order, tag = qt_models.QUOTE, ASC, None
    for _step in range(60):
        move = rng.random()
        if move < 0.15:
            column = rng.choice([qt_models.TAG, qt_models.STATUS, qt_models.NOTE, qt_models.QUOTE])
            order = rng.choice([ASC, DESC])
            proxy.sort(column, order)
        elif move < 0.3:
            model.insert(passage(TEXT, rng))
        elif move < 0.4 and model.annotations:
            model.remove(rng.choice(model.annotations).id)
        elif move < 0.8 and model.annotations:
            chosen = rng.choice(model.annotations)
            field = rng.choice(["tag", "status", "note"])
            value = {"tag": rng.choice(TAGS), "status": rng.choice(STATUSES),
                     "note": rng.choice(NOTES)}[field]  # fmt: skip
            model.update(chosen.id, **{field: value})
        elif move < 0.9:
            tag = rng.choice([None, None, "claim", "figure"])
            proxy.set_filter(tag, None, "")
        else:
            tags = list(model.sidecar.tags)
            rng.shuffle(tags)
            model.set_tags(tags)  # the tag column's order follows the tag list
        assert ids(proxy) == expected(model, column, order, tag)
        for row in range(proxy.rowCount()):  # the two mappings agree, both ways
            source = proxy.mapToSource(proxy.index(row, 1))
            assert proxy.mapFromSource(source).row() == row


def test_a_kept_place_follows_its_passage_through_a_sort_and_an_edit():
    model = AnnotationModel(article_of(TEXT))
    model.sidecar.tags = [
        Tag("claim", "Claim", "#ffd54f", "1"),
        Tag("quote", "Quote", "#90caf9", "2"),
    ]
    rng = random.Random(7)
    for _ in range(12):
        model.insert(passage(TEXT, rng))
    proxy = PassageFilter(orphans=False)
    proxy.setSourceModel(model)
    chosen = model.annotations[5]
    kept = QPersistentModelIndex(proxy.mapFromSource(model.index(5, 0)))
    for column, order in ((qt_models.NOTE, DESC), (qt_models.TAG, ASC), (qt_models.STATUS, DESC)):
        proxy.sort(column, order)
        assert kept.data(qt_models.ID_ROLE) == chosen.id
    model.update(chosen.id, status="disputed")  # moves it within the sorted rows
    assert kept.data(qt_models.ID_ROLE) == chosen.id
    assert ids(proxy) == expected(model, qt_models.STATUS, DESC, None)
    proxy.sort(qt_models.QUOTE, ASC)  # back to the article's order
    assert ids(proxy) == [a.id for a in model.annotations]
    assert kept.data(qt_models.ID_ROLE) == chosen.id

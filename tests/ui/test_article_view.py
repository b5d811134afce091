"""Passages coloured where they are seen; offsets converted lazily; rows found quickly."""

from __future__ import annotations

import random
from collections import Counter

from annotator.model import Sidecar, Tag, make_annotation
from annotator.ui.article_view import ArticleView
from annotator.ui.offsets import Offsets
from annotator.ui.qt_models import AnnotationModel
from tests.texts import article_of

PARAGRAPH = "The council said 😀 the barrier would cost £18.6 million, campaigners said more."


def _utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def test_passages_are_coloured_as_their_blocks_come_into_view(qtbot):
    text = "\n\n".join(f"{n}: {PARAGRAPH}" for n in range(3000))
    passages = []
    for n in range(0, 3000, 7):
        start = text.index("barrier", text.index(f"{n}: "))
        passages.append((f"p{n}", start, start + len("barrier would cost"), "#ffd54f"))
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.set_article(text, passages)
    view.show()
    qtbot.waitExposed(view)
    document = view.document()
    first, last = document.findBlock(_utf16(text, passages[0][1])), document.lastBlock()
    while not view.highlighter.spans(last.blockNumber()):
        last = last.previous()
    qtbot.waitUntil(lambda: bool(first.layout().formats()))  # on screen: coloured
    assert not last.layout().formats()  # far below: nothing done for it yet
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: bool(last.layout().formats()))
    [(start, length, passage_id)] = view.highlighter.spans(last.blockNumber())
    wanted = next(p for p in passages if p[0] == passage_id)
    assert last.position() + start == _utf16(text, wanted[1])  # after 3,000 emoji
    assert length == len("barrier would cost")


def test_a_passage_over_several_blocks_colours_each_of_them(qtbot):
    text = "one\n\ntwo 😀 words\n\nthree"
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_article(text, [])
    view.add_passage("p", text.index("one"), text.index("three") + 3, "#a5d6a7")
    blocks = [view.document().findBlockByNumber(n) for n in range(5)]
    assert [bool(b.layout().formats()) for b in blocks] == [True, False, True, False, True]
    assert view.highlighter.spans(2) == [(0, len("two 😀 words") + 1, "p")]
    view.remove_passage("p")
    assert not any(b.layout().formats() for b in blocks)


def test_offsets_found_piecemeal_agree_with_utf16_everywhere():
    rng = random.Random(3)
    pieces = [rng.choice(["word ", "قال ", "😀", "𝄞 ", "\n"]) for _ in range(60_000)]
    text = "".join(pieces)  # longer than one search chunk, with astral characters all along
    offsets = Offsets(text)
    utf16 = [0]
    for ch in text:
        utf16.append(utf16[-1] + (2 if ord(ch) > 0xFFFF else 1))
    for offset in rng.sample(range(len(text) + 1), 400):  # in no order: far ones first
        assert offsets.to_qt(offset) == utf16[offset]
        assert offsets.from_qt(utf16[offset]) == offset
    assert offsets.qt_length == utf16[-1] and not offsets.identity


def test_verdict_counts_and_rows_follow_every_change():
    text = "The mayor said the bridge cost 40 million. Critics said it cost more."
    model = AnnotationModel(article_of(text, Sidecar(tags=[Tag("claim", "Claim", "#ffd54f", "1")])))
    marked = []
    for start in range(0, 40, 4):
        marked.append(make_annotation(text, start, start + 5, tag="claim"))
        model.insert(marked[-1])
    model.update(marked[3].id, start=None, end=None, anchor="orphaned")
    removed = model.remove(marked[5].id)
    model.insert(removed)  # undo puts it back in its place
    model.remove(marked[0].id)
    assert model.verdicts() == Counter(
        "orphaned" if a.orphaned else a.anchor for a in model.annotations
    )
    for row, annotation in enumerate(model.annotations):
        assert model.row_of(annotation.id) == row
        assert model.get(annotation.id) is annotation
    assert model.row_of(marked[0].id) == -1 and model.get(marked[0].id) is None


def test_two_passages_with_one_id_are_both_found_in_turn():
    text = "The mayor said the bridge cost 40 million."
    model = AnnotationModel(article_of(text, Sidecar(tags=[Tag("claim", "Claim", "#ffd54f", "1")])))
    first = make_annotation(text, 0, 9, tag="claim")
    second = make_annotation(text, 10, 14, tag="claim")
    second.id = first.id  # as a careless merge of two sidecars could leave them
    model.insert(first)
    model.insert(second)
    assert model.get(first.id) is first
    model.remove(first.id)
    assert model.get(first.id) is second and model.row_of(first.id) == 0

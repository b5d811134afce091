"""The paragraphs a brief's full text leaves out: clutter on which no passage stands,
found with one bisection a paragraph, compared with the definition itself."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from annotator.clutter import FURNITURE, Clutter
from annotator.export.brief import left_out
from annotator.model import Annotation
from annotator.text import Paragraphs

TEXT = "\n\n".join(f"Paragraph {n} of the page, with some words in it." for n in range(12))
PARAGRAPHS = Paragraphs(TEXT)


def _article(flagged: list[int], spans: list[tuple[int, int]]) -> SimpleNamespace:
    clutter = [Clutter(*PARAGRAPHS.spans[n], FURNITURE, "navigation") for n in flagged]
    passages = [
        Annotation(id=str(n), start=start, end=end, exact=TEXT[start:end], prefix="", suffix="",
                   tag="claim")
        for n, (start, end) in enumerate(spans)
    ]  # fmt: skip
    sidecar = SimpleNamespace(anchored=lambda: sorted(passages, key=Annotation.sort_key))
    return SimpleNamespace(clutter=lambda: clutter, sidecar=sidecar)


def _defined(flagged: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """Each flagged paragraph on which no passage overlaps, as the brief defines it."""
    found = []
    for n in flagged:
        begin, end = PARAGRAPHS.spans[n]
        if not any(start < end and stop > begin for start, stop in spans):
            found.append(n)
    return found


spans = st.lists(
    st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 400)).map(
        lambda pair: (pair[0], min(len(TEXT), pair[0] + pair[1]))
    ),
    max_size=12,
)


@given(st.lists(st.integers(0, len(PARAGRAPHS.spans) - 1), unique=True), spans)
def test_left_out_is_the_clutter_no_passage_stands_on(flagged, passages):
    flagged.sort()
    article = _article(flagged, passages)
    assert left_out(article, PARAGRAPHS) == _defined(flagged, passages)
    anchored = article.sidecar.anchored()
    assert left_out(article, PARAGRAPHS, anchored) == _defined(flagged, passages)


def test_a_passage_touching_a_paragraph_without_overlapping_leaves_it_out():
    begin, end = PARAGRAPHS.spans[3]
    touching = [(PARAGRAPHS.spans[2][0], begin), (end, end + 5)]
    assert left_out(_article([3], touching), PARAGRAPHS) == [3]
    assert left_out(_article([3], [(end - 1, end + 5)]), PARAGRAPHS) == []
    assert left_out(_article([3], [(0, len(TEXT))]), PARAGRAPHS) == []  # one long passage

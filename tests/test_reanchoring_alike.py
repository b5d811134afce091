"""Passages moved alike by an edit above them are settled without a search, exactly as
the search would settle them."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.anchoring import Anchorer, anchor_all
from annotator.model import MOVED, make_annotation

WORDS = ["fare", "rise", "ferry", "port", "the", "33%", "May", "نقل", "😀", "\n\n"]


def passages(text: str, count: int, seed: int):
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        start = rng.randrange(len(text) - 12)
        found.append(make_annotation(text, start, start + rng.randint(4, 12)))
    return found


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=30, max_size=200),
    st.integers(0, 2**16),
    st.text(min_size=0, max_size=40),
    st.integers(0, 1000),
    st.booleans(),
)
def test_settled_alike_as_the_search_settles_them(words, seed, inserted, cut, delete):
    text = " ".join(words)
    marked = passages(text, 12, seed)
    cut = cut % len(text)
    if delete:  # a stretch taken out instead of one put in
        changed = text[:cut] + text[cut + len(inserted) :]
    else:
        changed = text[:cut] + inserted + text[cut:]
    fast = [a.clone() for a in marked]
    searched = [a.clone() for a in marked]
    anchor_all(fast, changed)
    original = Anchorer.moved_alike
    try:
        Anchorer.moved_alike = lambda self, annotation, shift: None  # always search
        anchor_all(searched, changed)
    finally:
        Anchorer.moved_alike = original
    assert [(a.start, a.end, a.anchor) for a in fast] == [
        (a.start, a.end, a.anchor) for a in searched
    ]


def test_a_paragraph_added_on_top_moves_every_passage_alike(monkeypatch):
    text = " ".join(f"claim {n} of the council" for n in range(400))
    marked = passages(text, 50, 3)
    searches = []
    real = Anchorer.nearby
    monkeypatch.setattr(
        Anchorer, "nearby", lambda self, a, shift: searches.append(a) or real(self, a, shift)
    )
    changed = "An editor's note.\n\n" + text
    anchor_all(marked, changed)
    assert all(changed[a.start : a.end] == a.exact and a.anchor == MOVED for a in marked)
    assert len(searches) <= 1  # the first is searched for; the rest moved as it did

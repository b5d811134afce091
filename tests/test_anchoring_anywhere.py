"""Searching anywhere for passages whose pieces are common gives the verdicts and places
that aligning each against the whole text gave (the search it replaced, kept here)."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import anchoring, anywhere
from annotator.anchoring import Anchorer, _max_errors, anchor_all
from annotator.model import Annotation, make_annotation


class WholeTextAnchorer(Anchorer):
    """The search anywhere as it was: a quote whose pigeonhole pieces stand in more than
    MAX_PIECE_HITS places is aligned against the whole text."""

    aligned_whole = 0

    def fuzzy_anywhere(self, annotations: list[Annotation]):
        results, pieces, eligible = [], {}, []
        for annotation in annotations:
            max_errors = _max_errors(annotation.exact)
            if max_errors < 0 or len(annotation.exact) < anchoring.FAR_FUZZY_MIN_LENGTH:
                results.append((annotation, None))
                continue
            index = len(eligible)
            eligible.append((annotation, max_errors))
            size = len(annotation.exact) // (max_errors + 1)
            for offset in range(0, size * (max_errors + 1), size):
                pieces.setdefault(annotation.exact[offset : offset + size], []).append(
                    (index, offset)
                )
        hits: list[set[int]] = [set() for _ in eligible]
        for piece, starts in self.occurrences(pieces).items():
            for index, offset in pieces[piece]:
                if len(hits[index]) <= anchoring.MAX_PIECE_HITS:
                    hits[index].update(start - offset for start in starts)
        for (annotation, max_errors), near in zip(eligible, hits, strict=True):
            if len(near) > anchoring.MAX_PIECE_HITS:
                WholeTextAnchorer.aligned_whole += 1
                windows = [(0, len(self.text))]
            else:
                reach = len(annotation.exact) + max_errors
                windows = [(p - max_errors, p + reach) for p in sorted(near)]
            results.append((annotation, self._best_fuzzy(annotation, windows, max_errors)))
        return results


def verdicts(annotations: list[Annotation], text: str, old: bool) -> list[tuple]:
    copies = [annotation.clone() for annotation in annotations]
    real = anchoring.Anchorer
    anchoring.Anchorer = WholeTextAnchorer if old else real
    try:
        anchor_all(copies, text)
    finally:
        anchoring.Anchorer = real
    return [(a.anchor, a.start, a.end) for a in copies]


WORDS = (
    "the council said that the barrier would cost more than the figure campaigners "
    "gave while residents of the quay waited for the report and the deadline"
).split()


def article(rng: random.Random, words: int, extra: str = "") -> str:
    vocabulary = WORDS + extra.split()
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def passages(rng: random.Random, text: str, count: int) -> list[Annotation]:
    found = []
    for _ in range(count):
        start = rng.randrange(len(text) - 100)
        found.append(make_annotation(text, start, start + rng.randint(8, 100), tag="claim"))
    return found


def edited(rng: random.Random, text: str, changes: int) -> str:
    """`text` with words replaced, dropped or doubled here and there."""
    words = re.split(r"( )", text)
    for _ in range(changes):
        i = rng.randrange(0, len(words), 2)
        words[i] = rng.choice(["harbour", "", words[i] * 2, words[i][::-1], "quay"])
    return "".join(words)


def searched(monkeypatch) -> dict[str, int]:
    """How the passages searched anywhere were searched: around their pieces, or not at
    all, or against the whole text."""
    kinds = {"around pieces": 0, "nowhere": 0, "whole text": 0}
    real = anywhere.choose

    def counted(pieces, index, length):
        chosen = real(pieces, index, length)
        if chosen is None:
            kinds["whole text"] += 1
        else:
            kinds["around pieces" if anywhere.windows(pieces, chosen, index) else "nowhere"] += 1
        return chosen

    monkeypatch.setattr(anywhere, "choose", counted)
    return kinds


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    ("sample", "around"), [(anywhere.SAMPLE, False), (5000, False), (5000, True)]
)
def test_common_pieces_give_the_verdicts_of_a_whole_text_alignment(
    seed, sample, around, monkeypatch
):
    """Short passages of a text of few words, each with words changed around it: their
    pieces stand everywhere, so every one that is not found nearby is searched anywhere.
    With the sample smaller than the text, pieces are counted there, then followed."""
    rng = random.Random(seed)
    text = article(rng, 6000)
    marked = passages(rng, text, 80)
    changed = edited(rng, text, 1500)
    monkeypatch.setattr(anywhere, "SAMPLE", sample)
    if around:  # every piece may be chosen, and aligning the whole text costs the most
        monkeypatch.setattr(anywhere, "TIERS", (10**9,))
        monkeypatch.setattr(anywhere, "PER_PLACE", 10**-9)
    kinds = searched(monkeypatch)
    WholeTextAnchorer.aligned_whole = 0
    assert verdicts(marked, changed, old=False) == verdicts(marked, changed, old=True)
    assert WholeTextAnchorer.aligned_whole > 5  # the case under test was met
    if around:
        assert kinds["around pieces"] > 5 and not kinds["whole text"], kinds


def test_an_unrelated_text_orphans_as_before(monkeypatch):
    """Passages against a text of other words that share common pieces with them."""
    rng = random.Random(3)
    source = article(rng, 3000)
    other = " ".join(
        rng.choice("their ferry then sailed later than the timetable promised".split())
        for _ in range(20000)
    )
    monkeypatch.setattr(anywhere, "SAMPLE", 20000)
    kinds = searched(monkeypatch)
    marked = passages(rng, source, 60)
    assert verdicts(marked, other, old=False) == verdicts(marked, other, old=True)
    assert kinds["nowhere"] > 0, kinds


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), rare=st.sampled_from([0, 300]))
def test_texts_of_many_scripts_give_the_same_verdicts(seed, rare):
    """With more than 255 distinct code points the rarest share a byte in the alignment:
    the pieces are looked for as the alignment sees the text, so nothing is missed."""
    rng = random.Random(seed)
    extra = " ".join(chr(0x4E00 + n) * 3 for n in range(rare))
    text = article(rng, 1500, extra)
    marked = passages(rng, text, 20)
    changed = edited(rng, text, 400)
    kept = anywhere.SAMPLE
    anywhere.SAMPLE = 2000
    try:
        assert verdicts(marked, changed, old=False) == verdicts(marked, changed, old=True)
    finally:
        anywhere.SAMPLE = kept


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    length=st.integers(anchoring.FAR_FUZZY_MIN_LENGTH, 120),
    edits=st.lists(st.tuples(st.integers(0, 10**4), st.sampled_from("sid")), max_size=20),
)
def test_a_match_at_the_edge_of_the_budget_is_found_as_before(seed, length, edits):
    """A passage moved far away with up to a fifth of it edited, among words of random
    letters: every passage is searched around its pieces (none counts as common), and
    found or orphaned exactly as an alignment against the whole text finds it."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(1, 8))) for _ in range(1500)]
    text = " ".join(words)
    quote = text[100 : 100 + length]
    chars = list(quote)
    for where, how in edits[: _max_errors(quote) + 1]:
        where %= len(chars)
        if how == "s":
            chars[where] = rng.choice(letters)
        elif how == "i":
            chars.insert(where, rng.choice(letters))
        elif len(chars) > 1:
            del chars[where]
    changed = text[:100] + text[100 + length : 6000] + "".join(chars) + text[6000:]
    marked = [make_annotation(text, 100, 100 + length, tag="claim")]
    kept = anchoring.MAX_PIECE_HITS, anywhere.TIERS, anywhere.PER_PLACE
    anchoring.MAX_PIECE_HITS, anywhere.TIERS, anywhere.PER_PLACE = 0, (10**9,), 10**-9
    try:
        assert verdicts(marked, changed, old=False) == verdicts(marked, changed, old=True)
    finally:
        anchoring.MAX_PIECE_HITS, anywhere.TIERS, anywhere.PER_PLACE = kept


@pytest.mark.parametrize("where", ["after the first", "before the last"])
def test_a_match_stretched_by_insertions_at_one_end_is_found(where):
    """A fifth of the quote's length inserted next to one end: the match is longer than
    the quote by all of its budget, beyond the last (or before the first) piece kept."""
    rng = random.Random(5)
    text = " ".join("".join(rng.choices("abcdefghij", k=rng.randint(2, 7))) for _ in range(3000))
    quote = text[200:240]
    inserted = "".join(rng.choices("klmnopqrst", k=_max_errors(quote)))
    cut = 1 if where == "after the first" else len(quote) - 1
    moved = quote[:cut] + inserted + quote[cut:]
    changed = text[:200] + text[240:9000] + moved + text[9000:]
    marked = [make_annotation(text, 200, 240, tag="claim")]
    kept = anchoring.MAX_PIECE_HITS, anywhere.TIERS, anywhere.PER_PLACE
    anchoring.MAX_PIECE_HITS, anywhere.TIERS, anywhere.PER_PLACE = 0, (10**9,), 10**-9
    try:
        new = verdicts(marked, changed, old=False)
        assert new == verdicts(marked, changed, old=True)
    finally:
        anchoring.MAX_PIECE_HITS, anywhere.TIERS, anywhere.PER_PLACE = kept
    assert new[0][0] != "orphaned"

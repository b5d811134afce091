"""The relative dates are found in the lower case of a long text a piece at a time, never
making the whole lower case: exactly what one scan of the whole lower case finds."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import figures, pieces


def _relative_matches_of_the_whole_lower_case(text):
    """What the date finder did before: lower the whole text, then scan it."""
    lowered = pieces.lower_case(text)
    if len(lowered) != len(text):
        yield from figures._RELATIVE_HIT.finditer(text)
        return
    end = 0
    for last, size in pieces.scan(figures._ANCHORS, lowered, figures._LONGEST_ANCHOR):
        first = last - size + 1
        if first < end or (first and lowered[first - 1].isalnum()):
            continue
        if last + 1 < len(text) and lowered[last + 1].isalnum():
            continue
        starts = [
            m.start() for m in figures._WORD_START.finditer(text, max(end, first - 30), first)
        ]
        for start in (*starts, first):
            match = figures._RELATIVE_HIT.match(text, start, last + 25)
            if match is not None and match.end() > first:
                end = match.end()
                yield match
                break


_WORDS = st.sampled_from(
    [*figures._RELATIVE_ANCHORS, *(a.upper() for a in figures._RELATIVE_ANCHORS[:8]), " ", "  ",
     "\n", ".", "3", "il y a", "ΣΑΣ", "Σ", "ς", "x", "İ", "É", "day", "Last", "WEEK", "ago"]
)  # fmt: skip
_TEXTS = st.lists(_WORDS, max_size=50).map("".join)


def test_only_one_character_has_a_longer_lower_case():
    longer = [c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) != 1]
    assert [c for c in longer if pieces.LONGER_IN_LOWER_CASE.search(c)] == longer


def test_a_character_lowers_alone_as_within_a_text_but_for_a_final_sigma():
    """What the finder looks at beside a phrase is the character's own lower case; in the
    text's, only a capital sigma's depends on what surrounds it (a letter either way)."""
    chars = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) == 1)
    together, alone = chars.lower(), "".join(c.lower() for c in chars)
    assert {chars[i] for i in range(len(chars)) if together[i] != alone[i]} <= {"Σ"}
    assert "ς".isalnum() and "σ".isalnum()


@settings(max_examples=400)
@given(_TEXTS, st.sampled_from([1, 2, 3, 7, 20]))
def test_relative_dates_found_in_pieces_are_those_of_the_whole_lower_case(text, piece):
    real = pieces.SCAN_PIECE
    pieces.SCAN_PIECE = piece
    try:
        found = [m.span() for m in figures._relative_matches(text)]
        expected = [m.span() for m in _relative_matches_of_the_whole_lower_case(text)]
    finally:
        pieces.SCAN_PIECE = real
    assert found == expected


def _automaton(words):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


# Words across white space, so that a match runs over where the lower case is cut.
_SPACED = ["a b", "b  c", "σ a", "ς\nb", "ab", "c", "a b c a"]
_SPACED_TEXTS = st.lists(st.sampled_from(["a", "b", "c", "A", "B", " ", "  ", "\n", "Σ", "ς", "."]))


@settings(max_examples=500)
@given(_SPACED_TEXTS.map("".join), st.sampled_from([1, 2, 5, 16]), st.integers(0, 3))
def test_scanning_the_lower_case_in_pieces_is_scanning_the_whole_lower_case(text, piece, extra):
    automaton = _automaton(_SPACED)
    longest = max(map(len, _SPACED)) + extra
    real = pieces.SCAN_PIECE
    pieces.SCAN_PIECE = piece
    try:
        found = list(pieces.scan_lower_case(automaton, text, longest))
    finally:
        pieces.SCAN_PIECE = real
    assert found == list(automaton.iter(text.lower()))


@pytest.mark.parametrize("piece", [1, 4, 64])
def test_dates_of_a_long_text_are_those_found_before(piece, monkeypatch):
    text = "Last week the council met; three days ago, yesterday, LAST MONTH and Σ. " * 30
    expected = [m.span() for m in _relative_matches_of_the_whole_lower_case(text)]
    monkeypatch.setattr(pieces, "SCAN_PIECE", piece)
    assert [m.span() for m in figures._relative_matches(text)] == expected
    assert len(expected) >= 90

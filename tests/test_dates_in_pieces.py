"""The date finder scans a long text a piece at a time, finding exactly what one scan of
the whole text finds, and stops at its next look when asked."""

from __future__ import annotations

import random

import pytest

from annotator import figures, pieces


@pytest.mark.parametrize("piece", [1, 3, 7, 50])
def test_scanning_in_pieces_finds_what_one_scan_finds(monkeypatch, piece):
    monkeypatch.setattr(pieces, "SCAN_PIECE", piece)
    words = [*figures.MONTHS, *figures._RELATIVE_ANCHORS, "x", " ", "ab", "Ma", "mon", "ye"]
    rng = random.Random(piece)
    automata = (
        (figures._MONTH_NAMES, figures._LONGEST_MONTH),
        (figures._ANCHORS, figures._LONGEST_ANCHOR),
    )
    for _ in range(200):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        for automaton, longest in automata:
            assert list(pieces.scan(automaton, text, longest)) == list(automaton.iter(text))


def test_dates_of_a_text_longer_than_a_piece_are_those_found_before(monkeypatch):
    text = "On 3 March 2024 the council met; last week it met again, on Friday. " * 40
    whole = figures.find_dates(text)
    monkeypatch.setattr(pieces, "SCAN_PIECE", 97)
    assert figures.find_dates(text) == whole
    assert len(whole) >= 80


def test_finding_dates_stops_at_the_next_look():
    text = "On 3 March 2024 the council met; last week it met again, on Friday. " * 40
    looks: list[int] = []

    def stop() -> bool:
        looks.append(1)
        return len(looks) > 5

    found = figures.find_dates(text, stop=stop)
    assert len(found) < len(figures.find_dates(text))
    assert len(looks) < 20


@pytest.mark.parametrize("piece", [1, 2, 5, 16])
def test_lower_case_in_pieces_is_the_lower_case_of_the_whole(monkeypatch, piece):
    """A final sigma's lower case depends on what follows it: pieces end after a space."""
    monkeypatch.setattr(pieces, "SCAN_PIECE", piece)
    alphabet = ["Σ", "ΑΣ", "ς", "σ", " ", ".", "'", "A", "İ", "ẞ", "x", "\n", "ΣΑ", "ΌΣ"]
    rng = random.Random(piece)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert pieces.lower_case(text) == text.lower(), repr(text)

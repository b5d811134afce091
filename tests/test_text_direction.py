"""Telling an article's writing direction: quick, and the same answer as counting."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotator import text
from annotator.text import Paragraphs, is_right_to_left, right_to_left_spans


def test_every_right_to_left_character_is_in_the_quick_scan():
    missing = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(code)) in ("R", "AL")
        and not text._MAYBE_RIGHT_TO_LEFT.match(chr(code))
    ]
    assert missing == []


def test_the_two_ways_of_writing_the_quick_scan_take_the_same_characters():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    taken = text._MAYBE_RIGHT_TO_LEFT.findall(every)
    assert taken == text._scan_for_right_to_left().findall(every)
    assert len(taken) > 5000


def test_direction_is_the_majority_of_strong_letters():
    assert not is_right_to_left("The council said “fantasy” — £18.6m")
    assert is_right_to_left("قال المتحدث إن الأرقام صحيحة")
    assert is_right_to_left("ACME قال المتحدث إن الأرقام صحيحة")  # a Latin name first
    assert not is_right_to_left("The spokesman, quoted as نعم, said the figures stand")
    assert is_right_to_left("שלום עולם")
    assert not is_right_to_left("")
    assert not is_right_to_left("12,000 — 45%")  # no strong letters either way


def test_the_quick_scan_takes_the_right_to_left_blocks_and_nothing_else():
    blocks = [(0x0590, 0x08FF), (0x200F, 0x200F), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF),
              (0x10800, 0x10FFF), (0x1E800, 0x1EFFF)]  # fmt: skip
    taken = [
        code for code in range(sys.maxunicode + 1) if text._MAYBE_RIGHT_TO_LEFT.match(chr(code))
    ]
    assert taken == [code for low, high in blocks for code in range(low, high + 1)]


def test_direction_of_a_part_of_a_text():
    mixed = "The council said so.\n\nقال المتحدث إن الأرقام صحيحة\n\nACME said no."
    arabic = mixed.index("قال"), mixed.index("\n\nACME")
    assert is_right_to_left(mixed, start=arabic[0], end=arabic[1])
    assert not is_right_to_left(mixed, start=0, end=arabic[0])
    assert not is_right_to_left(mixed, start=arabic[1])
    assert not is_right_to_left(mixed, start=0, end=arabic[0] + 12)  # more English letters
    assert is_right_to_left(mixed, sample=8, start=arabic[0])  # only its first 8 looked at
    assert not is_right_to_left(mixed, sample=8, start=arabic[0] - 8)


_PIECES = ["The council said so. ", "قال المتحدث ", "שלום ", "১২ ", "ACME ", "😀", " ", "\n"]


@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=8), max_size=12), st.integers(1, 30))
def test_the_direction_of_each_paragraph_in_one_scan(paragraphs, sample):
    mixed = "\n\n".join("".join(pieces) for pieces in paragraphs)
    spans = Paragraphs(mixed).spans
    expected = [is_right_to_left(mixed[start:end], sample) for start, end in spans]
    assert right_to_left_spans(mixed, spans, sample) == expected

"""Telling an article's writing direction: quick, and the same answer as counting."""

from __future__ import annotations

import sys
import unicodedata

from annotator import text
from annotator.text import is_right_to_left


def test_every_right_to_left_character_is_in_the_quick_scan():
    missing = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(code)) in ("R", "AL")
        and not text._MAYBE_RIGHT_TO_LEFT.match(chr(code))
    ]
    assert missing == []


def test_direction_is_the_majority_of_strong_letters():
    assert not is_right_to_left("The council said “fantasy” — £18.6m")
    assert is_right_to_left("قال المتحدث إن الأرقام صحيحة")
    assert is_right_to_left("ACME قال المتحدث إن الأرقام صحيحة")  # a Latin name first
    assert not is_right_to_left("The spokesman, quoted as نعم, said the figures stand")
    assert is_right_to_left("שלום עולם")
    assert not is_right_to_left("")
    assert not is_right_to_left("12,000 — 45%")  # no strong letters either way

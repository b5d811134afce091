"""The text the view gives Qt: long paragraphs cut at spaces, nothing else changed."""

from __future__ import annotations

import pytest

from annotator.ui.display_text import LIMIT, display_text, line_breaks

ARABIC = "قال رئيس المجلس إن التكاليف ارتفعت بسبب أسعار الصلب."
ENGLISH = "Reuters reported the figure first."


def sentences(count: int) -> str:
    return " ".join(
        f"Item {n} of the budget rose by {n % 40}% (“after the steel prices” 🌊)."
        for n in range(count)
    )


def lines(shown: str) -> list[str]:
    return shown.split("\n")


def only_spaces_became_breaks(text: str, shown: str) -> bool:
    return len(shown) == len(text) and all(
        a == b or (a == " " and b == "\n") for a, b in zip(text, shown, strict=True)
    )


@pytest.mark.parametrize("limit", [80, 150, 333, LIMIT])
def test_a_long_paragraph_is_cut_after_sentences_and_nothing_else_changes(limit):
    text = "A short lede.\n\n" + sentences(limit // 10) + "\n\nThe end.\n"
    shown = display_text(text, limit)
    assert only_spaces_became_breaks(text, shown)
    assert shown != text
    assert all(len(line) <= limit for line in lines(shown))
    cut = line_breaks(text, limit)
    assert cut == [p for p, (a, b) in enumerate(zip(text, shown, strict=True)) if a != b]
    assert all(text[p - 2 : p] == ")." for p in cut)  # after a sentence's end
    assert all(len(line) >= limit // 2 for line in lines(shown)[2:-4])  # never needlessly short
    assert shown.startswith("A short lede.\n\n") and shown.endswith("\n\nThe end.\n")


def test_short_paragraphs_are_left_as_they_are():
    text = "\n\n".join(sentences(3) for _ in range(400))
    assert display_text(text, 400) == text
    assert line_breaks(text, 400) == []


def test_without_a_sentences_end_a_paragraph_is_cut_at_a_space():
    text = " ".join(f"word{n}" for n in range(300))
    shown = display_text(text, 100)
    assert only_spaces_became_breaks(text, shown)
    assert all(50 <= len(line) <= 100 for line in lines(shown)[:-1])


def test_text_without_spaces_is_cut_at_the_first_space_it_has():
    text = "x" * 500 + " after " + "y" * 50
    assert display_text(text, 100) == "x" * 500 + "\nafter " + "y" * 50
    assert display_text("z" * 1000, 100) == "z" * 1000


@pytest.mark.parametrize("limit", [150, 250, 333, 517])
def test_each_line_of_a_right_to_left_paragraph_starts_in_its_direction(limit):
    text = " ".join([ARABIC, ENGLISH] * (3 * limit // 80))
    shown = display_text(text, limit)
    assert only_spaces_became_breaks(text, shown)
    assert len(lines(shown)) >= 3
    assert all(line.startswith(ARABIC[:4]) for line in lines(shown))  # Qt sets each line's
    # direction from its first letter: an English one would turn it left to right

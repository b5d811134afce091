"""Long texts taken apart so that no single call holds the interpreter's lock for long:
each piecewise form gives exactly what the one call over the whole text gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import pieces, quotes, text
from annotator.clutter import find_clutter

# Line breaks, blank lines, white space of several kinds and words: where pieces are cut.
_PIECES = st.sampled_from(["\n", "\n\n", " ", "\t", "\u00a0", "\u2028", "word", "é", "😀", "."])
_TEXTS = st.lists(_PIECES, max_size=60).map("".join)


@settings(max_examples=300)
@given(_TEXTS, st.integers(min_value=1, max_value=12))
def test_lines_in_pieces_are_the_lines_of_one_split(whole, piece):
    real = text.LINES_PIECE
    text.LINES_PIECE = piece
    try:
        assert list(text.lines(whole)) == whole.split("\n")
    finally:
        text.LINES_PIECE = real


@settings(max_examples=100)
@given(_TEXTS, st.integers(min_value=1, max_value=12))
def test_paragraphs_found_in_pieces_are_those_of_one_split(whole, piece):
    before = text.Paragraphs(whole)
    real = text.LINES_PIECE
    text.LINES_PIECE = piece
    try:
        after = text.Paragraphs(whole)
    finally:
        text.LINES_PIECE = real
    assert (after.spans, after.starts) == (before.spans, before.starts)


def test_a_long_text_is_split_a_piece_at_a_time():
    long = ("A line of the article.\n" * 100_000) + "no line break at the end"
    pieces = list(text.lines(long))
    assert pieces == long.split("\n")
    assert len(long) > 2 * text.LINES_PIECE  # so that it was cut at least twice


@settings(max_examples=300)
@given(_TEXTS, st.data())
def test_the_last_visible_character_is_that_of_the_text_stripped(whole, data):
    end = data.draw(st.integers(min_value=0, max_value=len(whole)))
    assert quotes._last_visible(whole, end) == whole[:end].rstrip()[-1:]


_QUOTED = st.lists(
    st.sampled_from(['"', "“", "”", "«", "»", "'", "’", "\n", "\n\n", " ", "said", ".", "?", "A"]),
    max_size=40,
).map("".join)


@settings(max_examples=500)
@given(_QUOTED)
def test_quotations_over_line_breaks_are_those_found_by_stripping_the_text(article):
    """A line break inside a quotation looks back at the last visible character: the
    same answer as stripping a copy of all the text before it."""
    found = quotes.quoted_spans(article)
    real = quotes._last_visible
    quotes._last_visible = lambda whole, end: whole[:end].rstrip()[-1:]
    try:
        assert found == quotes.quoted_spans(article)
    finally:
        quotes._last_visible = real


def test_a_quotation_reopened_in_the_next_paragraph_is_one():
    article = "“It ended.\n“It began again,” he said."
    assert quotes.quoted_spans(article) == [(1, article.index("”"), 2)]


def test_clutter_found_with_pauses_is_clutter_found_without():
    article = "\n\n".join(
        ["Home | News | Sport | Weather", "The council met on Monday to set the budget."]
        + ["The council met on Monday to set the budget for the year ahead, said the mayor."] * 3
        + ["Copyright 2024 The Paper. All rights reserved."]
    )
    pauses: list[int] = []
    found = find_clutter(article, pause=lambda: pauses.append(1))
    assert found == find_clutter(article)
    assert found  # the menu, the repeats and the credits
    assert len(pauses) >= 3 * 6  # at each paragraph of each of the three passes


def test_paragraphs_of_a_long_text_are_found_with_a_pause_every_so_many_lines(monkeypatch):
    """A worker finding 40,000 paragraphs lets the window's thread go first now and then:
    never more than PAUSE_EVERY lines between two pauses."""
    long = "A short paragraph of the article.\n\n" * 20_000
    seen = [0]
    real = text.lines

    def counted(whole):
        for line in real(whole):
            seen[0] += 1
            yield line

    unpaced = text.Paragraphs(long).spans
    monkeypatch.setattr(text, "lines", counted)
    at: list[int] = []
    assert text.Paragraphs(long, pause=lambda: at.append(seen[0])).spans == unpaced
    gaps = [b - a for a, b in zip([0, *at], [*at, seen[0]], strict=True)]
    assert seen[0] == long.count("\n") + 1 and len(at) > 100
    assert max(gaps) <= text.PAUSE_EVERY


@settings(max_examples=200)
@given(
    _TEXTS,
    st.lists(st.sampled_from(["word", "é", "😀", ". ", "wordé", "\n\nword", ""]), max_size=8),
)
def test_quotes_found_with_an_automaton_a_group_are_those_one_automaton_finds(whole, keys):
    import ahocorasick

    one: dict[str, list[int]] = {}
    if any(keys):
        automaton = ahocorasick.Automaton()
        for key in filter(None, keys):
            automaton.add_word(key, key)
        automaton.make_automaton()
        for end, key in automaton.iter(whole):
            one.setdefault(key, []).append(end)
    real = pieces.AUTOMATON_KEYS
    pieces.AUTOMATON_KEYS = 2  # (not monkeypatch: Hypothesis calls this many times)
    try:
        grouped: dict[str, list[int]] = {}
        for end, key in pieces.scan_for(keys, whole):
            grouped.setdefault(key, []).append(end)
    finally:
        pieces.AUTOMATON_KEYS = real
    assert grouped == one


def test_a_pass_over_a_long_text_lets_the_worker_pause_between_pieces():
    """Looking for 3,000 quotes anywhere in 2 MB tells whoever follows the progress
    between pieces (a worker pauses there for the window's thread, or stops)."""
    from annotator.anchoring import Anchorer
    from annotator.folding import FOLD_PIECE

    long = "".join(f"Line {n} of the council’s report, read aloud.\n" for n in range(45_000))
    wanted = {f"Line {n} of the council's" for n in range(0, 45_000, 15)}
    told: list[int] = []
    anchorer = Anchorer(long, told.append)
    found = anchorer.occurrences(wanted)
    assert found == {}  # (straight quotes: found once folded, below)
    assert len(told) >= len(long) // pieces.SCAN_PIECE
    told.clear()
    folded = anchorer.folded_occurrences(wanted)
    assert len(folded) == len(wanted)
    assert len(told) >= len(long) // pieces.SCAN_PIECE + len(long) // FOLD_PIECE


def test_looking_for_dates_asks_whether_to_stop_between_pieces_of_a_long_text():
    """A long text with no month named and no day like "yesterday": the search for dates
    still asks between pieces (a search pauses there for the window, or stops), and
    asked to stop, it stops, with the dates found so far."""
    from annotator import figures

    long = "The council sat. The clerk read the budget out, line by line.\n" * 40_000
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return False

    assert figures.find_dates(long + "It ends on 3 May 2024.", stop=stop)[-1].value == "2024-05-03"
    assert len(asked) >= 2 * (len(long) // pieces.SCAN_PIECE)  # months; and days named
    assert figures.find_dates(long + "On 3 May 2024.", stop=lambda: True) == []

"""Choosing among candidates by their context, and saying when the choice is doubtful.

The first tests are Hypothesis's own (client/src/annotator/anchoring/test/match-quote-
test.js, BSD-2-Clause, Hypothes.is Project and contributors), ported to plain text as
this program anchors it: a stored quote with its prefix and suffix, and where it was.
"""

from __future__ import annotations

import re

import pytest

from annotator.anchoring import AMBIGUITY_MARGIN, anchor_all, context_similarity
from annotator.model import AMBIGUOUS, EXACT, FUZZY, MOVED, ORPHANED, Annotation

SOLITUDE = re.sub(
    r"\s+",
    " ",
    """Many years later, as he faced the firing squad,
    Colonel Aureliano Buendía was to remember that distant afternoon
    when his father took him to discover ice""",
)
TWO_CITIES = re.sub(
    r"\s+",
    " ",
    """It was the best of times, it was the worst of times,
    it was the age of wisdom, it was the age of foolishness, it was the epoch of belief,
    it was the epoch of incredulity, it was the season of Light, it was the
    season of Darkness, it was the spring of hope, it was the winter of despair, we had
    everything before us, we had nothing before us, we were all going direct to Heaven,
    we were all going direct the other way.""",
)


def anchored(text: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None):
    """A passage stored with this quote and context (and place, if any), anchored in `text`."""
    passage = Annotation("p", None, None, quote, prefix, suffix, stored_start=hint)
    passage.stored_end = None if hint is None else hint + len(quote)
    anchor_all([passage], text)
    return passage


@pytest.mark.parametrize(
    ("quote", "prefix", "suffix", "expected"),
    [
        ("before us", "we had everything", "", "before us, we had nothing"),
        ("before us", "we had nothing", "", "before us, we were all going"),
        ("before us", "we had every-thing", "", "before us, we had nothing"),
        ("before us", "we had nout", "", "before us, we were all going"),
        ("we had", "", "everything", "we had everything"),
        ("we had", "", "nothing", "we had nothing"),
        ("we had", "", "ever ting", "we had everything"),
        ("we had", "", "nutting", "we had nothing"),
    ],
)
def test_the_occurrence_whose_context_matches_best_wins(quote, prefix, suffix, expected):
    passage = anchored(TWO_CITIES, quote, prefix, suffix)
    assert TWO_CITIES[passage.start : passage.end] == quote
    assert passage.start == TWO_CITIES.index(expected)


@pytest.mark.parametrize("before", [True, False])
def test_context_scores_fall_as_the_context_differs_more(before):
    actual = SOLITUDE[:16] if before else SOLITUDE[16:46]
    stored = (
        ["Many years later", "Many yers later", "Some years later", "Some years after"]
        if before
        else [
            ", as he faced the firing squad",
            ", as she faced the firing squad",
            ", as he awaited the firing squad",
            ", as he awaited his death",
        ]
    )
    scores = [context_similarity(s, actual[-len(s) :] if before else actual[: len(s)], before)
              for s in stored]  # fmt: skip
    assert scores[0] == 1.0
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


def test_an_exact_quote_is_found_and_an_unrelated_one_is_not():
    assert anchored(SOLITUDE, "discover ice").anchor == MOVED  # no place was stored
    assert anchored(TWO_CITIES, SOLITUDE).anchor == ORPHANED
    assert anchored("", "foobar").anchor == ORPHANED


def test_a_misspelt_quote_is_found_by_its_nearest_place():
    first = TWO_CITIES.index("everything before us") + len("everything ")
    second = TWO_CITIES.index("nothing before us") + len("nothing ")
    for hint in (first, second):
        passage = anchored(TWO_CITIES, "befor us", hint=hint)
        assert (passage.start, passage.anchor) == (hint, AMBIGUOUS)  # two places fit alike
    assert anchored(TWO_CITIES, "befor us").start == first  # no place: the first


def test_context_reaching_past_the_start_or_end_of_the_text():
    passage = anchored(SOLITUDE, "years later", prefix="It used to be many")
    assert SOLITUDE[passage.start : passage.end] == "years later"
    passage = anchored("Some document text", "text", suffix="missing")
    assert "Some document text"[passage.start : passage.end] == "text"


# -- when the choice is doubtful, she is asked ---------------------------------------

LEDE = "Fares will rise by a third from May, the ferry operator said on Tuesday."


def test_twins_moved_with_the_text_stay_put_and_twins_left_alone_are_ambiguous():
    text = f"Harbour news from the islands\n\n{LEDE}\n\nMore below.\n\n{LEDE}\n"
    first = mark_in(text, "Harbour news")
    twin = mark_in(text, "a third")  # in the first copy of the lede
    inserted = "UPDATED at noon.\n\n" + text  # both copies move alike
    anchor_all([first, twin], inserted)
    assert twin.anchor == MOVED and twin.start == inserted.index("a third")
    first, twin = mark_in(text, "Harbour news"), mark_in(text, "a third")
    gone = text.replace(f"{LEDE}\n\nMore below.", "More below.") + f"\n{LEDE}\n"
    anchor_all([twin], gone)  # its copy deleted; two copies left, both as like it
    assert twin.anchor == AMBIGUOUS
    assert gone[twin.start : twin.end] == "a third"
    start = text.index("a third")
    assert twin.review["anchor"] == AMBIGUOUS
    assert twin.review["previous"] == {"start": start, "end": start + 7, "exact": "a third"}


def mark_in(text: str, quote: str) -> Annotation:
    start = text.index(quote)
    return Annotation(
        quote, None, None, quote, text[max(0, start - 32) : start],
        text[start + len(quote) : start + len(quote) + 32],
        stored_start=start, stored_end=start + len(quote),
    )  # fmt: skip


def test_a_clear_winner_is_not_ambiguous():
    text = "The bridge cost 40 million. The tunnel cost 40 million, officials said."
    start = text.index("40 million", 30)
    passage = Annotation(
        "p", None, None, "40 million", text[start - 32 : start], text[start + 10 : start + 42],
        stored_start=start + 5, stored_end=start + 15,
    )  # fmt: skip
    anchor_all([passage], text)
    assert (passage.start, passage.anchor) == (start, MOVED)
    assert AMBIGUITY_MARGIN > 0


def test_a_flag_lasts_until_reviewed_and_keeps_what_she_last_saw():
    text = "Turnout was 50 constituencies in the north, the commission said."
    start = text.index("50 constituencies")
    passage = Annotation(
        "p", None, None, "50 constituencies", text[:start], text[start + 17 :],
        stored_start=start, stored_end=start + 17,
    )  # fmt: skip
    edited = text.replace("50 constituencies", "60 constituencies")
    anchor_all([passage], edited)
    assert passage.anchor == FUZZY
    assert passage.exact == "60 constituencies"  # the quote as it now reads
    assert passage.review["previous"]["exact"] == "50 constituencies"
    passage.stored_start, passage.stored_end = passage.start, passage.end  # as a save does
    anchor_all([passage], edited)  # found in place now, but she has not looked yet
    assert passage.anchor == FUZZY and passage.review["anchor"] == FUZZY
    moved = "Update: " + edited
    anchor_all([passage], moved)  # moves again before review
    assert passage.review["previous"]["exact"] == "50 constituencies"
    assert passage.review["anchor"] == FUZZY  # the graver verdict stays
    assert EXACT not in (passage.anchor,)


def test_a_word_diff_rebuilds_both_sides():
    from annotator.text import word_diff

    before, after = (
        "Turnout was 50 constituencies, it said.",
        "Turnout was 60 constituencies, said.",
    )
    pieces = word_diff(before, after)
    assert "".join(t for op, t in pieces if op != "+") == before
    assert "".join(t for op, t in pieces if op != "-") == after
    assert ("-", "50 ") in pieces and ("+", "60 ") in pieces and ("-", "it ") in pieces

"""Re-anchoring passages when the article changed (formats.md §2)."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.anchoring import FUZZY_MAX_ERROR_RATE, anchor_all
from annotator.folding import find_quote
from annotator.model import AMBIGUOUS, EXACT, FUZZY, MOVED, ORPHANED, make_annotation
from tests.texts import ARABIC, SCRAPED

LEDE = "Ferry fares across the harbour will rise by 33% from 1 May"


def mark(text: str, quote: str, occurrence: int = 0):
    start = find_quote(text, quote)[occurrence]
    return make_annotation(text, start, start + len(quote), tag="claim")


def test_unchanged_text_anchors_exactly():
    annotation = mark(SCRAPED, "Something had to give.")
    assert anchor_all([annotation], SCRAPED) == {EXACT: 1}
    assert SCRAPED[annotation.start : annotation.end] == "Something had to give."


def test_a_paragraph_inserted_above_moves_every_passage():
    passages = [mark(SCRAPED, q) for q in ("Something had to give.", "About 4,800", "Ines Moreau")]
    changed = "Update: the operator has since apologised.\n\n" + SCRAPED
    assert anchor_all(passages, changed) == {MOVED: 3}
    for passage in passages:
        assert changed[passage.start : passage.end] == passage.exact


def test_among_duplicates_the_context_decides():
    second = mark(SCRAPED, LEDE, occurrence=1)
    first = mark(SCRAPED, LEDE, occurrence=0)
    changed = "Breaking\n" + SCRAPED
    anchor_all([first, second], changed)
    starts = find_quote(changed, LEDE)
    assert (first.start, second.start) == (starts[0], starts[1])


def test_a_word_changed_inside_a_passage_is_found_fuzzily_as_it_now_reads():
    quote = "“We held prices for six years and the fuel bill doubled,”"
    passage = mark(SCRAPED, quote)
    changed = SCRAPED.replace("six years", "seven years")
    assert anchor_all([passage], changed) == {FUZZY: 1}
    assert changed[passage.start : passage.end] == quote.replace("six", "seven")


def test_a_fuzzy_match_spans_whole_words():
    passage = mark(SCRAPED, "the fuel bill doubled")
    changed = SCRAPED.replace("the fuel bill doubled", "the fuel bills doubled")
    anchor_all([passage], changed)
    assert passage.anchor == FUZZY
    assert changed[passage.start : passage.end] == "the fuel bills doubled"


def test_a_passage_whose_words_are_gone_is_orphaned_and_kept():
    passage = mark(SCRAPED, "a tax on people who can’t drive")
    changed = SCRAPED.replace("a tax on people who can’t drive", "unfair")
    assert anchor_all([passage], changed) == {ORPHANED: 1}
    assert passage.orphaned
    assert passage.exact == "a tax on people who can’t drive"


def test_edits_beyond_the_threshold_orphan_rather_than_mislead():
    quote = "About 4,800 passengers use the route"
    passage = mark(SCRAPED, quote)
    budget = int(len(quote) * FUZZY_MAX_ERROR_RATE)
    rewritten = "Some 12,000 riders travel the line"  # far more than a fifth changed
    changed = SCRAPED.replace(quote, rewritten)
    assert sum(a != b for a, b in zip(quote, rewritten, strict=False)) > budget
    anchor_all([passage], changed)
    assert passage.anchor == ORPHANED


def test_an_emoji_before_a_passage_does_not_shift_code_point_offsets():
    passage = mark(ARABIC, "عدد الركاب")
    assert ARABIC[passage.start : passage.end] == "عدد الركاب"
    changed = "😀😀 " + ARABIC
    anchor_all([passage], changed)
    assert passage.anchor == MOVED
    assert changed[passage.start : passage.end] == "عدد الركاب"


def test_fuzzy_matching_works_past_256_distinct_characters():
    # edlib takes 256 symbols at most; a mixed-script document has more.
    alphabet = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600))
    quote = "The council voted 7 to 2 to close the library"
    text = alphabet + "\n" + quote + "\n" + alphabet
    passage = mark(text, quote)
    changed = text.replace("7 to 2", "8 to 1")
    anchor_all([passage], changed)
    assert passage.anchor == FUZZY
    assert changed[passage.start : passage.end] == quote.replace("7 to 2", "8 to 1")


def test_find_quote_forgives_straight_quotes_for_curly_ones():
    starts = find_quote(SCRAPED, '"Something had to give."')
    assert starts == [SCRAPED.index("“Something had to give.”")]


words = st.lists(
    st.sampled_from(["fare", "rise", "ферри", "نقل", "ভাড়া", "😀", "33%", "May", "\n\n", "“", "”"]),
    min_size=30,
    max_size=120,
)


@settings(max_examples=60, deadline=None)
@given(words, st.data())
def test_a_spans_own_selectors_find_it_again(tokens, data):
    text = " ".join(tokens)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
    passage = make_annotation(text, start, end)
    anchor_all([passage], text)
    assert (passage.start, passage.end, passage.anchor) == (start, end, EXACT)


@settings(max_examples=60, deadline=None)
@given(words, st.data())
def test_after_edits_outside_a_span_it_is_found_with_the_same_text(tokens, data):
    text = " ".join(tokens)
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
    passage = make_annotation(text, start, end)
    before = data.draw(st.text(min_size=0, max_size=50))
    after = data.draw(st.text(min_size=0, max_size=50))
    cut = data.draw(st.integers(0, 10))
    changed = before + text[: max(0, start - cut)] + text[start:end] + text[end + cut :] + after
    anchor_all([passage], changed)
    assert passage.anchor in (EXACT, MOVED, AMBIGUOUS)  # ambiguous: among look-alikes
    assert changed[passage.start : passage.end] == text[start:end]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abc xyz", min_size=5, max_size=30), st.integers(0, 3))
def test_among_duplicates_the_one_with_matching_context_wins(filler, which):
    quote = "the same sentence"
    assume(quote not in filler)
    contexts = [f"[{n}] {filler} {n}." for n in range(4)]
    text = "".join(f"{c} {quote} {c}\n" for c in contexts)
    passage = mark(text, quote, occurrence=which)
    changed = "New first line.\n" + "".join(f"{c} {quote} {c}\n" for c in reversed(contexts))
    anchor_all([passage], changed)
    expected = changed.index(f"{contexts[which]} {quote}") + len(contexts[which]) + 1
    assert passage.start == expected


def test_context_similarity_is_a_share_between_zero_and_one():
    from annotator.anchoring import context_similarity

    assert context_similarity("harbour fares", "harbour fares") == 1.0
    far, near = context_similarity("abcd", "abxy"), context_similarity("abcd", "xycd")
    assert 0.0 < near < far < 1.0  # edits touching the passage weigh more
    assert context_similarity("abcd", "wxyz") == 0.0
    assert context_similarity("", "abcd") == 1.0  # no stored context tells nothing apart
    assert context_similarity("abcd", "") == 0.5  # the article's edge: no evidence
    assert context_similarity("abcdef", "def", before=True) == 1.0  # the part it holds

"""Re-anchoring at the limits formats.md §2 and the README state.

A fuzzy match may differ from the stored quote in at most 20% of its characters, never
for quotes under 8; among duplicates the surroundings decide, then nearness to the old
place; a fuzzy match is widened to whole words; a passage moved anywhere is found.
"""

from __future__ import annotations

import random

import pytest

from annotator.anchoring import SEARCH_WINDOW, anchor_all, map_offset
from annotator.folding import find_occurrences, find_quote
from annotator.model import AMBIGUOUS, EXACT, FUZZY, MOVED, ORPHANED, Annotation, make_annotation
from annotator.text import trim_span

# A quote of 40 characters: 20% is 8 edits.
QUOTE = "Fares rose by a third for every commuter"
assert len(QUOTE) == 40


def filler(count: int, word: str = "Paragraph") -> str:
    """`count` distinct sentences, each on its own line."""
    return "".join(f"{word} {n} of the council minutes, read aloud.\n" for n in range(count))


def mark(text: str, quote: str, occurrence: int = 0) -> Annotation:
    start = find_occurrences(text, quote)[occurrence]
    return make_annotation(text, start, start + len(quote), tag="claim")


def anchored(passage: Annotation, text: str) -> str | None:
    """Re-anchor one passage in `text`; the text it now covers (None for an orphan)."""
    anchor_all([passage], text)
    return None if passage.orphaned else text[passage.start : passage.end]


def substituted(quote: str, count: int) -> str:
    """`quote` with `count` letters changed, spread out, words and length kept."""
    letters = [i for i, ch in enumerate(quote) if ch.isalpha()]
    chosen = letters[:: max(1, len(letters) // count)][:count]
    assert len(chosen) == count
    chars = list(quote)
    for i in chosen:
        chars[i] = "x" if chars[i] != "x" else "y"
    return "".join(chars)


ARTICLE = filler(6) + f"The operator said: {QUOTE}, and more.\n" + filler(6, "Note")


# -- the fuzzy threshold ---------------------------------------------------------------


@pytest.mark.parametrize(("edits", "found"), [(1, True), (7, True), (8, True), (9, False)])
def test_the_fuzzy_threshold_is_twenty_percent_inclusive(edits, found):
    passage = mark(ARTICLE, QUOTE)
    edited = substituted(QUOTE, edits)
    changed = ARTICLE.replace(QUOTE, edited)
    if found:
        assert anchored(passage, changed) == edited
        assert passage.anchor == FUZZY
    else:
        assert anchored(passage, changed) is None
        assert passage.anchor == ORPHANED
        assert passage.exact == QUOTE  # kept for the reporter


def test_just_past_twenty_percent_of_a_length_not_divisible_by_five_is_orphaned():
    quote = QUOTE + " ok"  # 43 characters: 8.6 edits allowed means 8
    text = ARTICLE.replace(QUOTE, quote)
    passage = mark(text, quote)
    assert anchored(passage, text.replace(quote, substituted(quote, 8))) is not None
    passage = mark(text, quote)
    assert anchored(passage, text.replace(quote, substituted(quote, 9))) is None


def test_insertions_and_deletions_count_against_the_same_budget():
    passage = mark(ARTICLE, QUOTE)
    grown = QUOTE.replace("third", "thirdxxxx")  # four inserted: within 8
    assert anchored(passage, ARTICLE.replace(QUOTE, grown)) == grown
    passage = mark(ARTICLE, QUOTE)
    longer = QUOTE.replace("third", "thirdxxxxxxxxx")  # nine inserted: past 8
    assert anchored(passage, ARTICLE.replace(QUOTE, longer)) is None


@pytest.mark.parametrize(
    ("quote", "edited", "found"),
    [
        ("ferry up", "ferry Up", True),  # 8 characters: one edit allowed
        ("ferry up", "ferry UP", False),  # two edits: past 20%
        ("fare up", "fare Up", False),  # 7 characters: exact or nothing
        ("ferries fares up", "ferries fares UP", True),  # 16 characters: three allowed
        ("ferries fares up", "ferRies fARes UP", False),  # four: past 20%
    ],
)
def test_quotes_under_eight_characters_are_never_matched_fuzzily(quote, edited, found):
    text = f"Headline.\n\nToday {quote} again, a spokesman said on Monday.\n"
    passage = mark(text, quote)
    result = anchored(passage, text.replace(quote, edited))
    assert result == (edited if found else None)
    assert passage.anchor == (FUZZY if found else ORPHANED)


# -- duplicates and nearness -------------------------------------------------------------

# A sentence repeated with the same 40 characters of context either side.
REPEATED = "..the same context before it, always: Fares rise. And the same after it, always..\n"


def repeated_article(copies: int = 3, between: str = "Between.\n") -> str:
    return filler(2) + between.join(REPEATED for _ in range(copies)) + filler(2, "After")


@pytest.mark.parametrize("occurrence", [0, 1, 2])
def test_duplicates_with_identical_context_are_decided_by_position(occurrence):
    text = repeated_article()
    passage = mark(text, "Fares rise.", occurrence)
    changed = "A line added on top.\n" + text
    anchored(passage, changed)
    assert passage.anchor == AMBIGUOUS  # placed by nearness alone: she is asked
    assert passage.start == find_occurrences(changed, "Fares rise.")[occurrence]


@pytest.mark.parametrize("occurrence", [0, 1])
def test_duplicates_moved_far_are_decided_by_nearness_to_the_old_place(occurrence):
    gap = filler(300, "Gap")  # far apart: more than the search window
    text = filler(300) + REPEATED + gap + REPEATED + filler(3, "After")
    assert len(gap) > SEARCH_WINDOW
    passage = mark(text, "Fares rise.", occurrence)
    cut = len(filler(300)) - 200
    changed = text[cut:]  # the top of the article removed: both copies move far up
    anchored(passage, changed)
    # The nearer twin; flagged ambiguous when the other lies within the search window of
    # the old place (a twin farther than that is not weighed against it).
    assert passage.anchor in (MOVED, AMBIGUOUS)
    nearest = min(
        find_occurrences(changed, "Fares rise."), key=lambda p: abs(p - passage.stored_start)
    )
    assert passage.start == nearest
    assert nearest == find_occurrences(changed, "Fares rise.")[1]


def test_the_occurrence_whose_surroundings_match_wins_over_a_nearer_one():
    quote = "Fares rise."
    own = "their own words come first here: " + quote + " and their own words come after."
    other = "other words are written before: " + quote + " and other words are after that."
    text = filler(3) + own + "\n" + filler(3, "Gap") + other + "\n" + filler(3, "End")
    passage = mark(text, quote, 0)
    # The passage's own copy moves down below the other one; the other stays put.
    changed = filler(3) + other + "\n" + filler(3, "Gap") + own + "\n" + filler(3, "End")
    assert anchored(passage, changed) == quote
    assert changed[passage.start - 33 : passage.start] == "their own words come first here: "


def test_a_context_matching_on_one_side_only_loses_to_one_matching_on_both():
    quote = "Fares rise."
    both = "prefix shared by all copies here " + quote + " suffix which is shared by all."
    prefix_only = "prefix shared by all copies here " + quote + " but then a different suffix!"
    suffix_only = "a different prefix than the rest " + quote + " suffix which is shared by all."
    text = filler(2) + both + "\n" + filler(2, "Gap") + "\n" + filler(2, "End")
    passage = mark(text, quote)
    changed = (
        filler(3) + prefix_only + "\n" + suffix_only + "\n" + filler(2, "Gap") + both + "\n"
    ) + filler(2, "End")
    assert anchored(passage, changed) == quote
    assert changed.index(both) + both.index(quote) == passage.start


def test_a_perfect_context_far_away_wins_over_a_nearer_near_miss():
    """Surroundings first, then nearness: a one-letter change in a nearby copy's
    context still loses to a copy whose context is intact, inside the search window."""
    quote = "Fares rise by a third."
    before, after = "the operator said on Tuesday: ", " Commuters were angry about it."
    exact_context = before + quote + after
    near_miss = before + quote + after[:-1] + "!"
    body = filler(60, "Body")
    text = filler(2) + exact_context + "\n" + body + "\n" + filler(2, "End")
    passage = mark(text, quote)
    changed = filler(2) + "Added.\n" + near_miss + "\n" + body + exact_context + "\n" + filler(2)
    anchored(passage, changed)
    assert passage.anchor == MOVED
    assert passage.start == changed.index(exact_context) + len(before)


def test_passages_shifted_alike_are_found_past_the_search_window():
    """An edit above shifts every passage below it by the same amount."""
    text = filler(20) + filler(400, "Body")
    quotes = [f"Body {n} of the council" for n in (100, 200, 300)]
    passages = [mark(text, q) for q in quotes]
    changed = filler(20) + filler(150, "Inserted") + filler(400, "Body")
    assert len(filler(150, "Inserted")) > SEARCH_WINDOW
    anchor_all(passages, changed)
    for passage, quote in zip(passages, quotes, strict=True):
        assert passage.anchor == MOVED
        assert changed[passage.start : passage.end] == quote


# -- fuzzy: the best candidate, widened to whole words ------------------------------------


def test_the_fuzzy_candidate_with_fewer_edits_wins():
    frame = "The operator said on Tuesday that {} and left without questions.\n"
    text = filler(4) + frame.format(QUOTE) + filler(4, "Mid") + frame.format("nothing") + filler(2)
    passage = mark(text, QUOTE)
    worse, better = substituted(QUOTE, 3), substituted(QUOTE, 1)
    changed = filler(4) + frame.format(worse) + filler(4, "Mid") + frame.format(better)
    changed += filler(2)
    assert anchored(passage, changed) == better
    assert passage.anchor == FUZZY


def test_among_equal_fuzzy_candidates_the_nearest_to_the_old_place_wins():
    frame = "The operator said on Tuesday that {} and left without questions.\n"
    edited = substituted(QUOTE, 2)
    text = filler(3) + frame.format("nothing") + filler(3, "Mid") + frame.format(QUOTE)
    text += filler(3, "End")
    passage = mark(text, QUOTE)
    changed = filler(3) + frame.format(edited) + filler(3, "Mid") + frame.format(edited)
    changed += filler(3, "End")
    assert anchored(passage, changed) == edited
    assert passage.start == find_occurrences(changed, edited)[1]


def test_a_fuzzy_match_is_widened_to_whole_words_at_its_end():
    text = filler(3) + "The bill doubled last year, said the port authority.\n" + filler(3)
    passage = mark(text, "The bill doubled")
    changed = text.replace("bill doubled", "bill doubling")
    assert anchored(passage, changed) == "The bill doubling"
    assert passage.anchor == FUZZY


def test_a_fuzzy_match_is_widened_to_whole_words_at_its_start():
    text = filler(3) + "Officials said unemployment doubled in the port towns.\n" + filler(3)
    passage = mark(text, "unemployment doubled in the port")
    changed = text.replace("unemployment", "underemployment")
    assert anchored(passage, changed) == "underemployment doubled in the port"


def test_a_passage_moved_far_and_edited_is_found_anywhere():
    text = filler(10) + f"Quote: {QUOTE}.\n" + filler(300, "Body") + filler(5, "End")
    passage = mark(text, QUOTE)
    edited = QUOTE.replace("a third", "one third")  # three edits
    # The paragraph moves to the end, far past the search window.
    changed = filler(10) + filler(300, "Body") + f"Quote: {edited}.\n" + filler(5, "End")
    assert abs(changed.index(edited) - passage.stored_start) > 2 * SEARCH_WINDOW
    assert anchored(passage, changed) == edited
    assert passage.anchor == FUZZY


def test_a_passage_moved_far_and_grown_by_insertions_is_found_whole():
    text = filler(10) + f"Quote: {QUOTE}.\n" + filler(300, "Body")
    passage = mark(text, QUOTE)
    grown = QUOTE.replace("every commuter", "every one commuter")  # four inserted
    changed = filler(300, "Body") + f"Quote: {grown}.\n" + filler(10)
    assert anchored(passage, changed) == grown


def test_a_passage_moved_far_and_shortened_by_deletions_is_found_whole():
    text = filler(10) + f"Quote: {QUOTE}.\n" + filler(300, "Body")
    passage = mark(text, QUOTE)
    shorter = QUOTE.replace("for every", "for")  # six deleted
    changed = filler(300, "Body") + f"Quote: {shorter}.\n" + filler(10)
    assert anchored(passage, changed) == shorter


def test_a_quote_whose_pieces_occur_everywhere_is_still_found():
    # Every piece of the quote occurs hundreds of times: the whole text is searched.
    text = "fare up " * 400 + f"\nThe {QUOTE} now.\n" + "fare up " * 400
    quote = "fare up fare up fare up fare up fare up Fares rose by a third"
    text = text.replace(f"The {QUOTE}", quote)
    passage = mark(text, quote)
    edited = quote.replace("Fares rose", "Fares roze")
    changed = "Top.\n" * 2000 + text.replace(quote, edited)
    assert anchored(passage, changed) is not None
    assert passage.anchor == FUZZY
    assert changed[passage.start : passage.end].endswith("Fares roze by a third")


SENTENCES = [
    "The harbour board met on Tuesday evening.",
    "Ferry fares will rise by a third in May.",
    "Commuter groups called the rise unfair.",
    "About 4,800 passengers use the route daily.",
    "The operator blamed a doubled fuel bill.",
]


def test_many_passages_some_gone_some_fuzzy_some_moved():
    text = filler(5) + "\n".join(SENTENCES) + "\n" + filler(5, "End")
    passages = [mark(text, q) for q in SENTENCES[1:]]
    changed = "New top line.\n" + text
    changed = changed.replace("called the rise", "called the raise")
    changed = changed.replace(SENTENCES[3], "Nobody knows how many travel.")
    verdicts = anchor_all(passages, changed)
    assert verdicts == {MOVED: 2, FUZZY: 1, ORPHANED: 1}
    assert [p.anchor for p in passages] == [MOVED, FUZZY, ORPHANED, MOVED]
    assert (
        changed[passages[1].start : passages[1].end] == "Commuter groups called the raise unfair."
    )
    assert changed[passages[3].start : passages[3].end] == SENTENCES[4]


def test_a_passage_without_a_stored_position_is_found_by_its_quote():
    text = filler(5) + f"Quote: {QUOTE}.\n"
    passage = mark(text, QUOTE)
    passage.start = passage.end = passage.stored_start = passage.stored_end = None
    assert anchored(passage, text) == QUOTE
    assert passage.anchor == MOVED
    passage.start = passage.end = passage.stored_start = passage.stored_end = None
    assert anchored(passage, text.replace("third", "thirf")) == QUOTE.replace("third", "thirf")


def test_passages_before_an_orphan_are_unaffected_by_it():
    text = filler(5) + "\n".join(SENTENCES) + "\n" + filler(5, "End")
    first, gone, last = (mark(text, q) for q in (SENTENCES[0], SENTENCES[2], SENTENCES[4]))
    changed = text.replace(SENTENCES[2], "")
    assert anchor_all([last, gone, first], changed) == {EXACT: 1, ORPHANED: 1, MOVED: 1}
    assert (first.anchor, gone.anchor, last.anchor) == (EXACT, ORPHANED, MOVED)
    assert changed[last.start : last.end] == SENTENCES[4]


# -- finding a typed quote, trimming a selection, mapping an offset -----------------------


def test_occurrences_include_overlapping_ones():
    assert find_occurrences("aaaa", "aa") == [0, 1, 2]
    assert find_occurrences("abcabc", "") == []


def test_an_exact_quote_is_preferred_to_its_typographic_look_alikes():
    text = "He said “Yes” once, and later „Yes“ again."
    assert find_quote(text, "“Yes”") == [text.index("“Yes”")]
    assert find_quote(text, '"Yes"') == [text.index("“Yes”"), text.index("„Yes“")]


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("  two words  ", 0, 13, (2, 11)),
        ("two words", 0, 9, (0, 9)),
        ("a \n b", 1, 4, None),
        ("line one\n", 5, 9, (5, 8)),
        ("\n\tword", -5, 50, (2, 6)),
        ("", 0, 0, None),
        ("x", 0, 1, (0, 1)),
        ("ab  ", 1, 4, (1, 2)),
        (" ab", 0, 3, (1, 3)),
        ("ab ", 0, 3, (0, 2)),
    ],
)
def test_a_selection_is_trimmed_of_white_space(text, start, end, expected):
    assert trim_span(text, start, end) == expected


def test_an_offset_maps_to_the_same_words_in_the_changed_text():
    old = filler(50)
    offset = old.index("Paragraph 30")
    new = "An added line at the top.\n" + old
    assert map_offset(old, new, offset) == new.index("Paragraph 30")
    assert map_offset(old, old, offset) == offset
    assert map_offset(old, new, len(old)) == len(old)  # no words after it to follow
    assert map_offset(old, "short", len(old) + 10) == len("short")
    assert map_offset(old, new, -4) == map_offset(old, new, 0)


def test_an_offset_whose_words_are_gone_keeps_its_share_of_the_way():
    old = "a" * 1000
    new = "b" * 500
    assert map_offset(old, new, 600) == 300
    assert map_offset(old, new, 0) == 0


def test_an_offset_is_looked_for_only_around_where_it_is_expected():
    """On the window's thread: words moved far from their expected place are not looked
    for through the whole text (seconds in a long article); the place expected is given."""
    rng = random.Random(7)
    lines = ["".join(rng.choice("abcdefghij ") for _ in range(60)) for _ in range(200)]
    old = "\n".join(lines)
    offset = old.index(lines[20])
    far = 3 * SEARCH_WINDOW
    new = old[:offset] + "x" * far + old[offset:]
    share = round(offset * len(new) / len(old))
    assert map_offset(old, new, offset) == share  # too far from there: not looked for
    assert map_offset(old, new, offset, expected=offset + far - 100) == offset + far
    changed = new.replace(lines[20][:4], "ABCD", 1)  # found approximately, near there
    assert map_offset(old, changed, offset, expected=offset + far + 50) == offset + far


def test_an_offset_near_the_end_maps_with_the_words_left():
    old = filler(20)
    offset = len(old) - 10  # fewer than 64 characters to the end
    new = "Top.\n" + old
    assert map_offset(old, new, offset) == offset + len("Top.\n")
    assert map_offset(old, old[:-1], len(old)) == len(old) - 1


# -- where the search starts and stops --------------------------------------------------


def test_a_passage_at_the_very_start_edited_to_the_limit_is_found():
    edited = substituted(QUOTE, 8)
    text = QUOTE + " and more.\n" + filler(5)
    passage = mark(text, QUOTE)
    assert anchored(passage, edited + " and more.\n" + filler(5)) == edited
    assert passage.start == 0


def test_a_passage_at_the_very_end_widens_to_the_last_word():
    text = filler(3) + "In short, the bill doubled"
    passage = mark(text, "the bill doubled")
    changed = text.replace("bill doubled", "bill doubling")
    assert anchored(passage, changed) == "the bill doubling"
    assert passage.end == len(changed)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("the fuel bill doubled", "the fuel bill doublex"),  # the last letter changed
        ("the fuel bill doubled", "the fuel bill doublesxy"),  # and two letters more
        ("the fuel bill doubled", "the fuel bill doublesxyz"),  # and three
        ("unemployment rose in May", "Xnemployment rose in May"),  # the first letter changed
        ("unemployment rose in May", "XYnemployment rose in May"),  # and one more in front
        ("unemployment rose in May", "XYZnemployment rose in May"),  # and two
    ],
)
def test_a_fuzzy_match_is_widened_letter_by_letter_to_whole_words(before, after):
    text = filler(3) + f"They said ({before}), again.\n" + filler(3)
    passage = mark(text, before)
    assert anchored(passage, text.replace(before, after)) == after


def test_a_fuzzy_match_at_the_very_start_is_widened_to_its_first_letter():
    text = "unemployment rose in May, said the office.\n" + filler(3)
    passage = mark(text, "unemployment rose in May")
    changed = text.replace("unemployment", "XYnemployment")
    assert anchored(passage, changed) == "XYnemployment rose in May"
    assert passage.start == 0


def test_a_passage_at_the_very_start_with_its_first_letter_intact_is_found():
    chars = list(QUOTE)
    for i in range(2, 40, 5):  # eight edits, none on the first character
        chars[i] = "#"
    edited = "".join(chars)
    text = QUOTE + " and more.\n" + filler(5)
    passage = mark(text, QUOTE)
    assert anchored(passage, edited + " and more.\n" + filler(5)) == edited


def test_a_widened_match_over_the_budget_falls_back_to_the_words_that_fit():
    text = filler(3) + "He said the fare, 33 cents, would stay.\n" + filler(3)
    passage = mark(text, "fare, 33 cents")
    changed = text.replace("33 cents", "34 centsworthmore")
    assert anchored(passage, changed).startswith("fare, 34 cents")
    assert passage.anchor == FUZZY


def far_text(*frames: str) -> str:
    """Frames far apart from each other (more than the search window)."""
    return "".join(frame + filler(120, f"Gap{n}") for n, frame in enumerate(frames))


def test_a_passage_moved_far_with_its_beginning_edited_is_found():
    text = f"Quote: {QUOTE}.\n" + filler(300, "Body")
    passage = mark(text, QUOTE)
    edited = "Fxrex" + QUOTE[5:]  # the first two of nine pieces changed
    changed = filler(300, "Body") + f"Quote: {edited}.\n"
    assert anchored(passage, changed) == edited


def test_a_passage_moved_far_with_eight_of_nine_pieces_edited_is_found():
    text = f"Quote: {QUOTE}.\n" + filler(300, "Body")
    passage = mark(text, QUOTE)
    chars = list(QUOTE)
    for i in range(1, 32, 4):  # one letter in each of the first eight pieces of four
        chars[i] = "#"
    edited = "".join(chars)
    changed = filler(300, "Body") + f"Quote: {edited}.\n"
    assert anchored(passage, changed) == edited


def test_a_false_lead_before_the_passage_does_not_stop_the_search():
    text = f"Quote: {QUOTE}.\n" + filler(300, "Body")
    passage = mark(text, QUOTE)
    edited = QUOTE.replace("a third", "one third")
    lead = "Not this: every commuter knows.\n"  # shares a piece with the quote, nothing more
    changed = filler(150, "Body") + lead + filler(150, "More") + f"Quote: {edited}.\n"
    assert anchored(passage, changed) == edited


def test_the_candidate_far_away_with_fewer_edits_beats_a_nearer_one_with_more():
    frame = "The operator said on Tuesday that {} and left without questions.\n"
    text = frame.format(QUOTE) + filler(300, "Body")
    passage = mark(text, QUOTE)
    worse, better = substituted(QUOTE, 4), substituted(QUOTE, 1)
    changed = filler(100, "Top") + far_text(frame.format(worse), frame.format(better))
    assert anchored(passage, changed) == better
    assert passage.start == changed.index(better)


def test_a_short_quote_among_lost_passages_does_not_stop_the_others_being_found():
    text = f"Short: ab ok.\nQuote: {QUOTE}.\n" + filler(300, "Body")
    short, long = mark(text, "ab ok"), mark(text, QUOTE)
    edited = QUOTE.replace("a third", "one third")
    changed = filler(300, "Body") + f"Quote: {edited}.\n"
    anchor_all([short, long], changed)
    assert (short.anchor, long.anchor) == (ORPHANED, FUZZY)
    assert changed[long.start : long.end] == edited


def test_an_offset_follows_its_words_by_their_context_when_they_repeat():
    block = "The council will meet again next week to vote on the ferry fares. " * 2
    first, second = "Monday's session, first reading: ", "Friday's session, second reading: "
    gap = filler(10)
    old = first + block + "\n" + gap + second + block + "\n" + gap
    offset = old.index(second) + len(second)
    top = "A line added on top.\n"
    new = top + second + block + "\n" + gap + first + block + "\n" + gap  # sessions swapped
    assert map_offset(old, new, offset) == len(top) + len(second)


def test_an_offset_in_identical_repeated_text_stays_with_the_nearest_copy():
    block = "The council will meet again next week to vote on the ferry fares.\n" * 3
    old = filler(3) + block + filler(3, "Mid") + block + filler(3, "End")
    offset = old.rindex(block) + 10
    new = "An added line at the top.\n" + old
    assert map_offset(old, new, offset) == offset + len("An added line at the top.\n")
    assert map_offset(old, new, 0) == len("An added line at the top.\n")


def test_a_passage_shifted_past_the_window_with_its_neighbour_keeps_its_own_copy():
    """Surroundings first (formats.md §2): a copy whose context differs by one letter, nearer
    the old place, loses to the passage's own copy, found where its neighbour's shift says."""
    neighbour = "The harbour master resigned on Friday after the vote."
    before, quote, after = "the operator said on Tuesday: ", "Fares rise by a third.", (
        " Commuters were angry about it.")  # fmt: skip
    own = before + quote + after
    decoy = before + quote + after + " More."  # the 32nd character after it differs
    text = filler(5) + neighbour + "\n" + filler(10) + own + "\n" + filler(2, "End")
    first, second = mark(text, neighbour), mark(text, quote)
    pushed = filler(65, "Inserted")  # about 3,000 characters: inside the search window
    changed = filler(5) + pushed + neighbour + "\n" + filler(10) + decoy + "\n"
    changed += filler(65, "Added") + own + "\n" + filler(2, "End")
    assert changed.rindex(own) - text.index(own) > SEARCH_WINDOW  # alone, out of reach
    anchor_all([second, first], changed)  # in any order: the neighbour above goes first
    assert (first.anchor, second.anchor) == (MOVED, MOVED)
    assert second.start == changed.rindex(own) + len(before)


def test_a_copy_with_intact_surroundings_beyond_the_search_window_beats_a_near_miss():
    before, quote, after = "the operator said on Tuesday: ", "Fares rise by a third.", (
        " Commuters were angry about it.")  # fmt: skip
    own = before + quote + after + "\n"
    near_miss = before + quote + after + " More.\n"  # the 32nd character after it differs
    text = filler(3) + own + filler(3, "End")
    passage = mark(text, quote)
    changed = filler(3) + "Added.\n" + near_miss + filler(100, "Gap") + own + filler(3, "End")
    assert changed.rindex(own) - text.index(own) > SEARCH_WINDOW
    anchored(passage, changed)
    assert passage.start == changed.rindex(own) + len(before)


def test_among_identical_edited_copies_the_nearest_to_the_old_place_wins():
    block = "[" + "x" * 40 + " " + QUOTE + " " + "y" * 40 + "]\n"  # context within the block
    text = filler(3) + block + filler(3, "Mid") + block + filler(3, "Late") + block + filler(3)
    passage = mark(text, QUOTE, 1)
    edited = substituted(QUOTE, 2)
    changed = "A line added on top.\n" + text.replace(QUOTE, edited)
    anchored(passage, changed)
    assert passage.anchor == AMBIGUOUS  # identical copies: the nearest, and she is asked
    assert passage.start == find_occurrences(changed, edited)[1]


def test_a_fuzzy_copy_in_the_passages_own_surroundings_beats_a_closer_reading_one():
    frame = "The operator said on Tuesday that {} and left without questions.\n"
    elsewhere = "Completely different words stand here: {} so the context is new.\n"
    text = frame.format(QUOTE) + filler(300, "Body")
    passage = mark(text, QUOTE)
    own, other = substituted(QUOTE, 3), substituted(QUOTE, 1)
    changed = filler(100, "Top") + far_text(elsewhere.format(other), frame.format(own))
    assert anchored(passage, changed) == own


def test_an_offset_follows_its_words_by_what_comes_after_them():
    header, block = "Session: ", "The council will meet next week to vote on the fares again, yes."
    assert len(block) == 64
    gap = filler(10)
    old = gap + header + block + "Monday.\n" + gap + header + block + "Friday.\n"
    offset = old.rindex(block)
    top = "A line added on top.\n"
    new = top + gap + header + block + "Friday.\n" + gap + header + block + "Monday.\n"
    assert map_offset(old, new, offset) == len(top) + len(gap) + len(header)

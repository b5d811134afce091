"""Passages whose words changed: looked for where the passages around them went, and
matched approximately far from there only when long enough not to match by chance."""

from __future__ import annotations

import random

from annotator.anchoring import FAR_FUZZY_MIN_LENGTH, SEARCH_WINDOW, anchor_all
from annotator.model import FUZZY, ORPHANED, make_annotation


def words(rng: random.Random, count: int) -> list[str]:
    """Words of random letters: a phrase of them stands nowhere else by chance."""
    return [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9)))
        for _ in range(count)
    ]


def test_a_word_changed_in_every_passage_finds_each_where_the_text_drifted():
    """Each change makes the text longer, so by the end every passage stands further from
    its old place than the first search looks; each is found near where the one before
    it went (all short enough that no search anywhere would take them)."""
    rng = random.Random(4)
    vocabulary = words(rng, 3000)
    text_words = [rng.choice(vocabulary) for _ in range(30000)]
    text = " ".join(text_words)
    marked, changed_words, offset = [], list(text_words), 0
    for index in range(0, len(text_words) - 10, 8):
        start = offset + sum(len(w) + 1 for w in text_words[index : index + 2])
        length = sum(len(w) + 1 for w in text_words[index + 2 : index + 6]) - 1
        offset += sum(len(w) + 1 for w in text_words[index : index + 8])
        if 20 <= length < FAR_FUZZY_MIN_LENGTH:
            marked.append(make_annotation(text, start, start + length, tag="claim"))
            changed_words[index + 3] = text_words[index + 3] + "xyz"  # three letters longer
    changed = " ".join(changed_words)
    assert len(changed) - len(text) > 2 * SEARCH_WINDOW  # the drift outgrows the window
    verdicts = anchor_all(marked, changed)
    assert verdicts[FUZZY] == len(marked), verdicts
    for annotation in marked:  # each on its own words, now with the longer word
        assert changed[annotation.start : annotation.end].split()[1].endswith("xyz")


def test_a_short_passage_changed_is_not_pinned_on_a_chance_match_far_away():
    rng = random.Random(8)
    vocabulary = words(rng, 40)
    text = " ".join(rng.choice(vocabulary) for _ in range(20000))
    start = text.index(" ", 60_000) + 1
    end = text.index(" ", start + 24)
    short = make_annotation(text, start, end, tag="claim")
    first, second = short.exact.split(" ", 1)
    edited = "qqqqqqqq " + second  # its first word replaced: beyond a fifth of it
    changed = text[:start] + edited + text[end:]
    # The edited words, as matched by the old rule: somewhere else within the budget.
    assert anchor_all([short.clone()], changed)[ORPHANED] == 1
    near = make_annotation(text, start, end, tag="claim")
    nearly = first[:-1] + "z " + second  # one letter changed: found in place
    assert anchor_all([near], text[:start] + nearly + text[end:])[FUZZY] == 1
    assert near.start == start


def test_a_long_passage_moved_far_and_edited_is_still_found():
    rng = random.Random(9)
    text = " ".join(words(rng, 8000))
    quote_start = text.index(" ", 1000) + 1
    quote_end = text.index(" ", quote_start + 80)
    passage = make_annotation(text, quote_start, quote_end, tag="claim")
    moved = passage.exact.replace(passage.exact.split()[2], "replaced", 1)
    rest = text[:quote_start] + text[quote_end:]
    far = rest.index(" ", 40_000) + 1
    changed = rest[:far] + moved + " " + rest[far:]
    assert len(passage.exact) >= FAR_FUZZY_MIN_LENGTH
    assert anchor_all([passage], changed)[FUZZY] == 1
    assert passage.start == far

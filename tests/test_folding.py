"""Matching what people type: folded text, offsets always into the original."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from annotator import folding
from annotator.folding import Folded, find_typed, fold

ARABIC = "قال المتحدث إن عدد الركاب أكثـر من المتوقع، وأضاف أنَّ الأسعار ستبقى."
ENGLISH = "“It’s naïve to expect more” – the mayor\u00a0said of the ﬁrm’s Ｑ3 plan."


def test_typed_forms_find_the_article_s_forms_with_original_offsets():
    for text, typed, found in (
        (ARABIC, "أكثر من", "أكثـر من"),
        (ARABIC, "أن الأسعار", "أنَّ الأسعار"),
        (ENGLISH, "\"It's naïve", "“It’s naïve"),
        (ENGLISH, 'more" - the mayor said', "more” – the mayor\u00a0said"),
        (ENGLISH, "firm's Q3", "ﬁrm’s Ｑ3"),
    ):
        [(start, end)] = find_typed(text, typed)
        assert text[start:end] == found


def test_an_exact_quote_is_found_as_it_is():
    start = ENGLISH.index("the mayor")
    assert find_typed(ENGLISH, "the mayor") == [(start, start + len("the mayor"))]


def test_case_is_ignored_only_when_asked():
    assert Folded(ENGLISH).find_all("THE MAYOR") == []
    [(start, end)] = Folded(ENGLISH, ignore_case=True).find_all("THE MAYOR")
    assert ENGLISH[start:end] == "the mayor"


def test_the_command_line_adds_a_quote_typed_plainly(tmp_path):
    article = tmp_path / "arabic.txt"
    article.write_text(ARABIC + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "add", str(article), "--quote", "أكثر من المتوقع"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "annotator", "list", str(article), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert '"quote": "أكثـر من المتوقع"' in listed.stdout


@given(st.text(alphabet="ab ـً“”ﬁ\u00a0-–", max_size=40), st.data())
def test_every_match_maps_back_to_text_that_folds_to_the_needle(text, data):
    folded = Folded(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    needle = fold(text[start:end])
    for found_start, found_end in folded.find_all(needle):
        assert 0 <= found_start < found_end <= len(text)
        assert fold(text[found_start:found_end]) == needle


def test_a_passage_whose_article_lost_its_curly_quotes_is_found_changed():
    from annotator.anchoring import anchor_all
    from annotator.model import FUZZY, make_annotation

    text = "Intro.\n\nAsked twice, she said “No”, “Yes” and left. Then more text follows.\n"
    quote = "“No”, “Yes”"  # four of eleven characters differ once straightened: not fuzzy
    start = text.index(quote)
    passage = make_annotation(text, start, start + len(quote))
    plain = "New intro line.\n\n" + text.replace("“", '"').replace("”", '"')
    anchor_all([passage], plain)
    assert passage.anchor == FUZZY
    assert plain[passage.start : passage.end] == '"No", "Yes"'
    assert passage.review["previous"]["exact"] == quote


_MIXED = ["the ", "“fair” ", "fare—", "ﬁne ", "قالـت ", "\u064e", "\u00ad", "Ａ", "😀", "\n"]


@given(st.lists(st.sampled_from(_MIXED), max_size=40), st.integers(1, 9), st.booleans())
def test_a_long_text_folded_a_piece_at_a_time_folds_as_in_one_call(pieces, size, ignore_case):
    """Pieces of a few code points (a megabyte in use): the same folded text, and the same
    way back to the original offsets, as one call gives."""
    text = "".join(pieces)
    whole = Folded(text, ignore_case)
    kept = folding.FOLD_PIECE
    folding.FOLD_PIECE = size
    try:
        cut = Folded(text, ignore_case)
        assert fold(text, ignore_case) == whole.text == cut.text
        assert cut._folded_marks == whole._folded_marks
        assert cut._original_marks == whole._original_marks
    finally:
        folding.FOLD_PIECE = kept

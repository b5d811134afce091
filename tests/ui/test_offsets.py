"""Code points (Python) against UTF-16 units (Qt), converted in one place."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.ui.offsets import Offsets, utf16_text
from tests import texts


def _qt_text(document: QTextDocument, start: int, end: int) -> str:
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def test_identity_without_astral_characters():
    offsets = Offsets("plain text, Arabic قال and Bengali এই")
    assert offsets.identity
    assert offsets.to_qt(10) == 10 and offsets.from_qt(10) == 10


def test_emoji_before_a_passage_shifts_qt_positions():
    text = "Look 😀 here 🎉🎉 and there"
    offsets = Offsets(text)
    start = text.index("here")
    assert offsets.to_qt(start) == start + 1
    there = text.index("there")
    assert offsets.to_qt(there) == there + 3
    document = QTextDocument()
    document.setPlainText(text)
    qt_start, qt_end = offsets.to_qt(there), offsets.to_qt(there + 5)
    assert _qt_text(document, qt_start, qt_end) == "there"
    assert (offsets.from_qt(qt_start), offsets.from_qt(qt_end)) == (there, there + 5)
    assert offsets.qt_length == document.characterCount() - 1


def test_arabic_with_emoji():
    text = texts.ARABIC
    offsets = Offsets(text)
    quote = "إن عدد الركاب"
    start = text.index(quote)
    document = QTextDocument()
    document.setPlainText(text)
    qt_start, qt_end = offsets.to_qt(start), offsets.to_qt(start + len(quote))
    assert qt_start == start + 1  # the emoji before it is two UTF-16 units
    assert _qt_text(document, qt_start, qt_end) == quote
    assert offsets.from_qt(qt_end) == start + len(quote)


def test_inside_a_surrogate_pair_rounds_to_its_start():
    offsets = Offsets("a😀b")
    assert offsets.from_qt(2) == 1
    assert offsets.from_qt(3) == 2


@given(st.text(alphabet=st.sampled_from("ab\n😀𝄞ق"), max_size=40))
def test_round_trip(text):
    offsets = Offsets(text)
    for offset in range(len(text) + 1):
        qt = offsets.to_qt(offset)
        assert qt == len(text[:offset].encode("utf-16-le")) // 2
        assert offsets.from_qt(qt) == offset


@given(st.text(alphabet=st.sampled_from("ab\né\u0627\uffff😀𝄞\U0010ffff"), max_size=60))
def test_the_text_given_to_qt_holds_the_same_utf16_in_two_bytes_a_character(text):
    """Each astral character as its surrogates, everything else as it was: Qt gets the
    same QString, from a str PySide converts quickly."""
    given_qt = utf16_text(text)
    assert given_qt.encode("utf-16-le", "surrogatepass") == text.encode("utf-16-le")
    assert all(ord(character) <= 0xFFFF for character in given_qt)
    document = QTextDocument()
    document.setPlainText(given_qt)
    assert document.toPlainText() == text


@given(
    st.text(alphabet=st.sampled_from("ab\n😀𝄞ق"), max_size=40),
    st.integers(min_value=1, max_value=5),
    st.booleans(),
)
def test_searched_a_chunk_at_a_time_however_far_asked(text, chunk, far_first):
    """Asked for the end first (as a new document is made), or offset by offset."""
    from annotator.ui import offsets as module

    real = module._CHUNK
    module._CHUNK = chunk
    try:
        offsets = Offsets(text)
        if far_first:
            offsets.to_qt(len(text))
        for offset in range(len(text) + 1):
            assert offsets.to_qt(offset) == len(text[:offset].encode("utf-16-le")) // 2
        assert offsets.qt_length == len(text.encode("utf-16-le")) // 2
    finally:
        module._CHUNK = real

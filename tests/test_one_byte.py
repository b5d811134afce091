"""The text as edlib sees it: one byte per code point, coded as the translation table
codes quotes, and equal bytes only for equal code points when there are no more than 255."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import one_byte

# Letters, marks and spaces; the Private Use Area (where stand-ins are taken); emoji and
# other code points beyond the Basic Multilingual Plane; and those a pattern escapes.
CODE_POINTS = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x2FF, exclude_categories=["Cs"]),
    st.characters(min_codepoint=0xE000, max_codepoint=0xE008),
    st.characters(min_codepoint=0x1F600, max_codepoint=0x1F610),
    st.sampled_from(["\x00", "\ufffe", "]", "\\", "^", "-", "[", "\n"]),
)


@settings(max_examples=300, deadline=None)
@given(alphabet=st.lists(CODE_POINTS, min_size=1, max_size=300, unique=True), data=st.data())
def test_coded_as_the_table_codes_and_injective_when_it_can_be(alphabet, data):
    text = "".join(data.draw(st.lists(st.sampled_from(alphabet), max_size=400)))
    if data.draw(st.booleans()):  # past the first chunk: the rest is looked at in C
        text = "a" * one_byte._CHUNK + text
    coding = one_byte.encode(text)
    assert len(coding.encoded) == len(text)
    assert coding.encoded == text.translate(coding.table).encode("latin-1")
    assert coding.coded == coding.encoded.decode("latin-1")
    assert coding.injective == (len(set(text)) <= 255)
    if coding.injective:
        seen: dict[int, str] = {}
        for char, byte in zip(text, coding.encoded, strict=True):
            assert seen.setdefault(byte, char) == char


def test_the_commonest_have_bytes_of_their_own():
    rare = [chr(0x4E00 + n) for n in range(400)]
    text = "the quay " * 200 + "".join(rare) + "😀" * 50
    coding = one_byte.encode(text)
    assert not coding.injective
    bytes_of = dict(zip(text, coding.encoded, strict=True))
    assert len({bytes_of[ch] for ch in "the quay😀"}) == len(set("the quay😀"))
    assert 0 not in {bytes_of[ch] for ch in "the quay😀"}
    assert sum(bytes_of[ch] == 0 for ch in rare) >= 400 - 255 + len(set("the quay😀"))


@settings(max_examples=200, deadline=None)
@given(alphabet=st.lists(CODE_POINTS, min_size=1, max_size=300, unique=True), data=st.data())
def test_coded_a_piece_at_a_time_as_in_one_call(alphabet, data):
    """Coded in pieces as short as a few code points, with a pause between them, the
    text is what one call codes (10 MB: one call held the interpreter's lock)."""
    text = "".join(data.draw(st.lists(st.sampled_from(alphabet), max_size=400)))
    whole = one_byte.encode(text)
    pauses: list[int] = []
    real = one_byte.PIECE, one_byte._CHUNK
    one_byte.PIECE, one_byte._CHUNK = data.draw(st.integers(1, 9)), data.draw(st.integers(1, 9))
    try:  # (not monkeypatch: Hypothesis calls this many times)
        pieces = one_byte.encode(text, lambda: pauses.append(1))
    finally:
        one_byte.PIECE, one_byte._CHUNK = real
    assert pieces.encoded == whole.encoded
    assert pieces.injective == whole.injective
    assert pieces.encoded == text.translate(pieces.table).encode("latin-1")
    assert len(pauses) >= len(text) // 9

"""Where a quote may stand approximately, anywhere in a long text: the places worth aligning.

A quote of m code points is matched with at most k edits (anchoring's budget, a fifth of
it). Cut into j disjoint pieces of s = m // (k + 1) code points each (j = m // s, at least
k + 1), it keeps at least j − k of them intact in any such match, since an edit breaks at
most one piece; and every piece kept stands on the match's diagonal (its place in the
text less its offset in the quote) give or take k. That is the pigeonhole filter, and
its counting form, the q-gram lemma for disjoint q-grams.

So the pieces of every quote, at every offset, are found in one pass over the text
(Aho-Corasick); a piece met more than FREQUENT times in the text's first SAMPLE code
points (" the ", "tion") is not followed past them: it says little and would cost much.
Each quote takes as many disjoint pieces as fit among the others, j' of them, and is
aligned only in windows where at least j' − k of them stand
within k diagonals of one another: a quote with no such place is an orphan without any
alignment. Only a quote whose rare pieces are too few to bound a match (j' ≤ k) is
aligned against the whole text.

Cost, for a text of n code points and quotes of m: one pass over the text, O(n + h),
h the places where pieces stand (rare pieces' places only, past the sample); then per
quote O(h_q log h_q) to find its windows and O(w·⌈m/64⌉) to align them (edlib), w their
width, at most about (h_q / (j' − k))·(m + 5k); O(n·⌈m/64⌉) for a quote of common pieces.

Pieces are looked for in the text as edlib sees it (one byte per code point, the rarest
code points sharing one), so no match edlib would find is filtered out; whether a
quote's pieces stand in few enough places to be searched around them only is decided
on the real text, as it always was.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import floordiv, mod, sub
from typing import TypeVar

import ahocorasick

SAMPLE = 1 << 18  # code points of the text where every piece is counted, before the rest
TIERS = (0, 2, 8, 32, 128, 512)  # at most this many places in the sample, for chosen pieces
ALIGNING = 8  # aligning a window costs about as much as this many places found
PER_PLACE = 100  # code points aligned in the time a place found costs
T = TypeVar("T")
MAX_LOCATIONS = 16  # equally good places kept of one alignment
CALL = 600  # code points aligned in the time one alignment's call costs


@dataclass(frozen=True)
class Pieces:
    """A quote's pieces of s = m // (k + 1) code points."""

    quote: str
    max_errors: int

    @property
    def size(self) -> int:
        return len(self.quote) // (self.max_errors + 1)

    @property
    def pigeonhole(self) -> list[tuple[str, int]]:
        """k + 1 pieces end to end from the quote's start: one is intact in any match."""
        size = self.size
        return [(self.quote[o : o + size], o) for o in range(0, size * (self.max_errors + 1), size)]

    @property
    def every(self) -> list[tuple[str, int]]:
        """Every piece of s and of s - 1 code points, at every offset."""
        quote = self.quote
        return [
            (quote[o : o + size], o)
            for size in {self.size, max(2, self.size - 1)}
            for o in range(len(quote) - size + 1)
        ]

    def disjoint(self, counts: list[int], tier: int, size: int) -> list[tuple[str, int]]:
        """As many disjoint pieces of `size` as fit (the earliest first) among those whose
        count (`counts`, by offset) is at most `tier`."""
        chosen, free, quote = [], 0, self.quote
        for offset, count in enumerate(counts):
            if count <= tier and offset >= free:
                chosen.append((quote[offset : offset + size], offset))
                free = offset + size
        return chosen


class PieceIndex:
    """Where the pieces of many quotes stand in a text.

    `coded` is the text as edlib sees it (`Anchorer._encode`, as a str of code points
    below 256) and `table` the translation that made it; `injective` says whether every
    code point of the text has a byte of its own (so a piece found in `coded` is found
    in the text). Every piece is counted in the first SAMPLE code points; only those
    `follow`ed are looked for past them.
    """

    def __init__(
        self, text: str, coded: str, table: dict[int, int], injective: bool, pieces: Iterable[str]
    ) -> None:
        self._text, self._coded, self._injective = text, coded, injective
        self._code = {piece: piece.translate(table) for piece in set(pieces)}
        # Places as machine integers: a long text's pieces stand in millions of places.
        self._places = {code: array("q") for code in self._code.values()}
        self._search(set(self._places), 0, min(len(coded), SAMPLE))
        self.in_sample = {code: len(places) for code, places in self._places.items()}
        self.scale = max(1.0, len(coded) / SAMPLE)  # the text's size over the sample's

    def count(self, piece: str) -> int:
        """Where the piece stands as edlib sees the text, in the sample."""
        return self.in_sample[self._code[piece]]

    def follow(self, pieces: Iterable[str]) -> None:
        """Find these pieces past the sample too."""
        if len(self._coded) > SAMPLE:
            self._search({self._code[p] for p in pieces}, SAMPLE, len(self._coded))

    def _search(self, codes: set[str], start: int, end: int) -> None:
        """Add the places of `codes` that end in [start, end) of the coded text."""
        codes = {code for code in codes if code}
        if not codes:
            return
        automaton = ahocorasick.Automaton()
        for code in codes:
            automaton.add_word(code, (self._places[code].append, len(code) - 1))
        automaton.make_automaton()
        longest = max(map(len, codes))
        for last, (add, back) in automaton.iter(self._coded, max(0, start - longest + 1), end):
            if last >= start:
                add(last - back)

    def coded(self, piece: str) -> Sequence[int]:
        """Where the piece stands as edlib sees the text (in the sample, unless followed)."""
        return self._places[self._code[piece]]

    def real(self, piece: str) -> Sequence[int]:
        """Where the piece stands in the text itself (in the sample, unless followed)."""
        places = self.coded(piece)
        if self._injective:
            return places
        return [p for p in places if self._text.startswith(piece, p)]


def choose(pieces: Pieces, index: PieceIndex, length: int) -> list[tuple[str, int]] | None:
    """The disjoint pieces to look for the quote by, or None to align it against all of
    the text: those of the cheapest search, counting the places of its pieces (rarer
    pieces are fewer, and the fewer kept, the more places are windows to align)."""
    k = pieces.max_errors
    best: tuple[float, list[tuple[str, int]]] | None = None
    quote = pieces.quote
    for size in {pieces.size, max(2, pieces.size - 1)}:
        counts = [index.count(quote[o : o + size]) for o in range(len(quote) - size + 1)]
        for tier in TIERS:
            chosen = pieces.disjoint(counts, tier, size)
            if len(chosen) <= k:
                continue
            places = (sum(counts[offset] for _, offset in chosen) + 1) * index.scale
            cost = places * (1 if len(chosen) > k + 1 else ALIGNING)
            if best is None or cost < best[0]:
                best = (cost, chosen)
    whole = length / PER_PLACE * (len(pieces.quote) // 64 + 1)
    return None if best is None or best[0] > whole else best[1]


def windows(
    pieces: Pieces, chosen: list[tuple[str, int]], index: PieceIndex
) -> list[tuple[int, int]]:
    """Windows of the text that hold every match of the quote with at most k edits, found
    by the `chosen` disjoint pieces (followed past the sample); [] when there is none."""
    k, size = pieces.max_errors, len(pieces.quote)
    needed = len(chosen) - k
    before, after = 3 * k + 1, size + 2 * k + 1
    if needed == 1:  # any piece kept may be the one: a window around each place
        return [
            (place - offset - before, place - offset + after)
            for piece, offset in chosen
            for place in index.coded(piece)
        ]
    # Each place as one integer, its diagonal times j plus its piece's number, so that
    # sorting and reading them back runs in C.
    width = len(chosen)
    keys: list[int] = []
    for number, (piece, offset) in enumerate(chosen):
        keys += map((number - offset * width).__add__, map(width.__mul__, index.coded(piece)))
    keys.sort()
    diagonals = list(map(floordiv, keys, repeat(width)))
    # A window may begin at a place only if `needed` places stand within k diagonals of
    # it: those are found in one pass in C, and only they are counted piece by piece.
    gaps = map(sub, diagonals[needed - 1 :], diagonals)
    found: list[tuple[int, int]] = []
    for first in compress(range(len(diagonals)), map(k.__ge__, gaps)):
        low = diagonals[first]
        end = bisect_right(diagonals, low + k, first)
        if len(set(map(mod, keys[first:end], repeat(width)))) >= needed:
            # The match starts within k of every piece it kept; its ends, as edlib
            # reports them, within m + 2k of that start either way.
            found.append((low - before, diagonals[end - 1] + after))
    return found


def plan(
    text: str,
    coded: str,
    table: dict[int, int],
    injective: bool,
    eligible: list[tuple[T, Pieces]],
    max_hits: int,
) -> Iterator[tuple[T, Pieces, set[int] | None, list[tuple[int, int]]]]:
    """How to search for each quote: around the places of its pigeonhole pieces when they
    stand in at most `max_hits` places (those places), else in these spans of the text."""
    every = (piece for _, pieces in eligible for piece, _ in pieces.every)
    index = PieceIndex(text, coded, table, injective, every)
    plans, followed = [], set()
    for item, pieces in eligible:
        # Beyond max_hits places already in the sample: searched anywhere.
        many = any(len(index.real(piece)) > max_hits for piece, _ in pieces.pigeonhole)
        if not many:
            followed.update(piece for piece, _ in pieces.pigeonhole)
        chosen = choose(pieces, index, len(coded))
        followed.update(piece for piece, _ in chosen or ())
        plans.append((item, pieces, many, chosen))
    index.follow(followed)
    whole = [(0, len(coded))]
    for item, pieces, many, chosen in plans:
        near = None if many else _pigeonhole_places(pieces, index, max_hits)
        if near is not None or chosen is None:
            yield item, pieces, near, whole
        else:
            spans = merged(windows(pieces, chosen, index), len(coded))
            yield item, pieces, None, narrower(spans, len(coded))


def _pigeonhole_places(pieces: Pieces, index: PieceIndex, max_hits: int) -> set[int] | None:
    """Where the quote would start by its first k+1 pieces; None beyond `max_hits`."""
    near: set[int] = set()
    for piece, offset in pieces.pigeonhole:
        near.update(start - offset for start in index.real(piece))
        if len(near) > max_hits:
            return None
    return near


def merged(windows: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Windows clipped to the text, with overlapping ones joined."""
    joined: list[tuple[int, int]] = []
    for low, high in sorted((max(0, low), min(length, high)) for low, high in windows):
        if joined and low <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], high))
        elif low < high:
            joined.append((low, high))
    return joined


def narrower(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The spans, or the whole text when aligning it costs less than aligning them one by one."""
    if sum(high - low + CALL for low, high in spans) >= length:
        return [(0, length)]
    return spans


def each_window(
    query: bytes, encoded: bytes, spans: list[tuple[int, int]], max_errors: int
) -> list[tuple[int, int]]:
    """The places of the fewest edits (at most `max_errors`) in each span, aligned on its
    own: the first MAX_LOCATIONS of each."""
    import edlib  # the approximate matchers load only when a passage needs them

    found = []
    for low, high in spans:
        result = edlib.align(query, encoded[low:high], mode="HW", task="locations", k=max_errors)
        if result["editDistance"] >= 0:
            found += [(low + s, low + e + 1) for s, e in result["locations"][:MAX_LOCATIONS]]
    return found


def locations(
    query: bytes, encoded: bytes, spans: list[tuple[int, int]], max_errors: int
) -> list[tuple[int, int]]:
    """The places of the fewest edits (at most `max_errors`) in all the spans together,
    as one alignment against the whole text finds them: the first MAX_LOCATIONS, in order.

    `spans` are merged windows holding every such place; each is aligned on its own.
    """
    import edlib

    best, found = max_errors, []
    fewest = None
    for low, high in spans:
        result = edlib.align(query, encoded[low:high], mode="HW", task="locations", k=best)
        distance = result["editDistance"]
        if distance < 0:
            continue
        places = [(low + start, low + end + 1) for start, end in result["locations"]]
        if fewest is None or distance < fewest:
            fewest, best, found = distance, distance, places
        else:
            found += places
        if fewest == 0 and len(found) >= MAX_LOCATIONS:
            break  # none can be better, and later ones come after these
    return found[:MAX_LOCATIONS]

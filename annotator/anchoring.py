"""Finding passages in document text: quotes to spans, and re-anchoring (formats.md §2).

Candidates are scored as Hypothesis's text-quote anchoring does: the quote counts most,
then its prefix and suffix, then nearness to where the passage used to be.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import edlib
from rapidfuzz.distance import Levenshtein

from annotator.model import EXACT, FUZZY, MOVED, ORPHANED, Annotation

# A fuzzy match may differ from the stored quote in at most a fifth of its characters:
# enough for a corrected figure, a fixed typo or a re-punctuated quote, not enough to
# pin a note on a different claim. A wrong attachment misleads silently; an orphan is
# kept and shown, so when in doubt we orphan.
FUZZY_MAX_ERROR_RATE = 0.2
FUZZY_MIN_LENGTH = 8  # shorter quotes are matched exactly or not at all
SEARCH_WINDOW = 4096  # code points either side of the expected position searched first

QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0

# Typographic variants a reporter types plainly; each maps one code point to one, so
# offsets in the folded text are offsets in the original.
_TYPOGRAPHIC = str.maketrans("‘’‚‛“”„‟′″–—‐‑−\u00a0", "''''\"\"\"\"'\"-----" + " ")
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Span:
    """Where a passage stands now and how it was found."""

    start: int
    end: int
    anchor: str


def find_occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of `quote` in `text` (overlaps included)."""
    if not quote:
        return []
    found = []
    position = text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def find_quote(text: str, quote: str) -> list[int]:
    """Occurrences of a quote typed by a person: exact, else ignoring curly quotes and dashes."""
    found = find_occurrences(text, quote)
    if found:
        return found
    return find_occurrences(text.translate(_TYPOGRAPHIC), quote.translate(_TYPOGRAPHIC))


def anchor_all(annotations: Iterable[Annotation], text: str) -> Counter[str]:
    """Re-anchor annotations in `text`, setting start, end and anchor; count the verdicts."""
    anchorer = Anchorer(text)
    verdicts: Counter[str] = Counter()
    shift = 0  # how far the previous passage moved: edits shift neighbours alike
    ordered = sorted(annotations, key=lambda a: (a.stored_start is None, a.stored_start or 0))
    for annotation in ordered:
        span = anchorer.locate(annotation, shift)
        if span is None:
            annotation.start = annotation.end = None
            annotation.anchor = ORPHANED
        else:
            annotation.start, annotation.end, annotation.anchor = span.start, span.end, span.anchor
            if annotation.stored_start is not None:
                shift = span.start - annotation.stored_start
        verdicts[annotation.anchor] += 1
    return verdicts


class Anchorer:
    """Locates stored selectors in one document text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._encoded: bytes | None = None
        self._table: dict[int, int] = {}

    def locate(self, annotation: Annotation, shift: int = 0) -> Span | None:
        """The best span for an annotation's selectors, or None for an orphan."""
        text, exact = self.text, annotation.exact
        start = annotation.stored_start
        if not exact:
            return None
        if start is not None and text[start : start + len(exact)] == exact:
            return Span(start, start + len(exact), EXACT)
        expected = start if start is not None else 0
        moved = self._moved(annotation, expected, shift)
        if moved is not None:
            return Span(moved, moved + len(exact), MOVED)
        return self._fuzzy(annotation, expected, shift)

    # -- exact quote elsewhere -------------------------------------------------------

    def _moved(self, annotation: Annotation, expected: int, shift: int) -> int | None:
        text, exact = self.text, annotation.exact
        # Nearby first: a candidate whose prefix and suffix both match perfectly can only
        # lose to another perfect one nearer the old position, so a bounded search decides.
        for centre in dict.fromkeys((expected + shift, expected)):
            nearby = self._occurrences_between(
                exact, centre - SEARCH_WINDOW, centre + SEARCH_WINDOW
            )
            perfect = [p for p in nearby if self._context_perfect(annotation, p)]
            if perfect:
                distance = min(abs(p - expected) for p in perfect)
                around = self._occurrences_between(exact, expected - distance, expected + distance)
                return min(
                    (p for p in around if self._context_perfect(annotation, p)),
                    key=lambda p: (abs(p - expected), p),
                )
        candidates = find_occurrences(text, exact)
        if not candidates:
            return None
        return max(
            candidates,
            key=lambda p: (
                self._score(annotation, p, p + len(exact), expected, 1.0),
                -abs(p - expected),
            ),
        )

    def _occurrences_between(self, quote: str, low: int, high: int) -> list[int]:
        low = max(0, low)
        found = []
        position = self.text.find(quote, low, max(low, high) + len(quote))
        while position != -1:
            found.append(position)
            position = self.text.find(quote, position + 1, high + len(quote))
        return found

    def _context_perfect(self, annotation: Annotation, start: int) -> bool:
        text, prefix, suffix = self.text, annotation.prefix, annotation.suffix
        end = start + len(annotation.exact)
        return (not prefix or text[max(0, start - len(prefix)) : start] == prefix) and (
            not suffix or text[end : end + len(suffix)] == suffix
        )

    def _score(
        self, annotation: Annotation, start: int, end: int, expected: int, quote_similarity: float
    ) -> float:
        text = self.text
        prefix, suffix = annotation.prefix, annotation.suffix
        before = text[max(0, start - len(prefix)) : start]
        after = text[end : end + len(suffix)]
        prefix_similarity = _context_similarity(prefix[::-1], before[::-1])
        suffix_similarity = _context_similarity(suffix, after)
        position_similarity = 1.0 - abs(start - expected) / max(1, len(text))
        return (
            QUOTE_WEIGHT * quote_similarity
            + PREFIX_WEIGHT * prefix_similarity
            + SUFFIX_WEIGHT * suffix_similarity
            + POSITION_WEIGHT * position_similarity
        )

    # -- approximate quote ------------------------------------------------------------

    def _fuzzy(self, annotation: Annotation, expected: int, shift: int) -> Span | None:
        exact = annotation.exact
        if len(exact) < FUZZY_MIN_LENGTH:
            return None
        max_errors = int(len(exact) * FUZZY_MAX_ERROR_RATE)
        centre = max(0, expected + shift)
        margin = SEARCH_WINDOW + len(exact)
        low, high = max(0, centre - margin), min(len(self.text), centre + len(exact) + margin)
        best = self._best_fuzzy(annotation, low, high, expected, max_errors)
        if best is None and (low > 0 or high < len(self.text)):
            best = self._best_fuzzy(annotation, 0, len(self.text), expected, max_errors)
        return best

    def _best_fuzzy(
        self, annotation: Annotation, low: int, high: int, expected: int, max_errors: int
    ) -> Span | None:
        encoded = self._encode()
        query = annotation.exact.translate(self._table).encode("latin-1")
        found = edlib.align(query, encoded[low:high], mode="HW", task="locations", k=max_errors)
        if found["editDistance"] < 0:
            return None
        best: tuple[float, int, Span] | None = None
        for location_start, location_end in found["locations"][:16]:
            start, end = self._to_words(low + location_start, low + location_end + 1)
            if start >= end:
                continue
            distance = Levenshtein.distance(annotation.exact, self.text[start:end])
            if distance > max_errors:
                continue  # a collision of rare characters in the encoding, or word padding
            similarity = 1.0 - distance / max(len(annotation.exact), end - start)
            score = self._score(annotation, start, end, expected, similarity)
            key = (score, -abs(start - expected))
            if best is None or key > best[:2]:
                best = (*key, Span(start, end, FUZZY))
        return best[2] if best else None

    def _to_words(self, start: int, end: int) -> tuple[int, int]:
        """Widen a span to whole words, then trim white space from its ends."""
        text = self.text
        while 0 < start < len(text) and _WORD.match(text[start - 1]) and _WORD.match(text[start]):
            start -= 1
        while 0 < end < len(text) and _WORD.match(text[end - 1]) and _WORD.match(text[end]):
            end += 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def _encode(self) -> bytes:
        """The text as one byte per code point, for edlib (which takes 256 symbols at most).

        The 255 commonest code points get their own byte; rarer ones share byte 0. A
        collision can only make a candidate look better than it is, and every candidate
        is checked against the real text, so nothing is matched wrongly.
        """
        if self._encoded is None:
            common = Counter(self.text).most_common(255)
            self._table = _TableWithDefault({ord(ch): i + 1 for i, (ch, _) in enumerate(common)})
            self._encoded = self.text.translate(self._table).encode("latin-1")
        return self._encoded


def _context_similarity(stored: str, found: str) -> float:
    """How well found context matches stored context, read outward from the passage.

    The mean of edit similarity (forgiving small edits) and the share of characters
    that match unbroken from the passage's edge (what tells duplicates apart).
    """
    if not stored:
        return 0.5
    edit = Levenshtein.normalized_similarity(stored, found)
    adjacent = len(os.path.commonprefix([stored, found]))  # noqa: RUF071 (strings, not paths) / len(stored)
    return (edit + adjacent) / 2


class _TableWithDefault(dict):
    """A str.translate table mapping every code point it does not hold to byte 0."""

    def __missing__(self, key: int) -> int:
        return 0

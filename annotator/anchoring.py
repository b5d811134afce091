"""Finding passages in document text: quotes to spans, and re-anchoring (formats.md §2).

Candidates are scored as Hypothesis's text-quote anchoring does: the quote counts most,
then its prefix and suffix, then nearness to where the passage used to be.

Cost, for n passages in a text of N code points: those still in place or moved with
their neighbours, O(1) each; those moved elsewhere unchanged, one Aho-Corasick pass,
O(N + n); an approximate match near the old place, O(w·⌈m/64⌉) for a window w of
±SEARCH_WINDOW; anywhere, see `anywhere` (one more pass, then per quote its pieces'
places and the windows they leave, or O(N·⌈m/64⌉) for a quote of common pieces only).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from annotator import one_byte
from annotator.anywhere import Pieces, each_window, locations, merged, plan
from annotator.context import context_similarity
from annotator.folding import Folded, fold
from annotator.model import (
    AMBIGUOUS,
    EXACT,
    FUZZY,
    MOVED,
    ORPHANED,
    Annotation,
    flag_for_review,
    now_iso,
    quote_selectors,
)
from annotator.pieces import scan_for
from annotator.text import PAUSE_EVERY, trim_span

# A fuzzy match may differ from the stored quote in at most a fifth of its characters:
# enough for a corrected figure, a fixed typo or a re-punctuated quote, not enough to
# pin a note on a different claim. A wrong attachment misleads silently; an orphan is
# kept and shown, so when in doubt we orphan.
FUZZY_MAX_ERROR_RATE = 0.2
FUZZY_MIN_LENGTH = 8  # shorter quotes are matched exactly or not at all
# Away from where it was expected, a quote shorter than this is matched exactly or not at
# all: a short phrase a fifth of it changed stands by chance in any long article (with a
# word changed in each of 3,000 passages of 1 MB, every such match of a quote under 40
# code points fell on other words, 147 of 147), and a wrong attachment misleads.
FAR_FUZZY_MIN_LENGTH = 40
PROBE_LENGTH = 64  # code points of text that stand for a place in map_offset
SEARCH_WINDOW = 4096  # code points either side of the expected position searched first
NEAR_FIRST = 256  # of which, for an approximate match, these are searched before the rest
MAX_PIECE_HITS = 64  # beyond this many candidate places, align against the whole text

QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
# Candidates scoring closer than this are told apart by little more than nearness (the
# position weighs 2; three characters of a 32-character context weigh about 1.9): the
# passage goes to the best and is flagged "ambiguous" for her to check.
AMBIGUITY_MARGIN = 2.0

# Typographic variants a reporter types plainly; each maps one code point to one, so
# offsets in the folded text are offsets in the original.
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Span:
    """Where a passage stands now and how it was found."""

    start: int
    end: int
    anchor: str


def map_offset(old_text: str, new_text: str, offset: int, expected: int | None = None) -> int:
    """Where an offset of `old_text` stands in `new_text`, found as a passage is re-anchored.

    Used to keep the reader's place when the article changes under her, on the window's
    thread: the words at the offset are looked for around where they are `expected`
    (by default, the same share of the way through the text), exactly and then
    approximately, within SEARCH_WINDOW either side: milliseconds, however long the
    text. If they are not there, the expected place is given.
    """
    offset = max(0, min(offset, len(old_text)))
    if expected is None:
        expected = round(offset * len(new_text) / max(1, len(old_text)))
    expected = max(0, min(expected, len(new_text)))
    end = min(len(old_text), offset + PROBE_LENGTH)
    if end <= offset or old_text == new_text:
        return min(offset, len(new_text))
    exact, prefix, suffix = quote_selectors(old_text, offset, end)
    # Looked for in the text around the expected place only, as a passage stored there.
    low = max(0, expected - 2 * SEARCH_WINDOW)
    around = new_text[low : expected + 2 * SEARCH_WINDOW + len(exact)]
    here = expected - low
    probe = Annotation("", here, here + len(exact), exact, prefix, suffix, stored_start=here)
    anchorer = Anchorer(around)
    span = anchorer.nearby(probe, 0) or anchorer.fuzzy_nearby(probe, 0)
    if span is None:
        return expected
    lead = exact[: len(exact) - len(exact.lstrip())]  # (an approximate match is trimmed)
    if lead and around.endswith(lead, 0, span.start):
        return low + span.start - len(lead)
    return low + span.start


def anchor_all(
    annotations: Iterable[Annotation], text: str, progress: Callable[[int], None] | None = None
) -> Counter[str]:
    """Re-anchor annotations in `text`, setting start, end and anchor; count the verdicts.

    Most passages are where they were, or nearby: shifted like their neighbours. Those
    are settled with bounded searches around the expected place. The rest are searched
    for in one pass over the text for all of their quotes at once (Aho-Corasick), and
    only what is still missing is matched approximately. `progress`, if given, is told
    now and then how many passages are settled (it may be called from this thread only).
    """
    annotations = list(annotations)
    anchorer = Anchorer(text, progress)
    pending: list[tuple[Annotation, int, int]] = []
    shift = 0  # how far the previous passage moved: an edit shifts its neighbours alike
    shift_at = -1  # the stored start of the passage that moved so
    for number, annotation in enumerate(sorted(annotations, key=_stored_order)):
        if not number % PAUSE_EVERY:
            anchorer.settled(0)  # (a worker may be asked to pause, or to stop)
        start, exact = annotation.stored_start, annotation.exact
        if start is not None and exact and text.startswith(exact, start):
            # Where it was: the common case, settled without making a Span.
            annotation.start, annotation.end, annotation.anchor = start, start + len(exact), EXACT
            shift, shift_at = 0, start
            continue
        span = anchorer.moved_alike(annotation, shift)
        if span is not None:
            annotation.start, annotation.end, annotation.anchor = span.start, span.end, MOVED
            shift_at = start if start is not None else shift_at
            continue
        span = anchorer.nearby(annotation, shift)
        if span is None:
            pending.append((annotation, shift, shift_at))
            continue
        _place(annotation, span)
        if annotation.stored_start is not None:
            shift, shift_at = span.start - annotation.stored_start, annotation.stored_start
    anchorer.settled(len(annotations) - len(pending))
    if pending:
        occurrences = anchorer.occurrences({annotation.exact for annotation, _, _ in pending})
        lost = {a.exact for a, _, _ in pending if a.exact not in occurrences}
        anchorer.settled(0)  # (told between the long passes too)
        folded = anchorer.folded_occurrences(lost) if lost else {}
        anchorer.settled(0)
        missing = []
        # Passages found here move the expectation for the next ones as in the first pass:
        # a word changed in every passage shifts each a little, and the text by the sum.
        drift, drift_at = 0, -1
        for annotation, shift, shift_at in pending:
            span = anchorer.best_occurrence(annotation, occurrences.get(annotation.exact, []))
            span = span or anchorer.best_folded(annotation, folded.get(annotation.exact, []))
            latest = drift if drift_at > shift_at else shift
            span = span or anchorer.fuzzy_nearby(annotation, shift, latest)
            if span is None:
                missing.append(annotation)
                continue
            _place(annotation, span)
            anchorer.settled(1)
            moved = span.start - (annotation.stored_start or 0)
            if annotation.stored_start is not None and abs(moved - latest) <= SEARCH_WINDOW:
                drift, drift_at = moved, annotation.stored_start  # (not a twin far away)
        for annotation, span in anchorer.fuzzy_anywhere(missing):
            _place(annotation, span)
    since = now_iso()  # one moment for the whole re-anchoring
    for annotation in annotations:
        if annotation.anchor != EXACT or annotation.review is not None:
            flag_for_review(annotation, text, since)
    return Counter(annotation.anchor for annotation in annotations)


def _stored_order(annotation: Annotation) -> tuple[bool, int]:
    return (annotation.stored_start is None, annotation.stored_start or 0)


def _place(annotation: Annotation, span: Span | None) -> None:
    if span is None:
        annotation.start = annotation.end = None
        annotation.anchor = ORPHANED
    else:
        annotation.start, annotation.end, annotation.anchor = span.start, span.end, span.anchor


def _max_errors(quote: str) -> int:
    return int(len(quote) * FUZZY_MAX_ERROR_RATE) if len(quote) >= FUZZY_MIN_LENGTH else -1


class Anchorer:
    """Locates stored selectors in one document text."""

    def __init__(self, text: str, progress: Callable[[int], None] | None = None) -> None:
        self.text = text
        self._encoded: bytes | None = None
        self._table: dict[int, int] = {}
        self._coded = ""  # the text as edlib sees it, one code point below 256 for each
        self._injective = True  # whether no two code points share a byte there
        self._progress = progress
        self._settled = 0

    def _pause(self) -> None:
        """Between pieces of a long pass: whoever follows the progress is told (a worker
        pauses there while the window's thread asks for its turn, and stops there when
        its re-reading is given up)."""
        self.settled(0)

    def settled(self, count: int) -> None:
        """`count` more passages settled: told to whoever follows the progress."""
        self._settled += count
        if self._progress is not None:
            self._progress(self._settled)

    # -- exact quote, where it was or nearby ------------------------------------------

    def moved_alike(self, annotation: Annotation, shift: int) -> Span | None:
        """The passage moved exactly as the one before it, context and all; else None.

        What `nearby` finds first in that case, found without searching: after an edit
        above them, thousands of passages are settled this way.
        """
        start, exact = annotation.stored_start, annotation.exact
        if not shift or start is None or not exact:
            return None
        start += shift
        if start < 0:
            return None  # (a negative start would count from the end)
        if self.text.startswith(exact, start) and self.context_perfect(annotation, start):
            return Span(start, start + len(exact), MOVED)
        return None

    def nearby(self, annotation: Annotation, shift: int) -> Span | None:
        """The passage in place, or moved nearby with its context intact; else None."""
        text, exact, start = self.text, annotation.exact, annotation.stored_start
        if not exact:
            return None
        if start is not None and text[start : start + len(exact)] == exact:
            return Span(start, start + len(exact), EXACT)
        expected = start or 0
        # A candidate whose prefix and suffix both match perfectly can only lose to
        # another perfect one nearer the old position, so a bounded search decides.
        for centre in dict.fromkeys((expected + shift, expected)):
            found = self._between(exact, centre - SEARCH_WINDOW, centre + SEARCH_WINDOW)
            perfect = [p for p in found if self.context_perfect(annotation, p)]
            if not perfect:
                continue
            if shift and expected + shift in perfect:
                best = expected + shift  # moved exactly as the passages before it did
                return Span(best, best + len(exact), MOVED)
            distance = min(abs(p - expected) for p in perfect)
            around = self._between(exact, expected - distance, expected + distance)
            candidates = [p for p in around if self.context_perfect(annotation, p)]
            best = min(candidates, key=lambda p: (abs(p - expected), p))
            # Twins with the same context, told apart by nearness alone: she decides.
            verdict = MOVED if len(perfect) == 1 else AMBIGUOUS
            return Span(best, best + len(exact), verdict)
        return None

    def _between(self, quote: str, low: int, high: int) -> list[int]:
        """Occurrences of `quote` starting in [low, high]."""
        low = max(0, low)
        found = []
        position = self.text.find(quote, low, max(low, high) + len(quote))
        while position != -1:
            found.append(position)
            position = self.text.find(quote, position + 1, high + len(quote))
        return found

    def context_perfect(self, annotation: Annotation, start: int) -> bool:
        text, prefix, suffix = self.text, annotation.prefix, annotation.suffix
        end = start + len(annotation.exact)
        return (not prefix or text[max(0, start - len(prefix)) : start] == prefix) and (
            not suffix or text[end : end + len(suffix)] == suffix
        )

    # -- exact quote anywhere -----------------------------------------------------------

    def occurrences(self, quotes: Iterable[str]) -> dict[str, list[int]]:
        """Start offsets of every occurrence of each quote, found in one pass (one for
        each few thousand quotes: see `scan_for`)."""
        found: dict[str, list[int]] = {}
        for end, quote in scan_for(quotes, self.text, self._pause):
            found.setdefault(quote, []).append(end - len(quote) + 1)
        return found

    def folded_occurrences(self, quotes: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
        """Where each quote stands in the text once both are folded (curly quotes made
        straight, tatweel dropped...): spans in the original text, found in one pass."""
        by_folded: dict[str, list[str]] = {}
        for quote in quotes:
            folded_quote = fold(quote)
            if folded_quote:
                by_folded.setdefault(folded_quote, []).append(quote)
        if not by_folded:
            return {}
        folded = Folded(self.text, pause=self._pause)
        found: dict[str, list[tuple[int, int]]] = {}
        for end, key in scan_for(by_folded, folded.text, self._pause):
            start = folded.to_original(end - len(key) + 1)
            span = (start, folded.to_original(end + 1))
            for quote in by_folded[key]:
                found.setdefault(quote, []).append(span)
        return found

    def best_folded(self, annotation: Annotation, spans: list[tuple[int, int]]) -> Span | None:
        """Among places where the quote matches once folded, the best: its words changed
        in form only (quotes, dashes, marks), so it is found changed and flagged."""
        from rapidfuzz.distance import Levenshtein

        expected = annotation.stored_start or 0
        scored = sorted(
            (
                (
                    self._score(
                        annotation, start, end, expected,
                        Levenshtein.normalized_similarity(annotation.exact, self.text[start:end]),
                    ),
                    -abs(start - expected),
                    start,
                    end,
                )
                for start, end in spans
                if end > start
            ),
            reverse=True,
        )  # fmt: skip
        if not scored:
            return None
        _, _, start, end = scored[0]
        close = len(scored) > 1 and scored[0][0] - scored[1][0] < AMBIGUITY_MARGIN
        return Span(start, end, AMBIGUOUS if close else FUZZY)

    def best_occurrence(self, annotation: Annotation, starts: list[int]) -> Span | None:
        """Among occurrences of the quote, the one whose context matches best, then nearest.

        When another occurrence scores within AMBIGUITY_MARGIN of it, the passage is
        placed on the best one and flagged ambiguous.
        """
        if not starts:
            return None
        length = len(annotation.exact)
        expected = annotation.stored_start or 0
        # Surroundings first, then nearness (formats.md §2): each scored from its own place.
        scored = sorted(
            ((self._score(annotation, p, p + length, p, 1.0), -abs(p - expected), p)
             for p in starts),
            reverse=True,
        )  # fmt: skip
        best = scored[0][2]
        close = len(scored) > 1 and scored[0][0] - scored[1][0] < AMBIGUITY_MARGIN
        return Span(best, best + length, AMBIGUOUS if close else MOVED)

    def _score(
        self, annotation: Annotation, start: int, end: int, expected: int, quote_similarity: float
    ) -> float:
        text = self.text
        prefix, suffix = annotation.prefix, annotation.suffix
        before = text[max(0, start - len(prefix)) : start]
        after = text[end : end + len(suffix)]
        prefix_similarity = context_similarity(prefix, before, before=True)
        suffix_similarity = context_similarity(suffix, after)
        position_similarity = 1.0 - abs(start - expected) / max(1, len(text))
        return (
            QUOTE_WEIGHT * quote_similarity
            + PREFIX_WEIGHT * prefix_similarity
            + SUFFIX_WEIGHT * suffix_similarity
            + POSITION_WEIGHT * position_similarity
        )

    # -- approximate quote --------------------------------------------------------------

    def fuzzy_nearby(
        self, annotation: Annotation, shift: int, latest: int | None = None
    ) -> Span | None:
        """An approximate match around where the passage is expected: moved as the passage
        before it that was found unchanged (`shift`), or as the one just before it, found
        in any way (`latest`)."""
        max_errors = _max_errors(annotation.exact)
        if max_errors < 0:
            return None
        expected, length = annotation.stored_start or 0, len(annotation.exact)
        centres = {max(0, expected + shift), max(0, expected + (latest or shift))}
        # Nearest first: where the passages around it went, then the whole window.
        for reach in (NEAR_FIRST, SEARCH_WINDOW):
            margin = reach + length
            windows = [(centre - margin, centre + length + margin) for centre in centres]
            span = self._best_fuzzy(annotation, windows, max_errors)
            if span is not None:
                return span
        return None

    def fuzzy_anywhere(self, annotations: list[Annotation]) -> list[tuple[Annotation, Span | None]]:
        """Approximate matches anywhere in the text, or None for orphans: aligned around
        the places of its pigeonhole pieces, or, beyond MAX_PIECE_HITS of them, its best
        anywhere, aligned where enough of its rarer pieces stand together (`anywhere`)."""
        results: list[tuple[Annotation, Span | None]] = []
        eligible: list[tuple[Annotation, Pieces]] = []
        for annotation in annotations:
            max_errors = _max_errors(annotation.exact)
            if max_errors < 0 or len(annotation.exact) < FAR_FUZZY_MIN_LENGTH:
                results.append((annotation, None))
            else:
                eligible.append((annotation, Pieces(annotation.exact, max_errors)))
        if not eligible:
            return results
        self._encode()
        searches = plan(
            self.text, self._coded, self._table, self._injective, eligible, MAX_PIECE_HITS
        )
        for annotation, pieces, near, spans in searches:
            k, reach = pieces.max_errors, len(annotation.exact) + pieces.max_errors
            if near is not None:
                span = self._best_fuzzy(annotation, [(p - k, p + reach) for p in sorted(near)], k)
            else:
                span = self._best_fuzzy(annotation, spans, k, anywhere=True)
            results.append((annotation, span))
            self.settled(1)
        return results

    def _best_fuzzy(
        self,
        annotation: Annotation,
        windows: list[tuple[int, int]],
        max_errors: int,
        anywhere: bool = False,
    ) -> Span | None:
        """The best approximate match of the quote among the best places of each window,
        or (`anywhere`) among the best of them all, as an alignment against the whole
        text finds them."""
        encoded = self._encode()
        query = annotation.exact.translate(self._table).encode("latin-1")
        search = locations if anywhere else each_window
        found = search(query, encoded, merged(windows, len(self.text)), max_errors)
        return self._best_of(annotation, found, max_errors)

    def _best_of(
        self, annotation: Annotation, places: list[tuple[int, int]], max_errors: int
    ) -> Span | None:
        """The best of the places an alignment found, checked against the real text.

        Flagged ambiguous when a match elsewhere scores within AMBIGUITY_MARGIN of it.
        """
        from rapidfuzz.distance import Levenshtein

        expected = annotation.stored_start or 0
        candidates: list[tuple[float, int, Span]] = []
        for raw in places:
            for start, end in dict.fromkeys((self._to_words(*raw), raw)):
                if start >= end:
                    continue
                distance = Levenshtein.distance(annotation.exact, self.text[start:end])
                if distance > max_errors:
                    continue  # widened too far, or rare characters collided in the encoding
                similarity = 1.0 - distance / max(len(annotation.exact), end - start)
                score = self._score(annotation, start, end, expected, similarity)
                candidates.append((score, -abs(start - expected), Span(start, end, FUZZY)))
                break  # whole words within the budget; the raw span only when they are not
        if not candidates:
            return None
        score, _, best = max(candidates, key=lambda c: c[:2])
        elsewhere = [c[0] for c in candidates if c[2].end <= best.start or c[2].start >= best.end]
        if elsewhere and score - max(elsewhere) < AMBIGUITY_MARGIN:
            return Span(best.start, best.end, AMBIGUOUS)
        return best

    def _to_words(self, start: int, end: int) -> tuple[int, int]:
        """Widen a span to whole words, then trim white space from its ends."""
        text = self.text
        while 0 < start < len(text) and _WORD.match(text[start - 1]) and _WORD.match(text[start]):
            start -= 1
        while 0 < end < len(text) and _WORD.match(text[end - 1]) and _WORD.match(text[end]):
            end += 1
        return trim_span(text, start, end) or (start, start)

    def _encode(self) -> bytes:
        """The text as one byte per code point, for edlib (see `one_byte`)."""
        if self._encoded is None:
            coding = one_byte.encode(self.text, self._pause)
            self._table, self._injective = coding.table, coding.injective
            self._encoded, self._coded = coding.encoded, coding.coded
        return self._encoded

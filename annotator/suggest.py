"""Suggestions a reporter wants: direct quotations and who said them, figures, dates.

Offered, never imposed: `suggest` reads the document text and returns what it found,
with a kind, a span (code points), a speaker span where known, and a confidence; nothing
is written anywhere. A suggestion she accepts becomes an ordinary passage; one she
dismisses is remembered in the sidecar's top-level `dismissed` list (formats.md §2) and
not offered again. No Qt.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from annotator.model import Annotation, Sidecar
from annotator.text import PAUSE_EVERY

QUOTE, FIGURE, DATE = "quote", "figure", "date"
KINDS = (QUOTE, FIGURE, DATE)
KIND_LABELS = {QUOTE: "Quote", FIGURE: "Figure", DATE: "Date"}
TAG_OF_KIND = {QUOTE: "quote", FIGURE: "figure", DATE: "date"}  # the default tags' ids


@dataclass(slots=True)  # not frozen: thousands are made for one article
class Suggestion:
    """Something worth marking, found in the text: never a passage until she accepts it."""

    kind: str  # quote, figure or date
    start: int
    end: int
    exact: str
    confidence: float  # 0-1
    speaker: tuple[int, int] | None = None  # where the text names who said a quotation
    speaker_name: str = ""  # that name ("he (Dana Okafor)" when the text says only "he")
    form: str = ""  # figure: money, percent, count, range; date: date, time, relative
    value: str = ""  # normalised: "GBP 18600000", "33%", "2026-03-31", "T10:30"
    paragraphs: int = 1  # a quotation may run over several

    @property
    def key(self) -> tuple[str, int, int]:
        """What tells two suggestions of one text apart."""
        return (self.kind, self.start, self.end)

    def note(self) -> str:
        """The note an accepted suggestion starts with: who said it, or what it reads as."""
        if self.kind == QUOTE and self.speaker_name:
            return f"Speaker: {self.speaker_name}"
        if self.kind == DATE and self.value and not self.value.startswith("XXXX"):
            return f"Date: {self.value}"
        if self.kind == FIGURE and self.form == "money" and self.value:
            return f"Amount: {self.value}"
        return ""

    def as_json(self, text: str) -> dict[str, Any]:
        """The suggestion as `annotator suggest --json` prints it."""
        speaker = None
        if self.speaker is not None:
            start, end = self.speaker
            speaker = {
                "start": start,
                "end": end,
                "text": text[start:end],
                "name": self.speaker_name,
            }
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "confidence": self.confidence,
            "speaker": speaker,
            "form": self.form,
            "value": self.value,
        }


class Stopped(Exception):
    """A search stopped before its end (`suggest`'s `stop` said so)."""


def suggest(
    text: str,
    kinds: Iterable[str] = KINDS,
    published: date | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[Suggestion]:
    """Everything worth marking in `text`, in document order.

    `published` (the day the article came out) dates "yesterday" and "last Friday".
    `stop`, asked now and then, ends the search early with `Stopped` once it says so
    (the window's search of an article closed, or of a text since changed).
    """
    stop = stop or _never
    # The detectors (their patterns compiled as they load) load only when asked for: the
    # command line builds its options from this module's names.
    from annotator.figures import find_dates, find_figures
    from annotator.quotes import find_quotations

    kinds = set(kinds)
    found: list[Suggestion] = []
    if QUOTE in kinds:
        for q in find_quotations(text, stop):
            found.append(
                Suggestion(QUOTE, q.start, q.end, text[q.start : q.end], q.confidence,
                           q.speaker, q.speaker_name, paragraphs=q.paragraphs)
            )  # fmt: skip
    if stop():
        raise Stopped
    if FIGURE in kinds:
        for f in find_figures(text, stop):
            found.append(Suggestion(FIGURE, f.start, f.end, text[f.start : f.end],
                                    f.confidence, form=f.form, value=f.value))  # fmt: skip
    if stop():
        raise Stopped
    if DATE in kinds:
        for d in find_dates(text, published, stop):
            found.append(Suggestion(DATE, d.start, d.end, text[d.start : d.end],
                                    d.confidence, form=d.form, value=d.value))  # fmt: skip
    if stop():
        raise Stopped
    found.sort(key=lambda s: (s.start, s.end, s.kind))
    return found


def _never() -> bool:
    return False


def published_day(sidecar: Sidecar) -> date | None:
    """The day the article was published, from its source details, if they say it."""
    published = str(sidecar.source.metadata.get("published") or "")[:10]
    try:
        return date.fromisoformat(published)
    except ValueError:
        return None


def dismissal(suggestion: Suggestion) -> dict[str, Any]:
    """The entry the sidecar's `dismissed` list keeps for a dismissed suggestion."""
    return {name: getattr(suggestion, name) for name in ("kind", "start", "end", "exact")}


def is_dismissal(entry: Any) -> bool:
    """True for a well-formed entry of `dismissed` (others are kept, and ignored)."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("kind"), str)
        and isinstance(entry.get("exact"), str)
        and isinstance(entry.get("start"), int)
    )


def offered(
    suggestions: Sequence[Suggestion],
    dismissed: Iterable[Any],
    annotations: Iterable[Annotation],
    pause: Callable[[], object] | None = None,
) -> list[Suggestion]:
    """What is still offered: not dismissed, and not already marked as a passage.

    A dismissal names its suggestion's kind, quote and place; where the article was
    edited since, it holds for the nearest suggestion of that kind and quote. `pause`
    is called every `PAUSE_EVERY` suggestions of each pass (100,000 in a long article:
    a worker's thread, which the window's may ask to wait).
    """
    pause = pause or _go_on
    hidden: set[tuple[str, int, int]] = set()
    by_quote: dict[tuple[str, str], list[Suggestion]] = {}
    for number, suggestion in enumerate(suggestions):
        if not number % PAUSE_EVERY:
            pause()
        by_quote.setdefault((suggestion.kind, suggestion.exact), []).append(suggestion)
    for entry in dismissed:
        if not is_dismissal(entry):
            continue
        same = by_quote.get((entry["kind"], entry["exact"]))
        if same:
            nearest = min(same, key=lambda s: abs(s.start - entry["start"]))
            hidden.add(nearest.key)
    marked = sorted((a.start, a.end) for a in annotations if not a.orphaned)
    starts = [start for start, _ in marked]
    longest = max((end - start for start, end in marked), default=0)
    kept = []
    for first in range(0, len(suggestions), PAUSE_EVERY):
        pause()
        kept += [
            s for s in suggestions[first : first + PAUSE_EVERY]
            if s.key not in hidden and not _marked(s, marked, starts, longest)
        ]  # fmt: skip
    return kept


def _go_on() -> None:
    """No pause."""


def _marked(
    suggestion: Suggestion, marked: list[tuple[int, int]], starts: list[int], longest: int
) -> bool:
    """True when a passage already covers most of the suggestion."""
    low = bisect.bisect_left(starts, suggestion.start - longest)
    high = bisect.bisect_right(starts, suggestion.end)
    size = suggestion.end - suggestion.start
    for start, end in marked[low:high]:
        overlap = min(end, suggestion.end) - max(start, suggestion.start)
        if overlap * 2 > size and overlap * 2 > end - start:
            return True
    return False

"""Quote drift: one quotation reading differently, or said by someone else, in another
article of the story (agency copy against a rewrite, a press release against a report).

No Qt. Quotations are compared after folding (curly and straight quotes, dashes, spaces,
case), so only a change of words counts; a quotation cut shorter in one article is the
same quotation, not a drift.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from annotator.document import DocumentError, read_document
from annotator.folding import fold
from annotator.quotes import PRONOUNS
from annotator.suggest import QUOTE, Suggestion, suggest

MIN_WORDS = 5  # shorter quotations ("a disaster") recur by chance
SAME = 80  # rapidfuzz score (0-100) from which two quotations are one, reworded
STORY_SUFFIXES = (".txt", ".text", ".md")
MAX_STORY_FILE = 5_000_000  # bytes: a story folder's article, not an archive
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Drift:
    """A quotation of this article as another article has it."""

    start: int  # the quotation here
    end: int
    file: str  # the other article's file name
    exact: str  # the quotation there
    speaker: str  # who said it there
    reason: str  # "wording" or "speaker"

    def message(self) -> str:
        """What the reporter reads: 'this quote reads differently in agency-copy.txt'."""
        if self.reason == "speaker":
            return f"attributed to {self.speaker} in {self.file}"
        return f"this quote reads differently in {self.file}: “{self.exact}”"

    def as_json(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ("file", "exact", "speaker", "reason")}


def surname(speaker_name: str) -> str:
    """The word that tells speakers apart: "he (Dana Okafor)" -> "okafor"; "" if unknown."""
    inside = re.search(r"\((.*)\)$", speaker_name)
    name = inside.group(1) if inside else speaker_name
    words = _WORD.findall(name.casefold())
    if not words or (len(words) == 1 and words[0] in PRONOUNS):
        return ""
    return words[-1]


def _key(text: str) -> str:
    return " ".join(_WORD.findall(fold(text, ignore_case=True)))


def find_drift(
    quotes: Iterable[Suggestion], others: dict[str, list[Suggestion]]
) -> dict[tuple[str, int, int], list[Drift]]:
    """For each quotation here, how the other articles (file name -> quotations) differ."""
    index: dict[str, list[tuple[str, Suggestion, str]]] = {}
    for name, theirs in others.items():
        for quote in theirs:
            key = _key(quote.exact)
            words = key.split()
            if len(words) < MIN_WORDS:
                continue
            for shingle in _shingles(words):
                index.setdefault(shingle, []).append((name, quote, key))
    found: dict[tuple[str, int, int], list[Drift]] = {}
    for quote in quotes:
        if quote.kind != QUOTE:
            continue
        key = _key(quote.exact)
        words = key.split()
        if len(words) < MIN_WORDS:
            continue
        seen: set[tuple[str, int]] = set()
        for shingle in _shingles(words):
            for name, other, other_key in index.get(shingle, ()):
                if (name, other.start) in seen:
                    continue
                seen.add((name, other.start))
                drift = _compare(quote, key, name, other, other_key)
                if drift is not None:
                    found.setdefault(quote.key, []).append(drift)
    return found


def _shingles(words: list[str]) -> Iterator[str]:
    for i in range(max(1, len(words) - 2)):
        yield " ".join(words[i : i + 3])


def _compare(
    mine: Suggestion, key: str, name: str, other: Suggestion, other_key: str
) -> Drift | None:
    if key == other_key or key in other_key or other_key in key:
        reworded = False  # the same words (one perhaps cut shorter)
    elif fuzz.ratio(key, other_key) >= SAME or fuzz.partial_ratio(key, other_key) >= 90:
        reworded = True
    else:
        return None
    here, there = surname(mine.speaker_name), surname(other.speaker_name)
    if here and there and here != there:
        reason = "speaker"
    elif reworded:
        reason = "wording"
    else:
        return None
    return Drift(mine.start, mine.end, name, other.exact, other.speaker_name, reason)


def story_quotes(article: Path, texts: dict[str, str] | None = None) -> dict[str, list[Suggestion]]:
    """The quotations of the other articles of a story: its folder's text files, and
    `texts` (file name -> document text: articles open elsewhere). Unreadable files are skipped."""
    others: dict[str, str] = dict(texts or {})
    folder = article.parent
    try:
        candidates = sorted(folder.iterdir())
    except OSError:
        candidates = []
    for path in candidates:
        if path == article or path.name in others or path.suffix.lower() not in STORY_SUFFIXES:
            continue
        try:
            if not path.is_file() or path.stat().st_size > MAX_STORY_FILE:
                continue
            others[path.name] = read_document(path).text
        except (OSError, DocumentError):
            continue
    others.pop(article.name, None)
    return {name: suggest(text, [QUOTE]) for name, text in others.items()}

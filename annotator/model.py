"""Plain data of a sidecar: tags, annotations, source details. No Qt, no I/O."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any

FORMAT = "annotator-sidecar"
VERSION = 1

STATUSES: tuple[str | None, ...] = (None, "to-verify", "verified", "disputed")
STATUS_LABELS = {
    None: "No status",
    "to-verify": "To verify",
    "verified": "Verified",
    "disputed": "Disputed",
}

# Anchoring verdicts, best first (formats.md §2). An ambiguous passage was found in
# one of several places that fit about as well: anchored to the best, flagged for review.
EXACT, MOVED, FUZZY, AMBIGUOUS, ORPHANED = "exact", "moved", "fuzzy", "ambiguous", "orphaned"
ANCHORS = (EXACT, MOVED, FUZZY, AMBIGUOUS, ORPHANED)
REVIEWED_VERDICTS = (MOVED, FUZZY, AMBIGUOUS)  # what a `review` records, least grave first

METADATA_KEYS = ("title", "outlet", "url", "author", "published", "accessed")
CONTEXT_LENGTH = 32  # code points of prefix and suffix kept in a TextQuoteSelector


def now_iso() -> str:
    """The current UTC time as the sidecar writes it: 2026-11-25T16:00:00Z."""
    return datetime.now(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    """A fresh annotation id."""
    import uuid  # on first use: its import costs the window's start-up a few milliseconds

    return uuid.uuid4().hex


@dataclass
class Tag:
    """A kind of passage: its id, label, colour (#rrggbb) and key (1-9 or "")."""

    id: str
    label: str
    color: str
    key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, kept as read


@dataclass
class Annotation:
    """One marked passage with its note.

    `start`/`end` are code-point offsets into the current document text (None for an
    orphan); `exact`, `prefix`, `suffix` are the stored quote and its context.
    `anchor` is the verdict of the last anchoring and is not stored in the sidecar.
    """

    id: str
    start: int | None
    end: int | None
    exact: str
    prefix: str = ""
    suffix: str = ""
    tag: str = ""
    status: str | None = None
    note: str = ""
    author: str = ""
    created: str = ""
    modified: str = ""
    anchor: str = EXACT
    # Where the passage was stored in the sidecar, kept for orphans and sorting.
    stored_start: int | None = None
    stored_end: int | None = None
    # Set while a re-anchoring awaits her review (formats.md §2 "review"): the verdict,
    # since when, and the place and quote she last reviewed ("previous").
    review: dict[str, Any] | None = None
    # The thread on the passage (formats.md §2); each None when the sidecar has no such
    # key, so a file without one is written back without one. Replies are kept as read,
    # oldest first: {"id", "author", "created", "text", "origin"} and any other keys.
    resolved: bool | None = None
    replies: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # unknown annotation keys
    target_extra: dict[str, Any] = field(default_factory=dict)  # unknown target keys
    # Selectors as read, with unknown keys and unknown selector types.
    raw_selectors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def orphaned(self) -> bool:
        """True when the passage could not be found in the current text."""
        return self.start is None or self.end is None

    def sort_key(self) -> tuple[int, int, str]:
        """Document order: (start, end, id); orphans by their stored position."""
        start = self.start if self.start is not None else self.stored_start
        end = self.end if self.end is not None else self.stored_end
        return (start if start is not None else -1, end if end is not None else -1, self.id)

    def clone(self) -> Annotation:
        """A deep copy, for undo snapshots."""
        return copy.deepcopy(self)


@dataclass
class Source:
    """What the sidecar records of the article it belongs to."""

    file: str = ""
    sha256: str = ""
    encoding: str = "utf-8"
    newline: str = "\n"
    length: int = 0
    # For a source that is not plain text (formats.md §1, "other formats"): its format,
    # the reader that extracted the text ({"name", "version"}), the file's own digest and,
    # for a PDF, the code-point offset where each page starts. Empty for plain text.
    format: str = ""
    reader: dict[str, Any] | None = None
    file_sha256: str = ""
    pages: list[int] | None = None
    # The six METADATA_KEYS first, then any other keys as read.
    metadata: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(METADATA_KEYS, ""))
    # The metadata keys whose values the program filled in (from the file's own details or
    # the text) and the reporter has not made hers: refreshed on every open. None in a
    # sidecar written before details were filled in.
    guessed: list[str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, kept as read


@dataclass
class Sidecar:
    """Everything kept beside one article."""

    source: Source = field(default_factory=Source)
    tags: list[Tag] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    version: int = VERSION
    # Suggestions she dismissed (formats.md §2): {"kind", "start", "end", "exact"} each,
    # kept as read, so another tool's keys on them survive.
    dismissed: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys
    read_only: bool = False  # a newer version than this program knows

    def tag(self, tag_id: str) -> Tag | None:
        """The tag with this id, or None for an unknown id."""
        for tag in self.tags:
            if tag.id == tag_id:
                return tag
        return None

    def tag_label(self, tag_id: str) -> str:
        """A tag's label, or its id when the tag is unknown."""
        tag = self.tag(tag_id)
        return tag.label if tag else (tag_id or "Untagged")

    def tag_color(self, tag_id: str, default: str = "#bdbdbd") -> str:
        """A tag's colour, or a neutral grey for an unknown tag."""
        tag = self.tag(tag_id)
        return tag.color if tag else default

    def take(self, other: Sidecar) -> None:
        """Hold what `other` holds, staying the same object (for those who show it)."""
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(other, name))

    def tag_with_key(self, key: str) -> Tag | None:
        """The tag bound to a key ("1".."9"), or None."""
        if not key:
            return None
        return next((tag for tag in self.tags if tag.key == key), None)

    def annotation(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id, or None."""
        for annotation in self.annotations:
            if annotation.id == annotation_id:
                return annotation
        return None

    def sort(self) -> None:
        """Put annotations in document order."""
        self.annotations.sort(key=Annotation.sort_key)

    def anchored(self) -> list[Annotation]:
        """Annotations found in the current text, in document order."""
        return sorted((a for a in self.annotations if not a.orphaned), key=Annotation.sort_key)

    def orphans(self) -> list[Annotation]:
        """Annotations that could not be found in the current text."""
        return [a for a in self.annotations if a.orphaned]


def quote_selectors(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The (exact, prefix, suffix) of a span of `text`."""
    return (
        text[start:end],
        text[max(0, start - CONTEXT_LENGTH) : start],
        text[end : end + CONTEXT_LENGTH],
    )


def make_annotation(
    text: str,
    start: int,
    end: int,
    *,
    tag: str = "",
    note: str = "",
    status: str | None = None,
    author: str = "",
) -> Annotation:
    """A new annotation on text[start:end], stamped now."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is outside a text of {len(text)} characters")
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    exact, prefix, suffix = quote_selectors(text, start, end)
    stamp = now_iso()
    return Annotation(
        new_id(), start, end, exact, prefix, suffix, tag, status, note, author, stamp, stamp,
        stored_start=start, stored_end=end,
    )  # fmt: skip


def reattached(annotation: Annotation, text: str, start: int, end: int) -> Annotation:
    """A copy of a passage pinned to text[start:end], its quote taken from there.

    This is how an orphan is given a place again, and how a moved or changed passage is
    accepted as it now reads: either way the copy is exact and needs no more review.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is outside a text of {len(text)} characters")
    new = annotation.clone()
    new.exact, new.prefix, new.suffix = quote_selectors(text, start, end)
    new.start = new.stored_start = start
    new.end = new.stored_end = end
    new.anchor = EXACT
    new.review = None
    new.modified = now_iso()
    return new


def new_reply(text: str, author: str = "", origin: str = "window") -> dict[str, Any]:
    """A reply on a passage's thread, written now."""
    return {"id": new_id(), "author": author, "created": now_iso(), "text": text, "origin": origin}


def needs_review(annotation: Annotation) -> bool:
    """True for a passage found moved, changed or ambiguous, until the reporter accepts it."""
    return not annotation.orphaned and (
        annotation.review is not None or annotation.anchor in REVIEWED_VERDICTS
    )


def flag_for_review(annotation: Annotation, text: str, since: str | None = None) -> None:
    """Record a re-anchoring that moved or changed a passage, until she reviews it.

    The first time, `review.previous` keeps where the passage stood and what it quoted;
    if it moves again before review, that stays what she last saw. The quote selectors
    then describe the passage as it now reads. `since`: when (now, if not given). A passage already awaiting review that is
    found in place keeps its verdict: nothing she has not seen slips through a save.
    """
    if annotation.orphaned:
        return
    review = annotation.review
    if annotation.anchor in REVIEWED_VERDICTS:
        if review is None:
            previous = {
                "start": annotation.stored_start,
                "end": annotation.stored_end,
                "exact": annotation.exact,
            }
            review = {
                "anchor": annotation.anchor,
                "since": since or now_iso(),
                "previous": previous,
            }
        else:
            review = {**review, "anchor": _graver(review.get("anchor"), annotation.anchor)}
        annotation.review = review
        start, end = annotation.start, annotation.end
        annotation.exact, annotation.prefix, annotation.suffix = quote_selectors(text, start, end)
    elif review is not None and review.get("anchor") in REVIEWED_VERDICTS:
        annotation.anchor = review["anchor"]


def _graver(first: Any, second: str) -> str:
    ranks = {verdict: rank for rank, verdict in enumerate(REVIEWED_VERDICTS)}
    return max((first, second), key=lambda verdict: ranks.get(verdict, -1))


def reviewed(annotation: Annotation, text: str) -> Annotation:
    """A copy of a moved or changed passage that accepts the text where it now stands."""
    if not needs_review(annotation):
        raise ValueError("only a moved or changed passage is reviewed")
    assert annotation.start is not None and annotation.end is not None
    return reattached(annotation, text, annotation.start, annotation.end)

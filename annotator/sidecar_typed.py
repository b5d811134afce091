"""The usual sidecar read straight into passages, validated as it is parsed (msgspec).

A sidecar this version wrote holds only the keys it knows, each of its type. msgspec
decodes such a file into typed records in one pass, checking every type as it goes,
without making a dict for each object; the passages are then made from the records.
Anything else (an unknown key anywhere, a null where text belongs, a selector of
another type or repeated, NaN, a file that is not JSON…) gives None, and `store` reads
the file the general way (`sidecar_read`), which keeps every unknown key and says what
is wrong in one line. Both ways give equal sidecars, saved as the same bytes (the tests
compare both), but for one thing the records do not keep: the order of a selector's own
keys. A file another tool wrote with "start" before "type" is written back in this
program's order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import msgspec
from msgspec import UNSET, UnsetType

from annotator.model import FORMAT, STATUSES, VERSION, Annotation, Sidecar, Source, Tag
from annotator.sidecar_json import _POSITION, _QUOTE
from annotator.sidecar_read import (
    SidecarError,
    _refuse_deep,
    _replies,
    _review,
    _source,
    tags_from_json,
)

_STRICT = {"forbid_unknown_fields": True, "gc": False}  # decoded JSON: a tree, no cycles
_Status = Literal[STATUSES]  # type: ignore[valid-type]
# A key this version writes but these records lack is refused as unknown: such a file is
# read the general way, slower but whole.


class _Position(msgspec.Struct, tag_field="type", tag=_POSITION, **_STRICT):
    start: int
    end: int


class _Quote(msgspec.Struct, tag_field="type", tag=_QUOTE, **_STRICT):
    exact: str
    prefix: str | UnsetType = UNSET  # an absent key stays absent from what is kept as read
    suffix: str | UnsetType = UNSET


class _Target(msgspec.Struct, **_STRICT):
    selector: list[_Position | _Quote] = []


class _Passage(msgspec.Struct, **_STRICT):
    id: str
    target: _Target
    created: str = ""
    modified: str = ""
    author: str = ""
    tag: str = ""
    status: _Status = None
    note: str = ""
    review: dict[str, Any] | None = None
    resolved: bool | None = None
    replies: list[Any] | None = None


class _Sidecar(msgspec.Struct, **_STRICT):
    format: str = ""
    version: int = 0
    source: dict[str, Any] = {}
    tags: list[Any] = []
    annotations: list[_Passage] = []
    dismissed: list[Any] = []


_DECODER = msgspec.json.Decoder(_Sidecar)


def records(raw: bytes) -> _Sidecar:
    """The typed records of a usual sidecar (msgspec's part of `decode`, for benchmarks).

    Raises msgspec's errors (or ValueError for bytes that are not UTF-8).
    """
    return _DECODER.decode(raw)


@dataclass(frozen=True)
class Usual:
    """A usual sidecar's typed records with every check of the general way passed."""

    records: _Sidecar
    places: list[tuple[_Position | None, _Quote]]  # each passage's position (if any), quote
    source: Source
    tags: list[Tag]


def usual(raw: bytes) -> Usual | None:
    """The records of the sidecar in `raw` (BOM removed), checked as the general way
    checks them; None when it is not the usual kind, or is wrong (the general way says
    what is wrong, naming the file)."""
    try:
        data = records(raw)
    except (msgspec.MsgspecError, ValueError, RecursionError):  # not UTF-8 is a ValueError
        return None
    if data.format != FORMAT or data.version != VERSION:
        return None  # not a sidecar, or one to migrate or open read-only
    places = []
    try:
        for number, passage in enumerate(data.annotations):
            selectors = passage.target.selector
            if (
                len(selectors) == 2
                and type(selectors[0]) is _Position
                and type(selectors[1]) is _Quote
            ):
                position, quote = selectors  # the usual order, found without a loop
            else:
                position, quote = _one_of_each(selectors)
                if quote is None:
                    return None
            if not passage.id or not quote.exact:
                return None
            if passage.review is not None or passage.replies is not None:
                where = f"annotations[{number}]"
                _review(passage.review, where)
                _replies({"replies": passage.replies}, where)
            places.append((position, quote))
        _refuse_deep(_as_nested(data))
        return Usual(data, places, _source(data.source), tags_from_json(data.tags))
    except SidecarError:
        return None


def decode(raw: bytes) -> Sidecar | None:
    """The sidecar in `raw` (BOM removed), or None when it is not the usual kind."""
    found = usual(raw)
    return None if found is None else sidecar(found)


def sidecar(found: Usual) -> Sidecar:
    """The Sidecar of checked records."""
    return Sidecar(
        source=found.source,
        tags=found.tags,
        annotations=_annotations(found),
        version=found.records.version,
        dismissed=found.records.dismissed,
    )


def _as_nested(data: _Sidecar) -> list[Any]:
    """What may nest deeply (what is kept as read), each as deep as it stands in the file:
    the source, tags and dismissed at the sidecar's second level, reviews and threads at
    the fourth (sidecar, annotations, passage, review)."""
    kept = [p.review for p in data.annotations if p.review is not None]
    kept += [p.replies for p in data.annotations if p.replies is not None]
    return [data.source, data.tags, data.dismissed, [kept]]


def _annotations(found: Usual) -> list[Annotation]:
    """The checked passages as Annotations."""
    made = []
    for passage, (position, quote) in zip(found.records.annotations, found.places, strict=True):
        start, end = (None, None) if position is None else (position.start, position.end)
        if start is not None and not 0 <= start <= end:
            start = end = None  # no usable position: found again by its quote
        # The selectors as read (`_selectors` writes them back, brought up to date); none
        # kept for the usual two, which is how they are written anyway.
        selectors = passage.target.selector
        if start is not None and _usual_pair(selectors, position, quote):
            raw = []
        else:
            raw = [
                {"type": _POSITION, "start": s.start, "end": s.end}
                if s is position
                else _quote_json(s)
                for s in selectors
            ]
        annotation = Annotation(
            passage.id, start, end, quote.exact, quote.prefix or "", quote.suffix or "",
            passage.tag, passage.status, passage.note, passage.author, passage.created,
            passage.modified, stored_start=start, stored_end=end, review=passage.review,
            resolved=passage.resolved, replies=passage.replies, raw_selectors=raw,
        )  # fmt: skip
        made.append(annotation)
    return made


def _usual_pair(selectors: list[Any], position: Any, quote: _Quote) -> bool:
    """A position then a quote with its prefix and suffix, and nothing else."""
    return (
        len(selectors) == 2
        and selectors[0] is position
        and quote.prefix is not UNSET
        and quote.suffix is not UNSET
    )


def _quote_json(quote: _Quote) -> dict[str, Any]:
    if quote.prefix is not UNSET and quote.suffix is not UNSET:  # the usual: both there
        return {
            "type": _QUOTE,
            "exact": quote.exact,
            "prefix": quote.prefix,
            "suffix": quote.suffix,
        }
    found = {"type": _QUOTE, "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix}
    return {key: value for key, value in found.items() if value is not UNSET}


def _one_of_each(selectors: list[Any]) -> tuple[_Position | None, _Quote | None]:
    """The position and quote selectors when there is at most one of each, else no quote."""
    positions = [s for s in selectors if type(s) is _Position]
    quotes = [s for s in selectors if type(s) is _Quote]
    if len(positions) > 1 or len(quotes) != 1:
        return None, None
    return (positions[0] if positions else None), quotes[0]

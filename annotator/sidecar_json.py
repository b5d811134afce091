"""The sidecar's JSON text: parsed with every number exact, and written with known keys in
a stable order, unknown keys as read, 2-space indent, UTF-8 (formats.md §2). `store`
validates what is parsed and re-exports these."""

from __future__ import annotations

import contextlib
import gc
import json
import math
import operator
import re
import threading
from collections.abc import Iterator
from typing import Any

import orjson

from annotator.model import FORMAT, Annotation, Sidecar, Source, Tag

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_POSITION, _QUOTE = "TextPositionSelector", "TextQuoteSelector"


def to_json(sidecar: Sidecar) -> dict[str, Any]:
    """The sidecar as JSON data: known keys in a stable order, then unknown keys as read."""
    return {
        "format": FORMAT,
        "version": sidecar.version,
        "source": source_json(sidecar.source),
        "tags": [tag_json(t) for t in sidecar.tags],
        "annotations": list(map(annotation_json, in_stored_order(sidecar.annotations))),
        **({"dismissed": sidecar.dismissed} if sidecar.dismissed else {}),
        **sidecar.extra,
    }


def _derived(source: Source) -> dict[str, Any]:
    """What the sidecar records of a source read by a format's reader; nothing for text."""
    found: dict[str, Any] = {}
    if source.format:
        found["format"] = source.format
    if source.reader is not None:
        found["reader"] = source.reader
    if source.file_sha256:
        found["file_sha256"] = source.file_sha256
    if source.pages is not None:
        found["pages"] = source.pages
    return found


_START, _END = operator.attrgetter("start"), operator.attrgetter("end")
_PLACE = operator.attrgetter("start", "end", "id")


def in_stored_order(annotations: list[Annotation]) -> list[Annotation]:
    """The passages as the sidecar writes them: sorted by (start, end, id), an orphan
    where it stood. (When none is an orphan, the keys are taken without a Python call.)"""
    if None in map(_START, annotations) or None in map(_END, annotations):
        return sorted(annotations, key=_stored_order)
    return sorted(annotations, key=_PLACE)


def _stored_order(annotation: Annotation) -> tuple[int, int, str]:
    start, end = annotation.start, annotation.end  # `_stored_span`, inline: once a passage
    if start is None or end is None:
        start, end = annotation.stored_start, annotation.stored_end
    return (-1 if start is None else start, -1 if end is None else end, annotation.id)


def _stored_span(annotation: Annotation) -> tuple[int | None, int | None]:
    """Where the passage is written: where it stands now, or, for an orphan, where it stood."""
    if annotation.orphaned:
        return annotation.stored_start, annotation.stored_end
    return annotation.start, annotation.end


def annotation_json(annotation: Annotation) -> dict[str, Any]:
    """One annotation as the sidecar writes it (what two copies must share to be the same).

    Known keys in their order, the optional ones only when set, unknown keys as read,
    then the target. (Made for every passage of every save: the usual passage, with no
    optional or unknown key and the usual two selectors, as one literal.)
    """
    start, end = annotation.start, annotation.end
    if start is None or end is None:  # an orphan: where it stood
        start, end = annotation.stored_start, annotation.stored_end
    data = {
        "id": annotation.id,
        "created": annotation.created,
        "modified": annotation.modified,
        "author": annotation.author,
        "tag": annotation.tag,
        "status": annotation.status,
        "note": annotation.note,
        "target": {
            "selector": [
                {"type": _POSITION, "start": start, "end": end},
                {
                    "type": _QUOTE,
                    "exact": annotation.exact,
                    "prefix": annotation.prefix,
                    "suffix": annotation.suffix,
                },
            ]
        },
    }
    if (
        not annotation.raw_selectors  # the usual two, brought up to date (see `_selectors`)
        and start is not None
        and annotation.review is None
        and annotation.resolved is None
        and annotation.replies is None
        and not annotation.extra
        and not annotation.target_extra
    ):
        return data
    del data["target"]  # (it comes last, after the optional keys and unknown ones)
    if annotation.review is not None:
        data["review"] = annotation.review
    if annotation.resolved is not None:
        data["resolved"] = annotation.resolved
    if annotation.replies is not None:
        data["replies"] = annotation.replies
    if annotation.extra:
        data.update(annotation.extra)
    target = {"selector": _selectors(annotation)}
    if annotation.target_extra:
        target.update(annotation.target_extra)
    data["target"] = target
    return data


def _selectors(annotation: Annotation) -> list[dict[str, Any]]:
    """The selectors as read, with the position and quote brought up to date."""
    start, end = annotation.start, annotation.end
    if start is None or end is None:  # an orphan: where it stood
        start, end = annotation.stored_start, annotation.stored_end
    position = None if start is None else {"type": _POSITION, "start": start, "end": end}
    quote = {
        "type": _QUOTE,
        "exact": annotation.exact,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
    }
    raw_selectors = annotation.raw_selectors
    if position is not None and len(raw_selectors) == 2:  # the usual: a position, a quote
        first, second = raw_selectors
        if first.get("type") == _POSITION and second.get("type") == _QUOTE:
            return [_brought_up_to_date(first, position), _brought_up_to_date(second, quote)]
    selectors: list[dict[str, Any]] = []
    for raw in raw_selectors:
        kind = raw.get("type")
        if kind == _POSITION and position is not None:
            selectors.append(_brought_up_to_date(raw, position))
            position = None
        elif kind == _QUOTE and quote is not None:
            selectors.append(_brought_up_to_date(raw, quote))
            quote = None
        else:
            selectors.append(raw)  # another tool's selector, or one we could not use
    if position is not None:
        selectors.insert(0, position)
    if quote is not None:
        selectors.append(quote)
    return selectors


def _brought_up_to_date(raw: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    """A selector as read, its known keys as they are now, in their order, then its
    other keys as read (whatever order they were read in: a file read back writes the
    same bytes)."""
    if raw.keys() <= known.keys():
        return known
    return {**known, **{key: value for key, value in raw.items() if key not in known}}


def dumps(sidecar: Sidecar) -> bytes:
    """The sidecar file's bytes: UTF-8 JSON, 2-space indent, trailing newline."""
    with collector_paused():
        data = to_json(sidecar)
        try:
            # Byte for byte what json.dumps(indent=2, ensure_ascii=False) writes, far faster.
            payload = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
        except (TypeError, orjson.JSONEncodeError):
            # What orjson refuses and json keeps: integers past 64 bits, lone surrogates, NaN.
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            payload = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode()
        # Let the data go before the collector resumes: what is freed is no longer counted
        # towards its next collection, which would otherwise walk all of it once more.
        del data
    return payload


def tag_json(tag: Tag) -> dict[str, Any]:
    """A tag as the sidecar writes it."""
    return {"id": tag.id, "label": tag.label, "color": tag.color, "key": tag.key, **tag.extra}


_SOURCE_FIELDS = ("file", "sha256", "encoding", "newline", "length")


def source_json(source: Source) -> dict[str, Any]:
    """The article's record as the sidecar writes it."""
    return {
        **{name: getattr(source, name) for name in _SOURCE_FIELDS},
        **_derived(source),
        "metadata": source.metadata,
        **({"guessed": source.guessed} if source.guessed is not None else {}),
        **source.extra,
    }


def parse(raw: bytes) -> Any:
    """Parsed JSON of a sidecar file's bytes (a leading BOM is allowed).

    Every number reads back as written: integers of any width, and NaN and ±Infinity
    (which Python's json writes and reads) as non-finite floats that are written back
    as such, never as null.
    """
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if not _has_wide_integer(raw):  # orjson would read an integer past 64 bits as a float
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    # json reads what orjson refuses (NaN, integers past 64 bits, lone surrogate
    # escapes) and gives the line and column of real errors.
    return json.loads(raw.decode("utf-8"), parse_constant=_non_finite, parse_float=_float)


def _has_wide_integer(raw: bytes) -> bool:
    """True when `raw` may hold an integer of 19 digits or more, which may pass 64 bits.

    A run of digits inside a string (an id) is told apart by what stands before it; one
    after ": " in a note is taken for a number, at no cost but speed.
    """
    digits = raw.translate(_DIGITS_AS_NUL)  # in C, as is the search: a regex is 20 times slower
    at = digits.find(_WIDE)
    while at != -1:
        start = at
        while start > 0 and raw[start - 1] in b" \t\r\n-":
            start -= 1
        if start == 0 or raw[start - 1] in b":,[":
            return True
        at = digits.find(_WIDE, at + len(_WIDE))
    return False


_DIGITS_AS_NUL = bytes(0 if chr(byte).isdigit() else byte for byte in range(256))
_WIDE = bytes(19)  # -9223372036854775809 is past 64 bits


class _NonFinite(float):
    """NaN or ±Infinity as read: orjson writes a float's NaN as null, and refuses this."""


def _non_finite(literal: str) -> float:
    return _NonFinite(literal)


def _float(literal: str) -> float:
    value = float(literal)
    return value if math.isfinite(value) else _NonFinite(value)  # 1e400 is Infinity


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a sidecar is read or written: its objects hold
    no cycles, and the collector would walk all of them again and again as thousands are
    made (a tenth of a load, half of building a save's data). On the main thread only,
    where nothing else can change the collector's state meanwhile."""
    if not gc.isenabled() or threading.current_thread() is not threading.main_thread():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

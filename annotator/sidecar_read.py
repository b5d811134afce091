"""A sidecar's parsed JSON validated into a Sidecar (formats.md §2), every unknown key kept.

`store` reads the file and re-exports these; `sidecar_typed` reads the usual file faster
and falls back to this for anything else (and for the message of a file it refuses).
"""

from __future__ import annotations

import reprlib
from typing import Any

import orjson

from annotator.model import (
    FORMAT,
    METADATA_KEYS,
    STATUSES,
    VERSION,
    Annotation,
    Sidecar,
    Source,
    Tag,
)
from annotator.sidecar_json import _POSITION, _QUOTE

_ANNOTATION_KEYS = frozenset(
    (
        "id",
        "created",
        "modified",
        "author",
        "tag",
        "status",
        "note",
        "review",
        "resolved",
        "replies",
        "target",
    )
)
_SOURCE_KEYS = frozenset(
    ("file", "sha256", "encoding", "newline", "length", "format", "reader", "file_sha256",
     "pages", "metadata", "guessed")
)  # fmt: skip
_TAG_KEYS = frozenset(("id", "label", "color", "key"))
_TARGET_KEYS = frozenset(("selector",))
_METADATA_KEYS = frozenset(METADATA_KEYS)
_TOP_KEYS = frozenset(("format", "version", "source", "tags", "annotations", "dismissed"))


class SidecarError(Exception):
    """A sidecar that cannot be used; its file is left exactly as it is."""


# Containers (objects, arrays) nested in one another, counting the sidecar itself: as deep
# as orjson writes. Deeper data could not be saved, copied or merged without running
# out of stack.
MAX_DEPTH = 254
_TOO_DEEP = f"its JSON is nested more than {MAX_DEPTH} levels deep"


def _refuse_deep(data: Any) -> None:
    """Raise SidecarError when `data` nests containers more than MAX_DEPTH deep."""
    try:
        orjson.dumps(data)  # walks it all in C: fast, and fails past MAX_DEPTH
        return
    except orjson.JSONEncodeError:
        pass  # too deep, or a value only json writes (a wide integer, NaN): look closer
    stack = [(data, 1)] if isinstance(data, (dict, list)) else []
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if depth > MAX_DEPTH:
            raise SidecarError(_TOO_DEEP)
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def from_json(data: Any) -> Sidecar:
    """A Sidecar from parsed JSON, keeping every unknown key."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SidecarError("not an Annotator sidecar")
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise SidecarError(f"unknown sidecar version {_shown(version)}")
    read_only = version > VERSION
    data = _migrate(data)
    sidecar = Sidecar(
        source=_source(_object(data.get("source", {}), "source")),
        tags=tags_from_json(data.get("tags", [])),
        annotations=[
            _annotation(item, n)
            for n, item in enumerate(_array(data.get("annotations", []), "annotations"))
        ],
        version=version,
        dismissed=list(_array(data.get("dismissed", []), "dismissed")),
        extra=_unknown(data, _TOP_KEYS),
        read_only=read_only,
    )
    return sidecar


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older sidecar up to VERSION. Version 1 is the first: nothing to do yet."""
    return data


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SidecarError(f"{where} is not an object")
    return value


def _array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise SidecarError(f"{where} is not a list")
    return value


def _string(data: dict[str, Any], key: str, where: str, default: str = "") -> str:
    value = data.get(key, default)
    if type(value) is str:  # the usual case, checked first: this runs for every field
        return value
    if value is None:
        return default
    if not isinstance(value, str):
        raise SidecarError(f"{where}.{key} is not text")
    return value


def _shown(value: Any) -> str:
    """A short, one-line picture of a wrong value, for a message."""
    return reprlib.repr(value)


def _unknown(data: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    if data.keys() <= known:
        return {}  # the usual case: nothing but what this version writes
    return {key: value for key, value in data.items() if key not in known}


def _source(data: dict[str, Any]) -> Source:
    metadata = _object(data.get("metadata", {}), "source.metadata")
    length = data.get("length", 0)
    return Source(
        file=_string(data, "file", "source"),
        sha256=_string(data, "sha256", "source"),
        encoding=_string(data, "encoding", "source", "utf-8"),
        newline=_string(data, "newline", "source", "\n"),
        length=length if type(length) is int else 0,
        format=_string(data, "format", "source"),
        reader=_reader(data.get("reader")),
        file_sha256=_string(data, "file_sha256", "source"),
        pages=_offsets(data.get("pages")),
        metadata={  # the known keys first, as text; then any others as read
            **{key: _string(metadata, key, "source.metadata") for key in METADATA_KEYS},
            **_unknown(metadata, _METADATA_KEYS),
        },
        guessed=_keys(data.get("guessed")),
        extra=_unknown(data, _SOURCE_KEYS),
    )


def _reader(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
        isinstance(value.get(key, ""), str) for key in ("name", "version")
    ):
        raise SidecarError("source.reader is not an object with a name and a version")
    return value


def _offsets(value: Any) -> list[int] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(type(n) is int and n >= 0 for n in value):
        raise SidecarError("source.pages is not a list of offsets")
    return value


def _keys(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise SidecarError("source.guessed is not a list of names")
    return value


def _with_id(data: Any, where: str) -> tuple[dict[str, Any], str]:
    """An object that must have a non-empty "id", and that id."""
    data = _object(data, where)
    found = _string(data, "id", where)
    if not found:
        raise SidecarError(f"{where} has no id")
    return data, found


def tags_from_json(data: Any) -> list[Tag]:
    """A list of tags as a sidecar's "tags" holds them; SidecarError when it is not one."""
    return [_tag(item, n) for n, item in enumerate(_array(data, "tags"))]


def _tag(data: Any, index: int) -> Tag:
    where = f"tags[{index}]"
    data, tag_id = _with_id(data, where)
    label, color, key = (
        _string(data, name, where, default)
        for name, default in (("label", tag_id), ("color", "#bdbdbd"), ("key", ""))
    )
    return Tag(tag_id, label, color, key, _unknown(data, _TAG_KEYS))


def _annotation(data: Any, index: int) -> Annotation:
    where = f"annotations[{index}]"
    data, annotation_id = _with_id(data, where)
    status = data.get("status")
    if status not in STATUSES:
        raise SidecarError(
            f"{where}.status {_shown(status)} is not one of to-verify, verified, disputed"
        )
    target = data.get("target")
    if not isinstance(target, dict):
        raise SidecarError(f"{where}.target is not an object")
    selectors = target.get("selector", [])
    if not isinstance(selectors, list):
        raise SidecarError(f"{where}.target.selector is not a list")
    selectors = list(selectors)
    position: dict[str, Any] = {}
    quote = None
    for selector in reversed(selectors):  # the first of each type wins
        if not isinstance(selector, dict):
            raise SidecarError(f"{where}.target.selector is not an object")
        kind = selector.get("type")
        if kind == _POSITION:
            position = selector
        elif kind == _QUOTE:
            quote = selector
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
        raise SidecarError(f"{where} has no TextQuoteSelector with the quoted text")
    start, end = position.get("start"), position.get("end")
    if not (type(start) is int and type(end) is int and 0 <= start <= end):
        start = end = None  # no usable position (true is not 1): found again by its quote
    return Annotation(
        id=annotation_id,
        start=start,
        end=end,
        exact=quote["exact"],
        prefix=_string(quote, "prefix", where),
        suffix=_string(quote, "suffix", where),
        tag=_string(data, "tag", where),
        status=status,
        note=_string(data, "note", where),
        author=_string(data, "author", where),
        created=_string(data, "created", where),
        modified=_string(data, "modified", where),
        stored_start=start,
        stored_end=end,
        review=_review(data.get("review"), where),
        resolved=_resolved(data, where),
        replies=_replies(data, where),
        extra=_unknown(data, _ANNOTATION_KEYS),
        target_extra=_unknown(target, _TARGET_KEYS),
        raw_selectors=[] if start is not None and _usual_pair(selectors) else selectors,
    )


_POSITION_KEYS, _QUOTE_KEYS = {"type", "start", "end"}, {"type", "exact", "prefix", "suffix"}


def _usual_pair(selectors: list[Any]) -> bool:
    """A position then a quote with its prefix and suffix, with no other key: none need be
    kept, as the two are written that way anyway (see `sidecar_json._selectors`)."""
    if len(selectors) != 2:
        return False
    position, quote = selectors
    return (
        position.get("type") == _POSITION
        and position.keys() == _POSITION_KEYS
        and quote.get("type") == _QUOTE
        and quote.keys() == _QUOTE_KEYS
    )


def _review(value: Any, where: str) -> dict[str, Any] | None:
    """A passage's review state: an object with a verdict, or none."""
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("previous", {}), dict):
        raise SidecarError(f"{where}.review is not an object with a previous place")
    return value


def _resolved(data: dict[str, Any], where: str) -> bool | None:
    """A passage's resolved state: true, false, or None when the key is absent."""
    value = data.get("resolved")
    if value is not None and type(value) is not bool:
        raise SidecarError(f"{where}.resolved is not true or false")
    return value


def _replies(data: dict[str, Any], where: str) -> list[dict[str, Any]] | None:
    """A passage's thread: objects with an id and text, kept as read (unknown keys too)."""
    value = data.get("replies")
    if value is None:
        return None
    replies = _array(value, f"{where}.replies")
    for number, reply in enumerate(replies):
        _with_id(reply, f"{where}.replies[{number}]")
        for key in ("author", "created", "text"):
            _string(reply, key, f"{where}.replies[{number}]")
    return replies

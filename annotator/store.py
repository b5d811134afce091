"""Sidecar load and save (formats.md §2): validation, migration, atomic writes."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import reprlib
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import platformdirs

from annotator import resources
from annotator.document import Document
from annotator.files import write_atomic
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
from annotator.sidecar_json import _POSITION, _QUOTE, _stored_order, collector_paused  # noqa: F401
from annotator.sidecar_json import annotation_json as annotation_json
from annotator.sidecar_json import dumps as dumps
from annotator.sidecar_json import parse as parse
from annotator.sidecar_json import source_json as source_json
from annotator.sidecar_json import tag_json as tag_json
from annotator.sidecar_json import to_json as to_json

SUFFIX = ".annotations.json"
LOCK_TIMEOUT = 10.0  # seconds a writer waits for another's save before giving up

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


class LockBusy(SidecarError):
    """Another program held the sidecar's lock for longer than we would wait."""


@dataclass(frozen=True)
class Saved:
    """Where a save went; `fallback` when the article's folder was not writable."""

    path: Path
    fallback: bool
    payload: bytes  # what was written: the base of a later three-way merge


def beside(article: Path) -> Path:
    """The sidecar's place next to its article."""
    return article.with_name(article.name + SUFFIX)


def fallback(article: Path) -> Path:
    """The sidecar's place in the user's data folder, for articles in read-only folders."""
    key = hashlib.sha256(str(article.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    folder = platformdirs.user_data_path("annotator", appauthor=False) / "sidecars"
    return folder / f"{article.name}.{key}{SUFFIX}"


def locate(article: Path) -> Path | None:
    """The existing sidecar of an article: in the data folder first, then beside it.

    A sidecar is only ever written to the data folder when the article's folder could
    not be written, so one found there is the newer: every later command reads and
    writes that one, never the stale copy beside the article.
    """
    for candidate in (fallback(article), beside(article)):
        if candidate.exists():
            return candidate
    return None


def lock_path(sidecar: Path) -> Path:
    """The lock file guarding a sidecar's read-merge-write: `.<sidecar name>.lock` beside it."""
    return sidecar.with_name(f".{sidecar.name}.lock")


@contextlib.contextmanager
def locked(article: Path, sidecar: Path | None, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the exclusive lock of an article's sidecar; yield where the sidecar is written.

    Every read-merge-write holds it, so two writers (windows, the command line, a merge
    driver) never lose each other's passages. The lock is the operating system's (flock):
    a killed holder releases it at once. `sidecar` is where the sidecar was read from;
    when the article's folder cannot hold a lock file, the notes go to the data folder
    and are locked there. Raises LockBusy after `timeout` seconds.
    """
    import filelock  # on first save: its import costs the window's start-up 60 ms

    target = sidecar or beside(article)
    for attempt in (target, fallback(article)):
        lock = filelock.FileLock(lock_path(attempt), timeout=timeout)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise LockBusy(
                f"the notes of {article.name} are being saved by another program "
                f"(waited {timeout:g} s for {lock_path(attempt).name}); try again"
            ) from None
        except OSError as error:
            if attempt != beside(article) or error.errno not in _NOT_WRITABLE:
                raise
            fallback(article).parent.mkdir(parents=True, exist_ok=True)
            continue
        try:
            yield attempt
        finally:
            lock.release()
        return


def new_sidecar(document: Document, tags: list[Tag] | None = None) -> Sidecar:
    """An empty sidecar for a document, with these tags (else the shipped defaults)."""
    sidecar = Sidecar(tags=resources.default_tags() if tags is None else tags)
    bind(sidecar, document)
    return sidecar


def bind(sidecar: Sidecar, document: Document) -> None:
    """Record the document a sidecar now describes (file, digest, encoding, length).

    For a file read by a format's reader, also the format, the reader and its version,
    the file's digest and a PDF's page starts (formats.md §1, "other formats").
    """
    source = sidecar.source
    source.file = document.path.name
    source.sha256 = document.sha256
    source.encoding = document.encoding
    source.newline = document.newline
    source.length = len(document.text)
    if document.derived:
        source.format = document.format
        source.reader = {"name": document.reader, "version": document.reader_version}
        source.file_sha256 = document.file_sha256
        source.pages = list(document.pages) if document.pages else None
    else:
        source.format, source.reader, source.file_sha256, source.pages = "", None, "", None


def read(path: Path) -> Sidecar:
    """Parse and validate a sidecar file; raise SidecarError with a clear message."""
    return loads(read_bytes(path), path.name)


def read_bytes(path: Path) -> bytes:
    """A sidecar file's bytes; raise SidecarError when it cannot be read.

    Anything but a plain file (a pipe would wait forever for a writer) is refused unread.
    """
    try:
        mode = path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a folder says so on reading
            raise SidecarError(f"{path.name} is not a plain file; it was left as it is")
        return path.read_bytes()
    except OSError as error:
        raise SidecarError(f"{path.name} cannot be read: {error.strerror or error}") from None


@collector_paused()  # no cyclic collection while thousands of objects are made
def loads(raw: bytes, name: str) -> Sidecar:
    """Parse and validate a sidecar's bytes; `name` is the file's, for messages."""
    if len(raw) > MAX_BYTES:
        raise SidecarError(
            f"{name} is {len(raw) / 2**20:.0f} MB; sidecars up to {MAX_BYTES // 2**20} MB "
            "can be read; it was left as it is"
        )
    try:
        data = parse(raw)
    except UnicodeDecodeError:
        raise SidecarError(f"{name} is not UTF-8 text; it was left as it is") from None
    except json.JSONDecodeError as error:
        raise SidecarError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}); "
            "it was left as it is"
        ) from None
    except RecursionError:
        raise SidecarError(f"{name}: {_TOO_DEEP}; it was left as it is") from None
    except ValueError:  # Python's guard against quadratic int(str) (sys.int_info)
        digits = sys.get_int_max_str_digits()
        raise SidecarError(
            f"{name} holds a number of more than {digits:,} digits; it was left as it is"
        ) from None
    try:
        _refuse_deep(data)
        return from_json(data)
    except SidecarError as error:
        raise SidecarError(f"{name}: {error}; it was left as it is") from None


MAX_BYTES = 256 * 1024 * 1024  # some 300,000 passages with notes
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
        raw_selectors=selectors,
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


def save(sidecar: Sidecar, article: Path, path: Path | None = None) -> Saved:
    """Write the sidecar atomically beside the article, or in the data folder if it can't be.

    `path` is where it was loaded from; a sidecar found in the data folder stays there.
    """
    if sidecar.read_only:
        raise SidecarError(
            f"the sidecar of {article.name} was written by a newer Annotator "
            f"(version {sidecar.version}); it is open read-only"
        )
    return write(dumps(sidecar), article, path)


def write(payload: bytes, article: Path, path: Path | None = None) -> Saved:
    """Write a sidecar's bytes atomically where `save` would (see there)."""
    target = path or beside(article)
    try:
        write_atomic(target, payload)
        return Saved(target, target != beside(article), payload)
    except OSError as error:
        if target != beside(article) or error.errno not in _NOT_WRITABLE:
            raise
    elsewhere = fallback(article)
    elsewhere.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(elsewhere, payload)
    return Saved(elsewhere, True, payload)


_NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)

"""Sidecar load and save (formats.md §2): validation, migration, atomic writes."""

from __future__ import annotations

import contextlib
import errno
import json
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from annotator import sidecar_typed
from annotator.document import Document
from annotator.files import write_atomic
from annotator.model import Sidecar, Tag
from annotator.sidecar_json import _POSITION, _QUOTE, _stored_order, collector_paused  # noqa: F401
from annotator.sidecar_json import annotation_json as annotation_json
from annotator.sidecar_json import dumps as dumps
from annotator.sidecar_json import parse as parse
from annotator.sidecar_json import source_json as source_json
from annotator.sidecar_json import tag_json as tag_json
from annotator.sidecar_json import to_json as to_json
from annotator.sidecar_read import _ANNOTATION_KEYS as _ANNOTATION_KEYS
from annotator.sidecar_read import _METADATA_KEYS as _METADATA_KEYS
from annotator.sidecar_read import _SOURCE_KEYS as _SOURCE_KEYS
from annotator.sidecar_read import _TAG_KEYS as _TAG_KEYS
from annotator.sidecar_read import _TOO_DEEP, _refuse_deep
from annotator.sidecar_read import _TOP_KEYS as _TOP_KEYS
from annotator.sidecar_read import MAX_DEPTH as MAX_DEPTH
from annotator.sidecar_read import SidecarError as SidecarError
from annotator.sidecar_read import from_json as from_json
from annotator.sidecar_read import tags_from_json as tags_from_json

SUFFIX = ".annotations.json"
LOCK_TIMEOUT = 10.0  # seconds a writer waits for another's save before giving up


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
    import hashlib  # (not for `list`, where that folder is usually not there at all)

    key = hashlib.sha256(str(article.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return _fallback_folder() / f"{article.name}.{key}{SUFFIX}"


def _fallback_folder() -> Path:
    return platformdirs.user_data_path("annotator", appauthor=False) / "sidecars"


def locate(article: Path) -> Path | None:
    """The existing sidecar of an article: in the data folder first, then beside it.

    A sidecar is only ever written to the data folder when the article's folder could
    not be written, so one found there is the newer: every later command reads and
    writes that one, never the stale copy beside the article.
    """
    if _fallback_folder().is_dir():  # no folder, no sidecar in it: none looked for
        kept = fallback(article)
        if kept.exists():
            return kept
    near = beside(article)
    return near if near.exists() else None


def lock_path(sidecar: Path) -> Path:
    """The lock file guarding a sidecar's read-merge-write: `.<sidecar name>.lock` beside it."""
    return sidecar.with_name(f".{sidecar.name}.lock")


def load_locking() -> None:
    """Import what `locked` needs, ahead of the window's first save: imported by that save,
    on a worker thread while she typed, it held the window still for 60-100 ms."""
    import filelock  # noqa: F401


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
    from annotator import resources  # not for reading: `list` starts without it

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
    usual = sidecar_typed.decode(raw.removeprefix(b"\xef\xbb\xbf"))
    if usual is not None:
        return usual
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

"""A sidecar's bytes kept passage by passage, so a save re-serialises only what changed.

A sidecar of 10,000 passages is 8 MB; building it afresh as JSON data for every save
takes about 100 ms. Each passage's part of the file depends on that passage alone, so
its bytes are kept until it changes, and the file is put together from the parts. The
result is byte for byte what `store.dumps` writes (the tests check it).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from annotator import store
from annotator.model import FORMAT, Annotation, Sidecar
from annotator.store import _TOP_KEYS as TOP_KEYS
from annotator.store import _stored_order as stored_order
from annotator.store import annotation_json, source_json, tag_json

_Chunk = tuple[Annotation, tuple[int, int, str], bytes]  # passage, stored order, its bytes
_PASSAGE, _ORDER, _BYTES = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)


class PassageBytes:
    """Each passage's bytes as it stands in the sidecar file, kept until it changes.

    Whoever holds one of these must tell it of every change to a passage (`forget`):
    the window's item model does. Passages are known by object, so a passage put in
    place of another is serialised afresh.
    """

    def __init__(self) -> None:
        self._chunks: dict[int, _Chunk] = {}
        self._warming: dict[int, set[int] | None] = {}  # per warm-up: passages changed since
        self._tokens = itertools.count()

    def forget(self, annotation: Annotation) -> None:
        """`annotation` changed (or went): its bytes are made again at the next save."""
        self._chunks.pop(id(annotation), None)
        for changed in self._warming.values():
            if changed is not None:
                changed.add(id(annotation))

    def forget_all(self) -> None:
        """Every passage changed."""
        self._chunks.clear()
        self._warming = dict.fromkeys(self._warming)

    def __len__(self) -> int:
        return len(self._chunks)

    def warm(self, annotations: list[Annotation]) -> Callable[[], Warm]:
        """Work that makes the bytes of the passages not yet kept, for another thread.

        What it makes is taken in by `keep_warm`, except for passages changed meanwhile
        (their bytes may have been made while they changed).
        """
        missing = [a for a in annotations if id(a) not in self._chunks]
        token = next(self._tokens)
        self._warming[token] = set()
        return functools.partial(_warm, token, missing)

    def keep_warm(self, warm: Warm) -> None:
        """Keep what a warm-up made, but for passages changed since it began."""
        changed = self._warming.pop(warm.token, None)
        if changed is None:
            return  # every passage changed meanwhile
        for chunk in warm.chunks:
            if id(chunk[0]) not in changed:
                self._chunks.setdefault(id(chunk[0]), chunk)

    def keep(self, chunks: list[_Chunk]) -> None:
        """Keep passages' bytes made by `chunks_of` while no one else could change them."""
        self._chunks.update(zip(map(id, map(_PASSAGE, chunks)), chunks, strict=True))

    def dumps(self, sidecar: Sidecar) -> bytes:
        """The sidecar file's bytes, as `store.dumps` writes them."""
        return b"".join(self.pieces(sidecar))

    def pieces(self, sidecar: Sidecar) -> list[bytes]:
        """The sidecar file's bytes in pieces, to be joined (where it costs no one a wait)."""
        if sidecar.extra.keys() & TOP_KEYS:
            return [store.dumps(sidecar)]  # a key in two places: as the plain way writes it
        try:
            chunks = self._collect(sidecar.annotations)
            head = [
                _member("format", FORMAT),
                _member("version", sidecar.version),
                _member("source", source_json(sidecar.source)),
                _member("tags", [tag_json(t) for t in sidecar.tags]),
            ]
            tail = [_member("dismissed", sidecar.dismissed)] if sidecar.dismissed else []
            tail += [_member(key, value) for key, value in sidecar.extra.items()]
        except (TypeError, orjson.JSONEncodeError):
            return [store.dumps(sidecar)]  # what only json writes: see `store.dumps`
        pieces = [b"{\n", b",\n".join(head), b',\n  "annotations": ']
        if chunks:
            between = [b",\n"] * (2 * len(chunks) - 1)
            between[::2] = map(_BYTES, chunks)
            pieces += [b"[\n", *between, b"\n  ]"]
        else:
            pieces.append(b"[]")
        pieces += [b",\n", b",\n".join(tail)] if tail else []
        pieces.append(b"\n}\n")
        return pieces

    def _collect(self, annotations: list[Annotation]) -> list[_Chunk]:
        """Each passage's bytes in stored order, made for those not kept.

        (A kept chunk holds its passage, so no other object can have its id meanwhile.)
        """
        kept = self._chunks
        found = list(map(kept.get, map(id, annotations)))
        missing = found.count(None)
        if missing > 64:  # many to make: one walk
            rows = [row for row, chunk in enumerate(found) if chunk is None]
        else:  # a few: found without a Python loop over every row
            rows, row = [], -1
            for _ in range(missing):
                row = found.index(None, row + 1)
                rows.append(row)
        for row in rows:
            annotation = annotations[row]
            chunk = (annotation, stored_order(annotation), passage_bytes(annotation))
            found[row] = kept[id(annotation)] = chunk
        if len(kept) > 2 * len(annotations) + 64:  # passages gone without a word: let go
            self._chunks = {id(chunk[0]): chunk for chunk in found}
        found.sort(key=_ORDER)  # already in order, as the rows are: one pass, no moves
        return found  # type: ignore[return-value]


@dataclass(frozen=True)
class Warm:
    """Passages' bytes made by a warm-up (see `PassageBytes.warm`)."""

    token: int
    chunks: list[_Chunk]


def _warm(token: int, annotations: list[Annotation]) -> Warm:
    return Warm(token, chunks_of(annotations))


def chunks_of(annotations: list[Annotation]) -> list[_Chunk]:
    """The passages' bytes, for `PassageBytes.keep` (on any thread, for passages that
    do not change meanwhile)."""
    chunks = []
    for annotation in annotations:
        try:
            chunks.append((annotation, stored_order(annotation), passage_bytes(annotation)))
        except (TypeError, orjson.JSONEncodeError):
            continue  # what only json writes: made at the save, by the plain way
    return chunks


def passage_bytes(annotation: Annotation) -> bytes:
    """One passage as it stands in the sidecar file (indented two levels deep).

    orjson's indented output nests: a value inside an object or a list is written as
    it would be alone, each of its lines indented two more spaces per level. A string
    never holds a raw line break, so indenting is replacing each line break.
    """
    data = orjson.dumps(annotation_json(annotation), option=orjson.OPT_INDENT_2)
    return b"    " + data.replace(b"\n", b"\n    ")


def _member(key: str, value: Any) -> bytes:
    """`"key": value` as it stands at the top level of the sidecar file."""
    data = orjson.dumps(value, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
    return b"  " + orjson.dumps(key) + b": " + data
